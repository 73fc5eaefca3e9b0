"""Real browser: no text on a chart or a slide collides with another or is cut, at the three supported sizes."""

import re
import shutil

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from metrics import auth
from metrics.store import Store
from tests.browser import screenshot, served_app, sign_in
from tests.conftest import TESTER

SIZES = [(1920, 1080), (1280, 720), (1024, 768)]
# Every visible text box inside `root` (SVG <text> and each line of HTML text),
# then the texts that cover a chart's dot, the pairs that overlap by more than a quarter of the smaller one's
# height and 2 px of width (a tall line box may touch the next line's), and
# the boxes that stick out of `root` or of an element between them and `root`
# that hides what overflows it (cut: a line clamped away, an ellipsis).
COLLISIONS = """(root) => {
  const shown = (el) => {
    for (let e = el; e && e !== document.documentElement; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.display === 'none' || s.visibility === 'hidden' || parseFloat(s.opacity) === 0) return false;
    }
    return true;
  };
  const boxes = [];
  for (const el of root.querySelectorAll('svg text')) {
    if (!el.textContent.trim() || !shown(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.width >= 1 && r.height >= 1) boxes.push({text: el.textContent.trim(), node: el, el, r});
  }
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const n = walker.currentNode;
    if (!n.textContent.trim() || n.parentElement.closest('svg') || !shown(n.parentElement)) continue;
    const range = document.createRange();
    range.selectNodeContents(n);
    for (const r of range.getClientRects()) if (r.width >= 1 && r.height >= 1) boxes.push({text: n.textContent.trim(), node: n, el: n.parentElement, r});
  }
  const marks = [...root.querySelectorAll('.scatterlayer path.point')]  // a chart's drawn dots
    .filter(el => shown(el) && parseFloat(getComputedStyle(el).opacity) > 0).map(el => el.getBoundingClientRect());
  const overlaps = [];
  for (const b of boxes) for (const m of marks) {
    const w = Math.min(b.r.right, m.right) - Math.max(b.r.left, m.left);
    const h = Math.min(b.r.bottom, m.bottom) - Math.max(b.r.top, m.top);
    if (w > 2 && h > 2) overlaps.push([b.text, 'a dot']);
  }
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i], b = boxes[j];
    if (a.node === b.node) continue;
    const w = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
    const h = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
    if (w > 2 && h > 0.25 * Math.min(a.r.height, b.r.height)) overlaps.push([a.text, b.text]);
  }
  const outside = (r, o) => r.left < o.left - 1 || r.right > o.right + 1 || r.top < o.top - 1 || r.bottom > o.bottom + 1;
  const clipping = (el) => {  // the boxes of the elements from `el` up to `root` that hide their overflow
    const found = [];
    for (let e = el; e && e !== root; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (!(e instanceof SVGElement) && (s.overflowX !== 'visible' || s.overflowY !== 'visible')) found.push(e.getBoundingClientRect());
    }
    return found;
  };
  const outer = root.getBoundingClientRect();
  const cut = boxes.filter(b => outside(b.r, outer) || clipping(b.el).some(o => outside(b.r, o))).map(b => b.text);
  return {overlaps, cut, count: boxes.length};
}"""
CHARTS = '[data-testid="stPlotlyChart"] .js-plotly-plot'
VIEWS = [
    ("unit", "unit?unit=SXD&quarter=2025-Q3"),
    ("indicator-ratio", "indicator?indicator=on_time_rate&quarter=2025-Q3"),
    ("indicator-count", "indicator?indicator=overdue_tasks&quarter=2025-Q3"),
    ("indicator-long-name", "indicator?indicator=complaints&quarter=2025-Q3"),  # a long name on a narrow plot
]


@pytest.fixture(scope="module")
def served(tmp_path_factory, sample_db_template):
    """The app on a copy of the sample store that has a display link: (url, token)."""
    db = tmp_path_factory.mktemp("overlap") / "dashboard.duckdb"
    shutil.copy(sample_db_template, db)
    store = Store(db)
    token = auth.create_display_link(store, TESTER, "Phòng họp")
    store.close()
    with served_app(db) as url:
        yield url, token


def collisions_in(page, selector: str) -> list[dict]:
    found = []
    for n in range(page.locator(selector).count()):
        element = page.locator(selector).nth(n)
        element.scroll_into_view_if_needed()
        page.wait_for_timeout(150)
        result = element.evaluate(COLLISIONS)
        assert result["count"] > 0, (selector, n)
        if result["overlaps"] or result["cut"]:
            found.append({"index": n, **result})
    return found


# Every chart has taken its box's width (Plotly redraws a moment after the box changes).
CHARTS_FIT = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].every(box => {
  const svg = box.querySelector('svg.main-svg');
  return svg && Math.abs(svg.getBoundingClientRect().width - box.getBoundingClientRect().width) <= 1;
})"""


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_no_chart_text_collides_or_is_cut(served, browser, lang):
    """Each view is loaded once, at the largest size, then the window is resized to the smaller ones."""
    app_url, _ = served
    page = browser.new_page(viewport={"width": SIZES[0][0], "height": SIZES[0][1]})
    sign_in(page, f"{app_url}/?lang={lang}")
    problems = {}
    for name, path in VIEWS:
        page.set_viewport_size({"width": SIZES[0][0], "height": SIZES[0][1]})
        page.goto(f"{app_url}/{path}&lang={lang}")
        try:
            page.wait_for_selector(f"{CHARTS} .main-svg", timeout=60_000)
        except PlaywrightTimeout:  # a loaded 2-core runner: load the page once more before judging it
            screenshot(page, f"overlap-slow-{name}-{lang}")
            page.reload()
            page.wait_for_selector(f"{CHARTS} .main-svg", timeout=90_000)
        page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=90_000)
        for width, height in SIZES:
            page.set_viewport_size({"width": width, "height": height})
            page.wait_for_function(CHARTS_FIT, timeout=30_000)
            page.wait_for_timeout(1000)  # the labels placed after the redraw
            if found := collisions_in(page, CHARTS):
                problems[(name, width)] = found
                screenshot(page, f"overlap-{name}-{lang}-{width}x{height}")
    page.close()
    assert problems == {}


@pytest.mark.parametrize(
    ("width", "height", "lang"), [(*size, "vi") for size in SIZES] + [(1024, 768, "en"), (1280, 720, "en")]
)
def test_no_slide_text_collides_or_is_cut(served, browser, width, height, lang):
    app_url, token = served
    page = browser.new_page(viewport={"width": width, "height": height})
    problems = {}
    for quarter in ("2025-Q3", "2025-Q4"):  # the fourth quarter has a unit with three reasons on an attention slide
        page.goto(f"{app_url}/presentation?display={token}&interval=600&quarter={quarter}&lang={lang}")
        page.wait_for_selector(".slide", timeout=90_000)
        # the arrow keys are the buttons' shortcuts: they work once the buttons are drawn (faded, but there)
        page.locator(".st-key-slide_next button").first.wait_for(state="attached", timeout=30_000)
        total = int(page.locator(".slide").first.get_attribute("data-slide").split("/")[1])
        for number in range(1, total + 1):
            expect(page.locator(".slide").first).to_have_attribute("data-slide", re.compile(rf"^{number}/"))
            result = page.locator(".slide").first.evaluate(COLLISIONS)
            if result["overlaps"] or result["cut"]:
                problems[(quarter, number)] = result
                screenshot(page, f"overlap-slide-{quarter}-{number}-{lang}-{width}x{height}")
            page.keyboard.press("ArrowRight")
    page.close()
    assert problems == {}


GRID = """() => {
  const box = document.querySelector('.st-key-status_grid');
  const heads = [...box.querySelectorAll('thead th')];
  const lines = heads.map(th => {  // lines of text: the distinct tops of the text's line boxes
    const range = document.createRange();
    range.selectNodeContents(th);
    return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
  });
  return {lines, fits: box.scrollWidth <= box.clientWidth + 1, links: box.querySelectorAll('tbody th a[href*="unit?unit="]').length,
          rows: box.querySelectorAll('tbody tr').length};
}"""
HEADER_STAYS = """() => {
  const box = document.querySelector('.st-key-status_grid');
  box.scrollTop = box.scrollHeight;
  const head = box.querySelector('thead th').getBoundingClientRect(), outer = box.getBoundingClientRect();
  return head.top >= outer.top - 1 && head.bottom <= outer.bottom;
}"""
FONT_SIZE = "(e) => parseFloat(getComputedStyle(e).fontSize)"


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1920, 1080)])
def test_the_status_grid_fits_keeps_its_header_and_links_each_unit(served, browser, width, height):
    app_url, _ = served
    page = browser.new_page(viewport={"width": width, "height": height})
    sign_in(page, f"{app_url}/?quarter=2025-Q3")
    page.locator(".st-key-status_grid table").wait_for(timeout=90_000)
    grid = page.evaluate(GRID)
    assert grid["fits"] and max(grid["lines"]) <= 4, grid
    assert grid["links"] == grid["rows"] == 49
    assert page.evaluate(HEADER_STAYS)
    # the unit's link is a skeleton until Streamlit has loaded its code: locators wait for the drawn text
    row = page.locator('.st-key-attention_list [data-testid="stHorizontalBlock"]').first
    name = row.locator('[data-testid="stPageLink"] p').first.evaluate(FONT_SIZE)
    reason = row.locator('[data-testid="stMarkdown"] p').first.evaluate(FONT_SIZE)
    assert name >= reason
    page.locator(".st-key-status_grid tbody th a", has_text="Sở Xây dựng").click()
    page.get_by_role("heading", name="Sở Xây dựng").wait_for(timeout=90_000)
    assert "/unit" in page.url
    page.close()


# Texts Streamlit ends in "…" when they do not fit their box.
ELLIPSIS_CUT = """(root) => [...root.querySelectorAll('*')]
  .filter(e => getComputedStyle(e).textOverflow === 'ellipsis' && e.scrollWidth > e.clientWidth + 1)
  .map(e => e.textContent)"""


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_overview_tiles_show_their_figures_and_changes_whole(served, browser, width, height):
    app_url, _ = served
    page = browser.new_page(viewport={"width": width, "height": height})
    sign_in(page, f"{app_url}/?quarter=2025-Q3")
    tiles = page.locator(".st-key-overview_tiles")
    tiles.locator('[data-testid="stMetricValue"]').first.wait_for(timeout=90_000)
    cut = tiles.evaluate(ELLIPSIS_CUT)  # at 1024 px four abreast cut '87,2…' and 'so vớ…'
    if cut:
        screenshot(page, f"overview-tiles-{width}x{height}")
    page.close()
    assert cut == []
