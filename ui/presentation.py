"""The projector view: a full-screen slide that advances by itself and follows new data.

The slide is redrawn by a fragment every few seconds: it re-reads the data
version (a commit shows within POLL seconds), advances when the interval has
passed, and keeps the current slide in the URL (?slide=N) so that after a
server restart the reconnected page carries on where it was; opening the
page starts at slide 1 unless the URL names a slide. Each timed redraw first
checks that this session's access still holds (a revoked display link, a
disabled account or a changed password stops the slides there). Keys: → or
PageDown next, ← or PageUp previous, Space pause (a presenter clicker sends
PageUp/PageDown). The key hint and the buttons show only for a few seconds
after a key press or a mouse move: on a projector nothing invites a click.
"""

from __future__ import annotations

import time
from datetime import date

import polars as pl
import streamlit as st

from metrics import analysis, fmt, meetings, overview, slides, tasks
from metrics.i18n import t
from metrics.quarters import quarter_label
from metrics.settings import today
from ui import access, index766, state, views, widgets

POLL = 10.0  # seconds between redraws: new data appears within this
INTERVALS = (5, 600)


def _int_param(name: str, default: int, low: int, high: int) -> int:
    try:
        return max(low, min(high, int(st.query_params.get(name, default))))
    except ValueError:
        return default


def _move(step: int, count: int) -> None:
    st.session_state["slide"] = (st.session_state.get("slide", 0) + step) % count
    st.session_state["slide_since"] = time.monotonic()


def _leave() -> None:
    st.session_state["leave_presentation"] = True


def _toggle_pause() -> None:
    st.session_state["paused"] = not st.session_state.get("paused", False)
    st.session_state["slide_since"] = time.monotonic()


def agenda(indicators, units, flagged) -> list[str]:
    chosen = st.query_params.get("agenda")
    saved = state.store().agendas().get(chosen or "", [])
    plan = slides.valid_slides(saved, indicators, units) or slides.default_agenda(indicators, flagged)
    return slides.expand_agenda(plan, flagged)


POSITION = "\x00position\x00"  # filled in per run: the slide itself is cached


@st.cache_resource(show_spinner=False, max_entries=64, ttl="1h")
def slide_html(version: int, quarter: str, slide: str, lang: str, day: date, stale: str | None = None) -> str:
    """One slide as HTML. `day` is in the key: late and missing reports, and overdue tasks, change with it."""
    if slide == "index766":
        return index766.slide(version, quarter, lang, POSITION)
    indicators, units = state.indicators(version), state.units(version)
    values = state.values(version, overview.window(quarter)[0], quarter)
    flagged = views.overview_view(version, quarter, lang, day).flagged
    return render(slide, quarter, indicators, units, values, flagged, lang, POSITION, day, stale)


def render(
    slide: str,
    quarter: str,
    indicators,
    units,
    values: pl.DataFrame,
    flagged,
    lang: str,
    position: str,
    day: date,
    stale: str | None = None,
) -> str:
    """One slide's HTML; `stale` is the line the title slide shows when the figures are behind."""
    label = quarter_label(quarter, lang)
    kind, _, target = slide.replace("#", ":").partition(":")
    note = t("slide_keys", lang)
    if kind == "title":
        province = next((u.name(lang) for u in units if u.kind == "province"), t("province", lang))
        body = slides.title_body(province, t("slide_meeting", lang), label, stale)
        return slides.frame(t("app_title", lang), body, label, position, note)
    if kind == "trend":
        tile = next(x for x in overview.tiles(values, indicators, units, quarter) if x.indicator.code == target)
        indicator = tile.indicator
        sub = (
            t("slide_trend_sub", lang, n=len(tile.history), target=fmt.value(indicator, indicator.target, lang))
            if indicator.target is not None
            else t("slide_trend_sub_no_target", lang, n=len(tile.history))
        )
        body = f'<p class="sub">{slides.esc(sub)}</p>' + slides.trend_body(indicator, tile.history, lang)
        return slides.frame(indicator.name(lang), body, label, position, note)
    if kind == "tiles":
        body = slides.tiles_body(overview.tiles(values, indicators, units, quarter), lang)
        return slides.frame(t("overview_heading", lang, quarter=label).split(" · ")[0], body, label, position, note)
    if kind == "attention":
        page, pages = int(target or 1), slides.attention_pages(flagged)
        title = t("attention_heading", lang) + (f" ({page}/{pages})" if pages > 1 else "")
        return slides.frame(title, slides.attention_body(flagged, lang, page), label, position, note)
    if kind in ("tasks", "conclusions"):
        return task_slide(kind, quarter, units, lang, label, position, note, day)
    if kind == "ranking":
        indicator = next(i for i in indicators if i.code == target)
        here = values.filter(pl.col("quarter") == quarter)
        ranked = analysis.ranking(
            analysis.unit_periods(here, indicators, "quarter"),
            indicator,
            overview.units_in_force(units, quarter),
            quarter,
        )
        province = analysis.province_periods(here, indicators, "quarter").filter(pl.col("indicator") == indicator.code)[
            "value"
        ]
        sub = t("slide_ranking_sub", lang, province=fmt.value(indicator, province[0] if len(province) else None, lang),
                target=fmt.value(indicator, indicator.target, lang) if indicator.target is not None else "—")  # fmt: skip
        body = f'<p class="sub">{slides.esc(sub)}</p>' + slides.ranking_body(ranked, indicator, lang)
        return slides.frame(indicator.name(lang), body, label, position, note)
    unit = next(u for u in units if u.code == target)
    rows = analysis.profile(values, indicators, units, unit.code, quarter)
    reasons = next((entry.reasons for entry in flagged if entry.unit.code == unit.code), ())
    return slides.frame(unit.name(lang), slides.unit_body(rows, lang, reasons), label, position, note)


def task_slide(kind: str, quarter: str, units, lang: str, label: str, position: str, note: str, now: date) -> str:
    """Overdue tasks by lead unit at the quarter's end (or `now`), or the latest past meeting's conclusions."""
    names = {u.code: u.name(lang) for u in units}
    if kind == "tasks":
        cut = min(tasks.quarter_bounds(quarter)[1], now)
        per_unit = tasks.overdue_by_unit(state.store().tasks(), cut)
        body = slides.overdue_body(per_unit, names, cut.strftime("%d/%m/%Y"), lang)
        return slides.frame(t("slide_tasks", lang), body, label, position, note)
    held = state.store().meetings().filter(pl.col("held_on") < now)
    if held.is_empty():
        body = f'<p class="sub">{slides.esc(t("meetings_none", lang))}</p>'
    else:
        last = held.row(0, named=True)
        rows = meetings.conclusions_at(state.store(), last["meeting_id"], now)
        body = slides.conclusions_body(last["title"], rows, names, now.strftime("%d/%m/%Y"), lang)
    return slides.frame(t("slide_conclusions", lang), body, label, position, note)


def show(lang: str) -> None:
    interval = _int_param("interval", 20, *INTERVALS)
    st.html(slides.CSS)
    shown = st.session_state.get("current_access", access.Access())
    checked = {"by_app": True}  # the page's own run was checked by app.py; the timer's runs are not
    st.html(slides.INPUT_WATCH, unsafe_allow_javascript=True)
    if state.opening("presentation") or "slide" not in st.session_state:
        # Start at slide 1, or at the slide the URL names (a reconnection after
        # a restart carries ?slide=N); never at a slide left from an earlier visit.
        st.session_state["slide"] = _int_param("slide", 1, 1, 10_000) - 1
        st.session_state["slide_since"] = time.monotonic()

    @st.fragment(run_every=min(POLL, interval))
    def current() -> None:
        if not checked.pop("by_app", False):
            access.end_if_access_ended(shown)
        if st.session_state.pop("leave_presentation", False):  # set by the exit button (Esc)
            st.query_params.pop("slide", None)
            st.switch_page(state.page("overview"))
        version = state.version()
        quarters = state.quarters(version)
        if not quarters:
            st.info(t("no_data", lang))
            return
        wanted = st.query_params.get("quarter")
        quarter = wanted if wanted in quarters else quarters[-1]
        indicators, units = state.indicators(version), state.units(version)
        day = today()  # the attention list names late and missing reports as of this day
        flagged = views.overview_view(version, quarter, lang, day).flagged
        plan = agenda(indicators, units, flagged)
        st.session_state["slide"] = min(st.session_state.get("slide", 0), len(plan) - 1)
        if not st.session_state.get("paused") and time.monotonic() - st.session_state["slide_since"] >= interval - 0.5:
            _move(1, len(plan))
        index = st.session_state["slide"] % len(plan)
        position = f"{index + 1}/{len(plan)}" + (f" · {t('paused', lang)}" if st.session_state.get("paused") else "")
        stale = widgets.stale_text(lang) if plan[index] == "title" else None
        st.html(slide_html(version, quarter, plan[index], lang, day, stale).replace(POSITION, slides.esc(position)))
        st.query_params["slide"] = str(index + 1)
        with st.container(key="slide_controls", horizontal=True, width="content"):
            back, forward = (-1, len(plan)), (1, len(plan))
            st.button(t("slide_back", lang), icon=":material/arrow_back:", key="slide_prev", shortcut="Left",
                      on_click=_move, args=back, help=t("slide_prev", lang))  # fmt: skip
            st.button(t("slide_hold", lang), icon=":material/pause:", key="slide_pause", shortcut="Space",
                      on_click=_toggle_pause, help=t("slide_pause", lang))  # fmt: skip
            st.button(t("slide_forward", lang), icon=":material/arrow_forward:", key="slide_next", shortcut="Right",
                      on_click=_move, args=forward, help=t("slide_next", lang))  # fmt: skip
            if state.user() is not None:  # a display link has nowhere else to go
                st.button(
                    t("slide_exit", lang), icon=":material/close:", key="slide_exit", shortcut="Esc", on_click=_leave
                )
            # A presenter's clicker sends PageUp / PageDown: the same moves, on hidden buttons.
            st.button("PageUp", key="slide_page_up", shortcut="PageUp", on_click=_move, args=back)
            st.button("PageDown", key="slide_page_down", shortcut="PageDown", on_click=_move, args=forward)

    current()
