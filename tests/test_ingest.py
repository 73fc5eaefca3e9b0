"""The basic import path: wide template, Vietnamese numbers, row-numbered errors, all or nothing.

The full hazard folder and property-based tests belong to the upload issue;
these cover what the sample province and the overview rely on.
"""

from datetime import date

import pytest

from metrics.ingest import import_file, parse_number
from tests.conftest import TESTER

TODAY = date(2026, 1, 15)
HEADER = "Mã đơn vị,Kỳ báo cáo,Số hồ sơ tiếp nhận trực tuyến,Tổng số hồ sơ tiếp nhận,Số đơn thư tiếp nhận\n"


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("6.824", 6824),
        ("6824", 6824),
        ("1.234.567", 1234567),
        ("93,56", 93.56),
        ("1.234,5", 1234.5),
        ("0", 0),
        ("6 824", 6824),
        ("6\u00a0824", 6824),  # a non-breaking space, as Excel and Word write it
        ("6\u202f824", 6824),  # a narrow no-break space
        ("1 234 567", 1234567),
        (" 6 824 ", 6824),
    ],
)
def test_vietnamese_numbers(text, number):
    assert parse_number(text) == number


@pytest.mark.parametrize(
    "text", ["6.82", "6.8240", "1,2,3", "abc", "6.824.5", "", "6 82", "6 8240", "1.234 567", "6  824"]
)
def test_ambiguous_or_broken_numbers_are_refused_not_guessed(text):
    with pytest.raises(ValueError):
        parse_number(text)


def test_a_valid_file_commits_and_the_figures_read_back(store):
    data = (HEADER + 'SNV,Quý III/2025,"6.824","7.000",3\n').encode()
    result = import_file(store, data, "snv.csv", TESTER, today=TODAY)
    assert result.status == "committed" and result.rows == 1
    current = store.values("2025-Q3", "2025-Q3", ["online_services_rate", "complaints"], ["SNV"])
    by = {r["indicator"]: r for r in current.iter_rows(named=True)}
    assert by["online_services_rate"]["numerator"] == 6824
    assert by["online_services_rate"]["value"] == pytest.approx(100 * 6824 / 7000)
    assert by["complaints"]["value"] == 3


def test_english_codes_and_odd_spacing_in_headers_are_accepted(store):
    data = b"unit_code ,  QUARTER,complaints\nSNV,2025Q3,4\n"
    assert import_file(store, data, "x.csv", TESTER, today=TODAY).status == "committed"


def test_every_error_is_reported_at_once_with_row_and_column_and_nothing_changes(store):
    before = (store.data_version(), store.values().height)
    data = (
        HEADER
        + "XYZ,2025-Q3,1,2,0\n"  # row 2: unknown unit
        + "SNV,2031-Q1,1,2,0\n"  # row 3: future quarter
        + "SNV,2025-Q3,50,10,-1\n"  # row 4: numerator above denominator; negative count
        + "SNV,2025-Q3,abc,10,0\n"  # row 5: duplicate unit and quarter; text in a number
        + "10004,2025-Q4,1,2,0\n"  # row 6: merged commune after its validity
        + "STP,mùa thu,1,2,0\n"  # row 7: unreadable quarter
    ).encode()
    result = import_file(store, data, "bad.csv", TESTER, today=TODAY)
    assert result.status == "rejected"
    found = {(p.row, p.column) for p in result.errors}
    assert found == {
        (2, "unit_code"), (3, "quarter"), (4, "online_dossiers"), (4, "complaints"),
        (5, "unit_code"), (5, "online_dossiers"), (6, "unit_code"), (7, "quarter"),
    }  # fmt: skip
    merged = next(p for p in result.errors if p.row == 6)
    assert "10041" in merged.message  # points to the successor unit
    assert (store.data_version(), store.values().height) == before


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"", "trống"),
        (HEADER.encode(), "chỉ có dòng tiêu đề"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "không phải bảng tính"),
        (b"a,b,c\n1,2,3\n", "dòng tiêu đề"),
    ],
)
def test_files_that_are_not_usable_tables_are_rejected_with_a_reason(store, data, fragment):
    result = import_file(store, data, "x.csv", TESTER, today=TODAY)
    assert result.status == "rejected"
    assert fragment in result.errors[0].message


def test_dry_run_validates_without_writing(store):
    before = store.data_version()
    result = import_file(store, (HEADER + "SNV,2025-Q3,1,2,0\n").encode(), "x.csv", TESTER, dry_run=True, today=TODAY)
    assert result.status == "valid" and store.data_version() == before


def test_a_percentage_typed_into_a_count_column_says_which_counts_the_rate_is_built_from(store):
    data = (HEADER + 'SNV,Quý III/2025,"93,56 %",7000,5%\nSTP,Quý III/2025,6 824,7\u00a0000,0\n').encode()
    result = import_file(store, data, "tyle.csv", TESTER, today=TODAY)
    assert result.status == "rejected"
    assert [(p.row, p.column) for p in result.errors] == [(2, "complaints"), (2, "online_dossiers")]
    assert result.errors[1].message == (
        "'93,56 %' là tỷ lệ phần trăm. Cột 'Số hồ sơ tiếp nhận trực tuyến' cần số đếm (số nguyên, ví dụ 6.824), "
        "không phải tỷ lệ: Tỷ lệ hồ sơ TTHC tiếp nhận trực tuyến được tính tự động từ hai cột số đếm "
        "'Số hồ sơ tiếp nhận trực tuyến' và 'Tổng số hồ sơ tiếp nhận'."
    )
    # 'Số đơn thư tiếp nhận' is a count of its own and the part of a rate: the rate is named
    assert result.errors[0].message == (
        "'5%' là tỷ lệ phần trăm. Cột 'Số đơn thư tiếp nhận' cần số đếm (số nguyên, ví dụ 6.824), không phải tỷ lệ: "
        "Tỷ lệ đơn thư đã giải quyết được tính tự động từ hai cột số đếm 'Số đơn thư đã giải quyết' và "
        "'Số đơn thư tiếp nhận'."
    )


def test_an_error_names_the_rows_unit_by_code_and_name_when_the_code_is_known(store):
    data = (HEADER + "XYZ,2025-Q3,1,2,0\nSNV,2031-Q1,1,2,0\n10004,2025-Q4,1,2,0\n").encode()
    result = import_file(store, data, "bad.csv", TESTER, today=TODAY)
    assert [(p.row, p.unit) for p in result.errors] == [
        (2, None),  # an unknown code names no unit: the code itself is the error
        (3, "SNV – Sở Nội vụ"),
        (4, "10004 – Phường Đông Sơn"),
    ]
    labels = {"quarter": "Kỳ báo cáo"}
    assert result.errors[1].where(labels) == "đơn vị SNV – Sở Nội vụ, dòng 3, cột Kỳ báo cáo"
    assert result.errors[1].as_dict()["unit"] == "SNV – Sở Nội vụ"


def test_a_long_files_problems_carry_both_languages_vietnamese_first(store):
    data = (
        "Mã đơn vị,Kỳ báo cáo,Mã chỉ số,Giá trị,Tử số,Mẫu số\n"
        "SNV,2025-Q3,online_services_rate,,900,800\n"
        "SNV,2031-Q1,complaints,5,,\n"
        "SNV,2025-Q3,no_such_indicator,5,,\n"
    ).encode()
    result = import_file(store, data, "long.csv", TESTER, today=TODAY)
    assert [p.message for p in result.errors] == [
        "Tử số (900) lớn hơn Mẫu số (800). Hãy kiểm tra lại hai số này.",
        "Quý I/2031 chưa tới. Hãy kiểm tra lại kỳ báo cáo.",
        "Mã chỉ số 'no_such_indicator' không có trong danh mục chỉ số. Hãy dùng mã như online_services_rate.",
    ]
    assert [p.text("en") for p in result.errors] == [
        "Numerator (900) is larger than Denominator (800). Check these two numbers.",
        "Q1 2031 has not begun yet. Check the quarter.",
        "The indicator code 'no_such_indicator' is not in the catalogue. Use a code such as online_services_rate.",
    ]
    assert result.errors[1].where({"quarter": "Quarter"}, "en") == (
        "unit SNV – Department of Home Affairs, row 3, column Quarter"
    )


def test_the_count_of_problems_not_listed_is_written_the_languages_way():
    from metrics.ingest import omitted

    problem = omitted(1234)
    assert problem.message.startswith("Tệp có 1.234 lỗi; chỉ liệt kê ")
    assert problem.text("en").startswith("The file has 1,234 problems; only the first ")
