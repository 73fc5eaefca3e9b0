"""In Chromium: cold start to the first chart, and server memory with 20 sessions open.

Cold start: from launching the server process to the overview's first chart
drawn in the browser, signing in on the way (the form is filled by the
script, so no typing time counts). Three ways: a first visit, from a browser
with nothing cached; a returning browser (the meeting-room laptop), which has
Streamlit's static files in its cache from an earlier visit to an earlier
server at the same address (they are immutable and named by content, so a
restart keeps them valid; the cache is keyed by address, port included, so
the laptop's servers all listen on one port, as the province's server does),
reopened since, so it signs in again; and the same laptop still open and
signed in (its kept sign-in, `ui/kept_sign_in.py`), as when the server
restarts mid-meeting or someone reloads the page. Alongside, as a reading of the machine's speed in the same minutes, a
trivial Streamlit page (`bench/trivial_app.py`: one metric, one chart, no
sign-in) from launch to its chart. Memory: the server's resident memory (RSS)
with one session, then with 20 sessions signed in on the overview.

    ./dashboard bench browser [--scale province|country] [--repeat 3] [--sessions 20]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from playwright.sync_api import BrowserContext

from bench.datasets import PASSWORD, SCALES, describe, store_path
from bench.soak import rss_mb
from deploy.ports import free_port
from tests.browser import chromium, served_app, sign_in
from ui.kept_sign_in import COOKIE

GRID = ".st-key-status_grid table"  # the units × indicators table
SPARKLINE = '[data-testid="stMarkdownContainer"] svg[role="img"]'  # a tile's trend


TRIVIAL_APP = Path(__file__).with_name("trivial_app.py")

PHASES = (
    "server launch → health check answers",
    "→ sign-in form shown",
    "→ overview tiles with their trend charts drawn",
    "→ status grid (a table, below the fold) drawn",
)


def cold_start(scale: str, context: BrowserContext, port: int | None = None) -> list[float | None]:
    """Seconds from server launch to each of PHASES (cumulative), in a new tab of `context`.

    A browser that kept its sign-in goes straight to the overview: its
    sign-in phase is None. After signing in, waits for the kept sign-in's
    cookie, so that the next start in `context` finds it.
    """
    started = time.perf_counter()
    marks: list[float | None] = []
    with served_app(store_path(scale), timeout=120, port=port) as url:
        marks.append(time.perf_counter() - started)
        page = context.new_page()
        page.goto(url)
        form = page.locator('[data-testid="stForm"]')
        password = form.locator('input[type="password"]')
        page.locator(f'{SPARKLINE}, [data-testid="stForm"] input[type="password"]').first.wait_for(timeout=120_000)
        signing_in = password.count() > 0
        if signing_in:
            marks.append(time.perf_counter() - started)
            form.locator('input[type="text"]').fill("bench")
            password.fill(PASSWORD)
            password.press("Enter")
        else:
            marks.append(None)
        page.locator(SPARKLINE).nth(6).wait_for(timeout=120_000)
        marks.append(time.perf_counter() - started)
        page.wait_for_selector(GRID, timeout=120_000)
        marks.append(time.perf_counter() - started)
        deadline = time.monotonic() + 15
        while (
            signing_in
            and not any(c["name"].startswith(COOKIE) for c in context.cookies())
            and time.monotonic() < deadline
        ):
            page.wait_for_timeout(50)
        page.close()
    return marks


def trivial_start(scale: str, context: BrowserContext) -> float:
    """Seconds from launching `streamlit run bench/trivial_app.py` to its plotly chart drawn."""
    started = time.perf_counter()
    with served_app(store_path(scale), timeout=120, script=TRIVIAL_APP) as url:
        page = context.new_page()
        page.goto(url)
        page.locator('[data-testid="stPlotlyChart"] .main-svg').first.wait_for(timeout=120_000)
        elapsed = time.perf_counter() - started
        page.close()
    return elapsed


def sessions_memory(scale: str, browser, count: int, settle: float) -> list[tuple[int, float]]:
    readings = []
    with served_app(store_path(scale), timeout=120) as url:
        pid = served_app.last_pid  # type: ignore[attr-defined]
        readings.append((0, rss_mb(pid)))
        pages = []
        for n in range(1, count + 1):
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            sign_in(page, url, "bench", PASSWORD)
            page.wait_for_selector(GRID, timeout=120_000)
            pages.append(page)
            if n in (1, 5, 10, count):
                time.sleep(1)
                readings.append((n, rss_mb(pid)))
        time.sleep(settle)
        readings.append((-count, rss_mb(pid)))  # the same sessions, `settle` seconds later
        for page in pages:
            page.close()
    return readings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=list(SCALES), default="country")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--settle", type=float, default=15, help="seconds before the last memory reading")
    args = parser.parse_args(argv)
    print(f"### {args.scale}: {describe(store_path(args.scale))}\n")
    viewport = {"width": 1920, "height": 1080}
    with chromium() as browser:
        first, returning, kept, trivial = [], [], [], []
        laptop = browser.new_context(viewport=viewport)  # keeps its cache from one run to the next
        address = free_port()  # the province's server: the same address every time
        cold_start(args.scale, laptop, address)  # its earlier visit
        for _ in range(args.repeat):  # alternate, so all of them see the same machine
            fresh = browser.new_context(viewport=viewport)
            first.append(cold_start(args.scale, fresh))
            trivial.append(trivial_start(args.scale, fresh))
            fresh.close()
            kept.append(cold_start(args.scale, laptop, address))
            laptop.clear_cookies()  # the browser closed and reopened: its cache stays, its session cookie goes
            returning.append(cold_start(args.scale, laptop, address))
        laptop.close()
        for title, runs in (
            ("first visit", first),
            ("returning browser, signing in", returning),
            ("returning browser, still signed in", kept),
        ):
            print(f"| cold start, {title}, cumulative | median (s) | min–max (s) |\n|---|---|---|")
            for i, label in enumerate(PHASES):
                values = [r[i] for r in runs if r[i] is not None]
                if values:
                    print(f"| {label} | {statistics.median(values):.2f} | {min(values):.2f}–{max(values):.2f} |")
                else:
                    print(f"| {label} | — (kept sign-in: no form) | |")
            print()
        print("| the same machine, same runs: a trivial Streamlit page | median (s) | min–max (s) |\n|---|---|---|")
        print(
            f"| launch → its chart (`bench/trivial_app.py`, no sign-in) | {statistics.median(trivial):.2f} "
            f"| {min(trivial):.2f}–{max(trivial):.2f} |\n"
        )
        readings = sessions_memory(args.scale, browser, args.sessions, args.settle)
    print("| sessions open | server RSS (MB) |\n|---|---|")
    for sessions, mb in readings:
        label = f"{-sessions}, after {args.settle:g} s" if sessions < 0 else str(sessions)
        print(f"| {label} | {mb:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
