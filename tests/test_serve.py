"""The launcher: the served st.App, its command line, its warm-up, and the Content-Security-Policy."""

import asyncio

import pytest

import serve


def test_the_served_app_runs_app_py_under_the_policy_then_the_session_endpoint():
    from ui import csp, kept_sign_in

    assert serve.app.script_path == serve.APP_SCRIPT and serve.APP_SCRIPT.name == "app.py"
    assert [m.cls for m in serve.MIDDLEWARE] == [csp.ContentSecurityPolicy, kept_sign_in.SessionCookieEndpoint]
    assert all(m.args == () and m.kwargs == {} for m in serve.MIDDLEWARE)  # built once the config is loaded


def test_the_session_endpoint_built_by_the_server_takes_the_configured_base_path(monkeypatch):
    import streamlit as st

    from ui import kept_sign_in

    monkeypatch.setattr(kept_sign_in, "_installed_at", None)
    monkeypatch.setattr(st, "get_option", lambda name: {"server.baseUrlPath": "/ubnd/"}[name])
    endpoint = kept_sign_in.SessionCookieEndpoint(lambda scope, receive, send: None)
    assert (endpoint.path, endpoint.cookie_path) == ("/ubnd/_dashboard/session", "/ubnd")
    assert kept_sign_in.installed() and kept_sign_in._installed_at == "/ubnd/_dashboard/session"


def test_the_lifespan_clears_the_pandas_flag_and_starts_the_warm_up_in_the_background(monkeypatch):
    import threading

    from ui import ready

    started = threading.Event()
    monkeypatch.setattr(serve, "warm_up", lambda: (started.wait(5), ready.pandas_imported.set()))

    async def enter() -> bool:
        async with serve.lifespan(serve.app):
            return ready.pandas_imported.is_set()

    try:
        assert asyncio.run(enter()) is False  # serving starts before the warm-up is done
        started.set()
        assert ready.pandas_imported.wait(5)
    finally:
        ready.pandas_imported.set()


def test_command_line_flags_are_config_options_typed_as_in_config_toml():
    flags = ["--server.port", "8502", "--server.address", "127.0.0.1", "--server.headless=true"]
    flags += ["--server.baseUrlPath", "/ubnd", "--browser.gatherUsageStats", "false"]
    assert serve.command_line_config(flags) == {
        "server.port": 8502,
        "server.address": "127.0.0.1",
        "server.headless": True,
        "server.baseUrlPath": "/ubnd",
        "browser.gatherUsageStats": False,
    }
    assert serve.command_line_config([]) == {}


@pytest.mark.parametrize(
    "flags", [["8502"], ["--port", "8502"], ["--server.port"]], ids=["bare", "no section", "no value"]
)
def test_a_flag_that_is_not_a_config_option_with_a_value_is_refused(flags):
    with pytest.raises(serve.FlagError):
        serve.command_line_config(flags)


def test_served_config_turns_off_the_collection_after_every_run():
    import tomllib

    config = tomllib.loads((serve.Path(serve.__file__).with_name(".streamlit") / "config.toml").read_text())
    assert config["runner"]["postScriptGC"] is False


def test_pages_wait_for_the_warm_ups_pandas_and_a_failed_warm_up_still_releases_them(monkeypatch):
    """Plotly looks pandas up in sys.modules: half-imported by the warm-up, a chart failed."""
    from ui import ready, state

    def broken() -> int:
        raise OSError("store busy")

    monkeypatch.setattr(state, "version", broken)
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
    from ui import csp, streamlit_hooks

    index = '<script>\n      window.prerenderReady = false\n    </script><script type="module" src="./x.js"></script>'
    directives = dict(d.split(" ", 1) for d in csp.policy(index).split("; "))
    assert directives == {
        "default-src": "'self'",
        # Streamlit's own inline script, then ours: the slides' input watch and the widget texts (one per language)
        "script-src": "'self' 'wasm-unsafe-eval' 'sha256-THxz9J9+wf7rhwR2YkXJoSZ13UCmYyC+3lNDv2+8ugA=' "
        + csp.inline_script_hashes(slides.INPUT_WATCH)[0]
        + " "
        + " ".join(csp.inline_script_hashes(s)[0] for s in streamlit_hooks.widget_texts_scripts()),
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
