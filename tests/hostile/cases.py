"""The hostile files, one builder each, with the refusal each must get."""

from __future__ import annotations

import functools
import random
from collections.abc import Callable
from dataclasses import dataclass

from metrics import limits
from tests.hostile import office, xlsx
from tests.hostile.xlsx import HEADER, MAIN, Deflated, Raw, deflate_repeated, shared_strings_xml, sheet_xml, workbook

QUARTER = "Quý IV/2025"
CSV_HEADER = ",".join(HEADER) + "\n"
WIDE_COUNTS = [
    "online_dossiers", "total_dossiers", "on_time_dossiers", "resolved_dossiers", "esigned_docs", "electronic_docs",
    "overdue_tasks", "tasks_done_on_time", "tasks_due", "complaints", "complaints_resolved",
]  # fmt: skip
MB = 2**20


@dataclass(frozen=True)
class Hostile:
    """A hostile file and its expected refusal.

    `message` is a fragment of the sentence the uploader must read; `limit`
    the limit that stops reading (None when the file is read whole and
    refused by validation); `row`/`column` where the problem is named;
    `rows_read` and `bytes_inflated` upper bounds on the work done.
    """

    name: str
    build: Callable[[], bytes]
    message: str
    limit: str | None = None
    row: int | None = None
    column: str | None = None
    rows_read: int = limits.MAX_ROWS + 1
    bytes_inflated: int = limits.MAX_INFLATED_BYTES

    @property
    def file_name(self) -> str:
        suffix = next((f".{kind}" for kind in ("csv", "ods", "xls") if self.name.startswith(kind + "_")), ".xlsx")
        return self.name.replace("_", "-") + suffix

    def data(self) -> bytes:
        return _built(self.name)


def _good_rows() -> list[list[object]]:
    return [HEADER, ["SNV", QUARTER, 3]]


# -- XLSX: zip bombs and oversized parts ---------------------------------------------


def shared_strings_bomb() -> bytes:
    """A 400 MB shared-strings part in a file of a few hundred kilobytes."""
    head = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">'.encode()
    chunk = b"<si><t>" + b"A" * 1000 + b"</t></si>"
    part = deflate_repeated(head, chunk * 1000, 400, b"</sst>")
    return _with_strings(part)


def strings_just_under_the_cap_but_squeezed() -> bytes:
    """30 MB of shared strings (under the size cap) compressed a thousandfold."""
    head = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">'.encode()
    chunk = b"<si><t>" + b"B" * 1000 + b"</t></si>"
    return _with_strings(deflate_repeated(head, chunk * 1000, 30, b"</sst>"))


def one_huge_shared_string() -> bytes:
    """One shared string of 1.5 GB in a 1.5 MB file."""
    head = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}"><si><t>'.encode()
    return _with_strings(deflate_repeated(head, b"A" * MB, 1536, b"</t></si></sst>"))


def huge_string_behind_a_false_size() -> bytes:
    """The same 1.5 GB string, its part declaring 20 MB: reading must not believe the size."""
    head = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}"><si><t>'.encode()
    part = deflate_repeated(head, b"A" * MB, 1536, b"</t></si></sst>")
    return _with_strings(Deflated(part.deflated, part.size, part.crc, declared_size=20 * MB))


def _with_strings(part: Deflated) -> bytes:
    sheet = sheet_xml(body='<row r="1"><c r="A1" t="s"><v>0</v></c></row>')
    parts: dict[str, bytes | Deflated] = dict(workbook([("Số liệu", sheet, "visible")], shared_strings=""))
    parts["xl/sharedStrings.xml"] = part
    return xlsx.zipped_raw(parts)


def styled_empty_cells() -> bytes:
    """A header, one row, then 3 million empty cells that only carry a style, as Excel writes them."""
    rows = [xlsx.rows_xml(_good_rows())]
    cols = [xlsx.column(i) for i in range(100)]
    for r in range(3, 30_003):
        rows.append(f'<row r="{r}">' + "".join(f'<c r="{c}{r}" s="1"/>' for c in cols) + "</row>")
    return xlsx.simple_part(sheet_xml(body="".join(rows)))


def declared_dimension() -> bytes:
    """Two real rows in a sheet that declares every row and column Excel has."""
    return xlsx.simple(_good_rows(), dimension="A1:XFD1048576")


def million_rows() -> bytes:
    """1,048,576 rows, Excel's maximum, each naming a unit and quarter through shared strings."""
    strings = shared_strings_xml([*HEADER, "SNV", QUARTER])
    head = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>'
    body = [head] + [
        f'<row r="{r}"><c r="A{r}" t="s"><v>3</v></c><c r="B{r}" t="s"><v>4</v></c></row>' for r in range(2, 1_048_577)
    ]
    return xlsx.zipped(workbook([("Số liệu", sheet_xml(body="".join(body)), "visible")], shared_strings=strings))


def one_huge_tag() -> bytes:
    """A cell reference of 3 MB of hex digits: one XML token that old expat rescans per chunk (quadratic)."""
    noise = random.Random(14).randbytes(3 * MB // 2).hex()
    sheet = sheet_xml([HEADER, ["SNV", QUARTER, Raw(f'<c r="{noise}"><v>1</v></c>')]])
    return xlsx.zipped(workbook([("Số liệu", sheet, "visible")]))


def too_many_parts() -> bytes:
    parts = workbook([("Số liệu", sheet_xml(_good_rows()), "visible")])
    parts.update({f"xl/media/image{i}.png": b"" for i in range(1_200)})
    return xlsx.zipped(parts)


def not_a_workbook() -> bytes:
    return xlsx.zipped({"hello.txt": b"not a workbook"})


# -- XLSX: XML tricks and impossible cells ---------------------------------------------

LAUGHS = (
    '<!DOCTYPE sst [<!ENTITY a "lol">'
    + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
    + "]>"
)


def billion_laughs() -> bytes:
    strings = shared_strings_xml(["SNV"], prolog=LAUGHS).replace("<t>SNV</t>", "<t>&j;</t>")
    sheet = sheet_xml(body='<row r="1"><c r="A1" t="s"><v>0</v></c></row>')
    return xlsx.zipped(workbook([("Số liệu", sheet, "visible")], shared_strings=strings))


def external_entity() -> bytes:
    prolog = '<!DOCTYPE worksheet [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
    sheet = sheet_xml([HEADER, ["SNV", QUARTER, Raw('<c r="{ref}" t="inlineStr"><is><t>&secret;</t></is></c>')]])
    sheet = sheet.replace("<worksheet", prolog + "<worksheet", 1)
    return xlsx.zipped(workbook([("Số liệu", sheet, "visible")]))


def _one_cell(xml: str) -> Callable[[], bytes]:
    return lambda: xlsx.simple([HEADER, ["SNV", QUARTER, Raw(xml)]])


def string_index_out_of_range() -> bytes:
    strings = shared_strings_xml(["SNV"])
    sheet = sheet_xml(
        [HEADER, [Raw('<c r="{ref}" t="s"><v>0</v></c>'), QUARTER, Raw('<c r="{ref}" t="s"><v>99</v></c>')]]
    )
    return xlsx.zipped(workbook([("Số liệu", sheet, "visible")], shared_strings=strings))


def two_data_sheets() -> bytes:
    return xlsx.zipped(
        workbook(
            [
                ("Quý 3", sheet_xml([HEADER, ["SNV", "Quý III/2025", 1]]), "visible"),
                ("Quý 4", sheet_xml(_good_rows()), "visible"),
            ]
        )
    )


# -- CSV ---------------------------------------------------------------------------------


def csv_duplicated_rows() -> bytes:
    return (CSV_HEADER + f"SNV,{QUARTER},3\n" * 700_000).encode()


def csv_bad_rows(count: int) -> Callable[[], bytes]:
    return lambda: (CSV_HEADER + "XYZ,Quý 9/2025,-1\n" * count).encode()


def csv_wide_bad_rows() -> bytes:
    """Every number of the wide template wrong in every row, up to the row limit: two million errors."""
    header = ["Mã đơn vị", "Kỳ báo cáo", *WIDE_COUNTS]
    row = ",".join(["XYZ", "Quý 9/2025"] + ["x"] * len(WIDE_COUNTS))
    return (",".join(header) + "\n" + (row + "\n") * (limits.MAX_ROWS - 1)).encode()


def csv_million_columns() -> bytes:
    return (CSV_HEADER.rstrip("\n") + "," + ",".join(f"c{i}" for i in range(1_000_000)) + "\n").encode()


def csv_huge_field() -> bytes:
    return (CSV_HEADER + f'SNV,{QUARTER},"' + "9" * (10 * MB) + '"\n').encode()


def csv_unterminated_quote() -> bytes:
    return (CSV_HEADER + f'SNV,"{QUARTER},3\nSTP,{QUARTER},2\n').encode()


# -- absurd values -------------------------------------------------------------------------


def csv_309_digits() -> bytes:
    return (CSV_HEADER + f"SNV,{QUARTER},1{'0' * 308}\n").encode()


CASES = [
    Hostile("xlsx_shared_strings_bomb", shared_strings_bomb, "giải nén ra 388 MB", "MAX_SHARED_STRINGS_BYTES",
            rows_read=0, bytes_inflated=MB),
    Hostile("xlsx_compression_ratio", strings_just_under_the_cap_but_squeezed, "dấu hiệu của tệp nén độc hại",
            "MAX_COMPRESSION_RATIO", rows_read=0, bytes_inflated=MB),
    Hostile("xlsx_one_huge_shared_string", one_huge_shared_string, "giải nén ra 1.536 MB",
            "MAX_SHARED_STRINGS_BYTES", rows_read=0, bytes_inflated=MB),
    Hostile("xlsx_huge_string_false_size", huge_string_behind_a_false_size, "dài hơn 32.767 ký tự",
            "MAX_CELL_CHARS", rows_read=0, bytes_inflated=MB),
    Hostile("xlsx_styled_empty_cells", styled_empty_cells, f"hơn {limits.number(limits.MAX_CELLS)} ô (kể cả ô trống đã định dạng)",
            "MAX_CELLS", rows_read=20_003, bytes_inflated=64 * MB),
    Hostile("xlsx_declared_dimension", declared_dimension, "khai báo vùng dữ liệu A1:XFD1048576", "MAX_ROWS",
            rows_read=0, bytes_inflated=MB),
    Hostile("xlsx_million_rows", million_rows, "Tệp có hơn 150.000 dòng", "MAX_ROWS", bytes_inflated=32 * MB),
    Hostile("xlsx_one_huge_tag", one_huge_tag, "có một thẻ XML dài hơn 1 MB", "MAX_XML_TOKEN_BYTES", rows_read=1,
            bytes_inflated=2 * MB),
    Hostile("xlsx_too_many_parts", too_many_parts, "vượt giới hạn 1.000", "MAX_ZIP_ENTRIES", rows_read=0,
            bytes_inflated=0),
    Hostile("xlsx_not_a_workbook", not_a_workbook, "Tệp Excel bị hỏng", rows_read=0, bytes_inflated=MB),
    Hostile("xlsx_billion_laughs", billion_laughs, "khai báo DTD", rows_read=0, bytes_inflated=MB),
    Hostile("xlsx_external_entity", external_entity, "khai báo DTD", rows_read=0, bytes_inflated=MB),
    Hostile("xlsx_nan_cell", _one_cell('<c r="{ref}"><v>NaN</v></c>'), "không phải số hữu hạn", rows_read=2,
            bytes_inflated=MB),
    Hostile("xlsx_infinite_cell", _one_cell('<c r="{ref}"><v>-INF</v></c>'), "không phải số hữu hạn",
            rows_read=2, bytes_inflated=MB),
    Hostile("xlsx_string_index_out_of_range", string_index_out_of_range, "nhưng tệp chỉ có 1 chuỗi", rows_read=2,
            bytes_inflated=MB),
    Hostile("xlsx_two_data_sheets", two_data_sheets, "2 trang tính cùng chứa số liệu: 'Quý 3', 'Quý 4'",
            rows_read=4, bytes_inflated=MB),
    Hostile("xlsx_1e308_cell", _one_cell('<c r="{ref}"><v>1E+308</v></c>'), "quá lớn", row=2,
            column="complaints", rows_read=2, bytes_inflated=MB),
    Hostile("xlsx_1e28_cell", _one_cell('<c r="{ref}"><v>1E+28</v></c>'), "quá lớn", row=2,
            column="complaints", rows_read=2, bytes_inflated=MB),
    Hostile("ods_million_repeated_rows", office.ods_million_repeated_rows, "trải trên 1.000.050 dòng × 12 cột",
            "MAX_ROWS", rows_read=0, bytes_inflated=MB),
    Hostile("ods_billion_laughs", office.ods_billion_laughs, "Tệp ODS có khai báo DTD", rows_read=0, bytes_inflated=MB),
    Hostile("ods_external_entity", office.ods_external_entity, "khai báo DTD (<!DOCTYPE>) trong phần 'meta.xml'",
            rows_read=0, bytes_inflated=MB),
    Hostile("ods_compression_ratio", office.ods_compression_ratio, "của tệp ODS nén", "MAX_COMPRESSION_RATIO",
            rows_read=0, bytes_inflated=MB),
    Hostile("xls_far_cell", office.xls_far_cell, "trải trên 65.536 dòng × 256 cột, vượt giới hạn 1.000.000 ô",
            "MAX_CELLS", rows_read=0, bytes_inflated=MB),
    Hostile("csv_309_digit_count", csv_309_digits, "quá lớn", row=2, column="complaints", rows_read=2,
            bytes_inflated=0),
    Hostile("csv_duplicated_rows", csv_duplicated_rows, "Tệp có 700.001 dòng", "MAX_ROWS", bytes_inflated=0),
    Hostile("csv_300k_bad_rows", csv_bad_rows(300_000), "Tệp có 300.001 dòng", "MAX_ROWS", bytes_inflated=0),
    Hostile("csv_100k_bad_rows", csv_bad_rows(100_000), "Tệp có 300.000 lỗi; chỉ liệt kê 1.000 lỗi đầu tiên, còn 299.000 lỗi nữa", rows_read=100_001,
            bytes_inflated=0),
    Hostile("csv_wide_bad_rows", csv_wide_bad_rows, "Tệp có 1.949.987 lỗi; chỉ liệt kê 1.000 lỗi đầu tiên",
            rows_read=150_000, bytes_inflated=0),
    Hostile("csv_million_columns", csv_million_columns, "1.000.003 cột, vượt giới hạn 1.000 cột", "MAX_COLUMNS",
            rows_read=0, bytes_inflated=0),
    Hostile("csv_10mb_field", csv_huge_field, "dài hơn 32.767 ký tự", "MAX_CELL_CHARS", rows_read=1,
            bytes_inflated=0),
    Hostile("csv_unterminated_quote", csv_unterminated_quote, "mở ở dòng 2 không được đóng", rows_read=1,
            bytes_inflated=0),
]  # fmt: skip

_BUILDERS = {case.name: case.build for case in CASES}


@functools.cache
def _built(name: str) -> bytes:
    return _BUILDERS[name]()
