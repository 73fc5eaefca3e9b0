"""Each page's derived view, computed once per (data version, filters) and shared by sessions.

Pages rerun on every click; the figures they show only change when the data
or the filters do. `st.cache_resource` keeps one copy (no pickling on each
hit); callers must not change what they get back. Old versions and filters
drop out by `max_entries`, and what nobody has asked for in an hour by `ttl`,
so memory stays bounded (`ui.state`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from metrics import analysis, charts, overview
from metrics.catalogue import Indicator
from metrics.i18n import t
from metrics.overview import Attention, Tile
from metrics.quarters import quarter_label
from ui import review, state

GRID_ROWS = 60  # a units × indicators grid taller than this is unreadable; the worst units come first
UNIT_CHART_WIDTH = 260  # px: the unit page's charts, two abreast, at 1024 px with the sidebar open
CHART_ROWS = 60  # rankings with more units show the leading and trailing 30 in the chart


def page_values(version: int, quarter: str) -> pl.DataFrame:
    """The values a page needs: the overview window of quarters and the chosen quarter's whole year."""
    first = min(overview.window(quarter)[0], f"{quarter[:4]}-Q1")
    return state.values(version, first, quarter)


@dataclass(frozen=True)
class OverviewView:
    tiles: list[Tile]
    flagged: list[Attention]
    grid: str  # HTML table
    units_total: int


@st.cache_resource(show_spinner=False, max_entries=12, ttl="1h")
def overview_view(version: int, quarter: str, lang: str, today: date | None = None) -> OverviewView:
    """The overview of `quarter`; given `today`, late and missing reports are reasons for attention."""
    indicators, units = state.indicators(version), state.units(version)
    reports = state.reporting_state(version, quarter, today) if today is not None else None
    values = state.values(version, overview.window(quarter)[0], quarter)
    in_force = overview.units_in_force(units, quarter)
    status = overview.unit_status(values, indicators, quarter)
    misses = status.filter(pl.col("meets").not_()).group_by("unit_code").len()
    worst = set(misses.sort("len", descending=True).head(GRID_ROWS)["unit_code"].to_list())
    shown = in_force if len(in_force) <= GRID_ROWS else [u for u in in_force if u.code in worst]
    return OverviewView(
        tiles=overview.tiles(values, indicators, units, quarter),
        flagged=overview.attention(values, indicators, units, quarter, lang, reports),
        grid=charts.status_grid(
            status,
            indicators,
            shown,
            quarter_label(quarter, lang),
            lang,
            f"unit?unit={{code}}&quarter={quarter}&lang={lang}",
        ),
        units_total=len(in_force),
    )


@dataclass(frozen=True)
class IndicatorView:
    ranked: pl.DataFrame
    table: pl.DataFrame  # the ranking in words, as shown (ui.review.ranking_table)
    province: float | None
    ranking: go.Figure
    distribution: go.Figure


@st.cache_resource(show_spinner=False, max_entries=12, ttl="1h")
def indicator_view(
    version: int, quarter: str, code: str, view: str, peers: str, lang: str, labels: tuple[str, str]
) -> IndicatorView:
    indicators, units = state.indicators(version), state.units(version)
    indicator = next(i for i in indicators if i.code == code)
    period = analysis.period_of(quarter, view)
    # Every figure here is of this indicator alone, and rolls up within it: its rows are enough.
    values = page_values(version, quarter).filter(pl.col("indicator") == code)
    in_period = values.filter(pl.col("quarter").is_in(analysis.quarters_in(period, view)))
    per_unit = analysis.unit_periods(in_period, [indicator], view)
    totals = analysis.province_periods(in_period, [indicator], view)["value"]
    province = totals[0] if len(totals) else None
    ranked = analysis.ranking(
        per_unit, indicator, overview.units_in_force(units, quarter), period, None if peers == "all" else peers
    )
    # Quarters running below target up to the chosen quarter (whatever the period shown): 0 when met.
    runs = overview.runs_below_target(values, [indicator], overview.window(quarter))
    ranked = ranked.join(runs.select("unit_code", "streak"), on="unit_code", how="left", maintain_order="left")
    ranked = ranked.with_columns(pl.col("streak").fill_null(0).alias("below_for")).drop("streak")
    charted = (
        ranked
        if ranked.height <= CHART_ROWS
        else pl.concat([ranked.head(CHART_ROWS // 2), ranked.tail(CHART_ROWS // 2)])
    )
    ranking_title, distribution_title = labels
    return IndicatorView(
        ranked=ranked,
        table=review.ranking_table(ranked, indicator, quarter, lang),
        province=province,
        ranking=charts.ranking_chart(
            charted, indicator, *_reference(indicator, province, ranked, peers, lang), ranking_title, lang
        ),
        distribution=charts.distribution_chart(ranked, indicator, distribution_title, lang),
    )


def _reference(
    indicator: Indicator, province: float | None, ranked: pl.DataFrame, peers: str, lang: str
) -> tuple[float | None, str]:
    """The ranking's reference line and its name (analysis.against_province): the province's ratio,
    or the average of the units ranked."""
    if analysis.against_province(indicator):
        return province, t("province", lang)
    return (ranked["value"].mean() if ranked.height else None), t(f"peer_average_{peers}", lang)


@dataclass(frozen=True)
class UnitView:
    rows: list[analysis.ProfileRow]
    trends: list[tuple[str, go.Figure]]


@st.cache_resource(show_spinner=False, max_entries=12, ttl="1h")
def unit_view(version: int, quarter: str, code: str, lang: str, labels: tuple[str, str, str, str]) -> UnitView:
    """One unit's profile and a trend chart per indicator, like against like.

    A ratio is drawn against the province's ratio; a count against the
    average unit of its kind (the province's total would dwarf any unit's).
    """
    indicators, units = state.indicators(version), state.units(version)
    values = page_values(version, quarter)
    unit = next(u for u in units if u.code == code)
    series = analysis.unit_series(values, indicators, units, code)
    province = analysis.province_periods(values, indicators, "quarter")
    peers = analysis.peer_average(values, units, analysis.peer_group(unit))
    province_label, merger_label, name, peers_label = labels
    changes = [(unit.valid_from, merger_label)] if analysis.lineage(units, code) and unit.valid_from else []
    trends = []
    for indicator in indicators:
        mine = series.filter(pl.col("indicator") == indicator.code)
        reference = province if analysis.against_province(indicator) else peers
        total = reference.filter(pl.col("indicator") == indicator.code).sort("quarter")
        lines = [
            (
                province_label if analysis.against_province(indicator) else peers_label,
                total["quarter"].to_list(),
                total["value"].to_list(),
            ),
            (name, mine["quarter"].to_list(), mine["value"].to_list()),
        ]
        trends.append(
            (
                indicator.code,
                charts.trend_chart(
                    lines, indicator, indicator.name(lang), lang, changes=changes, height=380, width=UNIT_CHART_WIDTH
                ),
            )
        )
    return UnitView(rows=analysis.profile(values, indicators, units, code, quarter), trends=trends)


@st.cache_resource(show_spinner=False, max_entries=12, ttl="1h")
def trend_figure(
    version: int, quarter: str, code: str, chosen: tuple[str, ...], lang: str, title: str, peers: str = "all"
) -> go.Figure:
    """The indicator page's trend chart: the chosen units against the province's ratio, or for a count
    against the average unit of the kind shown (`peers`: 'all', 'department' or 'local')."""
    indicators, units = state.indicators(version), state.units(version)
    indicator = next(i for i in indicators if i.code == code)
    values = page_values(version, quarter).filter(pl.col("indicator") == code)  # roll up only the one shown
    if analysis.against_province(indicator):
        reference, name = analysis.province_periods(values, [indicator], "quarter"), t("province", lang)
    else:
        reference, name = analysis.peer_average(values, units, peers), t(f"peer_average_{peers}", lang)
    history = reference.filter(pl.col("indicator") == code).sort("quarter")
    names = {u.code: u.name(lang) for u in units}
    series = [(name, history["quarter"].to_list(), history["value"].to_list())]
    for unit in chosen:
        mine = values.filter(pl.col("unit_code") == unit).sort("quarter")
        series.append((names.get(unit, unit), mine["quarter"].to_list(), mine["value"].to_list()))
    return charts.trend_chart(series, indicator, title, lang)
