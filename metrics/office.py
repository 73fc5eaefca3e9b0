"""Reading OpenDocument (.ods) and Excel 97-2003 (.xls) workbooks: checked here, then read by calamine.

calamine (python-calamine, a binding of the Rust library) reads both formats,
and XLSX, without LibreOffice at run time. It reads a whole workbook into
memory at once, one dense block of cells per sheet spanning from its first
to its last filled cell, and trusts what the file declares. So nothing
reaches it unchecked:

- ODS is a zip of XML parts, as XLSX is: every part goes through the same
  size, compression-ratio, token and DTD checks as XLSX (`metrics.xlsx.CheckedZip`;
  no DTD means no entity to expand or fetch), and the sheet content is
  measured as calamine will lay it out (repeated rows and cells expanded)
  before calamine sees it.
- XLS is a binary compound file: it gets a smaller size cap, and its cell
  records are walked (compound-file sectors, then BIFF records) to measure
  each sheet's block, refused above the cell and row limits.

Whatever calamine raises becomes a sentence; nothing of it reaches the user
as a traceback, and an encrypted file is asked to be saved without its
password. Values come out as the XLSX reader gives them: whole numbers as
'6824', fractions the Vietnamese way ('0,9356' for 93.56 %), dates as ISO. A
formula that ended in an error comes out as its error ('#DIV/0!'), taken from
the file by the same walk, since calamine gives it as an empty cell, which
would read as a figure not reported. Sheet visibility comes from calamine's
sheet metadata (both formats record it).
"""

from __future__ import annotations

import io
import struct
import unicodedata
import zipfile
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from types import TracebackType

import python_calamine

from metrics import limits
from metrics.limits import LimitExceeded, ReadError, ReadStats
from metrics.xlsx import CheckedZip

ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
MAX_XLS_BYTES = 16 * 2**20  # the old format is bulky, but a country's file is about 1 MB in it
KIND = {"ods": "ODS", "xls": "Excel 97-2003 (.xls)"}
ODF_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
ODF_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
CALCEXT_VALUE_TYPE = "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0|value-type"
MAX_ERROR_CELLS = 100_000  # cells showing a formula's error (#DIV/0!) kept to be shown as the XLSX reader does
# The error codes of BIFF (BOOLERR and FORMULA records), as Excel shows them.
XLS_ERRORS = {
    0x00: "#NULL!",
    0x07: "#DIV/0!",
    0x0F: "#VALUE!",
    0x17: "#REF!",
    0x1D: "#NAME?",
    0x24: "#NUM!",
    0x2A: "#N/A",
}
ErrorCells = dict[str, dict[tuple[int, int], str]]  # sheet -> (row, column), zero-based -> '#DIV/0!'


def is_ods(data: bytes) -> bool:
    """Whether zip bytes are an OpenDocument spreadsheet (its first entry, 'mimetype', says so)."""
    if data[30:38] == b"mimetype" and ODS_MIMETYPE in data[38:120]:
        return True
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist()[: limits.MAX_ZIP_ENTRIES])
            if "mimetype" not in names or "content.xml" not in names:
                return False
            info = archive.getinfo("mimetype")
            return info.file_size < 200 and archive.read(info).strip() == ODS_MIMETYPE
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, RuntimeError):
        return False


@dataclass(frozen=True)
class Sheet:
    name: str
    visible: bool
    index: int


@dataclass
class _TablePosition:
    """Where the ODS content reader is: the table, the row and cell and how often they repeat."""

    name: str = ""
    row: int = 0
    repeat: int = 1
    col: int = 0
    cell_repeat: int = 1
    valued: bool = False
    row_valued: bool = False


class OfficeBook:
    """An ODS or XLS workbook with the `sheets()` and `rows(sheet)` that `metrics.reading` needs."""

    def __init__(self, data: bytes, stats: ReadStats, kind: str) -> None:
        self.stats = stats
        self.kind = KIND[kind]
        if kind == "xls":
            if len(data) > MAX_XLS_BYTES:
                raise LimitExceeded.at("MAX_FILE_BYTES", "read_xls_too_big", mb=MAX_XLS_BYTES // 2**20)
            self.errors = check_xls(data, stats)
        else:
            self.errors = OdsCheck(data, stats).run()
        try:
            self.book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
            metadata = self.book.sheets_metadata
        except Exception as error:  # calamine's errors, and whatever else a damaged file provokes
            raise self._refusal(error) from error
        self._sheets = [
            Sheet(
                unicodedata.normalize("NFC", m.name),
                m.visible == python_calamine.SheetVisibleEnum.Visible,
                i,
            )
            for i, m in enumerate(metadata)
        ]

    def _refusal(self, error: BaseException) -> ReadError:
        if isinstance(error, python_calamine.PasswordError) or "password" in str(error).lower():
            return ReadError.of("read_password", kind=self.kind)
        reason = " ".join(str(error).split())[:120] or type(error).__name__
        return ReadError.of("read_corrupt_office", kind=self.kind, reason=reason)

    def __enter__(self) -> OfficeBook:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.book.close()

    def sheets(self) -> list[Sheet]:
        return list(self._sheets)

    def rows(self, sheet: Sheet) -> Generator[tuple[int, list[str]], None, None]:
        """(row number as the office program shows it, cells as text), every row of the sheet's block."""
        try:
            block = self.book.get_sheet_by_index(sheet.index)
            start = block.start
            rows = block.iter_rows()
        except Exception as error:
            raise self._refusal(error) from error
        first_row, first_col = start if start is not None else (0, 0)
        errors: dict[int, list[tuple[int, str]]] = {}  # row -> (column, '#DIV/0!'), zero-based
        for (row, column), shown in self.errors.get(sheet.name, {}).items():
            errors.setdefault(row, []).append((column, shown))
        number = first_row
        while True:
            try:
                values = next(rows)
            except StopIteration:
                return
            except Exception as error:
                raise self._refusal(error) from error
            number += 1
            self.stats.cells_read += len(values)
            cells = [""] * first_col + [text(v) for v in values]
            for column, shown in errors.get(number - 1, ()):
                if column >= len(cells):
                    cells.extend([""] * (column + 1 - len(cells)))
                if not cells[column]:  # calamine gives an error cell as empty
                    cells[column] = shown
            while cells and not cells[-1]:
                cells.pop()
            if any(len(c) > limits.MAX_CELL_CHARS for c in cells):
                raise LimitExceeded.at("MAX_CELL_CHARS", "read_cell_too_long", row=number, max=limits.MAX_CELL_CHARS)
            yield number, cells


def text(value: object) -> str:
    """A calamine value as the XLSX reader writes it: '6824', '93,56', '0,9356', ISO dates, TRUE/FALSE."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return str(value)  # the parser refuses it as not a number, naming its cell
        if value.is_integer():
            return str(int(value))
        return repr(value).replace(".", ",")
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day).isoformat()
    if isinstance(value, time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    return unicodedata.normalize("NFC", str(value)).strip()


# -- ODS: the zip's parts, then the cells calamine will lay out -------------------------


class OdsCheck(CheckedZip):
    """Every XML part within the XLSX limits; the sheets' blocks within the cell and row limits.

    `errors` keeps the cells whose formula ended in an error ('#DIV/0!'), by
    sheet and (row, column), zero-based: calamine gives them as empty cells,
    which would read as "not reported" where the XLSX reader gives the error.
    """

    kind = "ODS"

    def __init__(self, data: bytes, stats: ReadStats) -> None:
        super().__init__(data, stats)
        self.errors: dict[str, dict[tuple[int, int], str]] = {}

    def _corrupt(self) -> ReadError:
        return ReadError.of("read_corrupt_office", kind=self.kind, reason="zip/XML")

    def run(self) -> ErrorCells:
        manifest = "META-INF/manifest.xml"
        if manifest in self.parts:  # first: an encrypted file's content is not XML

            def encrypted(tag: str, _: dict[str, str]) -> None:
                if tag.endswith("|encryption-data"):
                    raise ReadError.of("read_password", kind=self.kind)

            for _ in self._parse(manifest, limits.MAX_SMALL_PART_BYTES, "MAX_SMALL_PART_BYTES", encrypted, _none):
                pass
        for name in self.parts:
            if name == "content.xml":
                self._content()
            elif name.endswith((".xml", ".rdf")) and name != manifest:
                for _ in self._parse(name, limits.MAX_SMALL_PART_BYTES, "MAX_SMALL_PART_BYTES", _none, _none):
                    pass
        if "content.xml" not in self.parts:
            raise self._corrupt()
        return self.errors

    def _content(self) -> None:
        """Measure each table as calamine expands it: repeated rows and cells holding a value count in full."""
        table_tag, row_tag = f"{ODF_TABLE}|table", f"{ODF_TABLE}|table-row"
        cell_tags = {f"{ODF_TABLE}|table-cell", f"{ODF_TABLE}|covered-table-cell"}
        value_type = f"{ODF_OFFICE}|value-type"
        rows_repeated, cols_repeated = f"{ODF_TABLE}|number-rows-repeated", f"{ODF_TABLE}|number-columns-repeated"
        state = _TablePosition()
        box = {"rows": 0, "cols": 0}
        depth = {"cell": 0}
        total = {"cells": 0}
        error: list[str] = []  # the text of the error cell being read
        in_error = {"cell": False}
        errors: dict[tuple[int, int], str] = {}

        def count(attrs: dict[str, str], key: str) -> int:
            try:
                return max(1, int(attrs.get(key, "1")))
            except ValueError:
                return 1

        def start(tag: str, attrs: dict[str, str]) -> None:
            if tag == table_tag:
                state.name = unicodedata.normalize("NFC", attrs.get(f"{ODF_TABLE}|name", ""))
                state.row = 0
                box["rows"] = box["cols"] = 0
                errors.clear()
            elif tag == row_tag:
                state.repeat = count(attrs, rows_repeated)
                state.col = 0
                state.row_valued = False
            elif tag in cell_tags:
                depth["cell"] = 1
                state.cell_repeat = count(attrs, cols_repeated)
                state.valued = value_type in attrs
                in_error["cell"] = attrs.get(CALCEXT_VALUE_TYPE) == "error"
                error.clear()
            elif depth["cell"]:
                state.valued = True  # text content without a declared type

        def text(data: str) -> None:
            if in_error["cell"] and sum(map(len, error)) < 64:
                error.append(data)

        def end(tag: str) -> None:
            if tag in cell_tags:
                depth["cell"] = 0
                if in_error["cell"]:
                    in_error["cell"] = False
                    shown = "".join(error).strip()[:64] or "#ERROR"
                    for r in range(state.row, state.row + min(state.repeat, limits.MAX_ROWS + 1)):
                        for c in range(state.col, state.col + min(state.cell_repeat, limits.MAX_COLUMNS)):
                            errors[(r, c)] = shown
                            if len(errors) > MAX_ERROR_CELLS:
                                raise _too_many_errors(self.kind)
                state.col += state.cell_repeat
                if state.valued:
                    state.row_valued = True
                    box["cols"] = max(box["cols"], state.col)
            elif tag == row_tag:
                state.row += state.repeat
                if state.row_valued:
                    box["rows"] = state.row
            elif tag == table_tag:
                total["cells"] += box["rows"] * box["cols"]
                if box["rows"] > limits.MAX_ROWS or total["cells"] > limits.MAX_CELLS:
                    raise _too_many_cells(state.name, box["rows"], box["cols"])
                if errors:
                    self.errors[state.name] = dict(errors)

        for _ in self._parse("content.xml", limits.MAX_PART_BYTES, "MAX_PART_BYTES", start, end, text):
            pass


def _none(*_: object) -> None:
    return None


def _too_many_errors(kind: str) -> LimitExceeded:
    return LimitExceeded.at("MAX_CELLS", "read_error_cells", kind=kind, max=MAX_ERROR_CELLS)


def _too_many_cells(sheet: str, rows: int, cols: int) -> LimitExceeded:
    return LimitExceeded.at(
        "MAX_ROWS" if rows > limits.MAX_ROWS else "MAX_CELLS",
        "read_too_many_cells",
        sheet=sheet[:60],
        rows=rows,
        cols=cols,
        max=limits.MAX_CELLS,
    )


# -- XLS: compound file, then BIFF records ----------------------------------------------

FREE, END_OF_CHAIN = 0xFFFFFFFF, 0xFFFFFFFE
BOF, DIMENSIONS, BOUNDSHEET, FILEPASS, BOOLERR, FORMULA = 0x0809, 0x0200, 0x0085, 0x002F, 0x0205, 0x0006
# Records holding one cell: their first two fields are the row and the column.
CELL_RECORDS = frozenset({0x0006, 0x00FD, 0x0201, 0x0203, 0x0204, 0x0205, 0x027E, 0x00D6})
MULTI_CELL_RECORDS = frozenset({0x00BD, 0x00BE})  # MULRK, MULBLANK: row, first column, ..., last column


class _Corrupt(Exception):
    pass


def check_xls(data: bytes, stats: ReadStats) -> ErrorCells:
    """Refuse an XLS whose sheets would span more cells or rows than a file may hold; its formula-error cells.

    Each sheet's records start at the offset its BOUNDSHEET record gives; a
    chart embedded in a sheet has its own BOF but no cells.
    """
    kind = KIND["xls"]
    try:
        stream = _workbook_stream(data)
    except (_Corrupt, struct.error, IndexError, ValueError) as error:
        raise ReadError.of("read_corrupt_office", kind=kind, reason="compound file") from error
    stats.bytes_inflated += len(stream)
    sheets: dict[int, str] = {}  # stream offset of the sheet's BOF -> its name
    errors: ErrorCells = {}
    box = {"rows": 0, "cols": 0, "total": 0, "errors": 0}
    current: str | None = None

    def finish() -> None:
        box["total"] += box["rows"] * box["cols"]
        if current is not None and (box["rows"] > limits.MAX_ROWS or box["total"] > limits.MAX_CELLS):
            raise _too_many_cells(current, box["rows"], box["cols"])
        box["rows"] = box["cols"] = 0

    def cell(row: int, col: int) -> None:
        box["rows"], box["cols"] = max(box["rows"], row + 1), max(box["cols"], col + 1)

    def error_cell(row: int, col: int, code: int) -> None:
        if current is not None:
            errors.setdefault(current, {})[(row, col)] = XLS_ERRORS.get(code, "#ERROR")
            box["errors"] += 1
            if box["errors"] > MAX_ERROR_CELLS:
                raise _too_many_errors(kind)

    position = 0
    while position + 4 <= len(stream):
        record, length = struct.unpack_from("<HH", stream, position)
        body = stream[position + 4 : position + 4 + length]
        if record == BOF and position in sheets:
            finish()
            current = sheets[position]
        position += 4 + length
        if record == FILEPASS and current is None:
            raise ReadError.of("read_password", kind=kind)
        if record == BOUNDSHEET and len(body) >= 8:
            sheets[struct.unpack_from("<I", body)[0]] = _sheet_name(body)
        elif record in CELL_RECORDS and len(body) >= 4:
            row, col = struct.unpack_from("<HH", body)
            cell(row, col)
            if record == BOOLERR and len(body) >= 8 and body[7] == 1:
                error_cell(row, col, body[6])
            elif record == FORMULA and len(body) >= 14 and body[6] == 2 and body[12:14] == b"\xff\xff":
                error_cell(row, col, body[8])
        elif record in MULTI_CELL_RECORDS and len(body) >= 6:
            row, _first = struct.unpack_from("<HH", body)
            (last,) = struct.unpack_from("<H", body, len(body) - 2)
            cell(row, last)
        elif record == DIMENSIONS and len(body) >= 14:
            _, last_row, _, last_col = struct.unpack_from("<IIHH", body)
            box["rows"], box["cols"] = max(box["rows"], last_row), max(box["cols"], last_col)
    finish()
    return errors


def _sheet_name(body: bytes) -> str:
    length, flags = body[6], body[7]
    raw = body[8:]
    if flags & 1:
        return unicodedata.normalize("NFC", raw[: length * 2].decode("utf-16-le", errors="replace"))
    return unicodedata.normalize("NFC", raw[:length].decode("latin-1"))


def _workbook_stream(data: bytes) -> bytes:
    """The 'Workbook' (or 'Book') stream of a compound file, following its sector chains with cycle checks."""
    if len(data) < 512:
        raise _Corrupt
    sector_shift, mini_shift = struct.unpack_from("<HH", data, 0x1E)
    if sector_shift not in (9, 12) or mini_shift != 6:
        raise _Corrupt
    size = 1 << sector_shift
    fat_count, first_dir = struct.unpack_from("<II", data, 0x2C)
    cutoff, first_minifat, minifat_count, first_difat, difat_count = struct.unpack_from("<IIIII", data, 0x38)
    sectors = (len(data) - size) // size + 1

    def sector(n: int) -> bytes:
        if n >= sectors:
            raise _Corrupt
        return data[(n + 1) * size : (n + 2) * size]

    difat = list(struct.unpack_from("<109I", data, 0x4C))
    following, seen = first_difat, 0
    while following not in (FREE, END_OF_CHAIN) and seen <= difat_count:
        block = sector(following)
        pointers = struct.unpack(f"<{size // 4}I", block)
        difat.extend(pointers[:-1])
        following, seen = pointers[-1], seen + 1
    fat: list[int] = []
    for n in difat[:fat_count]:
        if n in (FREE, END_OF_CHAIN):
            break
        fat.extend(struct.unpack(f"<{size // 4}I", sector(n)))

    def chain(first: int, table: list[int]) -> Iterator[int]:
        n, steps = first, 0
        while n not in (FREE, END_OF_CHAIN):
            if n >= len(table) or steps > len(table):
                raise _Corrupt
            yield n
            n, steps = table[n], steps + 1

    directory = b"".join(sector(n) for n in chain(first_dir, fat))
    entries = []
    for offset in range(0, len(directory) - 127, 128):
        name_len = struct.unpack_from("<H", directory, offset + 64)[0]
        name = directory[offset : offset + max(0, min(name_len, 64) - 2)].decode("utf-16-le", errors="replace")
        kind = directory[offset + 66]
        start, length = struct.unpack_from("<IQ", directory, offset + 116)
        entries.append((name, kind, start, length if sector_shift == 12 else length & 0xFFFFFFFF))
    if not entries:
        raise _Corrupt
    found = next((e for e in entries if e[1] == 2 and e[0] in ("Workbook", "Book")), None)
    if found is None:
        raise _Corrupt
    _, _, start, length = found
    if length > len(data):
        raise _Corrupt
    if length >= cutoff:
        return b"".join(sector(n) for n in chain(start, fat))[:length]
    minifat: list[int] = []
    for n in chain(first_minifat, fat):
        minifat.extend(struct.unpack(f"<{size // 4}I", sector(n)))
        if len(minifat) > minifat_count * size // 4 + size:
            raise _Corrupt
    ministream = b"".join(sector(n) for n in chain(entries[0][2], fat))
    return b"".join(ministream[n * 64 : (n + 1) * 64] for n in chain(start, minifat))[:length]
