"""Number formats: Vietnamese by default (6.824; 93,56 %), English on request.

Rounding is half away from zero on the decimal value, so that 95,945 shows as
95,95 as a person rounding by hand would expect, not 95,94 (binary floats).
A minus sign is one character, U+2212 (−), in both languages.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from metrics.catalogue import Indicator
from metrics.i18n import t
from metrics.quarters import Quarter

MISSING = "—"
MINUS = "\u2212"


def number(value: float | None, decimals: int = 0, lang: str = "vi") -> str:
    if value is None:
        return MISSING
    quantum = Decimal(1).scaleb(-decimals)
    rounded = Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)  # never show "-0"
    text = f"{rounded:,.{decimals}f}".replace("-", MINUS)
    if lang == "en":
        return text
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def percent(value: float | None, decimals: int = 2, lang: str = "vi") -> str:
    if value is None:
        return MISSING
    return f"{number(value, decimals, lang)} %" if lang == "vi" else f"{number(value, decimals, lang)}%"


def value(indicator: Indicator, amount: float | None, lang: str = "vi") -> str:
    """A value with its unit: '93,56 %' or '6.824'."""
    if indicator.is_ratio:
        return percent(amount, indicator.decimals, lang)
    return number(amount, indicator.decimals, lang)


def change(indicator: Indicator, delta: float | None, lang: str = "vi") -> str:
    """A signed change: percentage points for ratios ('+1,25 điểm %'), counts otherwise."""
    if delta is None:
        return MISSING
    text = number(abs(delta), indicator.decimals, lang)
    shown_zero = text.strip("0,.") == ""
    sign = "±" if shown_zero else ("+" if delta > 0 else MINUS)
    if indicator.is_ratio:
        return f"{sign}{text} " + ("điểm %" if lang == "vi" else "pp")
    return f"{sign}{text}"


def amount(indicator: Indicator, size: float, lang: str = "vi") -> str:
    """A distance in the indicator's unit, unsigned: '11,70 điểm %' (points for a ratio), '3 nhiệm vụ'."""
    text = number(abs(size), indicator.decimals, lang)
    if indicator.is_ratio:
        return f"{text} " + ("điểm %" if lang == "vi" else "pp")
    return f"{text} {indicator.measure(lang)}"


def versus_target(indicator: Indicator, value: float | None, lang: str = "vi") -> str:
    """The value against the target, signed as value − target in the shown digits: '−11,70 điểm %'."""
    short = indicator.gap(value)
    if short is None:
        return MISSING
    return change(indicator, -short if indicator.higher_is_better else short, lang)


def shortfall(indicator: Indicator, value: float | None, lang: str = "vi") -> str:
    """How a value misses its target, in words: 'thấp hơn mục tiêu 11,70 điểm %' ('' when met or unjudged)."""
    short = indicator.gap(value)
    if short is None or short <= 0:
        return ""
    key = "shortfall_higher" if indicator.higher_is_better else "shortfall_lower"
    return t(key, lang, gap=amount(indicator, short, lang))


def since(first: str, quarters: int, whole_window: bool, lang: str = "vi") -> str:
    """When a run began: 'từ Quý I/2024 (3 quý liên tiếp)'; 'or earlier' when it fills the window looked at."""
    text = t("since_or_earlier" if whole_window else "since", lang, quarter=Quarter.parse(first).label(lang))
    return text + (f" ({t('quarters_running', lang, n=quarters)})" if quarters >= 2 else "")
