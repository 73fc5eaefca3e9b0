"""The projector view: a full-screen slide that advances by itself and follows new data.

The slide is redrawn by a fragment every few seconds: it re-reads the data
version (a commit shows within POLL seconds), advances when the interval has
passed, and keeps the current slide in the URL (?slide=N) so that after a
server restart the reconnected page carries on where it was. Each timed
redraw first checks that this session's access still holds (a revoked display
link, a disabled account or a changed password stops the slides there). Keys: → or
PageDown next, ← or PageUp previous, Space pause (a presenter clicker sends
PageUp/PageDown).
"""

from __future__ import annotations

import time

import polars as pl
import streamlit as st

from metrics import analysis, fmt, overview, slides
from metrics.i18n import t
from metrics.quarters import quarter_label
from ui import access, state, views

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
    return slides.valid_slides(saved, indicators, units) or slides.default_agenda(indicators, flagged)


POSITION = "\x00position\x00"  # filled in per run: the slide itself is cached


@st.cache_resource(show_spinner=False, max_entries=64, ttl="1h")
def slide_html(version: int, quarter: str, slide: str, lang: str) -> str:
    indicators, units = state.indicators(version), state.units(version)
    values = state.values(version, overview.window(quarter)[0], quarter)
    flagged = views.overview_view(version, quarter, lang).flagged
    return render(slide, quarter, indicators, units, values, flagged, lang, POSITION)


def render(slide: str, quarter: str, indicators, units, values: pl.DataFrame, flagged, lang: str, position: str) -> str:
    label = quarter_label(quarter, lang)
    kind, _, target = slide.partition(":")
    note = t("slide_keys", lang)
    if kind == "tiles":
        body = slides.tiles_body(overview.tiles(values, indicators, units, quarter), lang)
        return slides.frame(t("overview_heading", lang, quarter=label).split(" · ")[0], body, label, position, note)
    if kind == "attention":
        return slides.frame(t("attention_heading", lang), slides.attention_body(flagged, lang), label, position, note)
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
    return slides.frame(unit.name(lang), slides.unit_body(rows, lang), label, position, note)


def show(lang: str) -> None:
    interval = _int_param("interval", 20, *INTERVALS)
    st.html(slides.CSS)
    shown = st.session_state.get("current_access", access.Access())
    checked = {"by_app": True}  # the page's own run was checked by app.py; the timer's runs are not

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
        flagged = views.overview_view(version, quarter, lang).flagged
        plan = agenda(indicators, units, flagged)
        if "slide" not in st.session_state:
            st.session_state["slide"] = _int_param("slide", 1, 1, len(plan)) - 1
            st.session_state["slide_since"] = time.monotonic()
        if not st.session_state.get("paused") and time.monotonic() - st.session_state["slide_since"] >= interval - 0.5:
            _move(1, len(plan))
        index = st.session_state["slide"] % len(plan)
        position = f"{index + 1}/{len(plan)}" + (f" · {t('paused', lang)}" if st.session_state.get("paused") else "")
        st.html(slide_html(version, quarter, plan[index], lang).replace(POSITION, slides.esc(position)))
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
