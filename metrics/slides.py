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

import polars as pl

from metrics import escape, fmt
from metrics.analysis import ProfileRow
from metrics.auth import User, require_admin
from metrics.catalogue import Indicator, Unit
from metrics.i18n import t
from metrics.overview import Attention, Tile
from metrics.store import Store

AGENDA_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
GOOD, BAD, NEUTRAL = "#0B4F9C", "#8A3A00", "#4D4D4D"

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
.tile.summary { background: #111111; color: #FFFFFF; justify-content: center; }
.columns { display: grid; grid-template-columns: 1fr 1fr; gap: 3vw; flex: 1; min-height: 0; }
.columns h2 { font-size: clamp(22px, 3vh, 40px); margin: 0 0 1vh; }
.rank { display: grid; grid-template-columns: 3.2em 1fr 9em; align-items: center; gap: 0.8vw;
  font-size: clamp(20px, 2.7vh, 36px); line-height: 1.1; padding: 0.3vh 0; border-bottom: 1px solid #BBBBBB; }
.rank .name { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.rank .figure { text-align: right; font-weight: 700; white-space: nowrap; }
.bar { height: 0.8vh; margin-top: 0.3vh; border-radius: 0.4vh; }
.attention { display: flex; flex-direction: column; gap: 1.2vh; }
.attention .unit { font-size: clamp(24px, 3.4vh, 44px); font-weight: 700; }
.attention .why { font-size: clamp(20px, 2.5vh, 32px); line-height: 1.25;
  display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden; }  /* two lines at most */
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
        f"<footer><span>{esc(note)}</span><span>{esc(position)}</span></footer></div>"
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


def ranking_body(ranked: pl.DataFrame, indicator: Indicator, lang: str, shown: int = 10) -> str:
    """The leaders and the laggards side by side (all units when few)."""
    rows = list(ranked.iter_rows(named=True))
    top = rows[:shown] if len(rows) > 2 * shown else rows[: (len(rows) + 1) // 2]
    bottom = rows[-shown:] if len(rows) > 2 * shown else rows[len(top) :]
    largest = max((r["value"] for r in rows), default=0) or 1
    name = "name_en" if lang == "en" else "name_vi"

    def line(r: dict) -> str:
        colour = {True: GOOD, False: BAD, None: NEUTRAL}[r["meets"]]
        mark = {True: "✓ ", False: "✗ ", None: ""}[r["meets"]]
        width = 100 * r["value"] / (100 if indicator.is_ratio else largest)
        return (
            f'<div class="rank"><span>{r["rank"]}.</span><span class="name">{esc(r[name])}'
            f'<div class="bar" style="width:{width:.1f}%;background:{colour}"></div></span>'
            f'<span class="figure" style="color:{colour}">{mark}{esc(fmt.value(indicator, r["value"], lang))}</span></div>'
        )

    leaders = "".join(line(r) for r in top)
    laggards = "".join(line(r) for r in bottom)
    return (
        f'<div class="columns"><div><h2>{esc(t("slide_leaders", lang))}</h2>{leaders}</div>'
        f"<div><h2>{esc(t('slide_laggards', lang))}</h2>{laggards}</div></div>"
    )


def attention_body(entries: list[Attention], lang: str, shown: int = 6) -> str:
    if not entries:
        return f'<p class="sub">{esc(t("attention_none", lang))}</p>'
    items = "".join(
        f'<div><div class="unit">{esc(e.unit.name(lang))}</div><div class="why">{esc("; ".join(e.reasons[:2]))}</div></div>'
        for e in entries[:shown]
    )
    more = (
        f'<p class="sub">{esc(t("attention_more", lang, n=len(entries) - shown))}</p>' if len(entries) > shown else ""
    )
    return f'<div class="attention">{items}{more}</div>'


def unit_body(rows: list[ProfileRow], lang: str) -> str:
    head = "".join(
        f"<th>{esc(t(k, lang))}</th>"
        for k in ("indicator_col", "col_value", "vs_previous_col", "rank_col", "target_col_status")
    )
    body = "".join(
        f"<tr><td>{esc(r.indicator.name(lang))}</td><td class='num'>{esc(fmt.value(r.indicator, r.value, lang))}</td>"
        f"<td class='num'>{change_html(r.indicator, r.change_previous, lang)}</td>"
        f"<td class='num'>{esc(t('rank_of', lang, rank=r.rank, of=r.of)) if r.rank else '—'}</td>"
        f"<td>{status(r.meets_target, lang) or '—'}</td></tr>"
        for r in rows
    )
    return f'<table class="card"><tr>{head}</tr>{body}</table>'


def overdue_body(per_unit: pl.DataFrame, names: dict[str, str], day: str, lang: str, shown: int = 12) -> str:
    """Overdue tasks by lead unit (metrics.tasks.overdue_by_unit), most first, with the longest delay."""
    if per_unit.is_empty():
        return f'<p class="sub">{esc(t("slide_tasks_none", lang, day=day))}</p>'
    total = int(per_unit["overdue"].sum())
    largest = max(int(per_unit["overdue"].max() or 1), 1)
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
    head = "".join(f"<th>{esc(t(k, lang))}</th>" for k in ("conclusion_text", "col_lead_unit", "col_status"))
    sub = t("slide_conclusions_sub", lang, title=title, day=day)
    return f'<p class="sub">{esc(sub)}</p><table class="card"><tr>{head}</tr>{body}</table>'


def default_agenda(indicators: list[Indicator], flagged: list[Attention]) -> list[str]:
    """Province tiles, each indicator's ranking, the attention list, the unit most in need."""
    slides = ["tiles", *(f"ranking:{i.code}" for i in indicators), "attention"]
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
            (kind in ("tiles", "attention", "tasks", "conclusions") and not target)
            or (kind == "ranking" and target in codes)
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
        if kind == "ranking":
            names[slide] = t("slide_ranking", lang, name=indicator_names[target])
        elif kind == "unit":
            names[slide] = unit_names[target]
        else:
            names[slide] = t(f"slide_{kind}", lang)
    return names


def save_agenda(store: Store, actor: User, name: str, slides: list[str]) -> str:
    require_admin(actor, "lưu chương trình trình chiếu")
    clean = name.strip().lower()
    if not AGENDA_NAME.fullmatch(clean):
        raise ValueError(
            "Tên chương trình gồm chữ thường không dấu, số và gạch ngang, tối đa 40 ký tự (ví dụ: hop-quy-3)."
        )
    if not slides:
        raise ValueError("Chương trình cần ít nhất một trang chiếu.")
    with store.transaction():
        store.save_agenda(clean, slides, actor.username)
        store.audit(actor.username, "agenda_saved", clean, ", ".join(slides))
    return clean


def delete_agenda(store: Store, actor: User, name: str) -> None:
    require_admin(actor, "xoá chương trình trình chiếu")
    with store.transaction():
        store.delete_agenda(name)
        store.audit(actor.username, "agenda_deleted", name)
