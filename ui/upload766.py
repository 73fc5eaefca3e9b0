"""The Upload page's part for a Decision 766 portal export: name its quarter, check, preview, commit.

The page recognises the export by its header (metrics.portal.recognises) and
hands it here; checking and writing are metrics.portal's, through the same
`import_file` as any upload.
"""

from __future__ import annotations

import hashlib

import polars as pl
import streamlit as st

from metrics import fmt, portal, settings
from metrics.auth import User
from metrics.i18n import t
from metrics.ingest import import_file
from metrics.quarters import Quarter, quarter_label
from metrics.store import StoreError
from ui import state
from ui.widgets import dataframe

PREVIEW_ROWS = 1_000


def _checked(data: bytes, quarter: str, user: User) -> portal.PortalResult:
    key = (hashlib.sha256(data).hexdigest(), quarter, state.version(), user)
    cached = st.session_state.get("upload766_checked")
    if cached is None or cached[0] != key:
        cached = (key, portal.check_export(state.store(), data, quarter, user=user))
        st.session_state["upload766_checked"] = cached
    return cached[1]


def section(data: bytes, name: str, user: User, lang: str, log_rejection) -> None:
    """Everything the page shows for a portal export, once recognised."""
    st.info(t("idx_portal_recognised", lang), icon=":material/leaderboard:")
    current = Quarter.of_date(settings.today())
    choices = [current.shift(-i).code for i in range(0, 12)]
    quarter = st.selectbox(
        t("idx_portal_quarter", lang),
        choices,
        index=1,
        format_func=lambda q: quarter_label(q, lang),
        key="upload766_q",
        placeholder=t("choose_option", lang),
    )
    result = _checked(data, quarter, user)
    if result.status == "rejected":
        log_rejection(data, name, user, result)
        st.error(t("upload_rejected", lang, n=len(result.errors)), icon=":material/error:")
        header = [t("col_row", lang), t("col_column", lang), t("col_fix", lang)]
        rows = [[p.row, p.column or "", p.message] for p in result.errors]
        st.table(pl.DataFrame(rows, schema=header, orient="row"), hide_index=True)
        return
    if result.warnings:
        with st.expander(t("upload_warnings", lang, n=len(result.warnings)), expanded=True):
            for p in result.warnings:
                st.text(f"dòng {p.row}: {p.message}" if lang == "vi" else f"row {p.row}: {p.message}")
    assert result.records is not None and result.changes is not None
    units = result.records["unit_code"].n_unique()
    st.success(t("idx_portal_valid", lang, rows=result.rows, units=units, others=result.comparison))
    names = {u.code: u.name(lang) for u in state.units(state.version())}
    scores = {i.code: i for i in state.scores(state.version())}
    changed = result.changes.filter(pl.col("change") != "unchanged").sort("unit_code", "indicator")
    header = [t(k, lang) for k in ("unit_col", "indicator_col", "col_old", "col_new", "col_change")]
    rows = [
        [
            names.get(r["unit_code"], r["unit_code"]),
            scores[r["indicator"]].name(lang),
            fmt.number(r["old_value"], 2, lang),
            fmt.number(r["value"], 2, lang),
            t(f"change_{r['change']}", lang),
        ]
        for r in changed.head(PREVIEW_ROWS).iter_rows(named=True)
    ]
    if rows:
        dataframe(pl.DataFrame(rows, schema=header, orient="row"))
    if not result.changed:
        st.success(t("nothing_to_write", lang))
        return
    failure = st.session_state.pop("upload_failed", None)
    if failure:
        st.error(failure)
    st.button(
        t("commit_button", lang, n=result.changed),
        type="primary",
        icon=":material/save:",
        on_click=_commit,
        args=(data, name, user, quarter, lang),
        key="upload766_commit",
    )


def _commit(data: bytes, name: str, user: User, quarter: str, lang: str) -> None:
    try:
        written = import_file(state.store(), data, name, user, quarter=quarter)
    except StoreError as error:
        st.session_state["upload_failed"] = str(error)
        return
    if written.status != "committed":
        st.session_state["upload_failed"] = t("upload_rejected", lang, n=len(written.errors))
        return
    st.session_state["upload_done"] = (written.upload_id, written.changed)
    st.session_state["upload_attempt"] = st.session_state.get("upload_attempt", 0) + 1
