"""The store: migrations, the documented view, history, atomic writes."""

from pathlib import Path

import adbc_driver_manager
import duckdb
import polars as pl
import pytest

from metrics.bootstrap import initialise
from metrics.store import Store, StoreBusy, migrations

VIEW_COLUMNS = ["unit_code", "quarter", "indicator", "value", "numerator", "denominator", "upload_id", "uploaded_at"]


def test_migrations_are_named_ordered_and_recorded(store):
    found = migrations()
    assert [m.version for m in found] == sorted(m.version for m in found)
    assert found[0].name == "initial"
    assert store.schema_version() == found[-1].version
    recorded = store.cursor().execute("SELECT version, name FROM schema_migrations ORDER BY version").fetchall()
    assert recorded == [(m.version, m.name) for m in found]


def test_migrating_twice_applies_nothing(store):
    assert store.migrate() == []


def test_indicator_values_view_documents_itself(store):
    columns = [c[0] for c in store.cursor().execute("SELECT * FROM indicator_values LIMIT 0").description]
    assert columns == VIEW_COLUMNS
    quarters = store.cursor().execute("SELECT DISTINCT quarter FROM indicator_values ORDER BY 1").fetchall()
    assert quarters[0][0] == "2024-Q1"


def test_ratio_values_are_percentages_of_stored_numerator_and_denominator(store):
    frame = (
        store.cursor()
        .sql("SELECT v.* FROM indicator_values v JOIN indicators i ON i.code = v.indicator WHERE i.kind = 'ratio'")
        .pl()
    )
    with_denominator = frame.filter(pl.col("denominator") > 0)
    assert (
        with_denominator["value"] - 100 * with_denominator["numerator"] / with_denominator["denominator"]
    ).abs().max() < 1e-9
    counts = (
        store.cursor()
        .sql("SELECT v.* FROM indicator_values v JOIN indicators i ON i.code = v.indicator WHERE i.kind <> 'ratio'")
        .pl()
    )
    assert counts["numerator"].null_count() == counts.height
    assert counts["denominator"].null_count() == counts.height


def _records(value: float) -> pl.DataFrame:
    return pl.DataFrame(
        {"unit_code": ["SNV"], "quarter": ["2025-Q3"], "indicator": ["overdue_tasks"],
         "value": [value], "numerator": [None], "denominator": [None]},
        schema_overrides={"numerator": pl.Float64, "denominator": pl.Float64},
    )  # fmt: skip


def test_a_new_upload_replaces_the_current_value_and_keeps_the_old_in_history(store):
    before = store.data_version()
    upload = store.commit_upload(_records(9), user="t", file_name="x.csv", raw=b"x", row_count=1)
    current = store.values("2025-Q3", "2025-Q3", ["overdue_tasks"], ["SNV"])
    assert current["value"].to_list() == [9]
    history = (
        store.cursor()
        .execute(
            "SELECT upload_id, value FROM value_history WHERE unit_code = 'SNV' AND quarter = '2025-Q3'"
            " AND indicator = 'overdue_tasks' ORDER BY upload_id"
        )
        .fetchall()
    )
    assert len(history) == 2 and history[-1] == (upload, 9)
    assert store.data_version() == before + 1


def test_a_failed_write_leaves_nothing_behind(store):
    before = (store.data_version(), store.uploads().height)
    broken = _records(1).with_columns(pl.lit(None, dtype=pl.String).alias("unit_code"))  # violates NOT NULL
    with pytest.raises((duckdb.ConstraintException, adbc_driver_manager.IntegrityError)):
        store.commit_upload(broken, user="t", file_name="x.csv", raw=b"x", row_count=1)
    assert (store.data_version(), store.uploads().height) == before


def test_init_builds_a_complete_store_or_none(tmp_path: Path, monkeypatch):
    path = tmp_path / "new.duckdb"

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("metrics.bootstrap.load_sample", explode)
    with pytest.raises(RuntimeError):
        initialise(path, sample=True)
    assert not path.exists()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.duckdb_only
def test_a_second_process_gets_a_clear_busy_error(sample_db: Path):
    import subprocess
    import sys

    holder = Store(sample_db)
    try:
        code = (
            "import sys\nfrom metrics.store import Store, StoreBusy\n"
            f"try:\n    Store({str(sample_db)!r})\nexcept StoreBusy as e:\n    print(e); sys.exit(3)\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, cwd=Path(__file__).parent.parent
        )
        assert done.returncode == 3, done.stderr
        assert "đang được một chương trình khác sử dụng" in done.stdout
    finally:
        holder.close()
    assert StoreBusy.__mro__[1].__name__ == "StoreError"
