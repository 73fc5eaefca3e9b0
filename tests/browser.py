"""Real-browser helpers: the served app on a free port, and Debian's Chromium.

The server runs the real `streamlit run app.py` against a temporary store. The
browser is /usr/bin/chromium (or $CHROMIUM); there is no fallback download and
no skip: if Chromium is missing, the tests fail and say how to install it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

from deploy.ports import free_port
from deploy.replicas import wait_healthy

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if not shutil.which(path):
        raise RuntimeError(
            f"Chromium not found at {path}: run `./dashboard test`, which installs it (apt-get install chromium)."
        )
    return path


@contextmanager
def served_app(db: Path, timeout: float = 60, port: int | None = None, script: Path | None = None) -> Iterator[str]:
    """Start the app on `port` (or a free one) against `db`; yield its URL; stop it.

    `script` serves another Streamlit script with plain `streamlit run`
    instead of the dashboard's launcher (the benchmark's trivial page). The
    server's process id is left in `served_app.last_pid`, for memory readings.
    """
    port = port or free_port()
    env = {**os.environ, "DASHBOARD_DB": str(db)}
    log = open(db.with_suffix(".server.log"), "w")  # noqa: SIM115 - closed below
    start = [str(ROOT / "serve.py")] if script is None else ["-m", "streamlit", "run", str(script)]
    process = subprocess.Popen(
        [sys.executable, *start, "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    served_app.last_pid = process.pid  # type: ignore[attr-defined]
    try:
        # fine-grained: benchmarks time the start from here
        wait_healthy(url, process, timeout, db.with_suffix(".server.log"), poll=0.02)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@contextmanager
def chromium() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def wait_for_app(page: Page, timeout: float = 30_000) -> None:
    """Wait until the script has finished running, as Streamlit's own e2e tests do."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && document.querySelector('[data-testid=\"stMain\"]')",
        timeout=timeout,
    )


def wait_for_charts(page: Page, timeout: float = 60_000) -> None:
    """Wait until Plotly has drawn into every chart's box (the box comes first, empty)."""
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=\"stPlotlyChart\"]')]"
        ".every(c => c.querySelector('svg.main-svg'))",
        timeout=timeout,
    )


def screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def describe_pages(browser: Browser, name: str) -> str:
    """Each open page's address and the start of its visible text; a screenshot of each, named after `name`."""
    lines: list[str] = []
    for c, context in enumerate(browser.contexts):
        for p, page in enumerate(context.pages):
            try:
                text = page.locator("body").inner_text(timeout=5_000)
                shot = screenshot(page, f"failed-{name}-{c}-{p}")
                lines += [f"--- {page.url} ({shot.name})", text[:1_500]]
            except Exception as error:  # a page that closed or hangs: say so and go on
                lines.append(f"--- {page.url}: unreadable ({type(error).__name__})")
    return "\n".join(lines) or "no page open"


def sign_in(page: Page, url: str, username: str = "tester", password: str | None = None) -> None:
    """Open `url` and sign in through the form (each full page load is a new session)."""
    from tests.conftest import PASSWORD

    page.goto(url)
    wait_for_app(page)
    form = page.locator('[data-testid="stForm"]')
    form.locator('input[type="text"]').fill(username)
    form.locator('input[type="password"]').fill(password or PASSWORD)
    # The browser posts a ticket for the kept sign-in's cookie right after the
    # sign-in: a page loaded before that answer arrives would be signed out.
    with page.expect_response(lambda r: r.url.endswith("/_dashboard/session") and r.request.method == "POST",
                              timeout=30_000) as kept:  # fmt: skip
        form.locator('input[type="password"]').press("Enter")
    assert kept.value.ok, f"the kept sign-in was refused: {kept.value.status}"
    # attached, not visible: on a phone the sidebar starts collapsed
    page.wait_for_selector('[data-testid="stSidebarNav"]', state="attached", timeout=30_000)
    wait_for_app(page)
