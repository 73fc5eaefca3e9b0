"""Hand-built XLSX parts, so a test can say exactly what a hostile workbook holds.

Office writers refuse to produce most of these files (a DTD, a string index
past the end, a part whose declared size lies), so they are written here
part by part. `deflate_repeated` makes a part of gigabytes in a few megabytes
without compressing gigabytes at test time: a full flush resets the
compressor, so one compressed chunk can be repeated.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterable
from xml.sax.saxutils import escape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
HEADER = ["Mã đơn vị", "Kỳ báo cáo", "Số đơn thư tiếp nhận"]
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def column(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def cell(ref: str, value: object) -> str:
    """A cell as Excel writes it: numbers inline, text as an inline string."""
    if value is None:
        return ""
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    if isinstance(value, Raw):
        return value.xml.replace("{ref}", ref)
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


class Raw:
    """A cell given as literal XML; '{ref}' is replaced by its reference."""

    def __init__(self, xml: str) -> None:
        self.xml = xml


def rows_xml(rows: Iterable[list[object]], first: int = 1) -> str:
    out = []
    for number, row in enumerate(rows, start=first):
        cells = "".join(cell(f"{column(i)}{number}", v) for i, v in enumerate(row))
        out.append(f'<row r="{number}">{cells}</row>')
    return "".join(out)


def sheet_xml(rows: Iterable[list[object]] = (), dimension: str | None = None, body: str | None = None) -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    data = rows_xml(rows) if body is None else body
    return f'{XML_DECL}<worksheet xmlns="{MAIN}">{dim}<sheetData>{data}</sheetData></worksheet>'


def shared_strings_xml(strings: list[str], prolog: str = "") -> str:
    items = "".join(f"<si><t>{escape(s)}</t></si>" for s in strings)
    return f'{XML_DECL}{prolog}<sst xmlns="{MAIN}" count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>'


def workbook(
    sheets: list[tuple[str, str, str]],
    shared_strings: str | None = None,
    workbook_prolog: str = "",
    styles: str | None = None,
) -> dict[str, bytes]:
    """Parts of a workbook: sheets as (name, sheet xml, state: visible|hidden|veryHidden)."""
    entries = "".join(
        f'<sheet name="{escape(name)}" sheetId="{i}" r:id="rId{i}"'
        + ("" if state == "visible" else f' state="{state}"')
        + "/>"
        for i, (name, _, state) in enumerate(sheets, start=1)
    )
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{RELS}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    if shared_strings is not None:
        rels += f'<Relationship Id="rIdS" Type="{RELS}/sharedStrings" Target="sharedStrings.xml"/>'
    if styles is not None:
        rels += f'<Relationship Id="rIdY" Type="{RELS}/styles" Target="styles.xml"/>'
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    if shared_strings is not None:
        overrides += (
            '<Override PartName="/xl/sharedStrings.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        )
    parts = {
        "[Content_Types].xml": (
            f'{XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            f"{overrides}</Types>"
        ),
        "_rels/.rels": (
            f'{XML_DECL}<Relationships xmlns="{PACKAGE_RELS}">'
            f'<Relationship Id="rId1" Type="{RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'{XML_DECL}{workbook_prolog}<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets>{entries}</sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": f'{XML_DECL}<Relationships xmlns="{PACKAGE_RELS}">{rels}</Relationships>',
    }
    for i, (_, xml, _) in enumerate(sheets, start=1):
        parts[f"xl/worksheets/sheet{i}.xml"] = xml
    if shared_strings is not None:
        parts["xl/sharedStrings.xml"] = shared_strings
    if styles is not None:
        parts["xl/styles.xml"] = styles
    return {name: text.encode() for name, text in parts.items()}


def zipped(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as book:
        for name, data in parts.items():
            book.writestr(name, data)
    return buffer.getvalue()


def simple(rows: list[list[object]], dimension: str | None = None) -> bytes:
    """One visible sheet holding the rows."""
    return zipped(workbook([("Số liệu", sheet_xml(rows, dimension), "visible")]))


class Deflated:
    """A part given already deflated, with the sizes to declare for it."""

    def __init__(self, deflated: bytes, size: int, crc: int, declared_size: int | None = None) -> None:
        self.deflated = deflated
        self.size = size
        self.crc = crc
        self.declared_size = size if declared_size is None else declared_size


def deflate_repeated(head: bytes, chunk: bytes, times: int, tail: bytes) -> Deflated:
    """head + chunk * times + tail, deflated in memory proportional to one chunk."""
    squeezer = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = squeezer.compress(head) + squeezer.flush(zlib.Z_FULL_FLUSH)
    middle = squeezer.compress(chunk) + squeezer.flush(zlib.Z_FULL_FLUSH)
    end = squeezer.compress(tail) + squeezer.flush(zlib.Z_FINISH)
    crc = zlib.crc32(head)
    for _ in range(times):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(tail, crc)
    return Deflated(start + middle * times + end, len(head) + len(chunk) * times + len(tail), crc)


def zipped_raw(parts: dict[str, bytes | Deflated]) -> bytes:
    """A zip written by hand, so that a part can be pre-deflated or declare a false size."""
    out = io.BytesIO()
    central = []
    for name, part in parts.items():
        if not isinstance(part, Deflated):
            squeezer = zlib.compressobj(6, zlib.DEFLATED, -15)
            part = Deflated(squeezer.compress(part) + squeezer.flush(), len(part), zlib.crc32(part))
        encoded = name.encode()
        offset = out.tell()
        sizes = (part.crc, len(part.deflated), part.declared_size)
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, *sizes, len(encoded), 0))
        out.write(encoded)
        out.write(part.deflated)
        central.append(
            struct.pack(
                "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, *sizes, len(encoded), 0, 0, 0, 0, 0, offset
            )
            + encoded
        )
    start = out.tell()
    directory = b"".join(central)
    out.write(directory)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), len(directory), start, 0))
    return out.getvalue()


def simple_part(sheet: str) -> bytes:
    """One visible sheet given as its XML."""
    return zipped(workbook([("Số liệu", sheet, "visible")]))
