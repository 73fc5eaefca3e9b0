"""Real browser: the Vietnamese interface shows no English, Streamlit's own widget texts included.

A word list, not a dictionary: English words Streamlit's frontend writes
(the uploader, the pickers, the toolbars, the date picker) and everyday ones
that no Vietnamese syllable spells. Unit names, figures and icons (ligature
names, hidden from readers) are not words of the list; `aria-label`,
`placeholder` and `title` attributes are read too, since a screen reader
reads them aloud.
"""

import pytest

from tests.browser import screenshot, sign_in, wait_for_app

ENGLISH_WORDS = [
    "upload",
    "uploads",
    "browse",
    "drag",
    "drop",
    "choose",
    "select",
    "selected",
    "result",
    "results",
    "file",
    "files",
    "limit",
    "skip",
    "running",
    "search",
    "download",
    "clear",
    "show",
    "hide",
    "option",
    "options",
    "press",
    "enter",
    "error",
    "previous",
    "next",
    "date",
    "page",
    "found",
    "please",
    "loading",
    "close",
    "remove",
    "delete",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "settings",
    "print",
    "record",
    "about",
    "rerun",
    "stop",
    "connecting",
    "fullscreen",
    "columns",
    "link",
    "heading",
    "plot",
    "the",
    "and",
    "with",
    "from",
    "this",
    "your",
    "here",
    "per",
    "add",
    "none",
    "matches",
    "value",
]

ENGLISH_SHOWN = """(words) => {
  const english = new Set(words);
  const skip = el => el.closest('script,style,noscript,[aria-hidden="true"],[translate="no"]');
  const has = text => (text.match(/\\p{L}+/gu) || []).some(w => english.has(w.toLowerCase()));
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.parentElement && !skip(n.parentElement) && has(n.data)) found.push(n.data.trim());
  }
  for (const el of document.querySelectorAll('[placeholder],[aria-label],[title]')) {
    if (skip(el)) continue;
    for (const name of ['placeholder', 'aria-label', 'title']) {
      const value = el.getAttribute(name);
      if (value && has(value)) found.push(`${name}="${value}"`);
    }
  }
  return [...new Set(found)];
}"""
PAGES = [
    "overview",
    "unit",
    "indicator",
    "tasks",
    "meetings",
    "index766",
    "presentation",
    "upload",
    "reporting",
    "admin",
]


def english_on(page) -> list[str]:
    return page.evaluate(ENGLISH_SHOWN, ENGLISH_WORDS)


def test_the_word_list_finds_english_and_leaves_vietnamese_alone(app_url, browser):
    page = browser.new_page()
    page.set_content(
        "<p>Tỷ lệ hồ sơ; Toàn tỉnh; Xã Kỳ Sơn; to, no, may</p><p>Drag and drop files here</p>"
        '<button aria-label="Clear all">x</button><span aria-hidden="true">upload_file</span>'
    )
    assert english_on(page) == ["Drag and drop files here", 'aria-label="Clear all"']
    page.close()


@pytest.fixture(scope="module")
def signed_in(app_url, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, f"{app_url}/overview")
    yield page
    context.close()


@pytest.mark.parametrize("name", PAGES)
def test_a_vietnamese_page_shows_no_english(app_url, signed_in, name):
    page = signed_in
    page.goto(f"{app_url}/{name}")
    # The widget-text script has run (it sets the language) and the page has drawn its title.
    page.wait_for_function("() => document.documentElement.lang === 'vi'", timeout=60_000)
    page.locator('[data-testid="stMain"] h1, .slide').first.wait_for(timeout=60_000)
    wait_for_app(page, 60_000)
    page.wait_for_timeout(500)  # the widget texts are translated as Streamlit draws them
    for tab in page.locator('[data-testid="stTabs"] [role="tab"]').all():  # each tab's widgets drawn once shown
        tab.click()
        page.wait_for_timeout(200)
        assert english_on(page) == [], f"{name}, tab {tab.inner_text()}"
    assert english_on(page) == [], name
    assert page.evaluate("document.documentElement.lang") == "vi"


def test_the_pickers_and_the_uploader_speak_vietnamese_when_used(app_url, signed_in):
    page = signed_in
    page.goto(f"{app_url}/admin")
    # The page's title first: a busy server may still be starting the run when the status looks idle.
    page.locator('[data-testid="stMain"] h1').first.wait_for(timeout=60_000)
    wait_for_app(page, 60_000)
    units = page.locator('[data-testid="stMultiSelect"]').first
    units.click(timeout=60_000)
    page.get_by_text("Chọn tất cả").wait_for(timeout=10_000)  # Streamlit's "Select all"
    page.keyboard.type("zzzz")
    page.get_by_text("Không có kết quả").wait_for(timeout=10_000)  # its "No results"
    assert english_on(page) == []
    screenshot(page, "vietnamese-multiselect-no-results")
    page.keyboard.press("Escape")
    page.goto(f"{app_url}/upload")
    wait_for_app(page, 60_000)
    dropzone = page.locator('[data-testid="stFileUploaderDropzone"]').first
    dropzone.get_by_text("Tải lên").wait_for(timeout=10_000)
    assert "Tối đa 20MB mỗi tệp" in dropzone.inner_text()
    assert english_on(page) == []


def test_switching_to_english_gives_streamlits_own_texts_back(app_url, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, f"{app_url}/upload")
    dropzone = page.locator('[data-testid="stFileUploaderDropzone"]').first
    dropzone.get_by_text("Tải lên").wait_for(timeout=10_000)
    page.locator('[data-testid="stSidebar"]').get_by_text("English", exact=True).click()
    page.get_by_role("heading", name="Upload data").wait_for(timeout=30_000)
    wait_for_app(page)
    dropzone = page.locator('[data-testid="stFileUploaderDropzone"]').first
    dropzone.get_by_text("Upload", exact=True).wait_for(timeout=10_000)
    assert "20MB per file" in dropzone.inner_text()
    assert page.evaluate("document.documentElement.lang") == "en"
    context.close()
