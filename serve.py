"""Start the dashboard: `python serve.py [config flags]` serves `app.py` through Streamlit's `st.App`.

`app` below is the served application: Streamlit's own routes, with the
Content-Security-Policy (`ui.csp`) and the kept sign-in's endpoint
(`ui.kept_sign_in`) as middleware, and a lifespan that starts the warm-up.
`streamlit run serve.py` serves the same app; `python serve.py` also applies
the one hook that must come before the server binds its socket
(`ui.streamlit_hooks`). Flags are Streamlit's config options, as for
`streamlit run`: `python serve.py --server.port 8502 --server.address 0.0.0.0`.

The server starts listening at once. While the browser loads the page, a
background thread opens the store (building the sample province on first
start), computes the latest quarter's overview into the shared cache, then
imports what later pages need (among them pandas, which st.table imports on
first use). The first person to open the dashboard waits for none of these.
"""

from __future__ import annotations

import logging
import sys
import threading
import tomllib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import streamlit as st
from starlette.middleware import Middleware

from ui import csp, kept_sign_in, ready, streamlit_hooks

APP_SCRIPT = Path(__file__).resolve().with_name("app.py")


def warm_up() -> None:
    """Open the store and fill the process-wide caches the first pages need (errors only logged)."""
    try:
        from metrics import settings
        from ui import access, state, views, widgets  # noqa: F401  (what the sign-in page imports, first)

        streamlit_hooks.compile_emoji_pattern()
        version = state.version()  # opens the store, building the sample province on first start
        quarters = state.quarters(version)
        if quarters:
            views.overview_view(version, quarters[-1], "vi", settings.today())  # as the overview page asks
        # For the pages after the overview: st.table imports pandas on first use.
        import pandas  # noqa: F401

        ready.pandas_imported.set()
        import metrics.ingest  # noqa: F401  (the upload page)
    except Exception:  # a cold cache is slower, never wrong
        logging.getLogger("dashboard").exception("warm-up failed")
    finally:
        ready.pandas_imported.set()  # imported, or never will be here: pages stop waiting


@asynccontextmanager
async def lifespan(_app: st.App) -> AsyncIterator[None]:
    """Once Streamlit's runtime has started: warm the caches in the background, then serve."""
    streamlit_hooks.no_direct_execution_check()
    ready.pandas_imported.clear()  # until the warm-up has imported it
    threading.Thread(target=warm_up, name="warm-up", daemon=True).start()
    yield


# Outermost first: every response, the session endpoint's included, carries the policy.
MIDDLEWARE = [Middleware(csp.ContentSecurityPolicy), Middleware(kept_sign_in.SessionCookieEndpoint)]
app = st.App(APP_SCRIPT, middleware=MIDDLEWARE, lifespan=lifespan)


class FlagError(ValueError):
    pass


def command_line_config(args: list[str]) -> dict[str, Any]:
    """Config options from `--section.option value` (or `--section.option=value`) flags.

    A value is read as in config.toml when it is one there (`8502`, `true`),
    otherwise as text (`127.0.0.1`, `/ubnd`).
    """
    options: dict[str, Any] = {}
    rest = list(args)
    while rest:
        flag = rest.pop(0)
        if not flag.startswith("--") or "." not in flag:
            raise FlagError(f"not a config flag: {flag!r} (expected --section.option value)")
        name, _, value = flag[2:].partition("=")
        if not _:
            if not rest:
                raise FlagError(f"{flag} needs a value")
            value = rest.pop(0)
        try:
            options[name] = tomllib.loads(f"v = {value}")["v"]
        except tomllib.TOMLDecodeError:
            options[name] = value
    return options


if __name__ == "__main__":
    try:
        overrides = command_line_config(sys.argv[1:])
    except FlagError as error:
        sys.exit(f"serve.py: {error}")
    streamlit_hooks.tcp_nodelay_for_connections()  # before App.run binds the listening socket
    app.run(config=overrides)
