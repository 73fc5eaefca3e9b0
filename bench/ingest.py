"""Import speed: a 100,000-row long file and a wide file for 5,000 units.

Each run imports into a fresh copy of a store that holds the synthetic units,
through `metrics.ingest.import_file`, the path the upload page and the command
line share: read, validate, compare with the store, commit. Prints a Markdown
table of medians (and min/max) over --repeat runs.

    ./dashboard bench ingest [--repeat 5] [--units 5000] [--rows 100000]
"""

from __future__ import annotations

import argparse
import platform
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from bench.datasets import typed
from metrics.auth import CONSOLE
from metrics.bootstrap import load_catalogue
from metrics.catalogue import Unit
from metrics.ingest import check_file, import_file
from metrics.store import Store

TODAY = date(2026, 1, 15)
QUARTERS = [f"{y}-Q{q}" for y in range(2016, 2026) for q in (1, 2, 3, 4)]


def synthetic_units(count: int) -> list[Unit]:
    units = [Unit("TINH", "Tỉnh thử nghiệm", None, "province", None, None, None, None)]
    for i in range(count):
        kind = "department" if i < 20 else ("ward" if i % 5 == 0 else "commune")
        units.append(Unit(f"B{i:05d}", f"Đơn vị thử {i}", None, kind, "TINH", None, None, None))
    return units


def build_store(path: Path, units: int) -> None:
    store = Store(path)
    store.migrate()
    load_catalogue(store)
    fields, indicators = store.fields(), store.indicators()
    store.replace_catalogue(fields, typed(indicators), synthetic_units(units))
    store.close()


def wide_file(units: int, quarter: str = "2025-Q3") -> bytes:
    header = "unit_code,quarter,online_dossiers,total_dossiers,on_time_dossiers,resolved_dossiers,esigned_docs,electronic_docs,overdue_tasks,tasks_done_on_time,tasks_due,complaints,complaints_resolved"
    lines = [header]
    for i in range(units):
        total, resolved, docs, due, complaints = 800 + i % 900, 700 + i % 800, 300 + i % 500, 20 + i % 30, 5 + i % 20
        lines.append(
            f"B{i:05d},{quarter},{total * 3 // 4},{total},{resolved * 9 // 10},{resolved},{docs * 19 // 20},{docs},"
            f"{i % 3},{due - i % 4},{due},{complaints},{complaints - i % 3}"
        )
    return ("\n".join(lines) + "\n").encode()


def long_file(rows: int, units: int) -> bytes:
    lines = ["unit_code,quarter,indicator,value,numerator,denominator"]
    for quarter in QUARTERS:
        for i in range(units):
            total = 500 + i % 700
            lines.append(f"B{i:05d},{quarter},online_services_rate,,{total * 4 // 5},{total}")
            lines.append(f"B{i:05d},{quarter},complaints,{i % 17},,")
            if len(lines) > rows:
                return ("\n".join(lines[: rows + 1]) + "\n").encode()
    raise ValueError("not enough units × quarters for that many rows")


def timed(template: Path, data: bytes, commit: bool) -> float:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "run.duckdb"
        shutil.copy(template, path)
        store = Store(path)
        started = time.perf_counter()
        result = (
            import_file(store, data, "bench.csv", CONSOLE, today=TODAY) if commit else check_file(store, data, TODAY)
        )
        elapsed = time.perf_counter() - started
        store.close()
    expected = "committed" if commit else "valid"
    if result.status != expected:
        raise SystemExit(f"benchmark file was {result.status}: {result.errors[:3]}")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--units", type=int, default=5_000)
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        template = Path(folder) / "template.duckdb"
        build_store(template, args.units)
        files = {
            f"long, {args.rows:,} rows": long_file(args.rows, min(args.units, 2_500)),
            f"wide, {args.units:,} units": wide_file(args.units),
        }
        print(f"Python {platform.python_version()}, {platform.machine()}, repeat {args.repeat}\n")
        print("| file | size | validate (median) | validate + commit (median) | min–max |")
        print("|---|---|---|---|---|")
        for name, data in files.items():
            check = [timed(template, data, commit=False) for _ in range(args.repeat)]
            full = [timed(template, data, commit=True) for _ in range(args.repeat)]
            print(
                f"| {name} | {len(data) / 2**20:.1f} MB | {statistics.median(check):.3f} s "
                f"| {statistics.median(full):.3f} s | {min(full):.3f}–{max(full):.3f} s |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
