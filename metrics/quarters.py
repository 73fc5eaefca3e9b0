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

_PATTERNS = [
    re.compile(r"(?P<y>\d{4})\s*-?\s*Q(?P<q>[1-4])"),  # 2025-Q3, 2025Q3
    re.compile(r"Q(?P<q>[1-4])\s*[/-]\s*(?P<y>\d{4})"),  # Q3/2025
    re.compile(r"(?:QUÝ\s*)?(?P<r>IV|III|II|I)\s*[/-]\s*(?P<y>\d{4})"),  # Quý III/2025
    re.compile(r"QUÝ\s*(?P<q>[1-4])\s*[/-]\s*(?P<y>\d{4})"),  # Quý 3/2025
]


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    q: int

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """Read any accepted spelling; raise ValueError on anything else."""
        clean = unicodedata.normalize("NFC", str(text)).strip().upper()
        clean = re.sub(r"\s+", " ", clean)
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
