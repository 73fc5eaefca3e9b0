"""The upload template and the spreadsheet exports."""

import csv
import io
from datetime import date

import openpyxl

from metrics import exports
from metrics.ingest import import_file
from metrics.template import template_csv, template_rows, template_xlsx
from tests.conftest import TESTER

TODAY = date(2026, 1, 15)


def catalogue(store):
    return store.fields(), store.indicators(), store.units()


def test_template_lists_the_units_in_force_in_the_quarter_with_vietnamese_headers(store):
    header, rows = template_rows(*catalogue(store), "2025-Q3")
    assert header[:3] == ["Mã đơn vị", "Tên đơn vị", "Kỳ báo cáo"]
    codes = [r[0] for r in rows]
    assert "10041" in codes and "10004" not in codes  # the merged ward replaces its parts
    assert len(codes) == 49 and all(r[2] == "Quý III/2025" for r in rows)
    _, before = template_rows(*catalogue(store), "2025-Q2")
    assert "10004" in [r[0] for r in before] and "10041" not in [r[0] for r in before]


def test_a_filled_xlsx_template_imports(store):
    book = openpyxl.load_workbook(io.BytesIO(template_xlsx(*catalogue(store), "2025-Q3")))
    sheet = book.worksheets[0]
    assert sheet["A1"].value == "Mã đơn vị" and book.sheetnames[1] == "Hướng dẫn"
    header = [c.value for c in sheet[1]]
    received, resolved = header.index("Số đơn thư tiếp nhận") + 1, header.index("Số đơn thư đã giải quyết") + 1
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row=row, column=received, value=row % 3 + 2)
        sheet.cell(row=row, column=resolved, value=row % 3)
    buffer = io.BytesIO()
    book.save(buffer)
    result = import_file(store, buffer.getvalue(), "mau.xlsx", TESTER, today=TODAY)
    assert result.status == "committed", result.errors[:3]
    assert result.rows == 49


def test_the_csv_template_opens_in_excel_with_vietnamese_intact(store):
    data = template_csv(*catalogue(store), "2025-Q3")
    assert data.startswith(b"\xef\xbb\xbf")
    assert "Số hồ sơ tiếp nhận trực tuyến" in data.decode("utf-8-sig")


def test_exports_neutralise_formula_cells_and_keep_numbers():
    rows = [['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "\tcmd", "\rx", "Sở Nội vụ", -3, 4.5]]
    text = exports.to_csv(["a", "b", "c", "d", "e", "f", "g", "h", "i"], rows).decode("utf-8-sig")
    cells = list(csv.reader(io.StringIO(text, newline="")))[1]
    assert cells[:6] == ['\'=HYPERLINK("http://x")', "'+1", "'-2", "'@SUM(A1)", "'\tcmd", "'\rx"]
    assert cells[6:] == ["Sở Nội vụ", "-3", "4.5"]
    book = openpyxl.load_workbook(io.BytesIO(exports.to_xlsx(["a"] * 9, rows)))
    cells = [c.value for c in book.worksheets[0][2]]
    assert cells[0].startswith("'=") and cells[3].startswith("'@") and cells[4].startswith("'\t")
    assert cells[7] == -3 and cells[8] == 4.5
    assert book.worksheets[0]["A2"].data_type == "s"  # text, never a formula


def test_a_template_filled_with_the_stored_figures_round_trips_and_shows_two_corrections(store):
    stored = store.values("2025-Q4", "2025-Q4")
    header, rows = template_rows(*catalogue(store), "2025-Q4", stored)
    snv = next(r for r in rows if r[0] == "SNV")
    # the sample's 2025-Q4 row for SNV: 2027 online of 2322 dossiers, 884 of 884 documents signed
    assert snv[header.index("Số hồ sơ tiếp nhận trực tuyến")] == 2027
    assert snv[header.index("Tổng số hồ sơ tiếp nhận")] == 2322
    assert snv[header.index("Số văn bản được ký số")] == 884
    assert snv[header.index("Ghi chú")] == ""

    unchanged = import_file(store, exports.to_csv(header, rows), "lai.csv", TESTER, dry_run=True, today=TODAY)
    assert unchanged.status == "valid" and unchanged.changed == 0

    snv[header.index("Số văn bản được ký số")] = 880
    snv[header.index("Số hồ sơ tiếp nhận trực tuyến")] = 2030
    book = openpyxl.load_workbook(io.BytesIO(template_xlsx(*catalogue(store), "2025-Q4", stored)))
    assert book.worksheets[0].cell(row=2, column=4).value not in (None, "")  # numbers, not blank cells
    corrected = import_file(store, exports.to_csv(header, rows), "sua.csv", TESTER, dry_run=True, today=TODAY)
    changed = corrected.changes.filter(corrected.changes["change"] != "unchanged")
    assert sorted(changed["indicator"].to_list()) == ["esigned_share", "online_services_rate"]


def test_an_account_for_some_units_gets_only_their_rows(store):
    _, rows = template_rows(*catalogue(store), "2025-Q4", scope=frozenset({"SNV", "STP"}))
    assert [r[0] for r in rows] == ["SNV", "STP"]


def test_the_template_leaves_out_the_figures_derived_from_the_task_register(store):
    header, _ = template_rows(*catalogue(store), "2025-Q3")
    assert {"Số nhiệm vụ quá hạn", "Số nhiệm vụ đến hạn", "Số nhiệm vụ hoàn thành đúng hạn"} & set(header) == set()
    assert "Số đơn thư tiếp nhận" in header
