"""Shared fixtures: a real store built through the real import path, never a mock."""

from __future__ import annotations

import csv
import itertools
import os
import re
import shutil
import time
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
import streamlit as st

from metrics.auth import CONSOLE, User, add_user
from metrics.bootstrap import initialise
from metrics.settings import SAMPLE_DIR
from metrics.store import Store

TESTER = User("tester", "Người kiểm thử", "admin")

# The store's contract and the AppTest suite run on both engines: every test that
# asks for `store` or `empty_store` (or is marked `both_engines`, as the page
# tests are) runs once on DuckDB and once on
# PostgreSQL. PostgreSQL is a throwaway cluster started once per test session
# (deploy/postgres.py); without PostgreSQL installed those runs are skipped,
# except in CI (CI=true), where they fail.
ENGINES = ("duckdb", "postgresql")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "both_engines: run the test on DuckDB and on PostgreSQL")
    config.addinivalue_line(
        "markers",
        "duckdb_only: about the DuckDB file itself (locks, hand-over, write-ahead log, file copies, older versions' data)",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("DASHBOARD_TEST_ENGINE") == "postgresql":
        skip = pytest.mark.skip(reason="about the DuckDB store file; DASHBOARD_TEST_ENGINE=postgresql")
        for item in items:
            if item.get_closest_marker("duckdb_only"):
                item.add_marker(skip)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "engine" not in metafunc.fixturenames:
        return
    if metafunc.definition.get_closest_marker("duckdb_only"):
        return
    if {"store", "empty_store"} & set(metafunc.fixturenames) or metafunc.definition.get_closest_marker("both_engines"):
        metafunc.parametrize("engine", ENGINES)


@pytest.fixture
def engine() -> str:
    """The engine under test: DuckDB unless the test runs on both (see pytest_generate_tests), or
    `DASHBOARD_TEST_ENGINE=postgresql` runs every test on PostgreSQL."""
    return os.environ.get("DASHBOARD_TEST_ENGINE", "duckdb")


@pytest.fixture(scope="session")
def postgres() -> Iterator[str]:
    """The URL of a throwaway PostgreSQL cluster's maintenance database, for the whole test session."""
    from deploy.postgres import bindir, cluster

    if bindir() is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("PostgreSQL is not installed: CI must install it (apt-get install -y postgresql)")
        pytest.skip("PostgreSQL is not installed (apt-get install -y postgresql): its runs are skipped")
    with cluster() as url:
        yield url


_databases = itertools.count(1)


def new_database(postgres: str, template: str = "template0") -> str:
    """A new, empty (or copied from `template`) database in the test cluster; its URL."""
    name = f"test_{os.getpid()}_{next(_databases)}"
    admin = Store(postgres)
    try:
        admin.cursor().execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    finally:
        admin.close()
    return postgres.rsplit("/", 1)[0] + "/" + name


def drop_database(postgres: str, url: str) -> None:
    admin = Store(postgres)
    try:
        admin.cursor().execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')
    finally:
        admin.close()


@pytest.fixture(scope="session")
def sample_pg_template(postgres: str) -> str:
    """The sample province with the test accounts, in a PostgreSQL database that tests copy (by name)."""
    url = new_database(postgres)
    initialise(url, sample=True)
    store = Store(url)
    for username, (role, units) in ACCOUNTS.items():
        add_user(store, CONSOLE, username, username.title(), role, PASSWORD, units)
    store.close()
    return url.rsplit("/", 1)[1]


PASSWORD = "mat-khau-kiem-thu"  # for the test accounts below, made by the fixture only
ACCOUNTS = {"tester": ("admin", []), "lanhdao": ("viewer", []), "snv.staff": ("unit_staff", ["SNV", "STP"])}


@pytest.fixture(scope="session")
def sample_db_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample province with one account per role, built once per test session."""
    path = tmp_path_factory.mktemp("template") / "sample.duckdb"
    initialise(path, sample=True)
    store = Store(path)
    for username, (role, units) in ACCOUNTS.items():
        add_user(store, CONSOLE, username, username.title(), role, PASSWORD, units)
    store.close()
    return path


APP = str(Path(__file__).resolve().parent.parent / "app.py")


@pytest.fixture
def fresh_app(sample_db: Path, monkeypatch: pytest.MonkeyPatch):
    """The app on a private sample store, nobody signed in yet."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("DASHBOARD_DB", str(sample_db))
    st.cache_data.clear()
    st.cache_resource.clear()
    yield AppTest.from_file(APP, default_timeout=30)
    st.cache_resource.clear()  # closes the store (on_release)


@pytest.fixture
def app(fresh_app):
    """The app with the admin test account signed in."""
    return sign_in(fresh_app)


def sign_in(at, username: str = "tester"):
    """Start an AppTest session as a signed-in account (the sign-in form has its own tests)."""
    now = time.time()
    at.session_state["auth"] = {"username": username, "signed_in_at": now, "last_seen": now}
    return at


@pytest.fixture
def sample_db(engine: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Path]:
    """A private copy of the sample store that a test may change: a DuckDB file, or (on
    PostgreSQL) a database's URL."""
    if engine == "postgresql":
        postgres = request.getfixturevalue("postgres")
        url = new_database(postgres, request.getfixturevalue("sample_pg_template"))
        yield url  # type: ignore[misc]  # a URL where DuckDB has a path
        drop_database(postgres, url)
        return
    path = tmp_path / "dashboard.duckdb"
    shutil.copy(request.getfixturevalue("sample_db_template"), path)
    yield path


@pytest.fixture
def store(sample_db: Path) -> Iterator[Store]:
    opened = Store(sample_db)
    yield opened
    opened.close()


@pytest.fixture
def empty_store(engine: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Store]:
    if engine == "postgresql":
        postgres = request.getfixturevalue("postgres")
        url = new_database(postgres)
        initialise(url, sample=False)
        opened = Store(url)
        yield opened
        opened.close()
        drop_database(postgres, url)
        return
    path = tmp_path / "empty.duckdb"
    initialise(path, sample=False)
    opened = Store(path)
    yield opened
    opened.close()


def shown(markdown: object) -> str:
    """What a person reads of Markdown text made inert by `metrics.escape.markdown`: escapes and word joiners removed."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", str(markdown)).replace("\u2060", "")


def shown_table(frame):
    """A table element's cells and headers as a person reads them."""
    return frame.map(shown).rename(columns=shown)


def sample_rows(quarter: str) -> list[dict[str, str]]:
    """The sample upload of a quarter, read with the csv module only (an independent oracle)."""
    with open(SAMPLE_DIR / "uploads" / f"{quarter}.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def sample_ratio(quarter: str, numerator_label: str, denominator_label: str) -> float:
    """Σ numerators / Σ denominators over units that filled both cells, in percent."""
    rows = [r for r in sample_rows(quarter) if r[numerator_label] and r[denominator_label]]
    return 100 * sum(int(r[numerator_label]) for r in rows) / sum(int(r[denominator_label]) for r in rows)


def sample_tasks() -> list[tuple[str, date | None, date | None]]:
    """(lead unit, effective deadline, completed on) of every sample task and conclusion, read with
    the csv module only (an independent oracle)."""

    def day(text: str) -> date | None:
        return datetime.strptime(text, "%d/%m/%Y").date() if text else None

    folder = SAMPLE_DIR / "tasks"
    with open(folder / "register.csv", encoding="utf-8", newline="") as f:
        rows = [
            (r["Đơn vị chủ trì"], day(r["Gia hạn đến"]) or day(r["Hạn hoàn thành"]), day(r["Ngày hoàn thành"]))
            for r in csv.DictReader(f)
        ]
    with open(folder / "conclusions.csv", encoding="utf-8", newline="") as f:
        rows += [(r["lead_unit"], day(r["deadline"]), day(r["completed_on"])) for r in csv.DictReader(f)]
    return rows


def sample_overdue(at: date) -> dict[str, int]:
    """Overdue sample tasks on `at` per lead unit, counted by hand."""
    counted: dict[str, int] = {}
    for lead, deadline, completed in sample_tasks():
        if deadline and deadline < at and (completed is None or completed > at):
            counted[lead] = counted.get(lead, 0) + 1
    return counted


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[pytest.TestReport]:
    """A failed browser test's report says what each of its open pages showed (address and text),
    and keeps a screenshot of each in test-artifacts/: a failure in CI can be read, not guessed."""
    report: pytest.TestReport = yield
    opened = getattr(item, "funcargs", {}).get("browser")
    if report.when == "call" and report.failed and opened is not None:
        from tests.browser import describe_pages

        report.sections.append(("open pages at failure", describe_pages(opened, item.name)))
    return report


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, shared by a module's tests (never skipped: see tests/browser.py)."""
    from tests.browser import chromium

    with chromium() as opened:
        yield opened


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory, sample_db_template: Path) -> Iterator[str]:
    """The app served on a free port against a copy of the sample store."""
    from tests.browser import served_app

    db = tmp_path_factory.mktemp("served") / "dashboard.duckdb"
    shutil.copy(sample_db_template, db)
    with served_app(db) as url:
        yield url
