"""The projector view in Chromium at 1920×1080: no chrome, advancing, live data, restart."""

import shutil
import subprocess
import sys

import pytest

from deploy.ports import free_port
from metrics import auth, slides
from metrics.store import Store
from tests.browser import ROOT, chromium, screenshot, served_app, sign_in
from tests.conftest import TESTER


def prepared(tmp_path, sample_db_template):
    db = tmp_path / "projector.duckdb"
    shutil.copy(sample_db_template, db)
    store = Store(db)
    token = auth.create_display_link(store, TESTER, "Hội trường")
    slides.save_agenda(store, TESTER, "chi-so", ["tiles"])
    complaints = store.values("2025-Q4", "2025-Q4", ["complaints"])
    store.close()
    return db, token, complaints


def slide_of(page) -> str:
    return page.locator(".slide").first.get_attribute("data-slide")


def test_projector_view_has_no_chrome_advances_and_shows_a_command_line_commit(tmp_path, sample_db_template):
    db, token, complaints = prepared(tmp_path, sample_db_template)
    with served_app(db) as url, chromium() as browser:
        page = browser.new_page(viewport={"width": 1920, "height": 1080})
        page.goto(f"{url}/presentation?display={token}&interval=5")
        page.wait_for_selector(".slide", timeout=30_000)
        assert not page.locator('[data-testid="stSidebar"]').is_visible()
        assert page.locator('[data-testid="stSidebarNav"]').count() == 0
        box = page.locator(".slide").first.bounding_box()
        assert box == {"x": 0, "y": 0, "width": 1920, "height": 1080}
        assert page.evaluate("document.scrollingElement.scrollHeight <= window.innerHeight")
        first = slide_of(page)
        screenshot(page, "presentation-1-1920x1080")
        page.wait_for_function(f"() => document.querySelector('.slide').dataset.slide !== {first!r}", timeout=20_000)
        screenshot(page, "presentation-2-1920x1080")

        page.goto(f"{url}/presentation?display={token}&agenda=chi-so&interval=600")
        page.wait_for_selector(".slide", timeout=30_000)
        snv = int(complaints.filter(complaints["unit_code"] == "SNV")["value"][0])
        total = int(complaints["value"].sum()) - snv + 4321
        upload = tmp_path / "live.csv"
        upload.write_text("unit_code,quarter,complaints,complaints_resolved\nSNV,2025-Q4,4321,4000\n", encoding="utf-8")
        done = subprocess.run([sys.executable, "-m", "metrics", "import", str(upload), "--db", str(db), "--wait", "45"],
                              capture_output=True, text=True, cwd=ROOT, timeout=90)  # fmt: skip
        assert done.returncode == 0, done.stderr + done.stdout
        shown = f"{total:,}".replace(",", ".")
        page.locator(".slide .value", has_text=shown).wait_for(timeout=60_000)
        assert slide_of(page) == "1/1"
        screenshot(page, "presentation-live-1920x1080")


def test_revoking_the_display_link_stops_an_open_presentation_at_its_next_refresh(tmp_path, sample_db_template):
    db, token, _ = prepared(tmp_path, sample_db_template)
    with served_app(db) as url, chromium() as browser:
        page = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
        page.goto(f"{url}/presentation?display={token}&interval=600")
        page.wait_for_selector(".slide", timeout=30_000)
        store = Store(db, wait=45)  # the app lets go of the file between its slide refreshes
        try:
            auth.revoke_display_link(store, TESTER, store.display_links()["token_hash"][0])
        finally:
            store.close()
        message = page.get_by_text("Đường dẫn trình chiếu không còn hiệu lực. Hãy xin quản trị viên đường dẫn mới.")
        message.wait_for(timeout=30_000)  # the slide timer's next run (every 10 s), with no reload
        assert page.locator(".slide").count() == 0
        page.wait_for_timeout(12_000)  # a further refresh brings no slide back
        assert page.locator(".slide").count() == 0 and message.is_visible()
        screenshot(page, "presentation-revoked-1280x720")


def test_disabling_the_account_stops_its_open_presentation_at_its_next_refresh(tmp_path, sample_db_template):
    db, _, _ = prepared(tmp_path, sample_db_template)
    with served_app(db) as url, chromium() as browser:
        page = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
        sign_in(page, url, "lanhdao")
        page.locator('[data-testid="stSidebarNav"]').get_by_text("Trình chiếu").click()
        page.wait_for_selector(".slide", timeout=30_000)
        store = Store(db, wait=45)
        try:
            auth.set_disabled(store, TESTER, "lanhdao", True)
        finally:
            store.close()
        page.get_by_text("Tài khoản đã bị khóa.").wait_for(timeout=30_000)  # no click, no reload
        assert page.locator(".slide").count() == 0
        assert page.locator('[data-testid="stForm"] input[type="password"]').count() == 1


def test_after_a_server_restart_the_open_presentation_reconnects_and_carries_on(tmp_path, sample_db_template):
    db, token, _ = prepared(tmp_path, sample_db_template)
    port = free_port()
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        with served_app(db, port=port) as url:
            page.goto(f"{url}/presentation?display={token}&interval=600&slide=4")
            page.wait_for_selector(".slide", timeout=30_000)
            assert slide_of(page) == "4/21"
        page.wait_for_timeout(1500)  # the page notices the server is gone
        with served_app(db, port=port):
            # The old slide stays on screen meanwhile; proof of a live connection to
            # the new server is that a key press moves on from slide 4 to slide 5.
            page.wait_for_selector('[data-testid="stApp"]', timeout=60_000)
            for _ in range(60):
                page.keyboard.press("ArrowRight")
                page.wait_for_timeout(1000)
                if slide_of(page) != "4/21":
                    break
            assert slide_of(page) == "5/21"
            screenshot(page, "presentation-after-restart-1280x720")


FONT_SIZES = """() => {
  const px = (selector) => [...document.querySelectorAll(selector)].map(e => parseFloat(getComputedStyle(e).fontSize));
  return {headline: px('.slide .value, .slide .figure, .slide .num'), label: px('.slide .label, .slide .rank .name, .slide .why, .slide td, .slide .quarter')};
}"""


@pytest.mark.parametrize(("width", "height"), [(1024, 768), (1280, 720), (1920, 1080)])
def test_every_kind_of_slide_fits_the_screen_in_large_type(tmp_path, sample_db_template, width, height):
    db, token, _ = prepared(tmp_path, sample_db_template)
    with served_app(db) as url, chromium() as browser:
        page = browser.new_page(viewport={"width": width, "height": height})
        page.goto(f"{url}/presentation?display={token}&interval=600")
        page.wait_for_selector(".slide", timeout=30_000)
        for number in (1, 2, 3, 4, 17, 21):  # title, tiles, a trend, a ranking, attention, a unit's card
            while slide_of(page) != f"{number}/21":
                page.keyboard.press("ArrowRight")
                page.wait_for_timeout(400)
            sizes = page.evaluate(FONT_SIZES)
            assert sizes["label"] and min(sizes["label"]) >= 20, (number, sizes)
            if number in (2, 4):
                assert min(sizes["headline"]) >= (48 if number == 2 else 20), (number, sizes)
            assert page.evaluate("document.scrollingElement.scrollHeight <= window.innerHeight")
            overflow = page.evaluate(
                "(() => { const m = document.querySelector('.slide main'); return m.scrollHeight - m.clientHeight; })()"
            )
            assert overflow <= 1, (number, overflow)
            screenshot(page, f"slide-{number}-{width}x{height}")
