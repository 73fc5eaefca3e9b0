"""Two app servers behind HAProxy on one PostgreSQL store (`deploy.replicas`), driven in Chromium.

An upload on one server shows on a page open on the other; a browser moved
to the other server (its sticky cookie changed, as when its server stops)
stays signed in through the kept sign-in, whose one-time ticket lives in the
store. Never skipped in CI: `./dashboard test` installs PostgreSQL and HAProxy.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from deploy import replicas
from deploy.ports import free_port
from metrics.store import Store
from tests.browser import screenshot, sign_in, wait_for_app
from tests.conftest import drop_database, new_database

METRIC = '[data-testid="stMetricValue"]'


@pytest.fixture
def layout(postgres: str, sample_pg_template: str, tmp_path: Path):
    url = new_database(postgres, sample_pg_template)
    try:
        with replicas.serve(url, 2, port=free_port(), first_app_port=free_port(count=2), logs=tmp_path) as served:
            yield url, served
    finally:
        drop_database(postgres, url)


def _server(context) -> str:
    """Which app server the proxy keeps this browser on (its sticky cookie)."""
    return next(c["value"] for c in context.cookies() if c["name"] == replicas.STICKY_COOKIE)


def test_two_app_servers_share_one_store_and_one_sign_in(layout, browser, tmp_path: Path):
    url, served = layout
    store = Store(url)
    try:
        before = store.values("2025-Q4", "2025-Q4", ["complaints"])
    finally:
        store.close()
    snv = int(before.filter(before["unit_code"] == "SNV")["value"][0])
    shown = f"{int(before['value'].sum()) + 1000:,}".replace(",", ".")
    upload = tmp_path / "so-lieu-quy-IV.csv"
    upload.write_text(f"Mã đơn vị,Kỳ báo cáo,Số đơn thư tiếp nhận\nSNV,Quý IV/2025,{snv + 1000}\n", encoding="utf-8")

    watcher = browser.new_context(viewport={"width": 1280, "height": 720})
    uploader = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        watching = watcher.new_page()
        sign_in(watching, f"{served.url}/overview?quarter=2025-Q4")
        watching.wait_for_selector(METRIC, timeout=30_000)
        uploading = uploader.new_page()
        sign_in(uploading, f"{served.url}/upload")
        assert {_server(watcher), _server(uploader)} == {"app1", "app2"}  # one browser on each server

        uploading.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(upload))
        button = uploading.get_by_role("button", name="Ghi 1 giá trị vào kho số liệu")
        button.wait_for(timeout=30_000)
        button.click()
        uploading.get_by_text("Đã ghi lần tải lên số").wait_for(timeout=30_000)
        # The overview open on the other server follows within its 5 s poll (10 s allowed), no click.
        watching.locator(METRIC).filter(has_text=shown).first.wait_for(timeout=10_000)
        screenshot(watching, "replicas-other-server-1280x720")

        # The uploader's server "goes away": the proxy sends the browser to the other one, where the
        # kept sign-in (a cookie, a session in the store) opens the page without the form.
        other = "app2" if _server(uploader) == "app1" else "app1"
        uploader.add_cookies([{"name": replicas.STICKY_COOKIE, "value": other, "url": served.url}])
        uploading.goto(f"{served.url}/overview?quarter=2025-Q4")
        uploading.wait_for_selector(METRIC, timeout=30_000)
        wait_for_app(uploading)
        assert _server(uploader) == other
        assert uploading.locator('[data-testid="stForm"] input[type="password"]').count() == 0
        uploading.locator(METRIC).filter(has_text=shown).first.wait_for(timeout=10_000)
    finally:
        watcher.close()
        uploader.close()
