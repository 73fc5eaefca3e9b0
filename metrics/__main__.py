"""Command line: `python -m metrics init|import|users|uploads|tasks|brief|reporting|audit|backup|restore ...`.

Exit codes: 0 done (or valid, with --dry-run); 1 rejected, nothing changed;
2 usage or system error (store busy, unreadable file, bad catalogue, no right).

The command line acts for whoever can open the store file on the server (an
administrator); `--user NAME` makes a command act as that account instead,
with that account's rights, exactly as on the pages.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import NoReturn

from metrics import admin, auth, brief, exports, fmt, reporting, settings, task_import, tasks
from metrics import store as store_module
from metrics.bootstrap import exists, initialise
from metrics.catalogue import CatalogueError
from metrics.filenames import safe_file_name
from metrics.ingest import import_file, rollback
from metrics.limits import Received, receive
from metrics.quarters import SPELLINGS, Quarter
from metrics.settings import db_path, store_location
from metrics.store import Store, StoreError, shown_location


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # usage errors exit 2, as documented
        self.print_usage(sys.stderr)
        print(f"lỗi: {message}", file=sys.stderr)
        raise SystemExit(2)


class Failure(Exception):
    """A system or usage problem worth exit code 2, with a message for the operator."""


class UsageError(Failure):
    """The command was written wrong."""


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m metrics", description="Kho số liệu bảng điều hành UBND tỉnh")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    # --db and --user are accepted before or after a sub-command's verb; the
    # copy on the verbs leaves the value alone when it is not given there.
    common = _Parser(add_help=False)
    common.add_argument(
        "--db",
        type=store_location,
        default=argparse.SUPPRESS,
        help="tệp DuckDB hoặc địa chỉ postgresql://… (mặc định: $DASHBOARD_DB)",
    )
    common.add_argument("--user", default=argparse.SUPPRESS, help="thực hiện với quyền của tài khoản này")
    common.add_argument(
        "--wait", type=float, default=argparse.SUPPRESS, help="số giây chờ khi ứng dụng đang dùng kho (mặc định 30)"
    )

    def command(name: str, help: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, parents=[common])
        sub.set_defaults(db=None, user=None, wait=30.0)
        return sub

    init = command("init", "tạo kho dữ liệu (lược đồ, danh mục chỉ số, đơn vị)")
    init.add_argument("--sample", action="store_true", help="nạp thêm số liệu tỉnh mẫu")

    load = command("import", "kiểm tra và nạp một tệp số liệu quý")
    load.add_argument("file", type=Path)
    load.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi")
    load.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    load.add_argument("--quarter", help="kỳ của tệp xuất từ Cổng dịch vụ công (Chỉ số 766), ví dụ 2025-Q4")

    users = command("users", "tài khoản: add | passwd | disable | enable | list")
    verbs = users.add_subparsers(dest="verb", required=True, parser_class=_Parser)
    add = verbs.add_parser("add", help="thêm tài khoản", parents=[common])
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=auth.ROLES)
    add.add_argument("--name", default="", help="họ tên hiển thị")
    add.add_argument("--units", default="", help="mã đơn vị, cách nhau bằng dấu phẩy (cán bộ đơn vị)")
    add.add_argument("--email", help="e-mail dùng cho đăng nhập một lần (SSO)")
    add.add_argument("--sso-only", action="store_true", help="không đặt mật khẩu, chỉ đăng nhập bằng SSO")
    for verb in ("passwd", "disable", "enable"):
        verbs.add_parser(verb, parents=[common]).add_argument("username")
    verbs.add_parser("list", parents=[common])

    uploads = command("uploads", "lịch sử tải lên: list | rollback ID")
    verbs = uploads.add_subparsers(dest="verb", required=True, parser_class=_Parser)
    verbs.add_parser("list", parents=[common]).add_argument("--limit", type=int, default=20)
    verbs.add_parser("rollback", parents=[common]).add_argument("upload_id", type=int)

    report = command("reporting", "tình hình báo cáo của một quý: ai đã báo cáo, ai chưa, ai trễ hạn")
    report.add_argument("--quarter", help="quý, ví dụ 2026-Q3 (mặc định: quý đang thu thập)")
    report.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    save = command("backup", "sao lưu toàn bộ kho dữ liệu ra một tệp (ứng dụng vẫn chạy)")
    save.add_argument("--output", type=Path, required=True, help="tệp sao lưu sẽ tạo")
    save.add_argument("--json", action="store_true", help="in kết quả dạng JSON")

    back = command("restore", "khôi phục kho dữ liệu từ một tệp sao lưu (thay toàn bộ kho hiện tại)")
    back.add_argument("file", type=Path)
    back.add_argument("--json", action="store_true", help="in kết quả dạng JSON")

    units = command("units", "danh sách đơn vị: import FILE | export [--output FILE]")
    verbs = units.add_subparsers(dest="verb", required=True, parser_class=_Parser)
    replace = verbs.add_parser("import", help="thay danh sách đơn vị (kiểm tra như trang Quản trị)", parents=[common])
    replace.add_argument("file", type=Path)
    replace.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    export = verbs.add_parser("export", help="ghi danh sách đơn vị ra CSV", parents=[common])
    export.add_argument("--output", type=Path, help="tệp CSV (mặc định: in ra màn hình)")

    register = command("tasks", "sổ nhiệm vụ: import FILE | list")
    verbs = register.add_subparsers(dest="verb", required=True, parser_class=_Parser)
    task_load = verbs.add_parser("import", help="kiểm tra và nạp sổ nhiệm vụ (CSV/XLSX)", parents=[common])
    task_load.add_argument("file", type=Path)
    task_load.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi")
    task_load.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    task_list = verbs.add_parser("list", help="nhiệm vụ và tình trạng tại một ngày", parents=[common])
    task_list.add_argument("--unit", help="mã đơn vị chủ trì")
    task_list.add_argument("--status", choices=tasks.STATUSES)
    task_list.add_argument("--at", help="ngày xét (dd/mm/yyyy hoặc yyyy-mm-dd; mặc định hôm nay)")
    task_list.add_argument("--json", action="store_true", help="in kết quả dạng JSON")

    brief_cmd = command("brief", "báo cáo tóm tắt phục vụ phiên họp (Word hoặc PDF)")
    brief_cmd.add_argument("--quarter", required=True, help="quý báo cáo, ví dụ 2025-Q4 hoặc Quý IV/2025")
    brief_cmd.add_argument("--meeting", type=int, help="số phiên họp (ngày họp là ngày xét nhiệm vụ)")
    brief_cmd.add_argument("--format", required=True, choices=("docx", "pdf"), dest="file_format")
    brief_cmd.add_argument("--output", required=True, type=Path, help="tệp ghi ra")

    copy = command("copy-store", "chép cả kho dữ liệu sang kho khác (DuckDB ↔ PostgreSQL) và kiểm tra bản chép")
    copy.add_argument("--from", dest="source", required=True, type=store_location, help="kho nguồn (tệp hoặc URL)")
    copy.add_argument("--to", dest="target", required=True, type=store_location, help="kho đích (tệp mới hoặc URL)")
    copy.add_argument("--json", action="store_true", help="in kết quả dạng JSON")

    audit = command("audit", "xuất nhật ký kiểm toán ra CSV")
    audit.add_argument("--output", type=Path, help="tệp CSV (mặc định: in ra màn hình)")
    return parser


def _actor(store: Store, name: str | None) -> auth.User:
    if name is None:
        return auth.CONSOLE
    if not name.strip():  # an empty --user (an unset variable in a script) must never mean the administrator
        raise UsageError("--user cần tên một tài khoản; bỏ hẳn --user để chạy với quyền quản trị máy chủ.")
    user = auth.load_user(store, name)
    if user is None or user.disabled:
        raise Failure(f"Không có tài khoản đang hoạt động tên {name}.")
    return user


def _new_password() -> str:
    if not sys.stdin.isatty():  # scripted: one line on standard input
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Mật khẩu mới: ")
    if first != getpass.getpass("Nhập lại: "):
        raise Failure("Hai lần nhập mật khẩu không khớp.")
    return first


def _init(args: argparse.Namespace) -> int:
    path = args.db or db_path()
    existed = exists(path)
    if not existed:
        initialise(path, sample=args.sample)
    store = Store(path, wait=args.wait, announce=True, on_wait=lambda: _waiting(args.wait))  # the app may be serving
    try:
        store.migrate()
        password = auth.ensure_first_admin(store)
    finally:
        store.close()
    print(f"{'Đã cập nhật' if existed else 'Đã tạo'} kho dữ liệu {shown_location(path)}")
    if password:
        print(f"Tài khoản quản trị đầu tiên: admin / {password}  (chỉ hiện một lần; hãy đổi sau khi đăng nhập)")
    return 0


def _read_file(path: Path) -> tuple[bytes, Received]:
    """A file to import and what the log keeps of it, in bounded memory (metrics.limits.receive)."""
    try:
        return receive(path)
    except OSError as error:
        raise Failure(f"Không đọc được tệp {path}: {error.strerror}") from error


def _import(args: argparse.Namespace, store: Store) -> int:
    data, received = _read_file(args.file)
    result = import_file(
        store,
        data,
        args.file.name,
        _actor(store, args.user),
        dry_run=args.dry_run,
        quarter=args.quarter,
        received=received,
    )
    labels = {f.code: f.label_vi for f in store.fields()}
    if args.json:
        print(json.dumps(result.as_dict(), ensure_ascii=False))
    else:
        for problem in result.errors:
            where = problem.where(labels)
            print(f"{where}: {problem.message}" if where else problem.message)
        if result.file_format == "portal":  # codes no unit carries: reported, never silently dropped
            for problem in result.warnings:
                print(f"Cảnh báo, {problem.where(labels)}: {problem.message}")
        messages = {
            "committed": (
                f"Đã ghi {result.rows} dòng, {result.changed} giá trị thay đổi (lần tải lên số {result.upload_id})."
                if result.upload_id
                else "Tệp giống hệt số liệu đang lưu: không có gì thay đổi."
            ),
            "valid": f"Tệp hợp lệ, {result.rows} dòng; chưa ghi vì --dry-run.",
            "rejected": f"Tệp bị từ chối với {len(result.errors)} lỗi; kho dữ liệu không thay đổi.",
        }
        print(messages[result.status])
    return 1 if result.status == "rejected" else 0


def _users(args: argparse.Namespace, store: Store) -> int:
    actor = _actor(store, args.user)
    if args.verb == "list":
        auth.require_admin(actor, "may_list_accounts")
        for row in store.users().iter_rows(named=True):
            state = "khóa" if row["disabled"] else "hoạt động"
            units = ",".join(row["units"] or [])
            print(f"{row['username']}\t{row['role']}\t{state}\t{row['display_name']}\t{units}")
    elif args.verb == "add":
        unit_codes = [u.strip() for u in args.units.split(",") if u.strip()]
        password = None if args.sso_only else _new_password()
        auth.add_user(store, actor, args.username, args.name, args.role, password, unit_codes, args.email)
        print(f"Đã thêm tài khoản {args.username}.")
    elif args.verb == "passwd":
        auth.set_password(store, actor, args.username, _new_password())
        print(f"Đã đặt mật khẩu mới cho {args.username}.")
    else:
        auth.set_disabled(store, actor, args.username, args.verb == "disable")
        print(f"Đã {'khóa' if args.verb == 'disable' else 'mở'} tài khoản {args.username}.")
    return 0


def _uploads(args: argparse.Namespace, store: Store) -> int:
    actor = _actor(store, args.user)
    if args.verb == "rollback":
        restored = rollback(store, actor, args.upload_id)
        print(f"Đã hoàn tác lần tải lên số {args.upload_id} ({restored} giá trị).")
        return 0
    for row in store.uploads(limit=args.limit).iter_rows(named=True):
        print(
            f"{row['upload_id']}\t{fmt.moment_iso(row['uploaded_at'])}\t{row['uploaded_by']}\t{row['status']}\t{row['row_count']}\t{safe_file_name(row['file_name'])}"
        )
    return 0


def _units(args: argparse.Namespace, store: Store) -> int:
    actor = _actor(store, args.user)
    if args.verb == "export":
        auth.require_admin(actor, "may_export_units")
        data = admin.units_csv(store.units())
        if args.output:
            args.output.write_bytes(data)
            print(f"Đã ghi {len(store.units())} đơn vị vào {args.output}.")
        else:
            sys.stdout.write(data.decode("utf-8-sig"))
        return 0
    try:
        data = args.file.read_bytes()
    except OSError as error:
        raise Failure(f"Không đọc được tệp {args.file}: {error.strerror}") from error
    try:
        units = admin.replace_units(store, actor, data)
    except CatalogueError as error:
        if args.json:
            problems = [{"row": None, "column": None, "message": p} for p in error.problems]
            print(json.dumps({"status": "rejected", "rows": 0, "errors": problems}, ensure_ascii=False))
        else:
            print("\n".join(error.problems), file=sys.stderr)
            print("Danh sách đơn vị bị từ chối; kho dữ liệu không thay đổi.", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps({"status": "committed", "rows": len(units), "errors": []}, ensure_ascii=False))
    else:
        print(f"Đã thay danh sách đơn vị: {len(units)} đơn vị.")
    return 0


def _tasks(args: argparse.Namespace, store: Store) -> int:
    return _tasks_import(args, store) if args.verb == "import" else _tasks_list(args, store)


def _tasks_import(args: argparse.Namespace, store: Store) -> int:
    data, received = _read_file(args.file)
    result = task_import.import_register(
        store, data, args.file.name, _actor(store, args.user), dry_run=args.dry_run, received=received
    )
    if args.json:
        print(json.dumps(result.as_dict(), ensure_ascii=False))
        return 1 if result.status == "rejected" else 0
    for problem in result.errors:
        where = problem.where({c: task_import.label(c) for c in task_import.LABELS})
        print(f"{where}: {problem.message}" if where else problem.message)
    counts = result.counts
    summary = (
        f"{counts['new']} mới, {counts['completed']} hoàn thành, {counts['extended']} gia hạn, "
        f"{counts['deadline_moved']} đổi hạn, {counts['updated']} sửa khác, {counts['unchanged']} không đổi"
    )
    messages = {
        "committed": (
            f"Đã ghi sổ nhiệm vụ ({result.rows} dòng: {summary}; lần nhập số {result.import_id})."
            if result.import_id
            else "Tệp giống hệt sổ nhiệm vụ đang lưu: không có gì thay đổi."
        ),
        "valid": f"Tệp hợp lệ, {result.rows} dòng: {summary}; chưa ghi vì --dry-run.",
        "rejected": f"Tệp bị từ chối với {len(result.errors)} lỗi; sổ nhiệm vụ không thay đổi.",
    }
    print(messages[result.status])
    return 1 if result.status == "rejected" else 0


def _tasks_list(args: argparse.Namespace, store: Store) -> int:
    try:
        at = task_import.parse_date(args.at) if args.at else settings.today()
    except ValueError as error:
        raise Failure(f"Ngày '{args.at}' không đọc được. Hãy ghi dạng 31/12/2025 hoặc 2025-12-31.") from error
    if args.unit and args.unit not in {u.code for u in store.units()}:
        raise Failure(f"Mã đơn vị '{args.unit}' không có trong danh sách đơn vị.")
    listed = task_import.tasks_at(store, at, unit=args.unit, status=args.status)
    columns = ["task_id", "lead_unit", "deadline", "effective_deadline", "completed_on", "status", "days_overdue"]
    rows = listed.select(*columns, "document", "summary").to_dicts()
    if args.json:
        print(json.dumps([{c: _iso(r[c]) for c in columns} for r in rows], ensure_ascii=False))
        return 0
    for r in rows:
        print("\t".join(str(_iso(r[c]) or "") for c in (*columns, "document", "summary")))
    print(f"{len(rows)} nhiệm vụ tại ngày {at:%d/%m/%Y}.", file=sys.stderr)
    return 0


def _iso(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


def _brief(args: argparse.Namespace, store: Store) -> int:
    made = brief.build(store, args.quarter, args.meeting)
    data = brief.render(made, args.file_format)
    try:
        args.output.write_bytes(data)
    except OSError as error:
        raise Failure(f"Không ghi được tệp {args.output}: {error.strerror}") from error
    print(f"Đã ghi báo cáo tóm tắt vào {args.output} ({len(data) // 1024} KB).")
    return 0


def _audit(args: argparse.Namespace, store: Store) -> int:
    auth.require_admin(_actor(store, args.user), "may_export_audit")
    log = store.audit_log(limit=1_000_000)
    rows = [
        [r["audit_id"], fmt.moment_iso(r["logged_at"]), r["actor"], r["action"], r["target"], r["detail"]]
        for r in log.iter_rows(named=True)
    ]
    data = exports.to_csv(["audit_id", "logged_at", "actor", "action", "target", "detail"], rows)
    if args.output:
        args.output.write_bytes(data)
        print(f"Đã ghi {len(rows)} dòng nhật ký vào {args.output}.")
    else:
        sys.stdout.write(data.decode("utf-8-sig"))
    return 0


def _reporting(args: argparse.Namespace, store: Store) -> int:
    today = settings.today()
    try:
        quarter = Quarter.parse(args.quarter).code if args.quarter else reporting.collecting(today)
    except ValueError as error:
        raise Failure(f"Không đọc được quý '{args.quarter}'. Hãy ghi dạng {SPELLINGS}.") from error
    state = reporting.reporting(store, quarter, today)
    if args.json:
        units = [
            {**row, "reported_at": fmt.moment_iso(row["reported_at"]) or None}
            for row in state.units.iter_rows(named=True)
        ]
        summary = {s: state.count(s) for s in reporting.STATUSES}
        print(
            json.dumps(
                {
                    "quarter": quarter,
                    "due": state.due.isoformat(),
                    "expected": state.expected,
                    **summary,
                    "units": units,
                },
                ensure_ascii=False,
            )
        )
        return 0
    print(reporting.summary(state) + ".")
    header, rows = reporting.table(state)
    print("\t".join(header))
    for row in rows:
        print("\t".join(str(cell) for cell in row))
    return 0


def _waiting(seconds: float) -> None:
    print(
        f"Kho dữ liệu đang được ứng dụng dùng; đã báo để ứng dụng nhường lượt, chờ tối đa {seconds:g} giây…",
        file=sys.stderr,
        flush=True,
    )


def _backup(args: argparse.Namespace) -> int:
    path = args.db or db_path()
    if args.user is not None:  # the account named must be an administrator
        store = Store(path, read_only=True, wait=args.wait, announce=True, on_wait=lambda: _waiting(args.wait))
        try:
            auth.require_admin(_actor(store, args.user), "may_back_up")
        finally:
            store.close()
    if not args.output.parent.is_dir():
        raise Failure(f"Không có thư mục {args.output.parent} để ghi tệp sao lưu.")
    started = time.monotonic()
    info = store_module.backup(path, args.output, wait=args.wait, on_wait=lambda: _waiting(args.wait))
    seconds = time.monotonic() - started
    if args.json:
        print(json.dumps({"status": "backed_up", "file": str(info.path), "bytes": info.bytes,
                          "schema_version": info.schema_version, "seconds": round(seconds, 2)}))  # fmt: skip
    else:
        print(
            f"Đã sao lưu kho dữ liệu {shown_location(path)} vào {info.path} ({info.bytes / 2**20:.1f} MB, {seconds:.1f} giây)."
        )
    return 0


def _restore(args: argparse.Namespace) -> int:
    path = args.db or db_path()
    actor = auth.CONSOLE
    if args.user is not None and not exists(path):
        raise Failure(
            f"Chưa có kho dữ liệu {shown_location(path)} nên không kiểm tra được tài khoản {args.user}; bỏ --user."
        )
    if args.user is not None:
        store = Store(path, read_only=True, wait=args.wait, announce=True, on_wait=lambda: _waiting(args.wait))
        try:
            actor = _actor(store, args.user)
        finally:
            store.close()
    auth.require_admin(actor, "may_restore")
    started = time.monotonic()
    try:
        info = store_module.restore(
            args.file, path, actor.username, wait=args.wait, on_wait=lambda: _waiting(args.wait)
        )
    except store_module.NotABackup as refused:
        if args.json:
            print(json.dumps({"status": "rejected", "errors": [{"message": str(refused)}]}, ensure_ascii=False))
        else:
            print(f"{refused} Kho dữ liệu không thay đổi.", file=sys.stderr)
        return 1
    seconds = time.monotonic() - started
    if args.json:
        print(json.dumps({"status": "restored", "file": str(args.file), "db": shown_location(path),
                          "schema_version": info.schema_version, "seconds": round(seconds, 2)}))  # fmt: skip
    else:
        print(f"Đã khôi phục kho dữ liệu {shown_location(path)} từ {args.file} ({seconds:.1f} giây).")
    return 0


def _copy_store(args: argparse.Namespace) -> int:
    if not store_module.is_postgres(args.source) and not exists(args.source):
        raise Failure(f"Chưa có kho dữ liệu {args.source}.")
    started = time.monotonic()
    report = store_module.copy_store(args.source, args.target, wait=args.wait, on_wait=lambda: _waiting(args.wait))
    seconds = time.monotonic() - started
    source, target = store_module.shown_location(args.source), store_module.shown_location(args.target)
    if args.json:
        print(json.dumps({"status": "copied", "from": source, "to": target, "rows": report.counts,
                          "checksum": report.checksum, "seconds": round(seconds, 2)}))  # fmt: skip
    else:
        print(
            f"Đã chép kho dữ liệu {source} sang {target}: {sum(report.counts.values())} dòng trong "
            f"{len(report.counts)} bảng, số dòng từng bảng và tổng kiểm tra indicator_values khớp "
            f"({seconds:.1f} giây)."
        )
    return 0


def _with_store(action: Callable[[argparse.Namespace, Store], int], args: argparse.Namespace) -> int:
    path = args.db or db_path()
    if not exists(path):
        shown = shown_location(path)
        raise Failure(f"Chưa có kho dữ liệu {shown}. Hãy chạy: python -m metrics init --db {shown}")
    store = Store(path, wait=args.wait, announce=True, on_wait=lambda: _waiting(args.wait))
    try:
        store.migrate()
        return action(args, store)
    finally:
        store.close()


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "init":
            return _init(args)
        if args.command in ("backup", "restore", "copy-store"):
            return {"backup": _backup, "restore": _restore, "copy-store": _copy_store}[args.command](args)
        action = {
            "import": _import,
            "users": _users,
            "uploads": _uploads,
            "tasks": _tasks,
            "brief": _brief,
            "audit": _audit,
            "reporting": _reporting,
            "units": _units,
        }[args.command]
        return _with_store(action, args)
    except (Failure, StoreError, CatalogueError, auth.AccountError, brief.BriefError) as error:
        print(str(error), file=sys.stderr)
        return 2
    except auth.PermissionDenied as error:
        print(str(error), file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
