"""Every interface text exists in Vietnamese and English, and every key the code asks for exists."""

import re
import string
from pathlib import Path

from metrics.i18n import TEXT

ROOT = Path(__file__).resolve().parent.parent
LITERAL_KEY = re.compile(r"""(?:\bt|\.of|\.at\(\s*"[A-Z_]+",)\(?\s*["']([a-z0-9_]+)["']""")


def test_every_key_used_in_the_code_is_defined():
    used = set()
    for folder in ("metrics", "ui", "app_pages"):
        for path in (ROOT / folder).glob("*.py"):
            used |= set(LITERAL_KEY.findall(path.read_text(encoding="utf-8")))
    used |= set(LITERAL_KEY.findall((ROOT / "app.py").read_text(encoding="utf-8")))
    assert used - set(TEXT) == set()


def test_both_languages_are_filled_and_take_the_same_placeholders():
    for key, (vi, en) in TEXT.items():
        assert vi.strip() and en.strip(), key
        fields = [{name for _, name, _, _ in string.Formatter().parse(text) if name} for text in (vi, en)]
        assert fields[0] == fields[1], key
