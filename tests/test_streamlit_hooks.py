"""Each private Streamlit hook still works (ui/streamlit_hooks.py); a failure names the hook an upgrade broke.

Each hook's effect is checked, not only that a name exists: when Streamlit
changes what the name means, the test fails too.
"""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ui import streamlit_hooks

ROOT = Path(__file__).resolve().parent.parent


def test_every_hook_of_the_module_is_listed_and_tested_here():
    source = Path(__file__).read_text()
    assert all(callable(getattr(streamlit_hooks, name)) for name in streamlit_hooks.HOOKS)
    assert all(f"streamlit_hooks.{name}" in source for name in streamlit_hooks.HOOKS)


# -- 1. tcp_nodelay_for_connections -------------------------------------------------------------


def _nodelay_of_an_accepted_connection(listener: socket.socket) -> int:
    async def accept_one() -> int:
        seen: asyncio.Future[int] = asyncio.get_running_loop().create_future()

        class Probe(asyncio.Protocol):
            def connection_made(self, transport: asyncio.BaseTransport) -> None:
                conn = transport.get_extra_info("socket")
                seen.set_result(conn.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
                transport.close()

        server = await asyncio.get_running_loop().create_server(Probe, sock=listener)
        _, writer = await asyncio.open_connection(*listener.getsockname()[:2])
        try:
            return await asyncio.wait_for(seen, 5)
        finally:
            writer.close()
            server.close()

    return asyncio.run(accept_one())


def _streamlit_listener() -> socket.socket:
    from streamlit.web.server.starlette import starlette_server

    return starlette_server._bind_socket("127.0.0.1", 0, 8)


def test_streamlit_alone_leaves_nagle_on_which_is_what_the_hook_corrects():
    """When this fails Streamlit labels its socket itself: drop tcp_nodelay_for_connections."""
    assert _nodelay_of_an_accepted_connection(_streamlit_listener()) == 0


def test_with_the_hook_connections_have_tcp_nodelay(monkeypatch):
    from streamlit.web.server.starlette import starlette_server

    monkeypatch.setattr(starlette_server, "_bind_socket", starlette_server._bind_socket)
    streamlit_hooks.tcp_nodelay_for_connections(strict=True)
    streamlit_hooks.tcp_nodelay_for_connections(strict=True)  # twice: wrapped once
    listener = _streamlit_listener()
    assert listener.proto == socket.IPPROTO_TCP
    assert _nodelay_of_an_accepted_connection(listener) != 0


def test_the_app_run_path_still_binds_through_the_hooked_function():
    """st.App.run binds via _bind_server_socket, which must look _bind_socket up at call time."""
    import inspect

    from streamlit.web.server.starlette import starlette_server

    assert "_bind_socket(" in inspect.getsource(starlette_server._bind_server_socket)
    assert "_bind_server_socket(" in inspect.getsource(starlette_server.UvicornRunner.run)


def test_a_listener_already_labelled_tcp_is_kept_as_it_is():
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        assert streamlit_hooks.with_tcp_protocol(sock) is sock
    finally:
        sock.close()


def test_a_missing_bind_function_fails_loudly_when_strict_and_only_logs_when_serving(monkeypatch, caplog):
    from streamlit.web.server.starlette import starlette_server

    monkeypatch.delattr(starlette_server, "_bind_socket")
    with pytest.raises(streamlit_hooks.HookMissing, match="tcp_nodelay_for_connections"):
        streamlit_hooks.tcp_nodelay_for_connections(strict=True)
    streamlit_hooks.tcp_nodelay_for_connections()
    assert "tcp_nodelay_for_connections" in caplog.text


# -- 2. no_direct_execution_check ---------------------------------------------------------------


def test_the_direct_execution_check_is_marked_done_so_no_run_walks_the_stack(monkeypatch):
    from streamlit import delta_generator, env_util

    monkeypatch.setattr(delta_generator, "_use_warning_has_been_displayed", False)
    walked = []
    monkeypatch.setattr(env_util, "is_repl", lambda: walked.append(1) or False)
    streamlit_hooks.no_direct_execution_check(strict=True)
    delta_generator._maybe_print_use_warning()
    assert walked == []


def test_without_the_hook_streamlit_walks_the_stack_once(monkeypatch):
    """The cost the hook saves; when this fails, drop no_direct_execution_check."""
    from streamlit import delta_generator, env_util

    monkeypatch.setattr(delta_generator, "_use_warning_has_been_displayed", False)
    walked = []
    monkeypatch.setattr(env_util, "is_repl", lambda: walked.append(1) or False)
    delta_generator._maybe_print_use_warning()
    assert walked == [1]


# -- 3. unread_widget_texts ---------------------------------------------------------------------


def _replayed_click_script() -> None:
    import streamlit as st

    from ui import streamlit_hooks

    st.session_state["unread"] = streamlit_hooks.unread_widget_texts("lang")
    st.segmented_control("Ngôn ngữ", ["Tiếng Việt", "English"], key="lang")


def test_a_new_session_reads_the_value_the_browser_sent_before_the_widget_is_drawn():
    """The first click after a restart (tests/test_app.py replays it through every filter)."""
    before = AppTest.from_function(_replayed_click_script).run()
    before.button_group(key="lang").set_value("English")
    sent = before._tree.get_widget_states()
    after = AppTest.from_function(_replayed_click_script)
    after._run(widget_state=sent)
    assert not after.exception
    assert after.session_state["unread"] == ["English"]
    assert after.run().session_state["unread"] == []  # once drawn, the widget reads it itself


def test_the_widget_state_hook_fails_loudly_when_streamlit_keeps_it_elsewhere(monkeypatch):
    from streamlit.runtime.state import session_state_proxy

    class Moved:
        _state = object()  # a session state without _new_widget_state

    monkeypatch.setattr(session_state_proxy, "get_session_state", lambda: Moved())
    with pytest.raises(streamlit_hooks.HookMissing, match="unread_widget_texts"):
        streamlit_hooks._new_widget_state()
    assert streamlit_hooks.unread_widget_texts("lang") == []  # the app still serves, without the replay


# -- 4. compile_emoji_pattern -------------------------------------------------------------------


def test_the_emoji_pattern_is_compiled_by_the_warm_up_hook(monkeypatch):
    from streamlit import string_util

    called: list[str] = []
    real = string_util.extract_leading_emoji
    monkeypatch.setattr(string_util, "extract_leading_emoji", lambda text: called.append(text) or real(text))
    streamlit_hooks.compile_emoji_pattern(strict=True)
    assert called == ["Tiếng Việt"]
    assert real("🏠 Tổng quan") == ("🏠", "Tổng quan")  # still what labels go through
    monkeypatch.delattr(string_util, "extract_leading_emoji")
    with pytest.raises(streamlit_hooks.HookMissing, match="compile_emoji_pattern"):
        streamlit_hooks.compile_emoji_pattern(strict=True)


# -- not a hook: Streamlit's older "pages folder" mode ------------------------------------------


def test_no_folder_next_to_the_app_is_one_streamlit_takes_for_its_page_list():
    """Streamlit lists the scripts of pages/ beside the main script; ours live in app_pages/."""
    assert not (ROOT / "pages").exists()
    assert (ROOT / "app_pages" / "overview.py").is_file()


# -- 5. widget_texts_script -------------------------------------------------------------------------


def _frontend_bundle() -> str:
    import streamlit

    return "\n".join(p.read_text(errors="ignore") for p in (Path(streamlit.__file__).parent / "static").rglob("*.js"))


def test_every_english_text_the_widget_script_translates_is_still_written_by_streamlit():
    """When this fails an upgrade reworded a text: widget_texts_script no longer finds it (name in the message)."""
    bundle = _frontend_bundle()
    fixed = [*streamlit_hooks.WIDGET_TEXTS_WITHIN['[data-testid="stFileUploader"]'], *streamlit_hooks.WIDGET_ATTRIBUTES]
    fixed += list(streamlit_hooks.WIDGET_TEXTS_WITHIN['[data-testid="stStatusWidget"]'])
    fixed += [text for text in streamlit_hooks.WIDGET_TEXTS if text.startswith(("Select", "No results", "Add files"))]
    fixed += [
        "Drag and drop files here",
        "Drag and drop a file here",
        "Skip to main content",
        " per file",
        "Selected Date",
    ]
    missing = [text for text in fixed if f"`{text}`" not in bundle and text not in bundle]
    assert missing == [], f"streamlit_hooks.widget_texts_script: Streamlit no longer writes {missing}"
    assert "label:`Select ${" in bundle, "streamlit_hooks.widget_texts_script: 'Select N matches' changed"
    assert "`Remove ${" in bundle, "streamlit_hooks.widget_texts_script: the 'Remove <value>' label changed"
    for announced in ("options`})} available.`", "selectedAnnouncement:e=>`${e.optionText}, selected`"):
        assert announced in bundle, (
            f"streamlit_hooks.widget_texts_script: the pickers' announcement {announced!r} changed"
        )


def test_the_widget_script_is_allowed_by_the_policy_in_both_languages():
    from ui import csp

    policy = csp.policy("")
    scripts = streamlit_hooks.widget_texts_scripts()
    assert len(scripts) == 2 and scripts[0] != scripts[1]
    assert all(csp.inline_script_hashes(script)[0] in policy for script in scripts)
    assert 'var lang = "vi"' in streamlit_hooks.widget_texts_script("vi")
    assert 'var lang = "en"' in streamlit_hooks.widget_texts_script("fr")
