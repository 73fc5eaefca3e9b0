"""The Upload page's part for a Decision 766 portal export: name its quarter, check, preview, commit.

The page recognises the export by its header (metrics.portal.recognises) and
hands it here; checking is metrics.portal's, through the same unit of work
as any upload (`ingest.check_upload` for the quarter named, then
`ingest.commit_checked` of what the preview showed).
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl
import streamlit as st

from metrics import escape, fmt, portal, settings
from metrics.i18n import t
from metrics.ingest import CheckedUpload
from metrics.quarters import Quarter, quarter_label
from ui import state
from ui.widgets import dataframe

PREVIEW_ROWS = 1_000


def section(
    lang: str,
    check: Callable[[str | None], CheckedUpload],
    commit: Callable[[CheckedUpload, str], None],
) -> None:
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
    checked = check(quarter)
    result = checked.result
    failure = st.session_state.pop("upload_failed", None)
    if failure:  # the last commit's refusal; what follows is the export checked again
        st.error(escape.markdown(failure))
    if checked.rejected:
        st.error(t("upload_rejected", lang, n=len(result.errors)), icon=":material/error:")
        header = [t("col_row", lang), t("col_column", lang), t("col_fix", lang)]
        rows = [[p.row, p.column or "", p.text(lang)] for p in result.errors]
        st.table(pl.DataFrame(rows, schema=header, orient="row"), hide_index=True)
        return
    if result.warnings:
        with st.expander(t("upload_warnings", lang, n=len(result.warnings)), expanded=True):
            for p in result.warnings:
                st.text(f"{t('where_row', lang, row=p.row)}: {p.text(lang)}")
    assert isinstance(result, portal.PortalResult) and result.records is not None and result.changes is not None
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
    st.button(
        t("commit_button", lang, n=result.changed),
        type="primary",
        icon=":material/save:",
        on_click=commit,
        args=(checked, lang),
        key="upload766_commit",
    )
