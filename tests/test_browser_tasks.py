"""The Tasks page in Debian's Chromium: overdue tasks first at a month's end, at two screen sizes."""

import pytest

from tests.browser import screenshot, sign_in, wait_for_app


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1280, 720)])
def test_tasks_page_shows_overdue_tasks_first(app_url, browser, width, height):
    page = browser.new_page(viewport={"width": width, "height": height})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, f"{app_url}/tasks?task_at=2025-12-31&quarter=2025-Q4")
    page.get_by_text("Nhiệm vụ quá hạn, lâu nhất trước").wait_for(timeout=30_000)
    page.locator('[data-testid="stDataFrame"]').first.wait_for(timeout=30_000)
    wait_for_app(page)
    assert page.locator('[data-testid="stMetric"]').count() == 4
    assert page.locator('[data-testid="stException"]').count() == 0
    assert "Nhiệm vụ do UBND tỉnh" in page.locator("h1").first.inner_text()
    screenshot(page, f"tasks-{width}x{height}")
    assert errors == []
    page.close()
