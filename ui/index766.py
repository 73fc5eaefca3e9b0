"""The Index page's views (Decision 766), computed once per (data version, quarter, language).

Figures come from metrics.index766 and metrics.charts766; this module caches
them for every session and lays out the parts the page shares with the
overview tile.
"""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from metrics import charts, escape, fmt, index766
from metrics.charts766 import groups_chart, lost_chart, national_chart, rank_chart, units_chart
from metrics.i18n import t
from metrics.index766 import Standing
from metrics.overview import window
from metrics.quarters import quarter_label
from ui import state


@st.cache_resource(show_spinner=False, max_entries=8)
def published(version: int) -> pl.DataFrame:
    """The portal's published rows in force, every quarter (a few thousand rows at most)."""
    return state.store().portal_rows()


def _values(version: int, quarter: str) -> pl.DataFrame:
    codes = [i.code for i in state.scores(version)]
    return state.values(version, window(quarter)[0], quarter).filter(pl.col("indicator").is_in(codes))


@dataclass(frozen=True)
class ProvinceView:
    standing: Standing | None
    national: pl.DataFrame
    neighbours: pl.DataFrame
    rank_history: pl.DataFrame
    groups: go.Figure | None
    national_chart: go.Figure | None
    rank_chart: go.Figure | None


@st.cache_resource(show_spinner=False, max_entries=32)
def province_view(version: int, quarter: str, lang: str) -> ProvinceView:
    scores, units = state.scores(version), state.units(version)
    rows = published(version)
    own = index766.province_unit(units)
    label = quarter_label(quarter, lang)
    standing = None
    if own is not None and scores:
        standing = index766.standing(_values(version, quarter), scores, units, rows, own.code, quarter)
    table = index766.national(rows, quarter)
    code = own.portal_code if own else None
    history = index766.rank_history(rows.filter(pl.col("quarter") <= quarter), code)
    has_total = standing is not None and standing.total.value is not None
    return ProvinceView(
        standing=standing,
        national=table,
        neighbours=index766.neighbours(table, code),
        rank_history=history,
        groups=groups_chart(standing, t("idx_groups_title", lang, quarter=label), lang) if has_total else None,
        national_chart=national_chart(table, code, t("idx_national_title", lang, quarter=label, n=table.height), lang)
        if table.height
        else None,
        rank_chart=rank_chart(history, t("idx_rank_title", lang), lang) if history.height else None,
    )


@dataclass(frozen=True)
class RankingView:
    ranked: pl.DataFrame
    figure: go.Figure | None


@st.cache_resource(show_spinner=False, max_entries=32)
def ranking_view(version: int, quarter: str, peers: str, lang: str) -> RankingView:
    scores, units = state.scores(version), state.units(version)
    values = _values(version, quarter)
    ranked = index766.ranking(values, scores, units, quarter, peers, published(version))
    if ranked.is_empty():
        return RankingView(ranked, None)
    total = next(i for i in scores if i.code == index766.TOTAL)
    own = index766.province_unit(units)
    province = index766.trend(values.filter(pl.col("quarter") == quarter), own.code)["value"] if own else None
    title = t(f"idx_ranking_{peers}", lang, quarter=quarter_label(quarter, lang))
    figure = units_chart(ranked, total, province[0] if province is not None and len(province) else None, title, lang)
    return RankingView(ranked, figure)


@dataclass(frozen=True)
class UnitView:
    standing: Standing
    lost: go.Figure | None
    trend: go.Figure


@st.cache_resource(show_spinner=False, max_entries=64)
def unit_view(version: int, quarter: str, code: str, lang: str) -> UnitView:
    scores, units = state.scores(version), state.units(version)
    values = _values(version, quarter)
    standing = index766.standing(values, scores, units, published(version), code, quarter)
    name = standing.unit.name(lang)
    costliest = standing.costliest
    lost = lost_chart(costliest, t("idx_lost_title", lang), lang) if costliest else None
    own = index766.province_unit(units)
    lines = []
    if own is not None and own.code != code:
        mine = index766.trend(values, own.code)
        lines.append((t("province", lang), mine["quarter"].to_list(), mine["value"].to_list()))
    series = index766.trend(values, code)
    lines.append((name, series["quarter"].to_list(), series["value"].to_list()))
    if len(lines) == 1:  # the province alone: drawn as the reference line
        lines.insert(0, lines.pop())
    total = next(i for i in scores if i.code == index766.TOTAL)
    trend = charts.trend_chart(lines, total, t("idx_trend_title", lang), lang, height=380)
    return UnitView(standing, lost, trend)


def rank_text(rank: int | None, of: int | None, lang: str) -> str:
    return f"{rank}/{of}" if rank and of else fmt.MISSING


def score_text(value: float | None, maximum: float | None, lang: str) -> str:
    if value is None:
        return fmt.MISSING
    return f"{fmt.number(value, 2, lang)} / {fmt.number(maximum, 0, lang)}"


def _colour(delta: float | None) -> str:
    """The house's colour-blind-safe pair: blue for better, orange for worse."""
    return "gray" if not delta else ("blue" if delta > 0 else "orange")


def points_change(delta: float | None, lang: str) -> str | None:
    if delta is None:
        return None
    sign = "+" if delta > 0 else ("-" if delta < 0 else "±")
    return f"{sign}{fmt.number(abs(delta), 2, lang)} {t('idx_points', lang)}"


def _rank_delta(history: pl.DataFrame, quarter: str, lang: str) -> str | None:
    """Places climbed since the previous quarter ('5 bậc…', or '-3 bậc…' for a fall)."""
    ranks = dict(zip(history["quarter"], history["rank"], strict=True))
    earlier = [q for q in ranks if q < quarter]
    if quarter not in ranks or not earlier:
        return None
    climbed = ranks[max(earlier)] - ranks[quarter]
    return t("idx_rank_change", lang, n=climbed)


def province_tiles(view: ProvinceView, lang: str) -> None:
    """Total, national rank, target and the group that costs the most, as four metrics."""
    standing = view.standing
    assert standing is not None
    total = standing.total
    mine = view.neighbours.filter(pl.col("portal_code") == (standing.unit.portal_code or ""))
    rank, of = (int(mine["rank"][0]), view.national.height) if mine.height else (standing.published_rank, None)
    a, b, c, d = st.columns(4)
    a.metric(
        t("idx_total", lang),
        score_text(total.value, total.maximum, lang),
        points_change(total.change, lang),
        delta_color=_colour(total.change),
    )
    climbed = _rank_delta(view.rank_history, standing.quarter, lang)
    b.metric(t("idx_national_rank", lang), f"{rank}/{of}" if rank and of else fmt.MISSING, climbed,
             delta_color="orange" if climbed and climbed.startswith("-") else "blue")  # fmt: skip
    target = total.indicator.target
    mark = {True: "✓", False: "✗", None: ""}[total.meets_target]
    c.metric(
        t("idx_target", lang),
        f"{mark} {fmt.number(target, 0, lang)} {t('idx_points', lang)}" if target is not None else fmt.MISSING,
        help=total.indicator.target_source,
    )
    worst = standing.costliest[0] if standing.costliest else None
    d.metric(
        t("idx_costliest", lang),
        worst.indicator.name(lang) if worst else fmt.MISSING,
        f"{fmt.MINUS}{fmt.number(worst.lost, 2, lang)} {t('idx_points', lang)}" if worst else None,
        delta_color="orange",
        delta_arrow="down",  # said, not guessed from the sign (Streamlit reads an ASCII "-")
    )


def neighbours_table(view: ProvinceView, lang: str) -> None:
    if view.neighbours.is_empty():
        st.info(t("idx_neighbours_none", lang))
        return
    header = [t("rank_col", lang), t("idx_col_province", lang), t("idx_col_total", lang)]
    own = view.standing.unit.portal_code if view.standing else None
    rows = [
        [r["rank"], f"▶ {r['name']}" if r["portal_code"] == own else r["name"], fmt.number(r["total"], 2, lang)]
        for r in view.neighbours.iter_rows(named=True)
    ]
    st.table(pl.DataFrame(rows, schema=header, orient="row"), hide_index=True)


def ranking_section(version: int, quarter: str, peers: str, lang: str) -> None:
    """Departments, or communes and wards, ranked on the total, chart and table."""
    from ui import review

    shown = ranking_view(version, quarter, peers, lang)
    if shown.figure is None:
        st.info(t("idx_no_data", lang))
        return
    review.chart(shown.figure, key=f"idx_ranking_{peers}", file_name=f"chi-so-766-{peers}-{quarter}")
    scores = state.scores(version)
    groups = [i for i in scores if i.code != index766.TOTAL]
    name = "name_en" if lang == "en" else "name_vi"
    header = [t("rank_col", lang), t("unit_col", lang), t("idx_col_total", lang), t("idx_col_published", lang)]
    header += [i.name(lang) for i in groups]
    rows = [
        [r["rank"], r[name], fmt.number(r["value"], 2, lang), r.get("published_rank")]
        + [fmt.number(r[i.code], 2, lang) for i in groups]
        for r in shown.ranked.iter_rows(named=True)
    ]
    review.table(header, rows, f"chi-so-766-{peers}-{quarter}", lang, key=f"idx_table_{peers}")


def choose_unit(version: int, quarter: str, lang: str):
    """A department, commune or ward with a score in the quarter; the lowest total first."""
    units = {u.code: u for u in state.units(version)}
    ranked = [ranking_view(version, quarter, peers, lang).ranked for peers in ("department", "local")]
    scored = (
        pl.concat([r.select("unit_code", "value") for r in ranked if r.height])
        if any(r.height for r in ranked)
        else None
    )
    if scored is None:
        return None
    codes = scored.sort(["value", "unit_code"])["unit_code"].to_list()
    code = st.selectbox(
        t("idx_unit_pick", lang),
        codes,
        format_func=lambda c: units[c].name(lang),
        key="idx_unit",
        placeholder=t("choose_option", lang),
    )
    return units.get(code or codes[0])


def unit_tiles(standing: Standing, lang: str) -> None:
    total = standing.total
    a, b, c = st.columns(3)
    a.metric(t("idx_total", lang), score_text(total.value, total.maximum, lang), points_change(total.change, lang),
             delta_color=_colour(total.change))  # fmt: skip
    b.metric(t("idx_rank_within", lang), rank_text(standing.rank, standing.of, lang))
    c.metric(t("idx_col_published", lang), rank_text(standing.published_rank, standing.published_of, lang))


@dataclass(frozen=True)
class TileView:
    total: index766.Score | None
    rank: int | None
    of: int


@st.cache_resource(show_spinner=False, max_entries=32)
def tile_view(version: int, quarter: str) -> TileView:
    """The overview's tile: the province's published total and national rank."""
    scores, units = state.scores(version), state.units(version)
    own = index766.province_unit(units)
    if own is None or not scores:
        return TileView(None, None, 0)
    values = _values(version, quarter)
    standing = index766.standing(values, scores, units, published(version), own.code, quarter)
    table = index766.national(published(version), quarter)
    mine = table.filter(pl.col("portal_code") == (own.portal_code or ""))
    return TileView(standing.total, int(mine["rank"][0]) if mine.height else None, table.height)


def overview_tile(version: int, quarter: str, lang: str) -> None:
    """The province's Decision 766 total with its national rank, linking to the Index page
    (where its trend is). Not an st.metric: it is the portal's score, not one of the
    quarter's reported indicators."""
    shown = tile_view(version, quarter)
    if shown.total is None or shown.total.value is None:
        return
    total = shown.total
    with st.container(border=True):
        st.markdown(f"**{escape.markdown(t('idx_tile', lang))}**")
        change = points_change(total.change, lang)
        # Numbers only; an HTML element, not st.metric, so it is not counted among the indicators' tiles.
        st.html(
            f"<div style='font-size:2.25rem;line-height:1.2'>{fmt.number(total.value, 2, lang)}"
            f"<span style='font-size:1rem;color:#4D4D4D'> / {fmt.number(total.maximum, 0, lang)}</span></div>"
        )
        if change:
            st.markdown(
                f":{_colour(total.change)}[**{escape.markdown(change)}**] {escape.markdown(t('vs_previous', lang))}"
            )
        lines = []
        if shown.rank:
            lines.append(f"**{escape.markdown(t('idx_tile_rank', lang, rank=shown.rank, of=shown.of))}**")
        target = total.indicator.target
        if target is not None and total.meets_target is not None:
            words = t("target_met" if total.meets_target else "target_missed", lang, target=fmt.number(target, 0, lang))
            lines.append(f":{'blue' if total.meets_target else 'orange'}[**{escape.markdown(words)}**]")
        st.markdown("  \n".join(lines))
        st.page_link(state.page("index766"), label=t("page_index766", lang), icon=":material/arrow_forward:",
                     query_params={"quarter": quarter, "lang": lang})  # fmt: skip


def slide(version: int, quarter: str, lang: str, position: str) -> str:
    """The projector's Decision 766 slide (metrics.slides draws it)."""
    from metrics import slides

    view = province_view(version, quarter, lang)
    label = quarter_label(quarter, lang)
    title = t("idx_slide_title", lang)
    if view.standing is None or view.standing.total.value is None:
        body = f'<p class="sub">{slides.esc(t("idx_no_data", lang))}</p>'
    else:
        body = slides.index766_body(view.standing, view.national, view.neighbours, lang)
    return slides.frame(title, body, label, position, t("slide_keys", lang))
