"""Plotly figures, built from core results; no Streamlit here.

Colours are a light blue and a dark amber, which stay apart for the
common colour-vision deficiencies and on a washed-out projector; every cell
also carries a ✓ or ✗, so status never depends on colour alone.
"""

from __future__ import annotations

import textwrap

import plotly.graph_objects as go
import polars as pl

from metrics import escape, fmt
from metrics.catalogue import Indicator, Unit
from metrics.i18n import t
from metrics.quarters import Quarter

MET = "#CFE3F5"  # light blue: fine, so problems stand out
MET_STRONG = "#0072B2"  # bars that meet the target
MISSED = "#A34A00"  # dark amber, white text at 5.6:1
NO_TARGET = "#E4E7EB"
MISSING = "#FFFFFF"
TEXT_DARK = "#1A1A1A"
FONT = "Noto Sans, DejaVu Sans, Arial, sans-serif"


def separators(lang: str) -> str:
    """Plotly's decimal and thousands marks: '93,56' and '6.824' in Vietnamese."""
    return ",." if lang == "vi" else ".,"


def safe(text: str) -> str:
    """Names from files go into plotly's HTML-like labels: escape them so they stay text."""
    return escape.html(text, quote=False)


def wrap(text: str, width: int = 16) -> str:
    return "<br>".join(textwrap.wrap(text, width))


def status_grid(
    status: pl.DataFrame,
    indicators: list[Indicator],
    units: list[Unit],
    quarter_label: str,
    lang: str = "vi",
    unit_link: str | None = None,
) -> str:
    """Units × indicators for one quarter as an HTML table: value and ✓/✗ against the target.

    `unit_link`, a URL with `{code}` in it, makes each unit's name a link to its
    page. Headers wrap in columns of a fixed width and stay in view while the
    table scrolls (in its own box: the page sets its height), so that a 1280 px
    screen holds every column and no header runs to seven lines.

    `status` is `overview.unit_status` output. Units missing most targets come
    first, so the eye lands on them. A table rather than a chart: it is drawn
    with the page (no chart library to load), stays sharp on a projector,
    prints whole and reads out cell by cell to a screen reader.
    """
    by_cell = {(r["unit_code"], r["indicator"]): r for r in status.iter_rows(named=True)}
    misses = {
        u.code: sum(1 for i in indicators if (by_cell.get((u.code, i.code)) or {}).get("meets") is False) for u in units
    }
    ordered = sorted(units, key=lambda u: (-misses[u.code], u.name(lang)))
    cell_style = "padding:5px 6px;text-align:right;white-space:nowrap;border-radius:3px;"
    sticky = "position:sticky;top:0;z-index:2;background:#FFFFFF;"
    head = "".join(
        f'<th scope="col" style="{sticky}padding:6px;text-align:right;vertical-align:bottom;font-size:13px;'
        f'line-height:1.25;min-width:6.5em;max-width:9em;font-weight:600">{escape.html(i.name(lang))}</th>'
        for i in indicators
    )
    rows = []
    for unit in ordered:
        cells = []
        for indicator in indicators:
            cell = by_cell.get((unit.code, indicator.code))
            value = cell["value"] if cell else None
            meets = cell["meets"] if cell else None
            if value is None:
                colours, shown, word = (MISSING, TEXT_DARK), "—", t("status_missing", lang)
            else:
                shown = fmt.value(indicator, value, lang)
                if meets is None:
                    colours, word = (NO_TARGET, TEXT_DARK), t("status_none", lang)
                elif meets:
                    colours, shown, word = (MET, TEXT_DARK), f"✓ {shown}", t("status_met", lang)
                else:
                    colours, shown, word = (MISSED, "#FFFFFF"), f"✗ {shown}", t("status_missed", lang)
            cells.append(
                f'<td title="{escape.html(indicator.name(lang))}: {word}" '
                f'style="{cell_style}background:{colours[0]};color:{colours[1]}">{shown}</td>'
            )
        name = escape.html(unit.name(lang))
        if unit_link is not None:
            href = escape.html(unit_link.format(code=unit.code), quote=True)
            name = f'<a href="{href}" target="_self" style="color:inherit">{name}</a>'
        rows.append(
            f'<tr><th scope="row" style="padding:5px 6px;text-align:left;font-weight:600;min-width:9em">{name}</th>'
            f"{''.join(cells)}</tr>"
        )
    caption = f"{t('grid_heading', lang)} · {quarter_label}"
    return (
        f'<table style="border-collapse:separate;border-spacing:2px;width:100%;font-size:14px;color:{TEXT_DARK}">'
        f'<caption style="caption-side:top;text-align:left;font-size:22px;font-weight:600;padding:8px 0;color:{TEXT_DARK}">'
        f"{escape.html(caption)}</caption>"
        f'<thead><tr><th scope="col" style="{sticky}padding:6px;text-align:left;vertical-align:bottom">{t("unit_col", lang)}</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


# Okabe–Ito: distinguishable with the common colour-vision deficiencies.
SERIES = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"]
SYMBOLS = ["circle", "square", "diamond", "triangle-up", "x", "star"]
PROVINCE = "#333333"
NO_STATUS = "#8C8C8C"


TITLE_CHARACTERS = 38  # a chart title longer than this wraps; about 11 px a character at 20 px
TITLE_LINE, LEGEND_ROW = 26, 24  # px


def wrapped(text: str, width: int = TITLE_CHARACTERS) -> tuple[str, int]:
    """`text` broken into lines of at most `width` characters (plotly never wraps), each escaped, and
    the number of lines."""
    lines = textwrap.wrap(text, width) or [""]
    return "<br>".join(safe(line) for line in lines), len(lines)


def _title_height(lines: int) -> int:
    return 20 + TITLE_LINE * lines


def _base_layout(
    figure: go.Figure, title: str, lang: str, height: int, top: int = 0, width: int = TITLE_CHARACTERS * 11
) -> go.Figure:
    """Fonts, colours and margins; `top` is room wanted above the plot besides the title, `width` the
    narrowest the chart is drawn (px), which decides where its title wraps."""
    text, lines = wrapped(title, max(16, width // 11))
    figure.update_layout(
        # Anchored by its first line: plotly stacks further lines below it (with yanchor "top" a
        # second line pushes the first above the chart), so the title starts 10 px from the top.
        title={"text": text, "font": {"size": 20}, "y": 1 - 28 / height, "yanchor": "bottom", "yref": "container"},
        font={"family": FONT, "size": 14, "color": TEXT_DARK},
        separators=separators(lang),
        height=height,
        margin={"l": 10, "r": 30, "t": _title_height(lines) + top, "b": 10},
        plot_bgcolor="white",
        paper_bgcolor="white",
        hoverlabel={"font_size": 14},
    )
    figure.update_xaxes(automargin=True, gridcolor="#E5E5E5", zerolinecolor="#BDBDBD")
    figure.update_yaxes(automargin=True, gridcolor="#E5E5E5", zerolinecolor="#BDBDBD")
    return figure


def target_label(indicator: Indicator, lang: str) -> str:
    """What a chart calls the target line: 'Mục tiêu 80,00 %'."""
    return f"{'Mục tiêu' if lang == 'vi' else 'Target'} {fmt.value(indicator, indicator.target, lang)}"


def ranking_chart(
    ranked: pl.DataFrame,
    indicator: Indicator,
    reference: float | None,
    reference_name: str,
    title: str,
    lang: str = "vi",
) -> go.Figure:
    """Units best first; ✓/✗ and the value beside each; the target's line and the reference's
    (named `reference_name`: the province for a ratio, the average unit for a count).

    Counts are bars from zero. Percentages are dots on an axis that spans the
    values (most units sit between 90 and 100 %, where bars from zero would
    all look the same), so no bar suggests a zero baseline. Each mark carries
    its unit code as customdata, so a click can open the unit.
    """
    names = [safe(r["name_en" if lang == "en" else "name_vi"]) for r in ranked.iter_rows(named=True)]
    marks = {True: "✓ ", False: "✗ ", None: ""}
    colours = {True: MET_STRONG, False: MISSED, None: NO_STATUS}
    labels = [
        f"{marks[m]}{fmt.value(indicator, v, lang)}" for v, m in zip(ranked["value"], ranked["meets"], strict=True)
    ]
    common = {
        "x": ranked["value"].to_list(),
        "y": [f"{r}. {n}" for r, n in zip(ranked["rank"], names, strict=True)],
        "text": labels,
        "cliponaxis": False,
        "customdata": ranked["unit_code"].to_list(),
        "hovertemplate": "%{y}: %{text}<extra></extra>",
    }
    colour = [colours[m] for m in ranked["meets"]]
    if indicator.is_ratio:
        symbols = [{True: "circle", False: "x", None: "circle-open"}[m] for m in ranked["meets"]]
        trace = go.Scatter(mode="markers", marker={"color": colour, "size": 15, "symbol": symbols}, **common)
    else:
        trace = go.Bar(orientation="h", textposition="none", marker={"color": colour}, **common)
    figure = go.Figure(trace)
    _base_layout(figure, title, lang, max(360, 28 * ranked.height + 140), top=52)
    figure.update_yaxes(autorange="reversed", tickfont={"size": 14})
    # The axis says the measure; the indicator's name is in the title, which wraps (on a 200 px plot a name was cut).
    figure.update_xaxes(title=safe(indicator.measure(lang)))
    lines = []
    if indicator.target is not None:
        lines.append((indicator.target, TEXT_DARK, "solid", target_label(indicator, lang)))
    if reference is not None:
        lines.append((reference, PROVINCE, "dash", f"{safe(reference_name)} {fmt.value(indicator, reference, lang)}"))
    marks_at = [*ranked["value"].drop_nulls().to_list(), *(x for x, *_ in lines)]
    if indicator.is_ratio:
        low = max(0.0, (min(marks_at, default=0.0) // 5) * 5 - 5)
        high = 100 + (100 - low) * 0.02
    else:
        low, high = 0.0, max([*marks_at, 1.0]) * 1.04
    figure.update_xaxes(range=[low, high])
    # The values stand in a column in the right margin, level with their marks: the target and
    # reference lines, which may run between a mark and its value, never cross a label.
    if ranked.height:
        figure.add_trace(  # an unseen marker wider than a dot keeps the text clear of the dots at the axis's end
            go.Scatter(mode="markers+text", textposition="middle right", marker={"size": 18, "opacity": 0},
                       **{**common, "x": [high] * ranked.height})
        )  # fmt: skip
    figure.update_layout(margin={"r": 110})  # the value labels ('✓ 100,00 %') stand in the right margin
    # The target and reference lines are labelled above the plot, clear of the
    # tick labels below it, each on its own row (they never cover each other),
    # running away from the nearer edge (never cut).
    for row, (x, line_colour, dash, label) in enumerate(lines):
        figure.add_vline(x=x, line={"color": line_colour, "width": 2, "dash": dash})
        side = "right" if x > (low + high) / 2 else "left"
        figure.add_annotation(x=x, y=1, yref="paper", yanchor="bottom", xanchor=side, yshift=4 + 22 * row,
                              text=label, showarrow=False, font={"size": 14, "color": line_colour})  # fmt: skip
    figure.update_layout(showlegend=False, bargap=0.25)
    return figure


def _legend_rows(names: list[str], width: int) -> int:
    """Rows a horizontal legend of `names` takes in `width` px (generous: 8 px a character, 50 px a symbol)."""
    rows, used = 1, 0
    for name in names:
        item = 8 * len(name) + 50
        if used and used + item > width:
            rows, used = rows + 1, 0
        used += item
    return rows


def trend_chart(
    series: list[tuple[str, list[str], list[float | None]]],
    indicator: Indicator,
    title: str,
    lang: str = "vi",
    changes: list[tuple[str, str]] = (),  # type: ignore[assignment]
    height: int = 420,
    width: int = 640,
) -> go.Figure:
    """Lines over quarters; each series differs by colour, dash and marker.

    `series` is (name, quarter codes, values); the first is drawn as the
    reference (the province) in dark grey. `changes` marks reorganisations:
    (quarter code, label) drawn as a vertical dotted line. `width` is the
    narrowest the chart is drawn (px): the title wraps and the legend (in rows
    under the title) gets its room for it, so neither runs into the other.
    Quarters are named on two lines, the year only where it changes.
    """
    from metrics.quarters import Quarter

    quarters_shown = sorted({q for _, quarters, _ in series for q in quarters})
    ticks, year = [], None
    for code in quarters_shown:
        quarter = Quarter.parse(code)
        short = quarter.short(lang).replace(" ", "/").split("/")[0]  # 'III' or 'Q3'
        ticks.append(f"{short}<br>{quarter.year}" if quarter.year != year else short)
        year = quarter.year

    figure = go.Figure()
    for i, (name, quarters, values) in enumerate(series):
        reference = i == 0
        figure.add_trace(
            go.Scatter(
                x=quarters,
                y=values,
                name=safe(name),
                mode="lines+markers",
                customdata=[Quarter.parse(q).label(lang) for q in quarters],
                line={"color": PROVINCE if reference else SERIES[(i - 1) % len(SERIES)], "width": 4 if reference else 3,
                      "dash": "solid" if reference else DASHES[(i - 1) % len(DASHES)]},
                marker={"size": 9, "symbol": "circle" if reference else SYMBOLS[(i - 1) % len(SYMBOLS)]},
                hovertemplate=f"{safe(name)}<br>%{{customdata}}: %{{y}}<extra></extra>",
            )
        )  # fmt: skip
    # The target is named in the legend: a label on the plot sits where a value may be drawn under it.
    target = [target_label(indicator, lang)] if indicator.target is not None else []
    legend = _legend_rows([safe(name) for name, _, _ in series] + target, width) * LEGEND_ROW
    _base_layout(figure, title, lang, height, top=legend + 8 + (24 if changes else 0), width=width)
    title_lines = figure.layout.title.text.count("<br>") + 1
    figure.update_layout(legend={"orientation": "h", "yref": "container", "yanchor": "top", "x": 0,
                                 "y": 1 - (_title_height(title_lines) + 4) / height})  # fmt: skip
    figure.update_yaxes(title=safe(indicator.measure(lang)), tickformat=",.1f" if indicator.is_ratio else ",d")
    figure.update_xaxes(type="category", categoryorder="array", categoryarray=quarters_shown, tickvals=quarters_shown,
                        ticktext=ticks, tickfont={"size": 13}, tickangle=0)  # fmt: skip
    if indicator.target is not None:
        line = {"color": TEXT_DARK, "width": 1.5, "dash": "dot"}
        figure.add_hline(y=indicator.target, line=line)
        figure.add_trace(go.Scatter(x=[None], y=[None], mode="lines", name=target[0], line=line, hoverinfo="skip"))
    for changed_in, label in changes:
        figure.add_vline(x=changed_in, line={"color": MISSED, "width": 2, "dash": "dot"})
        figure.add_annotation(x=changed_in, y=1, yref="paper", text=safe(label), showarrow=False,
                              yanchor="bottom", font={"color": MISSED, "size": 13})  # fmt: skip
    return figure


def distribution_chart(ranked: pl.DataFrame, indicator: Indicator, title: str, lang: str = "vi") -> go.Figure:
    """Every unit as a point, with a box per peer group, and the target line."""
    groups = {
        "department": "Sở, ban, ngành" if lang == "vi" else "Departments",
        "local": "Xã, phường" if lang == "vi" else "Communes and wards",
    }
    figure = go.Figure()
    for i, (peers, label) in enumerate(groups.items()):
        part = ranked.filter(pl.col("peers") == peers)
        if part.is_empty():
            continue
        names = [safe(n) for n in part["name_en" if lang == "en" else "name_vi"]]
        figure.add_trace(
            go.Box(
                y=part["value"].to_list(), name=label, boxpoints="all", jitter=0.4, pointpos=0,
                marker={"color": SERIES[i], "size": 9, "symbol": SYMBOLS[i]}, line={"color": SERIES[i]},
                customdata=part["unit_code"].to_list(), text=names,
                hovertemplate="%{text}: %{y}<extra></extra>",
            )
        )  # fmt: skip
    _base_layout(figure, title, lang, 420)
    figure.update_yaxes(title=safe(indicator.measure(lang)))  # the indicator's name would not fit upright
    if indicator.target is not None:
        figure.add_hline(y=indicator.target, line={"color": TEXT_DARK, "width": 1.5, "dash": "dot"},
                         annotation_text=target_label(indicator, lang))  # fmt: skip
    figure.update_layout(showlegend=False)
    return figure


def chart_config(file_name: str) -> dict[str, object]:
    """Plotly's own toolbar, trimmed; its PNG button works offline, at print resolution."""
    return {
        "displaylogo": False,
        "modeBarButtonsToRemove": ["lasso2d", "select2d", "autoScale2d"],
        "toImageButtonOptions": {"format": "png", "filename": file_name, "scale": 2},
    }


SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD = 240, 56, 7
SPARK_COLOUR = "#0B5CAD"  # the theme's dark blue, 6.4:1 on white


def sparkline(history: list[tuple[str, float | None]], indicator: Indicator, lang: str = "vi") -> str:
    """A tile's trend as inline SVG, drawn with the page: no chart library to load first.

    Quarters without a figure break the line; the latest quarter is a dot.
    The same trend in words is the image's accessible name and its tooltip.
    It stretches to the tile's width; strokes and the dot keep their size.
    """
    known = [(i, quarter, value) for i, (quarter, value) in enumerate(history) if value is not None]
    if not known:
        return ""
    low, high = min(v for _, _, v in known), max(v for _, _, v in known)
    step = (SPARK_WIDTH - 2 * SPARK_PAD) / max(len(history) - 1, 1)

    def point(i: int, value: float) -> tuple[str, str]:
        share = (value - low) / (high - low) if high > low else 0.5
        return f"{SPARK_PAD + i * step:.1f}", f"{SPARK_HEIGHT - SPARK_PAD - share * (SPARK_HEIGHT - 2 * SPARK_PAD):.1f}"

    runs: list[list[tuple[int, float]]] = []
    for n, (i, _, value) in enumerate(known):
        if n == 0 or i != known[n - 1][0] + 1:
            runs.append([])
        runs[-1].append((i, value))
    stroke = f'stroke="{SPARK_COLOUR}" stroke-linecap="round" vector-effect="non-scaling-stroke"'

    def dot(i: int, value: float, size: int) -> str:  # a zero-length round-capped line stays round when stretched
        x, y = point(i, value)
        return f'<line x1="{x}" y1="{y}" x2="{x}" y2="{y}" stroke-width="{size}" {stroke}/>'

    lines = [
        f'<polyline points="{" ".join(",".join(point(*p)) for p in run)}" fill="none" stroke-width="3" {stroke}/>'
        for run in runs
        if len(run) > 1
    ]
    lone = [dot(*run[0], 6) for run in runs if len(run) == 1]  # a quarter between two gaps
    marks = [*lines, *lone, dot(known[-1][0], known[-1][2], 10)]
    (_, first_quarter, first), (_, last_quarter, last) = known[0], known[-1]
    words = escape.html(
        t(
            "trend_words",
            lang,
            first=fmt.value(indicator, first, lang),
            first_quarter=Quarter.parse(first_quarter).short(lang),
            last=fmt.value(indicator, last, lang),
            last_quarter=Quarter.parse(last_quarter).short(lang),
        )
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SPARK_WIDTH} {SPARK_HEIGHT}" width="100%" '
        f'height="{SPARK_HEIGHT}" preserveAspectRatio="none" role="img" aria-label="{words}">'
        f"<title>{words}</title>{''.join(marks)}</svg>"
    )
