"""Every interface text exists in Vietnamese and English, and every key the code asks for exists."""

import re
import string
from pathlib import Path

from metrics.i18n import TEXT

ROOT = Path(__file__).resolve().parent.parent
LITERAL_KEY = re.compile(
    r"""(?:\bt|\.of|\.said|\bboth|\.at\(\s*"[A-Z_]+",|_at\(\s*\w+,|require_admin\([^"\n]*,)"""
    r"""\(?\s*["']([a-z0-9_]+)["']"""
)


def test_every_key_used_in_the_code_is_defined():
    used = set()
    for folder in ("metrics", "ui", "app_pages"):
        for path in (ROOT / folder).glob("*.py"):
            used |= set(LITERAL_KEY.findall(path.read_text(encoding="utf-8")))
    used |= set(LITERAL_KEY.findall((ROOT / "app.py").read_text(encoding="utf-8")))
    assert used - set(TEXT) == set()


def test_the_key_pattern_finds_keys_in_every_form_the_code_asks_for_them():
    code = """t("a1") ReadError.of("a2") AccountError.said("a3", n=1) both("a4") _at(line, "a5")
    require_admin(actor, "a6") auth.require_admin(_actor(store, args.user), "a7") LimitExceeded.at("MAX", "a8")"""
    assert LITERAL_KEY.findall(code) == [f"a{n}" for n in range(1, 9)]


def test_no_key_is_written_twice():  # a dict literal keeps the last silently
    keys = re.findall(r'^    "([a-z0-9_]+)":', (ROOT / "metrics" / "i18n.py").read_text(encoding="utf-8"), re.M)
    assert len(keys) == len(TEXT)
    assert sorted(k for k in set(keys) if keys.count(k) > 1) == []


def test_both_languages_are_filled_and_take_the_same_placeholders():
    for key, (vi, en) in TEXT.items():
        assert vi.strip() and en.strip(), key
        fields = [{name for _, name, _, _ in string.Formatter().parse(text) if name} for text in (vi, en)]
        assert fields[0] == fields[1], key


def test_english_says_one_unit_and_two_units_vietnamese_has_no_plural():
    from metrics.i18n import t

    assert t("slide_tied_more", "en", n=1, rank=41) == "+ 1 more unit tied at rank 41"
    assert t("slide_tied_more", "en", n=2, rank=8) == "+ 2 more units tied at rank 8"
    assert t("slide_more_missing", "en", n=1) == "+ 1 more unit below target, ranked above"
    assert t("slide_tied_more", "vi", n=1, rank=41) == "+ 1 đơn vị khác cùng hạng 41"
    assert t("slide_tied_more", "vi", n=3, rank=1) == "+ 3 đơn vị khác cùng hạng 1"
