"""Đơn vị: one unit, every indicator, its rank among peers and its trend against the province."""

import streamlit as st

from metrics import analysis, escape, fmt
from metrics.i18n import t
from metrics.quarters import quarter_label
from ui import review, state, tasks, views

lang = state.page_setup()
quarter, version = state.page_quarter(lang)
units = state.units(version)
unit = review.choose_unit(units, lang)
st.title(escape.markdown(unit.name(lang)))
note = review.merge_note(unit, units, lang)
st.caption(
    escape.markdown(" · ".join(x for x in (t(f"kind_{unit.kind}", lang), quarter_label(quarter, lang), note) if x))
)
if not unit.valid_in(quarter):
    st.warning(t("unit_not_in_force", lang, quarter=quarter_label(quarter, lang)))

peers_label = t(f"peer_average_{analysis.peer_group(unit)}", lang)
labels = (t("province", lang), t("merger_mark", lang), unit.name(lang), peers_label)
view = views.unit_view(version, quarter, unit.code, lang, labels)
header = [
    t(k, lang)
    for k in (
        "indicator_col",
        "col_value",
        "vs_previous_col",
        "vs_year_col",
        "rank_col",
        "province_col",
        "vs_target_col",
        "target_col_status",
    )
]
body = [
    [
        r.indicator.name(lang),
        fmt.value(r.indicator, r.value, lang),
        fmt.change(r.indicator, r.change_previous, lang),
        fmt.change(r.indicator, r.change_year, lang),
        t("rank_of", lang, rank=r.rank, of=r.of) if r.rank else "—",
        fmt.value(r.indicator, r.province, lang),
        review.versus_target(r.indicator, r.value, lang),
        review.target_status(r.indicator, r.value, r.below_for, quarter, lang),
    ]
    for r in view.rows
]
review.table(header, body, f"don-vi-{unit.code}-{quarter}", lang, key="unit_table")
tasks.unit_section(unit, quarter, units, lang)

st.header(t("trend_heading", lang))
columns = st.columns(2)
for i, (code, figure) in enumerate(view.trends):
    with columns[i % 2]:
        review.chart(figure, key=f"unit_trend_{code}", file_name=f"{unit.code}-{code}")
