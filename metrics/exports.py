"""CSV and XLSX downloads that are safe to open in a spreadsheet.

A text cell that starts with =, +, -, @, a tab or a carriage return would be
read as a formula by Excel or LibreOffice (formula injection), so such a cell
is prefixed with an apostrophe. Numbers stay numbers. CSV is UTF-8 with a BOM
so that Excel shows Vietnamese correctly when the file is double-clicked.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
Cell = str | int | float | None


def safe_text(value: str) -> str:
    return "'" + value if value.startswith(DANGEROUS) else value


def safe_cell(value: Cell) -> Cell:
    return safe_text(value) if isinstance(value, str) else value


def to_csv(header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_text(h) for h in header])
    for row in rows:
        writer.writerow(["" if v is None else safe_cell(v) for v in row])
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def to_xlsx(
    header: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    sheet: str = "Số liệu",
    text_columns: Sequence[int] = (),
    notes: Sequence[str] = (),
) -> bytes:
    """One sheet with a bold, frozen header; text cells are never formulas.

    `text_columns` are kept as text even when they look like numbers (unit
    codes such as 10041). `notes` go on a second sheet, one line each.
    """
    import xlsxwriter  # here, not at the top: every page imports this module, few export

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False})
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#DCE6F2", "border": 1})
    text = book.add_format({"num_format": "@"})
    data = book.add_worksheet(sheet[:31])
    for c, name in enumerate(header):
        data.write_string(0, c, safe_text(name), bold)
        data.set_column(c, c, max(12, min(40, len(name) + 2)), text if c in text_columns else None)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, str):
                data.write_string(r, c, safe_text(value))
            else:
                data.write_number(r, c, value)
    data.freeze_panes(1, 0)
    data.set_row(0, 48)
    if notes:
        guide = book.add_worksheet("Hướng dẫn")
        guide.set_column(0, 0, 110)
        for r, line in enumerate(notes):
            guide.write_string(r, 0, safe_text(line))
    book.close()
    return buffer.getvalue()
