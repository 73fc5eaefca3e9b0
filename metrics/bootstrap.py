"""Creating a store: schema, catalogue, unit list and, optionally, the sample province
(its quarterly uploads, its task register and two past meetings).

A new store is built in a temporary file beside the target and moved into
place only when complete, so that a crash never leaves a half-built store
that the app would then take for a real one.
"""

from __future__ import annotations

import csv
import os
from datetime import date, datetime
from pathlib import Path

from metrics.auth import User
from metrics.catalogue import load_fields, load_indicators, load_units
from metrics.i18n import t
from metrics.ingest import ImportResult, Problem, import_file
from metrics.meetings import Conclusion, add_conclusions, create_meeting
from metrics.quarters import Quarter
from metrics.settings import SAMPLE_DIR, timezone
from metrics.store import Store, StoreError, is_postgres
from metrics.task_import import import_register, parse_date

SAMPLE_USER = User("sample", "Dữ liệu mẫu", "admin")


def load_catalogue(store: Store, source: Path = SAMPLE_DIR) -> None:
    fields = load_fields(source / "fields.csv")
    indicators = load_indicators(source / "indicators.csv", fields)
    units = load_units(source / "units.csv")
    store.replace_catalogue(fields, indicators, units)


# The sample's reporting history: each quarter's file lands on the 10th of the
# month after it (on time), except the rows of these units, sent on the 22nd,
# after the due day (the 15th), so the reporting view has late reporters to show.
SAMPLE_ON_TIME_DAY, SAMPLE_LATE_DAY = 10, 22
SAMPLE_LATE_UNITS = ("SXD", "10017", "10035")


def _sample_parts(path: Path) -> list[tuple[str, bytes, int]]:
    """A sample quarter as (file name, bytes, day landed): the on-time rows and the late ones."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header, rows = lines[0], lines[1:]
    late = [r for r in rows if r.split(",", 1)[0] in SAMPLE_LATE_UNITS]
    on_time = [r for r in rows if r not in late]
    parts = [(path.name, "".join([header, *on_time]).encode(), SAMPLE_ON_TIME_DAY)]
    if late:
        parts.append((f"{path.stem}-bo-sung.csv", "".join([header, *late]).encode(), SAMPLE_LATE_DAY))
    return parts


def _refused(name: str, problems: list[Problem]) -> StoreError:
    """A sample file the import refused: the store cannot start with it, and says why (its first five problems)."""
    detail = tuple(
        "; ".join(f"{t('catalogue_line', lang, line=p.row)}: {p.text(lang)}" for p in problems[:5])
        for lang in ("vi", "en")
    )
    return StoreError.said("sample_invalid", name=name, detail=detail)


def load_sample(store: Store, source: Path = SAMPLE_DIR, today: date | None = None) -> list[ImportResult]:
    """Import the sample quarters through the same path as any upload, dated as a real province's would be."""
    results = []
    for path in sorted((source / "uploads").glob("*.csv")):
        following = Quarter.parse(path.stem).shift(1)
        for name, data, day in _sample_parts(path):
            result = import_file(store, data, name, SAMPLE_USER, today=today)
            if result.status != "committed":
                raise _refused(name, result.errors)
            if result.upload_id is not None:
                landed = datetime(following.year, 3 * following.q - 2, day, 9, 30, tzinfo=timezone())
                store.set_upload_time(result.upload_id, landed)
            results.append(result)
    # The national service index as the portal exports it: per quarter, the
    # national sheet, then the province's own (the quarter is in the file name).
    for path in sorted((source / "index766").glob("*.csv"), key=lambda p: (p.name[:7], "tinh" in p.name)):
        result = import_file(store, path.read_bytes(), path.name, SAMPLE_USER, today=today, quarter=path.name[:7])
        if result.status != "committed":
            raise _refused(path.name, result.errors)
        results.append(result)
    return results


def load_sample_register(store: Store, source: Path = SAMPLE_DIR, today: date | None = None) -> None:
    """The sample task register, then the past meetings and their conclusions, through the same
    import path as a register file or a conclusion entered on a meeting's page."""
    folder = source / "tasks"
    register = folder / "register.csv"
    if not register.exists():
        return
    result = import_register(store, register.read_bytes(), register.name, SAMPLE_USER, today=today)
    if result.status != "committed":
        raise _refused(register.name, result.errors)
    with open(folder / "meetings.csv", encoding="utf-8", newline="") as f:
        meetings = list(csv.DictReader(f))
    with open(folder / "conclusions.csv", encoding="utf-8", newline="") as f:
        conclusions = list(csv.DictReader(f))
    for row in meetings:
        held_on = date.fromisoformat(row["held_on"])
        meeting_id = create_meeting(
            store, SAMPLE_USER, held_on, row["title"], row["quarter"], row["chaired_by"], row["attendees"]
        )
        items = [
            Conclusion(
                c["lead_unit"],
                parse_date(c["deadline"]) if c["deadline"] else None,
                c["summary"],
                c["document"],
                parse_date(c["completed_on"]) if c["completed_on"] else None,
            )
            for c in conclusions
            if c["held_on"] == row["held_on"]
        ]
        added = add_conclusions(store, SAMPLE_USER, meeting_id, items, today=today)
        if added.status != "committed":
            raise _refused(f"conclusions.csv ({row['title']})", added.errors)


def exists(location: Path | str) -> bool:
    """Whether there is a store at `location` (a PostgreSQL database is one once it has a schema)."""
    if not is_postgres(location):
        return Path(location).exists()
    store = Store(location)
    try:
        return store.schema_version() > 0
    finally:
        store.close()


def initialise(path: Path | str, sample: bool = False, source: Path = SAMPLE_DIR) -> None:
    """Create the store at `path` if it does not exist yet."""
    if is_postgres(path):
        _initialise_database(str(path), sample, source)
        return
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        store = Store(path)
        try:
            store.migrate()
        finally:
            store.close()
        return
    partial = path.with_name(f".{path.name}.{os.getpid()}.building")
    partial.unlink(missing_ok=True)
    store = Store(partial)
    try:
        store.migrate()
        load_catalogue(store, source)
        if sample:
            load_sample(store, source)
            load_sample_register(store, source)
        store.checkpoint()
    except BaseException:
        store.close()
        partial.unlink(missing_ok=True)
        raise
    store.close()
    os.replace(partial, path)


def _initialise_database(url: str, sample: bool, source: Path) -> None:
    """Create the store in a PostgreSQL database: schema, catalogue and sample in one transaction,
    so that a crash leaves the database as it was, and several app servers starting together
    build it once (the others wait for the schema's lock, then find it built)."""
    store = Store(url)
    try:
        with store.transaction():
            store.migrate()
            if not store.fields():
                load_catalogue(store, source)
                if sample:
                    load_sample(store, source)
                    load_sample_register(store, source)
    finally:
        store.close()
