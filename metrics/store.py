"""The DuckDB store: the one owner of SQL.

Every query is a named method with bound parameters. One connection per
process; every call takes its own cursor, because a DuckDB connection refuses
concurrent use and Streamlit runs each session in its own thread. Writes go
through `transaction()`, so an import or a rollback lands whole or not at all.

DuckDB lets only one process open the file. So that the command line can
import while the app is serving, the app's store lets go of the file after a
few idle seconds (`release_after`) and opens it again on the next call; either
side waits a little (`wait`) for the other rather than failing at once.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import polars as pl

from metrics.catalogue import Field, Indicator, Unit

SCHEMA_FILE = Path(__file__).with_name("schema.sql")
_MIGRATION = re.compile(r"^-- migration (\d{4}): (.+)$", re.MULTILINE)


class StoreError(RuntimeError):
    """A store problem, with a message a person can act on (in Vietnamese)."""


class StoreBusy(StoreError):
    """Another process holds the store file."""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def migrations() -> list[Migration]:
    """The named, ordered migrations in schema.sql."""
    text = SCHEMA_FILE.read_text(encoding="utf-8")
    marks = list(_MIGRATION.finditer(text))
    found = []
    for mark, following in zip(marks, [*marks[1:], None], strict=True):
        end = following.start() if following else len(text)
        found.append(Migration(int(mark.group(1)), mark.group(2).strip(), text[mark.end() : end]))
    versions = [m.version for m in found]
    if versions != sorted(set(versions)):
        raise StoreError("schema.sql: migrations must be numbered in increasing order")
    return found


def connect(path: Path | str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as error:
        if "lock" in str(error).lower():
            raise StoreBusy(
                f"Kho dữ liệu {path} đang được một chương trình khác sử dụng "
                "(thường là ứng dụng đang chạy). Hãy dừng chương trình đó hoặc "
                "tải tệp lên qua trang Cập nhật số liệu."
            ) from error
        raise StoreError(f"Không mở được kho dữ liệu {path}: {error}") from error


class Store:
    def __init__(
        self, path: Path | str, read_only: bool = False, release_after: float | None = None, wait: float = 0.0
    ) -> None:
        self.path = Path(path)
        self._read_only = read_only
        self._wait = wait
        self._release_after = release_after
        self._write_lock = threading.Lock()
        self._con_lock = threading.RLock()
        self._last_used = time.monotonic()
        self._closed = False
        self._con: duckdb.DuckDBPyConnection | None = self._open()
        if release_after:
            threading.Thread(target=self._release_when_idle, name="store-release", daemon=True).start()

    def _open(self) -> duckdb.DuckDBPyConnection:
        deadline = time.monotonic() + self._wait
        while True:
            try:
                return connect(self.path, read_only=self._read_only)
            except StoreBusy:
                if time.monotonic() >= deadline:
                    raise
                time.sleep(0.1)

    def _release_when_idle(self) -> None:
        assert self._release_after is not None
        while not self._closed:
            time.sleep(self._release_after / 2)
            with self._con_lock:
                idle = time.monotonic() - self._last_used > self._release_after
                if self._con is not None and idle and not self._write_lock.locked():
                    self._con.close()
                    self._con = None

    def close(self) -> None:
        with self._con_lock:
            self._closed = True
            if self._con is not None:
                self._con.close()
                self._con = None

    def cursor(self) -> duckdb.DuckDBPyConnection:
        with self._con_lock:
            if self._closed:
                raise StoreError("Kho dữ liệu đã đóng.")
            if self._con is None:
                self._con = self._open()
            self._last_used = time.monotonic()
            return self._con.cursor()

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """One writer at a time within the process; all or nothing."""
        with self._write_lock:
            cur = self.cursor()
            cur.execute("BEGIN TRANSACTION")
            try:
                yield cur
            except BaseException:
                cur.execute("ROLLBACK")
                raise
            cur.execute("COMMIT")

    def _frame(self, query: str, params: list | dict | None = None) -> pl.DataFrame:
        return self.cursor().sql(query, params=params).pl()

    def _one(self, query: str, params: list | None = None) -> tuple | None:
        return self.cursor().execute(query, params or []).fetchone()

    # -- schema -------------------------------------------------------------

    def schema_version(self) -> int:
        exists = self._one("SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'")
        if not exists or not exists[0]:
            return 0
        row = self._one("SELECT coalesce(max(version), 0) FROM schema_migrations")
        return int(row[0]) if row else 0

    def migrate(self) -> list[str]:
        """Apply the pending migrations; return the names applied."""
        with self._write_lock:
            cur = self.cursor()
            cur.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations ("
                " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
                " applied_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)"
            )
        current = self.schema_version()
        applied = []
        for migration in migrations():
            if migration.version <= current:
                continue
            with self.transaction() as cur:
                cur.execute(migration.sql)
                cur.execute(
                    "INSERT INTO schema_migrations (version, name) VALUES (?, ?)",
                    [migration.version, migration.name],
                )
            applied.append(f"{migration.version:04d} {migration.name}")
        return applied

    # -- catalogue ----------------------------------------------------------

    def replace_catalogue(self, fields: list[Field], indicators: list[Indicator], units: list[Unit]) -> None:
        with self.transaction() as cur:
            cur.execute("DELETE FROM fields")
            cur.executemany(
                "INSERT INTO fields VALUES (?, ?, ?, ?)",
                [[f.code, f.label_vi, f.label_en, i] for i, f in enumerate(fields)],
            )
            cur.execute("DELETE FROM indicators")
            cur.executemany(
                "INSERT INTO indicators (code, name_vi, name_en, unit_vi, unit_en, kind, direction, numerator,"
                " denominator, target, target_source, decimals, sort_order, source)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    [
                        x.code, x.name_vi, x.name_en, x.unit_vi, x.unit_en, x.kind,
                        x.direction, x.numerator, x.denominator, x.target,
                        x.target_source, x.decimals, i, x.source,
                    ]
                    for i, x in enumerate(indicators)
                ],
            )  # fmt: skip
            cur.execute("DELETE FROM units")
            cur.executemany(
                "INSERT INTO units VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    [
                        u.code, u.name_vi, u.name_en, u.kind, u.parent_code,
                        u.valid_from, u.valid_to, u.successor_code, i,
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
        return [r[0] for r in self.cursor().execute(queries[column]).fetchall()]

    def update_target(self, code: str, target: float | None, source: str | None) -> None:
        with self.transaction() as cur:
            cur.execute("UPDATE indicators SET target = ?, target_source = ? WHERE code = ?", [target, source, code])
            self._bump_version(cur)

    def fields(self) -> list[Field]:
        rows = self.cursor().execute("SELECT code, label_vi, label_en FROM fields ORDER BY sort_order")
        return [Field(*row) for row in rows.fetchall()]

    def indicators(self) -> list[Indicator]:
        rows = self.cursor().execute(
            "SELECT code, name_vi, name_en, unit_vi, unit_en, kind, direction, numerator,"
            " denominator, target, target_source, decimals, coalesce(source, 'upload') FROM indicators ORDER BY sort_order"
        )
        return [Indicator(*row) for row in rows.fetchall()]

    def units(self) -> list[Unit]:
        rows = self.cursor().execute(
            "SELECT code, name_vi, name_en, kind, parent_code, valid_from, valid_to,"
            " successor_code FROM units ORDER BY sort_order"
        )
        return [Unit(*row) for row in rows.fetchall()]

    # -- reads --------------------------------------------------------------

    def data_version(self) -> int:
        """Bumped by every write; caches key on it."""
        row = self._one("SELECT value FROM store_meta WHERE key = 'data_version'")
        return int(row[0]) if row else 0

    def quarters(self) -> list[str]:
        """Quarters that hold at least one value, oldest first."""
        rows = self.cursor().execute("SELECT DISTINCT quarter FROM current_values ORDER BY 1")
        return [r[0] for r in rows.fetchall()]

    def values(
        self,
        first_quarter: str | None = None,
        last_quarter: str | None = None,
        indicators: list[str] | None = None,
        units: list[str] | None = None,
    ) -> pl.DataFrame:
        """Current values in a quarter range, as the `indicator_values` view has them."""
        return self._frame(
            "SELECT unit_code, quarter, indicator, value, numerator, denominator"
            " FROM current_values"
            " WHERE ($first IS NULL OR quarter >= $first)"
            "   AND ($last IS NULL OR quarter <= $last)"
            "   AND ($indicators IS NULL OR list_contains($indicators, indicator))"
            "   AND ($units IS NULL OR list_contains($units, unit_code))"
            " ORDER BY quarter, unit_code, indicator",
            {"first": first_quarter, "last": last_quarter, "indicators": indicators, "units": units},
        )

    def last_commit(self) -> datetime | None:
        """When the newest committed upload landed."""
        row = self._one("SELECT epoch(max(uploaded_at)) FROM uploads WHERE status = 'committed'")
        return datetime.fromtimestamp(row[0], tz=UTC) if row and row[0] is not None else None

    def uploads(self, limit: int | None = None) -> pl.DataFrame:
        """The upload log, newest first."""
        return self._frame(
            "SELECT upload_id, uploaded_by, uploaded_at, file_name, sha256, row_count, status,"
            " error_count, changed_values, rolled_back_by, rolled_back_at"
            " FROM uploads ORDER BY upload_id DESC LIMIT $limit",
            {"limit": limit},
        )

    def upload_raw(self, upload_id: int) -> tuple[str, bytes] | None:
        """The file name and bytes of an upload, as received."""
        row = self._one("SELECT file_name, raw FROM uploads WHERE upload_id = ?", [upload_id])
        return (row[0], bytes(row[1])) if row and row[1] is not None else None

    def current_for(self, keys: pl.DataFrame) -> pl.DataFrame:
        """Stored values for the (unit_code, quarter, indicator) rows of `keys`."""
        cur = self.cursor()
        cur.register("wanted", keys.select("unit_code", "quarter", "indicator").unique())
        try:
            return cur.sql(
                "SELECT c.unit_code, c.quarter, c.indicator, c.value, c.numerator, c.denominator"
                " FROM current_values c JOIN wanted w USING (unit_code, quarter, indicator)"
            ).pl()
        finally:
            cur.unregister("wanted")

    # -- accounts (the rules live in metrics.auth) ----------------------------

    def user_count(self) -> int:
        row = self._one("SELECT count(*) FROM users")
        return int(row[0]) if row else 0

    def user_row(self, username: str) -> dict | None:
        frame = self._frame(
            "SELECT username, display_name, email, role, password_hash, disabled FROM users WHERE username = ?",
            [username],
        )
        return frame.row(0, named=True) if frame.height else None

    def users(self) -> pl.DataFrame:
        return self._frame(
            "SELECT u.username, u.display_name, u.email, u.role, u.disabled,"
            " list(uu.unit_code ORDER BY uu.unit_code) FILTER (WHERE uu.unit_code IS NOT NULL) AS units"
            " FROM users u LEFT JOIN user_units uu USING (username)"
            " GROUP BY ALL ORDER BY u.username"
        )

    def user_units(self, username: str) -> list[str]:
        rows = self.cursor().execute("SELECT unit_code FROM user_units WHERE username = ? ORDER BY 1", [username])
        return [r[0] for r in rows.fetchall()]

    def username_for_email(self, email: str) -> str | None:
        row = self._one("SELECT username FROM users WHERE email = ?", [email])
        return row[0] if row else None

    def insert_user(
        self, username: str, display_name: str, email: str | None, role: str, password_hash: str | None
    ) -> None:
        self.cursor().execute(
            "INSERT INTO users (username, display_name, email, role, password_hash) VALUES (?, ?, ?, ?, ?)",
            [username, display_name, email, role, password_hash],
        )

    def replace_user_units(self, username: str, units: list[str]) -> None:
        with self.transaction() as cur:
            cur.execute("DELETE FROM user_units WHERE username = ?", [username])
            if units:
                cur.executemany("INSERT INTO user_units VALUES (?, ?)", [[username, u] for u in sorted(set(units))])

    def update_password(self, username: str, password_hash: str) -> None:
        self.cursor().execute("UPDATE users SET password_hash = ? WHERE username = ?", [password_hash, username])

    def update_disabled(self, username: str, disabled: bool) -> None:
        self.cursor().execute("UPDATE users SET disabled = ? WHERE username = ?", [disabled, username])

    def record_sign_in(self, username: str, success: bool, at: datetime) -> None:
        self.cursor().execute(
            "INSERT INTO sign_in_attempts VALUES (?, to_timestamp(?), ?)", [username, at.timestamp(), success]
        )

    def recent_failures(self, username: str, since: datetime) -> list[datetime]:
        """Failed sign-ins for a name since `since` and after its last success, oldest first."""
        rows = self.cursor().execute(
            "SELECT epoch(attempted_at) FROM sign_in_attempts WHERE username = $name AND NOT success"
            " AND attempted_at >= to_timestamp($since) AND attempted_at > coalesce("
            "  (SELECT max(attempted_at) FROM sign_in_attempts WHERE username = $name AND success), to_timestamp(0))"
            " ORDER BY attempted_at",
            {"name": username, "since": since.timestamp()},
        )
        return [datetime.fromtimestamp(r[0], tz=UTC) for r in rows.fetchall()]

    def audit(self, actor: str, action: str, target: str | None = None, detail: str | None = None) -> None:
        self.cursor().execute(
            "INSERT INTO audit_log (actor, action, target, detail) VALUES (?, ?, ?, ?)", [actor, action, target, detail]
        )

    def audit_log(self, limit: int = 1000) -> pl.DataFrame:
        return self._frame(
            "SELECT audit_id, logged_at, actor, action, target, detail FROM audit_log ORDER BY audit_id DESC LIMIT ?",
            [limit],
        )

    # Browser sessions are written by many tabs at once (several resume together
    # after a restart): one writer at a time, or DuckDB reports a conflict.

    def insert_browser_session(self, token_hash: str, username: str, at: float) -> None:
        with self._write_lock:
            self.cursor().execute(
                "INSERT INTO browser_sessions VALUES (?, ?, to_timestamp(?), to_timestamp(?))",
                [token_hash, username, at, at],
            )

    def browser_session(self, token_hash: str) -> tuple[str, float, float] | None:
        """(username, created, last seen) of a browser session, times in epoch seconds."""
        row = self._one(
            "SELECT username, epoch(created_at), epoch(last_seen_at) FROM browser_sessions WHERE token_hash = ?",
            [token_hash],
        )
        return (row[0], float(row[1]), float(row[2])) if row else None

    def touch_browser_session(self, token_hash: str, at: float) -> bool:
        """Note the session as in use; False when it no longer exists (signed out, revoked)."""
        with self._write_lock:
            row = self._one(
                "UPDATE browser_sessions SET last_seen_at = to_timestamp(?) WHERE token_hash = ? RETURNING 1",
                [at, token_hash],
            )
        return row is not None

    def delete_browser_session(self, token_hash: str) -> None:
        with self._write_lock:
            self.cursor().execute("DELETE FROM browser_sessions WHERE token_hash = ?", [token_hash])

    def delete_browser_sessions(self, username: str) -> None:
        with self._write_lock:
            self.cursor().execute("DELETE FROM browser_sessions WHERE username = ?", [username])

    def delete_stale_browser_sessions(self, seen_before: float, created_before: float) -> None:
        with self._write_lock:
            self.cursor().execute(
                "DELETE FROM browser_sessions WHERE last_seen_at < to_timestamp(?) OR created_at < to_timestamp(?)",
                [seen_before, created_before],
            )

    def insert_display_link(self, token_hash: str, label: str, created_by: str) -> None:
        self.cursor().execute(
            "INSERT INTO display_links (token_hash, label, created_by) VALUES (?, ?, ?)",
            [token_hash, label, created_by],
        )

    def revoke_display_link(self, token_hash: str) -> None:
        self.cursor().execute(
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
        rows = self.cursor().execute("SELECT name, slides FROM agendas ORDER BY name").fetchall()
        return {name: list(slides) for name, slides in rows}

    def save_agenda(self, name: str, slides: list[str], user: str) -> None:
        self.cursor().execute(
            "INSERT OR REPLACE INTO agendas (name, slides, updated_by) VALUES (?, ?, ?)", [name, slides, user]
        )

    def delete_agenda(self, name: str) -> None:
        self.cursor().execute("DELETE FROM agendas WHERE name = ?", [name])

    # -- writes -------------------------------------------------------------

    def _bump_version(self, cur: duckdb.DuckDBPyConnection) -> None:
        cur.execute(
            "UPDATE store_meta SET value = CAST(CAST(value AS BIGINT) + 1 AS VARCHAR) WHERE key = 'data_version'"
        )

    def record_rejected(self, *, user: str, file_name: str, raw: bytes, row_count: int, error_count: int) -> int:
        """Log a refused upload with its file, so nothing a person sent is lost; values stay as they are."""
        row = (
            self.cursor()
            .execute(
                "INSERT INTO uploads (uploaded_by, file_name, sha256, row_count, status, raw, error_count)"
                " VALUES (?, ?, ?, ?, 'rejected', ?, ?) RETURNING upload_id",
                [user, file_name, hashlib.sha256(raw).hexdigest(), row_count, raw, error_count],
            )
            .fetchone()
        )
        assert row is not None
        return int(row[0])

    def rollback_upload(self, upload_id: int, user: str) -> int:
        """Undo a committed upload: each of its values goes back to the newest other
        committed upload's value, or disappears if there was none. Returns the
        number of values restored or removed."""
        with self.transaction() as cur:
            row = cur.execute("SELECT status FROM uploads WHERE upload_id = ?", [upload_id]).fetchone()
            if row is None:
                raise StoreError(f"Không có lần tải lên số {upload_id}.")
            if row[0] != "committed":
                raise StoreError(f"Lần tải lên số {upload_id} không ở trạng thái đã ghi nên không hoàn tác được.")
            cur.execute(
                "UPDATE uploads SET status = 'rolled_back', rolled_back_by = ?, rolled_back_at = current_timestamp"
                " WHERE upload_id = ?",
                [user, upload_id],
            )
            cur.execute(
                "CREATE OR REPLACE TEMP TABLE undo_keys AS"
                " SELECT unit_code, quarter, indicator FROM value_history WHERE upload_id = ?",
                [upload_id],
            )
            count = cur.execute("SELECT count(*) FROM undo_keys").fetchone()
            cur.execute(
                "DELETE FROM current_values c USING undo_keys k WHERE c.unit_code = k.unit_code"
                " AND c.quarter = k.quarter AND c.indicator = k.indicator"
            )
            cur.execute(
                "INSERT INTO current_values"
                " SELECT unit_code, quarter, indicator, value, numerator, denominator, upload_id FROM ("
                "  SELECT h.*, row_number() OVER (PARTITION BY h.unit_code, h.quarter, h.indicator"
                "                                 ORDER BY h.upload_id DESC) AS newest"
                "  FROM value_history h JOIN undo_keys k USING (unit_code, quarter, indicator)"
                "  JOIN uploads u ON u.upload_id = h.upload_id WHERE u.status = 'committed'"
                " ) WHERE newest = 1 AND (value IS NOT NULL OR denominator IS NOT NULL)"
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
    ) -> int:
        """Record an upload and make its values current, in one transaction.

        `records` has unit_code, quarter, indicator, value, numerator,
        denominator.
        """
        with self.transaction() as cur:
            upload_id = self._write_upload(cur, records, user, file_name, raw, row_count, changed_values)
            self._bump_version(cur)
        return upload_id

    def _write_upload(
        self,
        cur: duckdb.DuckDBPyConnection,
        records: pl.DataFrame,
        user: str,
        file_name: str,
        raw: bytes,
        row_count: int,
        changed_values: int | None,
    ) -> int:
        """The upload row, its history and its current values, inside the caller's transaction."""
        sha = hashlib.sha256(raw).hexdigest()
        row = cur.execute(
            "INSERT INTO uploads (uploaded_by, file_name, sha256, row_count, status, raw, changed_values)"
            " VALUES (?, ?, ?, ?, 'committed', ?, ?) RETURNING upload_id",
            [user, file_name, sha, row_count, raw, records.height if changed_values is None else changed_values],
        ).fetchone()
        assert row is not None
        upload_id = int(row[0])
        batch = records.select("unit_code", "quarter", "indicator", "value", "numerator", "denominator").with_columns(
            pl.lit(upload_id, dtype=pl.Int32).alias("upload_id")
        )
        cur.register("incoming", batch)
        cur.execute(
            "INSERT INTO value_history (upload_id, unit_code, quarter, indicator, value,"
            " numerator, denominator) SELECT upload_id, unit_code, quarter, indicator,"
            " value, numerator, denominator FROM incoming"
        )
        cur.execute(
            "DELETE FROM current_values c USING incoming i WHERE c.unit_code = i.unit_code"
            " AND c.quarter = i.quarter AND c.indicator = i.indicator"
        )
        cur.execute(
            "INSERT INTO current_values SELECT unit_code, quarter, indicator, value,"
            " numerator, denominator, upload_id FROM incoming"
            " WHERE value IS NOT NULL OR denominator IS NOT NULL"
        )
        cur.unregister("incoming")
        return upload_id

    # -- task register, meetings and conclusions (rules in metrics.tasks, metrics.task_import) --

    def tasks(self, units: list[str] | None = None) -> pl.DataFrame:
        """The current version of every task (of the given lead units), by document date."""
        return self._frame(
            "SELECT task_id, document, document_date, summary, assigned_by, lead_unit, co_units,"
            " deadline, extended_to, completed_on, progress, meeting_id, import_id FROM tasks"
            " WHERE ($units IS NULL OR list_contains($units, lead_unit))"
            " ORDER BY document_date, task_id",
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
            " error_count, new_tasks, changed_tasks, upload_id FROM task_imports ORDER BY import_id DESC LIMIT $limit",
            {"limit": limit},
        )

    def task_import_raw(self, import_id: int) -> tuple[str, bytes] | None:
        row = self._one("SELECT file_name, raw FROM task_imports WHERE import_id = ?", [import_id])
        return (row[0], bytes(row[1])) if row and row[1] is not None else None

    def record_rejected_task_import(
        self, *, user: str, file_name: str, raw: bytes, row_count: int, error_count: int, origin: str = "file"
    ) -> int:
        """Log a refused register file with its bytes; the register stays as it is."""
        row = self._one(
            "INSERT INTO task_imports (imported_by, origin, file_name, sha256, row_count, status, raw, error_count)"
            " VALUES (?, ?, ?, ?, ?, 'rejected', ?, ?) RETURNING import_id",
            [user, origin, file_name, hashlib.sha256(raw).hexdigest(), row_count, raw, error_count],
        )
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
        with self.transaction() as cur:
            row = cur.execute(
                "INSERT INTO task_imports (imported_by, origin, file_name, sha256, row_count, status, raw,"
                " new_tasks, changed_tasks) VALUES (?, ?, ?, ?, ?, 'committed', ?, ?, ?) RETURNING import_id",
                [
                    user, origin, file_name, hashlib.sha256(raw).hexdigest(), row_count, raw,
                    new_tasks, changed.height - new_tasks,
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
        with self.transaction() as cur:
            row = cur.execute(
                "INSERT INTO meetings (held_on, title, quarter, chaired_by, attendees, created_by)"
                " VALUES (?, ?, ?, ?, ?, ?) RETURNING meeting_id",
                [held_on, title, quarter, chaired_by, attendees, user],
            ).fetchone()
            assert row is not None
            self._bump_version(cur)
        return int(row[0])
