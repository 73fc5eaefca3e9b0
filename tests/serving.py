"""A process that holds the store as the running app does, with sessions that keep reading.

Used by the hand-over, backup and restore tests: the app's store (yielding to
the command line, released when idle) and a few threads calling it the way
page reruns do, never idle long enough for the idle release to help.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = """
import json, sys, threading, time
from metrics.store import Store

store = Store(sys.argv[1], release_after=3.0, wait=15.0, yields=True)
stop = threading.Event()
errors, runs, handed = [], [0], [0]
hand_over = store._hand_over

def counted_hand_over(intent):  # how often the app let another process have the file
    handed[0] += 1
    hand_over(intent)

store._hand_over = counted_hand_over

def session():
    while not stop.is_set():
        try:
            store.data_version()
            store.units()
            store.user_count()
            runs[0] += 1
        except Exception as error:
            errors.append(f"{type(error).__name__}: {error}")
        time.sleep(0.02)

threads = [threading.Thread(target=session, daemon=True) for _ in range(int(sys.argv[2]))]
store.data_version()  # the file is held before the test goes on, however slowly the threads start
for thread in threads:
    thread.start()
print("ready", flush=True)
sys.stdin.read()  # until the test closes it
stop.set()
for thread in threads:
    thread.join(20)
store._known_version = None
final = {"errors": errors, "runs": runs[0], "version": store.data_version(), "users": store.user_count(),
         "handed_over": handed[0]}
store.close()
print(json.dumps(final), flush=True)
"""


@dataclass
class Served:
    process: subprocess.Popen

    def stop(self) -> dict:
        """Stop the sessions; what they saw: errors, reruns, and the store as the app sees it at the end."""
        out, err = self.process.communicate(timeout=60)
        assert self.process.returncode == 0, err
        return json.loads(out.strip().splitlines()[-1])


@contextmanager
def serving_app(db: Path, sessions: int = 10) -> Iterator[Served]:
    process = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(db), str(sessions)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None and process.stdout.readline().strip() == "ready"
        yield Served(process)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
