"""Names an administrator loads, and codes a file echoes, are shown as text on every page, never as markup.

The unit list and the indicator catalogue are replaced through the
Administration page's own functions with names that are Markdown or HTML;
every page is then run and every text the browser would read as Markdown or
HTML is searched for the raw markup. The escaped forms (`\\!\\[p\\]...`,
`&lt;img ...`) are inert.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from datetime import date

import pytest
from google.protobuf.message import Message
from streamlit.testing.v1 import AppTest

from metrics import admin, escape
from metrics.store import Store
from tests.conftest import TESTER, shown, sign_in

IMAGE = "![p](http://example.invalid/x.png)"
TAG = "<img src=x onerror=alert(1)>"
BOLD = "**bold**"
LINK = "[link](javascript:alert(1))"
# A blank line inside a name would end the HTML block of st.markdown(unsafe_allow_html=True).
BREAK = "Phường\n\n![q](http://example.invalid/y.png)"
HOSTILE = (IMAGE, TAG, BOLD, LINK, BREAK)
RAW = (IMAGE, "![q](http", "<img", BOLD, "[link](", "](javascript")
# Fields Streamlit shows as plain text (or, for plotly's spec, as data): a name there is just text.
PLAIN_FIELDS = {"options", "spec", "default_value", "value", "raw_value", "string_value", "placeholder"}


def _csv(header: list[str], rows: list[list[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([["" if v is None else v for v in row] for row in rows])
    return out.getvalue().encode()


def hostile_catalogue(path) -> None:
    """Replace every unit's and indicator's names, and every target source, with markup."""
    store = Store(path)
    units = store.units()
    unit_header = ["code", "name_vi", "name_en", "kind", "parent_code", "valid_from", "valid_to", "successor_code"]
    admin.replace_units(
        store,
        TESTER,
        _csv(
            unit_header,
            [
                [u.code, f"{HOSTILE[i % 5]} {i}", f"{HOSTILE[(i + 1) % 5]} {i}", u.kind, u.parent_code,
                 u.valid_from, u.valid_to, u.successor_code]
                for i, u in enumerate(units)
            ],
        ),
    )  # fmt: skip
    indicators = store.indicators()
    indicator_header = ["code", "name_vi", "name_en", "unit_vi", "unit_en", "kind", "direction", "numerator",
                        "denominator", "target", "target_source", "decimals", "maximum"]  # fmt: skip
    admin.replace_indicators(
        store,
        TESTER,
        _csv(
            indicator_header,
            [
                [x.code, f"{HOSTILE[i % 5]} {i}", f"{HOSTILE[(i + 2) % 5]} {i}", x.unit_vi, x.unit_en, x.kind,
                 x.direction, x.numerator, x.denominator, x.target, f"{HOSTILE[(i + 3) % 5]} QĐ", x.decimals, x.maximum]
                for i, x in enumerate(indicators)
            ],
        ),
    )  # fmt: skip
    store.close()


@pytest.fixture
def hostile_app(sample_db, fresh_app, monkeypatch):
    monkeypatch.setattr("metrics.settings.today", lambda: date(2026, 1, 15))
    hostile_catalogue(sample_db)
    return sign_in(fresh_app)


def _nodes(node) -> Iterator:
    yield node
    children = getattr(node, "children", None)
    for child in (children or {}).values():
        yield from _nodes(child)


def _strings(message: Message, name: str = "") -> Iterator[tuple[str, str]]:
    for field, value in message.ListFields():
        values = value if field.is_repeated else [value]
        for item in values:
            if field.type == field.TYPE_MESSAGE:
                yield from _strings(item, field.name)
            elif field.type == field.TYPE_STRING:
                yield field.name, item


def _markup(text: str) -> bool:
    """Whether Markdown `text` holds markup from a name: raw once backslash escapes are taken out, or an
    address GitHub-flavoured Markdown would turn into a link once they are read."""
    bare = re.sub(r"\\.", "", text, flags=re.DOTALL)
    read = re.sub(r"\\(.)", r"\1", text, flags=re.DOTALL)
    return any(raw in bare for raw in RAW) or re.search(r"https?://|www\.|[\w.+-]@[\w-]", read) is not None


def _html_markup(text: str) -> bool:
    """Whether HTML `text` holds a raw tag from a name, or a blank line after which Markdown would be read."""
    return "<img" in text or "\n\n" in text


def markup_shown(at: AppTest) -> list[tuple[str, str, str]]:
    """(element, field, text) for every text read as Markdown or HTML that holds raw markup from a name."""
    found = []
    for node in _nodes(at._tree):
        proto = getattr(node, "proto", None)
        if not isinstance(proto, Message):
            continue
        html = node.type == "html" or getattr(proto, "allow_html", False)
        for field, text in _strings(proto):
            if field == "spec":  # plotly reads HTML-like tags in its labels, and no Markdown
                bad = "<img" in text
            elif field in PLAIN_FIELDS:
                bad = False
            elif html and field == "body":
                bad = _html_markup(text)
            else:
                bad = _markup(text)
            if bad:
                found.append((node.type, field, text[:300]))
    for table in at.table:  # st.table reads Markdown in its cells and headers
        frame = table.value
        for text in [*map(str, frame.columns), *(str(v) for v in frame.to_numpy().ravel())]:
            if _markup(text):
                found.append(("table", "cell", text[:300]))
    return found


def run(at: AppTest, page: str | None = None, **params: str) -> AppTest:
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def test_overview_shows_hostile_names_as_text(hostile_app):
    at = run(hostile_app, quarter="2024-Q4")
    assert markup_shown(at) == []
    names = [shown(m.value) for m in at.markdown if m.value.startswith("**")]
    assert names[:4] == [f"**{IMAGE} 0**", f"**{TAG} 1**", f"**{BOLD} 2**", f"**{LINK} 3**"]  # the tiles, as typed
    sources = [shown(m.proto.help) for m in at.markdown if m.proto.help]
    assert sources[0].endswith(f"{LINK} QĐ")  # the first indicator's target source, in its tooltip


@pytest.mark.parametrize("unit", ["SXD", "SNV", "10041", "TINH"])
def test_unit_page_shows_hostile_names_as_text(hostile_app, unit):
    at = run(hostile_app, "app_pages/unit.py", unit=unit, quarter="2025-Q4")
    assert markup_shown(at) == []
    indicators = [shown(name) for name in at.table[0].value.iloc[:5, 0]]
    assert indicators == [f"{IMAGE} 0", f"{TAG} 1", f"{BOLD} 2", f"{LINK} 3", escape.one_line(f"{BREAK} 4")]


@pytest.mark.parametrize(
    ("indicator", "name"),
    [("online_services_rate", f"{IMAGE} 0"), ("on_time_rate", f"{TAG} 1"), ("esigned_share", f"{BOLD} 2"),
     ("overdue_tasks", f"{LINK} 3")],
)  # fmt: skip
def test_indicator_page_shows_hostile_names_as_text(hostile_app, indicator, name):
    at = run(hostile_app, "app_pages/indicator.py", indicator=indicator, quarter="2025-Q3")
    assert markup_shown(at) == []
    assert shown(at.title[0].value) == f"{name} · Quý III/2025"
    assert "<img" not in json.dumps([json.loads(c.proto.spec) for c in at.get("plotly_chart")])


def test_presentation_slides_show_hostile_names_as_text(hostile_app):
    at = run(hostile_app, "app_pages/presentation.py", quarter="2025-Q4", slide="2")  # 1 is the title slide
    slides = [h.proto.body for h in at.get("html") if 'class="slide"' in h.proto.body]
    assert slides and markup_shown(at) == []
    assert '<div class="label">&lt;img src=x onerror=alert(1)&gt; 1</div>' in slides[0]  # the tiles slide


def test_unit_codes_echoed_in_the_error_table_are_text(hostile_app):
    at = run(hostile_app, "app_pages/upload.py")
    text = f"Mã đơn vị,Kỳ báo cáo,Số đơn thư tiếp nhận\n{IMAGE},2025-Q3,1\n{TAG},2025-Q3,2\n"
    at.file_uploader[0].upload(f"{BOLD}.csv", text.encode(), "text/csv").run()
    assert not at.exception
    assert "Tệp có 2 lỗi" in at.error[0].value
    assert markup_shown(at) == []
    messages = [shown(m) for m in at.table[0].value.iloc[:, -1]]  # the last column: the problem and its fix
    assert any(IMAGE in m for m in messages) and any(TAG in m for m in messages)  # echoed, as text


@pytest.mark.parametrize("tab", ["Tài khoản", "Trình chiếu", "Danh mục", "Nhật ký"])
def test_administration_shows_hostile_names_as_text(hostile_app, tab):
    at = run(hostile_app, "app_pages/admin.py")
    at.session_state["admin_tab"] = tab
    at.run()
    assert not at.exception
    assert markup_shown(at) == []
