"""The store resource, cached reads keyed on the data version, and shared filters.

One DuckDB connection per server process (`st.cache_resource`); every read
takes its own cursor inside the store. Cached reads take the store's data
version as an argument, so a commit from any session or from the command
line makes every session read fresh figures on its next rerun, with no timer.
The catalogue, units and values are kept as one shared copy
(`st.cache_resource`): a copy per read (`st.cache_data` pickles) cost 0.1 s
for the country's values and unpickled 3,400 units on every page run. Callers
must not change what they get back (frozen dataclasses, polars frames).

Every cache is bounded by entries, so the server's memory levels off whatever
quarters, units and pages the sessions open (the walk in `bench/soak.py`,
figures in BENCHMARKS.md): old data versions and quarters drop out, least
recently used first. The quarters' values are the big entries (about 25 MB
each at national scale), so only a few are kept, and for an hour at most.

The filters are kept in the URL by hand (`url_filter`), not by Streamlit's
`bind="query-params"` (1.67). Tried on the language and quarter widgets, with
the replay test (`tests/test_app.py`, the first click after a restart), it
loses the first click's context: a bound widget writes its option's label to
the URL, not its code, so `?quarter=2024-Q4` (the links the pages build) is
ignored and the quarter falls back to the newest; after a restart a click on
the language left the quarter in session state as the label 'Quý IV/2025'
(not an option), because the browser sends the other widgets' labels in the
old language and a bound widget takes the browser's value over the URL; and a
click on the quarter after a restart dropped `?lang=en` back to Vietnamese. A
label in the URL would also make a link depend on the language it was copied
in. `url_filter` keeps codes in the URL and matches a new session's labels in
both languages (`_sent_to_a_new_session`).
"""

from __future__ import annotations

import atexit
import logging
import sys
import time
from collections.abc import Callable
from datetime import date, datetime

import polars as pl
import streamlit as st

from metrics import reporting
from metrics.auth import User, ensure_first_admin
from metrics.bootstrap import initialise
from metrics.catalogue import Field, Indicator, Unit, quarterly
from metrics.i18n import t
from metrics.settings import db_path
from metrics.store import Store
from ui import ready, streamlit_hooks

RELEASE_AFTER = 3.0  # seconds without a query before the app closes the store file (for tools that do not ask)
WAIT_FOR_STORE = 15.0  # seconds a page's store call waits while the command line has its turn


def _close(opened: Store) -> None:
    opened.close()


@st.cache_resource(show_spinner=False, max_entries=1, on_release=_close)
def store() -> Store:
    path = db_path()
    initialise(path, sample=True)  # builds the sample province on first start
    # Hand the file over when the command line asks for it (pages keep serving
    # from their caches meanwhile), and let go of it when idle for other tools.
    opened = Store(path, release_after=RELEASE_AFTER, wait=WAIT_FOR_STORE, yields=True)
    atexit.register(opened.close)
    password = ensure_first_admin(opened)
    if password:  # shown once, on the server's console only; never a known default
        print(
            f"\n  Tài khoản quản trị đầu tiên / first admin account: admin / {password}\n", file=sys.stderr, flush=True
        )
    return opened


def version() -> int:
    return store().data_version()


@st.cache_resource(show_spinner=False, max_entries=8)
def catalogue(data_version: int) -> list[Indicator]:
    """Every indicator, the national index's scores included (the Administration page)."""
    return store().indicators()


@st.cache_resource(show_spinner=False, max_entries=8)
def indicators(data_version: int) -> list[Indicator]:
    """The quarterly indicators the units report; the index's scores have their own page."""
    return quarterly(catalogue(data_version))


@st.cache_resource(show_spinner=False, max_entries=8)
def scores(data_version: int) -> list[Indicator]:
    """The national service index's scores (Decision 766), total first."""
    return [i for i in catalogue(data_version) if i.is_score]


@st.cache_resource(show_spinner=False, max_entries=8)
def fields(data_version: int) -> list[Field]:
    return store().fields()


@st.cache_resource(show_spinner=False, max_entries=8)
def units(data_version: int) -> list[Unit]:
    return store().units()


@st.cache_data(show_spinner=False, max_entries=8)
def last_commit(data_version: int) -> datetime | None:
    return store().last_commit()


@st.cache_resource(show_spinner=False, max_entries=8)
def quarters(data_version: int) -> list[str]:
    return store().quarters()


VALUES_KEPT = 4  # quarter windows of values kept in memory, shared by every session (see the docstring)


@st.cache_resource(show_spinner=False, max_entries=VALUES_KEPT, ttl="1h")
def values(data_version: int, first: str, last: str) -> pl.DataFrame:
    return store().values(first, last)


@st.cache_resource(show_spinner=False, max_entries=8, ttl="1h")
def reporting_state(data_version: int, quarter: str, today: date) -> reporting.Reporting:
    """Who has reported `quarter`, shared by every session until the next write (or the next day)."""
    return reporting.reporting(store(), quarter, today, units(data_version))


def user() -> User | None:
    """The signed-in account of this run (set by app.py), or None."""
    return st.session_state.get("current_user")


_timing = logging.getLogger("dashboard.timing")


def record_run_time(page: str, started: float) -> None:
    """Server-side time of this run, for benchmarks and for operators (log level DEBUG)."""
    elapsed = 1000 * (time.perf_counter() - started)
    st.session_state["_run_ms"] = elapsed
    _timing.debug("page=%s run_ms=%.1f", page, elapsed)


def register_pages(pages: list[st.Page]) -> None:
    """The navigation's pages of this run, so links can name them without a file lookup."""
    st.session_state["_pages"] = {p.url_path: p for p in pages}


# How often an open page looks whether the data changed: a commit by another
# session, the command line or another app server shows within this time.
LIVE_SECONDS = 5


def follow_data_version(shown: int) -> None:
    """Rerun the page once the store's data version differs from the one it was drawn with (`shown`).

    A fragment that runs every LIVE_SECONDS and draws nothing: one small read
    of the version, and a full rerun only when the figures did change. The
    version lives in the store, so this also carries commits made on other
    app servers sharing a PostgreSQL store.
    """

    @st.fragment(run_every=LIVE_SECONDS)
    def watch() -> None:
        if version() != shown:
            st.rerun(scope="app")

    watch()


def ran(url_path: str) -> None:
    """Note the page this session's run showed (app.py, after the page has run)."""
    st.session_state["_last_page"] = url_path


def opening(url_path: str) -> bool:
    """Whether this run opens the page: the session's previous run showed another page, or none."""
    return st.session_state.get("_last_page") != url_path


def page(url_path: str) -> st.Page | str:
    return st.session_state.get("_pages", {}).get(url_path, f"app_pages/{url_path}.py")


def page_setup(draws_charts_or_tables: bool = True) -> str:
    """Call first in every page; returns the interface language.

    A page that may draw a plotly chart or a table first waits, in the
    seconds after a server start, for the warm-up's import of pandas
    (`ui.ready`).
    """
    if draws_charts_or_tables:
        ready.wait_for_pandas()
    return lang()


def page_quarter(lang: str) -> tuple[str, int]:
    """The chosen quarter and the data version, or stop the page with the no-data message."""
    chosen = quarter()
    if chosen is None:
        st.info(t("no_data", lang))
        st.stop()
    return chosen, version()


def lang() -> str:
    return "en" if st.session_state.get("lang") == "en" else "vi"


def quarter() -> str | None:
    """The quarter chosen in the sidebar (bound to the URL as ?quarter=)."""
    return st.session_state.get("quarter")


def url_filter(key: str, options: list[str], default: str, label: Callable[[str, str], str] | None = None) -> str:
    """The value of the filter widget `key`, kept in the URL (?key=code) and across pages.

    The URL carries codes ('2025-Q3', 'SNV', 'en'), so a link means the same
    view in either language. Precedence: a value the browser sent that the
    session cannot read yet (the first click after a server restart: what the
    page shows, or what was just clicked on it), then the widget's own state in
    this session, then the URL (a link just followed), then the value last used
    on any page (the widget's state goes when its page is left), then
    `default`. Call it just before creating the widget with the same key;
    `label(option, lang)` is the widget's label of an option, in either
    language.
    """
    kept = f"_kept_{key}"
    candidates = (
        _sent_to_a_new_session(key, options, label),
        st.session_state.get(key),
        st.query_params.get(key),
        st.session_state.get(kept),
    )
    for candidate in candidates:
        if candidate in options:
            value = candidate
            break
    else:
        value = default
    st.session_state[key] = st.session_state[kept] = value
    st.query_params[key] = value
    return value


def _sent_to_a_new_session(key: str, options: list[str], label: Callable[[str, str], str] | None) -> str | None:
    """The option the browser holds for widget `key`, when this session cannot read it yet.

    After a server restart the page's next click reaches a new session, with
    the values of every widget on the page. The session can read a value only
    once the script draws its widget, so the filters would set the widget from
    the URL first and undo the click. The click may also cut short the run that
    the reconnection started, after this function had set the filter from the
    URL but before the widget was drawn: the value in session state is then
    older than the browser's, which is why the browser's comes first. Once the
    widget is drawn its value is read as the widget's and nothing is unread.
    The browser sends an option as its
    label, in the language the page was drawn in (a language switch changes
    every other label), so it is matched against both languages' labels.
    Names need not be unique: if the URL's option reads as what was sent, this
    filter was not the one clicked; otherwise only a single match counts.
    """
    if label is None:
        return None
    sent = set(streamlit_hooks.unread_widget_texts(key))
    if not sent:
        return None

    def reads_as_sent(option: str) -> bool:
        return label(option, "vi") in sent or label(option, "en") in sent

    linked = st.query_params.get(key)
    if linked in options and reads_as_sent(linked):
        return linked
    matches = [option for option in options if reads_as_sent(option)]
    return matches[0] if len(matches) == 1 else None
