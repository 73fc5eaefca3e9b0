"""The store: migrations, the documented view, history, atomic writes."""

from pathlib import Path

import adbc_driver_manager
import duckdb
import polars as pl
import pytest

from metrics import fmt
from metrics.bootstrap import initialise
from metrics.store import Store, StoreBusy, StoreError, migrations

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
            "SELECT upload_id, value, count_value FROM value_history WHERE unit_code = 'SNV' AND quarter = '2025-Q3'"
            " AND indicator = 'overdue_tasks' ORDER BY upload_id"
        )
        .fetchall()
    )
    assert len(history) == 2 and history[-1] == (upload, None, 9)  # a count: an exact integer, no double
    assert store.uploads(1).select("upload_id", "file_bytes").row(0) == (upload, 1)  # the size of raw=b"x"
    assert store.data_version() == before + 1


BEYOND_DOUBLES = 2**53 + 1  # 9.007.199.254.740.993: the first integer a double cannot hold


def test_counts_and_a_ratios_parts_are_stored_as_exact_integers_never_floats(store):
    types = dict(store.cursor().execute("SELECT column_name, data_type FROM information_schema.columns"
                                        " WHERE table_name = 'current_values'").fetchall())  # fmt: skip
    named = tuple(types[c].upper() for c in ("count_value", "numerator", "denominator", "value"))
    assert named == ("BIGINT", "BIGINT", "BIGINT", "DOUBLE" if store.engine == "duckdb" else "DOUBLE PRECISION")
    exact = pl.DataFrame(
        {"unit_code": ["SNV"], "quarter": ["2025-Q3"], "indicator": ["online_services_rate"],
         "value": [100.0], "numerator": [BEYOND_DOUBLES], "denominator": [BEYOND_DOUBLES]},
    )  # fmt: skip
    store.commit_upload(exact, user="t", file_name="x.csv", raw=b"x", row_count=1)
    read = store.values("2025-Q3", "2025-Q3", ["online_services_rate"], ["SNV"])
    assert (read["numerator"].dtype, read["numerator"].item(), read["denominator"].item()) == (
        pl.Int64,
        9_007_199_254_740_993,
        9_007_199_254_740_993,
    )
    assert fmt.number(read["numerator"].item()) == "9.007.199.254.740.993"
    view = store.cursor().execute(
        "SELECT numerator FROM indicator_values WHERE unit_code = 'SNV' AND quarter = '2025-Q3'"
        " AND indicator = 'online_services_rate'"
    )
    assert view.fetchone() == (9_007_199_254_740_993,)
    count = _records(0).with_columns(pl.lit(BEYOND_DOUBLES, dtype=pl.Int64).alias("value"))
    store.commit_upload(count, user="t", file_name="y.csv", raw=b"y", row_count=1)
    stored = store.cursor().execute(
        "SELECT value, count_value FROM current_values WHERE unit_code = 'SNV' AND quarter = '2025-Q3'"
        " AND indicator = 'overdue_tasks'"
    )
    assert stored.fetchone() == (None, 9_007_199_254_740_993)


def test_a_fractional_count_never_reaches_the_store_rounded(store):
    before = (store.data_version(), store.uploads().height)
    with pytest.raises(StoreError) as refused:
        store.commit_upload(_records(3.5), user="t", file_name="x.csv", raw=b"x", row_count=1)
    assert (
        str(refused.value) == "Số đếm phải là số nguyên: overdue_tasks của SNV (2025-Q3) là 3.5. Không có gì được ghi."
    )
    assert (store.data_version(), store.uploads().height) == before


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
