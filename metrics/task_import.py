"""Importing the task register: read, check every row, show what changes, commit all or nothing.

The file is read by the same reader as the quarterly upload (`metrics.reading`:
encodings, separators, title rows above the header, Excel cells as text), so
a register exported by the document system and saved from Excel reads like
any upload. Every problem is reported at once with its Excel row, the
column's Vietnamese label and a fix. A valid file updates tasks by `task_id`:
a task absent from the file stays as it is (the export may be partial), and
each new or changed task gets a new version, so history is never lost.

The decision a reader would question: the figures of register-sourced
indicators (`overdue_tasks`, `task_on_time_rate` for the sample province) are
derived here at import and written to the store as an ordinary upload in the
same transaction, so every page, slide and the attention list read them with
no change of their own. The figures of a quarter not yet over are as of the
import day; importing again (or any conclusion entered) refreshes them.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import date

import polars as pl

from metrics import fmt, settings, tasks
from metrics.auth import PermissionDenied, User, require_writer
from metrics.catalogue import Indicator, Unit
from metrics.filenames import safe_file_name
from metrics.ingest import Problem, Said, compare, omitted, said
from metrics.limits import MAX_ERRORS, Received
from metrics.reading import NO_HEADER, ReadError, normalise, read_table
from metrics.store import Store, StoreError

# code: (Vietnamese label, English label); the code or either label is accepted as a header.
LABELS: dict[str, tuple[str, str]] = {
    "task_id": ("Mã nhiệm vụ", "Task ID"),
    "document": ("Số, ký hiệu văn bản", "Document number"),
    "document_date": ("Ngày văn bản", "Document date"),
    "summary": ("Trích yếu nội dung nhiệm vụ", "Task summary"),
    "assigned_by": ("Người giao", "Assigned by"),
    "lead_unit": ("Đơn vị chủ trì", "Lead unit"),
    "co_units": ("Đơn vị phối hợp", "Co-operating units"),
    "deadline": ("Hạn hoàn thành", "Deadline"),
    "extended_to": ("Gia hạn đến", "Extended to"),
    "completed_on": ("Ngày hoàn thành", "Completed on"),
    "progress": ("Tình hình thực hiện", "Progress"),
    # Not in the document system's export: set when a meeting's conclusions enter the register.
    "meeting_id": ("Phiên họp", "Meeting"),
}
REQUIRED = ("task_id", "document", "document_date", "summary", "lead_unit")
CHANGE_KINDS = ("new", "completed", "extended", "deadline_moved", "updated", "unchanged")
_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ]00:00(?::00)?)?")


_log = logging.getLogger(__name__)


def parse_date(text: str) -> date:
    """`31/03/2025`, `31-03-2025`, `31.03.2025`, `2025-03-31` or an Excel date cell; else ValueError."""
    clean = text.strip()
    match = _DMY.fullmatch(clean)
    if match:
        day, month, year = (int(g) for g in match.groups())
        return date(year, month, day)
    match = _ISO.fullmatch(clean)
    if match:
        year, month, day = (int(g) for g in match.groups())
        return date(year, month, day)
    raise ValueError(text)


def aliases() -> dict[str, str]:
    found: dict[str, str] = {}
    for code, (vi, en) in LABELS.items():
        for name in (code, vi, en):
            found[normalise(name)] = code
    return found


def label(code: str | None, lang: str = "vi") -> str:
    """A column's name in the interface's language (its code when it has none)."""
    return LABELS[code][1 if lang == "en" else 0] if code in LABELS else (code or "")


def labels(code: str) -> tuple[str, str]:
    """A column's name, (Vietnamese, English)."""
    return LABELS.get(code, (code, code))


@dataclass
class TaskImportResult:
    status: str  # committed | valid | rejected
    rows: int
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    changes: pl.DataFrame | None = None  # task_id, lead_unit, document, summary, change, detail
    register: pl.DataFrame | None = None  # the new and changed tasks, as they would be stored
    figures: pl.DataFrame | None = None  # derived values that change
    import_id: int | None = None
    upload_id: int | None = None
    errors_omitted: int = 0  # problems beyond MAX_ERRORS, counted but not listed

    def count(self, kind: str) -> int:
        if self.changes is None:
            return 0
        return self.changes.filter(pl.col("change").str.split(", ").list.contains(kind)).height

    @property
    def counts(self) -> dict[str, int]:
        return {kind: self.count(kind) for kind in CHANGE_KINDS}

    @property
    def error_total(self) -> int:
        """Every problem found, listed or not."""
        return len(self.errors) - (1 if self.errors_omitted else 0) + self.errors_omitted

    @property
    def changed(self) -> int:
        """Tasks the file adds or changes."""
        return 0 if self.register is None else self.register.height

    def as_dict(self) -> dict[str, object]:
        return {
            "status": self.status,
            "rows": self.rows,
            "errors": [p.as_dict() for p in self.errors],
            "changes": self.counts,
            "import_id": self.import_id,
            "errors_omitted": self.errors_omitted,
        }


class _Checker:
    def __init__(
        self, units: list[Unit], today: date, scope: frozenset[str] | None, stored: pl.DataFrame, meetings: set[int]
    ) -> None:
        self.units = {u.code: u for u in units}
        self.meetings = meetings
        self.today = today
        self.scope = scope
        self.stored_lead = dict(zip(stored["task_id"].to_list(), stored["lead_unit"].to_list(), strict=True))
        self.errors: list[Problem] = []

    def error(self, row: int, column: str | None, key: str, **values: Said) -> None:
        self.errors.append(Problem.said(row, column, key, **values))

    def date_cell(self, row: int, column: str, text: str) -> date | None:
        if not text:
            return None
        try:
            return parse_date(text)
        except ValueError:
            self.error(row, column, "task_not_a_date", text=text)
            return None

    def unit(self, row: int, column: str, code: str) -> bool:
        unit = self.units.get(code)
        if unit is None:
            self.error(row, column, "check_unit_unknown", code=code)
            return False
        if unit.kind == "province":
            self.error(row, column, "task_unit_province", name=(unit.name_vi, unit.name("en")))
            return False
        return True

    def check(self, number: int, cells: dict[str, str]) -> dict[str, object] | None:
        before = len(self.errors)
        for code in REQUIRED:
            if not cells.get(code):
                self.error(number, code, "task_required_missing", label=labels(code))
        dates = {c: self.date_cell(number, c, cells.get(c, "")) for c in tasks.DATE_COLUMNS}
        lead = cells.get("lead_unit", "")
        if lead and self.unit(number, "lead_unit", lead) and self.scope is not None:
            for code in {lead, self.stored_lead.get(cells.get("task_id", ""), lead)}:
                if code not in self.scope:
                    known = self.units.get(code)
                    name = (known.name_vi, known.name("en")) if known else (code, code)
                    self.error(number, "lead_unit", "task_out_of_scope", name=name, code=code)
        co_units = [c.strip() for c in re.split(r"[;,]", cells.get("co_units", "")) if c.strip()]
        for code in co_units:
            if code not in self.units:
                self.error(number, "co_units", "task_co_unit_unknown", code=code)
        issued, deadline = dates["document_date"], dates["deadline"]
        extended, completed = dates["extended_to"], dates["completed_on"]
        for column, day in (("document_date", issued), ("completed_on", completed)):
            if day and day > self.today:
                self.error(number, column, "task_date_future", day=fmt.day(day))
        if extended and not deadline:
            self.error(number, "extended_to", "task_extension_without_deadline")
        if extended and deadline and extended <= deadline:
            self.error(
                number,
                "extended_to",
                "task_extension_not_after",
                extended=fmt.day(extended),
                deadline=fmt.day(deadline),
            )
        if issued and deadline and deadline < issued:
            self.error(
                number, "deadline", "task_deadline_before_document", deadline=fmt.day(deadline), issued=fmt.day(issued)
            )
        if issued and completed and completed < issued:
            self.error(
                number,
                "completed_on",
                "task_completed_before_document",
                completed=fmt.day(completed),
                issued=fmt.day(issued),
            )
        meeting = None
        if cells.get("meeting_id"):
            meeting = int(cells["meeting_id"]) if cells["meeting_id"].isdigit() else None
            if meeting not in self.meetings:
                self.error(number, "meeting_id", "task_meeting_unknown", meeting=cells["meeting_id"])
        if len(self.errors) > before:
            return None
        return {
            "task_id": cells["task_id"],
            "document": cells["document"],
            "summary": cells["summary"],
            "assigned_by": cells.get("assigned_by") or None,
            "lead_unit": lead,
            "co_units": ";".join(co_units) or None,
            "progress": cells.get("progress") or None,
            **dates,
            "meeting_id": meeting,
        }


def read_register(
    data: bytes,
    units: list[Unit],
    today: date,
    scope: frozenset[str] | None,
    stored: pl.DataFrame,
    meetings: set[int] | None = None,
) -> tuple[pl.DataFrame, int, list[Problem], list[Problem]]:
    """The file's tasks (task columns), its row count, errors and warnings."""
    names = aliases()

    def is_header(row: list[str]) -> bool:
        codes = {names.get(normalise(cell)) for cell in row}
        return "task_id" in codes and "lead_unit" in codes

    try:
        table = read_table(data, is_header)
    except ReadError as error:
        problem = Problem.said(None, None, "task_no_header") if str(error) == NO_HEADER else Problem.of_file(error)
        return tasks.empty(), 0, [problem], []
    columns: dict[str, int] = {}
    errors: list[Problem] = []
    warnings: list[Problem] = []
    for position, name in enumerate(table.header):
        code = names.get(normalise(name))
        if code is None:
            if name:
                warnings.append(Problem.said(table.header_row, None, "check_unknown_column", name=name))
        elif code in columns:
            errors.append(Problem.said(table.header_row, code, "check_column_twice", label=labels(code)))
        else:
            columns[code] = position
    for code in REQUIRED:
        if code not in columns:
            errors.append(Problem.said(table.header_row, code, "task_column_missing", label=labels(code)))
    if not table.rows:
        errors.append(Problem.said(None, None, "task_header_only"))
    if errors:
        return tasks.empty(), len(table.rows), errors, warnings
    checker = _Checker(units, today, scope, stored, meetings or set())
    first_row: dict[str, int] = {}
    good = []
    for number, cells in zip(table.row_numbers, table.rows, strict=True):
        if len(cells) > len(table.header):
            checker.error(number, None, "task_extra_cells", n=str(len(cells)), width=str(len(table.header)))
            continue
        values = {code: (cells[i].strip() if i < len(cells) else "") for code, i in columns.items()}
        task_id = values.get("task_id", "")
        if task_id in first_row:
            checker.error(number, "task_id", "task_duplicate", task_id=task_id, first=str(first_row[task_id]))
            continue
        if task_id:
            first_row[task_id] = number
        row = checker.check(number, values)
        if row is not None:
            good.append(row)
    errors = sorted(
        checker.errors, key=lambda p: (p.row or 0, list(LABELS).index(p.column) if p.column in LABELS else -1)
    )
    frame = pl.DataFrame(good, schema=tasks.TASK_SCHEMA)
    return frame, len(table.rows), errors, warnings


def _same(a: pl.Expr, b: pl.Expr) -> pl.Expr:
    return a.eq_missing(b)


def changes(incoming: pl.DataFrame, stored: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(what each incoming task changes, the new and changed tasks as they will be stored).

    A task keeps the meeting it came from when the file does not say.
    """
    stored = stored.select(*tasks.TASK_SCHEMA).cast(tasks.TASK_SCHEMA)  # type: ignore[arg-type]
    old = stored.select(pl.col(c).alias(f"old_{c}") if c != "task_id" else c for c in tasks.TASK_SCHEMA)
    joined = incoming.join(old, on="task_id", how="left")
    joined = joined.with_columns(pl.coalesce("meeting_id", "old_meeting_id").alias("meeting_id"))
    is_new = pl.col("old_document").is_null()
    compared = [c for c in tasks.TASK_SCHEMA if c not in ("task_id",)]
    differs = {c: ~_same(pl.col(c), pl.col(f"old_{c}")) for c in compared}
    completed = differs["completed_on"] & pl.col("completed_on").is_not_null()
    extended = differs["extended_to"] & pl.col("extended_to").is_not_null()
    moved = differs["deadline"]
    other = pl.any_horizontal(*(d for c, d in differs.items() if c not in ("completed_on", "extended_to", "deadline")))
    other = other | (differs["completed_on"] & ~completed) | (differs["extended_to"] & ~extended)
    kinds = pl.concat_list(
        pl.when(completed).then(pl.lit("completed")),
        pl.when(extended).then(pl.lit("extended")),
        pl.when(moved).then(pl.lit("deadline_moved")),
        pl.when(other).then(pl.lit("updated")),
    ).list.drop_nulls()
    change = (
        pl.when(is_new)
        .then(pl.lit("new"))
        .when(kinds.list.len() == 0)
        .then(pl.lit("unchanged"))
        .otherwise(kinds.list.join(", "))
    )

    def day(column: str) -> pl.Expr:
        return pl.col(column).dt.strftime("%d/%m/%Y").fill_null("—")

    parts = [
        (completed, said("task_detail_completed", day=day("completed_on"))),
        (extended, said("task_detail_extended", old=day("old_extended_to"), new=day("extended_to"))),
        (moved, said("task_detail_moved", old=day("old_deadline"), new=day("deadline"))),
    ]
    detail, detail_en = (
        pl.concat_str(
            [pl.when(happened & ~is_new).then(text[index]) for happened, text in parts],
            separator="; ",
            ignore_nulls=True,
        )
        for index in (0, 1)
    )
    marked = joined.with_columns(change.alias("change"), detail.alias("detail"), detail_en.alias("detail_en"))
    summary = marked.select("task_id", "lead_unit", "document", "summary", "deadline", "change", "detail", "detail_en")
    register = marked.filter(pl.col("change") != "unchanged").select(*tasks.TASK_SCHEMA)
    return summary, register.cast(tasks.TASK_SCHEMA)  # type: ignore[arg-type]


def derived_figures(
    store: Store, register: pl.DataFrame, indicators: list[Indicator], units: list[Unit], today: date
) -> pl.DataFrame:
    """The register-sourced indicators' values that differ from the store's, for the whole register."""
    quarters = tasks.register_quarters(register, today)
    in_force = {q: [u.code for u in units if u.kind != "province" and u.valid_in(q)] for q in quarters}
    records = tasks.unit_quarter_records(register, indicators, in_force, quarters, today)
    if records.is_empty():
        return records
    compared = compare(store, records)
    return compared.filter(pl.col("change") != "unchanged").select(records.columns)


def merged(stored: pl.DataFrame, changed: pl.DataFrame) -> pl.DataFrame:
    """The register after the changed tasks land."""
    keep = stored.select(*tasks.TASK_SCHEMA).cast(tasks.TASK_SCHEMA)  # type: ignore[arg-type]
    return pl.concat([keep.join(changed, on="task_id", how="anti"), changed])


def check_register(store: Store, data: bytes, user: User | None = None, today: date | None = None) -> TaskImportResult:
    """Read and check a register file and say what it would change; write nothing."""
    today = today or settings.today()
    stored = store.tasks()
    scope = user.upload_scope if user is not None else None
    units = store.units()
    meetings = set(store.meetings()["meeting_id"].to_list())
    incoming, rows, errors, warnings = read_register(data, units, today, scope, stored, meetings)
    if len(errors) > MAX_ERRORS:  # as the quarterly upload: the first MAX_ERRORS listed, the total said first
        listed = [omitted(len(errors)), *errors[:MAX_ERRORS]]
        return TaskImportResult("rejected", rows, listed, warnings, errors_omitted=len(errors) - MAX_ERRORS)
    if errors:
        return TaskImportResult("rejected", rows, errors, warnings)
    summary, changed = changes(incoming, stored)
    figures = derived_figures(store, merged(stored, changed), store.indicators(), units, today)
    return TaskImportResult("valid", rows, [], warnings, changes=summary, register=changed, figures=figures)


def _check_or_refuse(store: Store, data: bytes, user: User, today: date | None) -> TaskImportResult:
    """check_register, with any unexpected failure turned into a refusal (the store's own failures go up)."""
    try:
        return check_register(store, data, user, today)
    except StoreError:
        raise
    except Exception:
        _log.exception("unexpected failure while checking a task register file (%d bytes)", len(data))
        return TaskImportResult("rejected", 0, [Problem.said(None, None, "check_unreadable")])


def log_refused(
    store: Store,
    user: User,
    name: str,
    data: bytes,
    result: TaskImportResult,
    action: str,
    origin: str,
    received: Received | None = None,
) -> int:
    """Keep a refused register file in the import log with its bytes, and its audit record, in one transaction.

    What is kept is as for an upload (metrics.ingest.log_refused): the file up
    to MAX_FILE_BYTES, and the size and SHA-256 of all of it."""
    name = safe_file_name(name)
    kept = received or Received.of(data)
    with store.transaction():
        import_id = store.record_rejected_task_import(
            user=user.username,
            file_name=name,
            raw=kept.kept,
            row_count=result.rows,
            error_count=len(result.errors),
            origin=origin,
            file_bytes=kept.size,
            sha256=kept.sha256,
        )
        store.audit(user.username, action, name, f"lần nhập {import_id}: {len(result.errors)} lỗi")
    return import_id


def import_register(
    store: Store,
    data: bytes,
    file_name: str,
    user: User,
    dry_run: bool = False,
    today: date | None = None,
    origin: str = "file",
    received: Received | None = None,
) -> TaskImportResult:
    """Check a register file and, unless dry_run or invalid, commit it whole.

    Roles as for uploads, enforced here: a viewer writes nothing; unit staff
    only tasks their units lead (now and after the file); admins everything.
    A file that changes nothing is not recorded again. As for the quarterly
    upload (`metrics.ingest.import_file`), every refused file is logged with
    its bytes and audit record under a cleaned name, and the check runs
    inside the transaction that writes the tasks, their derived figures and
    the audit record.
    """
    name = safe_file_name(file_name)
    try:
        require_writer(user)
    except PermissionDenied as denied:
        refused = TaskImportResult("rejected", 0, [Problem(None, None, str(denied))])
        if not dry_run:
            refused.import_id = log_refused(store, user, name, data, refused, "tasks_import_denied", origin, received)
        return refused
    if dry_run:
        return _check_or_refuse(store, data, user, today)
    with store.transaction():
        result = _check_or_refuse(store, data, user, today)
        if result.status == "rejected":
            result.import_id = log_refused(store, user, name, data, result, "tasks_import_rejected", origin, received)
            return result
        assert result.register is not None
        if result.changed or (result.figures is not None and not result.figures.is_empty()):
            result.import_id, result.upload_id = store.commit_task_import(
                result.register,
                user=user.username,
                file_name=name,
                raw=data,
                row_count=result.rows,
                new_tasks=result.count("new"),
                origin=origin,
                figures=result.figures,
            )
            store.audit(
                user.username,
                "tasks_import_committed",
                name,
                f"lần nhập {result.import_id}: {result.count('new')} mới, {result.changed - result.count('new')} thay đổi",
            )
    result.status = "committed"
    return result


def tasks_at(
    store: Store, at: date, unit: str | None = None, status: str | None = None, units: list[str] | None = None
) -> pl.DataFrame:
    """The register as it stood on `at` (tasks assigned by then), with status and days overdue."""
    wanted = [unit] if unit else units
    register = store.tasks(wanted)
    judged = tasks.as_of(register, at)
    if status:
        judged = judged.filter(pl.col("status") == status)
    return judged.sort(["days_overdue", "document_date", "task_id"], descending=[True, False, False])
