"""What the Index page (Chỉ số 766) shows: the province's published scores, its national
rank and neighbours, units ranked, the groups that cost a unit the most points.

Pure polars over the current values of the `score` indicators and the
published rows of the portal's exports (`Store.portal_rows`). A score is
never summed: the province's figure is the province's own published row, and
a period's figure is the latest published for it (metrics.rollup).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from metrics import analysis
from metrics.catalogue import Indicator, Unit
from metrics.quarters import Quarter

TOTAL = "idx766_total"
NEIGHBOURS = 2  # provinces shown above and below the province in the national table


@dataclass(frozen=True)
class Score:
    """One score of one unit in a quarter, against its maximum and target."""

    indicator: Indicator
    value: float | None
    previous: float | None

    @property
    def maximum(self) -> float:
        assert self.indicator.maximum is not None
        return self.indicator.maximum

    @property
    def lost(self) -> float | None:
        """Points short of the maximum."""
        return None if self.value is None else self.maximum - self.value

    @property
    def share(self) -> float | None:
        """The score as a share of its maximum (0-100 %)."""
        return None if self.value is None else 100.0 * self.value / self.maximum

    @property
    def change(self) -> float | None:
        return None if self.value is None or self.previous is None else self.value - self.previous

    @property
    def meets_target(self) -> bool | None:
        return self.indicator.meets_target(self.value)


@dataclass(frozen=True)
class Standing:
    """A unit's scores in a quarter: the total, the six groups, its ranks."""

    unit: Unit
    quarter: str
    total: Score
    groups: list[Score]
    published_rank: int | None  # ROW_STT: nationally for the province, on the portal's sheet for a unit
    published_of: int | None  # rows ranked on that sheet
    rank: int | None  # within the province, among peers (departments, or communes and wards)
    of: int

    @property
    def costliest(self) -> list[Score]:
        """The groups that cost the most points (maximum − score), largest first."""
        scored = [g for g in self.groups if g.lost is not None]
        return sorted(scored, key=lambda g: (-(g.lost or 0.0), g.indicator.code))


def province_unit(units: list[Unit]) -> Unit | None:
    return next((u for u in units if u.kind == "province"), None)


def national(published: pl.DataFrame, quarter: str) -> pl.DataFrame:
    """The national comparison for a quarter: province rows, best first, with the
    published rank (or, where the sheet has none, the rank by total)."""
    rows = published.filter((pl.col("quarter") == quarter) & (pl.col("level") == "province"))
    ranked = rows.with_columns(
        pl.coalesce(pl.col("rank"), pl.col("total").rank("min", descending=True).cast(pl.Int32)).alias("rank")
    )
    return ranked.sort(["rank", "portal_code"]).with_columns(pl.len().alias("of"))


def neighbours(table: pl.DataFrame, portal_code: str | None, around: int = NEIGHBOURS) -> pl.DataFrame:
    """The province and the `around` provinces either side of it in the national table."""
    if portal_code is None or table.is_empty():
        return table.head(0)
    index = table.with_row_index("_at").filter(pl.col("portal_code") == portal_code)["_at"]
    if index.is_empty():
        return table.head(0)
    at = int(index[0])
    start = max(0, at - around)
    return table.slice(start, min(table.height, at + around + 1) - start)


def _value(values: pl.DataFrame, code: str, quarter: str, indicator: str) -> float | None:
    hit = values.filter(
        (pl.col("unit_code") == code) & (pl.col("quarter") == quarter) & (pl.col("indicator") == indicator)
    )["value"]
    return None if hit.is_empty() else hit[0]


def standing(
    values: pl.DataFrame,
    scores: list[Indicator],
    units: list[Unit],
    published: pl.DataFrame,
    code: str,
    quarter: str,
) -> Standing:
    """A unit's (or the province's) scores in a quarter, with the previous quarter's."""
    unit = next(u for u in units if u.code == code)
    before = Quarter.parse(quarter).shift(-1).code
    made = {
        i.code: Score(i, _value(values, code, quarter, i.code), _value(values, code, before, i.code)) for i in scores
    }
    total = made[TOTAL]
    groups = [s for c, s in made.items() if c != TOTAL]
    mine = published.filter((pl.col("quarter") == quarter) & (pl.col("unit_code") == code))
    published_rank = mine["rank"][0] if mine.height else None
    if unit.kind == "province":
        sheet = national(published, quarter)
        published_of = sheet.height or None
        rank, of = None, 0
    else:
        level = "department" if unit.kind == "department" else "commune"
        published_of = published.filter((pl.col("quarter") == quarter) & (pl.col("level") == level)).height or None
        ranked = ranking(values, scores, units, quarter, analysis.peer_group(unit))
        hit = ranked.filter(pl.col("unit_code") == code)
        rank, of = (hit["rank"][0] if hit.height else None), ranked.height
    return Standing(unit, quarter, total, groups, published_rank, published_of, rank, of)


def ranking(
    values: pl.DataFrame,
    scores: list[Indicator],
    units: list[Unit],
    quarter: str,
    peers: str,
    published: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Units of a peer group ('department' or 'local') ranked on the total for a quarter,
    best first, with the six groups and, when given, the published rank beside."""
    total = next(i for i in scores if i.code == TOTAL)
    in_force = [u for u in units if u.kind != "province" and u.valid_in(quarter)]
    here = values.filter(pl.col("quarter") == quarter).with_columns(pl.col("quarter").alias("period"))
    ranked = analysis.ranking(here, total, in_force, quarter, peers)
    groups = (
        here.filter(pl.col("indicator").is_in([i.code for i in scores if i.code != TOTAL]))
        .pivot(on="indicator", index="unit_code", values="value")
        .select("unit_code", *(pl.col(i.code) if i.code in _columns(here) else pl.lit(None, pl.Float64).alias(i.code)
                               for i in scores if i.code != TOTAL))
    )  # fmt: skip
    ranked = ranked.join(groups, on="unit_code", how="left")
    if published is not None:
        ranks = published.filter(pl.col("quarter") == quarter).select(
            "unit_code", pl.col("rank").alias("published_rank")
        )
        ranked = ranked.join(ranks.drop_nulls("unit_code"), on="unit_code", how="left")
    return ranked


def _columns(values: pl.DataFrame) -> set[str]:
    return set(values["indicator"].unique().to_list())


def trend(values: pl.DataFrame, code: str, indicator: str = TOTAL) -> pl.DataFrame:
    """A unit's score per quarter, oldest first (quarter, value)."""
    return (
        values.filter((pl.col("unit_code") == code) & (pl.col("indicator") == indicator))
        .select("quarter", "value")
        .sort("quarter")
    )


def rank_history(published: pl.DataFrame, portal_code: str | None) -> pl.DataFrame:
    """The province's national rank per quarter (quarter, rank, of), oldest first."""
    if portal_code is None:
        return pl.DataFrame(schema={"quarter": pl.String, "rank": pl.Int32, "of": pl.UInt32})
    rows = []
    for quarter in sorted(published["quarter"].unique().to_list()):
        table = national(published, quarter)
        mine = table.filter(pl.col("portal_code") == portal_code)
        if mine.height:
            rows.append({"quarter": quarter, "rank": mine["rank"][0], "of": table.height})
    return pl.DataFrame(rows, schema={"quarter": pl.String, "rank": pl.Int32, "of": pl.UInt32})
