"""Quản trị: accounts, display links, units and catalogue, targets, audit log (admins only)."""

import streamlit as st

from metrics.i18n import t
from ui import access, admin, state

lang = state.page_setup()
user = access.require_admin(state.user(), lang)
st.title(t("page_admin", lang))
admin.notices()
# Only the open tab is built: a tab switch reruns the page, and the other
# sections' queries and widgets are not repeated on every click.
users, links, catalogue, audit = st.tabs(
    [t(k, lang) for k in ("tab_users", "tab_display", "tab_catalogue", "tab_audit")], key="admin_tab", on_change="rerun"
)
if users.open:
    with users:
        admin.users_section(user, lang)
if links.open:
    with links:
        admin.display_links_section(user, lang)
        admin.agendas_section(user, lang)
if catalogue.open:
    with catalogue:
        admin.catalogue_section(user, lang)
if audit.open:
    with audit:
        admin.audit_section(lang)
