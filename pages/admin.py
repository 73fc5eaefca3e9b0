"""Quản trị: accounts, display links, units and catalogue, targets, audit log (admins only)."""

import streamlit as st

from metrics.i18n import t
from ui import access, admin, state

lang = state.page_setup()
user = access.require_admin(state.user(), lang)
st.title(t("page_admin", lang))
admin.notices()
users, links, catalogue, audit = st.tabs(
    [t(k, lang) for k in ("tab_users", "tab_display", "tab_catalogue", "tab_audit")]
)
with users:
    admin.users_section(user, lang)
with links:
    admin.display_links_section(user, lang)
    admin.agendas_section(user, lang)
with catalogue:
    admin.catalogue_section(user, lang)
with audit:
    admin.audit_section(lang)
