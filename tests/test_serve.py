"""The launcher: connections to the served app send without Nagle's delay."""

import asyncio
import socket

import serve


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


def test_streamlit_listener_alone_leaves_nagle_on_which_is_what_the_launcher_corrects():
    assert _nodelay_of_an_accepted_connection(_streamlit_listener()) == 0


def test_with_the_launcher_connections_have_tcp_nodelay(monkeypatch):
    from streamlit.web.server.starlette import starlette_server

    monkeypatch.setattr(starlette_server, "_bind_socket", starlette_server._bind_socket)
    serve.tcp_nodelay_for_connections()
    listener = _streamlit_listener()
    assert listener.proto == socket.IPPROTO_TCP
    assert _nodelay_of_an_accepted_connection(listener) != 0


def test_a_listener_already_labelled_tcp_is_kept_as_it_is():
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        assert serve.with_tcp_protocol(sock) is sock
    finally:
        sock.close()


def test_the_direct_execution_check_is_marked_done_so_no_run_walks_the_stack(monkeypatch):
    from streamlit import delta_generator, env_util

    monkeypatch.setattr(delta_generator, "_use_warning_has_been_displayed", False)
    walked = []
    monkeypatch.setattr(env_util, "is_repl", lambda: walked.append(1) or False)
    serve.no_direct_execution_check()
    delta_generator._maybe_print_use_warning()
    assert walked == []  # Streamlit still keeps the flag under this name; without the launcher it would walk


def test_without_the_launcher_streamlit_walks_the_stack_once(monkeypatch):
    from streamlit import delta_generator, env_util

    monkeypatch.setattr(delta_generator, "_use_warning_has_been_displayed", False)
    walked = []
    monkeypatch.setattr(env_util, "is_repl", lambda: walked.append(1) or False)
    delta_generator._maybe_print_use_warning()
    assert walked == [1]  # the cost the launcher saves; when this fails, drop no_direct_execution_check


def test_served_config_turns_off_the_collection_after_every_run():
    import tomllib

    config = tomllib.loads((serve.Path(serve.__file__).with_name(".streamlit") / "config.toml").read_text())
    assert config["runner"]["postScriptGC"] is False


def test_pages_wait_for_the_warm_ups_pandas_and_a_failed_warm_up_still_releases_them(monkeypatch):
    """Plotly looks pandas up in sys.modules: half-imported by the warm-up, a chart failed."""
    from ui import ready

    def broken() -> None:
        raise OSError("store busy")

    monkeypatch.setattr(serve, "serving", broken)
    ready.pandas_imported.clear()
    try:
        serve.warm_up()  # logs the failure
        assert ready.pandas_imported.is_set()
    finally:
        ready.pandas_imported.set()


def test_a_page_that_draws_charts_waits_for_pandas_and_the_overview_does_not(monkeypatch):
    import threading

    from ui import ready, state

    waited = []
    monkeypatch.setattr(ready, "wait_for_pandas", lambda timeout=30.0: waited.append(threading.current_thread()))
    state.page_setup()
    state.page_setup(draws_charts_or_tables=False)
    assert len(waited) == 1
