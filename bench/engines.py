"""Each page on PostgreSQL against the same page on DuckDB, at province scale.

The synthetic province of bench/datasets.py is copied whole (`copy-store`)
into a throwaway PostgreSQL cluster (deploy/postgres.py: Debian's package, a
temporary folder, a free port). Then, for every page of bench/pages.py and on
each engine: the cold run (every cache cleared, so the page reads the store),
the warm rerun, and the store reads the page makes on a cold cache run
directly, each time on a newly opened store (median of `--repeat`), and the
same reads on a store kept open, as a serving app keeps it. Opening a
PostgreSQL store costs a connection (about 30 ms), which a served app pays once
per process and AppTest's cold run pays on every run. The ratio PostgreSQL /
DuckDB of the cold run is the number to watch (the goal: within 2×).

    ./dashboard bench engines [--scale province|country] [--repeat 7]
"""

from __future__ import annotations

import argparse
import sys

import streamlit.logger

from bench.datasets import SCALES, describe, store_path
from bench.pages import PAGES, _median_ms, measure_at
from deploy.postgres import cluster
from metrics.auth import load_user
from metrics.overview import window
from metrics.store import Store, copy_store


def _on(location: str, repeat: int) -> dict[str, tuple[float, float, float]]:
    return {name: tuple(times) for name, *times in measure_at(location, repeat)}  # type: ignore[misc]


def _open_reads(location: str, repeat: int, quarter: str = "2025-Q4") -> dict[str, float]:
    """The store reads of each page (as bench.pages.raw_queries lists them) on one store kept open."""
    first = min(window(quarter)[0], f"{quarter[:4]}-Q1")
    store = Store(location)
    try:

        def reads(page: str) -> object:
            common = (store.data_version(), store.indicators(), store.units(), store.quarters(), store.account("bench"))
            if page in ("overview", "unit", "indicator", "presentation"):
                return common, store.values(first, quarter)
            if page == "upload":
                return common, store.fields(), store.uploads(limit=500)
            if page == "admin (audit log tab)":
                return common, store.audit_log(2000)
            return common, store.users(), store.user_units("bench"), load_user(store, "bench")

        return {name: _median_ms(lambda name=name: reads(name), repeat) for name in PAGES}  # type: ignore[misc]
    finally:
        store.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=list(SCALES), default="province")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    streamlit.logger.set_log_level("error")
    path = store_path(args.scale)
    with cluster() as maintenance:
        url = maintenance.rsplit("/", 1)[0] + "/bench"
        from metrics.store import Store

        admin = Store(maintenance)
        admin.cursor().execute("CREATE DATABASE bench")
        admin.close()
        copy_store(path, url)
        duck = _on(str(path), args.repeat)
        pg = _on(url, args.repeat)
        duck_open = _open_reads(str(path), args.repeat)
        pg_open = _open_reads(url, args.repeat)
    print(f"\n### {args.scale}: {describe(path)}\n")
    print(
        "| page | cold DuckDB (ms) | cold PostgreSQL (ms) | PG / DuckDB | warm DuckDB | warm PG"
        " | reads, store opened each time: DuckDB | PG | reads, store kept open: DuckDB | PG | PG / DuckDB |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for name in PAGES:
        (dc, dw, dr), (pc, pw, pr) = duck[name], pg[name]
        print(
            f"| {name} | {dc:.0f} | {pc:.0f} | {pc / dc:.2f}× | {dw:.0f} | {pw:.0f}"
            f" | {dr:.1f} | {pr:.1f} | {duck_open[name]:.1f} | {pg_open[name]:.1f}"
            f" | {pg_open[name] / duck_open[name]:.2f}× |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
