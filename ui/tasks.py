"""The Tasks page's parts and the unit page's task section: filters, tables, exports, the register import.

Status and days overdue come from metrics.tasks (one rule); the import, its
checks and its roles from metrics.task_import. This module reads widgets and
lays out what those give. The register is read once per data version and
shared by sessions; the cut date is any month's end (the meeting is monthly)
or today.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

import polars as pl
import streamlit as st

from metrics import escape, exports, fmt, tasks
from metrics.auth import User
from metrics.catalogue import Unit
from metrics.i18n import t
from metrics.ingest import Problem
from metrics.settings import MAX_UPLOAD_BYTES, today
from metrics.store import StoreError
from metrics.task_import import CHANGE_KINDS, TaskImportResult, check_register, import_register, label, log_refused
from ui import state
from ui.upload import ERRORS_SHOWN
from ui.widgets import dataframe, download_buttons, text_table

TABLE_HEIGHT = 420


@st.cache_resource(show_spinner=False, max_entries=8)
def register(data_version: int) -> pl.DataFrame:
    return state.store().tasks()


def _day(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def cut_dates(frame: pl.DataFrame, now: date) -> list[str]:
    """Month ends the register speaks for, newest first, then today when it is later (ISO codes)."""
    if frame.is_empty():
        return [now.isoformat()]
    first = frame["document_date"].min()
    latest = max(d for d in (frame["document_date"].max(), frame["completed_on"].max(), now) if d is not None)
    ends = [d for d in tasks.month_ends(first, min(latest, now)) if d <= now]
    codes = [d.isoformat() for d in reversed(ends)]
    return codes if codes and codes[0] == now.isoformat() else [now.isoformat(), *codes]


def _cut_label(code: str, lang: str) -> str:
    day = date.fromisoformat(code)
    return t("task_at_today", lang, day=_day(day)) if day == today() else _day(day)


@dataclass(frozen=True)
class Filters:
    at: date
    unit: str
    status: str
    assigner: str
    text: str


def filters(frame: pl.DataFrame, units: list[Unit], lang: str, fixed_unit: str | None = None) -> Filters:
    """The filter row; the unit, status and date are kept in the URL."""
    names = {u.code: u.name(lang) for u in units}
    leads = sorted(set(frame["lead_unit"].to_list()), key=lambda c: names.get(c, c))
    cuts = cut_dates(frame, today())
    quarter = state.quarter()
    quarter_end = tasks.quarter_bounds(quarter)[1].isoformat() if quarter else cuts[0]
    default_cut = quarter_end if quarter_end in cuts else cuts[0]
    columns = st.columns([2, 2, 2, 2, 3])
    with columns[0]:
        cut = state.url_filter("task_at", cuts, default_cut, label=_cut_label)
        st.selectbox(
            t("task_at_filter", lang),
            cuts,
            format_func=lambda c: _cut_label(c, lang),
            key="task_at",
            placeholder=t("choose_option", lang),
        )
    with columns[1]:
        unit = fixed_unit or "all"
        if fixed_unit is None:
            options = ["all", *leads]

            def unit_name(code: str, in_lang: str) -> str:
                return t("all", in_lang) if code == "all" else {u.code: u.name(in_lang) for u in units}.get(code, code)

            unit = state.url_filter("task_unit", options, "all", label=unit_name)
            st.selectbox(
                t("task_unit_filter", lang),
                options,
                format_func=lambda c: unit_name(c, lang),
                key="task_unit",
                placeholder=t("choose_option", lang),
            )
    with columns[2]:
        statuses = ["all", *tasks.STATUSES]

        def status_name(code: str, in_lang: str) -> str:
            return t(f"task_status_{code}", in_lang)

        status = state.url_filter("task_status", statuses, "all", label=status_name)
        st.selectbox(
            t("task_status_filter", lang),
            statuses,
            format_func=lambda c: status_name(c, lang),
            key="task_status",
            placeholder=t("choose_option", lang),
        )
    with columns[3]:
        assigners = ["", *sorted({a for a in frame["assigned_by"].to_list() if a})]
        assigner = st.selectbox(
            t("task_assigner_filter", lang),
            assigners,
            format_func=lambda a: a or t("all", lang),
            key="task_assigner",
            placeholder=t("choose_option", lang),
        )
    with columns[4]:
        text = st.text_input(t("task_document_filter", lang), key="task_text", max_chars=100)
    return Filters(date.fromisoformat(cut), unit, status, assigner, text.strip())


def apply(frame: pl.DataFrame, chosen: Filters) -> pl.DataFrame:
    """The register as it stood on the chosen date, filtered (status last, for the counts)."""
    judged = tasks.as_of(frame, chosen.at)
    if chosen.unit != "all":
        judged = judged.filter(pl.col("lead_unit") == chosen.unit)
    if chosen.assigner:
        judged = judged.filter(pl.col("assigned_by") == chosen.assigner)
    if chosen.text:
        needle = chosen.text.lower()
        judged = judged.filter(
            pl.col("document").str.to_lowercase().str.contains(needle, literal=True)
            | pl.col("summary").str.to_lowercase().str.contains(needle, literal=True)
            | (pl.col("task_id").str.to_lowercase() == needle)
        )
    return judged


def counts(judged: pl.DataFrame) -> dict[str, int]:
    found = dict(judged.group_by("status").len().iter_rows())
    return {s: int(found.get(s, 0)) for s in tasks.STATUSES}


def status_metrics(judged: pl.DataFrame, lang: str) -> None:
    for column, (status, n) in zip(st.columns(4), counts(judged).items(), strict=True):
        column.metric(t(f"task_status_{status}", lang), f"{n:,}".replace(",", "."))


ALL_COLUMNS = ("task_id", "document", "document_date", "summary", "lead_unit", "assigned_by", "deadline",
               "extended_to", "completed_on", "status", "days_overdue", "source")  # fmt: skip
# The overdue list leads with how late, and leaves out what is the same on every row.
OVERDUE_COLUMNS = ("days_overdue", "document", "document_date", "summary", "lead_unit", "deadline", "extended_to",
                   "assigned_by", "task_id", "source")  # fmt: skip


def _rows(
    frame: pl.DataFrame, units: list[Unit], lang: str, columns: tuple[str, ...] = ALL_COLUMNS
) -> tuple[list[str], list[list]]:
    names = {u.code: u.name(lang) for u in units}

    def cells(r: dict) -> dict[str, object]:
        return {
            "task_id": r["task_id"],
            "document": r["document"],
            "document_date": _day(r["document_date"]),
            "summary": r["summary"],
            "lead_unit": names.get(r["lead_unit"], r["lead_unit"]),
            "assigned_by": r["assigned_by"] or "",
            "deadline": _day(r["deadline"]) or t("standing_task", lang),
            "extended_to": _day(r["extended_to"]),
            "completed_on": _day(r["completed_on"]),
            "status": t(f"task_status_{r['status']}", lang),
            "days_overdue": r["days_overdue"],  # 0 unless overdue or done late, as the command line gives it
            "source": t("from_meeting", lang, n=r["meeting_id"]) if r["meeting_id"] else "",
        }

    header = [t(f"col_{c}", lang) for c in columns]
    return header, [[row[c] for c in columns] for row in map(cells, frame.iter_rows(named=True))]


def task_table(
    frame: pl.DataFrame, units: list[Unit], lang: str, name: str, key: str, columns: tuple[str, ...] = ALL_COLUMNS
) -> None:
    """A task table with formula-safe CSV and XLSX downloads of exactly its rows."""
    header, rows = _rows(frame, units, lang, columns)
    shown = pl.DataFrame(rows, schema=header, orient="row")
    dataframe(shown, key=key, height=min(TABLE_HEIGHT, 38 + 35 * max(1, len(rows))))
    download_buttons(header, rows, name, lang, key)


def overdue_first(judged: pl.DataFrame) -> pl.DataFrame:
    return judged.filter(pl.col("status") == "overdue").sort(
        ["days_overdue", "document_date", "task_id"], descending=[True, False, False]
    )


def by_unit_table(judged: pl.DataFrame, at: date, units: list[Unit], lang: str) -> None:
    names = {u.code: u.name(lang) for u in units}
    per_unit = tasks.overdue_by_unit(judged, at)
    if per_unit.is_empty():
        return
    header = [t("col_lead_unit", lang), t("col_overdue_count", lang), t("col_oldest_days", lang)]
    rows = [
        [names.get(r["unit_code"], r["unit_code"]), r["overdue"], r["oldest_days"]]
        for r in per_unit.iter_rows(named=True)
    ]
    dataframe(pl.DataFrame(rows, schema=header, orient="row"), key="overdue_by_unit")


# -- the register import --------------------------------------------------------


def _checked(data: bytes, user: User) -> TaskImportResult:
    key = (hashlib.sha256(data).hexdigest(), state.version(), user)
    cached = st.session_state.get("tasks_checked")
    if cached is None or cached[0] != key:
        cached = (key, check_register(state.store(), data, user=user))
        st.session_state["tasks_checked"] = cached
    return cached[1]


def _errors_table(errors: list[Problem], lang: str) -> None:
    """As on the upload page: a screenful in a table (text shown as it is), every problem in the download."""
    header = [t("col_row", lang), t("col_column", lang), t("col_fix", lang)]
    rows = [[p.row, label(p.column, lang), p.text(lang)] for p in errors]
    text_table(header, rows[:ERRORS_SHOWN])
    if len(rows) > ERRORS_SHOWN:
        st.caption(t("changes_truncated", lang, shown=ERRORS_SHOWN, total=len(rows)))
    st.download_button(
        t("upload_errors_csv", lang), exports.to_csv(header, rows), file_name="loi-so-nhiem-vu.csv", mime="text/csv"
    )


def _log_rejection(data: bytes, name: str, user: User, result: TaskImportResult) -> None:
    """Keep a refused register file in the import log once, so nothing a person sent is lost."""
    logged = st.session_state.setdefault("tasks_rejections", set())
    digest = hashlib.sha256(data).hexdigest()
    if digest not in logged:
        log_refused(state.store(), user, name, data, result, "tasks_import_rejected", "file")
        logged.add(digest)


def import_section(user: User, units: list[Unit], lang: str) -> None:
    """Upload a register file, see what it changes, write it (checked again, with the roles, in the core)."""
    done = st.session_state.pop("tasks_done", None)
    if done:
        st.success(t("tasks_committed", lang, id=done[0], n=done[1]), icon=":material/check_circle:")
    if user.upload_scope is not None:
        names = {u.code: u.name(lang) for u in units}
        scope = ", ".join(names.get(c, c) for c in sorted(user.upload_scope))
        st.caption(t("tasks_import_scope", lang, units=escape.markdown(scope)))
    attempt = st.session_state.setdefault("tasks_attempt", 0)
    file = st.file_uploader(
        t("tasks_import_pick", lang), type=["xlsx", "ods", "xls", "csv", "txt"], key=f"tasks_file_{attempt}"
    )
    st.caption(t("tasks_import_hint", lang))
    if file is None:
        return
    data = file.getvalue()
    if len(data) > MAX_UPLOAD_BYTES:  # the browser stops such a file first; one that arrives is kept as any refusal
        too_big = t("upload_too_big", lang, mb=MAX_UPLOAD_BYTES // 2**20)
        _log_rejection(data, file.name, user, TaskImportResult("rejected", 0, [Problem(None, None, too_big)]))
        st.error(too_big)
        return
    result = _checked(data, user)
    if result.status == "rejected":
        _log_rejection(data, file.name, user, result)
        st.error(t("tasks_rejected", lang, n=fmt.number(result.error_total, lang=lang)), icon=":material/error:")
        _errors_table(result.errors, lang)
        return
    st.info(t("tasks_valid", lang, rows=result.rows))
    for column, kind in zip(st.columns(len(CHANGE_KINDS)), CHANGE_KINDS, strict=True):
        column.metric(t(f"change_{kind}", lang), result.count(kind))
    assert result.changes is not None
    changed = result.changes.filter(pl.col("change") != "unchanged")
    if changed.height:
        header = [t(f"col_{c}", lang) for c in ("task_id", "lead_unit", "document", "summary", "change", "detail")]
        rows = [
            [r["task_id"], r["lead_unit"], r["document"], r["summary"],
             ", ".join(t(f"change_{k}", lang) for k in r["change"].split(", ")), r["detail_en" if lang == "en" else "detail"]]
            for r in changed.iter_rows(named=True)
        ]  # fmt: skip
        dataframe(pl.DataFrame(rows, schema=header, orient="row"), key="tasks_changes", height=300)
    figures = 0 if result.figures is None else result.figures.height
    if not result.changed and not figures:
        st.success(t("tasks_nothing", lang))
        return
    if figures:
        st.caption(t("tasks_figures_note", lang, n=figures))
    failure = st.session_state.pop("tasks_failed", None)
    if failure:
        st.error(escape.markdown(failure))
    st.button(
        t("tasks_commit", lang, n=result.changed),
        type="primary",
        icon=":material/save:",
        on_click=_commit,
        args=(data, file.name, user, lang),
        key="tasks_commit",
    )


def _commit(data: bytes, name: str, user: User, lang: str) -> None:
    """A button callback: runs before the script, so a rerun never loses or repeats the click."""
    try:
        written = import_register(state.store(), data, name, user)
    except StoreError as error:
        st.session_state["tasks_failed"] = error.text(lang)
        return
    if written.status != "committed":
        st.session_state["tasks_failed"] = t("tasks_rejected", lang, n=fmt.number(written.error_total, lang=lang))
        return
    st.session_state["tasks_done"] = (written.import_id, written.changed)
    st.session_state["tasks_attempt"] = st.session_state.get("tasks_attempt", 0) + 1


# -- the unit page --------------------------------------------------------------


def unit_section(unit: Unit, quarter: str, units: list[Unit], lang: str) -> None:
    """The tasks a unit leads, as they stood at the end of the chosen quarter (or today)."""
    frame = register(state.version()).filter(pl.col("lead_unit") == unit.code)
    st.header(t("unit_tasks_heading", lang))
    if frame.is_empty():
        st.caption(t("tasks_none_match", lang))
        return
    at = min(tasks.quarter_bounds(quarter)[1], today())
    judged = tasks.as_of(frame, at)
    n = counts(judged)
    st.markdown(
        t("unit_tasks_summary", lang, day=_day(at), overdue=n["overdue"], open=n["in_progress"],
          on_time=n["done_on_time"], late=n["done_late"])
    )  # fmt: skip
    shown = pl.concat([overdue_first(judged), judged.filter(pl.col("status") == "in_progress")])
    if shown.height:
        task_table(shown, units, lang, f"nhiem-vu-{unit.code}-{at.isoformat()}", key="unit_tasks",
                   columns=("status", *OVERDUE_COLUMNS))  # fmt: skip
    st.page_link(
        state.page("tasks"),
        label=t("unit_tasks_all", lang),
        icon=":material/arrow_forward:",
        query_params={"task_unit": unit.code, "task_at": at.isoformat(), "lang": lang},
    )
