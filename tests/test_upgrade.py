"""A store built by the oldest schema, with data in every table, upgrades to the current one with nothing lost.

The old store is built by the migration code itself (migration 0001 only),
never by hand-written DDL, so it is exactly what the first release made.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from metrics.store import Store, migrations

ROOT = Path(__file__).resolve().parent.parent
RAW = b"unit_code,quarter,overdue_tasks\nSNV,2025-Q3,4\n"

# One or more rows in every table of migration 0001, written with its own columns.
OLDEST_ROWS = {
    "store_meta": [("data_version", "7")],
    "fields": [("overdue_tasks", "Số nhiệm vụ quá hạn", "Overdue tasks", 0)],
    "indicators": [
        ("overdue_tasks", "Số nhiệm vụ quá hạn", "Overdue tasks", "nhiệm vụ", "tasks", "stock", "lower",
         "overdue_tasks", None, 0.0, "Chỉ thị 01", 0, 0),
    ],
    "units": [
        ("TINH", "Tỉnh An Sơn", "An Son province", "province", None, None, None, None, 0),
        ("SNV", "Sở Nội vụ", "Department of Home Affairs", "department", "TINH", "2020-Q1", None, None, 1),
    ],
    "uploads": [(1, "can.bo", "2025-10-02 03:04:05+00", "quy3.csv", "ab" * 32, 1, "committed", RAW),
                (2, "can.bo", "2025-10-03 03:04:05+00", "sai.csv", "cd" * 32, 1, "rejected", b"junk")],
    "value_history": [(1, "SNV", "2025-Q3", "overdue_tasks", 4.0, None, None)],
    "current_values": [("SNV", "2025-Q3", "overdue_tasks", 4.0, None, None, 1)],
}  # fmt: skip


def oldest_store(path: Path) -> Path:
    store = Store(path)
    try:
        assert store.migrate(up_to=1) == ["0001 initial"]
        cur = store.cursor()
        cur.execute("DELETE FROM store_meta")
        for table, rows in OLDEST_ROWS.items():
            if table == "uploads":  # numbered by the sequence, as the first release numbered them
                cur.executemany(
                    "INSERT INTO uploads (uploaded_by, uploaded_at, file_name, sha256, row_count, status, raw)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [list(r[1:]) for r in rows],
                )
                continue
            marks = ", ".join("?" * len(rows[0]))
            cur.executemany(f"INSERT INTO {table} VALUES ({marks})", [list(r) for r in rows])
        tables = {r[0] for r in cur.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        assert tables == {*OLDEST_ROWS, "schema_migrations"}  # every table of the oldest schema holds data
    finally:
        store.close()
    return path


def rows(store: Store, table: str, columns: int) -> list[tuple]:
    """The table's first `columns` columns (those of the oldest schema), in a stable order."""
    frame = store.cursor().sql(f"SELECT * FROM {table}").pl()
    return sorted((tuple(r[:columns]) for r in frame.rows()), key=repr)


def oldest_snapshot(path: Path) -> dict[str, list[tuple]]:
    store = Store(path, read_only=True)
    try:
        return {t: rows(store, t, len(OLDEST_ROWS[t][0])) for t in OLDEST_ROWS}
    finally:
        store.close()


@pytest.fixture
def oldest(tmp_path: Path) -> Path:
    return oldest_store(tmp_path / "oldest.duckdb")


def test_the_oldest_store_upgrades_with_every_row_kept(oldest: Path):
    before = oldest_snapshot(oldest)
    store = Store(oldest)
    try:
        applied = store.migrate()
        assert applied == [f"{m.version:04d} {m.name}" for m in migrations()[1:]]
        assert store.schema_version() == migrations()[-1].version
        assert store.upload_raw(1) == ("quy3.csv", RAW)
        assert store.upload_raw(2) == ("sai.csv", b"junk")
        view = store.cursor().sql("SELECT unit_code, quarter, indicator, value, upload_id FROM indicator_values").pl()
        assert view.rows() == [("SNV", "2025-Q3", "overdue_tasks", 4.0, 1)]
        log = store.uploads()
        assert log["status"].to_list() == ["rejected", "committed"]
        assert log["changed_values"].to_list() == [0, 0] and log["error_count"].to_list() == [0, 0]  # 0002's defaults
        assert store.data_version() == 7
    finally:
        store.close()
    assert oldest_snapshot(oldest) == before


def test_the_oldest_store_upgrades_through_the_command_line_and_keeps_working(oldest: Path):
    done = subprocess.run(
        [sys.executable, "-m", "metrics", "uploads", "list", "--db", str(oldest)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    assert [line.split("\t")[-1] for line in done.stdout.splitlines()] == ["sai.csv", "quy3.csv"]
    store = Store(oldest)
    try:
        assert store.schema_version() == migrations()[-1].version
        # a new upload takes the next number after the old ones
        upload = store.commit_upload(
            store.cursor().sql("SELECT unit_code, quarter, indicator, 5.0 AS value, numerator, denominator"
                               " FROM current_values").pl(),
            user="t", file_name="moi.csv", raw=b"x", row_count=1,
        )  # fmt: skip
        assert upload == 3
    finally:
        store.close()


def test_a_backup_of_the_oldest_schema_restores_upgraded(oldest: Path, tmp_path: Path):
    target = tmp_path / "live.duckdb"
    done = subprocess.run(
        [sys.executable, "-m", "metrics", "restore", str(oldest), "--db", str(target), "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    assert oldest_snapshot(target) | {"store_meta": []} == oldest_snapshot(oldest) | {"store_meta": []}
    store = Store(target)
    try:
        assert store.schema_version() == migrations()[-1].version
        assert store.data_version() == 8  # above the backup's own
    finally:
        store.close()


def test_a_store_at_an_earlier_release_gets_a_lower_numbered_migration_that_arrived_later(
    oldest: Path, monkeypatch: pytest.MonkeyPatch
):
    """A store that had 0001–0005, 0007, 0010 and 0011 (0008 was numbered but not yet shipped; 0012 came
    with it) gets 0008 and 0012, and only them."""
    shipped_before = [m for m in migrations() if m.version not in (8, 12) and m.version < 12]
    later = [f"{m.version:04d}" for m in migrations() if m.version > 12]  # shipped since: applied too
    monkeypatch.setattr("metrics.store.migrations", lambda: shipped_before)
    store = Store(oldest)
    try:
        store.migrate()
        assert store.schema_version() == 11
        monkeypatch.undo()
        assert [m.split(" ")[0] for m in store.migrate()] == ["0008", "0012", *later]
        assert store.migrate() == []
        recorded = [r[0] for r in store.cursor().execute("SELECT version FROM schema_migrations ORDER BY 1").fetchall()]
        assert recorded == [m.version for m in migrations()]
        assert recorded[:10] == [1, 2, 3, 4, 5, 7, 8, 10, 11, 12]
        assert [i.source for i in store.indicators()] == ["upload"]  # 0008's default for an indicator it predates
        assert store.tasks().is_empty() and store.meetings().is_empty()
        assert store.upload_raw(1) == ("quy3.csv", RAW) and store.data_version() == 7
    finally:
        store.close()
