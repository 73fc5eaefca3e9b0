"""Server-side time of every page, cold and warm, against the raw DuckDB queries it needs.

Each page runs in Streamlit's AppTest (the real script, in process, no
browser); the time is the script's own run time, measured by the app itself
(`ui.state.record_run_time`), so AppTest's polling does not count. Cold: the
first run after clearing every cache (the median of `--repeat` such runs, each
in a new session). Warm: a rerun, as when the chairperson clicks. Raw: the
store queries behind the page, run directly on a fresh connection. The ratio
warm / raw is the number to watch. `--pages` times only the pages named.

    ./dashboard bench pages [--scale province|country|all] [--repeat 7] [--pages indicator,unit]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import streamlit as st
import streamlit.logger
from streamlit.testing.v1 import AppTest

from bench.datasets import SCALES, describe, store_path
from metrics.auth import load_user
from metrics.overview import window
from metrics.store import Store

APP = str(Path(__file__).resolve().parent.parent / "app.py")
# name: (page, URL parameters, session state set before the page opens)
PAGES = {
    "overview": ("app_pages/overview.py", {}, {}),
    "overview (more units open)": ("app_pages/overview.py", {}, {"attention_more_open": True}),
    "unit": ("app_pages/unit.py", {"unit": "P00U000"}, {}),
    "indicator": ("app_pages/indicator.py", {"indicator": "on_time_rate"}, {}),
    "upload": ("app_pages/upload.py", {}, {}),
    "presentation": ("app_pages/presentation.py", {"interval": "600"}, {}),
    "admin (accounts tab)": ("app_pages/admin.py", {}, {}),
    "admin (audit log tab)": ("app_pages/admin.py", {}, {"admin_tab": "Nhật ký"}),
}


def _run_ms(at: AppTest) -> float:
    at.run()
    if at.exception:
        raise RuntimeError(str(at.exception))
    return at.session_state["_run_ms"]


def _median_ms(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return 1000 * statistics.median(times)


def raw_queries(path: Path, page: str, quarter: str) -> Callable[[], object]:
    """The store reads a page needs on a cold cache, as plain calls."""
    first = min(window(quarter)[0], f"{quarter[:4]}-Q1")

    def run() -> object:
        store = Store(path)
        try:
            version = store.data_version()
            common = (version, store.indicators(), store.units(), store.quarters(), store.account("bench"))
            if page in ("overview", "unit", "indicator", "presentation"):
                return common, store.values(first, quarter)
            if page == "upload":
                return common, store.fields(), store.uploads(limit=500)
            if page == "admin (audit log tab)":
                return common, store.audit_log(2000)
            # the accounts tab: the list, and the chosen account as the access check reads it
            return common, store.users(), store.user_units("bench"), load_user(store, "bench")
        finally:
            store.close()

    return run


def measure(scale: str, repeat: int, names: list[str] | None = None) -> list[tuple[str, float, float, float]]:
    return measure_at(store_path(scale), repeat, names)


def measure_at(
    location: Path | str, repeat: int, names: list[str] | None = None
) -> list[tuple[str, float, float, float]]:
    """Every page's (or the pages `names`') (name, cold, warm, raw) times on the store at `location` (a file or a URL)."""
    saved = os.environ.get("DASHBOARD_DB")
    os.environ["DASHBOARD_DB"] = str(location)
    try:
        return [
            _measure_page(location, name, page, params, preset, repeat)  # type: ignore[arg-type]
            for name, (page, params, preset) in PAGES.items()
            if names is None or name in names
        ]
    finally:
        if saved is None:
            os.environ.pop("DASHBOARD_DB", None)
        else:
            os.environ["DASHBOARD_DB"] = saved
        st.cache_data.clear()
        st.cache_resource.clear()


def _opened_cold(page: str, params: dict[str, str], preset: dict[str, str]) -> tuple[AppTest, float]:
    """A new session on `page`, its first run after every cache was cleared, and that run's time."""
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(APP, default_timeout=120)
    now = time.time()
    at.session_state["auth"] = {"username": "bench", "signed_in_at": now, "last_seen": now}
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    st.cache_data.clear()
    st.cache_resource.clear()
    at.switch_page(page)
    for key, value in preset.items():
        at.session_state[key] = value
    return at, _run_ms(at)


def _measure_page(
    path: Path, name: str, page: str, params: dict[str, str], preset: dict[str, str], repeat: int
) -> tuple[str, float, float, float]:
    colds = []
    for _ in range(repeat):
        at, cold = _opened_cold(page, params, preset)
        colds.append(cold)
    cold = statistics.median(colds)
    _run_ms(at)  # settle widgets created on the first run
    warm = statistics.median(_run_ms(at) for _ in range(repeat))
    raw = _median_ms(raw_queries(path, name, at.session_state["quarter"]), repeat)
    return name, cold, warm, raw


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=[*SCALES, "all"], default="all")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--pages", help=f"comma-separated, of: {', '.join(PAGES)}")
    args = parser.parse_args(argv)
    names = args.pages.split(",") if args.pages else None
    if names and set(names) - set(PAGES):
        parser.error(f"unknown page: {', '.join(sorted(set(names) - set(PAGES)))}")
    # The raw-query timings call the app's cached readers outside a running
    # server, and Streamlit warns about that on every call.
    streamlit.logger.set_log_level("error")
    for scale in SCALES if args.scale == "all" else [args.scale]:
        rows = measure(scale, args.repeat, names)
        print(f"\n### {scale}: {describe(store_path(scale))}\n")
        print("| page | cold run, median (ms) | warm rerun, median (ms) | raw queries, median (ms) | warm / raw |")
        print("|---|---|---|---|---|")
        for name, cold, warm, raw in rows:
            print(f"| {name} | {cold:.0f} | {warm:.0f} | {raw:.0f} | {warm / raw:.1f}× |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
