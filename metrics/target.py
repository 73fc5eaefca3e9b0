"""Whether a value meets its target, and by how much it misses: the one rule every page uses.

A value meets its target when, rounded to the indicator's shown decimals,
it is at least the target (higher is better) or at most the target (lower is
better): a value exactly equal to its target counts as met. Comparing the
shown digits keeps the verdict and the figure beside it in agreement (a
value shown as 95,00 % is never "below a target of 95,00 %"), and absorbs the
binary noise of a ratio computed from two counts.

The rule is written once, as a polars expression; the single-value form
evaluates the same expression.
"""

from __future__ import annotations

import polars as pl

Number = pl.Expr | float | int | None


def _lit(x: Number | bool) -> pl.Expr:
    return x if isinstance(x, pl.Expr) else pl.lit(x, dtype=pl.Boolean if isinstance(x, bool) else pl.Float64)


def _shown(x: pl.Expr, decimals: pl.Expr) -> pl.Expr:
    """The value in units of its last shown decimal, rounded half away from zero (as `metrics.fmt`)."""
    return (x * pl.lit(10.0).pow(decimals)).round(0, mode="half_away_from_zero")


def gap_expr(value: Number, target: Number, higher: pl.Expr | bool, decimals: pl.Expr | int) -> pl.Expr:
    """How far the value falls short of its target, in the indicator's unit: > 0 missed, ≤ 0 met; null without both."""
    scale = _lit(float(decimals) if isinstance(decimals, int) else decimals)
    short = _shown(_lit(target), scale) - _shown(_lit(value), scale)
    return pl.when(_lit(higher)).then(short).otherwise(-short) / pl.lit(10.0).pow(scale)


def meets_expr(value: Number, target: Number, higher: pl.Expr | bool, decimals: pl.Expr | int) -> pl.Expr:
    """True when the value meets the target, False when it misses, null without a value or a target."""
    return gap_expr(value, target, higher, decimals) <= 0


def gap(value: float | None, target: float | None, higher: bool, decimals: int) -> float | None:
    """`gap_expr` for one value."""
    if value is None or target is None:
        return None
    gap_value: float | None = pl.select(gap_expr(value, target, higher, decimals)).item()
    return gap_value


def meets(value: float | None, target: float | None, higher: bool, decimals: int) -> bool | None:
    """`meets_expr` for one value."""
    if value is None or target is None:
        return None
    met: bool | None = pl.select(meets_expr(value, target, higher, decimals)).item()
    return met
