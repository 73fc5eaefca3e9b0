"""Roll-ups across units and across quarters, by each indicator's kind.

- ratio: Σ numerators / Σ denominators, never the mean of percentages;
- flow: the sum;
- stock: the sum across units, the last quarter's value across quarters;
- score (a published score out of a maximum): never summed. Across units the
  group's figure is the row of its `own` unit (the province's own published
  score), else none; across quarters the latest.

Inputs and outputs are long frames with unit_code (or another series key),
quarter, indicator, value, numerator, denominator. Pure polars, no I/O.
"""

from __future__ import annotations

import polars as pl

from metrics.catalogue import Indicator


def _kinds(indicators: list[Indicator]) -> pl.DataFrame:
    return pl.DataFrame({"indicator": [i.code for i in indicators], "kind": [i.kind for i in indicators]})


def _ratio_value(numerator: pl.Expr, denominator: pl.Expr) -> pl.Expr:
    return pl.when(denominator > 0).then(100.0 * numerator / denominator).otherwise(None)


def over_units(
    values: pl.DataFrame, indicators: list[Indicator], by: list[str], own: str | None = None
) -> pl.DataFrame:
    """Combine the rows of several units into one per `by` group (e.g. quarter, indicator).

    `units` counts the rows that carried a value (the units that reported).
    A score is never combined: its figure is the row of the unit `own` (the
    province, which publishes its own score), or none without it.
    """
    keyed = values.join(_kinds(indicators), on="indicator", how="inner")
    usable = pl.col("value").is_not_null() | pl.col("denominator").is_not_null()
    mine = pl.col("value").filter(pl.col("unit_code") == own).first() if own and "unit_code" in values.columns else None
    grouped = (
        keyed.filter(usable)
        .group_by(by, maintain_order=True)
        .agg(
            pl.first("kind"),
            pl.col("numerator").sum().alias("numerator"),
            pl.col("denominator").sum().alias("denominator"),
            pl.col("value").sum().alias("count_sum"),
            (pl.lit(None, pl.Float64) if mine is None else mine).alias("own_value"),
            pl.len().alias("units"),
        )
    )
    is_ratio = pl.col("kind") == "ratio"
    return grouped.select(
        *by,
        pl.when(is_ratio)
        .then(_ratio_value(pl.col("numerator"), pl.col("denominator")))
        .when(pl.col("kind") == "score")
        .then(pl.col("own_value"))
        .otherwise(pl.col("count_sum"))
        .alias("value"),
        pl.when(is_ratio).then(pl.col("numerator")).alias("numerator"),
        pl.when(is_ratio).then(pl.col("denominator")).alias("denominator"),
        "units",
    ).sort(by)


def over_quarters(values: pl.DataFrame, indicators: list[Indicator], period: pl.Expr, by: list[str]) -> pl.DataFrame:
    """Combine quarters into periods (half-years, years) for each series in `by`.

    `period` maps the quarter column to a period label, e.g.
    `pl.col("quarter").str.slice(0, 4)` for years. A stock takes the value of
    the latest quarter in the period that has one, and so does a score.
    """
    keys = [*by, "period", "indicator"]
    keyed = (
        values.join(_kinds(indicators), on="indicator", how="inner")
        .with_columns(period.alias("period"))
        .filter(pl.col("value").is_not_null() | pl.col("denominator").is_not_null())
        .sort("quarter")
    )
    grouped = keyed.group_by(keys, maintain_order=True).agg(
        pl.first("kind"),
        pl.col("numerator").sum(),
        pl.col("denominator").sum(),
        pl.col("value").sum().alias("count_sum"),
        pl.col("value").last().alias("last_value"),
        pl.col("quarter").last().alias("last_quarter"),
        pl.len().alias("quarters"),
    )
    kind = pl.col("kind")
    return grouped.select(
        *keys,
        pl.when(kind == "ratio")
        .then(_ratio_value(pl.col("numerator"), pl.col("denominator")))
        .when(kind == "flow")
        .then(pl.col("count_sum"))
        .otherwise(pl.col("last_value"))
        .alias("value"),
        pl.when(kind == "ratio").then(pl.col("numerator")).alias("numerator"),
        pl.when(kind == "ratio").then(pl.col("denominator")).alias("denominator"),
        "quarters",
        "last_quarter",
    ).sort(keys)


def year_of(quarter: pl.Expr) -> pl.Expr:
    return quarter.str.slice(0, 4)


def half_of(quarter: pl.Expr) -> pl.Expr:
    """'2025-Q3' -> '2025-H2'."""
    q = quarter.str.slice(6, 1).cast(pl.Int8)
    return quarter.str.slice(0, 4) + pl.when(q <= 2).then(pl.lit("-H1")).otherwise(pl.lit("-H2"))
