"""Plotly figures of the Index page (Decision 766), in the house style of metrics.charts.

Scores are drawn against their maximum (a pale bar the length of the
maximum behind the score), so that six groups with different maxima read at
a glance; every mark carries its number, so nothing depends on colour alone.
"""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from metrics import fmt
from metrics.catalogue import Indicator
from metrics.charts import MET, MET_STRONG, MISSED, NO_STATUS, SERIES, TEXT_DARK, _base_layout, safe, wrap
from metrics.index766 import Score, Standing
from metrics.quarters import Quarter

TITLE_WIDTH = 38  # characters a line: a half-width chart on a 1280-pixel screen holds about that many


def _titled(
    figure: go.Figure, title: str, lang: str, height: int, legend: bool = False, width: int = TITLE_WIDTH
) -> go.Figure:
    """The house layout with the title wrapped (never cut off on a laptop) and room above the plot."""
    _base_layout(figure, title, lang, height, top=20, width=width * 11)  # wraps and escapes the title
    if legend:  # below the axis title: a legend beside a wrapped title would overlap it
        figure.update_layout(legend={"orientation": "h", "yanchor": "top", "y": -0.14, "x": 0})
    return figure


def _points(lang: str) -> str:
    return "điểm" if lang == "vi" else "points"


def _n(value: float | None, lang: str) -> str:
    return fmt.number(value, 2, lang)


def groups_chart(standing: Standing, title: str, lang: str = "vi") -> go.Figure:
    """The six groups, each a bar of its score over a pale bar of its maximum, target marked."""
    groups = standing.groups
    names = [wrap(safe(g.indicator.name(lang)), 22) for g in groups]
    figure = go.Figure()
    labels = [f"{_n(g.value, lang)} / {fmt.number(g.maximum, 0, lang)}" for g in groups]
    figure.add_trace(  # the number sits past the pale bar of the maximum, never on a bar
        go.Bar(
            y=names, x=[g.maximum for g in groups], orientation="h", name="Điểm tối đa" if lang == "vi" else "Maximum",
            marker={"color": MET, "line": {"color": MET_STRONG, "width": 1}}, text=labels, textposition="outside",
            cliponaxis=False, hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )  # fmt: skip
    figure.add_trace(
        go.Bar(
            y=names, x=[g.value for g in groups], orientation="h", name="Điểm đạt" if lang == "vi" else "Score",
            marker={"color": MET_STRONG}, hoverinfo="skip", width=0.5,
        )
    )  # fmt: skip
    targets = [(n, g.indicator.target) for n, g in zip(names, groups, strict=True) if g.indicator.target is not None]
    if targets:
        figure.add_trace(
            go.Scatter(
                y=[n for n, _ in targets], x=[v for _, v in targets], mode="markers",
                name="Mục tiêu" if lang == "vi" else "Target",
                marker={"symbol": "line-ns", "size": 26, "line": {"width": 3, "color": TEXT_DARK}},
                hovertemplate="%{y}: %{x}<extra></extra>",
            )
        )  # fmt: skip
    _titled(figure, title, lang, 90 * len(groups) + 190, legend=True)
    top = max(g.maximum for g in groups) if groups else 1
    figure.update_xaxes(title=_points(lang), range=[0, top * 1.3])
    figure.update_yaxes(autorange="reversed", tickfont={"size": 15})
    figure.update_layout(barmode="overlay", bargap=0.3)
    return figure


def national_chart(table: pl.DataFrame, own: str | None, title: str, lang: str = "vi") -> go.Figure:
    """The provinces ranked on the total, the province itself picked out by colour, size and shape."""
    mine = [code == own for code in table["portal_code"]]
    names = [
        f"{rank}. {safe(name or code)}"
        for rank, name, code in zip(table["rank"], table["name"], table["portal_code"], strict=True)
    ]
    figure = go.Figure(
        go.Scatter(
            x=table["total"].to_list(), y=names, mode="markers+text", textposition="middle right",
            text=[f"<b>{_n(v, lang)}</b>" if m else _n(v, lang) for v, m in zip(table["total"], mine, strict=True)],
            marker={"color": [SERIES[1] if m else MET_STRONG for m in mine], "size": [18 if m else 11 for m in mine],
                    "symbol": ["diamond" if m else "circle" for m in mine]},
            cliponaxis=False, hovertemplate="%{y}: %{x}<extra></extra>",
        )
    )  # fmt: skip
    _titled(figure, title, lang, max(360, 24 * table.height + 140))
    low = (min(table["total"].to_list(), default=0.0) // 5) * 5 - 5
    figure.update_xaxes(title=f"{'Tổng điểm' if lang == 'vi' else 'Total'} ({_points(lang)})", range=[max(0, low), 104])
    figure.update_yaxes(
        autorange="reversed",
        tickfont={"size": 13},
        tickvals=names,
        ticktext=[f"<b>{n}</b>" if m else n for n, m in zip(names, mine, strict=True)],
    )
    figure.update_layout(showlegend=False)
    return figure


def lost_chart(costliest: list[Score], title: str, lang: str = "vi") -> go.Figure:
    """Points lost per group (maximum − score), largest first."""
    names = [wrap(safe(g.indicator.name(lang)), 22) for g in costliest]
    lost = [g.lost for g in costliest]
    labels = [
        f"−{_n(g.lost, lang)} ({'đạt' if lang == 'vi' else 'scored'} {fmt.percent(g.share, 0, lang)})"
        for g in costliest
    ]
    figure = go.Figure(
        go.Bar(
            y=names, x=lost, orientation="h", text=labels, textposition="outside", cliponaxis=False,
            marker={"color": [MISSED if i == 0 else NO_STATUS for i in range(len(costliest))]},
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )  # fmt: skip
    _titled(figure, title, lang, 70 * len(costliest) + 170)
    top = max((v for v in lost if v is not None), default=1.0)
    figure.update_xaxes(title=f"{'Điểm bị mất' if lang == 'vi' else 'Points lost'} ({_points(lang)})",
                        range=[0, max(top, 1.0) * 1.6])  # fmt: skip
    figure.update_yaxes(autorange="reversed", tickfont={"size": 15})
    figure.update_layout(showlegend=False)
    return figure


def rank_chart(history: pl.DataFrame, title: str, lang: str = "vi") -> go.Figure:
    """The national rank over quarters, first place at the top."""
    quarters = [Quarter.parse(q) for q in history["quarter"]]
    # The year only under a year's first quarter shown: eight labels fit a narrow column without turning.
    labels = [
        q.short(lang).split("/" if lang == "vi" else " ")[0] + (f"<br>{q.year}" if i == 0 or q.q == 1 else "")
        for i, q in enumerate(quarters)
    ]
    figure = go.Figure(
        go.Scatter(
            x=list(range(len(quarters))), y=history["rank"].to_list(), mode="lines+markers+text", text=history["rank"].to_list(),
            textposition="top center", line={"color": SERIES[1], "width": 3}, marker={"size": 10, "symbol": "diamond"},
            customdata=[q.label(lang) for q in quarters], cliponaxis=False,
            hovertemplate="%{customdata}: %{y}<extra></extra>",
        )
    )  # fmt: skip
    _titled(figure, title, lang, 380, width=24)  # drawn in the page's narrow column
    of = int(history.select(pl.col("of").max()).item()) if history.height else 34
    ticks = sorted({1, *range(5, of + 1, 5), of})
    figure.update_yaxes(
        title="Thứ hạng" if lang == "vi" else "Rank", autorange=False, range=[of + 1.5, -1], tickvals=ticks,
        zeroline=False,
    )  # fmt: skip
    figure.update_xaxes(tickvals=list(range(len(quarters))), ticktext=labels, tickangle=0, tickfont={"size": 13},
                        range=[-0.5, len(quarters) - 0.5])  # fmt: skip
    figure.update_layout(showlegend=False)
    return figure


def units_chart(
    ranked: pl.DataFrame, total: Indicator, province: float | None, title: str, lang: str = "vi"
) -> go.Figure:
    """Units ranked on the total as dots on an axis spanning the scores (✓/✗ and shape carry the
    target status), the target and the province's own score as lines labelled on either side."""
    name = "name_en" if lang == "en" else "name_vi"
    meets = ranked["meets"].to_list()
    figure = go.Figure(
        go.Scatter(
            x=ranked["value"].to_list(),
            y=[f"{r}. {safe(n)}" for r, n in zip(ranked["rank"], ranked[name], strict=True)],
            mode="markers+text", textposition="middle right", cliponaxis=False,
            text=[f"{({True: '✓ ', False: '✗ '}).get(m, '')}{_n(v, lang)}" for v, m in zip(ranked["value"], meets, strict=True)],
            marker={"color": [{True: MET_STRONG, False: MISSED}.get(m, NO_STATUS) for m in meets], "size": 13,
                    "symbol": [{True: "circle", False: "x"}.get(m, "circle-open") for m in meets]},
            customdata=ranked["unit_code"].to_list(), hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )  # fmt: skip
    _titled(figure, title, lang, max(360, 26 * ranked.height + 170))
    marks = [*ranked["value"].to_list(), *(x for x in (total.target, province) if x is not None)]
    low = max(0.0, (min(marks, default=0.0) // 5) * 5 - 5)
    figure.update_xaxes(title=f"{'Tổng điểm' if lang == 'vi' else 'Total'} ({_points(lang)})", range=[low, 106])
    figure.update_yaxes(autorange="reversed", tickfont={"size": 14})
    if total.target is not None:
        figure.add_vline(x=total.target, line={"color": TEXT_DARK, "width": 2}, layer="below",
                         annotation_text=f"{'Mục tiêu' if lang == 'vi' else 'Target'} {_n(total.target, lang)}",
                         annotation_position="top left")  # fmt: skip
    if province is not None:
        figure.add_vline(x=province, line={"color": TEXT_DARK, "width": 2, "dash": "dash"}, layer="below",
                         annotation_text=f"{'Toàn tỉnh' if lang == 'vi' else 'Province'} {_n(province, lang)}",
                         annotation_position="top right")  # fmt: skip
    figure.update_layout(showlegend=False, margin={"r": 60})
    return figure
