"""Nhiệm vụ: the task register at any month's end, overdue tasks first, exports, and the register import."""

import streamlit as st

from metrics.i18n import t
from ui import state
from ui import tasks as view

lang = state.page_setup()
version = state.version()
units = state.units(version)
user = state.user()
st.title(t("tasks_heading", lang))
frame = view.register(version)
if frame.is_empty():
    st.info(t("tasks_none", lang))
else:
    chosen = view.filters(frame, units, lang)
    judged = view.apply(frame, chosen)
    st.caption(t("tasks_caption", lang, day=chosen.at.strftime("%d/%m/%Y"), n=judged.height))
    view.status_metrics(judged, lang)
    listed = judged if chosen.status == "all" else judged.filter(judged["status"] == chosen.status)
    overdue = view.overdue_first(listed)
    if overdue.height:
        st.header(t("overdue_heading", lang))
        name = f"nhiem-vu-qua-han-{chosen.at.isoformat()}"
        view.task_table(overdue, units, lang, name, key="overdue_tasks", columns=view.OVERDUE_COLUMNS)
        with st.expander(t("overdue_by_unit_heading", lang)):
            view.by_unit_table(judged, chosen.at, units, lang)
    st.header(t("all_tasks_heading", lang))
    if listed.is_empty():
        st.caption(t("tasks_none_match", lang))
    else:
        view.task_table(listed, units, lang, f"nhiem-vu-{chosen.at.isoformat()}", key="all_tasks")
if user is not None and user.role in ("unit_staff", "admin"):  # the import checks the role again
    with st.expander(t("tasks_import_heading", lang), expanded=frame.is_empty()):
        view.import_section(user, units, lang)
