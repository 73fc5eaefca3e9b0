"""Turning an uploaded file into a table of text cells, whatever office produced it.

CSV (comma, semicolon or tab; UTF-8 with or without BOM, UTF-16, Windows-1258)
and workbooks: XLSX (`metrics.xlsx`), ODS and XLS (`metrics.office`), each
read from the first visible sheet with a recognisable header, title rows
allowed above it. Every cell becomes text, numbers from Excel included: a
whole number as '6824', a fraction the Vietnamese way ('93,56'), so that one
parser reads both. Row numbers are the ones Excel shows.

Every file is read within the limits of `metrics.limits`, counted as it is
read, and reading stops at the first limit crossed: a hostile file costs
bounded time and memory. Whatever goes wrong while reading ends in a
ReadError with a sentence, never a traceback. A workbook format is anything
with `sheets()` and `rows(sheet)` (see `metrics.xlsx`); which sheet is read
is decided here, once for every format.
"""

from __future__ import annotations

import csv
import io
import itertools
import logging
import re
import unicodedata
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from metrics.i18n import t
from metrics.limits import (
    HEADER_SEARCH_ROWS,
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    LimitExceeded,
    ReadError,
    ReadStats,
)
from metrics.template import is_template_sheet

__all__ = ["RawTable", "ReadError", "ReadStats", "decode", "normalise", "read_table"]

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # Excel 97-2003 .xls
log = logging.getLogger(__name__)

Rows = Generator[tuple[int, list[str]], None, None]  # (row number as Excel shows it, cells)


@dataclass
class RawTable:
    """Cells as text, with the sheet row number of the header and of each row."""

    header: list[str]
    rows: list[list[str]]
    row_numbers: list[int]
    header_row: int
    stats: ReadStats = field(default_factory=ReadStats)
    sheet: str | None = None


class Sheet(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def visible(self) -> bool: ...


SheetT = TypeVar("SheetT", bound=Sheet)  # each format has its own sheet type


class Workbook(Protocol[SheetT]):
    """What reading needs of a workbook format: its sheets in order, and a sheet's rows."""

    def sheets(self) -> list[SheetT]: ...

    def rows(self, sheet: SheetT) -> Rows: ...


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


# -- reading rows within the limits --------------------------------------------------


def _counted(rows: Rows, stats: ReadStats, how_many: Callable[[], int | None]) -> Rows:
    """The rows, each counted; past MAX_ROWS reading stops with a refusal (saying how many when known)."""
    for item in rows:
        stats.rows_read += 1
        if stats.rows_read > MAX_ROWS:
            total = how_many()
            if total is None:
                raise LimitExceeded.at("MAX_ROWS", "read_more_rows", max=MAX_ROWS)
            raise LimitExceeded.at("MAX_ROWS", "read_too_many_rows", n=total, max=MAX_ROWS)
        yield item


def _find_header(rows: Rows, is_header: Callable[[list[str]], bool]) -> tuple[int, list[str]] | None:
    """The header among the first rows, leaving the iterator just after it."""
    for number_, cells in itertools.islice(rows, HEADER_SEARCH_ROWS):
        if is_header(cells):
            return number_, cells
    return None


def _table(header: tuple[int, list[str]], rows: Rows, stats: ReadStats, sheet: str | None = None) -> RawTable:
    body, numbers = [], []
    for number_, cells in rows:
        if any(cells):
            body.append(cells)
            numbers.append(number_)
    return RawTable(header[1], body, numbers, header[0], stats, sheet)


# -- CSV -------------------------------------------------------------------------------


def _csv_records(text: str, delimiter: str) -> Rows:
    """Records of a CSV text, refused with a sentence when a row or a cell is beyond reason."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    row_number = 0
    while True:
        row_number += 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise _csv_problem(str(error), row_number) from error
        width = len(row)
        while width and not row[width - 1].strip():
            width -= 1
        if width > MAX_COLUMNS:
            raise LimitExceeded.at("MAX_COLUMNS", "read_too_many_columns", row=row_number, n=width, max=MAX_COLUMNS)
        if len(row) > MAX_COLUMNS:
            del row[MAX_COLUMNS:]  # empty cells only
        cells = [cell.strip() for cell in row]
        if any(len(cell) > MAX_CELL_CHARS for cell in cells):
            raise _cell_too_long(row_number)
        yield row_number, cells


def _cell_too_long(row: int) -> LimitExceeded:
    return LimitExceeded.at("MAX_CELL_CHARS", "read_cell_too_long", row=row, max=MAX_CELL_CHARS)


def _csv_problem(reason: str, row: int) -> ReadError:
    if "field larger than field limit" in reason:
        return _cell_too_long(row)
    if "unexpected end of data" in reason:
        return ReadError.of("read_unclosed_quote", row=row)
    if "expected after" in reason:
        return ReadError.of("read_quote_then_text", row=row)
    return ReadError.of("read_not_a_table")


def read_csv(data: bytes, is_header: Callable[[list[str]], bool], stats: ReadStats | None = None) -> RawTable:
    stats = stats if stats is not None else ReadStats()
    text = decode(data)
    if "\x00" in text:
        raise ReadError.of("read_not_a_table")
    problems: list[ReadError] = []
    for delimiter in (",", ";", "\t"):
        try:
            found = _find_header(_csv_records(text, delimiter), is_header)
        except LimitExceeded:
            raise
        except ReadError as problem:  # a wrong delimiter can make quotes look wrong
            problems.append(problem)
            continue
        if found is not None:
            records = _counted(_csv_records(text, delimiter), stats, lambda: _lines(text))
            _find_header(records, is_header)
            return _table(found, records, stats)
    raise problems[0] if len(problems) == 3 else ReadError.of("read_no_header")


def _lines(text: str) -> int:
    return text.count("\n") + (0 if text.endswith("\n") else 1)


# -- workbooks -------------------------------------------------------------------------


def read_workbook(book: Workbook[SheetT], is_header: Callable[[list[str]], bool], stats: ReadStats) -> RawTable:
    """The table of the one visible sheet that holds data.

    Hidden sheets are never read. When several visible sheets have a header,
    the template's sheet wins; without one the file is refused with their names.
    """
    visible = [s for s in book.sheets() if s.visible]
    if not visible:
        raise ReadError.of("read_no_visible_sheet")
    found: list[tuple[SheetT, Rows, tuple[int, list[str]]]] = []
    try:
        for sheet in visible:
            rows = _counted(book.rows(sheet), stats, lambda: None)
            header = _find_header(rows, is_header)
            if header is None:
                rows.close()
            else:
                found.append((sheet, rows, header))
        if not found:
            raise ReadError.of("read_no_header")
        chosen = found[0]
        if len(found) > 1:
            templates = [f for f in found if is_template_sheet(f[0].name)]
            if len(templates) != 1:
                names = ", ".join(f"'{f[0].name}'" for f in found)
                raise ReadError.of("read_several_sheets", n=len(found), names=names)
            chosen = templates[0]
        return _table(chosen[2], chosen[1], stats, chosen[0].name)
    finally:
        for _, rows, _ in found:
            rows.close()


def read_xlsx(data: bytes, is_header: Callable[[list[str]], bool], stats: ReadStats | None = None) -> RawTable:
    from metrics.xlsx import XlsxBook

    stats = stats if stats is not None else ReadStats()
    return read_workbook(XlsxBook(data, stats), is_header, stats)


def read_office(
    data: bytes, is_header: Callable[[list[str]], bool], stats: ReadStats | None = None, kind: str = "ods"
) -> RawTable:
    """An OpenDocument (.ods) or Excel 97-2003 (.xls) workbook, checked, then read by calamine."""
    from metrics.office import OfficeBook

    stats = stats if stats is not None else ReadStats()
    with OfficeBook(data, stats, kind) as book:
        return read_workbook(book, is_header, stats)


# -- any file --------------------------------------------------------------------------


def read_table(data: bytes, is_header: Callable[[list[str]], bool]) -> RawTable:
    """Read CSV or XLSX bytes within the limits; raise ReadError with a Vietnamese reason.

    The error carries `stats` (what was read before refusing) and, when a
    limit stopped reading, `limit`, the name of that limit.
    """
    stats = ReadStats()
    try:
        table = _read(data, is_header, stats)
    except ReadError as error:
        stats.limit = getattr(error, "limit", None)
        error.stats = stats  # type: ignore[attr-defined]
        raise
    except Exception as error:  # a file must never end in a traceback
        log.exception("unexpected error while reading an upload")
        refusal = ReadError.of("read_unexpected", kind=type(error).__name__)
        refusal.stats = stats  # type: ignore[attr-defined]
        raise refusal from error
    table.stats = stats
    return table


def _read(data: bytes, is_header: Callable[[list[str]], bool], stats: ReadStats) -> RawTable:
    if len(data) > MAX_FILE_BYTES:
        raise LimitExceeded.at("MAX_FILE_BYTES", "read_file_too_big", mb=round(MAX_FILE_BYTES / 2**20))
    if not data.strip():
        raise ReadError.of("read_empty_file")
    if data.startswith(OLE_MAGIC):
        return read_office(data, is_header, stats, "xls")
    if data.startswith(XLSX_MAGIC):
        from metrics.office import is_ods

        if is_ods(data):
            return read_office(data, is_header, stats, "ods")
        return read_xlsx(data, is_header, stats)
    head = data[:4096]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadError.of("read_not_a_table")
    return read_csv(data, is_header, stats)


NOT_A_TABLE = t("read_not_a_table")
NO_HEADER = t("read_no_header")
UNEXPECTED = t("read_unexpected")  # with {kind}
