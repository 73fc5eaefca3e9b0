"""Both engines build the same store from the one list of migrations in schema.sql."""

from __future__ import annotations

import pytest

from metrics.store import Store, _numbered, _statements, migrations


def _shape(store: Store) -> dict[str, object]:
    """Migrations recorded, and every table's and view's columns (by name, in order)."""
    cur = store.cursor()
    columns = cur.execute(
        "SELECT table_name, column_name FROM information_schema.columns"
        " WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position"
    ).fetchall()
    tables: dict[str, list[str]] = {}
    for table, column in columns:
        tables.setdefault(table, []).append(column)
    views = cur.execute(
        "SELECT table_name FROM information_schema.tables"
        " WHERE table_schema = current_schema() AND table_type = 'VIEW' ORDER BY 1"
    ).fetchall()
    recorded = cur.execute("SELECT version, name FROM schema_migrations ORDER BY version").fetchall()
    return {"migrations": recorded, "tables": tables, "views": [v[0] for v in views]}


@pytest.mark.both_engines
def test_each_engine_records_every_migration_once(empty_store: Store):
    assert _shape(empty_store)["migrations"] == [(m.version, m.name) for m in migrations()]
    assert empty_store.migrate() == []


def test_both_engines_get_the_same_migrations_tables_columns_and_view(tmp_path, postgres: str):
    from metrics.bootstrap import initialise
    from tests.conftest import drop_database, new_database

    duck_path = tmp_path / "empty.duckdb"
    initialise(duck_path)
    url = new_database(postgres)
    try:
        initialise(url)
        duck, pg = Store(duck_path), Store(url)
        try:
            duck_shape, pg_shape = _shape(duck), _shape(pg)
        finally:
            duck.close()
            pg.close()
    finally:
        drop_database(postgres, url)
    assert pg_shape == duck_shape
    assert duck_shape["views"] == ["indicator_values"]
    assert "uploads" in duck_shape["tables"] and "raw" in duck_shape["tables"]["uploads"]  # type: ignore[index,operator]


def test_a_migration_with_its_own_postgresql_version_splits_at_the_marker():
    found = {m.version: m for m in migrations()}
    assert "regexp_full_match" in found[1].sql and "regexp_full_match" not in found[1].postgresql
    assert "BYTEA" in found[1].postgresql and "BLOB" in found[1].sql
    assert found[2].sql == found[2].postgresql  # no version of its own: the same text for both
    assert "FOREIGN KEY" in found[15].postgresql and not _statements(found[15].sql)


def test_placeholders_become_postgresql_numbers_and_scripts_split_into_statements():
    assert _numbered("SELECT ? WHERE a = ? AND b = ?", [1, 2, 3]) == ("SELECT $1 WHERE a = $2 AND b = $3", (1, 2, 3))
    assert _numbered("SELECT $name, $other, $name", {"name": "n", "other": 5}) == ("SELECT $1, $2, $1", ("n", 5))
    assert _numbered("SELECT 1", None) == ("SELECT 1", ())
    assert _statements("-- a comment; not a statement\nCREATE TABLE a (x INT); -- end\n\nDROP TABLE a;\n") == [
        "CREATE TABLE a (x INT)",
        "DROP TABLE a",
    ]


def test_two_processes_on_one_postgresql_store_see_each_others_commits(
    postgres: str, sample_pg_template: str, tmp_path
):
    """The data version lives in the database: an import by another process shows on this one's next read."""
    import subprocess
    import sys
    from pathlib import Path

    from tests.conftest import drop_database, new_database

    url = new_database(postgres, sample_pg_template)
    serving = Store(url, release_after=3.0, wait=15.0, yields=True)  # as the app opens it
    try:
        before = serving.data_version()
        assert serving.values("2025-Q3", "2025-Q3", ["complaints"], ["SNV"])["value"].to_list() != [4242.0]
        upload = tmp_path / "quy.csv"
        upload.write_text("unit_code,quarter,complaints\nSNV,2025-Q3,4242\n", encoding="utf-8")
        done = subprocess.run(
            [sys.executable, "-m", "metrics", "import", str(upload), "--db", url],
            capture_output=True,
            text=True,
            cwd=Path(__file__).resolve().parent.parent,
        )
        assert done.returncode == 0, done.stderr
        assert serving.data_version() == before + 1
        assert serving.values("2025-Q3", "2025-Q3", ["complaints"], ["SNV"])["value"].to_list() == [4242.0]
    finally:
        serving.close()
        drop_database(postgres, url)


@pytest.mark.parametrize("name", ['uploads"; DROP TABLE users; --', "Uploads", "1st", "a b", ""])
def test_a_name_that_is_not_a_plain_identifier_never_enters_a_query(name: str):
    from metrics.store import StoreError, _quoted

    with pytest.raises(StoreError):
        _quoted(name)
    assert _quoted("value_history") == '"value_history"'


def test_building_a_postgresql_store_is_whole_or_nothing(postgres: str, monkeypatch: pytest.MonkeyPatch):
    """A crash while the sample loads leaves the database without even a schema; the next start builds it."""
    from metrics.bootstrap import exists, initialise
    from tests.conftest import drop_database, new_database

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    url = new_database(postgres)
    try:
        monkeypatch.setattr("metrics.bootstrap.load_sample", explode)
        with pytest.raises(RuntimeError):
            initialise(url, sample=True)
        assert not exists(url)
        monkeypatch.undo()
        initialise(url, sample=True)
        assert exists(url)
        store = Store(url)
        try:
            assert store.schema_version() == migrations()[-1].version and store.quarters()[0] == "2024-Q1"
        finally:
            store.close()
    finally:
        drop_database(postgres, url)


def test_text_with_a_nul_is_stored_on_postgresql_with_a_stand_in(empty_store: Store):
    """PostgreSQL's text cannot hold U+0000 (DuckDB's can): the replacement character stands in, never an error."""
    from metrics.store import NUL_STAND_IN

    empty_store.audit("a\x00b", "x", "t\x00", None)
    row = empty_store.audit_log(1).row(0, named=True)
    expected = "a\x00b" if empty_store.engine == "duckdb" else f"a{NUL_STAND_IN}b"
    assert row["actor"] == expected
