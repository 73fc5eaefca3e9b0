"""Files saved by LibreOffice from the project's template (sample_data/office/) load with their figures.

The sibling of test_awkward_files.py: every file in the folder against
expected.json, committed and read back from the store; and one row of awkward
cells read alike from XLSX, ODS and XLS.
"""

import json
from datetime import date

import pytest

from metrics.ingest import import_file
from metrics.reading import read_table
from metrics.settings import SAMPLE_DIR
from tests.conftest import TESTER

FOLDER = SAMPLE_DIR / "office"
CASES = json.loads((FOLDER / "expected.json").read_text(encoding="utf-8"))
TODAY = date(2026, 1, 15)
CELLS = ["SNV", "Quý IV/2025", "0,9356", "93,56", "6824", "", "2025-10-15T00:00:00", "#DIV/0!"]


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_office_file_commits_its_figures(store, case):
    result = import_file(store, (FOLDER / case["file"]).read_bytes(), case["file"], TESTER, today=TODAY)
    assert result.status == case["status"] == "committed", [p.message for p in result.errors]
    assert result.rows == 49
    quarter = case["quarter"]
    for expected in case["expect"]:
        stored = store.values(quarter, quarter, [expected["indicator"]], [expected["unit_code"]])
        if "value" in expected:
            assert stored["value"].to_list() == [expected["value"]], expected
        else:
            assert stored.select("numerator", "denominator").row(0) == (
                expected["numerator"],
                expected["denominator"],
            ), expected


def test_the_committed_figures_are_the_ones_typed_into_the_template():
    assert {c["file"] for c in CASES} == {
        "template_resaved.xlsx",
        "template.ods",
        "template.xls",
        "template_utf8.csv",
        "template_windows1258.csv",
        "template_utf16.txt",
        "title_rows.ods",
        "title_rows.xls",
        "hidden_first_sheet.ods",
        "hidden_first_sheet.xls",
    }
    for case in CASES:
        assert case["expect"] == [
            {"unit_code": "SNV", "indicator": "online_services_rate", "numerator": 6824, "denominator": 7000},
            {"unit_code": "SNV", "indicator": "complaints", "value": 12},
            {"unit_code": "STP", "indicator": "online_services_rate", "numerator": 512, "denominator": 640},
            {"unit_code": "STP", "indicator": "complaints", "value": 3},
            {"unit_code": "STP", "indicator": "complaint_resolution_rate", "numerator": 3, "denominator": 3},
        ]


@pytest.mark.parametrize("name", ["title_rows.ods", "title_rows.xls"])
def test_title_rows_keep_the_row_numbers_the_office_program_shows(name):
    table = read_table((FOLDER / name).read_bytes(), lambda cells: "Mã đơn vị" in cells)
    assert (table.header_row, table.row_numbers[:2], table.rows[1][:2]) == (4, [5, 6], ["SNV", "Sở Nội vụ"])


@pytest.mark.parametrize("name", ["hidden_first_sheet.ods", "hidden_first_sheet.xls"])
def test_a_hidden_first_sheet_is_not_read(name):
    table = read_table((FOLDER / name).read_bytes(), lambda cells: "Mã đơn vị" in cells)
    assert table.sheet == "Số liệu 2025-Q4"


@pytest.mark.parametrize("name", ["cells.xlsx", "cells.ods", "cells.xls"])
def test_every_format_gives_cells_as_the_xlsx_reader_does(name):
    """A percentage as its fraction, text kept as typed, a whole number, an empty cell, a date as ISO,
    a formula's error as Excel shows it (calamine alone gives it as an empty cell)."""
    table = read_table((FOLDER / name).read_bytes(), lambda cells: "Mã đơn vị" in cells)
    assert (table.row_numbers, table.rows) == ([2], [CELLS])


def test_the_unit_list_saved_as_ods_is_the_unit_list(store):
    from metrics import admin
    from metrics.catalogue import load_units

    in_csv = load_units(SAMPLE_DIR / "units.csv")
    units = admin.replace_units(store, TESTER, (FOLDER / "units.ods").read_bytes())
    assert units == in_csv and len(units) == 59
    assert next(u for u in units if u.code == "VPUB").portal_code == "H40.01"  # text, not a number


def test_the_task_register_saved_as_ods_reads_as_its_csv(store):
    from metrics.task_import import check_register

    as_csv = check_register(store, (SAMPLE_DIR / "tasks" / "register.csv").read_bytes(), user=TESTER, today=TODAY)
    as_ods = check_register(store, (FOLDER / "register.ods").read_bytes(), user=TESTER, today=TODAY)
    assert (as_ods.status, as_ods.rows, as_ods.errors) == ("valid", 560, [])
    assert as_ods.changes is not None and as_csv.changes is not None
    assert as_ods.changes.equals(as_csv.changes)


def test_the_folder_holds_one_file_per_case():
    on_disk = {p.name for p in FOLDER.iterdir() if p.suffix != ".py" and p.name not in ("expected.json", "__pycache__")}
    others = {"cells.xlsx", "cells.ods", "cells.xls", "units.ods", "register.ods"}
    assert on_disk == {c["file"] for c in CASES} | others
