"""The task register and the meeting brief: import speed and the brief's time on the sample province.

- the sample register (560 tasks) and a synthetic one of --tasks rows, imported
  into a fresh store through `metrics.task_import.import_register` (read,
  check, compare, derive the quarterly figures, commit);
- the brief of the sample province's newest quarter for its latest meeting,
  built once (`metrics.brief.build`) and written as Word and as PDF.

Prints Markdown tables of medians (and min/max) over --repeat runs.

    ./dashboard bench tasks [--repeat 5] [--tasks 20000]
"""

from __future__ import annotations

import argparse
import csv
import io
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from metrics import brief
from metrics.auth import CONSOLE
from metrics.bootstrap import initialise
from metrics.settings import SAMPLE_DIR
from metrics.store import Store
from metrics.task_import import LABELS, import_register

TODAY = date(2026, 1, 15)
LEADS = ["VPUB", "SNV", "STC", "STP", "SXD", "SNNMT", "SCT", "SKHCN", "SGDDT", "SYT", "10001", "10009", "10035"]


def synthetic_register(count: int) -> bytes:
    rng = random.Random(11)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(LABELS[c][0] for c in LABELS if c != "meeting_id")
    for i in range(count):
        issued = date(2021, 1, 4) + timedelta(days=rng.randrange(1800))
        deadline = issued + timedelta(days=rng.choice([10, 15, 30, 60]))
        done = deadline + timedelta(days=rng.randint(-9, 30))
        writer.writerow(
            [f"B{i:06d}", f"{i}/UBND-NC", f"{issued:%d/%m/%Y}", f"Nhiệm vụ thử số {i}", "UBND tỉnh",
             rng.choice(LEADS), "", f"{deadline:%d/%m/%Y}", "", f"{done:%d/%m/%Y}" if done < TODAY else "", ""]
        )  # fmt: skip
    return buffer.getvalue().encode()


def time_import(template: Path, data: bytes) -> float:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "run.duckdb"
        shutil.copy(template, path)
        store = Store(path)
        started = time.perf_counter()
        result = import_register(store, data, "bench.csv", CONSOLE, today=TODAY)
        elapsed = time.perf_counter() - started
        store.close()
    if result.status != "committed":
        raise SystemExit(f"benchmark register was {result.status}: {result.errors[:3]}")
    return elapsed


def time_brief(store: Store, quarter: str, meeting: int | None) -> tuple[float, float, float]:
    started = time.perf_counter()
    made = brief.build(store, quarter, meeting)
    built = time.perf_counter()
    brief.to_docx(made)
    word = time.perf_counter()
    brief.to_pdf(made)
    return built - started, word - built, time.perf_counter() - word


def row(name: str, times: list[float]) -> str:
    return f"| {name} | {statistics.median(times):.3f} s | {min(times):.3f}–{max(times):.3f} s |"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--tasks", type=int, default=20_000)
    args = parser.parse_args(argv)
    print(f"Python {platform.python_version()}, {platform.machine()}, repeat {args.repeat}\n")
    print("| run | median | min–max |")
    print("|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        template = Path(folder) / "catalogue.duckdb"
        initialise(template)  # catalogue and units, no figures, no register
        files = {
            "import the sample register (560 tasks)": (SAMPLE_DIR / "tasks" / "register.csv").read_bytes(),
            f"import a register of {args.tasks:,} tasks": synthetic_register(args.tasks),
        }
        for name, data in files.items():
            print(row(name, [time_import(template, data) for _ in range(args.repeat)]))
        sample = Path(folder) / "sample.duckdb"
        initialise(sample, sample=True)
        store = Store(sample)
        try:
            quarter, meeting = store.quarters()[-1], int(store.meetings()["meeting_id"][0])
            brief.build(store, quarter, meeting)  # the first run imports matplotlib, python-docx and fpdf2
            runs = [time_brief(store, quarter, meeting) for _ in range(args.repeat)]
        finally:
            store.close()
        print(row("brief: gather figures and draw two charts", [r[0] for r in runs]))
        print(row("brief: write Word", [r[1] for r in runs]))
        print(row("brief: write PDF", [r[2] for r in runs]))
        print(row("brief: one click (figures + one file)", [r[0] + max(r[1], r[2]) for r in runs]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
