"""The served app in Debian's Chromium: the overview draws its tiles, their trends and the status grid.

Never skipped: a missing Chromium is a failure (`./dashboard test` installs it).
"""

import time
from pathlib import Path

import pytest

from tests.browser import screenshot, served_app, sign_in, wait_for_app


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1280, 720)])
def test_overview_shows_tiles_trends_and_the_status_grid(app_url, browser, width, height):
    page = browser.new_page(viewport={"width": width, "height": height})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    sign_in(page, f"{app_url}/?quarter=2025-Q3")
    page.locator('[data-testid="stMetric"]').nth(6).wait_for(timeout=30_000)
    grid = page.locator(".st-key-status_grid table")
    grid.wait_for(timeout=30_000)
    assert page.locator('[data-testid="stMetric"]').count() == 7
    trends = page.locator('[data-testid="stMarkdownContainer"] svg[role="img"]')
    assert trends.count() == 7 and trends.first.bounding_box()["width"] > 150  # drawn, across the tile
    assert "Quý III/2025" in page.locator("h1").first.inner_text()
    assert page.locator('[data-testid="stException"]').count() == 0
    assert "Quý III/2025" in grid.locator("caption").inner_text()
    assert grid.locator("tbody tr").count() == 49  # every unit in force after the merger
    row = grid.locator("tbody tr").filter(has=page.locator("th", has_text="Sở Xây dựng"))
    assert "✗" in row.inner_text()  # a planted laggard
    screenshot(page, f"overview-{width}x{height}")
    assert errors == []
    # Nothing from the internet (fonts, icons, the tab's icon): the province's network may be closed.
    assert [url for url in requested if not url.startswith((app_url, "data:", "blob:"))] == []
    page.close()


def test_english_link_opens_the_english_view(app_url, browser):
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    sign_in(page, f"{app_url}/?lang=en&quarter=2024-Q4")
    page.wait_for_selector('[data-testid="stMetric"]', timeout=30_000)
    assert page.locator("h1").first.inner_text().startswith("Province overview · Q4 2024")
    screenshot(page, "overview-en-1920x1080")
    page.close()


def test_the_rest_of_the_attention_list_is_drawn_when_opened_and_a_row_opens_the_unit(app_url, browser):
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    sign_in(page, f"{app_url}/?quarter=2024-Q4")  # 36 units need attention: 10 listed, 26 in the table
    more = page.locator('[data-testid="stExpander"]').filter(has_text="26")
    more.wait_for(timeout=30_000)
    assert page.locator('[data-testid="stDataFrame"]').count() == 0  # not drawn, not downloaded, while closed
    more.locator("summary").click()
    table = page.locator('[data-testid="stDataFrame"]')
    table.wait_for(timeout=30_000)
    wait_for_app(page)
    table.scroll_into_view_if_needed()  # opened at the bottom edge, the table can sit below the fold
    box = table.bounding_box()
    page.mouse.click(box["x"] + 3, box["y"] + 35 + 17)  # the first row's selection cell (canvas grid)
    page.wait_for_url("**/unit?**", timeout=30_000)
    assert "unit=" in page.url
    page.close()


def test_a_deep_link_as_the_first_request_signs_in_then_opens_that_page(tmp_path, sample_db_template, browser):
    import shutil

    db = tmp_path / "fresh.duckdb"
    shutil.copy(sample_db_template, db)
    with served_app(db) as url:
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.add_init_script(
            "new MutationObserver(() => { if (document.querySelector('[data-testid=stSidebar]')) window.sidebarSeen = true; })"
            ".observe(document, {subtree: true, childList: true});"
        )
        page.goto(f"{url}/upload")  # the very first request this server sees
        page.locator('[data-testid="stForm"] input[type="password"]').wait_for(timeout=30_000)
        wait_for_app(page)
        screenshot(page, "sign-in-1280x720")
        # Nothing about the app before sign-in: no sidebar, no page list.
        assert page.locator('[data-testid="stSidebar"]').count() == 0
        assert page.evaluate("window.sidebarSeen === undefined")  # not even for a moment
        assert page.get_by_text("admin", exact=True).count() == 0
        assert "/upload?" in page.url  # the address asked for, kept for after sign-in
        sign_in(page, f"{url}/upload")
        page.wait_for_selector('[data-testid="stFileUploader"]', timeout=30_000)
        nav = page.locator('[data-testid="stSidebarNav"]')
        nav.get_by_text("Tổng quan").wait_for(timeout=30_000)
        assert nav.get_by_text("overview", exact=True).count() == 0  # not Streamlit's folder-named pages
        assert page.locator('[data-testid="stSidebar"]').get_by_text("Kỳ báo cáo").count() == 1
        page.close()


def test_an_upload_shows_on_the_overview_and_on_an_overview_already_open_elsewhere(
    tmp_path, sample_db_template, browser
):
    import shutil

    from metrics.store import Store

    db = tmp_path / "upload.duckdb"
    shutil.copy(sample_db_template, db)
    store = Store(db)
    before = store.values("2025-Q4", "2025-Q4", ["complaints"])
    store.close()
    new_total = int(before["value"].sum()) + 1000
    snv = int(before.filter(before["unit_code"] == "SNV")["value"][0])
    upload = tmp_path / "so-lieu-quy-IV.csv"
    upload.write_text(f"Mã đơn vị,Kỳ báo cáo,Số đơn thư tiếp nhận\nSNV,Quý IV/2025,{snv + 1000}\n", encoding="utf-8")
    shown = f"{new_total:,}".replace(",", ".")
    with served_app(db) as url:
        # Someone else has the overview open and does not touch it.
        watcher = browser.new_page(viewport={"width": 1280, "height": 720})
        sign_in(watcher, f"{url}/?quarter=2025-Q4")
        watcher.wait_for_selector('[data-testid="stMetric"]', timeout=30_000)
        assert watcher.locator('[data-testid="stMetricValue"]').filter(has_text=shown).count() == 0
        page = browser.new_page(viewport={"width": 1920, "height": 1080})
        sign_in(page, f"{url}/upload")
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(upload))
        button = page.get_by_role("button", name="Ghi 1 giá trị vào kho số liệu")
        button.wait_for(timeout=30_000)
        screenshot(page, "upload-preview-1920x1080")
        button.click()
        page.get_by_text("Đã ghi lần tải lên số").wait_for(timeout=30_000)
        page.locator('[data-testid="stSidebarNav"]').get_by_text("Tổng quan").click()
        page.wait_for_selector('[data-testid="stMetric"]', timeout=30_000)
        page.locator('[data-testid="stMetricValue"]').filter(has_text=shown).first.wait_for(timeout=30_000)
        screenshot(page, "overview-after-upload-1920x1080")
        page.close()
        # The open overview follows within its LIVE_SECONDS poll (10 s allowed), with no click.
        watcher.locator('[data-testid="stMetricValue"]').filter(has_text=shown).first.wait_for(timeout=10_000)
        watcher.close()


XSS = "<img src=x onerror=alert(1)>"


def test_text_from_files_and_users_is_shown_as_text_never_run(tmp_path, sample_db_template, browser):
    import shutil

    from metrics import admin, auth
    from metrics.ingest import import_file
    from metrics.settings import SAMPLE_DIR
    from metrics.store import Store

    db = tmp_path / "xss.duckdb"
    shutil.copy(sample_db_template, db)
    store = Store(db)
    tester = auth.load_user(store, "tester")
    units = (SAMPLE_DIR / "units.csv").read_text(encoding="utf-8").replace(",Sở Nội vụ,", f',"{XSS}",')
    admin.replace_units(store, tester, units.encode())
    auth.add_user(store, tester, "xss", XSS, "viewer", "mat-khau-dai-qua")
    data = f'Mã đơn vị,Kỳ báo cáo,Số hồ sơ tiếp nhận trực tuyến,Tổng số hồ sơ tiếp nhận,Ghi chú\nSNV,Quý IV/2025,1,100,"{XSS}"\n'
    assert import_file(store, data.encode(), f"{XSS}.csv", tester).status == "committed"
    store.close()
    with served_app(db) as url:
        page = browser.new_page(viewport={"width": 1920, "height": 1080})
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        sign_in(page, f"{url}/?quarter=2025-Q4")
        page.locator(".st-key-status_grid table").wait_for(timeout=30_000)
        assert page.get_by_text(XSS).count() >= 1  # the attention list shows the name as text
        assert page.locator(".st-key-status_grid th").filter(has_text=XSS).count() == 1  # and so does the grid
        page.locator('[data-testid="stSidebarNav"]').get_by_text("Cập nhật số liệu").click()
        page.get_by_role("tab", name="Lịch sử tải lên").click()
        page.wait_for_timeout(1500)
        page.locator('[data-testid="stSidebarNav"]').get_by_text("Quản trị").click()
        page.get_by_role("tab", name="Tài khoản").wait_for(timeout=30_000)
        page.wait_for_timeout(1500)
        screenshot(page, "xss-admin-1920x1080")
        page.get_by_role("tab", name="Nhật ký").click()  # built only when opened
        # The accounts table may still be in the page, hidden, for a moment: wait for this tab's own.
        page.get_by_role("tabpanel", name="Nhật ký").get_by_test_id("stDataFrame").wait_for(timeout=30_000)
        wait_for_app(page)
        assert page.get_by_role("tab", name="Nhật ký", selected=True).count() == 1
        screenshot(page, "admin-audit-log-1920x1080")
        assert dialogs == []
        assert page.locator('img[src="x"]').count() == 0
        page.close()


def test_a_display_link_opens_the_presentation_without_a_password_until_revoked(tmp_path, sample_db_template, browser):
    import shutil

    from metrics import auth
    from metrics.store import Store

    db = tmp_path / "display.duckdb"
    shutil.copy(sample_db_template, db)
    store = Store(db)
    tester = auth.load_user(store, "tester")
    token = auth.create_display_link(store, tester, "Hội trường")
    store.close()
    with served_app(db) as url:
        page = browser.new_page(viewport={"width": 1920, "height": 1080})
        page.goto(f"{url}/presentation?display={token}")
        page.wait_for_selector(".slide", timeout=30_000)
        assert page.locator('[data-testid="stSidebarNav"]').count() == 0
        assert page.locator('input[type="password"]').count() == 0
        screenshot(page, "display-link-1920x1080")
        page.close()
    # The running server holds the store file, so revoke between two runs here;
    # revoking while the app serves is covered in tests/test_access_pages.py.
    store = Store(db)
    auth.revoke_display_link(store, tester, store.display_links()["token_hash"][0])
    store.close()
    with served_app(db) as url:
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(f"{url}/presentation?display={token}")
        page.get_by_text("không còn hiệu lực").wait_for(timeout=30_000)
        page.locator('input[type="password"]').wait_for(timeout=30_000)  # back to the sign-in form
        page.close()


def test_a_reload_and_a_server_restart_keep_the_sign_in_until_sign_out(tmp_path, sample_db_template, browser):
    import shutil

    from deploy.ports import free_port
    from metrics.store import Store

    db = tmp_path / "kept.duckdb"
    shutil.copy(sample_db_template, db)
    port = free_port()  # the same address before and after the restart, as in a meeting room
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    password = page.locator('input[type="password"]')
    nav = page.locator('[data-testid="stSidebarNav"]')
    with served_app(db, port=port) as url:
        sign_in(page, url)  # returns once the kept sign-in's cookie has come
        (cookie,) = [c for c in context.cookies() if c["name"] == f"dashboard_session_{port}"]
        assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and cookie["expires"] == -1
        assert "dashboard_session" not in page.evaluate("document.cookie")  # no script on the page can read it
        page.reload()
        nav.wait_for(timeout=30_000)
        wait_for_app(page)
        assert password.count() == 0
        page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').click()
        page.get_by_role("option", name="Quý IV/2024").click()
        page.get_by_role("heading", name="Tổng quan toàn tỉnh · Quý IV/2024").wait_for(timeout=30_000)
        wait_for_app(page)
    answered: list = []  # the sockets the new server has sent something on

    def watch(socket) -> None:
        socket.on("framereceived", lambda _: answered.append(socket))

    page.on("websocket", watch)
    with served_app(db, port=port) as url:  # the server restarts mid-meeting; the page stays open
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # the page reconnects by itself (failed tries close at once)
            page.wait_for_timeout(500)
            if any(not socket.is_closed() for socket in answered):
                break
        wait_for_app(page)
        # The first click reaches a new session, which knows nobody and has
        # drawn no widget yet: the switch must take effect, the quarter stay.
        page.locator('[data-testid="stSidebar"] [data-testid="stButtonGroup"]').get_by_text("English").click()
        page.get_by_role("heading", name="Province overview · Q4 2024").wait_for(timeout=30_000)
        assert "lang=en" in page.url and password.count() == 0  # the cookie signed this new session in
        nav.get_by_text("Indicator").click()
        page.wait_for_url("**/indicator**", timeout=30_000)
        page.locator("h1").first.wait_for(timeout=30_000)
        wait_for_app(page)
        assert password.count() == 0 and nav.count() == 1 and "lang=en" in page.url
        screenshot(page, "kept-sign-in-after-restart-1280x720")
        page.get_by_role("button", name="Sign out").click()
        password.wait_for(timeout=30_000)
        page.reload()
        password.wait_for(timeout=30_000)  # signing out ended the kept sign-in too
        wait_for_app(page)
        assert nav.count() == 0
    context.close()
    store = Store(db)
    try:
        assert store.cursor().execute("SELECT count(*) FROM browser_sessions").fetchone()[0] == 0
    finally:
        store.close()


def test_a_prefilled_template_round_trip_shows_exactly_the_two_corrected_cells(tmp_path, sample_db_template, browser):
    """Download the quarter filled with its stored figures, correct two cells, upload: two changes."""
    import csv
    import io
    import shutil

    db = tmp_path / "prefilled.duckdb"
    shutil.copy(sample_db_template, db)
    with served_app(db) as url:
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        sign_in(page, f"{url}/upload")
        page.get_by_role("tab", name="Mẫu báo cáo").click()
        page.locator('[data-testid="stSelectbox"]').filter(has_text="Quý cần báo cáo").click()
        page.get_by_role("option", name="Quý IV/2025").click()
        page.get_by_text("Điền sẵn số liệu đã lưu (để sửa)").click()
        # The button gives the filled file once the run that the choice starts has redrawn it;
        # that run may not have begun when the click returns, so ask until it has (at most 10 s).
        for _ in range(20):
            wait_for_app(page)
            with page.expect_download() as download:
                page.get_by_role("button", name="Tải mẫu CSV").click()
            if download.value.suggested_filename != "mau-so-lieu-2025-Q4.csv":
                break
            page.wait_for_timeout(500)
        assert download.value.suggested_filename == "mau-so-lieu-2025-Q4-da-dien.csv"
        rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig"))))
        header, body = rows[0], rows[1:]
        snv = next(r for r in body if r[0] == "SNV")
        assert snv[header.index("Tổng số hồ sơ tiếp nhận")] == "2322"  # the stored figure, ready to correct
        snv[header.index("Số văn bản được ký số")] = "880"
        snv[header.index("Số hồ sơ tiếp nhận trực tuyến")] = "2030"
        corrected = tmp_path / "quy-IV-da-sua.csv"
        with corrected.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows([header, *body])
        page.get_by_role("tab", name="Tải tệp lên").click()
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(corrected))
        page.get_by_role("button", name="Ghi 2 giá trị vào kho số liệu").wait_for(timeout=30_000)
        screenshot(page, "prefilled-template-preview-1280x720")
        page.close()
