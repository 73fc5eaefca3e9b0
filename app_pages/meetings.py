"""Phiên họp: a review meeting, its conclusions and the previous meeting's, the one-click brief."""

import streamlit as st

from metrics import escape
from metrics.i18n import t
from metrics.settings import today
from ui import meetings, state

lang = state.page_setup()
version = state.version()
units = state.units(version)
user = state.user()
st.title(t("page_meetings", lang))
frame = meetings.all_meetings(version)
admin = user is not None and user.is_admin  # the core checks the role again
if frame.is_empty():
    st.info(t("meetings_none", lang))
else:
    meeting = meetings.choose(frame, lang)
    st.header(escape.markdown(meeting["title"]))
    meetings.details(meeting, lang)
    meetings.brief_buttons(meeting, lang)
    at = today()
    heading = t("meeting_conclusions", lang, day=at.strftime("%d/%m/%Y"))
    meetings.conclusions(meeting, at, units, lang, heading, key="own_conclusions")
    if admin:
        meetings.conclusion_form(meeting, user, units, lang)
    meetings.previous_conclusions(meeting, units, lang)
if admin:
    with st.expander(t("meeting_new", lang), expanded=frame.is_empty()):
        meetings.meeting_form(user, list(reversed(state.quarters(version))), lang)
