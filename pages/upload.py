"""Cập nhật số liệu: template download, upload with preview and commit, history and rollback."""

import streamlit as st

from metrics.i18n import t
from ui import state, upload

lang = state.page_setup()
st.title(t("page_upload", lang))
send, template, history = st.tabs([t("tab_upload", lang), t("tab_template", lang), t("tab_history", lang)])
with send:
    upload.upload_section(lang, state.user())
with template:
    upload.template_section(lang)
with history:
    upload.history_section(lang, state.user())
