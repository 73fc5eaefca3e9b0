"""Chỉ số 766: the province's published score and national rank, units ranked, points lost."""

import streamlit as st

from metrics import fmt
from metrics.i18n import t
from metrics.quarters import quarter_label
from ui import index766, review, state

lang = state.page_setup()
quarter, version = state.page_quarter(lang)
st.title(t("idx_heading", lang, quarter=quarter_label(quarter, lang)))
st.caption(t("idx_caption", lang))
view = index766.province_view(version, quarter, lang)
standing = view.standing
if standing is None or standing.total.value is None:
    st.info(t("idx_no_data", lang))
    st.stop()

index766.province_tiles(view, lang)
with st.container(key="stack_narrow_idx_province"):  # one above the other on a narrow screen (app.py's style)
    left, right = st.columns([3, 2], gap="large")
    with left:
        review.chart(view.groups, key="idx_groups", file_name=f"chi-so-766-nhom-{quarter}")
    with right:
        st.subheader(t("idx_neighbours", lang))
        index766.neighbours_table(view, lang)
        if view.rank_chart is not None:
            review.chart(view.rank_chart, key="idx_rank", file_name="chi-so-766-thu-hang")

national, departments, local = st.tabs([t(f"idx_tab_{k}", lang) for k in ("national", "department", "local")])
with national:
    if view.national_chart is None:
        st.info(t("idx_neighbours_none", lang))
    else:
        review.chart(view.national_chart, key="idx_national", file_name=f"chi-so-766-toan-quoc-{quarter}")
for tab, peers in ((departments, "department"), (local, "local")):
    with tab:
        index766.ranking_section(version, quarter, peers, lang)

st.header(t("idx_unit_heading", lang))
unit = index766.choose_unit(version, quarter, lang)
if unit is not None:
    shown = index766.unit_view(version, quarter, unit.code, lang)
    index766.unit_tiles(shown.standing, lang)
    with st.container(key="stack_narrow_idx_unit"):
        a, b = st.columns(2, gap="large")
        with a:
            if shown.lost is not None:
                review.chart(shown.lost, key="idx_lost", file_name=f"chi-so-766-mat-diem-{unit.code}-{quarter}")
            else:
                st.info(t("idx_unit_no_score", lang))
        with b:
            review.chart(shown.trend, key="idx_trend", file_name=f"chi-so-766-xu-huong-{unit.code}")
    rows = [
        [g.indicator.name(lang), fmt.number(g.value, 2, lang), fmt.number(g.maximum, 0, lang), fmt.number(g.lost, 2, lang)]
        for g in shown.standing.costliest
    ]  # fmt: skip
    header = [t(k, lang) for k in ("idx_col_group", "idx_col_score", "idx_col_max", "idx_col_lost")]
    review.table(header, rows, f"chi-so-766-{unit.code}-{quarter}", lang, key="idx_unit_table")
