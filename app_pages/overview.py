"""Tổng quan: the quarter's province figures, the units × indicators grid, attention."""

import streamlit as st

from metrics import escape, fmt, reporting, settings
from metrics.i18n import t
from metrics.quarters import quarter_label
from ui import index766, ready, state, views
from ui.widgets import attention_list, attention_table, tile

lang = state.page_setup(draws_charts_or_tables=False)  # its tiles and grid are SVG and HTML
quarter, version = state.page_quarter(lang)
day = settings.today()
view = views.overview_view(version, quarter, lang, day)
st.title(t("overview_heading", lang, quarter=quarter_label(quarter, lang)))
updated = state.last_commit(version)
if updated is not None:
    st.caption(t("data_as_of", lang, when=fmt.moment(updated)))
collected = state.reporting_state(version, reporting.collecting(day), day)
st.page_link(
    state.page("reporting"), label=escape.markdown(reporting.summary(collected, lang)), icon=":material/checklist:"
)

cells = [*view.tiles, None]  # None: the national service index's tile (Decision 766)
with st.container(key="overview_tiles"):  # two abreast when four would cut their figures (app.py's style)
    for start in range(0, len(cells), 4):
        for column, item in zip(st.columns(4), cells[start : start + 4], strict=False):
            with column:
                if item is None:
                    index766.overview_tile(version, quarter, lang)
                else:
                    tile(item, lang)

st.header(t("attention_heading", lang))
if not view.flagged:
    st.success(t("attention_none", lang))
attention_list(view.flagged[:10], quarter, lang)
if len(view.flagged) > 10:
    # Drawn when opened: the table widget is a large download for a first visit.
    more = st.expander(
        t("attention_more", lang, n=len(view.flagged) - 10), key="attention_more_open", on_change="rerun"
    )
    if more.open:
        ready.wait_for_pandas()  # a table: see ui.ready
        with more:
            attention_table(view.flagged[10:], lang)

with st.container(key="status_grid"):  # scrolls sideways on a narrow screen, not the page
    st.markdown(view.grid, unsafe_allow_html=True)
st.caption(t("grid_caption", lang))
if view.units_total > views.GRID_ROWS:
    st.caption(t("grid_capped", lang, shown=views.GRID_ROWS, total=view.units_total))
