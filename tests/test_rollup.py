"""Roll-ups follow each indicator's kind; expected values are worked out by hand."""

import polars as pl
import pytest

from metrics import fmt
from metrics.catalogue import Indicator
from metrics.rollup import half_of, over_quarters, over_units, year_of

ON_TIME = Indicator("on_time_rate", "Tỷ lệ đúng hạn", "On time", "%", "%", "ratio", "higher",
                    "on_time_dossiers", "resolved_dossiers", 95.0, None, 2)  # fmt: skip
COMPLAINTS = Indicator("complaints", "Đơn thư", "Complaints", "đơn", "letters", "flow", "lower",
                       "complaints", None, None, None, 0)  # fmt: skip
OVERDUE = Indicator("overdue_tasks", "Quá hạn", "Overdue", "việc", "tasks", "stock", "lower",
                    "overdue_tasks", None, 0.0, None, 0)  # fmt: skip
CATALOGUE = [ON_TIME, COMPLAINTS, OVERDUE]


def frame(rows: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame(
        rows,
        schema={"unit_code": pl.String, "quarter": pl.String, "indicator": pl.String,
                "value": pl.Float64, "numerator": pl.Float64, "denominator": pl.Float64},
        orient="row",
    )  # fmt: skip


def ratio(unit: str, quarter: str, num: float, den: float) -> tuple:
    return (unit, quarter, "on_time_rate", 100 * num / den if den else None, num, den)


def test_ha_tinh_seed_figure_360_on_due_date_plus_65_early_of_443_is_95_94_percent():
    on_due_date, early, received = 360, 65, 443
    result = over_units(
        frame([ratio("VPUB", "2015-Q2", on_due_date + early, received)]), CATALOGUE, ["quarter", "indicator"]
    )
    assert fmt.value(ON_TIME, result["value"][0]) == "95,94 %"


def test_units_of_very_different_sizes_roll_up_to_the_weighted_ratio_not_the_mean():
    # A big unit at 90 % (9,000 / 10,000) and a small one at 50 % (5 / 10):
    # weighted 9,005 / 10,010 = 89.96 %; the mean of percentages would be 70 %.
    values = frame([ratio("BIG", "2025-Q3", 9000, 10000), ratio("SMALL", "2025-Q3", 5, 10)])
    result = over_units(values, CATALOGUE, ["quarter", "indicator"])
    assert result["numerator"][0] == 9005
    assert result["denominator"][0] == 10010
    assert result["value"][0] == pytest.approx(100 * 9005 / 10010)
    assert fmt.value(ON_TIME, result["value"][0]) == "89,96 %"
    assert result["units"][0] == 2


def test_flow_and_stock_sum_across_units():
    values = frame([
        ("A", "2025-Q3", "complaints", 12, None, None), ("B", "2025-Q3", "complaints", 30, None, None),
        ("A", "2025-Q3", "overdue_tasks", 2, None, None), ("B", "2025-Q3", "overdue_tasks", 5, None, None),
    ])  # fmt: skip
    result = over_units(values, CATALOGUE, ["indicator"])
    assert dict(zip(result["indicator"], result["value"], strict=True)) == {"complaints": 42, "overdue_tasks": 7}


def test_a_year_of_a_ratio_is_sums_over_quarters_a_flow_the_sum_a_stock_the_last_quarter():
    values = frame([
        ratio("A", "2025-Q1", 90, 100), ratio("A", "2025-Q2", 10, 40),
        ratio("A", "2025-Q3", 50, 50), ratio("A", "2025-Q4", 45, 60),
        *[("A", f"2025-Q{q}", "complaints", n, None, None) for q, n in ((1, 5), (2, 7), (3, 0), (4, 8))],
        *[("A", f"2025-Q{q}", "overdue_tasks", n, None, None) for q, n in ((1, 4), (2, 6), (3, 3), (4, 2))],
    ])  # fmt: skip
    result = over_quarters(values, CATALOGUE, year_of(pl.col("quarter")), ["unit_code"])
    by = dict(zip(result["indicator"], result["value"], strict=True))
    assert by["on_time_rate"] == pytest.approx(100 * 195 / 250)  # 78 %, not the mean 74.375 %
    assert by["complaints"] == 20
    assert by["overdue_tasks"] == 2  # the stock at the end of Q4, never 15


def test_a_stock_takes_the_latest_quarter_that_has_a_value():
    values = frame(
        [("A", "2025-Q3", "overdue_tasks", 3, None, None), ("A", "2025-Q4", "overdue_tasks", None, None, None)]
    )
    result = over_quarters(values, CATALOGUE, half_of(pl.col("quarter")), ["unit_code"])
    assert result.row(0, named=True)["period"] == "2025-H2"
    assert result.row(0, named=True)["value"] == 3


def test_a_zero_denominator_gives_no_ratio_rather_than_a_division_error():
    result = over_units(frame([ratio("A", "2025-Q3", 0, 0)]), CATALOGUE, ["quarter", "indicator"])
    assert result["value"][0] is None
