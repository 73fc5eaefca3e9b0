"""Real browser on a 390 px phone: the overview, unit and indicator pages never scroll sideways.

Tables and the ranking charts may scroll inside their own box; the page may not.
"""

import pytest

from tests.browser import screenshot, sign_in, wait_for_app, wait_for_charts

PHONE = {"width": 390, "height": 844}
# Elements reaching past the screen's right edge that no box of their own scrolls or clips.
STICKING_OUT = """() => {
  const width = window.innerWidth, out = [];
  for (const el of document.querySelectorAll('[data-testid="stMain"] *')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 1) continue;
    let held = false;
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const overflow = getComputedStyle(a).overflowX;
      if (['auto', 'scroll', 'hidden', 'clip'].includes(overflow) && a.getBoundingClientRect().right <= width + 1) {
        held = true;
        break;
      }
    }
    if (!held) out.push(`${el.tagName} ${el.getAttribute('data-testid') || ''} right=${Math.round(box.right)}`);
  }
  return out.slice(0, 10);
}"""
# Text cut off by its own box (a link on one line wider than the screen), charts aside.
CLIPPED_TEXT = """() => [...document.querySelectorAll('[data-testid="stMain"] :is(p, span, div)')]
  .filter(el => !el.closest('[data-testid="stPlotlyChart"], [data-testid="stTable"], [data-testid="stDataFrame"]')
    && getComputedStyle(el).overflowX === 'hidden' && el.innerText.trim() && el.scrollWidth > el.clientWidth + 1)
  .map(el => el.innerText.slice(0, 60))"""
# Tick labels drawn left of their chart's own edge: unit names cut off.
CUT_LABELS = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].flatMap(chart => {
  const left = chart.querySelector('svg.main-svg').getBoundingClientRect().left;
  return [...chart.querySelectorAll('.ytick text')].filter(t => t.getBoundingClientRect().left < left - 1)
    .map(t => t.textContent);
})"""
WIDTHS = """() => ({page: document.documentElement.scrollWidth, main: document.querySelector('[data-testid="stMain"]').scrollWidth,
  screen: window.innerWidth})"""


@pytest.fixture(scope="module")
def phone(app_url, browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    sign_in(page, f"{app_url}/overview")
    yield page
    context.close()


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("path", ["overview", "unit?unit=SXD", "indicator?indicator=on_time_rate"])
def test_a_phone_reads_the_page_without_scrolling_it_sideways(app_url, phone, path, lang):
    phone.goto(f"{app_url}/{path}{'&' if '?' in path else '?'}lang={lang}")
    wait_for_app(phone, 60_000)
    phone.locator('[data-testid="stPlotlyChart"], [data-testid="stTable"], .st-key-status_grid').first.wait_for(
        timeout=30_000
    )
    wait_for_charts(phone)
    phone.wait_for_timeout(1000)  # charts take their width after the first paint
    widths = phone.evaluate(WIDTHS)
    assert widths["page"] <= widths["screen"] == PHONE["width"], widths
    assert widths["main"] <= widths["screen"], widths
    assert phone.evaluate(STICKING_OUT) == []
    assert phone.evaluate(CLIPPED_TEXT) == []
    assert phone.evaluate(CUT_LABELS) == []
    screenshot(phone, f"phone-{path.split('?')[0]}-{lang}")
