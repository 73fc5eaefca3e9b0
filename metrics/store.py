"""The DuckDB store: the one owner of SQL.

Every query is a named method with bound parameters. One connection per
process; every call takes its own cursor, because a DuckDB connection refuses
concurrent use and Streamlit runs each session in its own thread.

Writes that belong together are one transaction: `with store.transaction():`
opens one for the calling thread, and every store method that thread calls
until the block ends joins it (an account and its units, an upload and its
audit record, a check and the replace it guards). The block commits whole or
not at all. Each write method called on its own is a transaction by itself.
Only one thread writes at a time.

DuckDB lets only one process open the file for writing, and then no other
process can open it at all. So that the command line gets its turn while the
app serves people who keep clicking, the two hand the file over through an
intent file beside the store (`<store>.waiting`, holding the waiting
process's id and whether it writes or only reads): the command line writes
it before it opens the store and removes it when it closes; the app, which
watches for it, lets the open calls finish, closes its connection (or, for a
reader such as a backup, reopens read-only so that pages keep reading) and
opens the file again once the intent is gone. While it waits, the app answers
`data_version()` from memory, so pages are served from their caches. An
intent left by a process that has died is ignored. The app also lets go of
the file after a few idle seconds (`release_after`), for tools that do not
announce themselves.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import json
import os
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import adbc_driver_manager
import adbc_driver_postgresql.dbapi as adbc_postgresql
import duckdb
import polars as pl

from metrics.catalogue import Field, Indicator, Unit
from metrics.i18n import Said

SCHEMA_FILE = Path(__file__).with_name("schema.sql")

Params = list[Any] | tuple[Any, ...] | dict[str, Any] | None  # `?` in order, or `$name`
Row = tuple[Any, ...]

_MIGRATION = re.compile(r"^-- migration (\d{4}): (.+)$", re.MULTILINE)
POLL = 0.05  # seconds between looks at the intent file, and between attempts to open


class StoreError(Said, RuntimeError):
    """A store problem, with a message a person can act on (Vietnamese; in English too where written with `said`)."""


class StoreBusy(StoreError):
    """Another process holds the store file."""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str  # DuckDB's
    postgresql: str  # PostgreSQL's: the same text unless the migration carries a version of its own


_ON_POSTGRESQL = re.compile(r"^-- on postgresql:$", re.MULTILINE)


def migrations() -> list[Migration]:
    """The named, ordered migrations in schema.sql, each with its SQL for both engines."""
    text = SCHEMA_FILE.read_text(encoding="utf-8")
    marks = list(_MIGRATION.finditer(text))
    found = []
    for mark, following in zip(marks, [*marks[1:], None], strict=True):
        end = following.start() if following else len(text)
        body = text[mark.end() : end]
        parts = _ON_POSTGRESQL.split(body)
        if len(parts) > 2:
            raise StoreError(f"schema.sql: migration {mark.group(1)} has more than one PostgreSQL version")
        found.append(Migration(int(mark.group(1)), mark.group(2).strip(), parts[0], parts[-1]))
    versions = [m.version for m in found]
    if versions != sorted(set(versions)):
        raise StoreError("schema.sql: migrations must be numbered in increasing order")
    return found


def _busy(path: Path | str, waited: float | None = None) -> StoreBusy:
    """The store is held by another program; `waited` is how long this one waited for its turn."""
    if waited is None:
        return StoreBusy.said("store_busy", path=str(path))
    return StoreBusy.said("store_busy_waited", path=str(path), seconds=f"{waited:g}")


def connect(path: Path | str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as error:
        if "lock" in str(error).lower():
            raise _busy(path) from error
        raise StoreError.said("store_unopened", path=str(path), error=str(error)) from error


# -- hand-over between processes ------------------------------------------------


@dataclass(frozen=True)
class Intent:
    """A process waiting for the store file: `write` needs it alone, `read` can share it with readers."""

    pid: int
    mode: str


def intent_path(path: Path) -> Path:
    return path.with_name(path.name + ".waiting")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def read_intent(path: Path) -> Intent | None:
    """The live intent announced for the store at `path`, if any (a dead process's is ignored)."""
    try:
        data = json.loads(intent_path(path).read_text(encoding="utf-8"))
        intent = Intent(int(data["pid"]), str(data["mode"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return intent if intent.mode in ("read", "write") and _alive(intent.pid) else None


def _claim_intent(path: Path, mode: str) -> bool:
    """Announce this process as waiting for the store; False if another live process already has."""
    target = intent_path(path)
    draft = target.with_name(f"{target.name}.{os.getpid()}")
    draft.write_text(json.dumps({"pid": os.getpid(), "mode": mode}), encoding="utf-8")
    try:
        for _ in range(2):
            try:
                os.link(draft, target)  # appears whole, and only if nobody holds it
                return True
            except FileExistsError:
                if read_intent(path) is not None:
                    return False
                target.unlink(missing_ok=True)  # left by a process that died
        return False
    finally:
        draft.unlink(missing_ok=True)


def _release_intent(path: Path) -> None:
    intent = read_intent(path)
    if intent is not None and intent.pid == os.getpid():
        intent_path(path).unlink(missing_ok=True)


def is_postgres(location: Path | str) -> bool:
    """Whether `location` names a PostgreSQL database (a `postgresql://` URL) rather than a DuckDB file."""
    return isinstance(location, str) and location.startswith(("postgresql://", "postgres://"))


class Store:
    """The store at `path`: a DuckDB file, or a PostgreSQL database when `path` is a
    `postgresql://` URL (then `Store(...)` makes a `PostgresStore`, see below).

    Queries both engines accept are written once; where they differ, the
    PostgreSQL text stands beside DuckDB's (`self._sql(duckdb, postgresql)`).

    - `wait`: seconds to wait for the file (or for a hand-over) before giving up;
    - `release_after`: close the file after that many idle seconds;
    - `yields`: watch for other processes' intents and hand the file over (the app);
    - `announce`: write an intent while this store holds or waits for the file
      (the command line), calling `on_wait` once if it has to wait.
    """

    engine = "duckdb"

    def __new__(cls, path: Path | str, *args: Any, **kwargs: Any) -> Store:
        if cls is Store and is_postgres(path):
            return super().__new__(PostgresStore)
        return super().__new__(cls)

    def __init__(
        self,
        path: Path | str,
        read_only: bool = False,
        release_after: float | None = None,
        wait: float = 0.0,
        *,
        yields: bool = False,
        announce: bool = False,
        on_wait: Callable[[], None] | None = None,
    ) -> None:
        self.path = Path(path)
        self.location: Path | str = self.path
        self._read_only = read_only
        self._wait = wait
        self._release_after = release_after
        self._yields = yields
        self._announce = announce
        self._on_wait = on_wait
        self._announced = False
        self._write_lock = threading.Lock()
        self._cond = threading.Condition(threading.RLock())
        self._local = threading.local()  # per thread: the open transaction's cursor, the nesting depth
        self._active = 0  # calls using the connection now
        self._pause: str | None = None  # None | "swap" | "write" | "read": handing the file over
        self._known_version: int | None = None
        self._last_used = time.monotonic()
        self._closed = False
        self._con: duckdb.DuckDBPyConnection | None = None
        try:
            self._con = self._open(time.monotonic() + wait)
        except BaseException:
            self._withdraw()
            raise
        if release_after or yields:
            threading.Thread(target=self._watch, name="store-watch", daemon=True).start()

    # -- opening, closing and handing over -----------------------------------------

    def _open(self, deadline: float) -> duckdb.DuckDBPyConnection:
        read_only = self._read_only or self._pause == "read"
        told = False
        if self._announce and not self._announced:
            while not _claim_intent(self.path, "read" if read_only else "write"):
                if time.monotonic() >= deadline:
                    raise self._gave_up()
                if not told and self._on_wait:
                    self._on_wait()
                    told = True
                time.sleep(POLL)
            self._announced = True
        while True:
            try:
                return connect(self.path, read_only=read_only)
            except StoreBusy:
                if time.monotonic() >= deadline:
                    raise self._gave_up() from None
                if not told and self._on_wait:
                    self._on_wait()
                    told = True
                time.sleep(POLL)

    def _gave_up(self) -> StoreBusy:
        busy = _busy(self.path)
        if self._wait:
            busy.args = (f"{busy} (Đã chờ {self._wait:g} giây mà chưa đến lượt; hãy thử lại sau ít phút.)",)
        return busy

    def _withdraw(self) -> None:
        if self._announced:
            _release_intent(self.path)
            self._announced = False

    def _watch(self) -> None:
        """Hand the file over when another process asks; let go of it when idle."""
        while not self._closed:
            time.sleep(POLL)
            intent = read_intent(self.path) if self._yields else None
            if intent is not None and intent.pid != os.getpid():
                self._hand_over(intent)
                continue
            if self._release_after:
                with self._cond:
                    idle = time.monotonic() - self._last_used > self._release_after
                    if self._con is not None and idle and not self._active:
                        self._con.close()
                        self._con = None

    def _hand_over(self, intent: Intent) -> None:
        self._swap_to(intent.mode)
        while not self._closed and read_intent(self.path) == intent:
            time.sleep(POLL)
        self._swap_to(None)

    def _swap_to(self, pause: str | None) -> None:
        """Let the open calls finish, close the connection, then allow what `pause` allows."""
        with self._cond:
            self._pause = "swap"
            while self._active:
                self._cond.wait(0.5)
            if self._con is not None:
                self._con.close()
                self._con = None
            self._pause = pause
            self._cond.notify_all()

    def close(self) -> None:
        with self._cond:
            self._closed = True
            if self._con is not None:
                self._con.close()
                self._con = None
            self._cond.notify_all()
        self._withdraw()

    def _enter(self, write: bool) -> None:
        """Count this thread's call as using the connection, opening it (or waiting for it) first."""
        local = self._local
        if getattr(local, "depth", 0):
            local.depth += 1
            return
        deadline = time.monotonic() + self._wait
        with self._cond:
            while True:
                if self._closed:
                    raise StoreError("Kho dữ liệu đã đóng.")
                if not (self._pause in ("swap", "write") or (write and self._pause == "read")):
                    break
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise self._gave_up()
                self._cond.wait(min(remaining, 0.5))
            if self._con is None:
                self._con = self._open(deadline)
            self._active += 1
            self._last_used = time.monotonic()
        local.depth = 1

    def _leave(self) -> None:
        local = self._local
        local.depth -= 1
        if local.depth == 0:
            with self._cond:
                self._active -= 1
                self._last_used = time.monotonic()
                self._cond.notify_all()

    @contextmanager
    def _cursor(self, write: bool = False) -> Iterator[Cursor]:
        """A cursor for one call: the thread's open transaction's, or a new one."""
        joined = getattr(self._local, "tx", None)
        if joined is not None:
            yield joined
            return
        self._enter(write)
        try:
            assert self._con is not None
            cur = self._con.cursor()
            try:
                yield cur
            finally:
                cur.close()
        finally:
            self._leave()

    def cursor(self) -> Cursor:
        """A raw cursor, for tests and tools that inspect the file; the app's code uses named methods.

        Inside `transaction()` it is the transaction's own. Outside, it is not
        counted as in use, so a hand-over may close it: named methods use
        `_one`, `_all`, `_frame`, `_write` or `_tx` instead.
        """
        joined: Cursor | None = getattr(self._local, "tx", None)
        if joined is not None:
            return joined
        self._enter(write=False)
        try:
            assert self._con is not None
            return self._con.cursor()
        finally:
            self._leave()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One unit of work: every store call this thread makes inside the block joins it.

        Commits when the block ends, rolls back if it raises; a block inside
        another joins the outer one. One writer at a time within the process.
        """
        with self._tx():
            yield

    @contextmanager
    def _tx(self) -> Iterator[Cursor]:
        joined = getattr(self._local, "tx", None)
        if joined is not None:
            yield joined
            return
        with self._write_lock:
            self._enter(write=True)
            try:
                assert self._con is not None
                cur = self._con.cursor()
                cur.execute("BEGIN TRANSACTION")
                self._local.tx = cur
                try:
                    yield cur
                except BaseException:
                    self._local.tx = None
                    cur.execute("ROLLBACK")
                    raise
                self._local.tx = None
                cur.execute("COMMIT")
                cur.close()
            finally:
                self._local.tx = None
                self._leave()

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Reads inside the block see one consistent state of the whole store (for a copy or a backup)."""
        with self._tx():
            yield

    def _frame(self, query: str, params: Params = None) -> pl.DataFrame:
        with self._cursor() as cur:
            frame: pl.DataFrame = cur.sql(query, params=params).pl()
            return frame

    def _one(self, query: str, params: Params = None) -> Row | None:
        with self._cursor() as cur:
            return cur.execute(query, params or []).fetchone()

    def _all(self, query: str, params: Params = None) -> list[Row]:
        with self._cursor() as cur:
            return cur.execute(query, params or []).fetchall()

    def _write(self, query: str, params: Params = None, returning: bool = False) -> Row | None:
        """One statement as its own transaction (or within the thread's open one); its RETURNING row."""
        with self._tx() as cur:
            cur.execute(query, params or [])
            return cur.fetchone() if returning else None

    def _sql(self, duckdb_sql: str, postgresql_sql: str) -> str:
        """The query for this store's engine, where the two dialects differ."""
        return postgresql_sql if self.engine == "postgresql" else duckdb_sql

    def _run_migration(self, cur: Any, migration: Migration) -> None:
        if migration.sql.strip():
            cur.execute(migration.sql)

    def _lock_schema(self, cur: Any) -> None:
        """Keep other processes from migrating meanwhile (DuckDB: the file is this process's alone)."""

    def checkpoint(self) -> None:
        """Write everything to the store file itself (DuckDB), so that the file can be copied or moved whole."""
        with self._cursor() as cur:
            cur.execute("CHECKPOINT")

    def analyze(self) -> None:
        """Refresh the planner's statistics after a bulk load (PostgreSQL; DuckDB keeps its own)."""

    # -- schema -------------------------------------------------------------

    def schema_version(self) -> int:
        exists = self._one(
            "SELECT count(*) FROM information_schema.tables"
            " WHERE table_name = 'schema_migrations' AND table_schema = current_schema()"
        )
        if not exists or not exists[0]:
            return 0
        row = self._one("SELECT coalesce(max(version), 0) FROM schema_migrations")
        return int(row[0]) if row else 0

    def migrate(self, up_to: int | None = None) -> list[str]:
        """Apply the pending migrations (up to `up_to`, default all), in order; return the names applied.

        A migration is pending when it is not recorded, even below the newest
        recorded one: numbers are taken by parallel work, so a store can hold
        0010 before 0008 ships.
        """
        with self._tx() as cur:
            self._lock_schema(cur)
            cur.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations ("
                " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
                " applied_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)"
            )
        done = {int(r[0]) for r in self._all("SELECT version FROM schema_migrations")}
        applied = []
        for migration in migrations():
            if migration.version in done or (up_to is not None and migration.version > up_to):
                continue
            with self._tx() as cur:
                self._lock_schema(cur)
                found = cur.execute("SELECT count(*) FROM schema_migrations WHERE version = ?", [migration.version])
                if found.fetchall()[0][0]:  # applied by another process meanwhile
                    continue
                self._run_migration(cur, migration)
                cur.execute(
                    "INSERT INTO schema_migrations (version, name) VALUES (?, ?)",
                    [migration.version, migration.name],
                )
            applied.append(f"{migration.version:04d} {migration.name}")
        return applied

    # -- catalogue ----------------------------------------------------------

    def replace_catalogue(self, fields: list[Field], indicators: list[Indicator], units: list[Unit]) -> None:
        with self._tx() as cur:
            cur.execute("DELETE FROM fields")
            cur.executemany(
                "INSERT INTO fields VALUES (?, ?, ?, ?)",
                [[f.code, f.label_vi, f.label_en, i] for i, f in enumerate(fields)],
            )
            cur.execute("DELETE FROM indicators")
            cur.executemany(
                "INSERT INTO indicators (code, name_vi, name_en, unit_vi, unit_en, kind, direction, numerator,"
                " denominator, target, target_source, decimals, sort_order, maximum, source)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    [
                        x.code, x.name_vi, x.name_en, x.unit_vi, x.unit_en, x.kind,
                        x.direction, x.numerator, x.denominator, x.target,
                        x.target_source, x.decimals, i, x.maximum, x.source,
                    ]
                    for i, x in enumerate(indicators)
                ],
            )  # fmt: skip
            cur.execute("DELETE FROM units")
            cur.executemany(
                "INSERT INTO units (code, name_vi, name_en, kind, parent_code, valid_from, valid_to,"
                " successor_code, sort_order, portal_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    [
                        u.code, u.name_vi, u.name_en, u.kind, u.parent_code,
                        u.valid_from, u.valid_to, u.successor_code, i, u.portal_code,
                    ]
                    for i, u in enumerate(units)
                ],
            )  # fmt: skip
            self._bump_version(cur)

    def codes_in_use(self, column: str) -> list[str]:
        """Unit or indicator codes that hold at least one committed value."""
        queries = {
            "unit_code": "SELECT DISTINCT unit_code FROM value_history",
            "indicator": "SELECT DISTINCT indicator FROM value_history",
        }
        return [r[0] for r in self._all(queries[column])]

    def update_target(self, code: str, target: float | None, source: str | None) -> None:
        with self._tx() as cur:
            cur.execute("UPDATE indicators SET target = ?, target_source = ? WHERE code = ?", [target, source, code])
            self._bump_version(cur)

    def fields(self) -> list[Field]:
        return [Field(*row) for row in self._all("SELECT code, label_vi, label_en FROM fields ORDER BY sort_order")]

    def indicators(self) -> list[Indicator]:
        rows = self._all(
            "SELECT code, name_vi, name_en, unit_vi, unit_en, kind, direction, numerator,"
            " denominator, target, target_source, decimals, maximum, coalesce(source, 'upload')"
            " FROM indicators ORDER BY sort_order"
        )
        return [Indicator(*row) for row in rows]

    def units(self) -> list[Unit]:
        rows = self._all(
            "SELECT code, name_vi, name_en, kind, parent_code, valid_from, valid_to,"
            " successor_code, portal_code FROM units ORDER BY sort_order"
        )
        return [Unit(*row) for row in rows]

    # -- reads --------------------------------------------------------------

    def data_version(self) -> int:
        """Bumped by every write; caches key on it.

        While the file is handed over to another process, the last version
        read, so that pages keep serving from their caches meanwhile.
        """
        if self._pause in ("swap", "write") and self._known_version is not None:
            return self._known_version
        row = self._one("SELECT value FROM store_meta WHERE key = 'data_version'")
        self._known_version = int(row[0]) if row else 0
        return self._known_version

    def quarters(self) -> list[str]:
        """Quarters that hold at least one value, oldest first."""
        return [r[0] for r in self._all("SELECT DISTINCT quarter FROM current_values ORDER BY 1")]

    def values(
        self,
        first_quarter: str | None = None,
        last_quarter: str | None = None,
        indicators: list[str] | None = None,
        units: list[str] | None = None,
    ) -> pl.DataFrame:
        """Current values in a quarter range, as the `indicator_values` view has them."""
        return self._frame(
            self._sql(
                "SELECT unit_code, quarter, indicator, coalesce(CAST(count_value AS DOUBLE PRECISION), value) AS value,"
                " numerator, denominator"
                " FROM current_values"
                " WHERE ($first IS NULL OR quarter >= $first)"
                "   AND ($last IS NULL OR quarter <= $last)"
                "   AND ($indicators IS NULL OR list_contains($indicators, indicator))"
                "   AND ($units IS NULL OR list_contains($units, unit_code))"
                " ORDER BY quarter, unit_code, indicator",
                "SELECT unit_code, quarter, indicator, coalesce(CAST(count_value AS DOUBLE PRECISION), value) AS value,"
                " numerator, denominator"
                " FROM current_values"
                " WHERE (CAST($first AS VARCHAR) IS NULL OR quarter >= $first)"
                "   AND (CAST($last AS VARCHAR) IS NULL OR quarter <= $last)"
                "   AND (CAST($indicators AS VARCHAR[]) IS NULL OR indicator = ANY($indicators))"
                "   AND (CAST($units AS VARCHAR[]) IS NULL OR unit_code = ANY($units))"
                " ORDER BY quarter, unit_code, indicator",
            ),
            {"first": first_quarter, "last": last_quarter, "indicators": indicators, "units": units},
        )

    def last_commit(self) -> datetime | None:
        """When the figures last changed: the newest committed upload, or a later rollback."""
        row = self._one(
            self._sql(
                "SELECT epoch(greatest(max(uploaded_at) FILTER (WHERE status = 'committed'), max(rolled_back_at)))"
                " FROM uploads",
                "SELECT CAST(extract(epoch FROM greatest(max(uploaded_at) FILTER (WHERE status = 'committed'),"
                " max(rolled_back_at))) AS FLOAT8) FROM uploads",
            )
        )
        return datetime.fromtimestamp(row[0], tz=UTC) if row and row[0] is not None else None

    def uploads(self, limit: int | None = None) -> pl.DataFrame:
        """The upload log, newest first."""
        return self._frame(
            "SELECT upload_id, uploaded_by, uploaded_at, file_name, sha256, row_count, status,"
            " error_count, changed_values, rolled_back_by, rolled_back_at, period, file_bytes"
            " FROM uploads ORDER BY upload_id DESC LIMIT " + self._sql("$limit", "CAST($limit AS BIGINT)"),
            {"limit": limit},
        )

    def upload_raw(self, upload_id: int) -> tuple[str, bytes] | None:
        """The file name and bytes of an upload, as received."""
        row = self._one("SELECT file_name, raw FROM uploads WHERE upload_id = ?", [upload_id])
        return (row[0], bytes(row[1])) if row and row[1] is not None else None

    def current_for(self, keys: pl.DataFrame) -> pl.DataFrame:
        """Stored values for the (unit_code, quarter, indicator) rows of `keys`."""
        with self._cursor() as cur:
            cur.register("wanted", keys.select("unit_code", "quarter", "indicator").unique())
            try:
                return cur.sql(
                    "SELECT c.unit_code, c.quarter, c.indicator,"
                    " coalesce(CAST(c.count_value AS DOUBLE PRECISION), c.value) AS value, c.numerator, c.denominator"
                    " FROM current_values c JOIN wanted w USING (unit_code, quarter, indicator)"
                ).pl()
            finally:
                cur.unregister("wanted")

    def largest_values(self, keys: pl.DataFrame) -> pl.DataFrame:
        """The largest stored value, numerator and denominator of each (unit_code, indicator) in `keys`."""
        with self._cursor() as cur:
            cur.register("wanted", keys.select("unit_code", "indicator").unique())
            try:
                return cur.sql(
                    "SELECT c.unit_code, c.indicator,"
                    " max(coalesce(CAST(c.count_value AS DOUBLE PRECISION), c.value)) AS largest_value,"
                    " max(c.numerator) AS largest_numerator, max(c.denominator) AS largest_denominator"
                    " FROM current_values c JOIN wanted w USING (unit_code, indicator)"
                    " GROUP BY c.unit_code, c.indicator"
                ).pl()
            finally:
                cur.unregister("wanted")

    # -- the national service index (the rules live in metrics.portal) --------

    def portal_rows(self, first_quarter: str | None = None, last_quarter: str | None = None) -> pl.DataFrame:
        """The published rows in force per quarter: those of the newest committed upload
        that published the quarter (so a rollback brings the earlier ones back).
        Each sheet (the national one, the province's own) counts on its own:
        a newer provincial sheet does not hide the national comparison."""
        return self._frame(
            "WITH latest AS ("
            "  SELECT p.quarter, p.level = 'province' AS national, max(p.upload_id) AS upload_id"
            "  FROM portal_rows p JOIN uploads u USING (upload_id) WHERE u.status = 'committed'"
            + self._sql("  GROUP BY ALL)", "  GROUP BY p.quarter, p.level = 'province')")
            + " SELECT p.upload_id, p.row_number, p.quarter, p.portal_code, p.name, p.level, p.unit_code,"
            "  p.ckmb, p.tdgq, p.clgq, p.tttt, p.mdhl, p.mdsh, p.total, p.rank"
            " FROM portal_rows p JOIN latest l"
            "  ON p.upload_id = l.upload_id AND p.quarter = l.quarter AND (p.level = 'province') = l.national"
            + self._sql(
                " WHERE ($first IS NULL OR p.quarter >= $first) AND ($last IS NULL OR p.quarter <= $last)",
                " WHERE (CAST($first AS VARCHAR) IS NULL OR p.quarter >= $first)"
                " AND (CAST($last AS VARCHAR) IS NULL OR p.quarter <= $last)",
            )
            + " ORDER BY p.quarter, p.level, p.rank NULLS LAST, p.portal_code",
            {"first": first_quarter, "last": last_quarter},
        )

    def published_ranks(self) -> pl.DataFrame:
        """The published rank (ROW_STT) kept with each current `idx766_total` value:
        the rank printed in the upload that value came from."""
        return self._frame(
            "SELECT c.unit_code, c.quarter, p.rank FROM current_values c"
            " JOIN portal_rows p ON p.upload_id = c.upload_id AND p.unit_code = c.unit_code AND p.quarter = c.quarter"
            " WHERE c.indicator = 'idx766_total' ORDER BY c.quarter, c.unit_code"
        )

    # -- accounts (the rules live in metrics.auth) ----------------------------

    def user_count(self) -> int:
        row = self._one("SELECT count(*) FROM users")
        return int(row[0]) if row else 0

    def user_row(self, username: str) -> dict[str, Any] | None:
        frame = self._frame(
            "SELECT username, display_name, email, role, password_hash, disabled FROM users WHERE username = ?",
            [username],
        )
        return frame.row(0, named=True) if frame.height else None

    def account(self, username: str, browser_session: str | None = None) -> dict[str, Any] | None:
        """An account with its units, and whether `browser_session` still exists, in one query.

        Run on every page run of a signed-in session: lookups by key only, and
        uncorrelated subqueries (DuckDB plans a correlated one at twice the
        cost of the three queries it replaces). `session_live` is true when no
        browser session is named.
        """
        row = self._one(
            self._sql(
                "SELECT username, display_name, email, role, disabled, epoch(password_set_at),"
                " (SELECT list(unit_code ORDER BY unit_code) FROM user_units WHERE username = $name),"
                " ($token IS NULL OR (SELECT count(*) FROM browser_sessions WHERE token_hash = $token) > 0)"
                " FROM users WHERE username = $name",
                "SELECT username, display_name, email, role, disabled,"
                " CAST(extract(epoch FROM password_set_at) AS FLOAT8),"
                " (SELECT array_agg(unit_code ORDER BY unit_code) FROM user_units WHERE username = $name),"
                " (CAST($token AS VARCHAR) IS NULL"
                "  OR (SELECT count(*) FROM browser_sessions WHERE token_hash = $token) > 0)"
                " FROM users WHERE username = $name",
            ),
            {"name": username, "token": browser_session},
        )
        if row is None:
            return None
        keys = ("username", "display_name", "email", "role", "disabled", "password_set_at", "units", "session_live")
        return {**dict(zip(keys, row, strict=True)), "units": row[6] or []}

    def users(self) -> pl.DataFrame:
        return self._frame(
            self._sql(
                "SELECT u.username, u.display_name, u.email, u.role, u.disabled,"
                " list(uu.unit_code ORDER BY uu.unit_code) FILTER (WHERE uu.unit_code IS NOT NULL) AS units"
                " FROM users u LEFT JOIN user_units uu USING (username)"
                " GROUP BY ALL ORDER BY u.username",
                "SELECT u.username, u.display_name, u.email, u.role, u.disabled,"
                " coalesce(array_agg(uu.unit_code ORDER BY uu.unit_code)"
                "  FILTER (WHERE uu.unit_code IS NOT NULL), CAST(ARRAY[] AS VARCHAR[])) AS units"
                " FROM users u LEFT JOIN user_units uu USING (username)"
                " GROUP BY u.username, u.display_name, u.email, u.role, u.disabled ORDER BY u.username",
            )
        )

    def user_units(self, username: str) -> list[str]:
        return [r[0] for r in self._all("SELECT unit_code FROM user_units WHERE username = ? ORDER BY 1", [username])]

    def username_for_email(self, email: str) -> str | None:
        row = self._one("SELECT username FROM users WHERE email = ?", [email])
        return row[0] if row else None

    def insert_user(
        self, username: str, display_name: str, email: str | None, role: str, password_hash: str | None
    ) -> None:
        self._write(
            "INSERT INTO users (username, display_name, email, role, password_hash) VALUES (?, ?, ?, ?, ?)",
            [username, display_name, email, role, password_hash],
        )

    def replace_user_units(self, username: str, units: list[str]) -> None:
        with self._tx() as cur:
            cur.execute("DELETE FROM user_units WHERE username = ?", [username])
            if units:
                cur.executemany("INSERT INTO user_units VALUES (?, ?)", [[username, u] for u in sorted(set(units))])

    def update_password(self, username: str, password_hash: str) -> None:
        self._write(
            "UPDATE users SET password_hash = ?, password_set_at = current_timestamp WHERE username = ?",
            [password_hash, username],
        )

    def update_disabled(self, username: str, disabled: bool) -> None:
        self._write("UPDATE users SET disabled = ? WHERE username = ?", [disabled, username])

    def record_sign_in(self, username: str, success: bool, at: datetime, client: str = "") -> None:
        self._write(
            "INSERT INTO sign_in_attempts (username, attempted_at, success, client) VALUES (?, to_timestamp(?), ?, ?)",
            [username, at.timestamp(), success, client],
        )

    def recent_failures(self, username: str, since: datetime, client: str | None = None) -> list[datetime]:
        """Failed sign-ins for a name after `since`, oldest first.

        With `client`: that client's failures after its last success for the
        name. Without: every client's failures, whoever succeeded meanwhile.
        """
        rows = self._all(
            self._sql(
                "SELECT epoch(attempted_at) FROM sign_in_attempts"
                " WHERE username = $name AND NOT success AND attempted_at > to_timestamp($since)"
                " AND ($client IS NULL OR (client = $client AND attempted_at > coalesce("
                "  (SELECT max(attempted_at) FROM sign_in_attempts WHERE username = $name AND client = $client"
                "   AND success), to_timestamp(0))))"
                " ORDER BY attempted_at",
                "SELECT CAST(extract(epoch FROM attempted_at) AS FLOAT8) FROM sign_in_attempts"
                " WHERE username = $name AND NOT success AND attempted_at > to_timestamp($since)"
                " AND (CAST($client AS VARCHAR) IS NULL OR (client = $client AND attempted_at > coalesce("
                "  (SELECT max(attempted_at) FROM sign_in_attempts WHERE username = $name AND client = $client"
                "   AND success), to_timestamp(0))))"
                " ORDER BY attempted_at",
            ),
            {"name": username, "since": since.timestamp(), "client": client},
        )
        return [datetime.fromtimestamp(r[0], tz=UTC) for r in rows]

    def signed_in_from(self, username: str, client: str, since: datetime) -> bool:
        """Whether the name signed in successfully from this client since `since`."""
        row = self._one(
            "SELECT count(*) FROM sign_in_attempts WHERE username = ? AND client = ? AND success"
            " AND attempted_at >= to_timestamp(?)",
            [username, client, since.timestamp()],
        )
        return bool(row and row[0])

    def audit(self, actor: str, action: str, target: str | None = None, detail: str | None = None) -> None:
        self._write(
            "INSERT INTO audit_log (actor, action, target, detail) VALUES (?, ?, ?, ?)", [actor, action, target, detail]
        )

    def audit_log(self, limit: int = 1000) -> pl.DataFrame:
        return self._frame(
            "SELECT audit_id, logged_at, actor, action, target, detail FROM audit_log ORDER BY audit_id DESC LIMIT ?",
            [limit],
        )

    # Browser sessions are written by many tabs at once (several resume together
    # after a restart): like every write, one writer at a time, or DuckDB
    # reports a conflict.

    def insert_browser_session(self, token_hash: str, username: str, at: float) -> None:
        self._write(
            "INSERT INTO browser_sessions VALUES (?, ?, to_timestamp(?), to_timestamp(?))",
            [token_hash, username, at, at],
        )

    def browser_session(self, token_hash: str) -> tuple[str, float, float] | None:
        """(username, created, last seen) of a browser session, times in epoch seconds."""
        row = self._one(
            self._sql(
                "SELECT username, epoch(created_at), epoch(last_seen_at) FROM browser_sessions WHERE token_hash = ?",
                "SELECT username, CAST(extract(epoch FROM created_at) AS FLOAT8),"
                " CAST(extract(epoch FROM last_seen_at) AS FLOAT8) FROM browser_sessions WHERE token_hash = ?",
            ),
            [token_hash],
        )
        return (row[0], float(row[1]), float(row[2])) if row else None

    def touch_browser_session(self, token_hash: str, at: float) -> bool:
        """Note the session as in use; False when it no longer exists (signed out, revoked)."""
        row = self._write(
            "UPDATE browser_sessions SET last_seen_at = to_timestamp(?) WHERE token_hash = ? RETURNING 1",
            [at, token_hash],
            returning=True,
        )
        return row is not None

    def delete_browser_session(self, token_hash: str) -> None:
        self._write("DELETE FROM browser_sessions WHERE token_hash = ?", [token_hash])

    def delete_browser_sessions(self, username: str) -> None:
        self._write("DELETE FROM browser_sessions WHERE username = ?", [username])

    def insert_sign_in_ticket(self, ticket_hash: str, sealed: str, expires_at: float, now: float) -> None:
        """A one-time sign-in ticket; those expired by `now` go on the way (epoch seconds)."""
        with self.transaction():
            self._write("DELETE FROM sign_in_tickets WHERE expires_at < ?", [now])
            self._write("INSERT INTO sign_in_tickets VALUES (?, ?, ?)", [ticket_hash, sealed, expires_at])

    def take_sign_in_ticket(self, ticket_hash: str, now: float) -> str | None:
        """The sealed token of a ticket alive at `now`, which is used up; None when unknown or expired."""
        row = self._write(
            "DELETE FROM sign_in_tickets WHERE ticket_hash = ? RETURNING sealed, expires_at",
            [ticket_hash],
            returning=True,
        )
        return str(row[0]) if row and float(row[1]) >= now else None

    def delete_stale_browser_sessions(self, seen_before: float, created_before: float) -> None:
        self._write(
            "DELETE FROM browser_sessions WHERE last_seen_at < to_timestamp(?) OR created_at < to_timestamp(?)",
            [seen_before, created_before],
        )

    def insert_display_link(self, token_hash: str, label: str, created_by: str) -> None:
        self._write(
            "INSERT INTO display_links (token_hash, label, created_by) VALUES (?, ?, ?)",
            [token_hash, label, created_by],
        )

    def revoke_display_link(self, token_hash: str) -> None:
        self._write(
            "UPDATE display_links SET revoked_at = current_timestamp WHERE token_hash = ? AND revoked_at IS NULL",
            [token_hash],
        )

    def live_display_link(self, token_hash: str) -> str | None:
        row = self._one("SELECT label FROM display_links WHERE token_hash = ? AND revoked_at IS NULL", [token_hash])
        return row[0] if row else None

    def display_links(self) -> pl.DataFrame:
        return self._frame(
            "SELECT token_hash, label, created_by, created_at, revoked_at FROM display_links ORDER BY created_at DESC"
        )

    # -- presentation agendas ---------------------------------------------------

    def agendas(self) -> dict[str, list[str]]:
        rows = self._all("SELECT name, slides FROM agendas ORDER BY name")
        return {name: list(slides) for name, slides in rows}

    def save_agenda(self, name: str, slides: list[str], user: str) -> None:
        self._write(
            self._sql(
                "INSERT OR REPLACE INTO agendas (name, slides, updated_by) VALUES (?, ?, ?)",
                "INSERT INTO agendas (name, slides, updated_by) VALUES (?, ?, ?) ON CONFLICT (name)"
                " DO UPDATE SET slides = excluded.slides, updated_by = excluded.updated_by,"
                " updated_at = excluded.updated_at",
            ),
            [name, slides, user],
        )

    def delete_agenda(self, name: str) -> None:
        self._write("DELETE FROM agendas WHERE name = ?", [name])

    # -- reporting calendar -------------------------------------------------

    def due_dates(self) -> dict[str, date]:
        """Due days set by an administrator, by quarter (others fall back to the default)."""
        rows = self._all("SELECT quarter, due_on FROM reporting_due")
        return {r[0]: r[1] for r in rows}

    def set_due_date(self, quarter: str, due_on: date, user: str) -> None:
        """Set a quarter's due day, audited in the same transaction."""
        with self._tx() as cur:
            cur.execute(
                "INSERT INTO reporting_due (quarter, due_on, set_by) VALUES (?, ?, ?)"
                " ON CONFLICT (quarter) DO UPDATE SET due_on = excluded.due_on, set_by = excluded.set_by,"
                " set_at = excluded.set_at",
                [quarter, due_on, user],
            )
            cur.execute(
                "INSERT INTO audit_log (actor, action, target, detail) VALUES (?, 'due_date_set', ?, ?)",
                [user, quarter, due_on.isoformat()],
            )
            self._bump_version(cur)

    def set_upload_time(self, upload_id: int, at: datetime) -> None:
        """Date an upload: for the sample province and for importing a province's earlier files."""
        self._write("UPDATE uploads SET uploaded_at = ? WHERE upload_id = ?", [at, upload_id])

    def first_reports(self, quarter: str, indicators: list[str]) -> pl.DataFrame:
        """Per unit, the first committed upload that holds values for it, the quarter and one of
        `indicators`: when and by whom."""
        return self._frame(
            "SELECT unit_code, uploaded_at AS reported_at, uploaded_by AS reported_by, upload_id FROM ("
            "  SELECT h.unit_code, u.uploaded_at, u.uploaded_by, u.upload_id, row_number() OVER ("
            "    PARTITION BY h.unit_code ORDER BY u.uploaded_at, u.upload_id) AS nth"
            "  FROM value_history h JOIN uploads u ON u.upload_id = h.upload_id"
            "  WHERE h.quarter = $quarter AND u.status = 'committed' AND "
            + self._sql("list_contains($indicators, h.indicator)", "h.indicator = ANY($indicators)")
            + ") AS firsts WHERE nth = 1 ORDER BY unit_code",
            {"quarter": quarter, "indicators": indicators},
        )

    # -- writes -------------------------------------------------------------

    def set_meta(self, key: str, value: str) -> None:
        """Set one store_meta entry (such as the time a backup copy was taken)."""
        self._write(
            "INSERT INTO store_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )

    def delete_meta(self, key: str) -> None:
        self._write("DELETE FROM store_meta WHERE key = ?", [key])

    def set_data_version(self, version: int) -> None:
        self._write("UPDATE store_meta SET value = CAST(? AS VARCHAR) WHERE key = 'data_version'", [version])

    def _bump_version(self, cur: Cursor) -> None:
        cur.execute(
            "UPDATE store_meta SET value = CAST(CAST(value AS BIGINT) + 1 AS VARCHAR) WHERE key = 'data_version'"
        )

    def record_rejected(
        self,
        *,
        user: str,
        file_name: str,
        raw: bytes,
        row_count: int,
        error_count: int,
        file_bytes: int | None = None,
        sha256: str | None = None,
    ) -> int:
        """Log a refused upload with its file, so nothing a person sent is lost; values stay as they are.

        `raw` is what is kept of the file; `file_bytes` and `sha256` describe all of it (default: `raw`'s)."""
        row = self._write(
            "INSERT INTO uploads (uploaded_by, file_name, sha256, row_count, status, raw, error_count, file_bytes)"
            " VALUES (?, ?, ?, ?, 'rejected', ?, ?, ?) RETURNING upload_id",
            [user, file_name, sha256 or hashlib.sha256(raw).hexdigest(), row_count, raw, error_count,
             len(raw) if file_bytes is None else file_bytes],
            returning=True,
        )  # fmt: skip
        assert row is not None
        return int(row[0])

    def rollback_upload(self, upload_id: int, user: str) -> int:
        """Undo a committed upload: each of its values goes back to the newest other
        committed upload's value, or disappears if there was none. Returns the
        number of values restored or removed."""
        with self._tx() as cur:
            row = cur.execute("SELECT status FROM uploads WHERE upload_id = ?", [upload_id]).fetchone()
            if row is None:
                raise StoreError.said("upload_unknown", number=str(upload_id))
            if row[0] != "committed":
                raise StoreError.said("upload_not_committed", number=str(upload_id))
            cur.execute(
                "UPDATE uploads SET status = 'rolled_back', rolled_back_by = ?, rolled_back_at = current_timestamp"
                " WHERE upload_id = ?",
                [user, upload_id],
            )
            cur.execute(
                self._sql(
                    "CREATE OR REPLACE TEMP TABLE undo_keys AS"
                    " SELECT unit_code, quarter, indicator FROM value_history WHERE upload_id = ?",
                    "CREATE TEMP TABLE undo_keys ON COMMIT DROP AS"
                    " SELECT unit_code, quarter, indicator FROM value_history WHERE upload_id = ?",
                ),
                [upload_id],
            )
            count = cur.execute("SELECT count(*) FROM undo_keys").fetchone()
            cur.execute(
                "DELETE FROM current_values c USING undo_keys k WHERE c.unit_code = k.unit_code"
                " AND c.quarter = k.quarter AND c.indicator = k.indicator"
            )
            cur.execute(
                "INSERT INTO current_values (unit_code, quarter, indicator, value, numerator, denominator,"
                " count_value, upload_id)"
                " SELECT unit_code, quarter, indicator, value, numerator, denominator, count_value, upload_id FROM ("
                "  SELECT h.*, row_number() OVER (PARTITION BY h.unit_code, h.quarter, h.indicator"
                "                                 ORDER BY h.upload_id DESC) AS newest"
                "  FROM value_history h JOIN undo_keys k USING (unit_code, quarter, indicator)"
                "  JOIN uploads u ON u.upload_id = h.upload_id WHERE u.status = 'committed'"
                " ) AS ranked WHERE newest = 1 AND (value IS NOT NULL OR denominator IS NOT NULL OR count_value IS NOT NULL)"
            )
            cur.execute("DROP TABLE undo_keys")
            self._bump_version(cur)
        return int(count[0]) if count else 0

    def commit_upload(
        self,
        records: pl.DataFrame,
        *,
        user: str,
        file_name: str,
        raw: bytes,
        row_count: int,
        changed_values: int | None = None,
        period: str | None = None,
        portal_rows: pl.DataFrame | None = None,
    ) -> int:
        """Record an upload and make its values current, in one transaction.

        `records` has unit_code, quarter, indicator, value, numerator,
        denominator. A portal export also gives the period its uploader named
        and its rows as published (`portal_rows`, the columns of that table).
        """
        with self._tx() as cur:
            upload_id = self._write_upload(cur, records, user, file_name, raw, row_count, changed_values, period)
            if portal_rows is not None and portal_rows.height:
                cur.register("published", portal_rows.with_columns(pl.lit(upload_id).alias("upload_id")))
                cur.execute(
                    "INSERT INTO portal_rows (upload_id, row_number, quarter, portal_code, name, level, unit_code,"
                    " ckmb, tdgq, clgq, tttt, mdhl, mdsh, total, rank)"
                    " SELECT upload_id, row_number, quarter, portal_code, name, level, unit_code,"
                    " ckmb, tdgq, clgq, tttt, mdhl, mdsh, total, rank FROM published"
                )
                cur.unregister("published")
            self._bump_version(cur)
        return upload_id

    def _write_upload(
        self,
        cur: Cursor,
        records: pl.DataFrame,
        user: str,
        file_name: str,
        raw: bytes,
        row_count: int,
        changed_values: int | None,
        period: str | None = None,
    ) -> int:
        """The upload row, its history and its current values, inside the caller's transaction."""
        sha = hashlib.sha256(raw).hexdigest()
        changed = records.height if changed_values is None else changed_values
        row = cur.execute(
            "INSERT INTO uploads (uploaded_by, file_name, sha256, row_count, status, raw, changed_values, period,"
            " file_bytes) VALUES (?, ?, ?, ?, 'committed', ?, ?, ?, ?) RETURNING upload_id",
            [user, file_name, sha, row_count, raw, changed, period, len(raw)],
        ).fetchone()
        assert row is not None
        upload_id = int(row[0])
        counts = [i.code for i in self.indicators() if i.is_count]
        batch = _exact_counts(records, counts).with_columns(pl.lit(upload_id, dtype=pl.Int32).alias("upload_id"))
        cur.register("incoming", batch)
        cur.execute(
            "INSERT INTO value_history (upload_id, unit_code, quarter, indicator, value,"
            " numerator, denominator, count_value) SELECT upload_id, unit_code, quarter, indicator,"
            " value, numerator, denominator, count_value FROM incoming"
        )
        cur.execute(
            "DELETE FROM current_values c USING incoming i WHERE c.unit_code = i.unit_code"
            " AND c.quarter = i.quarter AND c.indicator = i.indicator"
        )
        cur.execute(
            "INSERT INTO current_values (unit_code, quarter, indicator, value, numerator, denominator,"
            " count_value, upload_id) SELECT unit_code, quarter, indicator, value, numerator, denominator,"
            " count_value, upload_id FROM incoming"
            " WHERE value IS NOT NULL OR denominator IS NOT NULL OR count_value IS NOT NULL"
        )
        cur.unregister("incoming")
        return upload_id

    # -- task register, meetings and conclusions (rules in metrics.tasks, metrics.task_import) --

    def tasks(self, units: list[str] | None = None) -> pl.DataFrame:
        """The current version of every task (of the given lead units), by document date."""
        return self._frame(
            "SELECT task_id, document, document_date, summary, assigned_by, lead_unit, co_units,"
            " deadline, extended_to, completed_on, progress, meeting_id, import_id FROM tasks"
            + self._sql(
                " WHERE ($units IS NULL OR list_contains($units, lead_unit))",
                " WHERE (CAST($units AS VARCHAR[]) IS NULL OR lead_unit = ANY($units))",
            )
            + " ORDER BY document_date, task_id",
            {"units": units},
        )

    def task_versions(self, task_id: str) -> pl.DataFrame:
        """Every imported version of one task, oldest first, with who imported it and when."""
        return self._frame(
            "SELECT v.import_id, i.imported_at, i.imported_by, i.file_name, v.task_id, v.document,"
            " v.document_date, v.summary, v.assigned_by, v.lead_unit, v.co_units, v.deadline, v.extended_to,"
            " v.completed_on, v.progress, v.meeting_id FROM task_versions v JOIN task_imports i USING (import_id)"
            " WHERE v.task_id = ? ORDER BY v.import_id",
            [task_id],
        )

    def task_imports(self, limit: int | None = None) -> pl.DataFrame:
        """The register's import log, newest first."""
        return self._frame(
            "SELECT import_id, imported_by, imported_at, origin, file_name, sha256, row_count, status,"
            " error_count, new_tasks, changed_tasks, upload_id, file_bytes FROM task_imports ORDER BY import_id DESC LIMIT "
            + self._sql("$limit", "CAST($limit AS BIGINT)"),
            {"limit": limit},
        )

    def task_import_raw(self, import_id: int) -> tuple[str, bytes] | None:
        row = self._one("SELECT file_name, raw FROM task_imports WHERE import_id = ?", [import_id])
        return (row[0], bytes(row[1])) if row and row[1] is not None else None

    def record_rejected_task_import(
        self,
        *,
        user: str,
        file_name: str,
        raw: bytes,
        row_count: int,
        error_count: int,
        origin: str = "file",
        file_bytes: int | None = None,
        sha256: str | None = None,
    ) -> int:
        """Log a refused register file with its bytes (as `record_rejected`); the register stays as it is."""
        row = self._write(
            "INSERT INTO task_imports (imported_by, origin, file_name, sha256, row_count, status, raw, error_count,"
            " file_bytes) VALUES (?, ?, ?, ?, ?, 'rejected', ?, ?, ?) RETURNING import_id",
            [user, origin, file_name, sha256 or hashlib.sha256(raw).hexdigest(), row_count, raw, error_count,
             len(raw) if file_bytes is None else file_bytes],
            returning=True,
        )  # fmt: skip
        assert row is not None
        return int(row[0])

    def commit_task_import(
        self,
        changed: pl.DataFrame,
        *,
        user: str,
        file_name: str,
        raw: bytes,
        row_count: int,
        new_tasks: int,
        origin: str = "file",
        figures: pl.DataFrame | None = None,
    ) -> tuple[int, int | None]:
        """Record a register import, add a version of each new or changed task and make it
        current, and land the figures derived from the register as an upload; one transaction.

        `changed` holds the task columns (`task_id` ... `meeting_id`) of the
        new and changed tasks only. Returns (import_id, upload_id or None).
        """
        with self._tx() as cur:
            row = cur.execute(
                "INSERT INTO task_imports (imported_by, origin, file_name, sha256, row_count, status, raw,"
                " new_tasks, changed_tasks, file_bytes) VALUES (?, ?, ?, ?, ?, 'committed', ?, ?, ?, ?)"
                " RETURNING import_id",
                [
                    user, origin, file_name, hashlib.sha256(raw).hexdigest(), row_count, raw,
                    new_tasks, changed.height - new_tasks, len(raw),
                ],
            ).fetchone()  # fmt: skip
            assert row is not None
            import_id = int(row[0])
            cur.register("incoming_tasks", changed.with_columns(pl.lit(import_id, dtype=pl.Int32).alias("import_id")))
            cur.execute(
                "INSERT INTO task_versions (import_id, task_id, document, document_date, summary, assigned_by,"
                " lead_unit, co_units, deadline, extended_to, completed_on, progress, meeting_id)"
                " SELECT import_id, task_id, document, document_date, summary, assigned_by, lead_unit, co_units,"
                " deadline, extended_to, completed_on, progress, meeting_id FROM incoming_tasks"
            )
            cur.execute("DELETE FROM tasks t USING incoming_tasks i WHERE t.task_id = i.task_id")
            cur.execute(
                "INSERT INTO tasks (task_id, document, document_date, summary, assigned_by, lead_unit, co_units,"
                " deadline, extended_to, completed_on, progress, meeting_id, import_id)"
                " SELECT task_id, document, document_date, summary, assigned_by, lead_unit, co_units,"
                " deadline, extended_to, completed_on, progress, meeting_id, import_id FROM incoming_tasks"
            )
            cur.unregister("incoming_tasks")
            upload_id = None
            if figures is not None and not figures.is_empty():
                upload_id = self._write_upload(cur, figures, user, file_name, raw, row_count, figures.height)
                cur.execute("UPDATE task_imports SET upload_id = ? WHERE import_id = ?", [upload_id, import_id])
            self._bump_version(cur)
        return import_id, upload_id

    def meetings(self) -> pl.DataFrame:
        """Review meetings, newest first."""
        return self._frame(
            "SELECT meeting_id, held_on, title, quarter, chaired_by, attendees, created_by, created_at"
            " FROM meetings ORDER BY held_on DESC, meeting_id DESC"
        )

    def insert_meeting(
        self, held_on: date, title: str, quarter: str, chaired_by: str | None, attendees: str | None, user: str
    ) -> int:
        with self._tx() as cur:
            row = cur.execute(
                "INSERT INTO meetings (held_on, title, quarter, chaired_by, attendees, created_by)"
                " VALUES (?, ?, ?, ?, ?, ?) RETURNING meeting_id",
                [held_on, title, quarter, chaired_by, attendees, user],
            ).fetchone()
            assert row is not None
            self._bump_version(cur)
        return int(row[0])

    # -- whole-store copies (copy-store, and backups to or from PostgreSQL) ------

    def table_names(self) -> list[str]:
        """The store's tables (not the view), migrations' record aside, by name."""
        rows = self._all(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
            " AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations' ORDER BY 1"
        )
        return [r[0] for r in rows]

    def _known_table(self, name: str) -> str:
        if name not in self.table_names():
            raise StoreError(f"Không có bảng {name} trong kho dữ liệu.")
        return name

    def read_table(self, name: str) -> pl.DataFrame:
        """Every row of one table (its name checked against the store's own)."""
        return self._frame("SELECT * FROM " + _quoted(self._known_table(name)))

    def row_counts(self) -> dict[str, int]:
        """Rows per table."""
        counts = {}
        for table in self.table_names():
            counts[table] = int(self._all("SELECT count(*) FROM " + _quoted(table))[0][0])
        return counts

    def replace_table(self, name: str, rows: pl.DataFrame) -> None:
        """Replace one table's rows (inside the caller's transaction, when there is one)."""
        table = _quoted(self._known_table(name))
        columns = ", ".join(_quoted(column) for column in rows.columns)
        with self._tx() as cur:
            cur.execute("DELETE FROM " + table)
            if rows.height:
                cur.register("copied", rows)
                cur.execute("INSERT INTO " + table + " (" + columns + ") SELECT " + columns + " FROM copied")
                cur.unregister("copied")

    def advance_sequences(self) -> None:
        """Set each id sequence past the largest id its table holds (after rows were copied in)."""
        with self._tx() as cur:
            for sequence, largest_id in SEQUENCES.items():
                largest = int(cur.execute(largest_id).fetchall()[0][0])
                if self.engine == "postgresql":
                    cur.execute("SELECT setval(CAST(? AS regclass), ?, false)", [sequence, largest + 1]).fetchall()
                else:  # DuckDB cannot set a sequence: draw from it until it is past the largest id
                    now = cur.execute(
                        "SELECT coalesce(max(last_value), 0) FROM duckdb_sequences() WHERE sequence_name = ?",
                        [sequence],
                    ).fetchall()[0][0]
                    behind = largest - int(now or 0)
                    if behind > 0:
                        cur.execute("SELECT count(nextval(?)) FROM range(?)", [sequence, behind]).fetchall()

    def values_checksum(self) -> str:
        """A checksum of the view `indicator_values` (every row, times in microseconds since 1970 UTC)."""
        frame = self._frame(
            "SELECT unit_code, quarter, indicator, value, numerator, denominator, upload_id, uploaded_at"
            " FROM indicator_values"
        )
        frame = frame.with_columns(pl.col("uploaded_at").dt.epoch("us")).sort("unit_code", "quarter", "indicator")
        return hashlib.sha256(frame.write_csv().encode()).hexdigest()


SEQUENCES = {  # each id sequence, and the largest id it has given
    "upload_ids": "SELECT coalesce(max(upload_id), 0) FROM uploads",
    "audit_ids": "SELECT coalesce(max(audit_id), 0) FROM audit_log",
    "task_import_ids": "SELECT coalesce(max(import_id), 0) FROM task_imports",
    "meeting_ids": "SELECT coalesce(max(meeting_id), 0) FROM meetings",
}

_NAME = re.compile(r"[a-z_][a-z0-9_]*")


def _quoted(name: str) -> str:
    """A table or column name for a whole-store copy, quoted. SQL binds values, not names, so
    this is the one place a name enters a query's text: a name the store's own catalogue
    listed (or a staged frame's, chosen by this module), and only a plain lower-case one."""
    if not _NAME.fullmatch(name):
        raise StoreError(f"Tên bảng hoặc cột không hợp lệ: {name!r}.")
    return f'"{name}"'


# Tables whose rows make a store more than an empty one with its catalogue.
DATA_TABLES = ("uploads", "users", "task_imports", "meetings", "audit_log")


@dataclass(frozen=True)
class CopyReport:
    """What a whole-store copy moved, and its proof: equal row counts and `indicator_values` checksums."""

    counts: dict[str, int]
    checksum: str


class CopyMismatch(StoreError):
    """The copy does not match its source (rows or checksum); it was not kept."""


def copy_tables(source: Store, target: Store) -> CopyReport:
    """Copy every table of `source` (one consistent snapshot) into `target` (same schema version),
    replacing its rows, in one transaction; then check row counts and the view's checksum."""
    if source.schema_version() != target.schema_version():
        raise StoreError(
            f"Hai kho dữ liệu khác phiên bản lược đồ ({source.schema_version()} và {target.schema_version()})."
        )
    with source.snapshot():
        frames = {name: source.read_table(name) for name in source.table_names()}
        checksum = source.values_checksum()
    missing = sorted(set(frames) - set(target.table_names()))
    if missing:
        raise StoreError(f"Kho dữ liệu đích thiếu các bảng {', '.join(missing)}.")
    with target.transaction():
        for name, frame in frames.items():
            target.replace_table(name, frame)
        target.advance_sequences()
        counts = target.row_counts()
        copied = target.values_checksum()
        expected = {name: frame.height for name, frame in frames.items()}
        if {k: counts.get(k) for k in expected} != expected or copied != checksum:
            raise CopyMismatch(
                "Bản sao không khớp với kho dữ liệu nguồn (số dòng hoặc tổng kiểm tra của indicator_values); "
                "kho dữ liệu đích không thay đổi."
            )
    return CopyReport(expected, checksum)


def has_data(store: Store) -> bool:
    """Whether the store holds anything beyond an empty catalogue (uploads, accounts, tasks, meetings, audit)."""
    counts = store.row_counts()
    return any(counts.get(name, 0) for name in DATA_TABLES)


def copy_store(
    source: Path | str, target: Path | str, wait: float = 30.0, on_wait: Callable[[], None] | None = None
) -> CopyReport:
    """Move a whole store, uploads' files and history included, to another store of either engine.

    The source is upgraded to the current schema first. The target must not
    exist yet (DuckDB) or hold no data (PostgreSQL): a DuckDB target is
    built beside its place and moved there only once verified; a PostgreSQL
    one is filled in one transaction, kept only if verified.
    """
    if shown_location(source) == shown_location(target):
        raise StoreError("Kho nguồn và kho đích phải khác nhau.")
    origin = Store(source, wait=wait, announce=True, on_wait=on_wait)
    try:
        origin.migrate()
        if is_postgres(target):
            destination = Store(target, wait=wait)
            try:
                destination.migrate()
                if has_data(destination):
                    raise StoreError(
                        f"Kho đích {shown_location(target)} đã có dữ liệu; hãy chép vào một cơ sở dữ liệu trống."
                    )
                report = copy_tables(origin, destination)
                destination.analyze()
                return report
            finally:
                destination.close()
        path = Path(target)
        if path.exists():
            raise StoreError(f"Tệp {path} đã có; hãy chọn một tệp chưa có để chép kho dữ liệu vào.")
        partial = path.with_name(f".{path.name}.{os.getpid()}.copying")
        _clear_leftovers(path, "copying")
        partial.unlink(missing_ok=True)
        try:
            destination = Store(partial)
            try:
                destination.migrate()
                report = copy_tables(origin, destination)
                destination.checkpoint()
            finally:
                destination.close()
            os.replace(partial, path)
        except BaseException:
            partial.unlink(missing_ok=True)
            partial.with_name(partial.name + ".wal").unlink(missing_ok=True)
            raise
        return report
    finally:
        origin.close()


# -- PostgreSQL -------------------------------------------------------------------
#
# The same store on a PostgreSQL server, through ADBC's PostgreSQL driver:
# results arrive as Arrow (read straight into polars), frames are staged as
# temporary tables with COPY (`adbc_ingest`), and every value is a bound
# parameter. Each call borrows a connection from a small pool (in autocommit
# mode, so that no read holds a snapshot open); a transaction keeps its
# connection until it ends. Several app processes may share the database:
# PostgreSQL, not an intent file, arbitrates between them.

_NAMED = re.compile(r"\$([a-z_]+)")
_POSITIONAL = re.compile(r"\?")
POOL_SIZE = 8  # idle connections an app process keeps


def _numbered(query: str, params: Params) -> tuple[str, tuple[Any, ...]]:
    """The store's placeholders (`?` in order, or `$name`) as PostgreSQL's numbered `$1`, `$2`…"""
    if not params and params != {}:
        return query, ()
    if isinstance(params, dict):
        order: list[str] = []

        def number(mark: re.Match[str]) -> str:
            if mark.group(1) not in order:
                order.append(mark.group(1))
            return f"${order.index(mark.group(1)) + 1}"

        return _NAMED.sub(number, query), tuple(params[name] for name in order)
    counter = iter(range(1, len(params) + 1))
    return _POSITIONAL.sub(lambda _: f"${next(counter)}", query), tuple(params)


NUL_STAND_IN = "\ufffd"  # PostgreSQL's text cannot hold U+0000: the replacement character stands in for it


def _storable(value: Any) -> Any:
    """A parameter PostgreSQL accepts: text with U+0000 (which DuckDB keeps) gets the replacement character."""
    return value.replace("\x00", NUL_STAND_IN) if isinstance(value, str) and "\x00" in value else value


def _statements(script: str) -> list[str]:
    """A migration's statements, one by one (a prepared statement holds one), comments removed."""
    text = "\n".join(line.split("--", 1)[0] for line in script.splitlines())
    return [part.strip() for part in text.split(";") if part.strip()]


def shown_location(location: Path | str) -> str:
    """A store's path or URL fit for a message: a URL's password hidden."""
    return re.sub(r"(://[^:/@]+):[^@/]*@", r"\1:***@", str(location))


class _Result:
    """A query's result as a pyarrow Table, read as DuckDB's relations are (`.pl()`)."""

    def __init__(self, table: Any) -> None:
        self._table = table

    def pl(self) -> pl.DataFrame:
        frame = pl.from_arrow(self._table)
        assert isinstance(frame, pl.DataFrame)
        return frame

    def arrow(self) -> Any:
        return self._table


class PgCursor:
    """An ADBC cursor that speaks the part of DuckDB's cursor the store uses:
    `execute(...)` returning itself, `sql(...).pl()`, and `register`/`unregister`
    of a frame (as a temporary table)."""

    def __init__(self, cursor: Any) -> None:
        self._cur = cursor

    def execute(self, query: str, params: Params = None) -> PgCursor:
        text, values = _numbered(query, params)
        self._cur.execute(text, tuple(_storable(v) for v in values) or None)
        return self

    def executemany(self, query: str, rows: list[Any]) -> PgCursor:
        if rows:
            text, _ = _numbered(query, rows[0])
            self._cur.executemany(text, [tuple(_storable(v) for v in row) for row in rows])
        return self

    @property
    def description(self) -> Any:
        return self._cur.description

    def fetchone(self) -> Row | None:
        row = self._cur.fetchone()
        return tuple(row) if row is not None else None

    def fetchall(self) -> list[Row]:
        return [tuple(row) for row in self._cur.fetchall()]

    def sql(self, query: str, params: Params = None) -> _Result:
        self.execute(query, params)
        return _Result(self._cur.fetch_arrow_table())

    def register(self, name: str, frame: pl.DataFrame) -> None:
        _quoted(name)  # a plain name, as the DROP in unregister needs
        texts = [c for c, dtype in frame.schema.items() if dtype == pl.String]
        if texts:
            frame = frame.with_columns(pl.col(texts).str.replace_all("\x00", NUL_STAND_IN, literal=True))
        self._cur.adbc_ingest(name, frame.to_arrow(), mode="replace", temporary=True)

    def unregister(self, name: str) -> None:
        self._cur.execute("DROP TABLE IF EXISTS pg_temp." + _quoted(name))

    def close(self) -> None:
        self._cur.close()


Cursor = duckdb.DuckDBPyConnection | PgCursor


class PostgresStore(Store):
    """The store in a PostgreSQL database (`Store("postgresql://…")` makes one).

    The hand-over options of a DuckDB store (`release_after`, `yields`,
    `announce`, `on_wait`) do not apply: PostgreSQL serves every process at
    once. `wait` is how long to retry reaching the server.
    """

    engine = "postgresql"

    def __init__(
        self,
        path: Path | str,
        read_only: bool = False,
        release_after: float | None = None,
        wait: float = 0.0,
        *,
        yields: bool = False,
        announce: bool = False,
        on_wait: Callable[[], None] | None = None,
    ) -> None:
        self.location = str(path)
        self._read_only = read_only
        self._wait = wait
        self._write_lock = threading.Lock()
        self._local = threading.local()
        self._pool: list[Any] = []
        self._pool_lock = threading.Lock()
        self._pause = None
        self._known_version = None
        self._closed = False
        self._raw: Any = None
        self._give(self._connect(), True)  # fails now, with a clear message, if the server cannot be reached

    def _connect(self) -> Any:
        deadline = time.monotonic() + self._wait
        while True:
            try:
                con = adbc_postgresql.connect(self.location, autocommit=True)
                break
            except adbc_driver_manager.Error as error:
                if time.monotonic() >= deadline:
                    raise StoreError(
                        f"Không kết nối được cơ sở dữ liệu PostgreSQL {shown_location(self.location)}: "
                        f"{str(error).splitlines()[0]}. Hãy kiểm tra máy chủ và địa chỉ trong DASHBOARD_DB."
                    ) from error
                time.sleep(POLL)
        if self._read_only:
            cur = con.cursor()
            cur.execute("SET default_transaction_read_only = on")
            cur.close()
        return con

    def _take(self) -> Any:
        if self._closed:
            raise StoreError("Kho dữ liệu đã đóng.")
        with self._pool_lock:
            if self._pool:
                return self._pool.pop()
        return self._connect()

    def _give(self, con: Any, healthy: bool) -> None:
        with self._pool_lock:
            if healthy and not self._closed and len(self._pool) < POOL_SIZE:
                self._pool.append(con)
                return
        con.close()

    def close(self) -> None:
        self._closed = True
        with self._pool_lock:
            pool, self._pool = self._pool, []
        for con in pool:
            con.close()
        if self._raw is not None:
            self._raw.close()
            self._raw = None

    @contextmanager
    def _cursor(self, write: bool = False) -> Iterator[Any]:
        joined = getattr(self._local, "tx", None)
        if joined is not None:
            yield joined
            return
        con = self._take()
        healthy = False
        try:
            cur = PgCursor(con.cursor())
            try:
                yield cur
            finally:
                cur.close()
            healthy = True
        finally:
            self._give(con, healthy)

    def cursor(self) -> Any:
        """A raw cursor (PostgreSQL's numbered or the store's placeholders), for tests and tools."""
        joined = getattr(self._local, "tx", None)
        if joined is not None:
            return joined
        if self._raw is None:
            self._raw = self._connect()
        return PgCursor(self._raw.cursor())

    @contextmanager
    def _tx(self, begin: str = "BEGIN") -> Iterator[Any]:
        joined = getattr(self._local, "tx", None)
        if joined is not None:
            yield joined
            return
        lock = self._write_lock if begin == "BEGIN" else contextlib.nullcontext()
        with lock:
            con = self._take()
            healthy = False
            cur = PgCursor(con.cursor())
            try:
                cur.execute(begin)
                self._local.tx = cur
                try:
                    yield cur
                except BaseException:
                    self._local.tx = None
                    cur.execute("ROLLBACK")
                    healthy = True
                    raise
                self._local.tx = None
                cur.execute("COMMIT")
                healthy = True
            finally:
                self._local.tx = None
                cur.close()
                self._give(con, healthy)

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Reads inside the block see one consistent state of the whole database (for a copy or a backup)."""
        with self._tx("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"):
            yield

    def _run_migration(self, cur: Any, migration: Migration) -> None:
        for statement in _statements(migration.postgresql):
            cur.execute(statement)

    def _lock_schema(self, cur: Any) -> None:
        """One process migrates at a time; the others wait, then find the work done."""
        cur.execute("SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext('dashboard-schema'))) AS locked")

    def checkpoint(self) -> None:
        """Nothing to do: the server keeps its own files."""

    def analyze(self) -> None:
        """Refresh the planner's statistics after a bulk load (a copy or a restore)."""
        with self._cursor() as cur:
            cur.execute("ANALYZE")


def _exact_counts(records: pl.DataFrame, counts: list[str]) -> pl.DataFrame:
    """Records as stored: a count indicator's value in `count_value`, it and a ratio's parts as Int64.

    A count arrives as an integer or as a whole double (at most MAX_COUNT, exact
    as a double); anything else would be rounded by a cast, so it is refused.
    """
    is_count = pl.col("indicator").is_in(counts)
    frame = records.select(
        "unit_code",
        "quarter",
        "indicator",
        pl.when(is_count).then(None).otherwise(pl.col("value")).cast(pl.Float64).alias("value"),
        "numerator",
        "denominator",
        pl.when(is_count).then(pl.col("value")).alias("count_value"),
    )
    for column in ("numerator", "denominator", "count_value"):
        values = frame[column]
        if values.dtype.is_float():
            whole = values.is_finite() & (values == values.floor()) & (values.abs() < 2.0**63)
            if not whole.fill_null(True).all():
                bad = frame.filter(~whole.fill_null(True)).row(0, named=True)
                raise StoreError(
                    f"Số đếm phải là số nguyên: {bad['indicator']} của {bad['unit_code']} ({bad['quarter']})"
                    f" là {bad[column]}. Không có gì được ghi."
                )
        frame = frame.with_columns(frame[column].cast(pl.Int64))
    return frame


# -- backup and restore ------------------------------------------------------------

BACKUP_MARK = "backup_taken_at"  # a store_meta key the backup copy carries


class NotABackup(StoreError):
    """The file given to restore is not a store this program can restore; nothing changed."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    bytes: int
    schema_version: int
    data_version: int


def _side_connection() -> duckdb.DuckDBPyConnection:
    """An in-memory connection that attaches store files under fixed names, never loading extensions."""
    return duckdb.connect(config={"autoinstall_known_extensions": False, "autoload_known_extensions": False})


@contextmanager
def _turn(path: Path, mode: str, wait: float, on_wait: Callable[[], None] | None) -> Iterator[None]:
    """Hold this process's intent on the store at `path` (see the module's docstring) for the block."""
    deadline = time.monotonic() + wait
    told = False
    while not _claim_intent(path, mode):
        if time.monotonic() >= deadline:
            raise _busy(path, wait)
        if not told and on_wait:
            on_wait()
            told = True
        time.sleep(POLL)
    try:
        yield
    finally:
        _release_intent(path)


def _attach(con: duckdb.DuckDBPyConnection, path: Path, alias: str, read_only: bool, deadline: float) -> None:
    """ATTACH under a fixed alias, retrying while another process holds the file."""
    query = {
        "source": "ATTACH ? AS source (TYPE duckdb, READ_ONLY)",
        "copy": "ATTACH ? AS copy (TYPE duckdb)",
        "live": "ATTACH ? AS live (TYPE duckdb)",
    }[alias]
    assert read_only == (alias == "source")
    while True:
        try:
            con.execute(query, [str(path)])
            return
        except duckdb.IOException as error:
            if "lock" not in str(error).lower() or time.monotonic() >= deadline:
                raise
            time.sleep(POLL)


def _clear_leftovers(target: Path, kind: str) -> None:
    """Remove unfinished copies beside `target` left by processes that died (`.NAME.PID.kind`)."""
    for leftover in target.parent.glob(f".{glob.escape(target.name)}.*.{kind}*"):
        pid = leftover.name[len(target.name) + 2 :].split(".", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            leftover.unlink(missing_ok=True)


def _copy_store(con: duckdb.DuckDBPyConnection, source: Path, alias: str, partial: Path) -> None:
    """Copy the store attached as `alias` (from `source`, which nobody writes meanwhile) to `partial`, attached as copy."""
    if source.with_name(source.name + ".wal").exists():
        _attach(con, partial, "copy", False, time.monotonic())
        con.execute(
            {"source": "COPY FROM DATABASE source TO copy", "candidate": "COPY FROM DATABASE candidate TO copy"}[alias]
        )
    else:
        shutil.copyfile(source, partial)
        _attach(con, partial, "copy", False, time.monotonic())


def backup(
    source: Path | str, target: Path, wait: float = 30.0, on_wait: Callable[[], None] | None = None
) -> BackupInfo:
    """Copy the whole store into a new file, as one snapshot, while the app keeps serving.

    A PostgreSQL store is written to the same kind of file (a DuckDB store),
    read in one REPEATABLE READ transaction: see `_backup_database`.

    The app is asked for a read turn: it reopens the file read-only, so its
    pages keep reading while the copy is made (writes wait for the end).
    While this process holds the file read-only nobody can write it, so the
    file as it is on disk is one consistent snapshot and is copied as bytes
    (a second, not the minute a table-by-table copy takes at national scale);
    a file with a write-ahead log beside it (left by a crash) is copied table by
    table instead, in one statement. The copy is made beside `target` and
    moved into place only when complete.
    """
    if is_postgres(source):
        return _backup_database(str(source), target, wait)
    source = Path(source)
    if not source.exists():
        raise StoreError(f"Chưa có kho dữ liệu {source}.")
    if target.exists() and target.samefile(source):
        raise StoreError(f"Tệp sao lưu {target} không được trùng với kho dữ liệu; hãy chọn tệp khác.")
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    _clear_leftovers(target, "partial")
    partial.unlink(missing_ok=True)
    con = _side_connection()
    try:
        with _turn(source, "read", wait, on_wait):
            try:
                _attach(con, source, "source", True, time.monotonic() + wait)
            except duckdb.IOException as error:
                if "lock" in str(error).lower():
                    raise _busy(source) from error
                raise StoreError(f"Không mở được kho dữ liệu {source}: {error}") from error
            _copy_store(con, source, "source", partial)
            con.execute("DETACH source")
        con.execute(
            "INSERT OR REPLACE INTO copy.store_meta VALUES (?, ?)", [BACKUP_MARK, datetime.now(UTC).isoformat()]
        )
        version = con.execute("SELECT coalesce(max(version), 0) FROM copy.schema_migrations").fetchone()
        data = con.execute("SELECT value FROM copy.store_meta WHERE key = 'data_version'").fetchone()
        con.execute("DETACH copy")
        con.close()
        os.replace(partial, target)
    except BaseException as error:
        con.close()
        partial.unlink(missing_ok=True)
        partial.with_name(partial.name + ".wal").unlink(missing_ok=True)
        if isinstance(error, duckdb.Error):
            raise StoreError(f"Không sao lưu được kho dữ liệu {source} vào {target}: {error}") from error
        raise
    return BackupInfo(target, target.stat().st_size, int(version[0]) if version else 0, int(data[0]) if data else 0)


def check_backup(path: Path) -> BackupInfo:
    """What a file to restore holds; NotABackup (with a Vietnamese message) if it cannot be restored."""
    if not path.is_file():
        raise NotABackup(f"Không có tệp {path}.")
    con = _side_connection()
    try:
        try:
            con.execute("ATTACH ? AS candidate (TYPE duckdb, READ_ONLY)", [str(path)])
        except duckdb.Error as error:
            if "lock" in str(error).lower():
                raise _busy(path) from error
            raise NotABackup(
                f"Tệp {path.name} không phải là bản sao lưu kho dữ liệu (không phải tệp DuckDB). "
                "Hãy chọn tệp do lệnh backup tạo ra."
            ) from error
        tables = {
            r[0]
            for r in con.execute("SELECT table_name FROM duckdb_tables() WHERE database_name = 'candidate'").fetchall()
        }
        if not {"schema_migrations", "store_meta", "uploads", "value_history", "current_values"} <= tables:
            raise NotABackup(
                f"Tệp {path.name} là tệp DuckDB nhưng không phải kho dữ liệu của bảng điều hành. "
                "Hãy chọn tệp do lệnh backup tạo ra."
            )
        recorded = con.execute("SELECT version, name FROM candidate.schema_migrations ORDER BY version").fetchall()
        data = con.execute("SELECT value FROM candidate.store_meta WHERE key = 'data_version'").fetchone()
    finally:
        con.close()
    known = {m.version: m.name for m in migrations()}
    newest = max(known)
    version = max((v for v, _ in recorded), default=0)
    if version > newest:
        raise NotABackup(
            f"Bản sao lưu {path.name} được tạo bởi phiên bản mới hơn của chương trình (lược đồ {version}, "
            f"chương trình này đến lược đồ {newest}). Hãy cập nhật chương trình trước khi khôi phục."
        )
    strangers = [v for v, name in recorded if known.get(v) != name]
    if strangers or not recorded:
        raise NotABackup(
            f"Lược đồ của tệp {path.name} không khớp với chương trình này (các bước {strangers or 'không có'}). "
            "Hãy chọn tệp do lệnh backup của chương trình này tạo ra."
        )
    return BackupInfo(path, path.stat().st_size, version, int(data[0]) if data else 0)


def restore(
    backup_file: Path,
    target: Path | str,
    actor: str,
    wait: float = 30.0,
    on_wait: Callable[[], None] | None = None,
) -> BackupInfo:
    """Replace the store at `target` with a backup, whole or not at all, while the app waits its turn.

    The backup is checked, copied beside the target and upgraded to the
    current schema first; then, with the file handed over, the new store takes
    a data version above both the old one and its own (so no cache mistakes it
    for what it replaced), records the restore in its audit log, and is moved
    over the old file in one rename.
    """
    if is_postgres(target):
        return _restore_database(backup_file, str(target), actor, wait)
    target = Path(target)
    if backup_file.exists() and target.exists() and backup_file.samefile(target):
        raise NotABackup(f"Tệp {backup_file.name} chính là kho dữ liệu đang dùng, không phải một bản sao lưu.")
    info = check_backup(backup_file)
    partial = target.with_name(f".{target.name}.{os.getpid()}.restoring")
    _clear_leftovers(target, "restoring")
    partial.unlink(missing_ok=True)
    con = _side_connection()
    try:
        con.execute("ATTACH ? AS candidate (TYPE duckdb, READ_ONLY)", [str(backup_file)])
        _copy_store(con, backup_file, "candidate", partial)
        con.execute("DELETE FROM copy.store_meta WHERE key = ?", [BACKUP_MARK])
        con.execute("DETACH candidate")
        con.execute("DETACH copy")
        con.close()
        upgraded = Store(partial)
        try:
            upgraded.migrate()
        finally:
            upgraded.close()
        with _turn(target, "write", wait, on_wait):
            old_version = 0
            if target.exists():
                live = _side_connection()
                try:
                    try:
                        _attach(live, target, "live", False, time.monotonic() + wait)
                    except duckdb.IOException as error:
                        if "lock" in str(error).lower():
                            raise _busy(target) from error
                        raise
                    try:
                        row = live.execute("SELECT value FROM live.store_meta WHERE key = 'data_version'").fetchone()
                        old_version = int(row[0]) if row else 0
                    except duckdb.Error:
                        old_version = 0  # the old file is not a readable store: replaced all the same
                    live.execute("DETACH live")  # checkpoints: no write-ahead log is left to apply to the new file
                finally:
                    live.close()
            restored = Store(partial)
            try:
                with restored.transaction():
                    restored.set_data_version(max(old_version, info.data_version) + 1)
                    restored.audit(actor, "store_restored", backup_file.name, f"lược đồ {info.schema_version}")
                version = restored.data_version()
                restored.cursor().execute("CHECKPOINT")
            finally:
                restored.close()
            os.replace(partial, target)
            target.with_name(target.name + ".wal").unlink(missing_ok=True)
    except BaseException as error:
        con.close()
        partial.unlink(missing_ok=True)
        partial.with_name(partial.name + ".wal").unlink(missing_ok=True)
        if isinstance(error, duckdb.Error):
            raise StoreError(
                f"Không khôi phục được kho dữ liệu {target}: {error}. Kho dữ liệu không thay đổi."
            ) from error
        raise
    return BackupInfo(target, target.stat().st_size, info.schema_version, version)


# -- backup and restore of a PostgreSQL store ---------------------------------------
#
# Same file format as a DuckDB store's backup (a DuckDB store file), so that a
# backup restores on either engine. Both run while the app servers keep
# serving: the backup reads one REPEATABLE READ snapshot, and the restore
# replaces every table in one transaction, which readers see only once it commits.


def _backup_database(source: str, target: Path, wait: float) -> BackupInfo:
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    _clear_leftovers(target, "partial")
    partial.unlink(missing_ok=True)
    origin = Store(source, wait=wait)
    try:
        origin.migrate()  # what the app does on start: the copy is made at the current schema
        copy = Store(partial)
        try:
            copy.migrate()
            copy_tables(origin, copy)
            copy.set_meta(BACKUP_MARK, datetime.now(UTC).isoformat())
            version, data = copy.schema_version(), copy.data_version()
            copy.checkpoint()
        finally:
            copy.close()
        os.replace(partial, target)
    except BaseException as error:
        partial.unlink(missing_ok=True)
        partial.with_name(partial.name + ".wal").unlink(missing_ok=True)
        if isinstance(error, (duckdb.Error, adbc_driver_manager.Error)):
            raise StoreError(
                f"Không sao lưu được kho dữ liệu {shown_location(source)} vào {target}: {error}"
            ) from error
        raise
    finally:
        origin.close()
    return BackupInfo(target, target.stat().st_size, version, data)


def _restore_database(backup_file: Path, target: str, actor: str, wait: float) -> BackupInfo:
    """Replace the PostgreSQL store's every table with a backup's, upgraded to the current schema,
    in one transaction; the data version ends above both the old one and the backup's."""
    info = check_backup(backup_file)
    scratch = Path(tempfile.mkdtemp(prefix="restore-"))
    partial = scratch / "backup.duckdb"
    con = _side_connection()
    try:
        con.execute("ATTACH ? AS candidate (TYPE duckdb, READ_ONLY)", [str(backup_file)])
        _copy_store(con, backup_file, "candidate", partial)
        con.execute("DETACH candidate")
        con.execute("DETACH copy")
        con.close()
        upgraded = Store(partial)
        try:
            upgraded.migrate()
            upgraded.delete_meta(BACKUP_MARK)
            live = Store(target, wait=wait)
            try:
                live.migrate()
                with live.transaction():
                    old_version = live.data_version()
                    copy_tables(upgraded, live)
                    live.set_data_version(max(old_version, info.data_version) + 1)
                    live.audit(actor, "store_restored", backup_file.name, f"lược đồ {info.schema_version}")
                version = live.data_version()
                live.analyze()
            finally:
                live.close()
        finally:
            upgraded.close()
    except (duckdb.Error, adbc_driver_manager.Error) as error:
        raise StoreError(f"Không khôi phục được kho dữ liệu {shown_location(target)}: {error}. "
                         "Kho dữ liệu không thay đổi.") from error  # fmt: skip
    finally:
        con.close()
        shutil.rmtree(scratch, ignore_errors=True)
    return BackupInfo(backup_file, backup_file.stat().st_size, info.schema_version, version)
