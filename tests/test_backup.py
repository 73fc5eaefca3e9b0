"""Backup and restore from the command line: one snapshot, online; every table round-trips; refusals change nothing."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pytest

from metrics import auth, slides
from metrics.ingest import import_file, rollback
from metrics.store import Store, migrations
from tests.conftest import PASSWORD
from tests.serving import serving_app

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 1, 15)
EVERY_TABLE = [
    "agendas", "audit_log", "browser_sessions", "current_values", "display_links", "fields", "indicators",
    "schema_migrations", "sign_in_attempts", "store_meta", "units", "uploads", "user_units", "users", "value_history",
]  # fmt: skip


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "metrics", *args], capture_output=True, text=True, cwd=ROOT)


def tables(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table of the store, in a stable order."""
    store = Store(path, read_only=True)
    try:
        cur = store.cursor()
        names = [*store.table_names(), "schema_migrations"]
        return {name: sorted(cur.sql(f'SELECT * FROM "{name}"').pl().rows(), key=repr) for name in names}
    finally:
        store.close()


@pytest.fixture
def store_with_history(sample_db: Path) -> Path:
    """The sample province plus a rejected upload, a rollback, a display link, an agenda and a browser session."""
    store = Store(sample_db)
    admin = auth.load_user(store, "tester")
    assert admin is not None
    assert import_file(store, b"unit_code,quarter,complaints\nXYZ,2025-Q3,1\n", "sai.csv", admin).status == "rejected"
    changed = import_file(store, b"unit_code,quarter,complaints\nSNV,2025-Q3,12\n", "sua.csv", admin, today=TODAY)
    assert changed.upload_id is not None
    rollback(store, admin, changed.upload_id)
    auth.create_display_link(store, admin, "Phòng họp tầng 3")
    slides.save_agenda(store, admin, "hop-quy-3", ["tiles", "attention"])
    auth.start_browser_session(store, admin, 7200, 43200)
    auth.sign_in(store, "lanhdao", PASSWORD)
    store.close()
    return sample_db


@pytest.mark.both_engines
def test_a_restore_brings_back_every_table_as_it_was_backed_up(store_with_history: Path, tmp_path: Path):
    db, saved = store_with_history, tmp_path / "sao-luu.duckdb"
    done = cli("backup", "--db", str(db), "--output", str(saved), "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["status"] == "backed_up"
    backed_up = tables(db)
    assert set(EVERY_TABLE) <= set(backed_up) and all(backed_up[t] for t in EVERY_TABLE)
    # life goes on after the backup
    store = Store(db)
    admin = auth.load_user(store, "tester")
    assert import_file(store, b"unit_code,quarter,complaints\nSNV,2025-Q3,99\n", "sau.csv", admin).upload_id
    auth.add_user(store, admin, "nguoi.moi", "Người mới", "viewer", "mat-khau-moi-123")
    version_before_restore = store.data_version()
    store.close()

    done = cli("restore", str(saved), "--db", str(db), "--json")

    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["status"] == "restored"
    restored = tables(db)
    assert set(restored) == set(backed_up)
    for table in backed_up:  # every table, those added after this test was written included
        if table in ("store_meta", "audit_log"):
            continue
        assert restored[table] == backed_up[table], table
    log = sorted(restored["audit_log"], key=lambda row: row[0])
    assert log[:-1] == sorted(backed_up["audit_log"], key=lambda row: row[0])  # plus the restore itself, last
    assert log[-1][2:5] == ("console", "store_restored", "sao-luu.duckdb")
    meta = dict(restored["store_meta"])
    assert int(meta["data_version"]) == version_before_restore + 1  # above every version a cache has seen
    assert set(meta) == {"data_version"}


@pytest.mark.both_engines
def test_backup_and_restore_while_the_app_serves(store_with_history: Path, tmp_path: Path):
    db, saved = store_with_history, tmp_path / "sao-luu.duckdb"
    with serving_app(db, sessions=8) as app:
        backed_up = cli("backup", "--db", str(db), "--output", str(saved), "--wait", "60")
        restored = cli("restore", str(saved), "--db", str(db), "--wait", "60")
        seen = app.stop()
    assert backed_up.returncode == 0, backed_up.stderr
    assert "Đã sao lưu" in backed_up.stdout
    copy = duckdb.connect(str(saved), read_only=True)
    try:  # one snapshot: every current value comes from an upload that the copy holds, with its history row
        orphans = copy.execute(
            "SELECT count(*) FROM current_values c LEFT JOIN value_history h"
            " USING (upload_id, unit_code, quarter, indicator) WHERE h.upload_id IS NULL"
        ).fetchone()
    finally:
        copy.close()
    assert orphans == (0,)
    assert restored.returncode == 0, restored.stderr
    assert seen["errors"] == [] and seen["runs"] > 0  # the sessions were served throughout
    store = Store(db)
    try:
        assert seen["version"] == store.data_version()  # the app reads the restored store
    finally:
        store.close()


def _refused(db: Path, file: Path) -> subprocess.CompletedProcess:
    before = tables(db)
    done = cli("restore", str(file), "--db", str(db))
    assert done.returncode == 1, done.stderr
    assert tables(db) == before
    assert "Kho dữ liệu không thay đổi." in done.stderr
    return done


def test_restore_refuses_a_file_that_is_not_a_backup(sample_db: Path, tmp_path: Path):
    csv = tmp_path / "quy.csv"
    csv.write_text("unit_code,quarter\n", encoding="utf-8")
    assert "không phải là bản sao lưu kho dữ liệu" in _refused(sample_db, csv).stderr
    other = tmp_path / "khac.duckdb"
    duckdb.connect(str(other)).execute("CREATE TABLE t AS SELECT 1 AS x").close()
    assert "không phải kho dữ liệu của bảng điều hành" in _refused(sample_db, other).stderr


def test_restore_refuses_a_backup_from_a_newer_version(sample_db: Path, tmp_path: Path):
    saved = tmp_path / "moi.duckdb"
    assert cli("backup", "--db", str(sample_db), "--output", str(saved)).returncode == 0
    con = duckdb.connect(str(saved))
    con.execute("INSERT INTO schema_migrations (version, name) VALUES (9999, 'from the future')")
    con.close()
    done = _refused(sample_db, saved)
    assert "phiên bản mới hơn" in done.stderr and "9999" in done.stderr
    answer = json.loads(cli("restore", str(saved), "--db", str(sample_db), "--json").stdout)
    assert answer["status"] == "rejected" and "phiên bản mới hơn" in answer["errors"][0]["message"]


KILL_AT_REPLACE = """
import os, signal, sys
import metrics.store
def die(*args):
    os.kill(os.getpid(), signal.SIGKILL)
metrics.store.os.replace = die
from metrics.__main__ import main
main(["restore", sys.argv[1], "--db", sys.argv[2]])
"""


@pytest.mark.duckdb_only
def test_a_restore_killed_before_its_rename_leaves_the_old_store_whole(sample_db: Path, tmp_path: Path):
    saved = tmp_path / "sao-luu.duckdb"
    assert cli("backup", "--db", str(sample_db), "--output", str(saved)).returncode == 0
    store = Store(sample_db)
    admin = auth.load_user(store, "tester")
    auth.add_user(store, admin, "sau.sao.luu", "Sau sao lưu", "viewer", "mat-khau-moi-123")
    store.close()
    before = tables(sample_db)

    child = subprocess.run(
        [sys.executable, "-c", KILL_AT_REPLACE, str(saved), str(sample_db)], capture_output=True, text=True, cwd=ROOT
    )

    assert child.returncode == -signal.SIGKILL, child.stderr
    assert tables(sample_db) == before  # the old store, whole, and still opens
    leftovers = [p.name for p in sample_db.parent.iterdir() if p.name.endswith(".restoring")]
    assert len(leftovers) == 1  # the unfinished copy, beside it; the next restore clears it
    assert cli("restore", str(saved), "--db", str(sample_db)).returncode == 0
    assert not [p for p in sample_db.parent.iterdir() if p.name.endswith(".restoring")]
    store = Store(sample_db)
    try:
        assert store.user_row("sau.sao.luu") is None
    finally:
        store.close()


@pytest.mark.duckdb_only
def test_the_store_itself_is_neither_a_backup_target_nor_a_backup(sample_db: Path):
    before = tables(sample_db)
    onto_itself = cli("backup", "--db", str(sample_db), "--output", str(sample_db))
    assert onto_itself.returncode == 2 and "không được trùng với kho dữ liệu" in onto_itself.stderr
    from_itself = cli("restore", str(sample_db), "--db", str(sample_db))
    assert from_itself.returncode == 1 and "chính là kho dữ liệu đang dùng" in from_itself.stderr
    assert tables(sample_db) == before


@pytest.mark.duckdb_only
def test_a_store_left_with_a_write_ahead_log_is_backed_up_with_it(sample_db: Path, tmp_path: Path):
    crash = (
        "import os, sys\nfrom metrics.store import Store\n"
        "store = Store(sys.argv[1])\nstore.audit('tester', 'before_the_crash')\nos._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", crash, str(sample_db)], check=True, cwd=ROOT)
    assert sample_db.with_name(sample_db.name + ".wal").exists()  # the crash left its log unmerged
    saved = tmp_path / "sao-luu.duckdb"

    assert cli("backup", "--db", str(sample_db), "--output", str(saved)).returncode == 0

    assert not saved.with_name(saved.name + ".wal").exists()
    assert "before_the_crash" in [row[3] for row in tables(saved)["audit_log"]]


def test_a_postgresql_backup_restores_into_a_duckdb_file_and_back(postgres: str, sample_db: Path, tmp_path: Path):
    """One backup format for both engines: the file a PostgreSQL backup writes is a DuckDB store."""
    from metrics.store import backup, copy_store, restore
    from tests.conftest import drop_database, new_database

    url = new_database(postgres)
    try:
        copy_store(sample_db, url)
        saved = tmp_path / "pg.duckdb"
        info = backup(url, saved)
        assert info.schema_version == migrations()[-1].version
        file_store = tmp_path / "restored.duckdb"
        restore(saved, file_store, "console")
        restore(saved, url, "console")  # and over the PostgreSQL store itself
        original, in_file, in_database = tables(sample_db), tables(file_store), tables(url)
    finally:
        drop_database(postgres, url)
    for table in original:
        if table not in ("store_meta", "audit_log", "schema_migrations"):
            assert in_file[table] == original[table] == in_database[table], table
    assert len(in_file["audit_log"]) == len(in_database["audit_log"]) == len(original["audit_log"]) + 1
