"""Chỉ số: every unit ranked on one indicator for a period, trends and distribution."""

import polars as pl
import streamlit as st

from metrics import analysis, escape, fmt
from metrics.i18n import t
from ui import review, state, views
from ui.review import TREND_UNITS

lang = state.page_setup()
quarter, version = state.page_quarter(lang)
indicators = state.indicators(version)
indicator = review.choose_indicator(indicators, lang)
with st.container(horizontal=True, gap="large"):  # each as wide as its labels; wraps on a narrow screen
    view = review.choose("view", list(analysis.GRANULARITIES), t("view", lang), lang, "quarter")
    peers = review.choose("kind", ["all", "department", "local"], t("unit_kind", lang), lang, "all")

period = analysis.period_of(quarter, view)
label = analysis.period_label(period, view, lang)
titles = (
    t("ranking_title", lang, name=indicator.name(lang), period=label),
    t("distribution_title", lang, period=label),
)
shown = views.indicator_view(version, quarter, indicator.code, view, peers, lang, titles)
ranked = shown.ranked

st.title(escape.markdown(f"{indicator.name(lang)} · {label}"))
met = ranked.filter(pl.col("meets")).height
a, b, c = st.columns(3)
a.metric(t("province", lang), fmt.value(indicator, shown.province, lang))
b.metric(
    t("target", lang),
    fmt.value(indicator, indicator.target, lang) if indicator.target is not None else "—",
    help=escape.markdown(indicator.target_source) if indicator.target_source else None,
)
c.metric(t("units_meeting", lang), f"{met}/{ranked.height}" if indicator.target is not None else "—")

clicked = review.chart(
    shown.ranking, key="ranking_chart", file_name=f"xep-hang-{indicator.code}-{period}", clickable=True, wide=True
)
if clicked:
    review.open_unit(clicked)
st.caption(t("click_to_open", lang))
picked = review.clickable_table(shown.table, f"xep-hang-{indicator.code}-{period}", lang, key="ranking_table")
if picked is not None:
    review.open_unit(ranked["unit_code"][picked])

st.header(t("trend_heading", lang))
names = dict(zip(ranked["unit_code"], ranked["name_en" if lang == "en" else "name_vi"], strict=True))
chosen = st.multiselect(t("compare_units", lang), list(names), default=review.trend_default(ranked, indicator),
                        format_func=names.get, key=f"trend_units_{indicator.code}_{quarter}", max_selections=TREND_UNITS,
                        placeholder=t("choose_units", lang))  # fmt: skip
title = t("trend_title", lang, name=indicator.name(lang))
trend = views.trend_figure(version, quarter, indicator.code, tuple(chosen), lang, title, peers)
review.chart(trend, key="trend_chart", file_name=f"xu-huong-{indicator.code}")
st.header(t("distribution_heading", lang))
point = review.chart(
    shown.distribution,
    key="distribution_chart",
    file_name=f"phan-bo-{indicator.code}-{period}",
    clickable=True,
    wide=True,
)
if point:
    review.open_unit(point)
