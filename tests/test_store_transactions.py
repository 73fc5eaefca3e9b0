"""Writes that belong together are one transaction: a process killed between the halves leaves neither.

Each case runs the real core function in a child process whose `Store.audit`
(the second half of every pair) kills the process with SIGKILL before it
writes, i.e. after the first half has been executed; then the test opens the
store and checks that the first half is not there either.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from metrics.store import Store
from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.both_engines

CHILD = """
import os, signal, sys
from datetime import date
from pathlib import Path
from metrics import admin, auth, ingest
from metrics.store import Store

def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)

store = Store(sys.argv[1])
Store.audit = die  # the second half of every pair below
case, arg = sys.argv[2], sys.argv[3]
admin_user = auth.load_user(store, "tester")
today = date(2026, 1, 15)
if case == "add_user":
    auth.add_user(store, admin_user, "moi.nguoi", "Người mới", "unit_staff", "mat-khau-moi-123", ["SNV"])
elif case == "set_password":
    auth.set_password(store, admin_user, "lanhdao", "mat-khau-khac-123")
elif case == "commit":
    ingest.import_file(store, arg.encode(), "f.csv", admin_user, today=today)
elif case == "reject":
    ingest.import_file(store, arg.encode(), "bad.csv", admin_user, today=today)
elif case == "rollback":
    ingest.rollback(store, admin_user, int(arg))
elif case == "replace_units":
    admin.replace_units(store, admin_user, Path(arg).read_bytes())
elif case == "replace_indicators":
    admin.replace_indicators(store, admin_user, Path(arg).read_bytes())
print("not killed")
"""

GOOD = "unit_code,quarter,complaints\nSNV,2025-Q3,77\n"
BAD = "unit_code,quarter,complaints\nXYZ,2025-Q3,1\n"


def snapshot(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table that these writes touch."""
    tables = ["users", "user_units", "browser_sessions", "audit_log", "uploads", "value_history", "current_values"]
    tables += ["units", "indicators", "fields", "store_meta"]
    store = Store(path)
    try:
        cur = store.cursor()
        return {t: sorted(cur.sql(f"SELECT * FROM {t}").pl().rows(), key=repr) for t in tables}
    finally:
        store.close()


def newest_committed_upload(path: Path) -> int:
    store = Store(path)
    try:
        log = store.uploads()
        return int(log.filter(log["status"] == "committed")["upload_id"][0])
    finally:
        store.close()


@pytest.mark.parametrize(
    "case", ["add_user", "set_password", "commit", "reject", "rollback", "replace_units", "replace_indicators"]
)
def test_a_kill_between_the_two_halves_leaves_neither(case: str, sample_db: Path, tmp_path: Path):
    store = Store(sample_db)
    token_hash = "a" * 64
    store.insert_browser_session(token_hash, "lanhdao", 1_800_000_000.0)  # a password change must end it
    store.close()
    arg = {"commit": GOOD, "reject": BAD}.get(case, "-")
    if case == "rollback":
        arg = str(newest_committed_upload(sample_db))
    if case in ("replace_units", "replace_indicators"):
        source = ROOT / "sample_data" / ("units.csv" if case == "replace_units" else "indicators.csv")
        text = source.read_text(encoding="utf-8")
        changed = tmp_path / source.name
        renamed = "Sở Nội vụ" if case == "replace_units" else "Tỷ lệ hồ sơ TTHC tiếp nhận trực tuyến"
        assert renamed in text
        changed.write_text(text.replace(renamed, renamed + " (đổi tên)", 1), encoding="utf-8")
        arg = str(changed)
    before = snapshot(sample_db)
    assert PASSWORD  # the accounts of the fixture exist: tester (admin), lanhdao (viewer)

    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(sample_db), case, arg], capture_output=True, text=True, cwd=ROOT
    )

    assert child.returncode == -signal.SIGKILL, child.stdout + child.stderr
    assert snapshot(sample_db) == before


def test_without_the_kill_each_pair_lands_together(sample_db: Path):
    """The same child, audit left alone, writes both halves (so the test above can fail)."""
    unkilled = CHILD.replace("Store.audit = die", "pass")
    child = subprocess.run(
        [sys.executable, "-c", unkilled, str(sample_db), "commit", GOOD], capture_output=True, text=True, cwd=ROOT
    )
    assert child.returncode == 0, child.stderr
    store = Store(sample_db)
    try:
        newest = store.uploads(1).row(0, named=True)
        assert (newest["status"], newest["file_name"]) == ("committed", "f.csv")
        assert store.audit_log(1).row(0, named=True)["detail"] == f"lần tải lên {newest['upload_id']}: 1 giá trị"
        assert store.values("2025-Q3", "2025-Q3", ["complaints"], ["SNV"])["value"].to_list() == [77.0]
    finally:
        store.close()
