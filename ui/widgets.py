"""Small rendering helpers shared by pages."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import streamlit as st

from metrics import charts, escape, exports, fmt, reporting, settings
from metrics.i18n import t
from metrics.overview import Attention, Tile
from ui import state

if TYPE_CHECKING:
    import polars as pl


def dataframe(frame: pl.DataFrame, **kwargs: Any) -> Any:
    """`st.dataframe` of a polars frame, without an index column.

    Handed over as Arrow: given a polars frame, st.dataframe converts it
    through pandas on every run (a few milliseconds per table, and a pandas
    import on the first); an Arrow table is sent as it is.
    """
    return st.dataframe(frame.to_arrow(), hide_index=True, **kwargs)


def text_table(header: list[str], rows: Sequence[Sequence]) -> None:
    """`st.table` of these rows, every text shown as it is (Streamlit reads Markdown in its cells)."""
    import polars as pl

    def shown(cell: object) -> object:
        return escape.markdown(cell) if isinstance(cell, str) else cell

    frame = pl.DataFrame(
        [[shown(c) for c in row] for row in rows], schema=[str(shown(h)) for h in header], orient="row"
    )
    st.table(frame, hide_index=True)


def attention_list(entries: list[Attention], quarter: str, lang: str) -> None:
    """Each unit as a link to its page, with its reasons in words beside it (the name no smaller than they)."""
    st.html(
        "<style>.st-key-attention_list [data-testid='stPageLink'] :is(a, span, p) { white-space: normal; overflow: visible; }"
        ".st-key-attention_list [data-testid='stPageLink'] p { font-size: 1.05rem; font-weight: 600; line-height: 1.3; }</style>"
    )
    with st.container(key="attention_list"):
        _attention_rows(entries, quarter, lang)


def _attention_rows(entries: list[Attention], quarter: str, lang: str) -> None:
    for entry in entries:
        name, reasons = st.columns([1, 3], vertical_alignment="center")
        name.page_link(
            state.page("unit"),
            label=escape.markdown(entry.unit.name(lang)),
            icon=":material/arrow_forward:",
            query_params={"unit": entry.unit.code, "quarter": quarter, "lang": lang},
        )
        reasons.markdown("; ".join(escape.markdown(r) for r in entry.reasons))
        if any(r.indicator is not None and r.indicator.from_register for r in entry.why):  # which tasks, since when
            overdue = any(
                r.indicator is not None and r.indicator.from_register and r.kind == "stock" for r in entry.why
            )
            reasons.page_link(
                state.page("tasks"),
                label=t("see_overdue_tasks" if overdue else "see_unit_tasks", lang),
                icon=":material/assignment_late:",
                query_params={"task_unit": entry.unit.code, "task_status": "overdue" if overdue else "all",
                              "quarter": quarter, "lang": lang},
            )  # fmt: skip


def attention_table(entries: list[Attention], lang: str) -> None:
    """The rest of the list as one table (one element, however many units); a click opens the unit."""
    import polars as pl

    header = [t("unit_col", lang), t("attention_reasons", lang)]
    frame = pl.DataFrame([[e.unit.name(lang), "; ".join(e.reasons)] for e in entries], schema=header, orient="row")
    event = dataframe(frame, key="attention_more", on_select="rerun", selection_mode="single-row")
    if event is not None and event.selection.rows:
        st.switch_page(
            state.page("unit"), query_params={"unit": entries[event.selection.rows[0]].unit.code, "lang": lang}
        )


def _shown_as_zero(tile: Tile, change: float) -> bool:
    return fmt.number(abs(change), tile.indicator.decimals).strip("0,.") == ""


def tile(tile: Tile, lang: str) -> None:
    """One indicator's province figure: value, change, sparkline, target status.

    Good changes are blue and bad ones orange (colour-blind safe), and the
    arrow and the ✓/✗ words carry the same message without colour.
    """
    indicator = tile.indicator
    change = tile.change_previous
    flat = change is None or _shown_as_zero(tile, change)
    good = change is not None and indicator.is_better(change, 0.0)
    with st.container(border=True):
        st.markdown(f"**{escape.markdown(indicator.name(lang))}**")
        st.metric(
            label=escape.markdown(indicator.name(lang)),
            label_visibility="collapsed",
            value=fmt.value(indicator, tile.value, lang),
            delta=fmt.change(indicator, change, lang) if change is not None else None,
            delta_description=t("vs_previous", lang),
            delta_color="gray" if flat else ("blue" if good else "orange"),
            # Said, not guessed: Streamlit reads the direction from an ASCII "-", and ours is "−" (U+2212).
            delta_arrow="off" if flat else ("up" if change > 0 else "down"),
        )
        st.markdown(charts.sparkline(tile.history, indicator, lang), unsafe_allow_html=True)
        target = fmt.value(indicator, indicator.target, lang)
        if tile.meets_target is None:
            status = t("no_target", lang)
        elif tile.meets_target:
            status = f":blue[**{escape.markdown(t('target_met', lang, target=target))}**]"
        else:
            status = f":orange[**{escape.markdown(t('target_missed', lang, target=target))}**]"
        lines = [
            status,
            escape.markdown(t("vs_last_year", lang, change=fmt.change(indicator, tile.change_year, lang))),
            escape.markdown(t("reported", lang, n=tile.units_reported, total=tile.units_expected)),
        ]
        st.markdown(
            "  \n".join(lines),
            help=escape.markdown(t("target_source", lang, source=indicator.target_source))
            if indicator.target_source
            else None,
        )


def download_buttons(
    header: list[str],
    rows: Sequence[Sequence] | Callable[[], Sequence[Sequence]],
    name: str,
    lang: str,
    key: str,
    sheet: str | None = None,
) -> None:
    """CSV and XLSX downloads of exactly these rows, built only when clicked.

    `rows` may be a function that gives them, so that a long table is only
    turned into Python rows for the person who asks for the file.
    """

    def all_rows() -> Sequence[Sequence]:
        return rows() if callable(rows) else rows

    left, right, _ = st.columns([1, 1, 4])
    left.download_button(
        t("export_csv", lang),
        lambda: exports.to_csv(header, all_rows()),
        file_name=f"{name}.csv",
        mime="text/csv",
        on_click="ignore",
        key=f"{key}_csv",
        icon=":material/download:",
    )
    right.download_button(
        t("export_xlsx", lang),
        lambda: exports.to_xlsx(header, all_rows(), sheet=(sheet or name)[:31]),
        file_name=f"{name}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore",
        key=f"{key}_xlsx",
        icon=":material/table_view:",
    )


def stale_text(lang: str) -> str | None:
    """The line saying the newest figures are older than the quarter being collected (`reporting.stale_line`)."""
    version = state.version()
    held = state.quarters(version)
    newest, day = (held[-1] if held else None), settings.today()
    if not reporting.quarters_behind(newest, day):
        return None  # up to date: no need to look the due day up
    collected = reporting.collecting(day)
    return reporting.stale_line(newest, day, state.reporting_state(version, collected, day).due, lang)


def stale_notice(lang: str) -> str | None:
    """Say it in one line above any page (the slides say it on their title slide); returns the line shown."""
    line = stale_text(lang)
    if line:
        st.warning(escape.markdown(line), icon=":material/history:")
    return line
