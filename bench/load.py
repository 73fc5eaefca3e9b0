"""Load: N people make the same click at the same moment; how long until each has the new page.

Each simulated person is a websocket client that speaks Streamlit's own
protocol, as the browser does, without drawing anything: it resumes a kept
sign-in with its cookie, opens the indicator page, and once every person is
ready all of them pick at the same moment another indicator with a target and
another quarter in the page's lists (every round a pair not asked for before,
so no cache has it).
The pick is sent as the browser sends it: the lists' new values as widget
states (a changed URL alone would not do: the session's own widget state
wins over it, so the page would show the view it already had). Measured per
person: from sending the click to the server's "script finished" for that
run, i.e. the server's work plus the transport, not the browser's drawing. A
run that raised on the page, or showed another indicator than the one
picked, counts as an error.

Layouts: `duckdb` is one app server on the DuckDB store. `pgN` is N app
servers on one PostgreSQL store behind the reverse proxy with sticky sessions
(`deploy.replicas`), which needs PostgreSQL and HAProxy from Debian.

    ./dashboard bench load [--scale country] [--users 1,10,20,40,80] [--layouts duckdb,pg1,pg2,pg4]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.datasets import SCALES, describe, store_path
from deploy import postgres, replicas
from metrics import auth, settings
from metrics.quarters import quarter_label
from metrics.store import Store, copy_store
from tests.browser import served_app

PAGE = "indicator"
SECOND = 1.0  # the p95 this benchmark reports the crossing of
TIMEOUT = 300.0  # seconds a run may take before the person gives up


@dataclass(frozen=True)
class Click:
    seconds: float
    ok: bool


PICKED = ("indicator", "quarter")  # the page's lists a click picks in (their widget keys)


@dataclass(frozen=True)
class Address:
    """A view of the indicator page: its URL parameters and the lists' labels that pick it."""

    query: dict[str, str]
    labels: dict[str, str]
    title: str  # the page's title


class Person:
    """One browser's websocket session, signed in by its kept sign-in cookie."""

    def __init__(self, url: str, cookie: str) -> None:
        self.url, self.cookie = url, cookie
        self.socket: websockets.ClientConnection | None = None
        self.lists: dict[str, str] = {}  # widget key -> its id, as the page last drew it

    async def open(self) -> None:
        parts = urlsplit(self.url)
        self.socket = await websockets.connect(
            f"ws://{parts.netloc}{parts.path.rstrip('/')}/_stcore/stream",
            subprotocols=[websockets.Subprotocol("streamlit")],
            additional_headers={"Origin": f"{parts.scheme}://{parts.netloc}", "Cookie": self.cookie},
            max_size=None,
            open_timeout=TIMEOUT,
        )

    async def show(self, address: Address, pick: bool = False) -> Click:
        """Open the page at this address (its URL), or with `pick`, choose it in the page's lists;
        wait for the run to finish."""
        assert self.socket is not None
        message = BackMsg()
        message.rerun_script.query_string = urlencode(address.query)
        message.rerun_script.page_name = PAGE
        if pick:
            for key in PICKED:
                message.rerun_script.widget_states.widgets.add(id=self.lists[key], string_value=address.labels[key])
        started = time.perf_counter()
        await self.socket.send(message.SerializeToString())
        ok, title = True, None
        while True:
            received = ForwardMsg()
            received.ParseFromString(await asyncio.wait_for(self.socket.recv(), TIMEOUT))
            kind = received.WhichOneof("type")
            element = received.delta.new_element if kind == "delta" else None
            shown = element.WhichOneof("type") if element is not None else None
            if shown == "exception":
                ok = False
            elif shown == "heading" and title is None and element is not None:
                title = element.heading.body.replace("\\", "")  # Markdown escapes off
            elif shown == "selectbox" and element is not None:
                for key in PICKED:
                    if element.selectbox.id.endswith(f"-{key}"):
                        self.lists[key] = element.selectbox.id
            if kind == "script_finished" and received.script_finished in (
                ForwardMsg.FINISHED_SUCCESSFULLY,
                ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
            ):
                ok = ok and received.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY
                return Click(time.perf_counter() - started, ok and title == address.title)

    async def close(self) -> None:
        if self.socket is not None:
            await self.socket.close()


def sessions(path_or_url: str | Path, count: int) -> list[str]:
    """`count` kept sign-in tokens of the benchmark's account, made before the servers start."""
    store = Store(path_or_url)
    try:
        user = auth.load_user(store, "bench")
        assert user is not None, "the benchmark store has no `bench` account"
        return [auth.start_browser_session(store, user, 3600, 3600)[0] for _ in range(count)]
    finally:
        store.close()


def addresses(path_or_url: str | Path, rounds: int) -> list[Address]:
    """One address a round, each never asked for before: another indicator and an earlier quarter.

    Only indicators with a target, so that every round's view costs alike (its
    ranking says how far each unit is from the target, and since when).
    """
    store = Store(path_or_url)
    try:
        indicators = [i for i in store.indicators() if not i.is_score and i.target is not None]
        quarters = list(reversed(store.quarters()))
    finally:
        store.close()
    found = []
    for r in range(rounds):
        indicator, quarter = indicators[r % len(indicators)], quarters[r % len(quarters)]
        found.append(
            Address(
                {"quarter": quarter, "indicator": indicator.code},
                {"quarter": quarter_label(quarter, "vi"), "indicator": indicator.name("vi")},
                f"{indicator.name('vi')} · {quarter_label(quarter, 'vi')}",
            )
        )
    return found


async def crowd(url: str, cookies: list[str], first: Address, click: Address) -> list[Click]:
    """Everyone opens the page at `first`, then everyone picks `click` at once; the clicks' times."""
    people = [Person(url, cookie) for cookie in cookies]
    await asyncio.gather(*(p.open() for p in people))
    try:
        await asyncio.gather(*(p.show(first) for p in people))
        return list(await asyncio.gather(*(p.show(click, pick=True) for p in people)))
    finally:
        await asyncio.gather(*(p.close() for p in people), return_exceptions=True)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


@contextmanager
def layout(name: str, scale: str, port: int, pg_url: str | None) -> Iterator[tuple[str, str | Path]]:
    """The served layout `name` (`duckdb`, or `pgN`: N app servers behind the proxy); its URL and store."""
    if name == "duckdb":
        path = store_path(scale)
        with served_app(path, timeout=180, port=port) as url:
            yield url, path
        return
    if not name.startswith("pg") or not name[2:].isdigit() or pg_url is None:
        raise SystemExit(f"unknown layout {name!r}: duckdb or pgN (N app servers on PostgreSQL)")
    with replicas.serve(pg_url, int(name[2:]), port=port, first_app_port=port + 1, timeout=300) as served:
        yield served.url, pg_url


def measure(name: str, scale: str, users: list[int], pg_url: str | None) -> list[tuple[str, int, float, float, int]]:
    """(layout, N, p50, p95, errors) for each N."""
    rows = []
    port = 8590
    where: str | Path = store_path(scale) if name == "duckdb" else str(pg_url)
    first, *clicks = addresses(where, len(users) + 2)
    cookies = sessions(where, max(users))
    cookie = settings.session_cookie(port)
    with layout(name, scale, port, pg_url) as (url, _):
        asyncio.run(crowd(url, [f"{cookie}={cookies[0]}"], first, clicks.pop()))  # warm: the code, the first page
        for n, click in zip(users, clicks, strict=False):
            done = asyncio.run(crowd(url, [f"{cookie}={c}" for c in cookies[:n]], first, click))
            seconds = [c.seconds for c in done]
            rows.append((name, n, statistics.median(seconds), percentile(seconds, 0.95), sum(not c.ok for c in done)))
            print(f"{name} N={n}: p50 {rows[-1][2]:.2f} s, p95 {rows[-1][3]:.2f} s", flush=True)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=list(SCALES), default="country")
    parser.add_argument("--users", default="1,10,20,40,80")
    parser.add_argument("--layouts", default="duckdb,pg1,pg2,pg4")
    args = parser.parse_args(argv)
    users = [int(n) for n in args.users.split(",")]
    names = args.layouts.split(",")
    rows = []
    with ExitStack() as stack:
        pg_url = None
        if any(n.startswith("pg") for n in names):  # the same store, copied once into a throwaway cluster
            pg_url = stack.enter_context(postgres.cluster("dashboard"))
            copy_store(store_path(args.scale), pg_url)
        for name in names:
            rows += measure(name, args.scale, users, pg_url)
    print(f"\n### {args.scale}: {describe(store_path(args.scale))}\n")
    print("| layout | N | p50 (s) | p95 (s) | errors |\n|---|---|---|---|---|")
    for layout, n, p50, p95, errors in rows:
        print(f"| {layout} | {n} | {p50:.2f} | {p95:.2f} | {errors} |")
    for layout in dict.fromkeys(r[0] for r in rows):
        over = [n for lay, n, _, p95, _ in rows if lay == layout and p95 > SECOND]
        print(f"\n{layout}: p95 passes {SECOND:.0f} s at N = {over[0] if over else 'none measured'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
