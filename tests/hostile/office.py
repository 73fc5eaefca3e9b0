"""Hostile ODS and XLS files, each made from a committed LibreOffice save by changing one thing."""

from __future__ import annotations

import io
import struct
import zipfile

from metrics.settings import SAMPLE_DIR

FOLDER = SAMPLE_DIR / "office"
LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
)
ONE_FILLED_CELL = '<table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell>'


def ods() -> bytes:
    return (FOLDER / "template.ods").read_bytes()


def xls() -> bytes:
    return (FOLDER / "template.xls").read_bytes()


def ods_with(part: str, text: bytes) -> bytes:
    """The committed ODS with one part replaced (the mimetype stays first and stored, as ODF requires)."""
    source = zipfile.ZipFile(io.BytesIO(ods()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = text if info.filename == part else source.read(info)
            method = zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
            target.writestr(info.filename, data, compress_type=method)
    return out.getvalue()


def content() -> str:
    return zipfile.ZipFile(io.BytesIO(ods())).read("content.xml").decode()


def with_first_row(row: str) -> bytes:
    """The committed ODS with `row` (table:table-row XML) above its header."""
    text = content()
    first = text.index("<table:table-row")
    return ods_with("content.xml", (text[:first] + row + text[first:]).encode())


def xls_cell_moved(row: int, column: int, to: tuple[int, int]) -> bytes:
    """The committed XLS with the text cell at (row, column), zero-based, moved to `to`."""
    data = bytearray(xls())
    record = b"\xfd\x00\x0a\x00"  # LABELSST, 10 bytes: row, column, style, string index
    at = data.index(record + struct.pack("<HH", row, column))
    struct.pack_into("<HH", data, at + 4, *to)
    return bytes(data)


# -- the cases of tests/hostile/cases.py ------------------------------------------------


def ods_million_repeated_rows() -> bytes:
    """A few bytes that calamine would expand into a million filled rows."""
    return with_first_row(f'<table:table-row table:number-rows-repeated="1000000">{ONE_FILLED_CELL}</table:table-row>')


def ods_billion_laughs() -> bytes:
    text = content()
    return ods_with("content.xml", (LAUGHS + text[text.index("?>") + 2 :]).encode())


def ods_external_entity() -> bytes:
    entity = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]><x>&secret;</x>'
    return ods_with("meta.xml", entity)


def ods_compression_ratio() -> bytes:
    padding = "<!--" + " " * (300 * 2**20 // 100) + "-->"
    return ods_with(
        "content.xml", content().replace("</office:spreadsheet>", padding + "</office:spreadsheet>").encode()
    )


def xls_far_cell() -> bytes:
    """One cell moved to the last row and column: calamine would allocate the 65,536 × 256 block between."""
    return xls_cell_moved(49, 0, (65535, 255))
