"""The reporting view: who has reported a quarter, who is late, who has not; administrators set due days."""

from __future__ import annotations

from datetime import date

import polars as pl
import streamlit as st

from metrics import escape, fmt, reporting, settings
from metrics.auth import PermissionDenied, User
from metrics.i18n import error_text, t
from metrics.quarters import quarter_label
from ui import state
from ui.widgets import dataframe, download_buttons


def reporting_section(lang: str, user: User) -> None:
    day = settings.today()
    version = state.version()
    choices = reporting.offered_quarters(day, state.quarters(version))
    quarter = st.selectbox(
        t("reporting_quarter", lang),
        choices,
        index=0,
        format_func=lambda q: quarter_label(q, lang),
        key="reporting_quarter",
        placeholder=t("choose_option", lang),
    )
    status = state.reporting_state(version, quarter, day)
    st.subheader(escape.markdown(reporting.summary(status, lang)))
    header, rows = reporting.table(status, lang)
    dataframe(pl.DataFrame(rows, schema=header, orient="row").with_columns(pl.all().cast(pl.String)))
    download_buttons(header, rows, f"tinh-hinh-bao-cao-{quarter}", lang, key="reporting", sheet="Báo cáo")
    if user.is_admin:
        _due_form(status, user, lang)


def _due_form(status: reporting.Reporting, user: User, lang: str) -> None:
    saved = st.session_state.pop("due_saved", None)
    if saved:
        st.success(saved)
    with st.form(f"due_{status.quarter}", border=False):
        chosen = st.date_input(
            t("reporting_due", lang), value=status.due, format="DD/MM/YYYY", key=f"due_{status.quarter}"
        )
        if st.form_submit_button(t("reporting_due_save", lang)):
            _save_due(status.quarter, chosen, user, lang)


def _save_due(quarter: str, due: date, user: User, lang: str) -> None:
    try:
        reporting.set_due_date(state.store(), user, quarter, due)
    except (ValueError, PermissionDenied) as error:
        st.error(escape.markdown(error_text(error, lang)))
        return
    st.session_state["due_saved"] = t(
        "reporting_due_saved", lang, quarter=quarter_label(quarter, lang), due=fmt.day(due)
    )
    st.rerun()
