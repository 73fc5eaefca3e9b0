"""The Meetings page's parts: the meeting chosen, its conclusions and the previous one's, the brief, the forms.

Conclusions enter the task register through metrics.meetings (the register's
own import, with the meeting as source); the brief is built by metrics.brief
when a download button is pressed, not on every run.
"""

from __future__ import annotations

from datetime import date

import polars as pl
import streamlit as st

from metrics import brief, escape, meetings
from metrics.auth import PermissionDenied, User
from metrics.catalogue import Unit
from metrics.i18n import t
from metrics.quarters import Quarter, quarter_label
from metrics.settings import today
from ui import state
from ui import tasks as task_view


@st.cache_resource(show_spinner=False, max_entries=8)
def all_meetings(data_version: int) -> pl.DataFrame:
    return state.store().meetings()


def choose(frame: pl.DataFrame, lang: str) -> dict:
    rows = {str(r["meeting_id"]): r for r in frame.iter_rows(named=True)}

    def named(code: str, _: str) -> str:
        row = rows[code]
        return f"{row['held_on']:%d/%m/%Y} · {row['title']}"

    pending = st.session_state.pop("meeting_pending", None)  # a meeting just created opens at once
    if pending in rows:
        st.session_state["meeting"] = pending
    code = state.url_filter("meeting", list(rows), next(iter(rows)), label=named)
    st.selectbox(
        t("meeting_pick", lang),
        list(rows),
        format_func=lambda c: named(c, lang),
        key="meeting",
        placeholder=t("choose_option", lang),
    )
    return rows[code]


def details(meeting: dict, lang: str) -> None:
    st.caption(
        t("meeting_caption", lang, day=f"{meeting['held_on']:%d/%m/%Y}",
          quarter=quarter_label(meeting["quarter"], lang), chair=escape.markdown(meeting["chaired_by"] or "—"))
    )  # fmt: skip
    if meeting["attendees"]:
        st.caption(t("meeting_attendees", lang, who=escape.markdown(meeting["attendees"])))


def conclusions(meeting: dict, at: date, units: list[Unit], lang: str, heading: str, key: str) -> None:
    st.subheader(heading)
    found = meetings.conclusions_at(state.store(), meeting["meeting_id"], at)
    if found.is_empty():
        st.caption(t("meeting_no_conclusions", lang))
        return
    columns = ("task_id", "summary", "lead_unit", "deadline", "extended_to", "completed_on", "status", "days_overdue")
    task_view.task_table(found, units, lang, f"ket-luan-phien-hop-{meeting['meeting_id']}", key=key, columns=columns)


def previous_conclusions(meeting: dict, units: list[Unit], lang: str) -> None:
    before = meetings.previous(state.store(), meeting["meeting_id"])
    if before is None:
        return
    at = min(meeting["held_on"], today())
    heading = t("meeting_previous", lang, title=escape.markdown(before["title"]), day=f"{at:%d/%m/%Y}")
    conclusions(before, at, units, lang, heading, key="previous_conclusions")


def brief_buttons(meeting: dict, lang: str) -> None:
    st.subheader(t("brief_heading", lang))
    quarter, number = meeting["quarter"], meeting["meeting_id"]
    st.caption(t("brief_help", lang, quarter=quarter_label(quarter, lang)))
    left, right, _ = st.columns([1, 1, 3])
    name = f"bao-cao-tom-tat-phien-hop-{number}"
    for column, file_format, mime in (
        (left, "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (right, "pdf", "application/pdf"),
    ):
        column.download_button(
            t(f"brief_{file_format}", lang),
            lambda f=file_format: brief.render(brief.build(state.store(), quarter, number), f),
            file_name=f"{name}.{file_format}",
            mime=mime,
            on_click="ignore",
            icon=":material/description:",
            key=f"brief_{file_format}",
        )


def conclusion_form(meeting: dict, user: User, units: list[Unit], lang: str) -> None:
    notice = st.session_state.pop("conclusion_notice", None)
    if notice:
        st.success(notice, icon=":material/check_circle:")
    in_force = [u for u in units if u.kind != "province" and u.valid_in(Quarter.of_date(today()).code)]
    names = {u.code: u.name(lang) for u in in_force}
    with st.form("conclusion_form", clear_on_submit=True):
        st.markdown(f"**{t('conclusion_add', lang)}**")
        summary = st.text_area(t("conclusion_text", lang), max_chars=1000, key="conclusion_text")
        left, middle, right = st.columns(3)
        lead = left.selectbox(
            t("conclusion_unit", lang),
            list(names),
            format_func=names.get,
            key="conclusion_unit",
            placeholder=t("choose_option", lang),
        )
        deadline = middle.date_input(t("conclusion_deadline", lang), value=None, format="DD/MM/YYYY",
                                     key="conclusion_deadline")  # fmt: skip
        document = right.text_input(t("conclusion_document", lang), max_chars=60, key="conclusion_document")
        submitted = st.form_submit_button(t("conclusion_save", lang), type="primary", icon=":material/add_task:")
    if not submitted:
        return
    item = meetings.Conclusion(lead, deadline, summary.strip(), document.strip())
    try:
        result = meetings.add_conclusions(state.store(), user, meeting["meeting_id"], [item])
    except (PermissionDenied, meetings.MeetingError) as error:
        st.error(escape.markdown(error.text(lang)))
        return
    if result.status != "committed":
        for problem in result.errors:
            st.error(escape.markdown(problem.text(lang)))
        return
    assert result.changes is not None
    st.session_state["conclusion_notice"] = t("conclusion_saved", lang, id=result.changes["task_id"][0])
    st.rerun()


def meeting_form(user: User, quarters: list[str], lang: str) -> None:
    with st.form("meeting_form", clear_on_submit=True):
        st.markdown(f"**{t('meeting_new', lang)}**")
        left, right = st.columns(2)
        held_on = left.date_input(t("meeting_date", lang), value=today(), format="DD/MM/YYYY", key="meeting_date")
        quarter = right.selectbox(
            t("meeting_quarter", lang),
            quarters,
            format_func=lambda q: quarter_label(q, lang),
            key="meeting_quarter",
            placeholder=t("choose_option", lang),
        )
        title = st.text_input(t("meeting_title", lang), max_chars=200, key="meeting_title")
        chair = st.text_input(t("meeting_chair", lang), value="Chủ tịch UBND tỉnh", max_chars=120, key="meeting_chair")
        who = st.text_area(t("meeting_who", lang), max_chars=1000, key="meeting_who")
        submitted = st.form_submit_button(t("meeting_create", lang), icon=":material/event:")
    if not submitted:
        return
    try:
        number = meetings.create_meeting(state.store(), user, held_on, title, quarter or "", chair, who)
    except (PermissionDenied, meetings.MeetingError) as error:
        st.error(escape.markdown(error.text(lang)))
        return
    st.session_state["meeting_pending"] = str(number)
    st.session_state["conclusion_notice"] = t("meeting_created", lang, id=number)
    st.rerun()
