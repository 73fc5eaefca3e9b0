"""Number formats: Vietnamese by default (6.824; 93,56 %), English on request.

Rounding is half away from zero on the decimal value, so that 95,945 shows as
95,95 as a person rounding by hand would expect, not 95,94 (binary floats).
A minus sign is one character, U+2212 (−), in both languages.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, localcontext

import polars as pl

from metrics.catalogue import Indicator
from metrics.i18n import t
from metrics.quarters import Quarter
from metrics.settings import timezone

MISSING = "—"
MINUS = "\u2212"


def number(value: float | None, decimals: int = 0, lang: str = "vi") -> str:
    """Never raises: NaN shows as missing, infinities as ∞, a 309-digit number in full."""
    if value is None:
        return MISSING
    exact = Decimal(value) if isinstance(value, int) else Decimal(repr(float(value)))
    if exact.is_nan():
        return MISSING
    if exact.is_infinite():
        return MINUS + "∞" if exact < 0 else "∞"
    quantum = Decimal(1).scaleb(-decimals)
    digits = max(exact.adjusted(), 0) + decimals + 2
    with localcontext(prec=max(digits, 28)):  # the default 28 digits refuse to round 1e308
        rounded = exact.quantize(quantum, rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)  # never show "-0"
    text = f"{rounded:,.{decimals}f}".replace("-", MINUS)
    if lang == "en":
        return text
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


_ENGLISH_NUMBER = re.compile(r"\d{1,3}(,\d{3})+(\.\d+)?|\d+(\.\d+)?")


def read_number(text: str, lang: str = "vi") -> float | None:
    """A number typed as `number` writes it in `lang` ('80,00', '6.824'; '80.00' in English); blank is None.

    Vietnamese is read by the upload's rule (`metrics.ingest.parse_number`: a
    dot only ever groups thousands). Raises ValueError for anything else.
    """
    clean = text.strip()
    if not clean:
        return None
    if lang == "en":
        if not _ENGLISH_NUMBER.fullmatch(clean):
            raise ValueError(text)
        return float(clean.replace(",", ""))
    from metrics.ingest import parse_number  # the upload's reading of a Vietnamese number, not a copy

    return parse_number(clean)


def percent(value: float | None, decimals: int = 2, lang: str = "vi") -> str:
    text = number(value, decimals, lang)
    if text == MISSING:
        return MISSING
    return f"{text} %" if lang == "vi" else f"{text}%"


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
    if text == MISSING:
        return MISSING
    shown_zero = text.strip("0,.") == ""
    sign = "±" if shown_zero else ("+" if delta > 0 else MINUS)
    if indicator.is_ratio:
        return f"{sign}{text} " + ("điểm %" if lang == "vi" else "pp")
    return f"{sign}{text}"


# -- times: stored in UTC, shown, exported and printed in the province's zone ----

MOMENT = "%H:%M %d/%m/%Y"
MOMENT_SECONDS = "%H:%M:%S %d/%m/%Y"


DAY = "%d/%m/%Y"


def day(when: date | None) -> str:
    """'15/10/2026'."""
    return MISSING if when is None else when.strftime(DAY)


def local(when: datetime) -> datetime:
    """A stored instant in the province's time zone (`DASHBOARD_TZ`)."""
    return when.astimezone(timezone())


def moment(when: datetime | None, seconds: bool = False) -> str:
    """'14:05 30/11/2026', in the province's time."""
    if when is None:
        return MISSING
    return local(when).strftime(MOMENT_SECONDS if seconds else MOMENT)


def moment_iso(when: datetime | None) -> str:
    """'2026-11-30T14:05:09+07:00': for exports and the command line, unambiguous and local."""
    return "" if when is None else local(when).isoformat(timespec="seconds")


def moment_column(column: str, seconds: bool = False) -> pl.Expr:
    """`moment` for a column of instants."""
    zone = timezone().key
    return pl.col(column).dt.convert_time_zone(zone).dt.strftime(MOMENT_SECONDS if seconds else MOMENT)


def local_date_column(column: str) -> pl.Expr:
    """The province's calendar day of a column of instants."""
    return pl.col(column).dt.convert_time_zone(timezone().key).dt.date()


def amount(indicator: Indicator, size: float, lang: str = "vi") -> str:
    """A distance in the indicator's unit, unsigned: '11,70 điểm %' (points for a ratio), '3 nhiệm vụ'."""
    text = number(abs(size), indicator.decimals, lang)
    if indicator.is_ratio:
        return f"{text} " + ("điểm %" if lang == "vi" else "pp")
    measure = indicator.measure(lang)
    if lang == "en" and text == "1" and measure.endswith("s"):  # '1 task', not '1 tasks' (the catalogue names plurals)
        measure = measure[:-1]
    return f"{text} {measure}"


def versus_target(indicator: Indicator, value: float | None, lang: str = "vi") -> str:
    """The value against the target, signed as value − target in the shown digits: '−11,70 điểm %'."""
    return versus_gap(indicator, indicator.gap(value), lang)


def versus_gap(indicator: Indicator, short: float | None, lang: str = "vi") -> str:
    """`versus_target` from the value's gap (`metrics.target.gap`, or a column of `gap_expr`)."""
    if short is None:
        return MISSING
    return change(indicator, -short if indicator.higher_is_better else short, lang)


def shortfall(indicator: Indicator, value: float | None, lang: str = "vi") -> str:
    """How a value misses its target, in words: 'thấp hơn mục tiêu 11,70 điểm %' ('' when met or unjudged)."""
    return shortfall_gap(indicator, indicator.gap(value), lang)


def shortfall_gap(indicator: Indicator, short: float | None, lang: str = "vi") -> str:
    """`shortfall` from the value's gap (`metrics.target.gap`, or a column of `gap_expr`)."""
    if short is None or short <= 0:
        return ""
    key = "shortfall_higher" if indicator.higher_is_better else "shortfall_lower"
    return t(key, lang, gap=amount(indicator, short, lang))


def since(first: str, quarters: int, whole_window: bool, lang: str = "vi") -> str:
    """When a run began: 'từ Quý I/2024 (3 quý liên tiếp)'; 'or earlier' when it fills the window looked at."""
    text = t("since_or_earlier" if whole_window else "since", lang, quarter=Quarter.parse(first).label(lang))
    return text + (f" ({t('quarters_running', lang, n=quarters)})" if quarters >= 2 else "")
