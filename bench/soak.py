"""Soak: the server's memory while Chromium keeps it busy for a long time.

Presentation (the default): starts the app on a copy of the sample store,
opens a display link with a short slide interval in headless Chromium, and
records the server's resident memory (RSS) every minute. Memory should stay
flat.

Walk (`--walk`): starts the app on a synthetic store (`bench.datasets`,
national scale by default), signs in once, then for every quarter, newest
first, opens the overview, a unit, an indicator and the presentation of that
quarter (each a new page load, so a new session resumed by the kept
sign-in), a different unit and indicator each time, and records the
server's RSS after each quarter. Every cache is bounded by entries, so the
memory must level off: the server must stay under LIMIT_MB.

Both print a Markdown table.

    ./dashboard bench soak [--minutes 30] [--interval 5]
    ./dashboard bench soak --walk [--scale country|province] [--quarters 40]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench.datasets import PASSWORD, SCALES, describe, store_path
from metrics import auth
from metrics.bootstrap import initialise
from metrics.store import Store
from tests.browser import chromium, served_app, wait_for_app
from ui.kept_sign_in import COOKIE

LIMIT_MB = 600  # the server's memory, whatever quarters, units and pages the sessions open
# What shows that each page of the walk has drawn its content.
DRAWN = {
    "overview": ".st-key-status_grid table",
    "unit": '[data-testid="stTable"]',
    "indicator": ".js-plotly-plot",
    "presentation": ".slide",
}


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def _walk_addresses(path: Path, quarters: int) -> list[tuple[str, list[tuple[str, str]]]]:
    """(quarter, [(page, address)]) for the newest `quarters` quarters: every page, another unit each time."""
    store = Store(path)
    try:
        chosen = list(reversed(store.quarters()))[:quarters]
        units = [u.code for u in store.units() if u.kind != "province"]
        indicators = [i.code for i in store.indicators()]
    finally:
        store.close()
    walk = []
    for n, quarter in enumerate(chosen):
        unit, indicator = units[(n * 97) % len(units)], indicators[n % len(indicators)]
        walk.append(
            (
                quarter,
                [
                    ("overview", f"/?quarter={quarter}"),
                    ("unit", f"/unit?unit={unit}&quarter={quarter}"),
                    ("indicator", f"/indicator?indicator={indicator}&quarter={quarter}"),
                    ("presentation", f"/presentation?quarter={quarter}&interval=600"),
                ],
            )
        )
    return walk


def walk(scale: str, quarters: int) -> list[tuple[int, str, float, float]]:
    """(quarters opened, quarter, seconds for its four pages, server RSS in MB) after each quarter."""
    path = store_path(scale)
    addresses = _walk_addresses(path, quarters)
    rows: list[tuple[int, str, float, float]] = []
    with served_app(path, timeout=120) as url, chromium() as browser:
        pid = served_app.last_pid  # type: ignore[attr-defined]
        context = browser.new_context(viewport={"width": 1920, "height": 1080})
        page = context.new_page()
        page.goto(url)
        form = page.locator('[data-testid="stForm"]')
        form.locator('input[type="text"]').fill("bench")
        form.locator('input[type="password"]').fill(PASSWORD)
        form.locator('input[type="password"]').press("Enter")
        page.wait_for_selector(DRAWN["overview"], timeout=120_000)
        deadline = time.monotonic() + 15
        while not any(c["name"].startswith(COOKIE) for c in context.cookies()) and time.monotonic() < deadline:
            page.wait_for_timeout(50)
        rows.append((0, "signed in", 0.0, rss_mb(pid)))
        for n, (quarter, pages) in enumerate(addresses, start=1):
            started = time.perf_counter()
            for name, address in pages:
                page.goto(f"{url}{address}")
                page.locator(DRAWN[name]).first.wait_for(timeout=120_000)
                wait_for_app(page, timeout=120_000)
            rows.append((n, quarter, time.perf_counter() - started, rss_mb(pid)))
    return rows


def print_walk(scale: str, rows: list[tuple[int, str, float, float]]) -> int:
    print(f"### {scale}: {describe(store_path(scale))}\n")
    print("| quarters opened | quarter | its 4 pages (s) | server RSS (MB) |\n|---|---|---|---|")
    for n, quarter, seconds, mb in rows:
        print(f"| {n} | {quarter} | {seconds:.1f} | {mb:.0f} |")
    peak = max(mb for *_, mb in rows)
    print(f"\nPeak RSS {peak:.0f} MB (limit {LIMIT_MB} MB), at the end {rows[-1][3]:.0f} MB")
    return 0 if peak < LIMIT_MB else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=30)
    parser.add_argument("--interval", type=int, default=5)
    parser.add_argument("--walk", action="store_true", help="open every quarter's pages instead of the presentation")
    parser.add_argument("--scale", choices=list(SCALES), default="country")
    parser.add_argument("--quarters", type=int, default=40)
    args = parser.parse_args(argv)
    if args.walk:
        return print_walk(args.scale, walk(args.scale, args.quarters))
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "soak.duckdb"
        initialise(db, sample=True)
        store = Store(db)
        token = auth.create_display_link(store, auth.CONSOLE, "soak")
        store.close()
        with served_app(db) as url, chromium() as browser:
            pid = served_app.last_pid  # type: ignore[attr-defined]
            page = browser.new_page(viewport={"width": 1920, "height": 1080})
            page.goto(f"{url}/presentation?display={token}&interval={args.interval}")
            page.wait_for_selector(".slide", timeout=60_000)
            started = time.monotonic()
            samples = [(0.0, rss_mb(pid), page.locator(".slide").first.get_attribute("data-slide"))]
            while time.monotonic() - started < args.minutes * 60:
                time.sleep(min(60, args.minutes * 60))
                samples.append(
                    (
                        (time.monotonic() - started) / 60,
                        rss_mb(pid),
                        page.locator(".slide").first.get_attribute("data-slide"),
                    )
                )
            shutil.rmtree(folder, ignore_errors=True)
    print("| minute | server RSS (MB) | slide shown |\n|---|---|---|")
    for minute, mb, slide in samples:
        print(f"| {minute:.0f} | {mb:.0f} | {slide} |")
    growth = samples[-1][1] - samples[1][1] if len(samples) > 2 else 0.0
    print(
        f"\nRSS after 1 min {samples[1][1] if len(samples) > 1 else samples[0][1]:.0f} MB, at end {samples[-1][1]:.0f} MB, growth {growth:+.0f} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
