"""Tổng quan: the quarter's province figures, the units × indicators grid, attention."""

import streamlit as st

from metrics import charts, overview
from metrics.i18n import t
from metrics.quarters import quarter_label
from metrics.settings import timezone
from ui import state
from ui.widgets import attention_list, tile

lang = state.page_setup()
quarter = state.quarter()
if quarter is None:
    st.info(t("no_data", lang))
    st.stop()

version = state.version()
indicators = state.indicators(version)
units = state.units(version)
quarters = overview.window(quarter)
values = state.values(version, quarters[0], quarter)
label = quarter_label(quarter, lang)

st.title(t("overview_heading", lang, quarter=label))
updated = state.last_commit(version)
if updated is not None:
    st.caption(t("data_as_of", lang, when=updated.astimezone(timezone()).strftime("%H:%M %d/%m/%Y")))

tiles = overview.tiles(values, indicators, units, quarter)
for start in range(0, len(tiles), 4):
    for column, item in zip(st.columns(4), tiles[start : start + 4], strict=False):
        with column:
            tile(item, lang)

st.header(t("attention_heading", lang))
flagged = overview.attention(values, indicators, units, quarter, lang)
if not flagged:
    st.success(t("attention_none", lang))
attention_list(flagged[:10], quarter, lang)
if len(flagged) > 10:
    with st.expander(t("attention_more", lang, n=len(flagged) - 10)):
        attention_list(flagged[10:], quarter, lang)

in_force = overview.units_in_force(units, quarter)
status = overview.unit_status(values, indicators, quarter)
st.plotly_chart(
    charts.status_grid(status, indicators, in_force, label, lang),
    config=charts.chart_config(f"tinh-hinh-don-vi-{quarter}"),
    theme=None,
)
st.caption(t("grid_caption", lang))
