"""Importing the task register: labels or codes, CSV or XLSX, every error at once, history, roles."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from metrics import limits, reporting
from metrics.auth import CONSOLE, User
from metrics.bootstrap import initialise
from metrics.filenames import safe_file_name
from metrics.ingest import check_file, import_file
from metrics.store import Store
from metrics.task_import import LABELS, import_register, parse_date, tasks_at
from tests.conftest import sample_overdue, sample_tasks
from tests.hostile import CASES

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2025, 12, 31)
HEADER = [vi for vi, _ in LABELS.values()]
ROWS = [
    # task_id, document, document_date, summary, assigned_by, lead_unit, co_units, deadline, extended_to, completed_on
    ["NV-1", "6466/UBND-NC2", "05/01/2025", "Rà soát thủ tục hành chính", "Chủ tịch UBND tỉnh", "SXD", "SNV;STC",
     "31/03/2025", "", "", ""],
    ["NV-2", "125/TB-UBND", "2025-02-10", "Báo cáo tiến độ dự án", "Phó Chủ tịch UBND tỉnh", "SYT", "",
     "30/04/2025", "31/05/2025", "20/05/2025", "Đã báo cáo"],
    ["NV-3", "130/TB-UBND", "10/02/2025", "Theo dõi thường xuyên", "UBND tỉnh", "SYT", "", "", "", "", ""],
]  # fmt: skip


def as_csv(header: list[str], rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, *rows])
    return buffer.getvalue().encode("utf-8")


@pytest.fixture
def bare(tmp_path: Path) -> Iterator[Store]:
    """A store with the sample catalogue and units but no figures and no register."""
    path = tmp_path / "bare.duckdb"
    initialise(path)
    store = Store(path)
    yield store
    store.close()


def test_dates_read_day_first_or_iso_or_as_excel_writes_them() -> None:
    assert parse_date("05/01/2025") == date(2025, 1, 5)
    assert parse_date("5/1/2025") == date(2025, 1, 5)
    assert parse_date("2025-01-05") == date(2025, 1, 5)
    assert parse_date("2025-01-05T00:00:00") == date(2025, 1, 5)
    for bad in ("2025/01/05", "31/02/2025", "05-01-25", "hôm qua"):
        with pytest.raises(ValueError):
            parse_date(bad)


def test_register_with_vietnamese_labels_is_committed_and_listed_at_a_date(bare: Store) -> None:
    result = import_register(bare, as_csv(HEADER, ROWS), "so-nhiem-vu.csv", CONSOLE, today=TODAY)
    assert (result.status, result.errors, result.counts["new"]) == ("committed", [], 3)
    listed = tasks_at(bare, date(2025, 4, 10))
    by = {r["task_id"]: (r["status"], r["days_overdue"], r["completed_on"]) for r in listed.iter_rows(named=True)}
    # NV-2 was completed on 20 May: on 10 April it was still in progress, and its completion not yet known.
    assert by == {"NV-1": ("overdue", 10, None), "NV-2": ("in_progress", 0, None), "NV-3": ("in_progress", 0, None)}
    assert bare.task_imports()["status"].to_list() == ["committed"]
    assert bare.audit_log(5)["action"][0] == "tasks_import_committed"


def test_register_with_codes_from_an_xlsx_with_title_rows_and_date_cells(bare: Store) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["ỦY BAN NHÂN DÂN TỈNH AN SƠN"])
    sheet.append(["DANH MỤC NHIỆM VỤ DO CHỦ TỊCH UBND TỈNH GIAO"])
    sheet.append(["task_id", "document", "document_date", "summary", "lead_unit", "deadline"])
    sheet.append(["X-1", "12/QĐ-UBND", datetime(2025, 3, 3), "Ban hành kế hoạch", "SNV", datetime(2025, 6, 30)])
    buffer = io.BytesIO()
    book.save(buffer)
    result = import_register(bare, buffer.getvalue(), "register.xlsx", CONSOLE, today=TODAY)
    assert result.status == "committed", result.errors
    stored = bare.tasks().row(0, named=True)
    assert (stored["task_id"], stored["document_date"], stored["deadline"]) == (
        "X-1",
        date(2025, 3, 3),
        date(2025, 6, 30),
    )


def test_every_problem_is_reported_at_once_with_excel_row_and_column_and_nothing_is_written(bare: Store) -> None:
    rows = [
        ["A-1", "1/UBND", "32/01/2025", "x", "", "XYZ", "SNV;QQQ", "01/02/2025", "01/01/2025", "", ""],
        ["A-1", "2/UBND", "01/01/2025", "y", "", "SNV", "", "", "", "", ""],
        ["A-2", "", "01/01/2025", "z", "", "TINH", "", "01/02/2025", "", "01/01/2030", ""],
        ["A-3", "3/UBND", "01/03/2025", "w", "", "SNV", "", "01/02/2025", "", "", ""],
    ]
    expected = [
        (2, "document_date"), (2, "lead_unit"), (2, "co_units"), (2, "extended_to"),
        (3, "task_id"),
        (4, "document"), (4, "lead_unit"), (4, "completed_on"),
        (5, "deadline"),
    ]  # fmt: skip
    result = import_register(bare, as_csv(HEADER, rows), "bad.csv", CONSOLE, today=TODAY)
    assert result.status == "rejected"
    assert [(p.row, p.column) for p in result.errors] == expected
    assert all(p.message.endswith(".") for p in result.errors)
    assert bare.tasks().is_empty()
    assert bare.task_imports()["status"].to_list() == ["rejected"]


def test_a_file_without_the_register_header_says_which_columns_to_keep(bare: Store) -> None:
    result = import_register(bare, b"unit_code,quarter\nSNV,2025-Q3\n", "wrong.csv", CONSOLE, today=TODAY)
    assert result.status == "rejected"
    assert "Mã nhiệm vụ" in result.errors[0].message


def test_reimport_reports_changes_keeps_every_version_and_is_idempotent(bare: Store) -> None:
    import_register(bare, as_csv(HEADER, ROWS), "v1.csv", CONSOLE, today=TODAY)
    second = [list(r) for r in ROWS]
    second[0][9] = "02/04/2025"  # NV-1 completed
    second[1][8] = "15/06/2025"  # NV-2 extended again
    second[2][7] = "30/09/2025"  # NV-3 gets a deadline
    second.append(["NV-4", "7/KH-UBND", "01/06/2025", "Kế hoạch mới", "UBND tỉnh", "STP", "", "", "", "", ""])
    preview = import_register(bare, as_csv(HEADER, second), "v2.csv", CONSOLE, dry_run=True, today=TODAY)
    assert preview.status == "valid"
    changes = dict(zip(preview.changes["task_id"], preview.changes["change"], strict=True))
    assert changes == {"NV-1": "completed", "NV-2": "extended", "NV-3": "deadline_moved", "NV-4": "new"}
    details = {r["task_id"]: (r["detail"], r["detail_en"]) for r in preview.changes.iter_rows(named=True)}
    assert details == {
        "NV-1": ("hoàn thành 02/04/2025", "completed 02/04/2025"),
        "NV-2": ("gia hạn 31/05/2025 → 15/06/2025", "extended 31/05/2025 → 15/06/2025"),
        "NV-3": ("hạn — → 30/09/2025", "deadline — → 30/09/2025"),
        "NV-4": ("", ""),
    }
    assert bare.task_versions("NV-1").height == 1  # a dry run writes nothing
    committed = import_register(bare, as_csv(HEADER, second), "v2.csv", CONSOLE, today=TODAY)
    assert committed.counts | {} == {
        "new": 1, "completed": 1, "extended": 1, "deadline_moved": 1, "updated": 0, "unchanged": 0
    }  # fmt: skip
    versions = bare.task_versions("NV-2")
    assert versions["extended_to"].to_list() == [date(2025, 5, 31), date(2025, 6, 15)]
    again = import_register(bare, as_csv(HEADER, second), "v2.csv", CONSOLE, today=TODAY)
    assert (again.status, again.import_id, again.counts["unchanged"]) == ("committed", None, 4)
    assert bare.task_imports().height == 2


def test_tasks_absent_from_a_later_file_stay_as_they_are(bare: Store) -> None:
    import_register(bare, as_csv(HEADER, ROWS), "v1.csv", CONSOLE, today=TODAY)
    import_register(bare, as_csv(HEADER, ROWS[:1]), "partial.csv", CONSOLE, today=TODAY)
    assert sorted(bare.tasks()["task_id"]) == ["NV-1", "NV-2", "NV-3"]


def test_unit_staff_update_only_tasks_their_units_lead_and_viewers_nothing(bare: Store) -> None:
    import_register(bare, as_csv(HEADER, ROWS), "v1.csv", CONSOLE, today=TODAY)
    staff = User("syt.staff", "Cán bộ Sở Y tế", "unit_staff", frozenset({"SYT"}))
    moved = [list(ROWS[0]), list(ROWS[1])]
    moved[0][9] = "01/04/2025"  # SXD's task: not theirs
    moved[1][10] = "Đã xong"
    refused = import_register(bare, as_csv(HEADER, moved), "syt.csv", staff, today=TODAY)
    assert [(p.row, p.column) for p in refused.errors] == [(2, "lead_unit")]
    assert "Sở Xây dựng" in refused.errors[0].message
    # Taking another unit's task by naming themselves as lead is refused too.
    stolen = [list(ROWS[0])]
    stolen[0][5] = "SYT"
    assert import_register(bare, as_csv(HEADER, stolen), "syt.csv", staff, today=TODAY).status == "rejected"
    own = import_register(bare, as_csv(HEADER, moved[1:]), "syt.csv", staff, today=TODAY)
    assert own.status == "committed" and own.counts["updated"] == 1
    viewer = User("lanhdao", "Lãnh đạo", "viewer")
    denied = import_register(bare, as_csv(HEADER, ROWS), "v.csv", viewer, today=TODAY)
    assert denied.status == "rejected" and "chỉ có quyền xem" in denied.errors[0].message
    assert bare.audit_log(1)["action"][0] == "tasks_import_denied"


def test_register_figures_land_in_the_store_for_register_sourced_indicators(bare: Store) -> None:
    import_register(bare, as_csv(HEADER, ROWS), "v1.csv", CONSOLE, today=TODAY)
    values = bare.values("2025-Q1", "2025-Q4", ["overdue_tasks", "task_on_time_rate"], ["SXD", "SYT", "SNV"])
    got = {(r["unit_code"], r["quarter"], r["indicator"]): (r["value"], r["numerator"], r["denominator"])
           for r in values.iter_rows(named=True)}  # fmt: skip
    # SXD's NV-1, due 31 March and never completed: on 31 March still in progress, overdue every quarter after.
    assert got[("SXD", "2025-Q1", "overdue_tasks")] == (0.0, None, None)
    assert got[("SXD", "2025-Q2", "overdue_tasks")] == (1.0, None, None)
    # The file's latest event is NV-2's completion on 20 May: it says nothing about Q3 and after.
    assert {q for _, q, _ in got} == {"2025-Q1", "2025-Q2"}
    assert got[("SXD", "2025-Q1", "task_on_time_rate")] == (0.0, 0.0, 1.0)
    # SYT's NV-2, extended to 31 May and done on 20 May: due in Q2, on time.
    assert got[("SYT", "2025-Q2", "task_on_time_rate")] == (100.0, 1.0, 1.0)
    assert got[("SNV", "2025-Q2", "overdue_tasks")] == (0.0, None, None)
    assert got[("SNV", "2025-Q2", "task_on_time_rate")] == (None, 0.0, 0.0)  # nothing due: 0 of 0, no rate


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "metrics", *args], capture_output=True, text=True, cwd=ROOT)


def test_command_line_imports_and_lists_tasks_as_documented(tmp_path: Path) -> None:
    db = tmp_path / "cli.duckdb"
    initialise(db)
    register = tmp_path / "register.csv"
    register.write_bytes(as_csv(HEADER, ROWS))
    bad = tmp_path / "bad.csv"
    bad.write_bytes(as_csv(HEADER, [["B-1", "1/UB", "01/01/2025", "x", "", "XYZ", "", "", "", "", ""]]))

    dry = run("tasks", "import", str(register), "--db", str(db), "--dry-run", "--json")
    assert dry.returncode == 0 and json.loads(dry.stdout)["status"] == "valid"
    rejected = run("tasks", "import", str(bad), "--db", str(db), "--json")
    assert rejected.returncode == 1
    assert json.loads(rejected.stdout)["errors"] == [
        {
            "row": 2,
            "column": "lead_unit",
            "message": "Mã đơn vị 'XYZ' không có trong danh sách đơn vị. Hãy kiểm tra lại mã.",
            "unit": None,
        }
    ]
    committed = run("tasks", "import", str(register), "--db", str(db))
    assert committed.returncode == 0 and "3 mới" in committed.stdout

    listed = run("tasks", "list", "--db", str(db), "--at", "10/04/2025", "--status", "overdue", "--json")
    assert listed.returncode == 0
    assert json.loads(listed.stdout) == [
        {"task_id": "NV-1", "lead_unit": "SXD", "deadline": "2025-03-31", "effective_deadline": "2025-03-31",
         "completed_on": None, "status": "overdue", "days_overdue": 10}
    ]  # fmt: skip
    by_unit = json.loads(run("tasks", "list", "--db", str(db), "--unit", "SYT", "--at", "2025-12-31", "--json").stdout)
    assert [(r["task_id"], r["status"]) for r in by_unit] == [("NV-2", "done_on_time"), ("NV-3", "in_progress")]
    assert run("tasks", "list", "--db", str(db), "--at", "31/13/2025").returncode == 2
    assert run("tasks", "list", "--db", str(db), "--unit", "NOPE").returncode == 2
    assert run("tasks", "list", "--db", str(db), "--status", "late").returncode == 2


def test_derived_frame_has_no_rows_for_an_empty_store(bare: Store) -> None:
    assert tasks_at(bare, TODAY).height == 0
    assert isinstance(tasks_at(bare, TODAY), pl.DataFrame)


def test_the_sample_province_reads_its_task_figures_from_the_register(store: Store) -> None:
    """The stored figures against an independent count over the sample files (register and conclusions)."""
    end, start = date(2025, 12, 31), date(2025, 10, 1)
    overdue = sample_overdue(end)
    due: dict[str, int] = {}
    on_time: dict[str, int] = {}
    for lead, deadline, completed in sample_tasks():
        if deadline and start <= deadline <= end:
            due[lead] = due.get(lead, 0) + 1
            if completed and completed <= deadline:
                on_time[lead] = on_time.get(lead, 0) + 1
    stored = store.values("2025-Q4", "2025-Q4", ["overdue_tasks", "task_on_time_rate"])
    got_overdue = {r["unit_code"]: int(r["value"]) for r in stored.iter_rows(named=True)
                   if r["indicator"] == "overdue_tasks" and r["value"]}  # fmt: skip
    got_rate = {r["unit_code"]: (int(r["numerator"]), int(r["denominator"])) for r in stored.iter_rows(named=True)
                if r["indicator"] == "task_on_time_rate" and r["denominator"]}  # fmt: skip
    assert got_overdue == overdue
    assert got_rate == {unit: (on_time.get(unit, 0), n) for unit, n in due.items()}
    assert sum(overdue.values()) >= 10 and max(overdue, key=overdue.get) in ("SXD", "SYT", "SNNMT", "10012")
    assert store.tasks().height == 570 and store.meetings().height == 2


def test_a_register_import_is_not_a_units_quarterly_report(bare: Store) -> None:
    """The figures a register import derives land as an upload for every unit, yet nobody has reported."""
    done = import_register(bare, as_csv(HEADER, ROWS), "so-nhiem-vu.csv", CONSOLE, today=TODAY)
    assert done.upload_id is not None
    assert bare.values("2025-Q1", "2025-Q1", ["overdue_tasks"], ["SNV"])["value"].to_list() == [0.0]
    state = reporting.reporting(bare, "2025-Q1", TODAY)
    assert state.expected > 0 and state.reported == 0
    import_file(bare, b"unit_code,quarter,complaints\nSNV,2025-Q1,3\n", "q1.csv", CONSOLE, today=TODAY)
    state = reporting.reporting(bare, "2025-Q1", TODAY)
    assert state.reported == 1 and state.units.filter(pl.col("status") != "missing")["unit_code"].to_list() == ["SNV"]


# Refusals decided while reading, before any header is looked for: the register reads as an upload does.
READ_REFUSALS = ["xlsx_billion_laughs", "xlsx_not_a_workbook", "xlsx_too_many_parts", "csv_million_columns",
                 "csv_10mb_field"]  # fmt: skip


@pytest.mark.parametrize("name", READ_REFUSALS)
def test_a_hostile_register_file_is_refused_by_the_uploads_reader_with_its_sentence(bare: Store, name: str) -> None:
    case = next(c for c in CASES if c.name == name)
    data = case.data()
    result = import_register(bare, data, f"so\u202enhiem/vu{case.file_name}", CONSOLE, today=TODAY)
    assert result.status == "rejected" and case.message in result.errors[0].message
    assert [p.message for p in result.errors] == [p.message for p in check_file(bare, data, TODAY).errors]
    logged = bare.task_imports(1).row(0, named=True)
    assert (logged["status"], logged["file_name"]) == ("rejected", safe_file_name(f"so\u202enhiem/vu{case.file_name}"))
    assert bare.task_import_raw(logged["import_id"]) == (logged["file_name"], data)
    assert bare.tasks().is_empty()


def test_a_register_over_the_upload_cap_or_the_row_limit_is_refused_as_an_upload_is(bare: Store) -> None:
    too_big = b"x" * (limits.MAX_FILE_BYTES + 1)
    refused = import_register(bare, too_big, "lon.csv", CONSOLE, today=TODAY)
    assert refused.errors[0].message == check_file(bare, too_big, TODAY).errors[0].message
    assert "giới hạn một lần tải lên" in refused.errors[0].message
    rows = as_csv(HEADER, []) + b"NV,1/UBND,01/01/2025,x,,SNV,,,,,\n" * limits.MAX_ROWS
    long = import_register(bare, rows, "dai.csv", CONSOLE, today=TODAY)
    assert long.status == "rejected" and "150.000" in long.errors[0].message


def test_past_max_errors_the_first_are_listed_and_all_are_counted(bare: Store) -> None:
    rows = [[f"B-{i}", f"{i}/UBND", "01/01/2025", "x", "", "QQQ", "", "", "", "", ""] for i in range(1_200)]
    result = import_register(bare, as_csv(HEADER, rows), "sai.csv", CONSOLE, today=TODAY)
    assert result.status == "rejected"
    assert len(result.errors) == limits.MAX_ERRORS + 1 and result.errors_omitted == 200
    assert result.error_total == 1_200
    assert result.errors[0].message.startswith("Tệp có 1.200 lỗi; chỉ liệt kê 1.000 lỗi đầu tiên, còn 200 lỗi nữa.")
    assert (result.errors[1].row, result.errors[-1].row) == (2, 1_001)


def test_the_command_line_keeps_a_huge_register_up_to_the_cap_with_its_full_size_and_hash(
    tmp_path: Path, capsys
) -> None:
    from metrics.__main__ import main

    db = tmp_path / "cli.duckdb"
    initialise(db)
    huge = tmp_path / "so-nhiem-vu.csv"
    with huge.open("wb") as handle:
        handle.truncate(2**28)  # 256 MB of zeros, sparse, generated: never committed
    assert main(["tasks", "import", str(huge), "--db", str(db), "--json"]) == 1
    answer = json.loads(capsys.readouterr().out)
    assert "giới hạn một lần tải lên" in answer["errors"][0]["message"]
    store = Store(db)
    try:
        logged = store.task_imports(1).row(0, named=True)
        assert store.task_import_raw(logged["import_id"]) == ("so-nhiem-vu.csv", bytes(limits.MAX_FILE_BYTES))
        assert logged["file_bytes"] == 2**28
        zeros = hashlib.sha256()
        for _ in range(2**28 // 2**20):
            zeros.update(bytes(2**20))
        assert logged["sha256"] == zeros.hexdigest()
    finally:
        store.close()
