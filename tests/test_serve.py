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


# -- the Content-Security-Policy ------------------------------------------------------------------


def _headers_of(app, path: str = "/", kind: str = "http") -> dict[str, str] | None:
    """The response headers the wrapped app sends for one request."""
    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    from ui import csp

    asyncio.run(csp.ContentSecurityPolicy(app)({"type": kind, "path": path, "headers": []}, receive, send))
    starts = [m for m in sent if m["type"] == "http.response.start"]
    return {k.decode(): v.decode() for k, v in starts[0]["headers"]} if starts else None


def test_every_http_response_carries_the_policy_once_and_websockets_pass_untouched():
    from ui import csp

    async def page(scope, receive, send):
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"text/html"), (b"Content-Security-Policy", b"default-src *")]})  # fmt: skip
        await send({"type": "http.response.body", "body": b"<html></html>"})

    headers = _headers_of(page)
    assert headers == {"content-type": "text/html", "content-security-policy": csp.policy()}
    passed: list[str] = []

    async def websocket(scope, receive, send):
        passed.append(scope["type"])

    assert _headers_of(websocket, "/_stcore/stream", "websocket") is None and passed == ["websocket"]


def test_the_policy_allows_this_origin_only_and_no_inline_or_evaluated_script():
    from metrics import slides
    from ui import csp

    index = '<script>\n      window.prerenderReady = false\n    </script><script type="module" src="./x.js"></script>'
    directives = dict(d.split(" ", 1) for d in csp.policy(index).split("; "))
    assert directives == {
        "default-src": "'self'",
        # Streamlit's own inline script, then the slides' input watch (the only script of ours inline)
        "script-src": "'self' 'wasm-unsafe-eval' 'sha256-THxz9J9+wf7rhwR2YkXJoSZ13UCmYyC+3lNDv2+8ugA=' "
        + csp.inline_script_hashes(slides.INPUT_WATCH)[0],
        "style-src": "'self' 'unsafe-inline'",
        "img-src": "'self' data: blob:",
        "font-src": "'self' data:",
        "connect-src": "'self'",
        "worker-src": "'self' blob:",
        "frame-src": "'self'",
        "media-src": "'self' data: blob:",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'self'",
    }


def test_the_installed_streamlit_index_has_its_inline_scripts_hashed():
    from ui import csp

    index = csp._streamlit_index()
    assert "window.prerenderReady" in index
    assert len(csp.inline_script_hashes(index)) == index.count("<script>")
    assert all(h in csp.policy() for h in csp.inline_script_hashes(index))
