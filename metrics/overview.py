"""What the overview shows for a quarter: province tiles, the status grid, attention.

Computed from the current values of a window of quarters ending at the chosen
one (pure polars), so the same numbers serve the page, the tests and, later,
the presentation view.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from itertools import pairwise
from typing import TYPE_CHECKING, NamedTuple

import polars as pl

from metrics import fmt
from metrics import target as target_rule
from metrics.catalogue import Indicator, Unit
from metrics.quarters import Quarter, quarter_label, quarter_range
from metrics.rollup import over_units

if TYPE_CHECKING:  # reporting builds on units_in_force below
    from metrics.reporting import Reporting

WINDOW = 8  # quarters of history the overview looks at
STREAK = 2  # quarters running that make a problem "persistent"
WORSENING_POINTS = 1.0  # percentage points lost over the streak before we call it worsening


def window(quarter: str, size: int = WINDOW) -> list[str]:
    last = Quarter.parse(quarter)
    return quarter_range(last.shift(1 - size).code, last.code)


def since(quarter: str, streak: int, lang: str) -> str:
    """When a run of `streak` quarters ending with `quarter` began, in words ('từ Quý I/2024 (3 quý liên tiếp)')."""
    first = Quarter.parse(quarter).shift(1 - streak).code
    return fmt.since(first, streak, streak >= WINDOW, lang)


class Compared:
    """A value with the previous quarter and the same quarter a year before (mixin)."""

    indicator: Indicator
    value: float | None
    previous: float | None
    last_year: float | None

    @property
    def change_previous(self) -> float | None:
        return None if self.value is None or self.previous is None else self.value - self.previous

    @property
    def change_year(self) -> float | None:
        return None if self.value is None or self.last_year is None else self.value - self.last_year

    @property
    def meets_target(self) -> bool | None:
        return self.indicator.meets_target(self.value)


@dataclass(frozen=True)
class Tile(Compared):
    indicator: Indicator
    value: float | None
    previous: float | None
    last_year: float | None
    units_reported: int
    units_expected: int
    history: list[tuple[str, float | None]]  # (quarter, value) over the window, oldest first


class Reason(NamedTuple):
    """Why a unit is listed, as facts; put into words only when shown (a light tuple: thousands are made)."""

    # "below" (a ratio under its target), "stock" (overdue, running), "worse" (a falling ratio),
    # "unreported" (the quarter not reported after its due day), "late" (reported after it)
    kind: str
    indicator: Indicator | None  # None for the reporting reasons
    amount: float  # the value now, for "worse" the points lost, for "late" the days late
    streak: int  # quarters running (0 for "worse" and the reporting reasons)
    due: date | None = None  # the quarter's due day, for the reporting reasons
    # How far `amount` misses the target ("below", "stock"), from the frame it came from
    # (`metrics.target.gap_expr`): worked out here instead, one value at a time, it cost
    # 0.8 ms a reason, 8 s for a national list.
    gap: float | None = None

    def text(self, quarter: str, lang: str) -> str:
        """In words, with by how much and since when: '… 83,30 %, thấp hơn mục tiêu 11,70 điểm %, từ Quý I/2024'."""
        if self.kind in REPORTING_KINDS:
            return _reason_reporting(self.kind, quarter, self.amount, self.due, lang)
        indicator = self.indicator
        assert indicator is not None
        if self.kind == "worse":
            return _reason_worse(indicator, self.amount, lang)
        shown = fmt.value(indicator, self.amount, lang)
        gap = indicator.gap(self.amount) if self.gap is None else self.gap
        return f"{indicator.name(lang)} {shown}, {fmt.shortfall_gap(indicator, gap, lang)}, {since(quarter, self.streak, lang)}"


@dataclass(frozen=True)
class Attention:
    unit: Unit
    why: tuple[Reason, ...]
    weight: float
    quarter: str
    lang: str = "vi"

    @cached_property
    def reasons(self) -> tuple[str, ...]:
        """The reasons in words, worded on first use: a national list runs to thousands of units."""
        return tuple(reason.text(self.quarter, self.lang) for reason in self.why)


def units_in_force(units: list[Unit], quarter: str) -> list[Unit]:
    return [u for u in units if u.kind != "province" and u.valid_in(quarter)]


def province(values: pl.DataFrame, indicators: list[Indicator]) -> pl.DataFrame:
    """The province figure of every quarter and indicator in `values`."""
    return over_units(values, indicators, by=["quarter", "indicator"])


def tiles(values: pl.DataFrame, indicators: list[Indicator], units: list[Unit], quarter: str) -> list[Tile]:
    q = Quarter.parse(quarter)
    totals = province(values, indicators)
    lookup = {(r["quarter"], r["indicator"]): r for r in totals.iter_rows(named=True)}
    expected = len(units_in_force(units, quarter))
    quarters = window(quarter)
    result = []
    for indicator in indicators:

        def at(code: str, ind: Indicator = indicator) -> float | None:
            row = lookup.get((code, ind.code))
            return row["value"] if row else None

        here = lookup.get((quarter, indicator.code))
        result.append(
            Tile(
                indicator=indicator,
                value=at(quarter),
                previous=at(q.shift(-1).code),
                last_year=at(q.shift(-4).code),
                units_reported=here["units"] if here else 0,
                units_expected=expected,
                history=[(code, at(code)) for code in quarters],
            )
        )
    return result


def _status(values: pl.DataFrame, indicators: list[Indicator]) -> pl.DataFrame:
    """`values` with each row's target, its `gap` to it (null without both) and `meets` True/False/null."""
    targets = pl.DataFrame(
        {
            "indicator": [i.code for i in indicators],
            "target": [i.target for i in indicators],
            "higher": [i.higher_is_better for i in indicators],
            "decimals": [i.decimals for i in indicators],
        },
        schema={"indicator": pl.String, "target": pl.Float64, "higher": pl.Boolean, "decimals": pl.Int32},
    )
    rule = (pl.col("value"), pl.col("target"), pl.col("higher"), pl.col("decimals"))
    return values.join(targets, on="indicator").with_columns(
        gap=target_rule.gap_expr(*rule), meets=target_rule.meets_expr(*rule)
    )


def unit_status(values: pl.DataFrame, indicators: list[Indicator], quarter: str) -> pl.DataFrame:
    """One row per unit and indicator in the quarter, with `meets` True/False/null."""
    here = _status(values.filter(pl.col("quarter") == quarter), indicators)
    return here.select("unit_code", "indicator", "value", "target", "meets")


REPORTING_KINDS = ("unreported", "late")
REPORTING_WEIGHT = 1.0  # a missing report weighs as much as a ratio just under its target; a late one half
KEY = ["unit_code", "indicator"]
FACTS = {"unit_code": pl.String, "indicator": pl.String, "kind": pl.String, "amount": pl.Float64}
FACTS |= {"streak": pl.Int32, "weight": pl.Float64, "position": pl.Int32, "gap": pl.Float64}


def attention(
    values: pl.DataFrame,
    indicators: list[Indicator],
    units: list[Unit],
    quarter: str,
    lang: str = "vi",
    reports: Reporting | None = None,
) -> list[Attention]:
    """Units that need attention in the quarter, worst first, each with its reasons.

    Reasons: a ratio below its target (with how long it has been so), a ratio
    worse two quarters running by at least WORSENING_POINTS, and a stock that
    breaks its target (overdue tasks) STREAK or more quarters running. Given
    who has reported the quarter (`reporting.reporting`, whose rule decides
    missing and late), a unit that has not reported after the due day, or
    reported late, has that as a reason too. A unit's reasons come in
    catalogue order, the falling ratios next, the reporting reason last. Units
    of equal weight (to nine decimals) come in code order.
    """
    by_code = {i.code: i for i in indicators}
    in_force = {u.code: u for u in units_in_force(units, quarter)}
    quarters = window(quarter)
    history = values.filter(pl.col("quarter").is_in(quarters) & pl.col("unit_code").is_in(list(in_force)))
    catalogue = pl.DataFrame(
        {
            "indicator": list(by_code),
            "ratio": [i.is_ratio for i in indicators],
            "position": list(range(len(indicators))),
        },
        schema={"indicator": pl.String, "ratio": pl.Boolean, "position": pl.Int32},
    )
    facts = pl.concat(
        [
            _missing_target(history, indicators, quarters, catalogue).select(list(FACTS)),
            _worsening(history, indicators, quarters)
            .join(catalogue, on="indicator")
            .select(list(FACTS))
            .with_columns(pl.col("position") + len(indicators)),
            _reporting_facts(reports, 2 * len(indicators)),
        ]
    )
    units_listed = (
        facts.sort("unit_code", "position")
        .group_by("unit_code", maintain_order=True)
        .agg(pl.col("weight").sum().round(9), pl.col("indicator", "kind", "amount", "streak", "gap"))
        .sort(["weight", "unit_code"], descending=[True, False])
    )
    return [
        Attention(
            in_force[code],
            tuple(
                Reason(kind, by_code.get(i), amount, streak, reports.due if reports and i is None else None, gap)
                for i, kind, amount, streak, gap in zip(*why, strict=True)
            ),
            weight,
            quarter,
            lang,
        )
        for code, weight, *why in units_listed.iter_rows()
        if code in in_force
    ]


def _reporting_facts(reports: Reporting | None, position: int) -> pl.DataFrame:
    """A unit's missing report (once the due day has passed) or late one, as a fact without indicator."""
    if reports is None:
        return pl.DataFrame(schema=FACTS)
    late = pl.col("status") == "late"
    wanted = late | ((pl.col("status") == "missing") & pl.lit(reports.overdue))
    return reports.units.filter(wanted).select(
        pl.col("unit_code"),
        indicator=pl.lit(None, dtype=pl.String),
        kind=pl.when(late).then(pl.lit("late")).otherwise(pl.lit("unreported")),
        amount=pl.col("days_late").fill_null(0).cast(pl.Float64),
        streak=pl.lit(0, dtype=pl.Int32),
        weight=pl.when(late).then(REPORTING_WEIGHT / 2).otherwise(REPORTING_WEIGHT),
        position=pl.lit(position, dtype=pl.Int32),
        gap=pl.lit(None, dtype=pl.Float64),
    )


def runs_below_target(history: pl.DataFrame, indicators: list[Indicator], quarters: list[str]) -> pl.DataFrame:
    """The rows of the last of `quarters` below target, each with `streak`: quarters running below it.

    A quarter with no value breaks the run; a run is counted within `quarters`
    (a streak of len(quarters) may have begun earlier).
    """
    last = len(quarters) - 1
    position = pl.col("quarter").replace_strict({q: n for n, q in enumerate(quarters)}, return_dtype=pl.Int32)
    missed = (
        _status(history.filter(pl.col("quarter").is_in(quarters)), indicators)
        .filter(pl.col("meets").not_())
        .with_columns(position.alias("at"))
    )
    now = missed.filter(pl.col("at") == last)
    # Quarters running: with the positions of a unit's misses newest first, a
    # run lasts while position + rank is still the last position.
    running = ((pl.col("at").sort(descending=True) + pl.int_range(pl.len(), dtype=pl.Int32)) == last).sum()
    streaks = missed.join(now.select(KEY), on=KEY, how="semi").group_by(KEY).agg(running.cast(pl.Int32).alias("streak"))
    return now.join(streaks, on=KEY)


def _missing_target(
    history: pl.DataFrame, indicators: list[Indicator], quarters: list[str], catalogue: pl.DataFrame
) -> pl.DataFrame:
    """The units and indicators below target in the last quarter, with how many quarters running.

    A quarter with no value breaks the run. A ratio counts from its first
    quarter below target, weighed by how far below it is; a stock only from
    STREAK quarters running.
    """
    below = pl.col("ratio")
    return (
        runs_below_target(history, indicators, quarters)
        .join(catalogue, on="indicator")
        .filter(below | (pl.col("streak") >= STREAK))
        .with_columns(
            amount=pl.col("value"),
            kind=pl.when(below).then(pl.lit("below")).otherwise(pl.lit("stock")),
            weight=pl.when(below)
            .then(1.0 + (pl.col("value") - pl.col("target")).abs() / 10)
            .otherwise(1.0 + pl.col("streak") / 2),
        )
    )


def _worsening(history: pl.DataFrame, indicators: list[Indicator], quarters: list[str]) -> pl.DataFrame:
    """Ratios worse in each of the last STREAK quarters, by WORSENING_POINTS or more in all."""
    recent = quarters[-(STREAK + 1) :]
    higher = {i.code: i.higher_is_better for i in indicators if i.is_ratio}
    series = (
        history.filter(pl.col("indicator").is_in(list(higher)) & pl.col("quarter").is_in(recent))
        .pivot(on="quarter", index=KEY, values="value")
        .drop_nulls()
    )
    if not all(q in series.columns for q in recent):
        return pl.DataFrame(schema=FACTS).drop("position")
    points = [pl.col(q) for q in recent]
    rising = pl.all_horizontal(old < new for old, new in pairwise(points))
    falling = pl.all_horizontal(old > new for old, new in pairwise(points))
    better_higher = pl.col("indicator").replace_strict(higher, return_dtype=pl.Boolean)
    lost = (points[-1] - points[0]).abs()
    return series.filter(pl.when(better_higher).then(falling).otherwise(rising) & (lost >= WORSENING_POINTS)).select(
        *KEY,
        kind=pl.lit("worse"),
        amount=lost.cast(pl.Float64),
        streak=pl.lit(0, dtype=pl.Int32),
        weight=0.5 + lost / 10,
        gap=pl.lit(None, dtype=pl.Float64),
    )


def _reason_reporting(kind: str, quarter: str, days: float, due: date | None, lang: str) -> str:
    """'Chưa báo cáo Quý III/2026, hạn 15/10/2026' or 'Báo cáo Quý III/2026 trễ 7 ngày'."""
    label = quarter_label(quarter, lang)
    if kind == "late":
        late = fmt.number(days, 0, lang)
        return f"{label} reported {late} days late" if lang == "en" else f"Báo cáo {label} trễ {late} ngày"
    return f"{label} not reported, due {fmt.day(due)}" if lang == "en" else f"Chưa báo cáo {label}, hạn {fmt.day(due)}"


def _reason_worse(indicator: Indicator, lost: float, lang: str) -> str:
    points = fmt.number(lost, indicator.decimals, lang)
    if lang == "en":
        return f"{indicator.name_en} worse {STREAK} quarters running (−{points} pp)"
    return f"{indicator.name_vi} giảm {STREAK} quý liên tiếp (−{points} điểm %)"
