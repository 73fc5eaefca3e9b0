"""Plotly figures, built from core results; no Streamlit here.

Colours are a light blue and a dark amber, which stay apart for the
common colour-vision deficiencies and on a washed-out projector; every cell
also carries a ✓ or ✗, so status never depends on colour alone.
"""

from __future__ import annotations

import html
import textwrap

import plotly.graph_objects as go
import polars as pl

from metrics import fmt
from metrics.catalogue import Indicator, Unit
from metrics.i18n import t

MET = "#CFE3F5"  # light blue: fine, so problems stand out
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
    return html.escape(text, quote=False)


def wrap(text: str, width: int = 16) -> str:
    return "<br>".join(textwrap.wrap(text, width))


def status_grid(
    status: pl.DataFrame,
    indicators: list[Indicator],
    units: list[Unit],
    quarter_label: str,
    lang: str = "vi",
) -> go.Figure:
    """Units × indicators for one quarter: value and ✓/✗ against the target.

    `status` is `overview.unit_status` output. Units missing most targets come
    first, so the eye lands on them.
    """
    by_cell = {(r["unit_code"], r["indicator"]): r for r in status.iter_rows(named=True)}
    misses = {
        u.code: sum(1 for i in indicators if (by_cell.get((u.code, i.code)) or {}).get("meets") is False) for u in units
    }
    ordered = sorted(units, key=lambda u: (-misses[u.code], u.name(lang)))
    z, text, hover = [], [], []
    for unit in ordered:
        z_row, text_row, hover_row = [], [], []
        for indicator in indicators:
            cell = by_cell.get((unit.code, indicator.code))
            meets = cell["meets"] if cell else None
            value = cell["value"] if cell else None
            shown = fmt.value(indicator, value, lang)
            if value is None:
                code, mark, word = 0, "", t("status_missing", lang)
            elif meets is None:
                code, mark, word = 1, "", t("status_none", lang)
            elif meets:
                code, mark, word = 2, "✓ ", t("status_met", lang)
            else:
                code, mark, word = 3, "✗ ", t("status_missed", lang)
            z_row.append(code)
            text_row.append(f"{mark}{shown}" if value is not None else "—")
            hover_row.append(f"{safe(unit.name(lang))}<br>{safe(indicator.name(lang))}: {shown}<br>{word}")
        z.append(z_row)
        text.append(text_row)
        hover.append(hover_row)
    x = [wrap(safe(i.name(lang))) for i in indicators]
    y = [safe(u.name(lang)) for u in ordered]
    colours = [MISSING, NO_TARGET, MET, MISSED]
    scale = [[k / 4, c] for k, c in enumerate(colours) for k in (k, k + 1)]
    figure = go.Figure(
        go.Heatmap(
            z=z,
            x=x,
            y=y,
            text=text,
            customdata=hover,
            texttemplate="%{text}",
            hovertemplate="%{customdata}<extra></extra>",
            colorscale=scale,
            zmin=0,
            zmax=4,
            showscale=False,
            xgap=2,
            ygap=2,
        )
    )
    # No font colour set: plotly then picks black or white per cell for contrast.
    figure.update_traces(textfont={"size": 15, "family": FONT})
    figure.update_layout(
        title={"text": f"{t('grid_heading', lang)} · {quarter_label}", "font": {"size": 22}},
        font={"family": FONT, "size": 15, "color": TEXT_DARK},
        separators=separators(lang),
        height=max(360, 30 * len(ordered) + 190),
        margin={"l": 10, "r": 10, "t": 150, "b": 10},
        xaxis={"side": "top", "tickfont": {"size": 14}, "fixedrange": True, "automargin": True},
        yaxis={"autorange": "reversed", "tickfont": {"size": 15}, "fixedrange": True, "automargin": True},
        plot_bgcolor="white",
        paper_bgcolor="white",
    )
    return figure
