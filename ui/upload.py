"""The three parts of the upload page: template, upload with preview, history with rollback.

All checking and writing is done by metrics.ingest and the store; this module
only shows results. A file is checked once per (content, data version)
(`ingest.check_upload`) and the checked upload kept in the session, so reruns
while reading the preview are free; confirming commits exactly that checked
upload (`ingest.commit_checked`), which refuses if the data changed
meanwhile: the page then checks the file again and shows the new preview. A
refused file is handed to the same commit once, which keeps it in the log.
"""

from __future__ import annotations

import hashlib

import polars as pl
import streamlit as st

from metrics import escape, exports, fmt, portal, reporting, settings
from metrics.auth import PermissionDenied, User
from metrics.catalogue import Indicator, Unit
from metrics.filenames import safe_file_name
from metrics.i18n import t
from metrics.ingest import (
    CheckedUpload,
    DataChanged,
    ImportResult,
    Problem,
    check_upload,
    commit_checked,
    log_refused,
    province_effect,
    rollback,
)
from metrics.quarters import quarter_label
from metrics.settings import MAX_UPLOAD_BYTES
from metrics.store import StoreError
from metrics.template import template_csv, template_xlsx
from ui import state, upload766
from ui.widgets import dataframe, text_table

PREVIEW_ROWS = 1_000
ERRORS_SHOWN = 200


def template_section(lang: str, user: User) -> None:
    version = state.version()
    held = state.quarters(version)
    choices = reporting.offered_quarters(settings.today(), held)  # the quarter being collected first
    quarter = st.selectbox(
        t("template_quarter", lang),
        choices,
        index=0,
        format_func=lambda q: quarter_label(q, lang),
        key="template_quarter",
        placeholder=t("choose_option", lang),
    )
    stored = None
    if quarter in held:
        filled = st.radio(
            t("template_kind", lang),
            [False, True],
            format_func=lambda f: t("template_filled" if f else "template_blank", lang),
            horizontal=True,
            key="template_filled",
        )
        stored = state.values(version, quarter, quarter) if filled else None
    st.caption(t("template_help", lang))
    fields, indicators, units = state.fields(version), state.indicators(version), state.units(version)
    scope = user.upload_scope
    suffix = "-da-dien" if stored is not None else ""
    left, right = st.columns(2)
    left.download_button(
        t("template_xlsx", lang),
        lambda: template_xlsx(fields, indicators, units, quarter, stored, scope),
        file_name=f"mau-so-lieu-{quarter}{suffix}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore",
        icon=":material/table_view:",
    )
    right.download_button(
        t("template_csv", lang),
        lambda: template_csv(fields, indicators, units, quarter, stored, scope),
        file_name=f"mau-so-lieu-{quarter}{suffix}.csv",
        mime="text/csv",
        on_click="ignore",
        icon=":material/description:",
    )


def _checked(data: bytes, name: str, user: User, quarter: str | None = None) -> CheckedUpload:
    """The file checked against the current data; a refused file is logged once (not again on a rerun).

    `quarter`: the one named for a Decision 766 portal export.
    """
    digest = hashlib.sha256(data).hexdigest()
    key = (digest, name, quarter, state.version(), user)
    cached = st.session_state.get("upload_checked")
    if cached is None or cached[0] != key:
        cached = (key, check_upload(state.store(), data, name, user, quarter=quarter))
        st.session_state["upload_checked"] = cached
    checked: CheckedUpload = cached[1]
    logged = st.session_state.setdefault("upload_rejections", set())
    if checked.rejected and digest not in logged:
        commit_checked(state.store(), checked)
        logged.add(digest)
    return checked


def upload_section(lang: str, user: User) -> None:
    done = st.session_state.pop("upload_done", None)
    if done:
        st.success(t("committed", lang, id=done[0], n=done[1]), icon=":material/check_circle:")
    attempt = st.session_state.setdefault("upload_attempt", 0)
    file = st.file_uploader(
        t("upload_pick", lang), type=["xlsx", "ods", "xls", "csv", "txt", "tsv"], key=f"upload_file_{attempt}"
    )
    st.caption(t("upload_hint", lang))
    if file is None:
        return
    data = file.getvalue()
    if len(data) > MAX_UPLOAD_BYTES:  # the browser stops such a file first; one that arrives is kept as any refusal
        too_big = t("upload_too_big", lang, mb=MAX_UPLOAD_BYTES // 2**20)
        refused = ImportResult("rejected", 0, [Problem(None, None, too_big)])
        log_refused(state.store(), user, file.name, data, refused, "upload_rejected")
        st.error(too_big)
        return
    if portal.recognises(data):  # a Decision 766 export: its quarter is named here, not in the file
        upload766.section(lang, lambda quarter: _checked(data, file.name, user, quarter), _commit)
        return
    checked = _checked(data, file.name, user)
    result = checked.result
    version = state.version()
    labels = {f.code: f.label(lang) for f in state.fields(version)}
    failure = st.session_state.pop("upload_failed", None)
    if failure:  # the last commit's refusal; what follows is the file checked again
        st.error(escape.markdown(failure))
    if checked.rejected:
        st.error(t("upload_rejected", lang, n=fmt.number(result.error_total, lang=lang)), icon=":material/error:")
        header = [t("col_unit", lang), t("col_row", lang), t("col_column", lang), t("col_fix", lang)]
        rows = [
            [p.unit_text(lang) or "", p.row, labels.get(p.column or "", p.column or ""), p.text(lang)]
            for p in result.errors
        ]
        # A table wraps long sentences; past a screenful, the download has them all.
        text_table(header, rows[:ERRORS_SHOWN])
        if len(rows) > ERRORS_SHOWN:
            st.caption(t("changes_truncated", lang, shown=ERRORS_SHOWN, total=len(rows)))
        st.download_button(
            t("upload_errors_csv", lang), exports.to_csv(header, rows), file_name="loi-tep-tai-len.csv", mime="text/csv"
        )
        return
    if result.warnings:
        with st.expander(t("upload_warnings", lang, n=len(result.warnings))):
            for p in result.warnings:
                st.text(f"{p.where(labels, lang)}: {p.text(lang)}")
    if result.suspicious:
        box = st.container(border=True)
        box.warning(t("upload_suspicious", lang, n=len(result.suspicious)), icon=":material/warning:")
        for p in result.suspicious[:ERRORS_SHOWN]:
            box.text(f"{p.where(labels, lang)}: {p.text(lang)}")
    st.info(t("upload_valid", lang, rows=result.rows, layout=t(f"layout_{result.file_format}", lang)))
    _preview(result, state.indicators(version), state.units(version), lang)
    if not result.changed:
        st.success(t("nothing_to_write", lang))
        return
    st.button(
        t("commit_button", lang, n=result.changed),
        type="primary",
        icon=":material/save:",
        on_click=_commit,
        args=(checked, lang),
    )


def _commit(checked: CheckedUpload, lang: str) -> None:
    """Write what the preview showed. Runs as a button callback, before the
    script, so a rerun can never lose or repeat the click."""
    try:
        written = commit_checked(state.store(), checked)
    except DataChanged as changed:  # the next run checks the file again against the new data
        st.session_state["upload_failed"] = changed.message(lang)
        return
    except StoreError as error:
        st.session_state["upload_failed"] = error.text(lang)
        return
    st.session_state["upload_done"] = (written.upload_id, written.changed)
    st.session_state["upload_attempt"] = st.session_state.get("upload_attempt", 0) + 1


def _preview(result: ImportResult, indicators: list[Indicator], units: list[Unit], lang: str) -> None:
    assert result.changes is not None and result.records is not None
    counts = result.changes["change"].value_counts()
    count = dict(zip(counts["change"], counts["count"], strict=True))
    for column, key in zip(st.columns(3), ("new", "changed", "unchanged"), strict=True):
        column.metric(t(f"count_{key}", lang), fmt.number(count.get(key, 0), lang=lang))
    st.subheader(t("changes_heading", lang))
    by_indicator = {i.code: i for i in indicators}
    names = {u.code: u.name(lang) for u in units}
    changed = result.changes.filter(pl.col("change") != "unchanged").sort("quarter", "unit_code", "indicator")
    header = [
        t("unit_col", lang),
        t("col_quarter", lang),
        t("indicator_col", lang),
        t("col_old", lang),
        t("col_new", lang),
        t("col_change", lang),
    ]
    rows = [
        [
            names.get(r["unit_code"], r["unit_code"]),
            quarter_label(r["quarter"], lang),
            by_indicator[r["indicator"]].name(lang),
            fmt.value(by_indicator[r["indicator"]], r["old_value"], lang),
            fmt.value(by_indicator[r["indicator"]], r["value"], lang),
            t(f"change_{r['change']}", lang),
        ]
        for r in changed.head(PREVIEW_ROWS).iter_rows(named=True)
    ]
    dataframe(pl.DataFrame(rows, schema=header, orient="row"))
    if changed.height > PREVIEW_ROWS:
        st.caption(t("changes_truncated", lang, shown=PREVIEW_ROWS, total=changed.height))
        full = changed.select("unit_code", "quarter", "indicator", "old_value", "value", "change")
        st.download_button(
            t("changes_csv", lang),
            lambda: exports.to_csv(full.columns, full.rows()),
            file_name="thay-doi.csv",
            mime="text/csv",
        )
    st.subheader(t("province_heading", lang))
    effect = province_effect(state.store(), result.records, indicators)
    header = [t("col_quarter", lang), t("indicator_col", lang), t("col_before", lang), t("col_after", lang)]
    rows = [
        [
            quarter_label(r["quarter"], lang),
            by_indicator[r["indicator"]].name(lang),
            fmt.value(by_indicator[r["indicator"]], r["before"], lang),
            fmt.value(by_indicator[r["indicator"]], r["after"], lang),
        ]
        for r in effect.iter_rows(named=True)
        if r["before"] != r["after"]
    ]
    dataframe(pl.DataFrame(rows, schema=header, orient="row"))


def history_section(lang: str, user: User) -> None:
    done = st.session_state.pop("rollback_done", None)
    if done:
        st.success(t("rolled_back", lang, id=done[0], n=done[1]))
    store = state.store()
    log = store.uploads(limit=500)
    if log.is_empty():
        st.info(t("history_empty", lang))
        return
    header = [
        t(k, lang) for k in ("col_id", "col_when", "col_user", "col_file", "col_rows", "col_status", "col_values")
    ]
    rows = [
        [
            r["upload_id"],
            fmt.moment(r["uploaded_at"]),
            r["uploaded_by"],
            safe_file_name(r["file_name"]),
            r["row_count"],
            _status_text(r, lang),
            r["changed_values"],
        ]
        for r in log.iter_rows(named=True)
    ]
    dataframe(pl.DataFrame(rows, schema=header, orient="row"))
    status = dict(zip(log["upload_id"], log["status"], strict=True))
    choice = st.selectbox(
        t("history_pick", lang),
        list(status),
        format_func=lambda i: f"{i} · {t(f'status_{status[i]}', lang)}",
        key="history_upload",
        placeholder=t("choose_option", lang),
    )
    raw = store.upload_raw(choice)
    if raw:
        st.download_button(t("history_download", lang), raw[1], file_name=safe_file_name(raw[0]), key="history_raw")
        chosen = log.filter(pl.col("upload_id") == choice).row(0, named=True)
        if (chosen["file_bytes"] or 0) > len(raw[1]):  # a refused file over the cap: its first part is kept
            size, kept = (fmt.number(n / 2**20, 1, lang) + " MB" for n in (chosen["file_bytes"], len(raw[1])))
            st.caption(t("history_cut", lang, size=size, kept=kept, sha=chosen["sha256"]))
    if not user.is_admin:
        return
    if status[choice] != "committed":
        st.caption(t("rollback_not_possible", lang))
        return
    failure = st.session_state.pop("rollback_failed", None)
    if failure:
        st.error(escape.markdown(failure))
    sure = st.checkbox(t("rollback_confirm", lang), key=f"rollback_sure_{choice}")
    st.button(
        t("rollback_button", lang, id=choice),
        disabled=not sure,
        icon=":material/undo:",
        on_click=_rollback,
        args=(choice, user),
    )


def _status_text(row: dict, lang: str) -> str:
    """'Đã ghi', or for a rolled-back upload who undid it and when."""
    if row["status"] == "rolled_back" and row["rolled_back_at"] is not None:
        return t("status_rolled_back_by", lang, who=row["rolled_back_by"], when=fmt.moment(row["rolled_back_at"]))
    return t(f"status_{row['status']}", lang)


def _rollback(upload_id: int, user: User) -> None:
    try:
        restored = rollback(state.store(), user, upload_id)
    except (StoreError, PermissionDenied) as error:
        st.session_state["rollback_failed"] = error.text(state.lang())
        return
    st.session_state["rollback_done"] = (upload_id, restored)
