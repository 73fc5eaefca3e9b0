"""The target rule at its boundary: equal counts as met, in both directions, on every path that judges."""

import dataclasses

import polars as pl
import pytest

from metrics import analysis, overview, target
from metrics.catalogue import Indicator, Unit

RATE = Indicator(
    code="on_time_rate",
    name_vi="Tỷ lệ hồ sơ đúng hạn",
    name_en="On-time dossiers",
    unit_vi="%",
    unit_en="%",
    kind="ratio",
    direction="higher",
    numerator="on_time_dossiers",
    denominator="resolved_dossiers",
    target=95.0,
    target_source=None,
    decimals=2,
)
OVERDUE = dataclasses.replace(
    RATE,
    code="overdue_tasks",
    unit_vi="nhiệm vụ",
    unit_en="tasks",
    kind="stock",
    direction="lower",
    numerator="overdue_tasks",
    denominator=None,
    target=3.0,
    decimals=0,
)

# (indicator, value, expected verdict, expected shortfall in the indicator's unit)
CASES = [
    (RATE, 95.0, True, 0.0),  # exactly the target: met
    (RATE, 94.99, False, 0.01),  # one shown step below: missed
    (RATE, 95.01, True, -0.01),
    (RATE, 94.996, True, 0.0),  # shown as 95,00 %: met, as the reader sees it
    (RATE, 83.3, False, 11.7),
    (RATE, 100.0 * 19 / 20, True, 0.0),  # a ratio of counts landing on the target
    (OVERDUE, 3.0, True, 0.0),  # exactly the target: met
    (OVERDUE, 4.0, False, 1.0),
    (OVERDUE, 2.0, True, -1.0),
    (OVERDUE, 0.0, True, -3.0),
]


@pytest.mark.parametrize(("indicator", "value", "met", "short"), CASES)
def test_a_value_equal_to_its_target_is_met_in_both_directions(indicator, value, met, short):
    assert indicator.meets_target(value) is met
    assert indicator.gap(value) == pytest.approx(short, abs=1e-12)
    frame = pl.DataFrame({"value": [value]}).select(
        target.meets_expr(pl.col("value"), indicator.target, indicator.higher_is_better, indicator.decimals)
    )
    assert frame.item() is met


def test_no_target_or_no_value_gives_no_verdict():
    assert RATE.meets_target(None) is None
    assert dataclasses.replace(RATE, target=None).meets_target(95.0) is None
    assert target.gap(None, 95.0, True, 2) is None


def test_status_grid_and_ranking_judge_the_boundary_like_the_tiles():
    units = [Unit(code, code, None, "department", None, None, None, None) for code in ("A", "B", "C", "D")]
    values = pl.DataFrame(
        {
            "unit_code": ["A", "B", "C", "D"],
            "quarter": ["2025-Q3"] * 4,
            "indicator": ["on_time_rate", "on_time_rate", "overdue_tasks", "overdue_tasks"],
            "value": [95.0, 94.99, 3.0, 4.0],
            "numerator": [None] * 4,
            "denominator": [None] * 4,
        },
        schema_overrides={"numerator": pl.Float64, "denominator": pl.Float64},
    )
    status = overview.unit_status(values, [RATE, OVERDUE], "2025-Q3").sort("unit_code")
    assert status["meets"].to_list() == [True, False, True, False]
    per_unit = analysis.unit_periods(values, [RATE, OVERDUE], "quarter")
    rate = analysis.ranking(per_unit, RATE, units, "2025-Q3")
    overdue = analysis.ranking(per_unit, OVERDUE, units, "2025-Q3")
    assert dict(zip(rate["unit_code"], rate["meets"], strict=True)) == {"A": True, "B": False}
    assert dict(zip(overdue["unit_code"], overdue["meets"], strict=True)) == {"C": True, "D": False}
