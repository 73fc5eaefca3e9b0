"""A display link in a fresh browser: the slides, and nothing else, for a minute on end."""

import re
import shutil

import pytest

from metrics import auth
from metrics.store import Store
from tests.browser import chromium, screenshot, served_app
from tests.conftest import TESTER

# What must never cover a projector's slides: Streamlit's notices, dialogs and errors.
ALARMS = """() => {
  const selectors = ['[data-testid="stDialog"]', '[role="dialog"]', '[data-testid="stToast"]',
    '[data-testid="stAlert"]', '[data-testid="stException"]', '[data-testid="stNotification"]'];
  const found = selectors.flatMap(s => [...document.querySelectorAll(s)]).map(e => e.innerText.trim());
  const words = ['Page not found', 'not found', 'Error', 'Lỗi', 'Running the app'];
  const text = document.body.innerText;
  return [...found, ...words.filter(w => text.includes(w))];
}"""
WATCH_SECONDS = 60
# Streamlit's page first asks whether the server lives under the page's own
# path (/presentation/_stcore/health), then under the root: the first answer is
# a 404 the browser logs for every deep link to any Streamlit page
# (streamlit/streamlit#7074). Nothing of ours; nothing on screen.
BASE_PATH_PROBE = re.compile(r"/[a-z]+/_stcore/(health|host-config)$")
HINT = """() => ({keys: getComputedStyle(document.querySelector('.slide .keys')).opacity,
  buttons: [...document.querySelectorAll('.st-key-slide_controls')].map(e => getComputedStyle(e).opacity)})"""


def logged(message) -> str | None:
    """A console error or warning worth failing for (None for the base-path probe above)."""
    if message.type not in ("error", "warning"):
        return None
    if "404" in message.text and BASE_PATH_PROBE.search(message.location.get("url", "")):
        return None
    return f"{message.type}: {message.text} ({message.location.get('url')})"


@pytest.mark.parametrize(("slide", "width", "height"), [(None, 1920, 1080), (3, 1024, 768)])
def test_a_display_link_shows_slides_without_any_notice_for_a_minute(
    tmp_path, sample_db_template, slide, width, height
):
    db = tmp_path / "display.duckdb"
    shutil.copy(sample_db_template, db)
    store = Store(db)
    token = auth.create_display_link(store, TESTER, "Hội trường")
    store.close()
    with served_app(db) as url, chromium() as browser:
        context = browser.new_context(viewport={"width": width, "height": height})  # fresh: no cookie, no storage
        page = context.new_page()
        console = []
        page.on("console", lambda m: console.append(logged(m)))
        page.on("pageerror", lambda e: console.append(f"pageerror: {e}"))
        address = f"{url}/presentation?display={token}&interval=600" + (f"&slide={slide}" if slide else "")
        page.goto(address)
        page.wait_for_selector(".slide", timeout=30_000)
        expected = f"{slide or 1}/"
        for second in range(WATCH_SECONDS):
            assert page.evaluate(ALARMS) == [], f"after {second} s"
            assert page.locator(".slide").first.get_attribute("data-slide").startswith(expected)
            page.wait_for_timeout(1000)
            if second == 8:  # no input since the page opened: the key hint and the buttons have faded
                assert page.evaluate(HINT) == {"keys": "0", "buttons": ["0"]}
        screenshot(page, f"display-link-{slide or 1}-{width}x{height}")
        assert [line for line in console if line] == []
        context.close()
