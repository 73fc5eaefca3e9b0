"""The command line gets its turn while the app serves sessions that keep clicking (two processes)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from metrics.store import Store, intent_path, read_intent
from tests.serving import serving_app

pytestmark = pytest.mark.duckdb_only  # the hand-over of the DuckDB file between processes
ROOT = Path(__file__).resolve().parent.parent
FILE = "unit_code,quarter,complaints\nSNV,2025-Q3,42\n"


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "metrics", *args], capture_output=True, text=True, cwd=ROOT)


def test_an_import_lands_while_the_app_serves_busy_sessions(sample_db: Path, tmp_path: Path):
    file = tmp_path / "quy.csv"
    file.write_text(FILE, encoding="utf-8")
    before = Store(sample_db)
    version = before.data_version()
    before.close()

    with serving_app(sample_db, sessions=10) as app:
        done = cli("import", str(file), "--db", str(sample_db), "--wait", "60", "--json")
        seen = app.stop()

    assert done.returncode == 0, done.stderr  # landed before the command line's own wait ran out
    assert json.loads(done.stdout)["status"] == "committed"
    # The app held the file and let go when asked; whether the command line had to wait long enough to
    # say so depends on how fast it connects.
    assert seen["handed_over"] >= 1
    assert done.stderr in (
        "",
        "Kho dữ liệu đang được ứng dụng dùng; đã báo để ứng dụng nhường lượt, chờ tối đa 60 giây…\n",
    )
    assert seen["errors"] == []  # no session saw an error meanwhile
    assert seen["version"] == version + 1  # the app opened the file again and reads the new figures
    assert not intent_path(sample_db).exists()  # the command line withdrew its intent


def test_an_intent_left_by_a_dead_process_is_ignored_and_replaced(sample_db: Path):
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = int(finished.stdout)
    intent_path(sample_db).write_text(json.dumps({"pid": dead, "mode": "write"}), encoding="utf-8")
    assert read_intent(sample_db) is None

    store = Store(sample_db, announce=True)  # takes the place of the dead one's intent
    try:
        assert read_intent(sample_db).pid == os.getpid()
    finally:
        store.close()
    assert not intent_path(sample_db).exists()


def test_a_command_line_that_cannot_get_its_turn_says_so_and_withdraws(sample_db: Path, tmp_path: Path):
    holder = Store(sample_db)  # a holder that does not yield, such as another tool
    try:
        done = cli("users", "list", "--db", str(sample_db), "--wait", "1")
    finally:
        holder.close()
    assert done.returncode == 2
    assert "Đã chờ 1 giây" in done.stderr
    assert not intent_path(sample_db).exists()


def test_an_empty_user_is_a_usage_error_not_the_administrator(sample_db: Path, tmp_path: Path):
    file = tmp_path / "quy.csv"
    file.write_text(FILE, encoding="utf-8")
    for args in (["import", str(file)], ["users", "list"], ["uploads", "rollback", "1"]):
        done = cli(*args, "--db", str(sample_db), "--user", "")
        assert done.returncode == 2, args
        assert "--user cần tên một tài khoản" in done.stderr
    store = Store(sample_db)
    try:
        assert store.uploads(1)["file_name"][0] != "quy.csv"  # nothing was imported
    finally:
        store.close()


def test_init_on_a_store_the_app_serves_waits_its_turn(sample_db: Path):
    with serving_app(sample_db, sessions=4) as app:
        done = cli("init", "--db", str(sample_db), "--wait", "60")
        seen = app.stop()
    assert done.returncode == 0, done.stderr
    assert "Đã cập nhật kho dữ liệu" in done.stdout
    assert "admin /" not in done.stdout  # the accounts were there already
    assert seen["errors"] == []
