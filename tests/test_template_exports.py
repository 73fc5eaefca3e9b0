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


def test_the_template_leaves_out_the_figures_derived_from_the_task_register(store):
    header, _ = template_rows(*catalogue(store), "2025-Q3")
    assert {"Số nhiệm vụ quá hạn", "Số nhiệm vụ đến hạn", "Số nhiệm vụ hoàn thành đúng hạn"} & set(header) == set()
    assert "Số đơn thư tiếp nhận" in header
