"""Every place the dashboard reaches into Streamlit's private internals, and why no public API does it.

The app is served through Streamlit's public application API (`st.App` in
`serve.py`: the Content-Security-Policy and the kept sign-in's endpoint as
middleware, the warm-up as its lifespan). What is left here has no public
equivalent in Streamlit 1.67. Each hook checks that the private name it needs
still exists: at run time a missing name only costs what the hook saved (it
is logged, the app still serves); `tests/test_streamlit_hooks.py` checks each
hook's effect and fails, naming the hook, when an upgrade breaks it.

1. `tcp_nodelay_for_connections`: `streamlit.web.server.starlette.starlette_server._bind_socket`.
   `st.App.run` binds the listening socket itself and offers no socket
   options; the accepted connections inherit the listener's protocol label,
   which is the only thing asyncio looks at before turning Nagle's algorithm
   off. Without the hook every response after the first on a kept-alive
   connection waits about 40 ms for the browser's delayed acknowledgement.
2. `no_direct_execution_check`: `streamlit.delta_generator._use_warning_has_been_displayed`.
   On the first element of the first run Streamlit walks the whole call stack
   (`inspect.stack()`, 0.15 s) to decide whether to warn that the script was
   not started with `streamlit run`; no option turns the walk off.
3. `unread_widget_texts`: the session's widget values that no widget of this
   run has claimed yet (`SessionState._new_widget_state`) and the prefix of
   generated widget ids (`streamlit.elements.lib.utils.GENERATED_ELEMENT_ID_PREFIX`).
   After a server restart the page's next click reaches a new session, with
   the value the person clicked; a script can read a widget's value only once
   it draws the widget, and the URL filters (`ui.state.url_filter`) must
   choose the widget's value before drawing it.
4. `compile_emoji_pattern`: `streamlit.string_util.extract_leading_emoji`.
   The first non-ASCII label loads Streamlit's emoji list and compiles a
   pattern of it (0.1 s); calling it once in the warm-up moves that cost off
   the first visitor's run. Streamlit has no public way to preload it.

Streamlit's older "pages folder" mode is not a hook: the page scripts live in
`app_pages/`, a folder Streamlit does not look for.
"""

from __future__ import annotations

import logging
import re
import socket
from typing import Any

_log = logging.getLogger("dashboard")

HOOKS = ("tcp_nodelay_for_connections", "no_direct_execution_check", "unread_widget_texts", "compile_emoji_pattern")


class HookMissing(RuntimeError):
    """A private Streamlit name a hook needs is gone (a Streamlit upgrade): see this module's list."""


def _missing(hook: str, name: str) -> HookMissing:
    return HookMissing(f"Streamlit hook {hook!r}: {name} no longer exists in this Streamlit; see ui/streamlit_hooks.py")


# -- 1. TCP_NODELAY on the served connections ------------------------------------------------------


def with_tcp_protocol(sock: socket.socket) -> socket.socket:
    """The same listening socket, labelled as TCP so that its connections get TCP_NODELAY."""
    if sock.family not in (socket.AF_INET, socket.AF_INET6) or sock.proto == socket.IPPROTO_TCP:
        return sock
    return socket.socket(sock.family, sock.type, socket.IPPROTO_TCP, fileno=sock.detach())


def tcp_nodelay_for_connections(strict: bool = False) -> None:
    """Label the socket Streamlit binds as TCP, so asyncio sends every response at once.

    Streamlit binds without naming the protocol (`proto` 0); asyncio only sets
    TCP_NODELAY on connections of sockets labelled IPPROTO_TCP (the same bug
    as uvicorn issue #3149). Call before the server binds (`serve.py` does,
    before `st.App.run`).
    """
    from streamlit.web.server.starlette import starlette_server

    bind = getattr(starlette_server, "_bind_socket", None)
    if bind is None:
        error = _missing("tcp_nodelay_for_connections", "starlette_server._bind_socket")
        if strict:
            raise error
        _log.warning("%s", error)
        return
    if getattr(bind, "labels_tcp", False):
        return  # already installed

    def bind_tcp(address: str, port: int, backlog: int) -> socket.socket:
        return with_tcp_protocol(bind(address, port, backlog))

    bind_tcp.labels_tcp = True  # type: ignore[attr-defined]
    starlette_server._bind_socket = bind_tcp


# -- 2. no stack walk on the first run -------------------------------------------------------------


def no_direct_execution_check(strict: bool = False) -> None:
    """Mark Streamlit's "run me with `streamlit run`" check as done: this server is started properly."""
    from streamlit import delta_generator

    if not hasattr(delta_generator, "_use_warning_has_been_displayed"):
        error = _missing("no_direct_execution_check", "delta_generator._use_warning_has_been_displayed")
        if strict:
            raise error
        _log.warning("%s", error)
        return
    delta_generator._use_warning_has_been_displayed = True


# -- 3. the values a new session received before its widgets were drawn ----------------------------


def _widget_id_pattern(key: str) -> re.Pattern[str]:
    """Streamlit's id for the widget with `key`: a fixed prefix, a hash, then the key."""
    from streamlit.elements.lib.utils import GENERATED_ELEMENT_ID_PREFIX

    return re.compile(rf"{re.escape(GENERATED_ELEMENT_ID_PREFIX)}-[0-9a-f]+-{re.escape(key)}")


def _new_widget_state() -> Any:
    from streamlit.runtime.state.session_state_proxy import get_session_state

    state = getattr(get_session_state(), "_state", None)
    widgets = getattr(state, "_new_widget_state", None)
    if state is not None and widgets is None:
        raise _missing("unread_widget_texts", "SessionState._new_widget_state")
    return widgets


def unread_widget_texts(key: str) -> list[str]:
    """The text values the browser sent for widget `key` that this session has no reader for yet.

    Empty outside a script run, and (logged) when Streamlit keeps them elsewhere.
    """
    try:
        widgets = _new_widget_state()
        own_id = _widget_id_pattern(key)
    except (HookMissing, ImportError) as error:
        _log.warning("%s", error)
        return []
    sent, known = getattr(widgets, "states", {}), getattr(widgets, "widget_metadata", {})
    texts: list[str] = []
    for widget_id, wstate in sent.items():
        proto = getattr(wstate, "value", None)
        if widget_id in known or not own_id.fullmatch(widget_id) or not hasattr(proto, "WhichOneof"):
            continue
        kind = proto.WhichOneof("value")
        if kind == "string_value":
            texts.append(proto.string_value)
        elif kind == "string_array_value":
            texts.extend(proto.string_array_value.data)
    return texts


# -- 4. Streamlit's emoji pattern, compiled before the first visitor -------------------------------


def compile_emoji_pattern(strict: bool = False) -> None:
    """Have Streamlit load its emoji list and compile its pattern (done once per process)."""
    from streamlit import string_util

    extract = getattr(string_util, "extract_leading_emoji", None)
    if extract is None:
        error = _missing("compile_emoji_pattern", "string_util.extract_leading_emoji")
        if strict:
            raise error
        _log.warning("%s", error)
        return
    extract("Tiếng Việt")
