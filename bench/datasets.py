"""Synthetic stores at province and country scale, loaded through the real import path.

- province: about 100 units (20 departments, 80 communes and wards), 40 quarters;
- country: 34 provinces of about 100 units each (3,434 units), 40 quarters.

Every quarter is one wide upload file, imported with `metrics.ingest.import_file`
exactly as staff would, so the store holds history, uploads and current values
as in real use. Stores are cached under `bench/.data/` (ignored by git) and
rebuilt when missing.
"""

from __future__ import annotations

import dataclasses
import hashlib
import random
import shutil
from datetime import date
from pathlib import Path

from metrics.auth import CONSOLE, add_user
from metrics.bootstrap import initialise, load_catalogue
from metrics.catalogue import Indicator, Unit
from metrics.ingest import import_file
from metrics.store import SCHEMA_FILE, Store

HERE = Path(__file__).resolve().parent
DATA = HERE / ".data"
QUARTERS = [f"{y}-Q{q}" for y in range(2016, 2026) for q in (1, 2, 3, 4)]
TODAY = date(2026, 1, 15)
PASSWORD = "bench-password-1"  # for the benchmark's own throwaway stores only
COLUMNS = ["unit_code", "quarter", "online_dossiers", "total_dossiers", "on_time_dossiers", "resolved_dossiers",
           "esigned_docs", "electronic_docs", "overdue_tasks", "tasks_done_on_time", "tasks_due", "complaints",
           "complaints_resolved"]  # fmt: skip
SCALES = {"province": 1, "country": 34}


def units_for(provinces: int) -> list[Unit]:
    units = []
    for p in range(provinces):
        province = f"P{p:02d}"
        units.append(Unit(province, f"Tỉnh thử {p}", None, "province", None, None, None, None))
        for i in range(100):
            kind = "department" if i < 20 else ("ward" if i % 4 == 0 else "commune")
            units.append(Unit(f"{province}U{i:03d}", f"Đơn vị {p}-{i}", None, kind, province, None, None, None))
    return units


def quarter_file(units: list[Unit], quarter: str, rng: random.Random, step: int) -> bytes:
    lines = [",".join(COLUMNS)]
    for unit in units:
        if unit.kind == "province":
            continue
        total = rng.randint(200, 3000)
        resolved = int(total * rng.uniform(0.85, 0.98))
        docs = rng.randint(100, 2000)
        due = rng.randint(5, 60)
        complaints = rng.randint(0, 40)
        online = min(total, int(total * min(0.99, 0.55 + 0.008 * step + rng.uniform(-0.1, 0.1))))
        lines.append(",".join(str(x) for x in (
            unit.code, quarter, online, total, int(resolved * rng.uniform(0.88, 1.0)), resolved,
            int(docs * rng.uniform(0.8, 1.0)), docs, rng.choice([0, 0, 0, 1, 2, 4]),
            int(due * rng.uniform(0.75, 1.0)), due, complaints, int(complaints * rng.uniform(0.7, 1.0)),
        )))  # fmt: skip
    return ("\n".join(lines) + "\n").encode()


def typed(indicators: list[Indicator]) -> list[Indicator]:
    """The catalogue with every indicator typed in the upload: the synthetic provinces keep no task
    register, so their units report the task figures themselves (as the benchmarks always measured)."""
    return [dataclasses.replace(i, source="upload") for i in indicators]


def build(scale: str, path: Path) -> Path:
    """A store of the given scale at `path`, made through the import path."""
    path.unlink(missing_ok=True)
    initialise(path)
    store = Store(path)
    load_catalogue(store)
    store.replace_catalogue(store.fields(), typed(store.indicators()), units_for(SCALES[scale]))
    add_user(store, CONSOLE, "bench", "Benchmark", "admin", PASSWORD)
    rng = random.Random(7)
    units = store.units()
    for step, quarter in enumerate(QUARTERS):
        result = import_file(store, quarter_file(units, quarter, rng, step), f"{quarter}.csv", CONSOLE, today=TODAY)
        if result.status != "committed":
            raise RuntimeError(f"{quarter}: {result.errors[:3]}")
    store.cursor().execute("CHECKPOINT")
    store.close()
    return path


def store_path(scale: str) -> Path:
    """The cached store for a scale, built on first use; named by a digest of the schema, so a checkout
    with other migrations builds its own instead of reading a store it cannot query."""
    DATA.mkdir(exist_ok=True)
    schema = hashlib.sha256(SCHEMA_FILE.read_bytes()).hexdigest()[:12]
    path = DATA / f"{scale}-{schema}.duckdb"
    if not path.exists():
        partial = DATA / f"{scale}.building.duckdb"
        build(scale, partial)
        shutil.move(partial, path)
    return path


def describe(path: Path) -> str:
    store = Store(path)
    row = (
        store.cursor()
        .execute(
            "SELECT (SELECT count(*) FROM units WHERE kind <> 'province'), (SELECT count(DISTINCT quarter) FROM current_values),"
            " (SELECT count(*) FROM current_values), (SELECT count(*) FROM uploads)"
        )
        .fetchone()
    )
    store.close()
    assert row is not None
    size = path.stat().st_size / 2**20
    return f"{row[0]:,} units, {row[1]} quarters, {row[2]:,} current values, {row[3]} uploads, {size:.0f} MB file"


if __name__ == "__main__":
    for name in SCALES:
        print(name, describe(store_path(name)))
