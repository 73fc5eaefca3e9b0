"""In Chromium: a conclusion entered on the meeting's page becomes a task, a register re-import marks
it completed, the meeting shows it done, and the brief downloads; screenshots of both pages."""

from __future__ import annotations

import shutil

import pypdfium2 as pdfium
from playwright.sync_api import expect

from tests.browser import ARTIFACTS, screenshot, served_app, sign_in, wait_for_app

SUMMARY = "Báo cáo phương án cấp nước sinh hoạt mùa khô"


def test_a_conclusion_becomes_a_task_is_completed_by_reimport_and_the_brief_downloads(
    tmp_path, sample_db_template, browser
):
    db = tmp_path / "meetings.duckdb"
    shutil.copy(sample_db_template, db)
    with served_app(db) as url:
        page = browser.new_page(viewport={"width": 1920, "height": 1080}, accept_downloads=True)
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        sign_in(page, f"{url}/meetings?meeting=2")
        page.get_by_text("Phiên họp UBND tỉnh thường kỳ tháng 10/2025").first.wait_for(timeout=30_000)
        page.get_by_label("Nội dung kết luận").fill(SUMMARY)
        unit = page.locator(".st-key-conclusion_unit")
        unit.click()
        page.keyboard.type("Sở Xây dựng")
        page.keyboard.press("Enter")
        page.locator('.st-key-conclusion_deadline [role="spinbutton"][data-type="day"]').click()
        page.keyboard.type("31032026")  # day, month, year segments; each moves on when full
        page.get_by_role("button", name="Ghi kết luận vào sổ nhiệm vụ").click()
        page.get_by_text("Đã ghi kết luận thành nhiệm vụ KL002-06").wait_for(timeout=30_000)
        wait_for_app(page)
        screenshot(page, "meeting-1920x1080")

        page.goto(f"{url}/tasks?task_at=2026-01-31")
        wait_for_app(page)
        page.get_by_label("Số, ký hiệu văn bản hoặc nội dung").fill("KL002-06")
        page.get_by_label("Số, ký hiệu văn bản hoặc nội dung").press("Enter")
        page.get_by_text("Tình trạng tại ngày 31/01/2026 · 1 nhiệm vụ").wait_for(timeout=30_000)
        expect(page.locator('[data-testid="stMetricValue"]').nth(1)).to_have_text("1")  # in progress

        register = tmp_path / "cap-nhat.csv"
        register.write_text(
            'Mã nhiệm vụ,"Số, ký hiệu văn bản",Ngày văn bản,Trích yếu nội dung nhiệm vụ,Đơn vị chủ trì,'
            "Hạn hoàn thành,Ngày hoàn thành\n"
            f"KL002-06,Kết luận phiên họp ngày 14/10/2025,14/10/2025,{SUMMARY},SXD,31/03/2026,20/01/2026\n",
            encoding="utf-8",
        )
        page.get_by_text("Nhập sổ nhiệm vụ").click()
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(register))
        page.get_by_role("button", name="Ghi 1 nhiệm vụ vào sổ").click()
        page.get_by_text("Đã ghi sổ nhiệm vụ").wait_for(timeout=30_000)

        page.goto(f"{url}/meetings?meeting=2")
        wait_for_app(page)
        page.get_by_text("Kết luận của phiên họp (tình trạng").wait_for(timeout=30_000)
        with page.expect_download(timeout=60_000) as download:
            page.get_by_role("button", name="Tải báo cáo (PDF)").click()
        saved = ARTIFACTS / "brief-downloaded.pdf"
        download.value.save_as(saved)
        pdf = pdfium.PdfDocument(saved.read_bytes())
        assert "BÁO CÁO TÓM TẮT" in pdf[0].get_textpage().get_text_range()
        assert errors == []
        page.close()

    from metrics.store import Store

    store = Store(db)
    try:
        task = store.tasks().filter(store.tasks()["task_id"] == "KL002-06").row(0, named=True)
        assert (str(task["deadline"]), str(task["completed_on"]), task["meeting_id"]) == ("2026-03-31", "2026-01-20", 2)
        assert store.task_versions("KL002-06").height == 2
    finally:
        store.close()
