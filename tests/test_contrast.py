"""Colours survive a projector and colour blindness: text contrast at least 4.5:1 (WCAG AA)."""

import tomllib
from pathlib import Path

import pytest

from metrics import charts

ROOT = Path(__file__).resolve().parent.parent
WHITE, BLACK = "#FFFFFF", "#000000"


def luminance(colour: str) -> float:
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def best_text(background: str) -> float:
    """Plotly picks black or white text per heatmap cell; the better one counts."""
    return max(contrast(background, WHITE), contrast(background, BLACK))


@pytest.mark.parametrize("background", [charts.MET, charts.MISSED, charts.NO_TARGET, charts.MISSING])
def test_every_status_cell_of_the_grid_has_readable_text(background):
    assert best_text(background) >= 4.5


def test_theme_text_colours_read_on_white():
    theme = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["theme"]
    for key in ("textColor", "blueTextColor", "orangeTextColor", "grayTextColor", "primaryColor"):
        assert contrast(theme[key], WHITE) >= 4.5, key


def test_chart_text_and_marks_stand_out_from_the_white_background():
    for colour in (charts.TEXT_DARK, charts.PROVINCE, charts.MET_STRONG, charts.MISSED):
        assert contrast(colour, WHITE) >= 4.5, colour
    for colour in charts.SERIES[:4]:  # lines and marks: 3:1 is the bar for graphics
        assert contrast(colour, WHITE) >= 3.0, colour


def test_met_and_missed_differ_for_red_green_colour_blindness():
    # Blue versus dark amber differ strongly in lightness, which survives
    # protanopia and deuteranopia; the ✓/✗ marks carry the same message too.
    assert (
        contrast(charts.MET_STRONG, charts.MISSED) >= 1.0
        and abs(luminance(charts.MET) - luminance(charts.MISSED)) > 0.5
    )
