"""Real browser: the Index page (Chỉ số 766) at a projector's and a laptop's size, and its overview tile."""

import os
from pathlib import Path

import pytest

from tests.browser import screenshot, sign_in, wait_for_app

SHOTS = Path(os.environ.get("INDEX766_SHOTS", "")) if os.environ.get("INDEX766_SHOTS") else None


def keep(page, name: str, full_page: bool = False) -> None:
    screenshot(page, name)
    if SHOTS is not None:  # an extra copy where a reviewer asked for one
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1280, 720)])
def test_index_page_draws_the_province_its_rank_and_the_units(app_url, browser, width, height):
    page = browser.new_page(viewport={"width": width, "height": height})
    sign_in(page, f"{app_url}/index766?quarter=2025-Q4")
    page.get_by_role("heading", name="Chỉ số phục vụ người dân, doanh nghiệp · Quý IV/2025").wait_for(timeout=30_000)
    page.wait_for_selector('[data-testid="stPlotlyChart"] .barlayer .point', timeout=30_000)
    wait_for_app(page)
    rank = page.locator('[data-testid="stMetric"]').filter(has_text="Xếp hạng toàn quốc")
    rank.wait_for(timeout=30_000)  # the page's metrics may land a moment after its first chart
    assert "9/34" in rank.inner_text()
    keep(page, f"index766-{width}x{height}")
    page.locator(".st-key-idx_rank").scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    keep(page, f"index766-rank-{width}x{height}")
    page.get_by_role("tab", name="Toàn quốc").scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    keep(page, f"index766-national-{width}x{height}")
    page.get_by_role("tab", name="Sở, ban, ngành").click()
    page.wait_for_timeout(800)
    page.locator('[data-testid="stTabs"]').scroll_into_view_if_needed()
    keep(page, f"index766-departments-{width}x{height}")
    page.get_by_role("heading", name="Một đơn vị: nhóm nào làm mất điểm").scroll_into_view_if_needed()
    page.wait_for_timeout(800)
    keep(page, f"index766-unit-{width}x{height}")
    page.close()


def test_overview_shows_the_index_tile(app_url, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    sign_in(page, f"{app_url}/?quarter=2025-Q4")
    page.get_by_text("Chỉ số 766 (Cổng DVC quốc gia)").wait_for(timeout=30_000)
    assert page.get_by_text("Hạng 9/34 toàn quốc").count() == 1
    page.get_by_text("Hạng 9/34 toàn quốc").scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    keep(page, "index766-overview-tile-1280x720")
    page.close()
