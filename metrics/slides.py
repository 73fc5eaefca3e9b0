"""Slides for the projector, as plain HTML sized to the screen with CSS.

A slide covers the whole window (position: fixed, sizes in vh), so it fills a
1920×1080 projector, still fits 1280×720 and 1024×768, and never scrolls,
whatever Streamlit draws around it. Headline numbers are at least 48 px and
labels at least 20 px; black on white with dark blue and dark amber for
status, plus ✓/✗ words. Every text from data is escaped here. Agendas (named,
ordered slide lists) are saved by administrators.
"""

from __future__ import annotations

import re
from typing import Any

import polars as pl

from metrics import escape, fmt
from metrics.analysis import ProfileRow
from metrics.auth import User, require_admin
from metrics.catalogue import Indicator, Unit
from metrics.i18n import Said, t
from metrics.index766 import Score, Standing
from metrics.overview import REPORTING_KINDS, Attention, Tile
from metrics.quarters import Quarter
from metrics.store import Store

AGENDA_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
GOOD, BAD, NEUTRAL = "#0B4F9C", "#8A3A00", "#4D4D4D"

HINT_SECONDS = 4  # how long the key hint and the buttons stay after the last key press or mouse move
# Allowed by its hash in the Content-Security-Policy (ui/csp.py): the page runs no other inline script.
# Marks the page as "in use" for HINT_SECONDS after any input (the slides' CSS shows the hint then).
INPUT_WATCH = f"""<script>(function () {{
  if (window.__slideInputWatch) return;
  window.__slideInputWatch = true;
  var timer;
  function awake() {{
    document.body.classList.add("slide-input");
    clearTimeout(timer);
    timer = setTimeout(function () {{ document.body.classList.remove("slide-input"); }}, {HINT_SECONDS * 1000});
  }}
  ["keydown", "mousemove", "pointerdown", "touchstart"].forEach(function (name) {{
    window.addEventListener(name, awake, {{passive: true}});
  }});
  awake();
}})();</script>"""

CSS = """
<style>
/* Only while a slide is on screen: the style may outlive the page in the browser. */
body:has(.slide) :is([data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"]) { display: none !important; }
.slide { position: fixed; inset: 0; z-index: 999990; background: #FFFFFF; color: #111111;
  display: flex; flex-direction: column; box-sizing: border-box; padding: 2.5vh 2.5vw 2vh; overflow: hidden;
  font-family: "Source Sans", "Source Sans Pro", "Noto Sans", "DejaVu Sans", sans-serif; }
.slide header { display: flex; justify-content: space-between; align-items: baseline; gap: 2vw;
  border-bottom: 0.5vh solid #111111; padding-bottom: 1vh; margin-bottom: 2vh; }
.slide h1 { font-size: clamp(30px, 5vh, 64px); line-height: 1.1; margin: 0; font-weight: 700; }
.slide .quarter { font-size: clamp(26px, 4.2vh, 56px); font-weight: 700; white-space: nowrap;
  background: #111111; color: #FFFFFF; padding: 0.4vh 1.2vw; border-radius: 0.6vh; }
.slide .sub { font-size: clamp(20px, 2.8vh, 36px); margin: 0 0 1.5vh; color: #222222; }
.slide main { flex: 1; min-height: 0; display: flex; flex-direction: column; }
.slide footer { display: flex; justify-content: space-between; font-size: clamp(20px, 2.2vh, 28px); color: #333333; margin-top: 1vh; }
.tiles { display: grid; grid-template-columns: repeat(4, 1fr); grid-template-rows: repeat(2, 1fr); gap: 1.6vh 1.4vw; flex: 1; min-height: 0; }
.tile { border: 0.35vh solid #111111; border-radius: 1vh; padding: 1.4vh 1vw; display: flex; flex-direction: column; justify-content: space-between; min-width: 0; }
.tile .label { font-size: clamp(20px, 2.6vh, 34px); font-weight: 600; line-height: 1.15; }
.tile .value { font-size: clamp(48px, min(8vh, 5.2vw), 110px); font-weight: 700; line-height: 1; white-space: nowrap; }
.tile .line { font-size: clamp(20px, 2.4vh, 32px); font-weight: 600; }
.tile.summary { background: #111111; color: #FFFFFF; justify-content: center; gap: 1.5vh; }
.columns { display: grid; grid-template-columns: 1fr 1fr; gap: 3vw; flex: 1; min-height: 0; }
.columns h2 { font-size: clamp(22px, 3vh, 40px); margin: 0 0 1vh; }
.rank { display: grid; grid-template-columns: 2.6em 1fr 6.8em; align-items: center; gap: 0.8vw;
  font-size: clamp(20px, 2.7vh, 36px); line-height: 1.1; padding: 0.3vh 0; border-bottom: 1px solid #BBBBBB; }
.rank .name { overflow-wrap: anywhere; }  /* a long name wraps, never cut */
.rank .figure { text-align: right; font-weight: 700; white-space: nowrap; }
.bar { height: 0.8vh; margin-top: 0.3vh; border-radius: 0.4vh; }
.attention { display: flex; flex-direction: column; gap: 1.2vh; }
.attention .unit { font-size: clamp(24px, 3.4vh, 44px); font-weight: 700; }
.attention .why { font-size: clamp(20px, 2.5vh, 32px); line-height: 1.25; }  /* never cut: see attention_split */
/* The key hint and the controls show only for a few seconds after a key press or a mouse move (ui.presentation). */
.slide .keys, .st-key-slide_controls { opacity: 0; transition: opacity 0.6s; }
body.slide-input :is(.slide .keys, .st-key-slide_controls) { opacity: 1; }
.note { font-size: clamp(20px, 2.4vh, 32px); color: #333333; margin: 0.6vh 0; }
.band { margin-top: auto; padding-top: 2vh; display: flex; flex-direction: column; gap: 1vh; }
.band-text { font-size: clamp(24px, 3.6vh, 48px); font-weight: 700; }
.band-bar { display: flex; height: 4vh; border-radius: 0.6vh; overflow: hidden; }
.trend { flex: 1; min-height: 0; display: flex; gap: 1.2vw; padding: 5vh 1vw 0; }
.trend .col { flex: 1; display: flex; flex-direction: column; min-width: 0; }
.trend .plot { flex: 1; position: relative; border-bottom: 0.3vh solid #111111; }
.trend .stack { position: absolute; left: 8%; right: 8%; bottom: 0; display: flex; flex-direction: column; }
.trend .val { position: absolute; bottom: 100%; left: 50%; transform: translateX(-50%); white-space: nowrap; z-index: 2;
  font-size: clamp(20px, min(3vh, 1.9vw), 40px); font-weight: 700; margin-bottom: 0.4vh; padding: 0 0.3vw;
  background: #FFFFFF; }  /* above the target line, which breaks behind it */
.trend .colbar { flex: 1; border-radius: 0.4vh 0.4vh 0 0; }
.trend .q { text-align: center; font-size: clamp(20px, min(2.6vh, 1.7vw), 34px); padding-top: 0.8vh; white-space: nowrap; }
.trend .target { position: absolute; left: -0.6vw; right: -0.6vw; border-top: 0.5vh dashed #111111; z-index: 1; }
.title-slide { flex: 1; display: flex; flex-direction: column; justify-content: center; align-items: center; gap: 3vh; text-align: center; }
.title-slide .province { font-size: clamp(48px, 9vh, 120px); font-weight: 700; }
.title-slide .meeting { font-size: clamp(30px, 5vh, 64px); }
.title-slide .when { font-size: clamp(30px, 5vh, 64px); font-weight: 700; }
.title-slide .stale { font-size: clamp(22px, 3.2vh, 40px); color: #9B4519; border: 0.3vh solid #9B4519; border-radius: 1vh;
  padding: 1vh 2vw; max-width: 80vw; }
.reasons { margin-top: auto; padding-top: 2vh; }
.reasons h2 { font-size: clamp(22px, 3vh, 40px); margin: 0 0 1vh; }
.reasons ul { margin: 0; padding-left: 1.2em; font-size: clamp(20px, 2.6vh, 34px); line-height: 1.25; }
.card { width: 100%; border-collapse: collapse; font-size: clamp(20px, 2.9vh, 38px); }
.card td, .card th { padding: 0.9vh 0.8vw; border-bottom: 0.25vh solid #999999; text-align: left; }
.card th { font-size: clamp(20px, 2.3vh, 30px); color: #333333; }
.card .num { text-align: right; font-weight: 700; white-space: nowrap; }
</style>
"""


def esc(text: object) -> str:
    return escape.html(text)


def status(meets: bool | None, lang: str) -> str:
    if meets is None:
        return ""
    colour, mark, word = (GOOD, "✓", t("status_met", lang)) if meets else (BAD, "✗", t("status_missed", lang))
    return f'<span style="color:{colour}">{mark} {esc(word)}</span>'


def change_html(indicator: Indicator, change: float | None, lang: str) -> str:
    if change is None:
        return "—"
    text = esc(fmt.change(indicator, change, lang))
    if fmt.number(abs(change), indicator.decimals).strip("0,.") == "":
        return text
    good = indicator.is_better(change, 0.0)
    return f'<span style="color:{GOOD if good else BAD}">{"▲" if change > 0 else "▼"} {text}</span>'


def frame(title: str, body: str, quarter: str, position: str, note: str = "") -> str:
    """One full-screen slide: title, the quarter in the corner, body, position."""
    return (
        f'<div class="slide" data-slide="{esc(position)}"><header><h1>{esc(title)}</h1>'
        f'<div class="quarter">{esc(quarter)}</div></header><main>{body}</main>'
        f'<footer><span class="keys">{esc(note)}</span><span>{esc(position)}</span></footer></div>'
    )


def tiles_body(tiles: list[Tile], lang: str) -> str:
    cells = []
    for tile in tiles:
        indicator = tile.indicator
        cells.append(
            f'<div class="tile"><div class="label">{esc(indicator.name(lang))}</div>'
            f'<div class="value">{esc(fmt.value(indicator, tile.value, lang))}</div>'
            f'<div class="line">{change_html(indicator, tile.change_previous, lang)} '
            f'<span style="color:{NEUTRAL}">{esc(t("vs_previous", lang))}</span></div>'
            f'<div class="line">{status(tile.meets_target, lang) or esc(t("no_target", lang))}</div></div>'
        )
    with_target = [x for x in tiles if x.meets_target is not None]
    met = sum(1 for x in with_target if x.meets_target)
    cells.append(
        f'<div class="tile summary"><div class="value">{met}/{len(with_target)}</div><div class="label">{esc(t("slide_targets_met", lang))}</div></div>'
    )
    return f'<div class="tiles">{"".join(cells)}</div>'


def _rank_label(rank: int, tied: bool) -> str:
    return f"{rank}=" if tied else f"{rank}."


RANKED_PER_COLUMN = 8  # rows a ranking column holds at 1024x768 with long (English) names on two lines


def ranking_body(ranked: pl.DataFrame, indicator: Indicator, lang: str, shown: int = RANKED_PER_COLUMN) -> str:
    """The leaders beside the units that miss the target, and below them how many meet it.

    "Cần cải thiện" lists only units that miss the target, the furthest last;
    for an indicator without target the right column is the plain bottom of
    the ranking and its title says so. Tied units share a rank marked '='; a
    tie cut by the column's length is said ('+ 3 units tied at rank 10').
    """
    rows = list(ranked.iter_rows(named=True))
    ties: dict[int, int] = {}
    for r in rows:
        ties[r["rank"]] = ties.get(r["rank"], 0) + 1
    top = rows[: min(shown, (len(rows) + 1) // 2)] if len(rows) <= 2 * shown else rows[:shown]
    if indicator.target is not None:
        heading = t("slide_laggards", lang)
        candidates = [r for r in rows[len(top) :] if r["meets"] is False]
    else:
        heading = t("slide_bottom_no_target", lang)
        candidates = rows[len(top) :]
    bottom = candidates[-shown:]
    largest = max((r["value"] for r in rows), default=0) or 1
    name = "name_en" if lang == "en" else "name_vi"

    def line(r: dict[str, Any]) -> str:
        colour = {True: GOOD, False: BAD, None: NEUTRAL}[r["meets"]]
        mark = {True: "✓ ", False: "✗ ", None: ""}[r["meets"]]
        width = 100 * r["value"] / (100 if indicator.is_ratio else largest)
        return (
            f'<div class="rank"><span>{_rank_label(r["rank"], ties[r["rank"]] > 1)}</span><span class="name">{esc(r[name])}'
            f'<div class="bar" style="width:{width:.1f}%;background:{colour}"></div></span>'
            f'<span class="figure" style="color:{colour}">{mark}{esc(fmt.value(indicator, r["value"], lang))}</span></div>'
        )

    def cut_tie(listed: list[dict[str, Any]], edge: dict[str, Any] | None) -> str:
        if edge is None:
            return ""
        hidden = ties[edge["rank"]] - sum(1 for r in listed if r["rank"] == edge["rank"])
        if hidden <= 0:
            return ""
        return f'<p class="note">{esc(t("slide_tied_more", lang, n=hidden, rank=edge["rank"]))}</p>'

    leaders = "".join(line(r) for r in top) + cut_tie(top, top[-1] if top else None)
    if bottom:
        more = len(candidates) - len(bottom)  # further units below target, with better values than these
        above = (
            f'<p class="note">{esc(t("slide_more_missing", lang, n=more))}</p>'
            if more and indicator.target is not None
            else ""
        )
        laggards = above + cut_tie(bottom, bottom[0]) + "".join(line(r) for r in bottom)
    else:
        laggards = f'<p class="note">{esc(t("slide_all_met", lang))}</p>'
    return (
        f'<div class="columns"><div><h2>{esc(t("slide_leaders", lang))}</h2>{leaders}</div>'
        f"<div><h2>{esc(heading)}</h2>{laggards}</div></div>{_met_band(rows, indicator, lang)}"
    )


def _met_band(rows: list[dict[str, Any]], indicator: Indicator, lang: str) -> str:
    """The lower band of a ranking slide: how many units meet the target, as a bar and in words."""
    total = len(rows)
    if indicator.target is None or not total:
        return f'<div class="band"><div class="band-text">{esc(t("slide_units_band", lang, total=total))}</div></div>'
    met = sum(1 for r in rows if r["meets"])
    return (
        f'<div class="band"><div class="band-text">{esc(t("slide_met_band", lang, met=met, total=total))}</div>'
        f'<div class="band-bar"><div style="flex:{met};background:{GOOD}"></div>'
        f'<div style="flex:{total - met};background:{BAD}"></div></div></div>'
    )


def trend_body(indicator: Indicator, history: list[tuple[str, float | None]], lang: str) -> str:
    """The province over the last quarters as columns (from zero), the target as a dashed line.

    Each column carries its value above it and its quarter below it; the
    target's value is said in the line above the chart, so no label sits on
    the line and none can collide with a column's.
    """
    values = [v for _, v in history if v is not None]
    top = max([*values, indicator.target or 0, 1e-9])
    top = 100.0 if indicator.is_ratio else top * 1.15
    target = ""
    if indicator.target is not None:  # drawn in each column's plot, joined across the gaps
        target = f'<div class="target" style="bottom:{100 * indicator.target / top:.2f}%"></div>'
    columns = []
    for quarter, value in history:
        colour = {True: GOOD, False: BAD, None: NEUTRAL}[indicator.meets_target(value)]
        height = 0 if value is None else 100 * value / top
        columns.append(
            f'<div class="col"><div class="plot">{target}<div class="stack" style="height:{height:.2f}%">'
            f'<div class="val">{esc(fmt.value(indicator, value, lang))}</div>'
            f'<div class="colbar" style="background:{colour}"></div></div></div>'
            f'<div class="q">{esc(Quarter.parse(quarter).label(lang))}</div></div>'
        )
    return f'<div class="trend">{"".join(columns)}</div>'


def title_body(province: str, meeting: str, quarter: str, stale: str | None = None) -> str:
    """Province, meeting and quarter; and, when the figures are behind, the line that says so (`reporting.stale_line`)."""
    note = f'<div class="stale">{esc(stale)}</div>' if stale else ""
    return (
        f'<div class="title-slide"><div class="province">{esc(province)}</div>'
        f'<div class="meeting">{esc(meeting)}</div><div class="when">{esc(quarter)}</div>{note}</div>'
    )


ATTENTION_PER_SLIDE = 6  # units on one attention slide at most; more units make more slides, never a "see more"
SLIDE_REASONS = 2  # of a unit's figures' reasons, on a slide read from across the room
# What one attention slide holds on the smallest supported screens (1280×720 is the shortest, 1024×768 the
# narrowest): lines of reason text, and the characters of a reason line and of a unit's name line at 1024 px.
# The reasons are never cut: a unit that would not fit starts the next slide.
ATTENTION_LINES = 23
REASON_LINE_CHARS = 100
NAME_LINE_CHARS = 55


def slide_reasons(entry: Attention) -> list[str]:
    """The first SLIDE_REASONS reasons from the figures, and a late or missing report whatever comes before it."""
    figures = [i for i, r in enumerate(entry.why) if r.kind not in REPORTING_KINDS][:SLIDE_REASONS]
    reporting = [i for i, r in enumerate(entry.why) if r.kind in REPORTING_KINDS]
    return [entry.reasons[i] for i in sorted(figures + reporting)]


def _attention_lines(entry: Attention) -> int:
    """The lines a unit takes on an attention slide, in reason lines (a name line is taller: it counts as two,
    with the gap below it)."""
    name = -(-len(entry.unit.name(entry.lang)) // NAME_LINE_CHARS)
    return 1 + name + -(-len("; ".join(slide_reasons(entry))) // REASON_LINE_CHARS)


def attention_split(entries: list[Attention]) -> list[list[Attention]]:
    """The attention list cut into slides: in order, each slide as many units as fit (ATTENTION_LINES)."""
    slides: list[list[Attention]] = [[]]
    used = 0
    for entry in entries:
        lines = _attention_lines(entry)
        if slides[-1] and (len(slides[-1]) == ATTENTION_PER_SLIDE or used + lines > ATTENTION_LINES):
            slides.append([])
            used = 0
        slides[-1].append(entry)
        used += lines
    return slides


def attention_pages(entries: list[Attention]) -> int:
    return len(attention_split(entries))


def attention_body(entries: list[Attention], lang: str, page: int = 1) -> str:
    """The `page`-th slide of the attention list (1-based, `attention_split`): units, each with its reasons."""
    if not entries:
        return f'<p class="sub">{esc(t("attention_none", lang))}</p>'
    split = attention_split(entries)
    items = "".join(
        f'<div><div class="unit">{esc(e.unit.name(lang))}</div><div class="why">{esc("; ".join(slide_reasons(e)))}</div></div>'
        for e in split[min(page, len(split)) - 1]
    )
    return f'<div class="attention">{items}</div>'


def expand_agenda(agenda: list[str], flagged: list[Attention]) -> list[str]:
    """The slides to show: the attention list takes as many slides as it needs ('attention#2', ...)."""
    pages = attention_pages(flagged)
    shown: list[str] = []
    for slide in agenda:
        if slide == "attention" and pages > 1:
            shown.extend(f"attention#{n}" for n in range(1, pages + 1))
        else:
            shown.append(slide)
    return shown


def _head(*columns: tuple[str, str], lang: str) -> str:
    """A card's header row: each heading aligned as its column ('num' right, 'text' left)."""
    return "".join(f"<th class='{kind}'>{esc(t(key, lang))}</th>" for key, kind in columns)


def unit_body(rows: list[ProfileRow], lang: str, reasons: tuple[str, ...] = ()) -> str:
    """A unit's card: every indicator, then why it needs attention (gap and since when) below."""
    head = _head(("indicator_col", "text"), ("col_value", "num"), ("vs_previous_col", "num"), ("rank_col", "num"),
                 ("target_col_status", "text"), lang=lang)  # fmt: skip
    body = "".join(
        f"<tr><td>{esc(r.indicator.name(lang))}</td><td class='num'>{esc(fmt.value(r.indicator, r.value, lang))}</td>"
        f"<td class='num'>{change_html(r.indicator, r.change_previous, lang)}</td>"
        f"<td class='num'>{esc(t('rank_of', lang, rank=r.rank, of=r.of)) if r.rank else '—'}</td>"
        f"<td>{status(r.meets_target, lang) or '—'}</td></tr>"
        for r in rows
    )
    why = "".join(f"<li>{esc(reason)}</li>" for reason in reasons[:3])
    below = f'<div class="reasons"><h2>{esc(t("slide_unit_reasons", lang))}</h2><ul>{why}</ul></div>' if why else ""
    return f'<table class="card"><tr>{head}</tr>{body}</table>{below}'


def index766_body(standing: Standing, national: pl.DataFrame, neighbours: pl.DataFrame, lang: str) -> str:
    """The province's Decision 766 total, national rank, its six groups against their
    maxima and the provinces ranked just above and below it."""
    total = standing.total
    mine = national.filter(pl.col("portal_code") == (standing.unit.portal_code or ""))
    rank = t("idx_tile_rank", lang, rank=mine["rank"][0], of=national.height) if mine.height else ""
    points = t("idx_points", lang)

    def group(g: Score) -> str:
        width = 100 * (g.value or 0) / g.maximum
        colour = {True: GOOD, False: BAD, None: NEUTRAL}[g.meets_target]
        return (
            f'<div class="rank"><span></span><span class="name">{esc(g.indicator.name(lang))}'
            f'<div class="bar" style="width:{width:.1f}%;background:{colour}"></div></span>'
            f'<span class="figure">{esc(fmt.number(g.value, 2, lang))} / {esc(fmt.number(g.maximum, 0, lang))}</span></div>'
        )

    def province(r: dict[str, Any]) -> str:
        own = r["portal_code"] == standing.unit.portal_code
        style = f' style="color:{GOOD};font-weight:700"' if own else ""
        return (
            f'<div class="rank"{style}><span>{r["rank"]}.</span><span class="name">{"▶ " if own else ""}{esc(r["name"])}</span>'
            f'<span class="figure">{esc(fmt.number(r["total"], 2, lang))}</span></div>'
        )

    headline = (
        f'<div class="tile" style="margin-bottom:2vh"><div class="label">{esc(t("idx_total", lang))}</div>'
        f'<div class="value">{esc(fmt.number(total.value, 2, lang))} <span class="line">/ 100 {esc(points)}</span></div>'
        f'<div class="line">{change_html(total.indicator, total.change, lang)} '
        f'<span style="color:{NEUTRAL}">{esc(t("vs_previous", lang))}</span> · {esc(rank)}</div></div>'
    )
    groups = "".join(group(g) for g in standing.groups)
    around = "".join(province(r) for r in neighbours.iter_rows(named=True))
    return (
        f'<div class="columns"><div>{headline}{groups}</div>'
        f"<div><h2>{esc(t('idx_neighbours', lang))}</h2>{around}</div></div>{_groups_band(standing.groups, lang)}"
    )


def _groups_band(groups: list[Score], lang: str) -> str:
    """The lower band of the Decision 766 slide: how many of the six groups meet their target."""
    judged = [g for g in groups if g.meets_target is not None]
    if not judged:
        return ""
    met = sum(1 for g in judged if g.meets_target)
    return (
        f'<div class="band"><div class="band-text">{esc(t("idx_groups_band", lang, met=met, total=len(judged)))}</div>'
        f'<div class="band-bar"><div style="flex:{met};background:{GOOD}"></div>'
        f'<div style="flex:{len(judged) - met};background:{BAD}"></div></div></div>'
    )


def overdue_body(per_unit: pl.DataFrame, names: dict[str, str], day: str, lang: str, shown: int = 12) -> str:
    """Overdue tasks by lead unit (metrics.tasks.overdue_by_unit), most first, with the longest delay."""
    if per_unit.is_empty():
        return f'<p class="sub">{esc(t("slide_tasks_none", lang, day=day))}</p>'
    total = int(per_unit["overdue"].sum())
    largest = max(int(per_unit.select(pl.col("overdue").max()).item() or 1), 1)
    lines = "".join(
        f'<div class="rank"><span>{i}.</span><span class="name">{esc(names.get(r["unit_code"], r["unit_code"]))}'
        f'<div class="bar" style="width:{100 * r["overdue"] / largest:.1f}%;background:{BAD}"></div></span>'
        f'<span class="figure" style="color:{BAD}">{esc(fmt.number(r["overdue"], 0, lang))}'
        f" <small>({esc(t('slide_tasks_days', lang, days=fmt.number(r['oldest_days'], 0, lang)))})</small></span></div>"
        for i, r in enumerate(per_unit.head(shown).iter_rows(named=True), start=1)
    )
    sub = t("slide_tasks_sub", lang, day=day, n=fmt.number(total, 0, lang), units=per_unit.height)
    return f'<p class="sub">{esc(sub)}</p><div>{lines}</div>'


def conclusions_body(title: str, rows: pl.DataFrame, names: dict[str, str], day: str, lang: str, shown: int = 8) -> str:
    """A meeting's conclusions with their status (metrics.tasks.with_status) on `day`."""
    if rows.is_empty():
        return f'<p class="sub">{esc(t("meeting_no_conclusions", lang))}</p>'
    colours = {"overdue": BAD, "done_late": BAD, "done_on_time": GOOD, "in_progress": NEUTRAL}
    words = {status: t(f"task_status_{status}", lang) for status in colours}
    body = "".join(
        f"<tr><td>{esc(r['summary'])}</td><td>{esc(names.get(r['lead_unit'], r['lead_unit']))}</td>"
        f"<td class='num' style='color:{colours[r['status']]}'>{esc(words[r['status']])}</td></tr>"
        for r in rows.head(shown).iter_rows(named=True)
    )
    head = _head(("conclusion_text", "text"), ("col_lead_unit", "text"), ("col_status", "num"), lang=lang)
    sub = t("slide_conclusions_sub", lang, title=title, day=day)
    return f'<p class="sub">{esc(sub)}</p><table class="card"><tr>{head}</tr>{body}</table>'


def default_agenda(indicators: list[Indicator], flagged: list[Attention]) -> list[str]:
    """Title, province tiles, each indicator's trend and ranking, the attention list, the unit most in need."""
    slides = ["title", "tiles"]
    for i in indicators:
        slides += [f"trend:{i.code}", f"ranking:{i.code}"]
    slides.append("attention")
    if flagged:
        slides.append(f"unit:{flagged[0].unit.code}")
    return slides


def valid_slides(slides: list[str], indicators: list[Indicator], units: list[Unit]) -> list[str]:
    codes = {i.code for i in indicators}
    unit_codes = {u.code for u in units}
    kept = []
    for slide in slides:
        kind, _, target = slide.partition(":")
        if (
            (kind in ("title", "tiles", "attention", "index766", "tasks", "conclusions") and not target)
            or (kind in ("ranking", "trend") and target in codes)
            or (kind == "unit" and target in unit_codes)
        ):
            kept.append(slide)
    return kept


def slide_names(slides: list[str], indicators: list[Indicator], units: list[Unit], lang: str) -> dict[str, str]:
    """A readable name for each slide code (one pass over the catalogue, however many units)."""
    indicator_names = {i.code: i.name(lang) for i in indicators}
    unit_names = {u.code: u.name(lang) for u in units}
    names = {}
    for slide in slides:
        kind, _, target = slide.partition(":")
        if kind in ("ranking", "trend"):
            names[slide] = t(f"slide_{kind}", lang, name=indicator_names[target])
        elif kind == "unit":
            names[slide] = unit_names[target]
        else:
            names[slide] = t(f"slide_{kind}", lang)
    return names


class AgendaError(Said, ValueError):
    """An agenda that cannot be saved; the message says what to change."""


def save_agenda(store: Store, actor: User, name: str, slides: list[str]) -> str:
    require_admin(actor, "may_save_agenda")
    clean = name.strip().lower()
    if not AGENDA_NAME.fullmatch(clean):
        raise AgendaError.said("agenda_name_form")
    if not slides:
        raise AgendaError.said("agenda_empty")
    with store.transaction():
        store.save_agenda(clean, slides, actor.username)
        store.audit(actor.username, "agenda_saved", clean, ", ".join(slides))
    return clean


def delete_agenda(store: Store, actor: User, name: str) -> None:
    require_admin(actor, "may_delete_agenda")
    with store.transaction():
        store.delete_agenda(name)
        store.audit(actor.username, "agenda_deleted", name)
