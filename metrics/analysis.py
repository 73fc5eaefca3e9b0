"""What the unit and indicator pages show: periods, rankings, unit profiles, lineages.

Periods are quarters, half-years ('2025-H2') or years ('2025'), rolled up by
each indicator's kind (metrics.rollup). Units are ranked among their peers:
departments with departments, communes with wards (the same level since
district level was abolished). A unit created by a merger borrows its history
from its predecessors, rolled up, so that a series crossing the change stays
readable. Pure polars.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from metrics import overview
from metrics import target as target_rule
from metrics.catalogue import Indicator, Unit
from metrics.overview import Compared
from metrics.quarters import Quarter
from metrics.rollup import half_of, over_quarters, over_units, year_of

GRANULARITIES = ("quarter", "half", "year")
PEERS = {"department": "department", "commune": "local", "ward": "local"}


def period_expr(granularity: str) -> pl.Expr:
    quarter = pl.col("quarter")
    return {"quarter": quarter, "half": half_of(quarter), "year": year_of(quarter)}[granularity]


def period_of(quarter: str, granularity: str) -> str:
    q = Quarter.parse(quarter)
    if granularity == "year":
        return str(q.year)
    if granularity == "half":
        return f"{q.year}-H{1 if q.q <= 2 else 2}"
    return q.code


def quarters_in(period: str, granularity: str) -> list[str]:
    if granularity == "quarter":
        return [period]
    if granularity == "year":
        return [f"{period}-Q{q}" for q in (1, 2, 3, 4)]
    year, half = period.split("-H")
    return [f"{year}-Q{q}" for q in ((1, 2) if half == "1" else (3, 4))]


def period_label(period: str, granularity: str, lang: str = "vi") -> str:
    if granularity == "quarter":
        return Quarter.parse(period).label(lang)
    if granularity == "year":
        return f"Năm {period}" if lang == "vi" else f"Year {period}"
    year, half = period.split("-H")
    if lang == "en":
        return f"H{half} {year}"
    return f"6 tháng {'đầu' if half == '1' else 'cuối'} năm {year}"


def peer_group(unit: Unit) -> str:
    return PEERS.get(unit.kind, unit.kind)


def against_province(indicator: Indicator) -> bool:
    """Like with like, wherever a unit's figure is drawn beside a reference: a ratio against the
    province's own ratio; a count against the average unit (`peer_average`), since the province's
    total, a sum over every unit, would dwarf any unit's."""
    return indicator.is_ratio


def peer_average(values: pl.DataFrame, units: list[Unit], peers: str) -> pl.DataFrame:
    """The average unit of a peer group ('department', 'local', or 'all' units) per quarter and
    indicator: the mean of the values of the units that reported. Meant for counts (`against_province`).
    """
    members = [u.code for u in units if u.kind != "province" and peers in ("all", peer_group(u))]
    return (
        values.filter(pl.col("unit_code").is_in(members) & pl.col("value").is_not_null())
        .group_by("quarter", "indicator")
        .agg(pl.col("value").mean())
    )


def unit_periods(values: pl.DataFrame, indicators: list[Indicator], granularity: str) -> pl.DataFrame:
    """Each unit's value per period and indicator (a quarter is its own period)."""
    if granularity == "quarter":
        return values.with_columns(pl.col("quarter").alias("period"))
    return over_quarters(values, indicators, period_expr(granularity), ["unit_code"])


def province_periods(values: pl.DataFrame, indicators: list[Indicator], granularity: str) -> pl.DataFrame:
    """The province's value per period and indicator: units first, then quarters."""
    by_quarter = over_units(values, indicators, ["quarter", "indicator"])
    if granularity == "quarter":
        return by_quarter.with_columns(pl.col("quarter").alias("period"))
    return over_quarters(by_quarter, indicators, period_expr(granularity), [])


def ranking(
    per_unit: pl.DataFrame, indicator: Indicator, units: list[Unit], period: str, peers: str | None = None
) -> pl.DataFrame:
    """Units with a value for the indicator in the period, best first, with rank and target status.

    `meets` is the verdict and `gap` how far the value falls short of the
    target (metrics.target: > 0 missed, ≤ 0 met, null without a target), one
    column for every unit rather than one call per row. `peers` limits to
    'department' or 'local' (communes and wards).
    """
    meta = pl.DataFrame(
        {
            "unit_code": [u.code for u in units],
            "name_vi": [u.name_vi for u in units],
            "name_en": [u.name_en or u.name_vi for u in units],
            "kind": [u.kind for u in units],
            "peers": [peer_group(u) for u in units],
        }
    )
    rows = per_unit.filter(
        (pl.col("period") == period) & (pl.col("indicator") == indicator.code) & pl.col("value").is_not_null()
    )
    frame = rows.select("unit_code", "value", "numerator", "denominator").join(meta, on="unit_code", how="inner")
    if peers:
        frame = frame.filter(pl.col("peers") == peers)
    descending = indicator.higher_is_better
    frame = frame.sort(["value", "unit_code"], descending=[descending, False])
    rank = pl.col("value").rank(method="min", descending=descending).cast(pl.Int64)
    judged = (pl.col("value"), indicator.target, indicator.higher_is_better, indicator.decimals)
    return frame.with_columns(
        rank.alias("rank"),
        pl.len().alias("of"),
        target_rule.meets_expr(*judged).alias("meets"),
        target_rule.gap_expr(*judged).alias("gap"),
    )


@dataclass(frozen=True)
class ProfileRow(Compared):
    indicator: Indicator
    value: float | None
    previous: float | None
    last_year: float | None
    rank: int | None
    of: int
    province: float | None
    below_for: int = 0  # quarters running below target, up to this one (0: met, no target or no value)


def lineage(units: list[Unit], code: str) -> list[Unit]:
    """The units that became this one, directly or through earlier mergers."""
    found, frontier = [], [code]
    while frontier:
        current = frontier.pop()
        for unit in units:
            if unit.successor_code == current and unit not in found:
                found.append(unit)
                frontier.append(unit.code)
    return found


def unit_series(values: pl.DataFrame, indicators: list[Indicator], units: list[Unit], code: str) -> pl.DataFrame:
    """A unit's value per quarter and indicator, continued back through its predecessors.

    Quarters before the unit existed are the roll-up of its predecessors
    (source 'predecessors'); its own quarters have source 'self'.
    """
    own = values.filter(pl.col("unit_code") == code).select("quarter", "indicator", "value", "numerator", "denominator")
    own = own.with_columns(pl.lit("self").alias("source"))
    before = [u.code for u in lineage(units, code)]
    if not before:
        return own.sort("quarter", "indicator")
    unit = next(u for u in units if u.code == code)
    earlier = values.filter(pl.col("unit_code").is_in(before))
    if unit.valid_from:
        earlier = earlier.filter(pl.col("quarter") < unit.valid_from)
    inherited = over_units(earlier, indicators, ["quarter", "indicator"]).select(
        "quarter", "indicator", "value", "numerator", "denominator"
    )
    inherited = inherited.with_columns(pl.lit("predecessors").alias("source"))
    return pl.concat([inherited, own]).sort("quarter", "indicator")


def profile(
    values: pl.DataFrame, indicators: list[Indicator], units: list[Unit], code: str, quarter: str
) -> list[ProfileRow]:
    """Every indicator for one unit in a quarter: value, changes, rank among peers, province."""
    q = Quarter.parse(quarter)
    series = unit_series(values, indicators, units, code)
    at = {(r["quarter"], r["indicator"]): r["value"] for r in series.iter_rows(named=True)}
    unit = next(u for u in units if u.code == code)
    per_unit = unit_periods(values.filter(pl.col("quarter") == quarter), indicators, "quarter")
    totals = {
        r["indicator"]: r["value"]
        for r in province_periods(values.filter(pl.col("quarter") == quarter), indicators, "quarter").iter_rows(
            named=True
        )
    }
    runs = overview.runs_below_target(values.filter(pl.col("unit_code") == code), indicators, overview.window(quarter))
    below_for = dict(zip(runs["indicator"], runs["streak"], strict=True))
    rows = []
    for indicator in indicators:
        ranked = ranking(per_unit, indicator, units, quarter, peer_group(unit))
        mine = ranked.filter(pl.col("unit_code") == code)
        rows.append(
            ProfileRow(
                indicator=indicator,
                value=at.get((quarter, indicator.code)),
                previous=at.get((q.shift(-1).code, indicator.code)),
                last_year=at.get((q.shift(-4).code, indicator.code)),
                rank=mine["rank"][0] if mine.height else None,
                of=ranked.height,
                province=totals.get(indicator.code),
                below_for=below_for.get(indicator.code, 0),
            )
        )
    return rows
