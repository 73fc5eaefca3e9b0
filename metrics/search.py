"""Finding a unit by name as people type it: without diacritics, in any case (`ky son` finds `Xã Kỳ Sơn`).

Vietnamese is often typed without its marks (on a phone, on a keyboard with
no Vietnamese input method). `đ` is a letter of its own, not `d` with a mark,
so Unicode decomposition leaves it; it is folded to `d` by hand.
"""

from __future__ import annotations

import unicodedata

from metrics.catalogue import Unit


def fold(text: str) -> str:
    """Lower case, marks removed, đ as d, spaces collapsed: 'Xã  Kỳ Sơn' -> 'xa ky son'."""
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return " ".join(bare.replace("đ", "d").replace("Đ", "D").lower().split())


def matching(units: list[Unit], query: str, lang: str = "vi") -> list[Unit]:
    """The units whose name or code contains `query`, folded; all of them for an empty query."""
    wanted = fold(query)
    if not wanted:
        return list(units)
    return [u for u in units if wanted in fold(u.name(lang)) or wanted in fold(u.name_vi) or wanted in fold(u.code)]
