"""Rendering shared by the unit and indicator pages: filters, tables with exports, charts.

Numbers come from metrics.analysis; this module formats and lays them out.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

import polars as pl
import streamlit as st

from metrics import analysis, charts, fmt, overview, search
from metrics.catalogue import Indicator, Unit
from metrics.i18n import t
from metrics.quarters import Quarter, quarter_label
from ui import state
from ui.widgets import dataframe, download_buttons, text_table

UNIT_PAGE = "app_pages/unit.py"
TREND_UNITS = 6  # lines a trend chart compares at most, besides the province


def unit_label(unit: Unit, lang: str) -> str:
    if unit.valid_to and unit.successor_code:
        return f"{unit.name(lang)} ({t('merged_short', lang)})"
    return unit.name(lang)


def choose_unit(units: list[Unit], lang: str) -> Unit:
    choices = sorted(
        (u for u in units if u.kind != "province"),
        key=lambda u: (u.kind != "department", u.valid_to is not None, u.name(lang)),
    )
    by_code = {u.code: u for u in choices}

    def named(code: str, in_lang: str) -> str:
        return unit_label(by_code[code], in_lang)

    code = state.url_filter("unit", list(by_code), choices[0].code, label=named)
    # The list's own filter needs the marks typed ('Kỳ'); this search does not ('ky son').
    query = st.text_input(t("unit_search", lang), key="unit_search", placeholder=t("unit_search_hint", lang))
    options = list(by_code)
    if query.strip():
        hits = [u.code for u in search.matching(choices, query, lang)]
        st.caption(t("unit_search_found", lang, n=len(hits)))
        options = [code, *(c for c in hits if c != code)]  # the unit shown stays first
    st.selectbox(
        t("unit_col", lang),
        options,
        format_func=lambda c: named(c, lang),
        key="unit",
        placeholder=t("choose_option", lang),
    )
    return by_code[code]


def choose_indicator(indicators: list[Indicator], lang: str) -> Indicator:
    by_code = {i.code: i for i in indicators}

    def named(code: str, in_lang: str) -> str:
        return by_code[code].name(in_lang)

    code = state.url_filter("indicator", list(by_code), indicators[0].code, label=named)
    st.selectbox(
        t("indicator_col", lang),
        list(by_code),
        format_func=lambda c: named(c, lang),
        key="indicator",
        placeholder=t("choose_option", lang),
    )
    return by_code[code]


def choose(key: str, options: list[str], label: str, lang: str, default: str) -> str:
    def named(option: str, in_lang: str) -> str:
        return t(f"{key}_{option}", in_lang)

    value = state.url_filter(key, options, default, label=named)
    st.segmented_control(label, options, format_func=lambda o: named(o, lang), key=key, required=True)
    return value


def table(header: list[str], rows: list[list], name: str, lang: str, key: str) -> None:
    """A short table, its text wrapped instead of cut, with CSV and XLSX downloads of exactly its rows."""
    text_table(header, rows)
    download_buttons(header, rows, name, lang, key)


def clickable_table(frame: pl.DataFrame, name: str, lang: str, key: str) -> int | None:
    """A long table, as shown (its columns' names are the header), with its downloads; a clicked row's index.

    The rows become Python lists only for the person who asks for a file.
    """
    event = dataframe(frame, key=key, on_select="rerun", selection_mode="single-row")
    download_buttons(frame.columns, frame.rows, name, lang, key)
    if event is not None and event.selection.rows:
        return event.selection.rows[0]
    return None


def open_unit(code: str) -> None:
    st.switch_page(UNIT_PAGE, query_params={"unit": code, "quarter": state.quarter() or "", "lang": state.lang()})


def chart(figure, key: str, file_name: str, clickable: bool = False, wide: bool = False) -> str | None:
    """Draw a plotly figure; with `clickable`, return the unit code of a clicked point.

    A `wide` chart (a ranking: long unit names beside values) keeps a phone-sized
    minimum width and scrolls sideways in its own box on a narrow screen (app.py's style).
    """
    with st.container(key=f"wide_chart_{key}") if wide else contextlib.nullcontext():
        event = st.plotly_chart(
            figure,
            key=key,
            theme=None,
            config=charts.chart_config(file_name),
            on_select="rerun" if clickable else "ignore",
            selection_mode="points",
        )
    if clickable and event is not None and event.selection.points:
        return event.selection.points[0].get("customdata")
    return None


def status_word(meets: bool | None, lang: str) -> str:
    return {True: f"✓ {t('status_met', lang)}", False: f"✗ {t('status_missed', lang)}", None: "—"}[meets]


def versus_target(indicator: Indicator, value: float | None, lang: str) -> str:
    """The value against the target ('−12,47 điểm %'), or a dash without a target."""
    return fmt.versus_target(indicator, value, lang) if indicator.target is not None else "—"


def target_status(indicator: Indicator, value: float | None, below_for: int, quarter: str, lang: str) -> str:
    """'✗ Chưa đạt (95,00 %), từ Quý I/2024 (7 quý liên tiếp)'; a dash without a target."""
    if indicator.target is None:
        return "—"
    text = f"{status_word(indicator.meets_target(value), lang)} ({fmt.value(indicator, indicator.target, lang)})"
    return f"{text}, {overview.since(quarter, below_for, lang)}" if below_for else text


def below_quarters(indicator: Indicator, below_for: int | None, quarter: str, lang: str) -> str:
    """The indicator page's 'quarters running below target' cell: '7 · từ Quý I/2024', '0', or a dash."""
    if indicator.target is None or below_for is None:
        return "—"
    if not below_for:
        return "0"
    first = Quarter.parse(quarter).shift(1 - below_for).label(lang)
    return t("below_since", lang, n=below_for, quarter=first)


def ranking_table(ranked: pl.DataFrame, indicator: Indicator, quarter: str, lang: str) -> pl.DataFrame:
    """The indicator page's ranking as shown: rank, unit, value, against target, status, quarters below target.

    `ranked` is `analysis.ranking` with `below_for`. Each distinct value is
    put into words once (a national ranking has 3,400 rows and far fewer
    distinct gaps and runs), with the same helpers as a single cell.
    """

    def words(column: str, say: Callable[[Any], str]) -> list[str]:
        said = {v: say(v) for v in ranked[column].unique().to_list()}
        return [said[v] for v in ranked[column].to_list()]

    rank, unit, value, versus, status, below = (
        t(k, lang)
        for k in ("rank_col", "unit_col", "col_value", "vs_target_col", "target_col_status", "below_quarters_col")
    )
    return pl.DataFrame(
        {
            rank: ranked["rank"],
            unit: ranked["name_en" if lang == "en" else "name_vi"],
            value: words("value", lambda v: fmt.value(indicator, v, lang)),
            versus: words("gap", lambda g: fmt.versus_gap(indicator, g, lang)),  # no target: no gap, a dash
            status: words("meets", lambda m: status_word(m, lang)),
            below: words("below_for", lambda n: below_quarters(indicator, n, quarter, lang)),
        },
        schema={rank: pl.Int64, unit: pl.String, value: pl.String, versus: pl.String, status: pl.String,
                below: pl.String},
    )  # fmt: skip


def trend_default(ranked: pl.DataFrame, indicator: Indicator) -> list[str]:
    """The units a trend chart shows first: those below target, furthest first (the last three without a target).

    The chart's widget is keyed by the indicator, so a choice made for one
    indicator never carries over to another.
    """
    worst_first = ranked.reverse()
    if indicator.target is None:
        return worst_first["unit_code"].head(3).to_list()
    return worst_first.filter(pl.col("meets").not_())["unit_code"].head(TREND_UNITS).to_list()


def merge_note(unit: Unit, units: list[Unit], lang: str) -> str | None:
    """A sentence on the unit's reorganisation, if any."""
    before = analysis.lineage(units, unit.code)
    if before and unit.valid_from:
        names = ", ".join(u.name(lang) for u in before)
        return t("merged_from", lang, quarter=quarter_label(unit.valid_from, lang), names=names)
    if unit.successor_code and unit.valid_to:
        successor = next((u for u in units if u.code == unit.successor_code), None)
        after = quarter_label(Quarter.parse(unit.valid_to).shift(1).code, lang)
        return t("merged_into", lang, quarter=after, name=successor.name(lang) if successor else unit.successor_code)
    return None
