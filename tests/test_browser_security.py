"""In Chromium: the Content-Security-Policy is sent and breaks nothing, and hostile names fetch nothing.

The served store's unit list and catalogue are replaced with names that are
Markdown images, HTML tags, emphasis and javascript: links
(`tests/test_hostile_names.py` builds them); every page that shows them is
opened, and the browser must request nothing but the dashboard's own server,
report no policy violation and no script error, and show the names as text.
"""

from __future__ import annotations

import shutil
import urllib.request

import pytest

from metrics import auth
from metrics.store import Store
from tests.browser import screenshot, served_app, sign_in, wait_for_app
from tests.conftest import TESTER
from tests.test_hostile_names import BOLD, TAG, hostile_catalogue

WATCH_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation',
  e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
"""


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory, sample_db_template):
    db = tmp_path_factory.mktemp("hostile") / "dashboard.duckdb"
    shutil.copy(sample_db_template, db)
    hostile_catalogue(db)
    store = Store(db)
    token = auth.create_display_link(store, TESTER, "Hội trường")
    store.close()
    with served_app(db) as url:
        yield url, token


class Watched:
    """A page whose requests, console errors, script errors and policy violations are noted."""

    def __init__(self, browser, url: str) -> None:
        self.context = browser.new_context(viewport={"width": 1920, "height": 1080})
        self.context.add_init_script(WATCH_VIOLATIONS)
        self.page = self.context.new_page()
        self.url = url
        self.requested: list[str] = []
        self.console: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: self.requested.append(r.url))
        self.page.on("console", lambda m: self.console.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def outside(self) -> list[str]:
        return [u for u in self.requested if not u.startswith((self.url, "data:", "blob:"))]

    def violations(self) -> list[str]:
        seen = self.page.evaluate("window.__violations || []")
        return seen + [m for m in self.console if "Content Security Policy" in m]

    def check(self) -> None:
        assert self.outside() == []
        assert self.violations() == []
        assert self.errors == []
        assert self.page.locator('img[src="x"], img[src*="example.invalid"]').count() == 0
        assert self.page.locator('a[href^="javascript"], a[href*="example.invalid"]').count() == 0


def test_every_response_carries_the_content_security_policy(hostile_server):
    url, _ = hostile_server
    for path in ("/", "/_stcore/health", "/_dashboard/session.js"):
        with urllib.request.urlopen(f"{url}{path}", timeout=10) as response:
            policy = response.headers["Content-Security-Policy"]
        assert policy.startswith("default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-")
        assert "img-src 'self' data: blob:" in policy and "connect-src 'self'" in policy
        assert "'unsafe-eval'" not in policy and "script-src 'self' 'unsafe-inline'" not in policy


@pytest.mark.parametrize(
    ("address", "ready"),
    [
        ("/?quarter=2025-Q3", ".st-key-status_grid table"),
        ("/unit?unit=SXD&quarter=2025-Q3", '[data-testid="stTable"]'),
        ("/indicator?indicator=online_services_rate&quarter=2025-Q3", ".js-plotly-plot"),
        ("/admin", '[data-testid="stDataFrame"]'),
    ],
    ids=["overview", "unit", "indicator", "admin"],
)
def test_pages_with_hostile_names_fetch_nothing_from_elsewhere_and_violate_nothing(
    hostile_server, browser, address, ready
):
    url, _ = hostile_server
    watched = Watched(browser, url)
    sign_in(watched.page, f"{url}{address}")
    watched.page.locator(ready).first.wait_for(timeout=30_000)
    wait_for_app(watched.page)
    watched.page.wait_for_timeout(1000)  # images, if any were drawn, have been asked for by now
    if "admin" not in address:  # the accounts tab shows no unit or indicator
        assert watched.page.get_by_text(BOLD).count() >= 1  # shown as typed
    watched.check()
    screenshot(watched.page, f"hostile-names-{address.split('?')[0].strip('/') or 'overview'}")
    watched.context.close()


def test_an_upload_echoing_hostile_codes_fetches_nothing_from_elsewhere(hostile_server, browser, tmp_path):
    url, _ = hostile_server
    watched = Watched(browser, url)
    sign_in(watched.page, f"{url}/upload")
    upload = tmp_path / "quy.csv"
    upload.write_text(
        f"Mã đơn vị,Kỳ báo cáo,Số đơn thư tiếp nhận\n{TAG},2025-Q3,1\n{BOLD},2025-Q3,2\n", encoding="utf-8"
    )
    watched.page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(upload))
    table = watched.page.locator('[data-testid="stTable"]')
    table.wait_for(timeout=30_000)
    wait_for_app(watched.page)
    assert table.get_by_text(TAG).count() == 1 and table.get_by_text(BOLD).count() == 1  # echoed as text
    watched.check()
    watched.context.close()


def test_the_presentation_with_hostile_names_fetches_nothing_from_elsewhere(hostile_server, browser):
    url, token = hostile_server
    watched = Watched(browser, url)
    watched.page.goto(f"{url}/presentation?display={token}&interval=600&slide=2")  # 1 is the title slide
    watched.page.wait_for_selector(".slide", timeout=30_000)
    assert watched.page.locator(".slide .tile .label", has_text=f"{TAG} 1").count() == 1
    watched.check()
    watched.context.close()


def test_under_the_policy_a_sign_in_is_kept_across_a_reload(hostile_server, browser):
    url, _ = hostile_server
    watched = Watched(browser, url)
    sign_in(watched.page, f"{url}/?quarter=2025-Q3")
    watched.page.locator('[data-testid="stMetric"]').first.wait_for(timeout=30_000)
    for _ in range(50):  # the ticket script runs once the element arrives
        if [c for c in watched.context.cookies() if c["name"].startswith("dashboard_session")]:
            break
        watched.page.wait_for_timeout(100)
    watched.page.reload()
    watched.page.locator('[data-testid="stMetric"]').first.wait_for(timeout=30_000)
    assert watched.page.locator('input[type="password"]').count() == 0
    watched.check()
    watched.context.close()
