"""Reading an XLSX workbook within limits: a streaming reader of its few parts we need.

An XLSX file is a zip of XML parts, and both layers can be hostile: a part
that inflates a thousandfold, a shared string of a gigabyte, a sheet of
millions of empty styled cells or a declared dimension of a million rows, an
XML entity that expands exponentially or reads a file on the server. A
general-purpose reader (openpyxl) trusts all of that: it inflated and parsed
whatever it was given, padded every row to the declared width and took
minutes and gigabytes to say no. This reader checks each part's declared size
and compression ratio before inflating it, counts every byte inflated, row
and cell read against `metrics.limits`, parses with expat and refuses any
DTD (Excel never writes one; without a DTD there are no entities to expand),
and stops at the first limit. It reads only what a table needs: the sheet
list with its visibility, shared strings, which styles are dates, and the
sheets' cells as text.

The interface (`sheets()`, `rows(sheet)`) is what `metrics.reading` needs of
any workbook, so another format can sit beside this one.
"""

from __future__ import annotations

import contextlib
import io
import math
import posixpath
import re
import unicodedata
import zipfile
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from xml.parsers import expat  # the expat this Python bundles rescans an unfinished token per chunk

from metrics import limits
from metrics.limits import LimitExceeded, ReadError, ReadStats, number

CHUNK = 2**16
INTEGER = re.compile(r"[+-]?\d+")
DATE_FORMAT_IDS = frozenset(range(14, 23)) | {45, 46, 47}
STRIP_FORMAT = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
WINDOWS_EPOCH = datetime(1899, 12, 30)
MAC_EPOCH = datetime(1904, 1, 1)


@dataclass(frozen=True)
class Sheet:
    name: str
    visible: bool
    part: str


def _local(name: str) -> str:
    """'uri|c' -> 'c': element names whatever prefix the writer chose."""
    return name[name.rfind("|") + 1 :]


def _refuse_dtd(part: str, kind: str) -> Callable[..., None]:
    def refuse(*_: object) -> None:
        raise ReadError.of("read_dtd", kind=kind, part=part)

    return refuse


def _mb(size: int) -> int:
    return round(size / 2**20)


def _column_index(ref: str) -> int:
    """'B5' -> 1 (zero-based); -1 when the reference has no letters or is longer than any Excel has."""
    if len(ref) > 16:  # 'XFD1048576' is the longest; a megabyte of letters is not worth a loop
        return -1
    index = 0
    for char in ref:
        code = ord(char) - 64
        if 1 <= code <= 26:
            index = index * 26 + code
        elif 33 <= code <= 58:  # lower case
            index = index * 26 + code - 32
        else:
            break
    return index - 1


def _is_date_format(code: str) -> bool:
    code = STRIP_FORMAT.sub("", code.split(";")[0])
    return re.search(r"(?<![_\\])[dmhysDMHYS]", code) is not None


class CheckedZip:
    """A zip of XML parts (XLSX, ODS) read within limits: each part inflated and parsed under its caps.

    `kind` names the format in messages ('Excel', 'ODS').
    """

    kind = "Excel"

    def __init__(self, data: bytes, stats: ReadStats) -> None:
        self.stats = stats
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
            raise self._corrupt() from error
        if len(infos) > limits.MAX_ZIP_ENTRIES:
            raise LimitExceeded.at(
                "MAX_ZIP_ENTRIES", "read_zip_entries", kind=self.kind, n=len(infos), max=limits.MAX_ZIP_ENTRIES
            )
        self.parts = {info.filename.lstrip("/"): info for info in infos}

    def _corrupt(self) -> ReadError:
        return ReadError.of("read_xlsx_corrupt")

    # -- parts -------------------------------------------------------------------

    def _chunks(self, name: str, cap: int, cap_name: str) -> Iterator[bytes]:
        """The part's bytes, inflated a chunk at a time, within its cap and the workbook's."""
        info = self.parts.get(name)
        if info is None:
            raise self._corrupt()
        if info.file_size > cap:
            raise LimitExceeded.at(
                cap_name, "read_part_too_big", part=name, kind=self.kind, mb=_mb(info.file_size), cap=_mb(cap)
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > limits.RATIO_FROM_BYTES and ratio > limits.MAX_COMPRESSION_RATIO:
            raise LimitExceeded.at(
                "MAX_COMPRESSION_RATIO",
                "read_ratio",
                part=name,
                kind=self.kind,
                ratio=round(ratio),
                max=limits.MAX_COMPRESSION_RATIO,
            )
        read = 0
        try:
            with self.zip.open(info) as stream:
                while chunk := stream.read(CHUNK):
                    read += len(chunk)
                    self.stats.bytes_inflated += len(chunk)
                    if read > cap:  # zipfile stops at the declared size; this is belt and braces
                        raise LimitExceeded.at(
                            cap_name, "read_part_too_big", part=name, kind=self.kind, mb=_mb(read), cap=_mb(cap)
                        )
                    if self.stats.bytes_inflated > limits.MAX_INFLATED_BYTES:
                        raise LimitExceeded.at(
                            "MAX_INFLATED_BYTES", "read_inflated", kind=self.kind, mb=_mb(limits.MAX_INFLATED_BYTES)
                        )
                    yield chunk
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError) as error:
            raise self._corrupt() from error

    def _parse(
        self,
        name: str,
        cap: int,
        cap_name: str,
        start: Callable[[str, dict[str, str]], None],
        end: Callable[[str], None],
        text: Callable[[str], None] | None = None,
    ) -> Iterator[None]:
        """Feed a part to expat a chunk at a time, yielding after each chunk."""
        parser = expat.ParserCreate(namespace_separator="|")
        parser.buffer_text = True
        parser.StartDoctypeDeclHandler = _refuse_dtd(name, self.kind)
        parser.EntityDeclHandler = _refuse_dtd(name, self.kind)
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartElementHandler = start
        parser.EndElementHandler = end
        if text is not None:
            parser.CharacterDataHandler = text
        run = 0  # bytes since the last '>': the length of the token expat is in
        try:
            for chunk in self._chunks(name, cap, cap_name):
                first = chunk.find(b">")
                run += len(chunk) if first < 0 else first
                if run > limits.MAX_XML_TOKEN_BYTES:
                    raise LimitExceeded.at(
                        "MAX_XML_TOKEN_BYTES",
                        "read_xml_token",
                        part=name,
                        kind=self.kind,
                        mb=_mb(limits.MAX_XML_TOKEN_BYTES),
                    )
                if first >= 0:
                    run = len(chunk) - chunk.rfind(b">") - 1
                parser.Parse(chunk, False)
                yield
            parser.Parse(b"", True)
        except expat.ExpatError as error:
            raise self._corrupt() from error
        yield


class XlsxBook(CheckedZip):
    """One workbook, opened lazily part by part; every read counted in `stats`."""

    def __init__(self, data: bytes, stats: ReadStats) -> None:
        super().__init__(data, stats)
        self.date1904 = False
        self._sheets = self._read_workbook()
        self.shared: list[str] = []
        self.date_styles: frozenset[int] = frozenset()
        self._strings_part, self._styles_part = self._related_parts()
        if self._strings_part:
            self.shared = self._read_shared_strings(self._strings_part)
        if self._styles_part:
            self.date_styles = self._read_styles(self._styles_part)

    def _small_part(self, name: str, start: Callable[[str, dict[str, str]], None]) -> None:
        for _ in self._parse(name, limits.MAX_SMALL_PART_BYTES, "MAX_SMALL_PART_BYTES", start, lambda _: None):
            pass

    def _relations(self, part: str) -> dict[str, tuple[str, str]]:
        """Relationship id -> (part name, relationship type), from a part's _rels file."""
        folder, base = posixpath.split(part)
        rels = posixpath.join(folder, "_rels", base + ".rels")
        found: dict[str, tuple[str, str]] = {}
        if rels not in self.parts:
            return {}

        def start(tag: str, attrs: dict[str, str]) -> None:
            if _local(tag) == "Relationship" and "Id" in attrs:
                target = attrs.get("Target", "")
                if attrs.get("TargetMode") == "External":
                    return
                path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
                found[attrs["Id"]] = (posixpath.normpath(path), attrs.get("Type", ""))

        self._small_part(rels, start)
        return found

    def _read_workbook(self) -> list[Sheet]:
        book = "xl/workbook.xml"
        for path, kind in self._relations("").values():
            if kind.endswith("/officeDocument"):
                book = path
        self._book = book
        entries: list[tuple[str, str, str]] = []

        def start(tag: str, attrs: dict[str, str]) -> None:
            local = _local(tag)
            if local == "sheet":
                rid = next((v for k, v in attrs.items() if _local(k) == "id"), "")
                entries.append((attrs.get("name", ""), attrs.get("state", "visible"), rid))
            elif local == "workbookPr":
                self.date1904 = attrs.get("date1904", "0") in ("1", "true")

        self._small_part(book, start)
        relations = self._relations(book)
        sheets, seen = [], set()
        for name, state, rid in entries:
            part = relations.get(rid, ("", ""))[0]
            if part and part in self.parts and part not in seen:  # each sheet part is read once at most
                seen.add(part)
                sheets.append(Sheet(unicodedata.normalize("NFC", name), state == "visible", part))
        if not sheets:  # Excel always writes at least one sheet
            raise self._corrupt()
        return sheets

    def _related_parts(self) -> tuple[str | None, str | None]:
        strings = styles = None
        for path, kind in self._relations(self._book).values():
            if kind.endswith("/sharedStrings") and path in self.parts:
                strings = path
            elif kind.endswith("/styles") and path in self.parts:
                styles = path
        return strings, styles

    def _read_shared_strings(self, name: str) -> list[str]:
        strings: list[str] = []
        parts: list[str] = []
        state = {"in_t": False, "phonetic": 0, "chars": 0}

        def start(tag: str, attrs: dict[str, str]) -> None:
            local = _local(tag)
            if local == "t" and not state["phonetic"]:
                state["in_t"] = True
            elif local == "rPh":
                state["phonetic"] += 1
            elif local == "si":
                parts.clear()
                state["chars"] = 0

        def end(tag: str) -> None:
            local = _local(tag)
            if local == "t":
                state["in_t"] = False
            elif local == "rPh":
                state["phonetic"] -= 1
            elif local == "si":
                strings.append(unicodedata.normalize("NFC", "".join(parts)).strip())
                if len(strings) > limits.MAX_SHARED_STRINGS:
                    raise LimitExceeded.at("MAX_SHARED_STRINGS", "read_shared_strings", max=limits.MAX_SHARED_STRINGS)

        def text(data: str) -> None:
            if state["in_t"]:
                parts.append(data)
                state["chars"] += len(data)
                if state["chars"] > limits.MAX_CELL_CHARS:
                    raise LimitExceeded.at(
                        "MAX_CELL_CHARS", "read_string_too_long", n=len(strings), max=limits.MAX_CELL_CHARS
                    )

        for _ in self._parse(name, limits.MAX_SHARED_STRINGS_BYTES, "MAX_SHARED_STRINGS_BYTES", start, end, text):
            pass
        return strings

    def _read_styles(self, name: str) -> frozenset[int]:
        formats: dict[int, str] = {}
        cell_formats: list[int] = []
        where = {"xfs": False}

        def start(tag: str, attrs: dict[str, str]) -> None:
            local = _local(tag)
            if local == "numFmt":
                with contextlib.suppress(ValueError):
                    formats[int(attrs.get("numFmtId", ""))] = attrs.get("formatCode", "")
            elif local == "cellXfs":
                where["xfs"] = True
            elif local == "xf" and where["xfs"]:
                try:
                    cell_formats.append(int(attrs.get("numFmtId", "0")))
                except ValueError:
                    cell_formats.append(0)

        def end(tag: str) -> None:
            if _local(tag) == "cellXfs":
                where["xfs"] = False

        for _ in self._parse(name, limits.MAX_SMALL_PART_BYTES, "MAX_SMALL_PART_BYTES", start, end):
            pass
        dates = set()
        for index, fmt_id in enumerate(cell_formats):
            code = formats.get(fmt_id)
            if (code is None and fmt_id in DATE_FORMAT_IDS) or (code is not None and _is_date_format(code)):
                dates.add(index)
        return frozenset(dates)

    # -- the interface reading.py uses ---------------------------------------------

    def sheets(self) -> list[Sheet]:
        return list(self._sheets)

    def rows(self, sheet: Sheet) -> Generator[tuple[int, list[str]], None, None]:
        """(row number as Excel shows it, cells as text) for every row element, empty ones too.

        The handlers run once per cell of a sheet that may hold a million, so
        they keep their state in local variables and convert only cells with
        a value; an empty styled cell costs a counter.
        """
        stats = self.stats
        max_cells, max_chars, max_columns = limits.MAX_CELLS, limits.MAX_CELL_CHARS, limits.MAX_COLUMNS
        done: list[tuple[int, list[str]]] = []
        names: dict[str, str] = {}
        cells: dict[int, str] = {}
        text: list[str] = []
        row_number = position = chars = phonetic = 0
        ref = kind = style = ""
        collecting = uncached = False

        def start(tag: str, attrs: dict[str, str]) -> None:
            nonlocal row_number, position, chars, phonetic, ref, kind, style, collecting, uncached
            local = names.get(tag) or names.setdefault(tag, _local(tag))
            if local == "c":
                stats.cells_read += 1
                if stats.cells_read > max_cells:
                    raise LimitExceeded.at("MAX_CELLS", "read_more_cells", sheet=sheet.name, max=max_cells)
                position += 1
                ref = attrs.get("r", "")
                kind = attrs.get("t", "n")
                style = attrs.get("s", "")
                if text:
                    text.clear()
                chars = 0
                uncached = False
            elif local == "v" or (local == "t" and not phonetic):
                collecting = True
                uncached = False
            elif local == "f":
                # A formula is read through its cached value, which follows it as <v>.
                uncached = True
            elif local == "row":
                try:
                    row_number = int(attrs["r"])
                except (KeyError, ValueError):
                    row_number += 1
                position = 0
                cells.clear()
            elif local == "rPh":
                phonetic += 1
            elif local == "dimension":
                _check_dimension(sheet.name, attrs.get("ref", ""))

        def end(tag: str) -> None:
            nonlocal collecting, phonetic
            local = names.get(tag) or names.setdefault(tag, _local(tag))
            if local == "c":
                if uncached:
                    raise _uncached_formula(ref, row_number)
                if not text:
                    return
                value = self._value("".join(text), kind, style, ref, row_number, sheet)
                if value:
                    col = _column_index(ref) if ref else position - 1
                    if col < 0:
                        col = position - 1
                    if col >= max_columns:
                        raise LimitExceeded.at(
                            "MAX_COLUMNS",
                            "read_cell_too_far",
                            cell=ref or number(col + 1),
                            row=row_number,
                            col=col + 1,
                            max=max_columns,
                        )
                    cells[col] = value
            elif local == "v" or local == "t":
                collecting = False
            elif local == "row":
                row = [""] * (max(cells) + 1) if cells else []
                for col, value in cells.items():
                    row[col] = value
                done.append((row_number, row))
            elif local == "rPh":
                phonetic -= 1

        def characters(data: str) -> None:
            nonlocal chars
            if collecting:
                text.append(data)
                chars += len(data)
                if chars > max_chars:
                    raise LimitExceeded.at(
                        "MAX_CELL_CHARS", "read_xlsx_cell_too_long", row=row_number, max=limits.MAX_CELL_CHARS
                    )

        for _ in self._parse(sheet.part, limits.MAX_PART_BYTES, "MAX_PART_BYTES", start, end, characters):
            yield from done
            done.clear()

    def _value(self, text: str, kind: str, style: str, ref: str, row: int, sheet: Sheet) -> str:
        """A cell as the text a person would type for it ('6824', '93,56', a date as ISO)."""
        if kind == "s":
            try:
                return self.shared[int(text)]
            except (ValueError, IndexError):
                raise ReadError.of(
                    "read_string_missing", cell=ref, sheet=sheet.name, index=text.strip()[:20], n=len(self.shared)
                ) from None
        if kind in ("inlineStr", "str", "e", "d"):
            return unicodedata.normalize("NFC", text).strip()
        if kind == "b":
            return "TRUE" if text.strip() in ("1", "true") else "FALSE"
        text = text.strip()
        if not text:
            return ""
        is_date = bool(style) and style.isdigit() and int(style) in self.date_styles
        if INTEGER.fullmatch(text) and not is_date:
            return str(int(text))
        try:
            value = float(text)
        except ValueError:
            raise ReadError.of("read_number_garbled", cell=ref, sheet=sheet.name, text=text[:20]) from None
        if not math.isfinite(value):
            raise ReadError.of("read_not_finite", cell=ref, row=row, sheet=sheet.name)
        if is_date:
            moment = _excel_date(value, self.date1904)
            if moment is not None:
                return moment
        if value.is_integer():
            return str(int(value))
        return repr(value).replace(".", ",")


def _excel_date(serial: float, date1904: bool) -> str | None:
    """An Excel date serial as openpyxl gave it: ISO datetime, or a time for fractions of a day."""
    day, fraction = divmod(serial, 1)
    part = timedelta(milliseconds=round(fraction * 86_400_000))
    if 0 <= serial < 1 and part.days == 0:
        return (datetime.min + part).time().isoformat()
    epoch = MAC_EPOCH if date1904 else WINDOWS_EPOCH
    if 0 < serial < 60 and not date1904:
        day += 1  # Excel counts 29 February 1900, which never was
    try:
        return (epoch + timedelta(days=day) + part).isoformat()
    except OverflowError:
        return None


def _check_dimension(sheet: str, ref: str) -> None:
    """Refuse a sheet that declares more rows or columns than a file may hold."""
    last = ref.split(":")[-1]
    digits = last.lstrip("$ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz").replace("$", "")
    rows = int(digits) if digits.isdigit() else 0
    cols = _column_index(last.replace("$", "")) + 1
    if rows > limits.MAX_ROWS or cols > limits.MAX_COLUMNS:
        raise LimitExceeded.at(
            "MAX_ROWS" if rows > limits.MAX_ROWS else "MAX_COLUMNS",
            "read_declared_dimension",
            sheet=sheet,
            ref=ref[:40],
            rows=rows,
            cols=cols,
            max_rows=limits.MAX_ROWS,
            max_cols=limits.MAX_COLUMNS,
        )


def _uncached_formula(ref: str, row: int) -> ReadError:
    """The refusal of a formula saved without its result (written by a generator, never opened)."""
    if ref:
        return ReadError.of("read_formula_uncached", cell=ref)
    return ReadError.of("read_formula_uncached_row", row=row)
