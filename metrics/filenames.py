"""File names as people send them, made safe to store, show and offer back.

A browser or a script can call a file anything: NUL, slashes and
backslashes, control characters, invisible or right-to-left marks, thousands
of characters. The name is only a label of the upload, so it is cleaned once,
in the core, before it is logged, and again wherever a name read from the
store is shown (stores older than this rule hold names as they came). The
decision a reader might question: a path is not cut down to its last part;
its separators become `_`, so `..\\..\\quy3.xlsx` stays recognisable without
ever naming a folder.
"""

from __future__ import annotations

import unicodedata

MAX_LENGTH = 120  # characters; long enough for any real name, short enough for a table cell
UNNAMED = "tep-khong-ten"
_UNSAFE = frozenset('/\\:*?"<>|')  # separators and what file systems or spreadsheets refuse in a name
_INVISIBLE = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}  # control, format (bidi, zero-width), unassigned


def safe_file_name(name: object) -> str:
    """A printable name of at most MAX_LENGTH characters, no path, never empty; the extension is kept."""
    text = unicodedata.normalize("NFC", name if isinstance(name, str) else str(name or ""))
    cleaned = "".join(
        "_" if c in _UNSAFE else (" " if c.isspace() else ("" if unicodedata.category(c) in _INVISIBLE else c))
        for c in text
    )
    cleaned = " ".join(cleaned.split()).lstrip(". ")  # no hidden or relative names, no runs of blanks
    if len(cleaned) > MAX_LENGTH:
        stem, dot, extension = cleaned.rpartition(".")
        if dot and 0 < len(extension) <= 8:
            cleaned = f"{stem[: MAX_LENGTH - len(extension) - 2]}….{extension}"
        else:
            cleaned = cleaned[: MAX_LENGTH - 1] + "…"
    return cleaned or UNNAMED
