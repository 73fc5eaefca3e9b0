"""The served app in Debian's Chromium: the overview draws its tiles and its chart.

Never skipped: a missing Chromium is a failure (`make test` installs it).
"""

from collections.abc import Iterator

import pytest

from tests.browser import chromium, screenshot, served_app, wait_for_app


@pytest.fixture(scope="module")
def app_url(tmp_path_factory, sample_db_template) -> Iterator[str]:
    import shutil

    db = tmp_path_factory.mktemp("browser") / "dashboard.duckdb"
    shutil.copy(sample_db_template, db)
    with served_app(db) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as opened:
        yield opened


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1280, 720)])
def test_overview_shows_tiles_and_a_rendered_chart(app_url, browser, width, height):
    page = browser.new_page(viewport={"width": width, "height": height})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{app_url}/?quarter=2025-Q3")
    wait_for_app(page)
    page.wait_for_selector('[data-testid="stMetric"]', timeout=30_000)
    page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg', timeout=30_000)
    assert page.locator('[data-testid="stMetric"]').count() == 7
    assert "Quý III/2025" in page.locator("h1").first.inner_text()
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator('[data-testid="stPlotlyChart"] .main-svg text').filter(has_text="Sở Xây dựng").count() >= 1
    screenshot(page, f"overview-{width}x{height}")
    assert errors == []
    page.close()


def test_english_link_opens_the_english_view(app_url, browser):
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    page.goto(f"{app_url}/?lang=en&quarter=2024-Q4")
    wait_for_app(page)
    page.wait_for_selector('[data-testid="stMetric"]', timeout=30_000)
    assert page.locator("h1").first.inner_text().startswith("Province overview · Q4 2024")
    screenshot(page, "overview-en-1920x1080")
    page.close()
