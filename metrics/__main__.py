"""Command line: `python -m metrics init|import ...`.

Exit codes: 0 done (or valid, with --dry-run); 1 rejected, nothing changed;
2 usage or system error (store busy, unreadable file, bad catalogue).
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path

from metrics.bootstrap import initialise
from metrics.catalogue import CatalogueError
from metrics.ingest import import_file
from metrics.settings import db_path
from metrics.store import Store, StoreError


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # usage errors exit 2, as documented
        self.print_usage(sys.stderr)
        print(f"lỗi: {message}", file=sys.stderr)
        raise SystemExit(2)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m metrics", description="Kho số liệu bảng điều hành UBND tỉnh")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    init = commands.add_parser("init", help="tạo kho dữ liệu (lược đồ, danh mục chỉ số, đơn vị)")
    init.add_argument("--db", type=Path, help="đường dẫn tệp DuckDB (mặc định: $DASHBOARD_DB)")
    init.add_argument("--sample", action="store_true", help="nạp thêm số liệu tỉnh mẫu")

    load = commands.add_parser("import", help="kiểm tra và nạp một tệp số liệu quý")
    load.add_argument("file", type=Path)
    load.add_argument("--db", type=Path)
    load.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi")
    load.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    load.add_argument("--user", default=None, help="người tải lên (mặc định: tài khoản hệ điều hành)")
    return parser


def _init(args: argparse.Namespace) -> int:
    path = args.db or db_path()
    existed = path.exists()
    initialise(path, sample=args.sample)
    print(f"{'Đã cập nhật' if existed else 'Đã tạo'} kho dữ liệu {path}")
    return 0


def _import(args: argparse.Namespace) -> int:
    try:
        data = args.file.read_bytes()
    except OSError as error:
        print(f"Không đọc được tệp {args.file}: {error.strerror}", file=sys.stderr)
        return 2
    path = args.db or db_path()
    if not path.exists():
        print(f"Chưa có kho dữ liệu {path}. Hãy chạy: python -m metrics init --db {path}", file=sys.stderr)
        return 2
    store = Store(path)
    try:
        user = args.user or f"cli:{getpass.getuser()}"
        result = import_file(store, data, args.file.name, user, dry_run=args.dry_run)
        labels = {f.code: f.label_vi for f in store.fields()}
    finally:
        store.close()
    if args.json:
        print(json.dumps(result.as_dict(), ensure_ascii=False))
    else:
        for problem in result.errors:
            where = problem.where(labels)
            print(f"{where}: {problem.message}" if where else problem.message)
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


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _init(args) if args.command == "init" else _import(args)
    except (StoreError, CatalogueError) as error:
        print(str(error), file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
