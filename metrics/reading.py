"""Turning an uploaded file into a table of text cells, whatever office produced it.

CSV (comma, semicolon or tab; UTF-8 with or without BOM, UTF-16, Windows-1258)
and XLSX (the first sheet with a recognisable header, title rows allowed
above it). Every cell becomes text, numbers from Excel included: a whole
number as '6824', a fraction the Vietnamese way ('93,56'), so that one parser
reads both. Row numbers are the ones Excel shows.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # Excel 97-2003 .xls
HEADER_SEARCH_ROWS = 30
MAX_ROWS = 1_000_000


class ReadError(ValueError):
    """The file cannot be read as a table; the message says what to do."""


@dataclass
class RawTable:
    """Cells as text, with the sheet row number of the header and of each row."""

    header: list[str]
    rows: list[list[str]]
    row_numbers: list[int]
    header_row: int


def normalise(text: str) -> str:
    """NFC, lower case, single spaces: how headers and labels are compared."""
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip().casefold()


def decode(data: bytes) -> str:
    """Bytes to NFC text: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1258."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1258", errors="replace")
    return unicodedata.normalize("NFC", text)


def _cell_text(value: object) -> str:
    """An Excel cell as the text a person would type for it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value).replace(".", ",")
    if isinstance(value, datetime | date):
        return value.isoformat()
    return unicodedata.normalize("NFC", str(value)).strip()


def _csv_rows(text: str, delimiter: str) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return [[cell.strip() for cell in row] for row in reader]


def _find_header(rows: list[list[str]], is_header: Callable[[list[str]], bool]) -> int:
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if is_header(row):
            return index
    return -1


def _table(rows: list[list[str]], index: int) -> RawTable:
    body, numbers = [], []
    for offset, row in enumerate(rows[index + 1 :], start=index + 2):
        if any(row):
            body.append(row)
            numbers.append(offset)
    return RawTable(header=rows[index], rows=body, row_numbers=numbers, header_row=index + 1)


def read_csv(data: bytes, is_header: Callable[[list[str]], bool]) -> RawTable:
    text = decode(data)
    if "\x00" in text:
        raise ReadError(NOT_A_TABLE)
    for delimiter in (",", ";", "\t"):
        try:
            rows = _csv_rows(text, delimiter)
        except csv.Error as error:
            raise ReadError(NOT_A_TABLE) from error
        index = _find_header(rows, is_header)
        if index >= 0:
            return _table(rows, index)
    raise ReadError(NO_HEADER)


def read_xlsx(data: bytes, is_header: Callable[[list[str]], bool]) -> RawTable:
    import openpyxl  # imported here: only XLSX uploads pay for it

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise ReadError(
            "Tệp Excel bị hỏng hoặc không phải tệp .xlsx. Hãy mở lại trong Excel và lưu thành .xlsx."
        ) from error
    try:
        for sheet in book.worksheets:
            rows = []
            for row in sheet.iter_rows(values_only=True):
                rows.append([_cell_text(v) for v in row])
                if len(rows) > MAX_ROWS:
                    raise ReadError(TOO_LONG)
            while rows and not any(rows[-1]):
                rows.pop()
            for row in rows:  # openpyxl pads rows to the sheet width
                while row and row[-1] == "":
                    row.pop()
            index = _find_header(rows, is_header)
            if index >= 0:
                return _table(rows, index)
    finally:
        book.close()
    raise ReadError(NO_HEADER)


def read_table(data: bytes, is_header: Callable[[list[str]], bool]) -> RawTable:
    """Read CSV or XLSX bytes; raise ReadError with a Vietnamese reason."""
    if not data.strip():
        raise ReadError("Tệp trống. Hãy chọn tệp mẫu đã điền số liệu.")
    if data.startswith(OLE_MAGIC):
        raise ReadError(
            "Tệp Excel 97-2003 (.xls) chưa được hỗ trợ. Hãy mở trong Excel, chọn Lưu thành .xlsx rồi tải lên lại."
        )
    if data.startswith(XLSX_MAGIC):
        return read_xlsx(data, is_header)
    head = data[:4096]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadError(NOT_A_TABLE)
    return read_csv(data, is_header)


NOT_A_TABLE = "Tệp không phải bảng tính. Hãy lưu tệp từ Excel dưới dạng CSV UTF-8 hoặc Excel (.xlsx) rồi tải lên lại."
NO_HEADER = (
    "Không tìm thấy dòng tiêu đề có cột 'Mã đơn vị' và 'Kỳ báo cáo'. "
    "Hãy dùng tệp mẫu tải về từ trang Cập nhật số liệu và giữ nguyên dòng tiêu đề."
)
TOO_LONG = f"Tệp có hơn {MAX_ROWS:,} dòng. Hãy chia thành nhiều tệp nhỏ hơn.".replace(",", ".")
