"""Tình hình báo cáo: for a quarter, every unit in force as reported on time, late or not at all."""

import streamlit as st

from metrics.i18n import t
from ui import reporting, state

lang = state.page_setup()
st.title(t("page_reporting", lang))
reporting.reporting_section(lang, state.user())
