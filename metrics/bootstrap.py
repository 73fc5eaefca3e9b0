"""Creating a store: schema, catalogue, unit list and, optionally, the sample province.

A new store is built in a temporary file beside the target and moved into
place only when complete, so that a crash never leaves a half-built store
that the app would then take for a real one.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from metrics.auth import User
from metrics.catalogue import load_fields, load_indicators, load_units
from metrics.ingest import ImportResult, import_file
from metrics.settings import SAMPLE_DIR
from metrics.store import Store, StoreError

SAMPLE_USER = User("sample", "Dữ liệu mẫu", "admin")


def load_catalogue(store: Store, source: Path = SAMPLE_DIR) -> None:
    fields = load_fields(source / "fields.csv")
    indicators = load_indicators(source / "indicators.csv", fields)
    units = load_units(source / "units.csv")
    store.replace_catalogue(fields, indicators, units)


def load_sample(store: Store, source: Path = SAMPLE_DIR, today: date | None = None) -> list[ImportResult]:
    """Import the sample quarters through the same path as any upload."""
    results = []
    for path in sorted((source / "uploads").glob("*.csv")):
        result = import_file(store, path.read_bytes(), path.name, SAMPLE_USER, today=today)
        if result.status != "committed":
            detail = "; ".join(f"dòng {p.row}: {p.message}" for p in result.errors[:5])
            raise StoreError(f"Tệp mẫu {path.name} không hợp lệ: {detail}")
        results.append(result)
    # The national service index as the portal exports it: per quarter, the
    # national sheet, then the province's own (the quarter is in the file name).
    for path in sorted((source / "index766").glob("*.csv"), key=lambda p: (p.name[:7], "tinh" in p.name)):
        result = import_file(store, path.read_bytes(), path.name, SAMPLE_USER, today=today, quarter=path.name[:7])
        if result.status != "committed":
            detail = "; ".join(f"dòng {p.row}: {p.message}" for p in result.errors[:5])
            raise StoreError(f"Tệp mẫu {path.name} không hợp lệ: {detail}")
        results.append(result)
    return results


def initialise(path: Path, sample: bool = False, source: Path = SAMPLE_DIR) -> None:
    """Create the store at `path` if it does not exist yet."""
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
        store.cursor().execute("CHECKPOINT")
    except BaseException:
        store.close()
        partial.unlink(missing_ok=True)
        raise
    store.close()
    os.replace(partial, path)
