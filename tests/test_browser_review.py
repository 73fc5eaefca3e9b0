"""Real browser: deep links, clicking a unit in a ranking, exported XLSX, a screenshot tour."""

import io
from pathlib import Path

import openpyxl
import pytest

from metrics import analysis, fmt
from metrics.overview import units_in_force
from metrics.store import Store
from tests.browser import screenshot, sign_in, wait_for_app, wait_for_charts


@pytest.fixture(scope="module")
def on_time_ranking(sample_db_template):
    store = Store(sample_db_template, read_only=True)
    indicators, units = store.indicators(), store.units()
    indicator = next(i for i in indicators if i.code == "on_time_rate")
    per_unit = analysis.unit_periods(store.values("2025-Q3", "2025-Q3"), indicators, "quarter")
    ranked = analysis.ranking(per_unit, indicator, units_in_force(units, "2025-Q3"), "2025-Q3")
    store.close()
    return indicator, ranked


def test_a_deep_link_opens_the_same_view(app_url, browser):
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    sign_in(page, f"{app_url}/unit?unit=SXD&quarter=2025-Q3&lang=en")
    page.get_by_role("heading", name="Department of Construction").wait_for(timeout=30_000)
    assert "Q3 2025" in page.locator('[data-testid="stMain"] [data-testid="stCaptionContainer"]').first.inner_text()
    page.close()


def test_clicking_a_unit_in_the_ranking_opens_its_page(app_url, browser, on_time_ranking):
    _, ranked = on_time_ranking
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    sign_in(page, f"{app_url}/indicator?indicator=on_time_rate&quarter=2025-Q3")
    page.wait_for_selector('[data-testid="stPlotlyChart"] .scatterlayer .point', timeout=30_000)
    last = page.locator('[data-testid="stPlotlyChart"]').first.locator(".scatterlayer .point").last
    last.scroll_into_view_if_needed()
    last.click(force=True)
    expected = ranked["name_vi"].to_list()[-1]
    page.get_by_role("heading", name=expected).wait_for(timeout=30_000)
    assert "/unit" in page.url
    page.close()


def test_the_exported_xlsx_holds_the_rows_shown(app_url, browser, on_time_ranking):
    indicator, ranked = on_time_ranking
    page = browser.new_page(viewport={"width": 1920, "height": 1080}, accept_downloads=True)
    sign_in(page, f"{app_url}/indicator?indicator=on_time_rate&quarter=2025-Q3")
    button = page.get_by_role("button", name="Xuất Excel").first
    button.wait_for(timeout=30_000)
    with page.expect_download() as download:
        button.click()
    book = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[0] == ("Hạng", "Đơn vị", "Giá trị", "So với mục tiêu", "Mục tiêu", "Số quý liên tiếp chưa đạt")
    assert len(rows) - 1 == ranked.height
    expected = [(r["rank"], r["name_vi"], fmt.value(indicator, r["value"])) for r in ranked.iter_rows(named=True)]
    assert [row[:3] for row in rows[1:]] == expected
    page.close()


PAGES = [("Tổng quan", "Overview", "overview"), ("Đơn vị", "Unit", "unit"), ("Chỉ số", "Indicator", "indicator"),
         ("Trình chiếu", "Presentation", "presentation"), ("Cập nhật số liệu", "Upload data", "upload"),
         ("Quản trị", "Administration", "admin")]  # fmt: skip


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1280, 720)])
def test_every_page_renders_in_both_languages_and_sizes(app_url, browser, lang, width, height):
    page = browser.new_page(viewport={"width": width, "height": height})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, f"{app_url}/?quarter=2025-Q3&lang={lang}")
    nav = page.locator('[data-testid="stSidebarNav"]')
    for vi, en, path in PAGES:
        nav.get_by_text(vi if lang == "vi" else en, exact=True).click()
        page.wait_for_url(f"{app_url}/{path}*", timeout=30_000)
        page.locator("h1").first.wait_for(timeout=30_000)
        wait_for_app(page)
        wait_for_charts(page)
        assert page.locator('[data-testid="stException"]').count() == 0, vi
        screenshot(page, f"tour-{en.lower().replace(' ', '-')}-{lang}-{width}x{height}")
        if en == "Presentation":  # full screen, no navigation: Esc leaves it
            page.keyboard.press("Escape")
            nav.wait_for(timeout=30_000)
    assert errors == []
    page.close()


DEEP_LINKS = [("overview", "Province overview · Q4 2025"), ("unit", None), ("indicator", None), ("tasks", None),
              ("reporting", None), ("admin", "Administration")]  # fmt: skip


def test_every_page_opened_by_its_address_shows_no_page_not_found_and_no_console_error(app_url, browser):
    from tests.test_browser_display_link import logged

    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    console: list[str | None] = []
    page.on("console", lambda m: console.append(logged(m)))
    page.on("pageerror", lambda e: console.append(f"pageerror: {e}"))
    sign_in(page, f"{app_url}/overview?lang=en")  # the form's run: /overview itself, before and after sign-in
    for path, heading in DEEP_LINKS:
        page.goto(f"{app_url}/{path}?lang=en")  # a new session, signed in by the kept sign-in
        wait_for_app(page)
        page.wait_for_timeout(500)
        assert page.locator('[role="dialog"]').count() == 0, path
        assert "Page not found" not in page.locator("body").inner_text(), path
        assert page.url.split("?")[0] == f"{app_url}/{path}"
        if heading:
            page.get_by_role("heading", name=heading).wait_for(timeout=30_000)
    page.goto(f"{app_url}/?lang=en")  # the root opens the overview at its own address
    page.get_by_role("heading", name="Province overview · Q4 2025").wait_for(timeout=30_000)
    page.wait_for_url(f"{app_url}/overview*")
    assert [line for line in console if line] == []
    context.close()
