"""Start the dashboard: `python serve.py [streamlit flags]` is `streamlit run app.py` made ready.

The server starts listening at once. Once it does, while the browser loads
the page, a background thread opens the store (building the sample province
on first start), computes the latest quarter's overview into the shared
cache, then imports what later pages need (among them pandas, which st.table
imports on first use). The first person to open the dashboard waits for none
of these. Flags pass through to `streamlit run`, e.g. `--server.port 8502`.
"""

import logging
import socket
import sys
import threading
import time
from pathlib import Path

from streamlit import string_util
from streamlit.web import cli

from ui import ready


def serving() -> None:
    """Return once the server accepts connections (or after a few seconds), so as not to slow its start."""
    from streamlit import runtime

    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        if runtime.exists() and runtime.get_instance().state != runtime.RuntimeState.INITIAL:
            return
        time.sleep(0.02)


def warm_up() -> None:
    """Open the store and fill the process-wide caches the first pages need (errors only logged)."""
    try:
        serving()
        from ui import access, state, views, widgets  # noqa: F401  (what the sign-in page imports, first)

        # Streamlit looks for an emoji at the start of every non-ASCII label
        # (the sidebar's "Tiếng Việt", the pages' titles); the first look loads
        # its emoji list and compiles a pattern of it, 0.1 s on the first run.
        string_util.extract_leading_emoji("Tiếng Việt")

        version = state.version()  # opens the store, building the sample province on first start
        quarters = state.quarters(version)
        if quarters:
            views.overview_view(version, quarters[-1], "vi")
        # For the pages after the overview: st.table imports pandas on first use.
        import pandas  # noqa: F401

        ready.pandas_imported.set()
        import metrics.ingest  # noqa: F401  (the upload page)
    except Exception:  # a cold cache is slower, never wrong
        logging.getLogger("dashboard").exception("warm-up failed")
    finally:
        ready.pandas_imported.set()  # imported, or never will be here: pages stop waiting


def with_tcp_protocol(sock: socket.socket) -> socket.socket:
    """The same listening socket, labelled as TCP so that its connections get TCP_NODELAY."""
    if sock.family not in (socket.AF_INET, socket.AF_INET6) or sock.proto == socket.IPPROTO_TCP:
        return sock
    return socket.socket(sock.family, sock.type, socket.IPPROTO_TCP, fileno=sock.detach())


def tcp_nodelay_for_connections() -> None:
    """Send every response at once instead of after the browser's delayed acknowledgement.

    Streamlit binds its listening socket without naming the protocol
    (`proto` 0); accepted connections inherit it, and asyncio only turns off
    Nagle's algorithm (TCP_NODELAY) for sockets labelled IPPROTO_TCP. Every
    response after the first on a kept-alive connection then waited about
    40 ms for the browser's delayed ACK: 60 script files took 0.43 s to serve
    instead of 0.08 s, and a page's messages on the websocket stalled the same
    way. (The same bug as uvicorn issue #3149.)
    """
    from streamlit.web.server.starlette import starlette_server

    bind = getattr(starlette_server, "_bind_socket", None)
    if bind is None:  # a Streamlit that binds differently: nothing to correct here
        return

    def bind_tcp(address: str, port: int, backlog: int) -> socket.socket:
        return with_tcp_protocol(bind(address, port, backlog))

    starlette_server._bind_socket = bind_tcp


def navigation_from_the_app_only() -> None:
    """Route every page through app.py's `st.navigation` from the very first request.

    The project keeps its pages in `pages/`, which also switches on Streamlit's
    older mode where that folder is the navigation: a fresh server would send
    its file names as a page list (drawn as a sidebar over the sign-in form
    until the first run replaced it) and run a deep-linked file without app.py.
    The first call of `st.navigation` turns that mode off for the process;
    this turns it off before the first request. (`ui.state.page_setup` still
    guards a page started directly with `streamlit run`.)
    """
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False


def no_direct_execution_check() -> None:
    """Skip Streamlit's "run me with `streamlit run`" check: this launcher is `streamlit run`.

    On the first element of the first run Streamlit decides whether to warn
    that the script was started without `streamlit run`, by walking the whole
    call stack with `inspect.stack()`: 0.15 s, once, on the way to the first
    sign-in form.
    """
    from streamlit import delta_generator

    if hasattr(delta_generator, "_use_warning_has_been_displayed"):
        delta_generator._use_warning_has_been_displayed = True


if __name__ == "__main__":
    from ui import csp, kept_sign_in

    kept_sign_in.install()  # sign-ins survive a reload and a server restart
    csp.install()  # outermost: every response, the session endpoint's included, carries the policy
    tcp_nodelay_for_connections()
    no_direct_execution_check()
    ready.pandas_imported.clear()  # until the warm-up has imported it
    navigation_from_the_app_only()
    threading.Thread(target=warm_up, name="warm-up", daemon=True).start()
    app = str(Path(__file__).resolve().with_name("app.py"))
    sys.argv = ["streamlit", "run", app, *sys.argv[1:]]
    sys.exit(cli.main())
