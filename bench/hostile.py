"""Hostile files: wall time and peak memory of refusing each, on the command line and the page.

Every file of tests/hostile/ is written to disk and imported by a child
process per run, `python -m metrics import FILE --db COPY --json` on a copy of
the sample store, as an operator would; its wall time and peak RSS come from
the operating system (os.wait4). The page column uploads the same file with
Streamlit's AppTest in a child process: the upload's rerun time and the
child's peak RSS (Streamlit, the app and the check together). Medians over
--repeat runs; a first row imports a valid one-row file, the cost of starting
Python, polars and DuckDB that every command pays.

    ./dashboard bench hostile [--repeat 3] [--only NAME ...] [--no-page]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from metrics.auth import CONSOLE, add_user
from metrics.bootstrap import initialise
from metrics.store import Store
from tests.hostile import CASES

ROOT = Path(__file__).resolve().parent.parent
TIME = "/usr/bin/time"  # GNU time (Debian package `time`)
VALID = "Mã đơn vị,Kỳ báo cáo,Số đơn thư tiếp nhận\nSNV,Quý IV/2025,3\n".encode()


def measured(command: list[str]) -> tuple[float, int, str]:
    """(wall seconds, peak RSS in MB, stdout) of a child process.

    Peak RSS is measured by /usr/bin/time around the child: a child forked
    from this process would report this process's size as its own peak.
    """
    with tempfile.TemporaryFile() as out, tempfile.NamedTemporaryFile("r") as usage:
        started = time.perf_counter()
        subprocess.run(
            [TIME, "-f", "%M", "-o", usage.name, *command], stdout=out, stderr=subprocess.DEVNULL, cwd=ROOT, check=False
        )
        wall = time.perf_counter() - started
        out.seek(0)
        peak_kb = int(usage.read().split()[-1])
        return wall, peak_kb // 1024, out.read().decode(errors="replace")


def cli_run(file: Path, template: Path, folder: Path) -> tuple[float, int, str, str | None]:
    db = folder / "run.duckdb"
    shutil.copy(template, db)
    wall, rss, out = measured([sys.executable, "-m", "metrics", "import", str(file), "--db", str(db), "--json"])
    answer = json.loads(out)
    return wall, rss, answer["status"], (answer.get("read") or {}).get("limit")


def page_run(file: Path, template: Path, folder: Path) -> tuple[float, int, str]:
    db = folder / "page.duckdb"
    shutil.copy(template, db)
    _, rss, out = measured([sys.executable, "-m", "bench.hostile", "--child-page", str(file), str(db)])
    answer = json.loads(out.strip().splitlines()[-1])
    return answer["seconds"], rss, answer["status"]


def child_page(file: Path, db: Path) -> int:
    """Upload one file on the upload page (AppTest) and print the run's time and outcome."""
    os.environ["DASHBOARD_DB"] = str(db)
    from streamlit.testing.v1 import AppTest

    from tests.conftest import sign_in

    at = sign_in(AppTest.from_file(str(ROOT / "app.py"), default_timeout=120))
    at.run()
    at.switch_page("app_pages/upload.py").run()
    data = file.read_bytes()
    started = time.perf_counter()
    at.file_uploader[0].upload(file.name, data, "application/octet-stream").run()
    seconds = time.perf_counter() - started
    status = "exception" if at.exception else ("rejected" if at.error else "valid")
    print(json.dumps({"seconds": seconds, "status": status}))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", nargs="*", help="case names (default: all)")
    parser.add_argument("--no-page", action="store_true", help="command line only")
    parser.add_argument("--child-page", nargs=2, metavar=("FILE", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child_page:
        return child_page(Path(args.child_page[0]), Path(args.child_page[1]))
    cases = [c for c in CASES if not args.only or c.name in args.only]
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        template = folder / "sample.duckdb"
        initialise(template, sample=True)
        store = Store(template)
        add_user(store, CONSOLE, "tester", "Benchmark", "admin", "mat-khau-do-hieu-nang", [])
        store.close()
        files = [("valid one-row file (baseline)", "valid.csv", VALID, None)]
        files += [(c.name, c.file_name, c.data(), c.limit) for c in cases]
        print(f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} cores, "
              f"repeat {args.repeat}, medians\n")  # fmt: skip
        print("| file | size | command line: wall | peak RSS | page: upload run | peak RSS | outcome (limit) |")
        print("|---|---|---|---|---|---|---|")
        for label, file_name, data, _ in files:
            path = folder / file_name
            path.write_bytes(data)
            runs = [cli_run(path, template, folder) for _ in range(args.repeat)]
            status, limit = runs[0][2], runs[0][3]
            page = "| – | –"
            if not args.no_page:
                pages = [page_run(path, template, folder) for _ in range(args.repeat)]
                page = (
                    f"| {statistics.median(p[0] for p in pages):.2f} s "
                    f"| {statistics.median(p[1] for p in pages):.0f} MB"
                )
                if any(p[2] == "exception" for p in pages):
                    status += ", page exception"
            print(
                f"| {label} | {len(data) / 2**20:.2f} MB | {statistics.median(r[0] for r in runs):.2f} s "
                f"| {statistics.median(r[1] for r in runs):.0f} MB {page} | {status}"
                f"{f' ({limit})' if limit else ''} |",
                flush=True,
            )
            path.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
