"""copy-store moves a whole store between engines, uploads' raw files and history included, and proves it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from metrics import store as store_module
from metrics.store import CopyMismatch, Store, StoreError, copy_store
from tests.conftest import drop_database, new_database

ROOT = Path(__file__).resolve().parent.parent


def every_row(location: Path | str) -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order (times compare as instants, whatever their zone)."""
    store = Store(location)
    try:
        return {name: sorted(store.read_table(name).rows(), key=repr) for name in store.table_names()}
    finally:
        store.close()


@pytest.fixture
def database(postgres: str):
    url = new_database(postgres)
    yield url
    drop_database(postgres, url)


def test_duckdb_to_postgresql_and_back_keeps_every_row(sample_db: Path, database: str, tmp_path: Path):
    original = every_row(sample_db)
    there = copy_store(sample_db, database)
    back = tmp_path / "back.duckdb"
    again = copy_store(database, back)

    assert there.checksum == again.checksum
    assert there.counts == again.counts == {name: len(rows) for name, rows in original.items()}
    assert there.counts["value_history"] > there.counts["current_values"] > 6000  # history, not only current values
    assert every_row(back) == original
    store = Store(database)
    try:
        first = Store(sample_db)
        try:
            raw = first.upload_raw(1)
            assert raw is not None and len(raw[1]) > 1000
            assert store.upload_raw(1) == raw  # the file as received, byte for byte
            assert store.values().equals(first.values())
            assert store.data_version() == first.data_version()
        finally:
            first.close()
        # the copy goes on numbering where the original stopped
        assert store.commit_upload(
            pl.DataFrame({"unit_code": ["SNV"], "quarter": ["2025-Q3"], "indicator": ["complaints"],
                          "value": [1.0], "numerator": [None], "denominator": [None]},
                         schema_overrides={"numerator": pl.Float64, "denominator": pl.Float64}),
            user="t", file_name="x.csv", raw=b"x", row_count=1,
        ) == there.counts["uploads"] + 1  # fmt: skip
    finally:
        store.close()


def test_the_command_line_copies_both_ways_and_reports_the_same_proof(sample_db: Path, database: str, tmp_path: Path):
    def cli(*args: str) -> dict:
        done = subprocess.run(
            [sys.executable, "-m", "metrics", "copy-store", *args, "--json"], capture_output=True, text=True, cwd=ROOT
        )
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    there = cli("--from", str(sample_db), "--to", database)
    back = cli("--from", database, "--to", str(tmp_path / "back.duckdb"))
    assert there["status"] == back["status"] == "copied"
    assert there["rows"] == back["rows"] and there["checksum"] == back["checksum"]
    assert every_row(tmp_path / "back.duckdb") == every_row(sample_db)


def test_a_target_that_holds_data_is_refused_and_left_alone(sample_db: Path, database: str, tmp_path: Path):
    copy_store(sample_db, database)
    before = every_row(database)
    with pytest.raises(StoreError, match="đã có dữ liệu"):
        copy_store(sample_db, database)
    assert every_row(database) == before
    existing = tmp_path / "existing.duckdb"
    existing.write_bytes(b"not touched")
    with pytest.raises(StoreError, match="đã có"):
        copy_store(database, existing)
    assert existing.read_bytes() == b"not touched"


def test_a_copy_that_does_not_match_is_not_kept(
    sample_db: Path, database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    real = Store.replace_table

    def lossy(self: Store, name: str, rows: pl.DataFrame) -> None:
        real(self, name, rows.head(rows.height - 1) if name == "value_history" else rows)

    monkeypatch.setattr(store_module.Store, "replace_table", lossy)
    with pytest.raises(CopyMismatch):
        copy_store(sample_db, database)
    target = tmp_path / "copy.duckdb"
    with pytest.raises(CopyMismatch):
        copy_store(sample_db, target)
    monkeypatch.undo()
    assert not target.exists() and list(tmp_path.glob(".copy.duckdb.*")) == []
    assert every_row(database)["uploads"] == []  # the PostgreSQL target's transaction rolled back
