"""How long a nightly backup and a restore take, for the province and the national store.

Each run copies the benchmark store (`bench/datasets.py`) to a temporary
folder, then times `python -m metrics backup --output FILE` and `python -m
metrics restore FILE` as an administrator would run them (a new process each
time, start-up included). With `--serving`, the backup and the restore run
while a process plays the app with 30 sessions that keep clicking (as in
`bench/handover.py`), and the sessions' longest wait is reported too.

    ./dashboard bench backup [--repeat 3] [--serving]
"""

from __future__ import annotations

import argparse
import json
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.datasets import describe, store_path

ROOT = Path(__file__).resolve().parent.parent


def timed(*args: str) -> float:
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "metrics", *args, "--wait", "120"], cwd=ROOT, capture_output=True)
    if done.returncode != 0:
        raise RuntimeError(done.stderr.decode())
    return time.monotonic() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--serving", action="store_true", help="while 30 simulated sessions keep clicking")
    parser.add_argument("--scales", default="province,country")
    args = parser.parse_args(argv)
    print("| store | backup, median (s) | restore, median (s) | backup file | sessions' longest rerun (s) |")
    print("|---|---|---|---|---|")
    for scale in args.scales.split(","):
        source = store_path(scale)
        work = Path(tempfile.mkdtemp(prefix="bench-backup-"))
        player = None
        try:
            db, saved = work / "dashboard.duckdb", work / "sao-luu.duckdb"
            shutil.copy(source, db)
            if args.serving:
                player = subprocess.Popen(
                    [sys.executable, "-m", "bench.handover", "--play-app", str(db), "--sessions", "30"],
                    cwd=ROOT,
                    stdout=subprocess.PIPE,
                    text=True,
                )
                assert player.stdout is not None and player.stdout.readline().strip() == "ready"
                time.sleep(2.0)
            backups, restores = [], []
            for _ in range(args.repeat):
                saved.unlink(missing_ok=True)
                backups.append(timed("backup", "--db", str(db), "--output", str(saved)))
                restores.append(timed("restore", str(saved), "--db", str(db)))
            longest = "—"
            if player is not None:
                player.send_signal(signal.SIGTERM)
                out, _ = player.communicate(timeout=120)
                seen = json.loads(out.strip().splitlines()[-1])
                longest = f"{max(s for _, s in seen['runs']):.2f} ({seen['error_count']} errors)"
            print(
                f"| {scale}: {describe(source)} | {statistics.median(backups):.2f} | {statistics.median(restores):.2f}"
                f" | {saved.stat().st_size / 2**20:.0f} MB | {longest} |",
                flush=True,
            )
        finally:
            if player is not None and player.poll() is None:  # a failed run must not leave the sessions running
                player.kill()
                player.wait()
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
