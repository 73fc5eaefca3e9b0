"""Cập nhật số liệu: template download, upload with preview and commit, history and rollback."""

import streamlit as st

from metrics.i18n import t
from ui import state, upload

lang = state.page_setup()
user = state.user()
st.title(t("page_upload", lang))
if user is None or user.role not in ("unit_staff", "admin"):  # the import refuses them too
    st.error(t("writers_only", lang))
    st.stop()
send, template, history = st.tabs([t("tab_upload", lang), t("tab_template", lang), t("tab_history", lang)])
with send:
    upload.upload_section(lang, user)
with template:
    upload.template_section(lang, user)
with history:
    upload.history_section(lang, user)
