"""The command line's turn while the app serves 30 active sessions.

One process plays the app: its store opened as `ui/state.py` opens it
(released after 3 idle seconds, 15 s wait, and, unless `--no-yield`, handing
the file over to a command line that asks), and N threads each playing a
signed-in session that keeps clicking: every 0.2–1.0 s a rerun's store calls
(the data version, the overview window's values, the account, and every
fifth rerun a touch of its browser session, which writes). Streamlit itself
is not started; the threads call the store as the pages do. Meanwhile the
command line (`python -m metrics import FILE --wait 30`, a new process each
time, start-up included) imports a quarter file several times, a few seconds
apart. Reported: each import's wall time and outcome, and how long the
sessions' reruns took meanwhile (a rerun waits while the file is handed over).

    ./dashboard bench handover [--sessions 30] [--imports 6] [--no-yield]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.datasets import store_path

ROOT = Path(__file__).resolve().parent.parent
RELEASE_AFTER, WAIT_FOR_STORE = 3.0, 15.0  # as ui/state.py


def app(db: Path, sessions: int, yields: bool) -> None:
    """Play the app until SIGTERM; print the sessions' rerun times as JSON."""
    from metrics import auth
    from metrics.store import Store

    store = Store(db, release_after=RELEASE_AFTER, wait=WAIT_FOR_STORE, yields=yields)
    user = auth.load_user(store, "bench")
    assert user is not None
    stop = threading.Event()
    runs: list[tuple[float, float]] = []  # (start, seconds)
    errors: list[str] = []
    quarters = store.quarters()

    def session(number: int) -> None:
        rng = random.Random(number)
        _, token = auth.start_browser_session(store, user, 7200, 43200)
        count = 0
        while not stop.is_set():
            started = time.monotonic()
            try:
                store.data_version()
                quarter = rng.choice(quarters[4:])
                store.values(quarters[quarters.index(quarter) - 4], quarter)
                auth.load_user(store, "bench")
                if count % 5 == 0:
                    auth.touch_browser_session(store, token)
            except Exception as error:  # counted and reported: a page would show an error
                errors.append(f"{type(error).__name__}: {error}")
            runs.append((started, time.monotonic() - started))
            count += 1
            stop.wait(rng.uniform(0.2, 1.0))

    threads = [threading.Thread(target=session, args=(i,), daemon=True) for i in range(sessions)]
    for thread in threads:
        thread.start()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    print("ready", flush=True)
    while not stop.is_set():
        stop.wait(0.2)
    for thread in threads:
        thread.join(5)
    store.close()
    print(json.dumps({"runs": runs, "errors": errors[:20], "error_count": len(errors)}), flush=True)


def quarter_file(seed: int) -> bytes:
    """A province quarter file (100 units), different each time so that every import writes."""
    from bench.datasets import QUARTERS
    from bench.datasets import quarter_file as make
    from metrics.store import Store

    store = Store(store_path("province"), read_only=True)
    units = store.units()
    store.close()
    return make(units, QUARTERS[-1], random.Random(seed), seed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--imports", type=int, default=6)
    parser.add_argument("--gap", type=float, default=4.0, help="seconds between imports")
    parser.add_argument("--no-yield", action="store_true", help="the app as before: it lets go only when idle")
    parser.add_argument("--play-app", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.play_app:
        app(args.play_app, args.sessions, yields=not args.no_yield)
        return 0

    work = Path(tempfile.mkdtemp(prefix="bench-handover-"))
    player = None
    try:
        db = work / "province.duckdb"
        shutil.copy(store_path("province"), db)
        command = [sys.executable, "-m", "bench.handover", "--play-app", str(db), "--sessions", str(args.sessions)]
        player = subprocess.Popen(
            command + (["--no-yield"] if args.no_yield else []), cwd=ROOT, stdout=subprocess.PIPE, text=True
        )
        assert player.stdout is not None
        assert player.stdout.readline().strip() == "ready"
        time.sleep(2.0)  # every session has clicked at least once
        imports = []
        for i in range(args.imports):
            file = work / f"quy-{i}.csv"
            file.write_bytes(quarter_file(100 + i))
            started = time.monotonic()
            done = subprocess.run(
                [sys.executable, "-m", "metrics", "import", str(file), "--db", str(db), "--wait", "30", "--json"],
                cwd=ROOT,
                capture_output=True,
                text=True,
            )
            seconds = time.monotonic() - started
            status = json.loads(done.stdout)["status"] if done.returncode in (0, 1) else "gave up (store in use)"
            imports.append((started, seconds, status))
            print(f"import {i + 1}: {seconds:.2f} s, {status}", flush=True)
            time.sleep(args.gap)
        player.send_signal(signal.SIGTERM)
        out, _ = player.communicate(timeout=60)
        report(args, imports, json.loads(out.strip().splitlines()[-1]))
    finally:
        if player is not None and player.poll() is None:  # a failed run must not leave the sessions running
            player.kill()
            player.wait()
        shutil.rmtree(work, ignore_errors=True)
    return 0


def report(args: argparse.Namespace, imports: list[tuple[float, float, str]], sessions: dict) -> None:
    landed = [s for _, s, status in imports if status == "committed"]
    runs = [seconds for _, seconds in sessions["runs"]]
    during = [
        seconds
        for started, seconds in sessions["runs"]
        if any(begin <= started <= begin + length for begin, length, _ in imports)
    ]
    mode = "app lets go only when idle (before)" if args.no_yield else "app hands over when asked"
    print(f"\n{args.sessions} sessions, {mode}")
    print(
        "| imports landed | import wall time, median (max) | session reruns | rerun median / p99 / max (during imports) | session errors |"
    )
    print("|---|---|---|---|---|")
    p99 = statistics.quantiles(during, n=100)[98] if len(during) > 1 else float("nan")
    wall = [s for _, s, _ in imports]
    print(
        f"| {len(landed)} of {len(imports)} | {statistics.median(wall):.2f} s ({max(wall):.2f} s) | {len(runs):,} |"
        f" {1000 * statistics.median(during or [0]):.0f} / {1000 * p99:.0f} / {1000 * max(during or [0]):.0f} ms |"
        f" {sessions['error_count']} |"
    )
    for error in sessions["errors"][:5]:
        print("  error:", error)


if __name__ == "__main__":
    raise SystemExit(main())
