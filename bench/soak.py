"""Soak: the presentation runs in Chromium for a long time; the server's memory is sampled.

Starts the app on a copy of the sample store, opens a display link with a
short slide interval in headless Chromium, and records the server's resident
memory (RSS) every minute. Prints a Markdown table; memory should stay flat.

    ./dashboard bench soak [--minutes 30] [--interval 5]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from metrics import auth
from metrics.bootstrap import initialise
from metrics.store import Store
from tests.browser import chromium, served_app


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=30)
    parser.add_argument("--interval", type=int, default=5)
    args = parser.parse_args(argv)
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
