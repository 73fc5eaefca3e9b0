"""Quarters: parsing every spelling staff use, arithmetic, and labels.

A quarter is stored as 'YYYY-Qn' text everywhere (it sorts in time order);
`Quarter` is the typed value used for arithmetic.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
_ROMAN_OF = {v: k for k, v in _ROMAN.items()}

_CODE = re.compile(r"(?P<y>\d{4})-Q(?P<q>[1-4])")  # how the store writes it: the fast path
_NUMERAL = r"(?P<r>IV|III|II|I)|(?P<q>[1-4])"
_YEAR = r"(?P<y>\d{4})"
_PATTERNS = [
    re.compile(rf"{_YEAR} ?-? ?Q ?(?P<q>[1-4])"),  # 2025-Q3, 2025Q3, 2025 Q3
    # Q3/2025, Q3 2025, Quý III/2025, Quy 3-2025, quý 1 năm 2026, Quarter 3 2025
    re.compile(rf"(?:QUY|QUARTER|Q) ?(?:{_NUMERAL}) ?(?:[/-]|NAM|,)? ?{_YEAR}"),
    # III/2025; a bare Arabic '3/2025' is refused: it reads as March as well
    re.compile(rf"(?P<r>IV|III|II|I) ?[/-] ?{_YEAR}"),
]
# The spellings the upload messages suggest when a quarter cannot be read.
SPELLINGS = "Quý III/2025, 2025-Q3, Q3/2025, III/2025"


def _fold(text: str) -> str:
    """Upper case without diacritics or extra spaces: 'Quỳ  i/2026' -> 'QUY I/2026'.

    Dropping every tone mark also absorbs the slips of Windows-1258 converters
    (Quỳ, Quỹ for Quý), and a text typed without diacritics reads the same.
    """
    text = unicodedata.normalize("NFD", str(text)).replace("\u0111", "d").replace("\u0110", "D")
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", text).strip().upper()


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    q: int

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """Read any accepted spelling; raise ValueError on anything else."""
        fast = _CODE.fullmatch(text) if isinstance(text, str) else None
        if fast:
            return cls(int(fast["y"]), int(fast["q"]))
        clean = _fold(text)
        for pattern in _PATTERNS:
            match = pattern.fullmatch(clean)
            if match:
                groups = match.groupdict()
                q = _ROMAN[groups["r"]] if groups.get("r") else int(groups["q"])
                year = int(groups["y"])
                if 1990 <= year <= 2100:
                    return cls(year, q)
        raise ValueError(f"not a quarter: {text!r}")

    @classmethod
    def of_date(cls, day: date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def code(self) -> str:
        return f"{self.year}-Q{self.q}"

    @property
    def index(self) -> int:
        return self.year * 4 + self.q - 1

    def shift(self, quarters: int) -> Quarter:
        index = self.index + quarters
        return Quarter(index // 4, index % 4 + 1)

    def label(self, lang: str = "vi") -> str:
        if lang == "en":
            return f"Q{self.q} {self.year}"
        return f"Quý {_ROMAN_OF[self.q]}/{self.year}"

    def short(self, lang: str = "vi") -> str:
        """A compact axis label: 'III/2025' or 'Q3 2025'."""
        return f"Q{self.q} {self.year}" if lang == "en" else f"{_ROMAN_OF[self.q]}/{self.year}"

    def __str__(self) -> str:
        return self.code


def quarter_label(code: str, lang: str = "vi") -> str:
    """'2025-Q3' -> 'Quý III/2025' (or 'Q3 2025' in English)."""
    return Quarter.parse(code).label(lang)


def quarter_range(first: str, last: str) -> list[str]:
    """Every quarter code from first to last, inclusive."""
    start, end = Quarter.parse(first), Quarter.parse(last)
    return [start.shift(i).code for i in range(end.index - start.index + 1)]
