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


def test_the_ranking_carries_each_units_gap_as_the_single_value_rule_gives_it():
    units = [Unit(f"U{n}", f"U{n}", None, "department", None, None, None, None) for n in range(len(CASES))]
    for indicator in (RATE, OVERDUE):
        cases = [
            (unit, value, short) for unit, (i, value, _, short) in zip(units, CASES, strict=True) if i is indicator
        ]
        values = pl.DataFrame(
            {
                "unit_code": [u.code for u, _, _ in cases],
                "period": ["2025-Q3"] * len(cases),
                "indicator": [indicator.code] * len(cases),
                "value": [v for _, v, _ in cases],
                "numerator": [None] * len(cases),
                "denominator": [None] * len(cases),
            },
            schema_overrides={"numerator": pl.Float64, "denominator": pl.Float64},
        )
        ranked = analysis.ranking(values, indicator, units, "2025-Q3")
        gaps = dict(zip(ranked["unit_code"], ranked["gap"], strict=True))
        for unit, value, short in cases:
            assert gaps[unit.code] == pytest.approx(short, abs=1e-12)
            assert gaps[unit.code] == pytest.approx(indicator.gap(value), abs=1e-12)
    untargeted = analysis.ranking(values, dataclasses.replace(OVERDUE, target=None), units, "2025-Q3")
    assert untargeted["gap"].to_list() == [None] * len(untargeted)


def test_the_indicator_pages_ranking_says_each_gap_status_and_run_in_words():
    from ui.review import ranking_table

    ranked = pl.DataFrame(
        {
            "rank": [1, 2, 3, 4],
            "name_vi": ["Sở A", "Sở B", "Sở C", "Sở D"],
            "name_en": ["A", "B", "C", "D"],
            "value": [95.01, 94.996, 94.99, 83.3],
            "meets": [True, True, False, False],
            "gap": [-0.01, 0.0, 0.01, 11.7],
            "below_for": [0, 0, 1, 7],
        }
    )
    table = ranking_table(ranked, RATE, "2025-Q3", "vi")
    assert table.columns == ["Hạng", "Đơn vị", "Giá trị", "So với mục tiêu", "Mục tiêu", "Số quý liên tiếp chưa đạt"]
    assert table.rows() == [
        (1, "Sở A", "95,01 %", "+0,01 điểm %", "✓ Đạt", "0"),
        (2, "Sở B", "95,00 %", "±0,00 điểm %", "✓ Đạt", "0"),
        (3, "Sở C", "94,99 %", "\u22120,01 điểm %", "✗ Chưa đạt", "1 · từ Quý III/2025"),
        (4, "Sở D", "83,30 %", "\u221211,70 điểm %", "✗ Chưa đạt", "7 · từ Quý I/2024"),
    ]
    untargeted = ranking_table(
        ranked.with_columns(pl.lit(None, pl.Boolean).alias("meets"), pl.lit(None, pl.Float64).alias("gap")),
        dataclasses.replace(RATE, target=None),
        "2025-Q3",
        "en",
    )
    assert untargeted.row(3) == (4, "D", "83.30%", "—", "—", "—")
