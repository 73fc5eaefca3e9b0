"""Write the folder of awkward upload files and `expected.json`, their expected outcomes.

One file per hazard an office really produces: encodings, separators, title
rows, Vietnamese numbers, and every kind of mistake the validator must name.
`tests/test_awkward_files.py` drives them all with one parametrized test,
assuming today is 2026-01-15 (so 2026-Q2 is in the future).
Run `python sample_data/awkward/generate.py` to rebuild; the output is committed.
`excel_97.xls` is saved by LibreOffice (`soffice`, see sample_data/office/generate.py).
"""

from __future__ import annotations

import importlib.util
import json
import tempfile
import unicodedata
from pathlib import Path

import xlsxwriter

HERE = Path(__file__).resolve().parent
VI = ["Mã đơn vị", "Kỳ báo cáo", "Số hồ sơ tiếp nhận trực tuyến", "Tổng số hồ sơ tiếp nhận", "Số đơn thư tiếp nhận"]
EN = ["unit_code", "quarter", "online_dossiers", "total_dossiers", "complaints"]
GOOD = [["SNV", "Quý III/2025", "6.824", "7.000", "2"], ["STP", "2025-Q3", "512", "640", "0"]]

cases: list[dict] = []


def csv_text(rows: list[list[str]], sep: str = ",") -> str:
    def cell(value: str) -> str:
        return f'"{value}"' if sep in value or '"' in value else value

    return "\r\n".join(sep.join(cell(v) for v in row) for row in rows) + "\r\n"


TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def cp1258(text: str) -> bytes:
    """Encode as older Excel does: base letters precomposed, tone marks combining."""
    out = []
    for char in text:
        try:
            out.append(char.encode("cp1258"))
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONE_MARKS))
            tones = "".join(c for c in parts if c in TONE_MARKS)
            out.append((base + tones).encode("cp1258"))
    return b"".join(out)


def add(
    name: str, data: bytes, status: str, errors: list[tuple[int | None, str | None]] = (), **expect: object
) -> None:
    (HERE / name).write_bytes(data)
    cases.append({"file": name, "status": status, "errors": [list(e) for e in errors], **expect})


def xlsx(name: str, rows: list[list[object]], title_rows: int = 0) -> bytes:
    path = HERE / name
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Số liệu")
    for i in range(title_rows):
        sheet.write_string(i, 0, ["UBND TỈNH AN SƠN", "BÁO CÁO SỐ LIỆU QUÝ III/2025", ""][i % 3])
    for r, row in enumerate(rows, start=title_rows):
        for c, value in enumerate(row):
            if isinstance(value, str):
                sheet.write_string(r, c, value)
            elif value is not None:
                sheet.write_number(r, c, value)
    book.close()
    return path.read_bytes()


def excel_97(rows: list[list[object]]) -> bytes:
    """The rows saved as Excel 97-2003 by LibreOffice, through the office folder's converter."""
    spec = importlib.util.spec_from_file_location("office_generate", HERE.parent / "office" / "generate.py")
    assert spec is not None and spec.loader is not None
    office = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(office)
    with tempfile.TemporaryDirectory() as work:
        source, target = Path(work) / "excel_97.xlsx", Path(work) / "excel_97.xls"
        book = xlsxwriter.Workbook(str(source))
        sheet = book.add_worksheet("Số liệu")
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                sheet.write(r, c, value)
        book.close()
        office.soffice(source, target, "xls:MS Excel 97")
        return target.read_bytes()


def main() -> None:
    for old in HERE.iterdir():
        if old.name not in ("generate.py", "__pycache__"):
            old.unlink()
    good = [VI, *GOOD]
    online = {
        "unit_code": "SNV",
        "quarter": "2025-Q3",
        "indicator": "online_services_rate",
        "numerator": 6824,
        "denominator": 7000,
    }
    add("utf8_bom_comma.csv", b"\xef\xbb\xbf" + csv_text(good).encode(), "committed", expect_value=online)
    add("utf8_semicolon.csv", csv_text(good, ";").encode(), "committed", expect_value=online)
    add("tab_separated.tsv", csv_text(good, "\t").encode(), "committed", expect_value=online)
    add("utf16_unicode_text.txt", csv_text(good, "\t").encode("utf-16"), "committed", expect_value=online)
    add("windows1258.csv", cp1258(csv_text(good)), "committed", expect_value=online)
    nfd = [[unicodedata.normalize("NFD", f"  {h.upper()}  ") for h in VI], *GOOD]
    add("nfd_upper_spaced_headers.csv", csv_text(nfd).encode(), "committed", expect_value=online)
    add("english_codes.csv", csv_text([EN, *GOOD]).encode(), "committed", expect_value=online)
    add("trailing_blank_rows.csv", (csv_text(good) + ",,,,\r\n , ,,,\r\n\r\n").encode(), "committed")
    excel_rows: list[list[object]] = [VI, ["SNV", "Quý III/2025", 6824, 7000, 2], ["STP", "III/2025", 512, 640, 0]]
    add("title_rows.xlsx", xlsx("title_rows.xlsx", excel_rows, title_rows=3), "committed", expect_value=online)
    long_rows = [
        ["unit_code", "quarter", "indicator", "value", "numerator", "denominator"],
        ["SNV", "2025-Q3", "online_services_rate", "97,49", "6.824", "7.000"],
        ["SNV", "2025-Q3", "complaints", "12", "", ""],
        ["STP", "Q3/2025", "Số đơn thư khiếu nại, phản ánh tiếp nhận", "1", "", ""],
    ]
    add("long_format.csv", csv_text(long_rows).encode(), "committed", expect_value=online)
    add(
        "long_ratio_without_parts.csv",
        csv_text([long_rows[0], ["SNV", "2025-Q3", "on_time_rate", "95,5", "", ""]]).encode(),
        "rejected",
        [(2, "numerator")],
    )
    add(
        "long_value_disagrees.csv",
        csv_text([long_rows[0], ["SNV", "2025-Q3", "online_services_rate", "90", "6.824", "7.000"]]).encode(),
        "rejected",
        [(2, "value")],
    )
    add(
        "long_unknown_indicator.csv",
        csv_text([long_rows[0], ["SNV", "2025-Q3", "happiness", "3", "", ""]]).encode(),
        "rejected",
        [(2, "indicator")],
    )

    def bad(name: str, row: list[str], errors: list[tuple[int | None, str | None]]) -> None:
        add(name, csv_text([VI, GOOD[1], row]).encode(), "rejected", errors)

    bad("unknown_unit.csv", ["XYZ", "2025-Q3", "1", "2", "0"], [(3, "unit_code")])
    bad("unit_outside_validity.csv", ["10004", "2025-Q3", "1", "2", "0"], [(3, "unit_code")])
    bad("province_row.csv", ["TINH", "2025-Q3", "1", "2", "0"], [(3, "unit_code")])
    bad("unparseable_quarter.csv", ["SNV", "mùa thu 2025", "1", "2", "0"], [(3, "quarter")])
    bad("future_quarter.csv", ["SNV", "2026-Q3", "1", "2", "0"], [(3, "quarter")])
    bad("text_in_number.csv", ["SNV", "2025-Q3", "mười", "20", "0"], [(3, "online_dossiers")])
    bad("decimal_dot_count.csv", ["SNV", "2025-Q3", "6.82", "20", "0"], [(3, "online_dossiers")])
    bad("fractional_count.csv", ["SNV", "2025-Q3", "1", "20", "2,5"], [(3, "complaints")])
    bad("negative_count.csv", ["SNV", "2025-Q3", "1", "20", "-3"], [(3, "complaints")])
    bad("numerator_above_denominator.csv", ["SNV", "2025-Q3", "25", "20", "0"], [(3, "online_dossiers")])
    bad("half_a_ratio.csv", ["SNV", "2025-Q3", "", "20", "0"], [(3, "online_dossiers")])
    bad("duplicate_unit_quarter.csv", ["STP", "Quý III/2025", "1", "2", "0"], [(3, "unit_code")])
    bad("ragged_row.csv", ["SNV", "2025-Q3", "1", "2", "0", "lạc", "thừa"], [(3, None)])
    add(
        "many_errors.csv",
        csv_text(
            [
                VI,
                ["XYZ", "2025-Q3", "1", "2", "0"],
                ["SNV", "2031-Q1", "1", "2", "0"],
                ["SNV", "2025-Q3", "50", "10", "-1"],
            ]
        ).encode(),
        "rejected",
        [(2, "unit_code"), (3, "quarter"), (4, "online_dossiers"), (4, "complaints")],
    )
    # A figure derived from the task register, typed in the quarter's file: refused, in either layout.
    register = [*VI, "Số nhiệm vụ quá hạn", "Số nhiệm vụ đến hạn"]
    add(
        "register_columns_typed.csv",
        csv_text([register, [*GOOD[0], "3", ""], [*GOOD[1], "", "4"]]).encode(),
        "rejected",
        [(2, "overdue_tasks"), (3, "tasks_due")],
    )
    add("register_columns_blank.csv", csv_text([register, [*GOOD[0], "", ""]]).encode(), "committed")
    add(
        "long_register_indicator.csv",
        csv_text([long_rows[0], ["SNV", "2025-Q3", "overdue_tasks", "3", "", ""]]).encode(),
        "rejected",
        [(2, "indicator")],
    )
    add("empty.csv", b"", "rejected", [(None, None)])
    add("only_whitespace.csv", b"  \r\n\r\n ", "rejected", [(None, None)])
    add("header_only.csv", csv_text([VI]).encode(), "rejected", [(None, None)])
    add("no_header.csv", csv_text([["a", "b"], ["1", "2"]]).encode(), "rejected", [(None, None)])
    add("not_a_spreadsheet.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01", "rejected", [(None, None)])
    add("excel_97.xls", excel_97(excel_rows), "committed", expect_value=online)
    add("broken.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504, "rejected", [(None, None)])
    add("broken.xlsx", b"PK\x03\x04" + b"garbage" * 20, "rejected", [(None, None)])
    (HERE / "expected.json").write_text(json.dumps(cases, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(cases)} files")


if __name__ == "__main__":
    main()
