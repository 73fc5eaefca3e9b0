"""Reading uploads: which sheet, what each cell reads as, and every limit at its boundary.

The hostile files themselves are in tests/hostile/ (driven by
test_hostile_files.py); these are the rules, one boundary at a time.
"""

from __future__ import annotations

from datetime import date

import pytest

from metrics import limits
from metrics.ingest import check_file, import_file
from metrics.reading import RawTable, ReadError, read_table
from tests.conftest import TESTER
from tests.hostile import xlsx
from tests.hostile.xlsx import HEADER, MAIN, Raw, sheet_xml, workbook, zipped

TODAY = date(2026, 1, 15)
CSV_HEADER = ",".join(HEADER) + "\n"


def is_header(row: list[str]) -> bool:
    return "Mã đơn vị" in row and "Kỳ báo cáo" in row


def refusal(data: bytes) -> ReadError:
    with pytest.raises(ReadError) as caught:
        read_table(data, is_header)
    return caught.value


def table(data: bytes) -> RawTable:
    return read_table(data, is_header)


# -- which sheet is read ----------------------------------------------------------------


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_a_hidden_first_sheet_is_skipped_and_the_first_visible_one_committed(store, state):
    data = zipped(
        workbook(
            [
                ("Cũ", sheet_xml([HEADER, ["SNV", "Quý IV/2025", 666]]), state),
                ("Ghi chú", sheet_xml([["Chỉ là ghi chú"]]), "visible"),
                ("Quý 4", sheet_xml([HEADER, ["SNV", "Quý IV/2025", 11]]), "visible"),
            ]
        )
    )
    result = import_file(store, data, "an.xlsx", TESTER, today=TODAY)
    assert result.status == "committed"
    assert store.values("2025-Q4", "2025-Q4", ["complaints"], ["SNV"])["value"].to_list() == [11.0]
    assert table(data).sheet == "Quý 4"


def test_the_template_sheet_wins_over_other_sheets_with_data():
    data = zipped(
        workbook(
            [
                ("Bản nháp", sheet_xml([HEADER, ["SNV", "Quý IV/2025", 1]]), "visible"),
                ("Số liệu 2025-Q4", sheet_xml([HEADER, ["SNV", "Quý IV/2025", 2]]), "visible"),
            ]
        )
    )
    assert (table(data).sheet, table(data).rows) == ("Số liệu 2025-Q4", [["SNV", "Quý IV/2025", "2"]])


def test_data_only_in_hidden_sheets_is_not_read():
    data = zipped(
        workbook(
            [("Ẩn", sheet_xml([HEADER, ["SNV", "Quý IV/2025", 1]]), "hidden"), ("Trống", sheet_xml([]), "visible")]
        )
    )
    assert "Không tìm thấy dòng tiêu đề" in str(refusal(data))


def test_no_visible_sheet_at_all_is_refused():
    data = zipped(workbook([("Ẩn", sheet_xml([HEADER, ["SNV", "Quý IV/2025", 1]]), "veryHidden")]))
    assert str(refusal(data)).startswith("Tệp không có trang tính nào đang hiện.")


# -- what a cell reads as -----------------------------------------------------------------

STYLES = (
    f'<styleSheet xmlns="{MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>'
    '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="4"/></cellXfs>'
    "</styleSheet>"
)


def test_cells_read_as_a_person_typed_them_with_excel_row_numbers():
    strings = xlsx.shared_strings_xml(["Mã đơn vị", "Kỳ báo cáo"]).replace(
        "<si><t>Kỳ báo cáo</t></si>",
        "<si><r><t>Kỳ báo</t></r><r><t xml:space='preserve'> cáo</t></r><rPh><t>ki bao cao</t></rPh></si>",
    )
    body = (
        '<row r="3"><c r="A3" t="s"><v>0</v></c><c r="B3" t="s"><v>1</v></c></row>'
        '<row r="5"><c t="inlineStr"><is><t>  SNV </t></is></c><c r="B5" t="inlineStr"><is><t>2025-Q4</t></is></c>'
        '<c r="C5"><v>93.56</v></c><c r="D5" s="1"><v>45853</v></c><c r="E5" s="2"><v>45853.5</v></c>'
        '<c r="F5" s="3"><v>6824</v></c><c r="G5" t="b"><v>1</v></c><c r="H5"><v>12345678901234567890</v></c>'
        '<c r="J5" t="str"><f>A5</f><v>SNV</v></c></row>'
        '<row r="9"><c r="XFD9" s="3"/></row>'
    )
    data = zipped(workbook([("Số liệu", sheet_xml(body=body), "visible")], shared_strings=strings, styles=STYLES))
    read = table(data)
    assert (read.header, read.header_row, read.row_numbers) == (["Mã đơn vị", "Kỳ báo cáo"], 3, [5])
    assert read.rows == [
        [
            "SNV", "2025-Q4", "93,56", "2025-07-15T00:00:00", "2025-07-15T12:00:00", "6824", "TRUE",
            "12345678901234567890", "", "SNV",
        ]
    ]  # fmt: skip
    assert (read.stats.rows_read, read.stats.cells_read) == (3, 12)


# -- every limit at its boundary ------------------------------------------------------------


def csv_rows(count: int) -> bytes:
    return (CSV_HEADER + "SNV,Quý IV/2025,1\n" * count).encode()


def test_rows_up_to_the_limit_are_read_and_one_more_is_refused_with_the_count():
    assert limits.MAX_ROWS == 150_000
    read = table(csv_rows(limits.MAX_ROWS - 1))
    assert (len(read.rows), read.stats.rows_read) == (149_999, 150_000)
    error = refusal(csv_rows(limits.MAX_ROWS))
    assert (error.stats.limit, error.stats.rows_read) == ("MAX_ROWS", 150_001)
    assert str(error).startswith("Tệp có 150.001 dòng, vượt giới hạn 150.000 dòng một tệp.")


def test_columns_up_to_the_limit_are_read_and_trailing_empty_cells_do_not_count():
    assert limits.MAX_COLUMNS == 1_000
    wide = CSV_HEADER.rstrip("\n") + "".join(f",x{i}" for i in range(997)) + "\n"
    assert len(table(wide.encode()).header) == 1_000
    assert len(table((CSV_HEADER.rstrip("\n") + "," * 5_000 + "\n").encode()).header) == 1_000
    error = refusal((wide.rstrip("\n") + ",x\n").encode())
    assert (error.stats.limit, str(error)) == (
        "MAX_COLUMNS",
        "Dòng 1 có 1.001 cột, vượt giới hạn 1.000 cột. Hãy kiểm tra dấu phân cách và xoá các cột thừa rồi lưu lại.",
    )


def test_an_xlsx_value_beyond_the_last_column_is_refused_with_its_cell():
    def one_value_at(ref: str) -> bytes:
        return xlsx.simple([HEADER, ["SNV", "Quý IV/2025", Raw(f'<c r="{ref}"><v>1</v></c>')]])

    assert table(one_value_at("ALL2")).rows[0][999] == "1"  # column 1,000
    error = refusal(one_value_at("ALM2"))
    assert error.stats.limit == "MAX_COLUMNS"
    assert str(error).startswith("Ô ALM2 (dòng 2) nằm ở cột 1.001, vượt giới hạn 1.000 cột.")


def test_a_declared_dimension_within_the_limits_is_read_and_beyond_them_refused():
    assert table(xlsx.simple([HEADER, ["SNV", "Quý IV/2025", 1]], dimension="A1:ALL150000")).rows
    error = refusal(xlsx.simple([HEADER, ["SNV", "Quý IV/2025", 1]], dimension="A1:C150001"))
    assert (error.stats.limit, error.stats.rows_read) == ("MAX_ROWS", 0)


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_cell_of_excels_maximum_length_is_read_and_one_character_more_refused(kind):
    assert limits.MAX_CELL_CHARS == 32_767

    def with_note(length: int) -> bytes:
        if kind == "csv":
            return (CSV_HEADER + "SNV,Quý IV/2025,1," + "n" * length + "\n").encode()
        return xlsx.simple([HEADER, ["SNV", "Quý IV/2025", 1, "n" * length]])

    assert len(table(with_note(32_767)).rows[0][3]) == 32_767
    assert refusal(with_note(32_768)).stats.limit == "MAX_CELL_CHARS"


def test_a_part_declaring_more_than_its_cap_is_refused_before_inflating():
    strings = xlsx.shared_strings_xml(["x" * 30_000] * 1_200)  # 36 MB, compressed well under the ratio
    data = zipped(
        workbook([("Số liệu", sheet_xml([HEADER]), "visible")], shared_strings=strings.replace("x" * 30_000, "y"))
    )
    assert table(data).header == HEADER
    error = refusal(xlsx.zipped_raw({**workbook([("S", sheet_xml([HEADER]), "visible")], shared_strings=strings)}))
    assert (error.stats.limit, error.stats.bytes_inflated < 10_000) == ("MAX_SHARED_STRINGS_BYTES", True)


# -- errors, values and warnings ----------------------------------------------------------------


def unknown_units(count: int) -> bytes:
    return (CSV_HEADER + "".join(f"X{i:05d},Quý IV/2025,1\n" for i in range(count))).encode()


def test_errors_up_to_the_limit_are_listed_and_beyond_it_counted(store):
    assert limits.MAX_ERRORS == 1_000
    listed = check_file(store, unknown_units(1_000), TODAY)
    assert (len(listed.errors), listed.errors_omitted, listed.error_total) == (1_000, 0, 1_000)
    capped = check_file(store, unknown_units(1_001), TODAY)
    assert (len(capped.errors), capped.errors_omitted, capped.error_total) == (1_001, 1, 1_001)
    assert capped.errors[0].message == (
        "Tệp có 1.001 lỗi; chỉ liệt kê 1.000 lỗi đầu tiên, còn 1 lỗi nữa. "
        "Hãy sửa các lỗi này rồi tải lên lại để xem các lỗi còn lại."
    )
    assert capped.errors[-1].row == 1_001


@pytest.mark.parametrize(
    ("text", "status"), [("1.000.000.000", "valid"), ("1.000.000.001", "rejected"), ("1" + "0" * 308, "rejected")]
)
def test_counts_have_an_upper_bound_named_by_row_and_column(store, text, status):
    assert limits.MAX_COUNT == 1_000_000_000
    wide = check_file(store, f'{CSV_HEADER}SNV,Quý IV/2025,"{text}"\n'.encode(), TODAY)
    long = check_file(store, f"Mã đơn vị,Kỳ báo cáo,Mã chỉ số,Giá trị\nSNV,2025-Q4,complaints,{text}\n".encode(), TODAY)
    assert (wide.status, long.status) == (status, status)
    if status == "rejected":
        assert [(p.row, p.column) for p in wide.errors] == [(2, "complaints")]
        assert [(p.row, p.column) for p in long.errors] == [(2, "value")]
        assert "quá lớn: Số đơn thư tiếp nhận tối đa 1.000.000.000." in wide.errors[0].message


def test_a_count_at_the_bound_is_committed_as_that_exact_integer(store):
    data = f'{CSV_HEADER}SNV,Quý IV/2025,"1.000.000.000"\n'.encode()
    assert import_file(store, data, "q4.csv", TESTER, today=TODAY).status == "committed"
    stored = store.cursor().execute(
        "SELECT value, count_value FROM current_values WHERE unit_code = 'SNV' AND quarter = '2025-Q4'"
        " AND indicator = 'complaints'"
    )
    assert stored.fetchone() == (None, 1_000_000_000)


def test_a_fractional_count_is_refused_saying_what_to_type(store):
    wide = check_file(store, f'{CSV_HEADER}SNV,Quý IV/2025,"3,5"\n'.encode(), TODAY)
    long = check_file(store, 'Mã đơn vị,Kỳ báo cáo,Mã chỉ số,Giá trị\nSNV,2025-Q4,complaints,"3,5"\n'.encode(), TODAY)
    assert [(p.row, p.column, p.message) for p in wide.errors] == [
        (2, "complaints", "'3,5' không phải là số nguyên: Số đơn thư tiếp nhận là số đếm nên không có phần thập "
         "phân. Hãy nhập số nguyên đúng như đã đếm, ví dụ 3 hoặc 6.824 (không viết 3,5)."),
    ]  # fmt: skip
    assert [(p.row, p.column) for p in long.errors] == [(2, "value")]
    assert long.errors[0].message.startswith("'3,5' không phải là số nguyên: Số đơn thư khiếu nại")


DOSSIERS = "Mã đơn vị,Kỳ báo cáo,Số hồ sơ tiếp nhận trực tuyến,Tổng số hồ sơ tiếp nhận\n"


def test_a_value_over_a_hundred_times_the_units_largest_is_questioned_before_commit(store):
    assert limits.IMPLAUSIBLE_FACTOR == 100  # SNV's largest total so far is 2.326
    at_limit = check_file(store, f'{DOSSIERS}SNV,Quý IV/2025,2.027,"232.600"\n'.encode(), TODAY)
    assert (at_limit.status, at_limit.suspicious) == ("valid", [])
    above = check_file(store, f'{DOSSIERS}SNV,Quý IV/2025,2.027,"232.601"\n'.encode(), TODAY)
    assert [(p.row, p.column) for p in above.suspicious] == [(2, "total_dossiers")]
    assert "Có phải là" not in above.suspicious[0].message
    typo = check_file(store, f'{DOSSIERS}SNV,Quý IV/2025,2.027,"2.326.000"\n'.encode(), TODAY)
    assert typo.status == "valid"
    assert typo.suspicious[0].message == (
        "Tổng số hồ sơ tiếp nhận của SNV (Quý IV/2025) là 2.326.000, gấp hơn 100 lần mức cao nhất đã lưu "
        "của đơn vị (2.326). Có phải là 2.326? Hãy kiểm tra lại trước khi ghi."
    )


# -- no traceback, ever ---------------------------------------------------------------------


def test_an_unexpected_failure_while_reading_is_a_refusal_with_a_sentence(store, monkeypatch):
    def broken(*_: object) -> None:
        raise KeyError("boom")

    monkeypatch.setattr("metrics.reading.read_csv", broken)
    result = check_file(store, csv_rows(1), TODAY)
    assert result.status == "rejected"
    assert result.errors[0].message.startswith("Không đọc được tệp (lỗi KeyError).")


def test_an_unexpected_failure_while_checking_is_a_refusal_with_a_sentence(store, monkeypatch):
    def broken(*_: object) -> None:
        raise ZeroDivisionError

    monkeypatch.setattr("metrics.ingest.Validator.check_units_and_quarters", broken)
    result = check_file(store, csv_rows(1), TODAY)
    assert (result.status, result.errors[0].message[:42]) == ("rejected", "Không đọc được tệp (lỗi ZeroDivisionError)")


def test_the_long_layout_is_questioned_too_naming_its_value_column(store):
    text = "Mã đơn vị,Kỳ báo cáo,Mã chỉ số,Giá trị,Tử số,Mẫu số\nSNV,2025-Q4,online_services_rate,,2.027,2.326.000\n"
    result = check_file(store, text.encode(), TODAY)
    assert [(p.row, p.column) for p in result.suspicious] == [(2, "denominator")]
    assert "Có phải là 2.326?" in result.suspicious[0].message


def test_a_workbook_is_found_without_package_relationships_and_refused_without_sheet_relationships():
    parts = workbook([("Số liệu", sheet_xml([HEADER, ["SNV", "Quý IV/2025", 1]]), "visible")])
    del parts["_rels/.rels"]
    assert table(zipped(parts)).rows == [["SNV", "Quý IV/2025", "1"]]
    del parts["xl/_rels/workbook.xml.rels"]
    assert str(refusal(zipped(parts))).startswith("Tệp Excel bị hỏng hoặc không phải tệp .xlsx.")


# -- formulas -------------------------------------------------------------------------------


def test_a_formula_is_read_through_its_cached_value_and_one_without_it_is_refused_naming_its_cell():
    header = '<row r="1"><c r="A1" t="inlineStr"><is><t>Mã đơn vị</t></is></c><c r="B1" t="inlineStr"><is><t>Kỳ báo cáo</t></is></c></row>'
    cached = '<row r="7"><c r="A7" t="inlineStr"><is><t>SNV</t></is></c><c r="D7"><f>B7+C7</f><v>12</v></c><c r="E7" t="str"><f>A7</f><v></v></c></row>'
    read = table(zipped(workbook([("Số liệu", sheet_xml(body=header + cached), "visible")])))
    assert read.rows == [["SNV", "", "", "12"]]
    uncached = '<row r="7"><c r="A7" t="inlineStr"><is><t>SNV</t></is></c><c r="D7"><f>B7+C7</f></c></row>'
    refused = refusal(zipped(workbook([("Số liệu", sheet_xml(body=header + uncached), "visible")])))
    assert str(refused) == (
        "Ô D7 có công thức nhưng không có giá trị đã tính; hãy mở tệp bằng Excel/LibreOffice, lưu lại rồi tải lên."
    )
