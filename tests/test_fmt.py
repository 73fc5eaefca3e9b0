import pytest

from metrics import fmt
from metrics.catalogue import Indicator

RATIO = Indicator("r", "Tỷ lệ", "Rate", "%", "%", "ratio", "higher", "a", "b", 90.0, None, 2)
COUNT = Indicator("c", "Số", "Count", "việc", "tasks", "stock", "lower", "a", None, 0.0, None, 0)


def test_vietnamese_number_formats():
    assert fmt.number(6824) == "6.824"
    assert fmt.number(1234567.891, 2) == "1.234.567,89"
    assert fmt.percent(93.56) == "93,56 %"
    assert fmt.value(RATIO, 425 / 443 * 100) == "95,94 %"
    assert fmt.value(COUNT, 6824) == "6.824"


def test_english_number_formats():
    assert fmt.number(6824, lang="en") == "6,824"
    assert fmt.percent(93.56, lang="en") == "93.56%"


def test_rounding_is_half_up_on_the_decimal_value():
    assert fmt.number(95.945, 2) == "95,95"
    assert fmt.number(0.125, 2) == "0,13"


def test_missing_values_show_a_dash_and_zero_has_no_sign():
    assert fmt.value(RATIO, None) == "—"
    assert fmt.number(-0.001, 2) == "0,00"
    assert fmt.change(RATIO, -0.001) == "±0,00 điểm %"


def test_changes_are_signed_and_ratios_in_points():
    assert fmt.change(RATIO, 1.254) == "+1,25 điểm %"
    assert fmt.change(RATIO, -2.5, "en") == "\u22122.50 pp"  # one character: U+2212
    assert fmt.change(COUNT, -4) == "\u22124"
    assert fmt.number(-1234.5, 1) == "\u22121.234,5"


def test_times_are_shown_in_the_provinces_zone(monkeypatch):
    from datetime import UTC, datetime

    import polars as pl

    monkeypatch.setenv("DASHBOARD_TZ", "Asia/Ho_Chi_Minh")
    utc = datetime(2026, 11, 30, 17, 5, 9, tzinfo=UTC)
    assert fmt.moment(utc) == "00:05 01/12/2026"  # past midnight in Hà Nội, still 30/11 in UTC
    assert fmt.moment(utc, seconds=True) == "00:05:09 01/12/2026"
    assert fmt.moment_iso(utc) == "2026-12-01T00:05:09+07:00"
    assert fmt.moment(None) == fmt.MISSING and fmt.moment_iso(None) == ""
    shown = pl.DataFrame({"at": [utc]}).select(fmt.moment_column("at"))["at"].to_list()
    assert shown == ["00:05 01/12/2026"]


EXTREMES = [1e308, -1e308, float("inf"), float("-inf"), float("nan"), 10**400, -(10**30), 5e-324, 1e28, 2**63, -0.0]


@pytest.mark.parametrize("amount", EXTREMES, ids=repr)
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_formatting_never_raises_on_any_number(amount, lang):
    for decimals in (0, 1, 2):
        assert isinstance(fmt.number(amount, decimals, lang), str)
        assert isinstance(fmt.percent(amount, decimals, lang), str)
    for indicator in (RATIO, COUNT):
        assert isinstance(fmt.value(indicator, amount, lang), str)
        assert isinstance(fmt.change(indicator, amount, lang), str)


def test_extreme_numbers_are_shown_whole_infinite_or_missing():
    assert fmt.number(1e28) == "10.000.000.000.000.000.000.000.000.000"
    assert fmt.number(10**30 + 1) == "1.000.000.000.000.000.000.000.000.000.001"
    assert fmt.number(1e308).replace(".", "") == "1" + "0" * 308
    assert fmt.number(float("inf")) == "∞"
    assert fmt.number(float("-inf"), 2) == "\u2212∞"
    assert fmt.number(float("nan")) == fmt.MISSING
    assert fmt.percent(float("nan")) == fmt.MISSING
    assert fmt.change(COUNT, float("nan")) == fmt.MISSING
    assert fmt.change(RATIO, float("inf")) == "+∞ điểm %"


RATE95 = Indicator("on_time_rate", "Tỷ lệ đúng hạn", "On time", "%", "%", "ratio", "higher", "a", "b", 95.0, None, 2)
TASKS = Indicator(
    "overdue_tasks", "Số nhiệm vụ quá hạn", "Overdue", "nhiệm vụ", "tasks", "stock", "lower", "a", None, 2.0, None, 0
)


def test_the_gap_to_target_is_said_in_the_indicators_unit_in_both_languages():
    assert fmt.shortfall(RATE95, 83.3) == "thấp hơn mục tiêu 11,70 điểm %"
    assert fmt.shortfall(RATE95, 83.3, "en") == "11.70 pp below the target"
    assert fmt.shortfall(TASKS, 5) == "cao hơn mục tiêu 3 nhiệm vụ"
    assert fmt.shortfall(TASKS, 5, "en") == "3 tasks above the target"
    assert fmt.shortfall(TASKS, 3, "en") == "1 task above the target"  # one: singular in English
    assert fmt.shortfall(TASKS, 3) == "cao hơn mục tiêu 1 nhiệm vụ"
    assert fmt.shortfall(RATE95, 95.0) == "" and fmt.shortfall(TASKS, 2) == ""  # equal: met, nothing missing
    assert fmt.versus_target(RATE95, 83.3) == "\u221211,70 điểm %"
    assert fmt.versus_target(RATE95, 96.5, "en") == "+1.50 pp"
    assert fmt.versus_target(TASKS, 5) == "+3"
    assert fmt.versus_target(RATE95, 95.0) == "±0,00 điểm %"


def test_a_run_says_its_first_quarter_in_both_languages():
    assert fmt.since("2024-Q1", 3, False) == "từ Quý I/2024 (3 quý liên tiếp)"
    assert fmt.since("2024-Q1", 3, False, "en") == "since Q1 2024 (3 quarters running)"
    assert fmt.since("2025-Q3", 1, False) == "từ Quý III/2025"
    assert fmt.since("2024-Q1", 8, True) == "từ Quý I/2024 hoặc sớm hơn (8 quý liên tiếp)"
    assert fmt.since("2024-Q1", 8, True, "en") == "since Q1 2024 or earlier (8 quarters running)"


def test_a_number_is_read_back_as_the_interface_writes_it():
    assert fmt.read_number("80,00") == 80.0
    assert fmt.read_number(" 1.500 ") == 1500.0
    assert fmt.read_number(fmt.number(1234567.89, 2)) == 1234567.89
    assert fmt.read_number("80.00", "en") == 80.0
    assert fmt.read_number("1,500", "en") == 1500.0
    assert fmt.read_number("") is None
    for wrong, lang in [("80.00", "vi"), ("80,5.1", "vi"), ("abc", "vi"), ("80,00", "en"), ("1,50", "en")]:
        with pytest.raises(ValueError):
            fmt.read_number(wrong, lang)
