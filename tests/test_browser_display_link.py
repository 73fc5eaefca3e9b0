"""A display link in a fresh browser: the slides, and nothing else, for a minute on end."""

import re
import shutil

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


# One minute watched at every size at once, each in a fresh browser context (no cookie, no storage).
SCREENS = [(None, 1920, 1080), (None, 1280, 720), (3, 1024, 768)]  # (the slide the link names, width, height)


def test_a_display_link_shows_slides_without_any_notice_for_a_minute(tmp_path, sample_db_template):
    db = tmp_path / "display.duckdb"
    shutil.copy(sample_db_template, db)
    store = Store(db)
    token = auth.create_display_link(store, TESTER, "Hội trường")
    store.close()
    with served_app(db) as url, chromium() as browser:
        screens = []
        for slide, width, height in SCREENS:
            context = browser.new_context(viewport={"width": width, "height": height})
            page = context.new_page()
            console: list[str | None] = []
            page.on("console", lambda m, console=console: console.append(logged(m)))
            page.on("pageerror", lambda e, console=console: console.append(f"pageerror: {e}"))
            page.goto(f"{url}/presentation?display={token}&interval=600" + (f"&slide={slide}" if slide else ""))
            screens.append((page, f"{slide or 1}/", f"{width}x{height}", console))
        for page, _, _, _ in screens:
            page.wait_for_selector(".slide", timeout=30_000)
        for second in range(WATCH_SECONDS):
            for page, expected, size, _ in screens:
                assert page.evaluate(ALARMS) == [], f"{size} after {second} s"
                assert page.locator(".slide").first.get_attribute("data-slide").startswith(expected), size
                if second == 8:  # no input since the page opened: the key hint and the buttons have faded
                    assert page.evaluate(HINT) == {"keys": "0", "buttons": ["0"]}, size
            screens[0][0].wait_for_timeout(1000)
        for page, expected, size, console in screens:
            screenshot(page, f"display-link-{expected[:-1]}-{size}")
            assert [line for line in console if line] == [], size
            page.context.close()
