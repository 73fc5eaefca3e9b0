"""Unit search ignores diacritics, đ and case."""

from metrics.catalogue import Unit
from metrics.search import fold, matching

UNITS = [
    Unit("10035", "Xã Kỳ Sơn", None, "commune", None, None, None, None),
    Unit("10002", "Xã Đồng Xuân", None, "commune", None, None, None, None),
    Unit("SXD", "Sở Xây dựng", "Department of Construction", "department", None, None, None, None),
]


def test_folding_drops_marks_and_case_and_reads_d_bar_as_d():
    assert fold("Xã  Kỳ Sơn") == "xa ky son"
    assert fold("ĐỒNG XUÂN") == "dong xuan"


def test_a_search_typed_without_marks_finds_the_unit():
    assert [u.code for u in matching(UNITS, "ky son")] == ["10035"]
    assert [u.code for u in matching(UNITS, "KY SON")] == ["10035"]
    assert [u.code for u in matching(UNITS, "dong xuan")] == ["10002"]
    assert [u.code for u in matching(UNITS, "xay dung", "en")] == ["SXD"]  # the Vietnamese name counts in English too
    assert [u.code for u in matching(UNITS, "sxd")] == ["SXD"]
    assert matching(UNITS, "  ") == UNITS
    assert matching(UNITS, "hà nội") == []
