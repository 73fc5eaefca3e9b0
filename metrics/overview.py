"""What the overview shows for a quarter: province tiles, the status grid, attention.

Computed from the current values of a window of quarters ending at the chosen
one (pure polars), so the same numbers serve the page, the tests and, later,
the presentation view.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

import polars as pl

from metrics import fmt
from metrics.catalogue import Indicator, Unit
from metrics.quarters import Quarter, quarter_range
from metrics.rollup import over_units

WINDOW = 8  # quarters of history the overview looks at
STREAK = 2  # quarters running that make a problem "persistent"
WORSENING_POINTS = 1.0  # percentage points lost over the streak before we call it worsening


def window(quarter: str, size: int = WINDOW) -> list[str]:
    last = Quarter.parse(quarter)
    return quarter_range(last.shift(1 - size).code, last.code)


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


@dataclass
class Attention:
    unit: Unit
    reasons: list[str] = field(default_factory=list)
    weight: float = 0.0


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


def unit_status(values: pl.DataFrame, indicators: list[Indicator], quarter: str) -> pl.DataFrame:
    """One row per unit and indicator in the quarter, with `meets` True/False/null."""
    targets = pl.DataFrame(
        {
            "indicator": [i.code for i in indicators],
            "target": [i.target for i in indicators],
            "higher": [i.higher_is_better for i in indicators],
        },
        schema={"indicator": pl.String, "target": pl.Float64, "higher": pl.Boolean},
    )
    here = values.filter(pl.col("quarter") == quarter).join(targets, on="indicator")
    meets = (
        pl.when(pl.col("value").is_null() | pl.col("target").is_null())
        .then(None)
        .when(pl.col("higher"))
        .then(pl.col("value") >= pl.col("target"))
        .otherwise(pl.col("value") <= pl.col("target"))
    )
    return here.select("unit_code", "indicator", "value", "target", meets.alias("meets"))


def _streaks(flags: pl.DataFrame, quarters: list[str]) -> pl.DataFrame:
    """Quarters running, up to the last of `quarters`, in which `flag` held.

    A quarter with no value breaks the run.
    """
    keys = flags.select("unit_code", "indicator").unique()
    grid = keys.join(pl.DataFrame({"quarter": quarters}), how="cross")
    full = grid.join(flags, on=["unit_code", "indicator", "quarter"], how="left")
    return (
        full.with_columns(pl.col("flag").fill_null(False).cast(pl.Int32))
        .sort("quarter", descending=True)
        .group_by("unit_code", "indicator")
        .agg(pl.col("flag").cum_min().sum().alias("streak"))
    )


def attention(
    values: pl.DataFrame,
    indicators: list[Indicator],
    units: list[Unit],
    quarter: str,
    lang: str = "vi",
) -> list[Attention]:
    """Units that need attention in the quarter, worst first, each with reasons in words.

    Reasons: a ratio below its target (with how long it has been so), a ratio
    worse two quarters running by at least WORSENING_POINTS, and a stock that
    breaks its target (overdue tasks) STREAK or more quarters running.
    """
    by_code = {i.code: i for i in indicators}
    in_force = {u.code: u for u in units_in_force(units, quarter)}
    quarters = window(quarter)
    history = values.filter(pl.col("quarter").is_in(quarters))
    status = pl.concat([unit_status(history, indicators, q).with_columns(quarter=pl.lit(q)) for q in quarters])
    misses = _streaks(_flagged(status), quarters)
    result: dict[str, Attention] = {}

    def note(code: str, text: str, weight: float) -> None:
        entry = result.setdefault(code, Attention(in_force[code]))
        entry.reasons.append(text)
        entry.weight += weight

    # The units and indicators missing their target now, in catalogue order
    # within a unit, with how many quarters running.
    order = {i.code: n for n, i in enumerate(indicators)}
    now = status.filter((pl.col("quarter") == quarter) & pl.col("meets").not_())
    missed = (
        misses.filter((pl.col("streak") >= 1) & pl.col("unit_code").is_in(list(in_force)))
        .join(now.select("unit_code", "indicator", "value"), on=["unit_code", "indicator"])
        .with_columns(pl.col("indicator").replace_strict(order, return_dtype=pl.Int32).alias("position"))
        .sort("unit_code", "position")
    )
    targets = {i.code: fmt.value(i, i.target, lang) for i in indicators}
    for code, indicator_code, streak, value in missed.select("unit_code", "indicator", "streak", "value").iter_rows():
        indicator = by_code[indicator_code]
        if indicator.is_ratio:
            shown = fmt.value(indicator, value, lang)
            text = _reason_below(indicator, shown, targets[indicator_code], streak, lang)
            note(code, text, 1.0 + abs(value - (indicator.target or 0)) / 10)
        elif streak >= STREAK:
            text = _reason_stock(indicator, fmt.value(indicator, value, lang), streak, quarters, lang)
            note(code, text, 1.0 + streak / 2)
    for code, indicator, lost in _worsening(history, indicators, quarters):
        if code in in_force:
            note(code, _reason_worse(indicator, lost, lang), 0.5 + lost / 10)
    return sorted(result.values(), key=lambda a: (-a.weight, a.unit.code))


def _flagged(status: pl.DataFrame) -> pl.DataFrame:
    """Rows that miss their target; the status frame must carry its quarter."""
    return status.select("unit_code", "indicator", "quarter", pl.col("meets").not_().alias("flag"))


def _worsening(
    history: pl.DataFrame, indicators: list[Indicator], quarters: list[str]
) -> list[tuple[str, Indicator, float]]:
    """Ratios worse in each of the last STREAK quarters, by WORSENING_POINTS or more in all."""
    recent = quarters[-(STREAK + 1) :]
    found = []
    for indicator in indicators:
        if not indicator.is_ratio:
            continue
        series = (
            history.filter((pl.col("indicator") == indicator.code) & pl.col("quarter").is_in(recent))
            .pivot(on="quarter", index="unit_code", values="value")
            .drop_nulls()
        )
        if not all(q in series.columns for q in recent):
            continue
        points = [pl.col(q) for q in recent]
        worse_each_time = pl.all_horizontal(
            (old > new) if indicator.higher_is_better else (old < new) for old, new in pairwise(points)
        )
        lost = (points[-1] - points[0]).abs()
        hits = series.filter(worse_each_time & (lost >= WORSENING_POINTS)).select("unit_code", lost)
        found.extend((code, indicator, amount) for code, amount in hits.iter_rows())
    return found


def _reason_below(indicator: Indicator, shown: str, target: str, streak: int, lang: str) -> str:
    if lang == "en":
        since = f", {streak} quarters running" if streak >= STREAK else ""
        return f"{indicator.name_en} {shown}, below the target of {target}{since}"
    since = f", {streak} quý liên tiếp" if streak >= STREAK else ""
    return f"{indicator.name_vi} {shown}, chưa đạt mục tiêu {target}{since}"


def _reason_stock(indicator: Indicator, shown: str, streak: int, quarters: list[str], lang: str) -> str:
    start = Quarter.parse(quarters[-streak]).label(lang)
    if lang == "en":
        return f"{shown} {indicator.unit_en} overdue, {streak} quarters running (since {start})"
    return f"{shown} {indicator.unit_vi} quá hạn, {streak} quý liên tiếp (từ {start})"


def _reason_worse(indicator: Indicator, lost: float, lang: str) -> str:
    points = fmt.number(lost, indicator.decimals, lang)
    if lang == "en":
        return f"{indicator.name_en} worse {STREAK} quarters running (−{points} pp)"
    return f"{indicator.name_vi} giảm {STREAK} quý liên tiếp (−{points} điểm %)"
