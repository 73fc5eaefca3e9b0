"""Placeholder: says what this page will hold; built in its own issue."""

import streamlit as st

from metrics.i18n import t
from ui import state

lang = state.page_setup()
st.title(t("page_admin", lang))
st.info(f"**{t('coming_soon', lang)}.** {t('coming_admin', lang)}")
