"""A sign-in the browser keeps: browser sessions in the store, and the endpoint that sets the cookie."""

from __future__ import annotations

import asyncio
import time

import pytest

from metrics import auth
from tests.conftest import PASSWORD
from ui import kept_sign_in

IDLE, MAX = 7200, 12 * 3600


# -- browser sessions in the store ---------------------------------------------


def test_a_session_resumes_the_account_and_only_its_hash_is_stored(store):
    tester = auth.load_user(store, "tester")
    token, token_hash = auth.start_browser_session(store, tester, IDLE, MAX)
    stored = store.cursor().execute("SELECT token_hash, username FROM browser_sessions").fetchall()
    assert stored == [(token_hash, "tester")] and token not in token_hash
    user, resumed_hash, signed_in_at = auth.resume_browser_session(store, token, IDLE, MAX)
    assert (user.username, resumed_hash) == ("tester", token_hash)
    assert abs(signed_in_at - time.time()) < 60


@pytest.mark.parametrize("token", [None, "", "not-a-token", "x" * 500, 42])
def test_an_unknown_or_malformed_token_resumes_nobody(store, token):
    assert auth.resume_browser_session(store, token, IDLE, MAX) is None


def _age(store, token_hash: str, created_ago: float, seen_ago: float) -> None:
    now = time.time()
    store.cursor().execute(
        "UPDATE browser_sessions SET created_at = to_timestamp(?), last_seen_at = to_timestamp(?) WHERE token_hash = ?",
        [now - created_ago, now - seen_ago, token_hash],
    )


@pytest.mark.parametrize(
    ("created_ago", "seen_ago", "alive"),
    [(3600, 60, True), (3 * 3600, 2 * 3600 + 60, False), (12 * 3600 + 60, 60, False)],
    ids=["in use", "idle for over two hours", "older than twelve hours"],
)
def test_a_session_ends_after_its_idle_and_maximum_limits(store, created_ago, seen_ago, alive):
    token, token_hash = auth.start_browser_session(store, auth.load_user(store, "tester"), IDLE, MAX)
    _age(store, token_hash, created_ago, seen_ago)
    assert (auth.resume_browser_session(store, token, IDLE, MAX) is not None) is alive
    assert (store.browser_session(token_hash) is not None) is alive  # an expired one is deleted


def test_resuming_counts_the_idle_time_from_now(store):
    token, token_hash = auth.start_browser_session(store, auth.load_user(store, "tester"), IDLE, MAX)
    _age(store, token_hash, 3600, 3000)
    auth.resume_browser_session(store, token, IDLE, MAX)
    assert time.time() - store.browser_session(token_hash)[2] < 60


def test_a_password_change_or_a_disabled_account_ends_its_browser_sessions(store):
    admin, staff = auth.load_user(store, "tester"), auth.load_user(store, "snv.staff")
    staff_token, _ = auth.start_browser_session(store, staff, IDLE, MAX)
    admin_token, _ = auth.start_browser_session(store, admin, IDLE, MAX)
    auth.set_password(store, admin, "snv.staff", "mot-mat-khau-moi")
    assert auth.resume_browser_session(store, staff_token, IDLE, MAX) is None
    assert auth.resume_browser_session(store, admin_token, IDLE, MAX) is not None  # others untouched
    staff_token, _ = auth.start_browser_session(store, staff, IDLE, MAX)
    auth.set_disabled(store, admin, "snv.staff", True)
    assert auth.resume_browser_session(store, staff_token, IDLE, MAX) is None


def test_a_new_session_clears_the_expired_ones(store):
    tester = auth.load_user(store, "tester")
    _, old = auth.start_browser_session(store, tester, IDLE, MAX)
    _age(store, old, 13 * 3600, 13 * 3600)
    auth.start_browser_session(store, tester, IDLE, MAX)
    assert store.browser_session(old) is None
    assert store.cursor().execute("SELECT count(*) FROM browser_sessions").fetchone()[0] == 1


# -- one-time tickets, in the store so that any app server can take them -------------------


def test_a_ticket_lives_until_its_last_second_and_works_once(store):
    issued = 1_800_000_000.0
    ticket = auth.issue_sign_in_ticket(store, "the-token", now=issued)
    assert auth.take_sign_in_ticket(store, ticket, now=issued + 60) == "the-token"  # on its expiry: alive
    assert auth.take_sign_in_ticket(store, ticket, now=issued + 60) is None  # used up
    late = auth.issue_sign_in_ticket(store, "the-token", now=issued)
    assert auth.take_sign_in_ticket(store, late, now=issued + 60.001) is None  # a moment after: gone
    assert auth.take_sign_in_ticket(store, "") is None and auth.take_sign_in_ticket(store, "x" * 500) is None


def test_the_store_holds_neither_the_ticket_nor_the_token(store):
    token = "s3cr3t-token-" + "x" * 30
    ticket = auth.issue_sign_in_ticket(store, token)
    stored = store.cursor().execute("SELECT ticket_hash, sealed FROM sign_in_tickets").fetchall()
    assert len(stored) == 1
    assert ticket not in str(stored) and token not in str(stored) and token.encode().hex() not in str(stored)
    assert auth.take_sign_in_ticket(store, ticket) == token


def test_issuing_a_ticket_clears_the_expired_ones(store):
    auth.issue_sign_in_ticket(store, "old", now=1_800_000_000.0)
    auth.issue_sign_in_ticket(store, "new", now=1_800_000_000.0 + 61)
    assert store.cursor().execute("SELECT count(*) FROM sign_in_tickets").fetchone()[0] == 1


# -- the endpoint that sets the cookie ----------------------------------------------


def _call(
    store,
    method: str = "POST",
    body: bytes = b"",
    path: str = "/_dashboard/session",
    headers: dict[str, str] | None = None,
    scheme: str = "http",
    base: str = "",
) -> tuple[int, dict[str, str], list[str]]:
    """One request through SessionCookieEndpoint around an app that answers 200 and notes the path."""
    passed: list[str] = []

    async def inner(scope, receive, send):
        passed.append(scope["path"])
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"app"})

    headers = {"host": "dashboard.tinh.gov.vn", "origin": "http://dashboard.tinh.gov.vn", **(headers or {})}
    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "scheme": scheme,
        "headers": [(k.encode(), v.encode()) for k, v in headers.items() if v is not None],
    }
    sent: list[dict] = []
    chunks = [body[i : i + 100] for i in range(0, len(body), 100)] or [b""]

    async def receive():
        chunk = chunks.pop(0)
        return {"type": "http.request", "body": chunk, "more_body": bool(chunks)}

    async def send(message):
        sent.append(message)

    asyncio.run(kept_sign_in.SessionCookieEndpoint(inner, base, store=lambda: store)(scope, receive, send))
    start = sent[0]
    return start["status"], {k.decode(): v.decode() for k, v in start["headers"]}, passed


def test_a_live_ticket_from_this_site_sets_an_httponly_strict_session_cookie_once(store):
    ticket = auth.issue_sign_in_ticket(store, "the-token")
    status, headers, _ = _call(store, body=ticket.encode(), headers={"sec-fetch-site": "same-origin"})
    assert status == 204
    cookie = headers["set-cookie"]
    assert cookie.startswith(f"{kept_sign_in.cookie_name()}=the-token;")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
    assert "Max-Age" not in cookie and "Expires" not in cookie  # gone when the browser closes
    assert "Secure" not in cookie  # plain HTTP on the province's network
    assert headers["cache-control"] == "no-store"
    status, headers, _ = _call(store, body=ticket.encode(), headers={"sec-fetch-site": "same-origin"})
    assert status == 403 and "set-cookie" not in headers  # a ticket works once


def test_behind_a_proxy_that_rewrites_host_the_browsers_word_counts(store):
    ticket = auth.issue_sign_in_ticket(store, "the-token")
    headers = {"host": "127.0.0.1:8501", "sec-fetch-site": "same-origin"}  # nginx's default proxy_pass
    assert _call(store, body=ticket.encode(), headers=headers)[0] == 204


OLD_BROWSER_BEHIND_PROXY = {"host": "127.0.0.1:8501", "x-forwarded-host": "dashboard.tinh.gov.vn"}  # no Sec-Fetch-Site


def test_x_forwarded_host_counts_only_when_the_server_is_told_it_runs_behind_a_proxy(store, monkeypatch):
    monkeypatch.delenv("DASHBOARD_BEHIND_PROXY", raising=False)
    ticket = auth.issue_sign_in_ticket(store, "the-token")
    assert _call(store, body=ticket.encode(), headers=OLD_BROWSER_BEHIND_PROXY)[0] == 403
    # Nor can a forged header make another site's origin look like this one.
    forged = {"origin": "https://evil.example", "x-forwarded-host": "evil.example"}
    assert _call(store, body=ticket.encode(), headers=forged)[0] == 403
    monkeypatch.setenv("DASHBOARD_BEHIND_PROXY", "1")
    assert _call(store, body=ticket.encode(), headers=OLD_BROWSER_BEHIND_PROXY)[0] == 204


def test_over_https_the_cookie_is_secure(store, monkeypatch):
    monkeypatch.delenv("DASHBOARD_BEHIND_PROXY", raising=False)
    status, headers, _ = _call(store, body=auth.issue_sign_in_ticket(store, "t").encode(), scheme="https")
    assert status == 204 and "Secure" in headers["set-cookie"]
    status, headers, _ = _call(
        store, body=auth.issue_sign_in_ticket(store, "t").encode(), headers={"x-forwarded-proto": "https"}
    )
    assert status == 204 and "Secure" not in headers["set-cookie"]  # anyone may send that header
    monkeypatch.setenv("DASHBOARD_BEHIND_PROXY", "1")
    status, headers, _ = _call(
        store, body=auth.issue_sign_in_ticket(store, "t").encode(), headers={"x-forwarded-proto": "https"}
    )
    assert status == 204 and "Secure" in headers["set-cookie"]


@pytest.mark.parametrize(
    "headers",
    [
        {"sec-fetch-site": "cross-site", "origin": "https://evil.example"},
        {"sec-fetch-site": "same-site", "origin": "http://other.tinh.gov.vn"},
        {"sec-fetch-site": "none"},
        {"origin": "https://evil.example"},  # an older browser: judged by its Origin
        {"origin": None},  # neither header: not a browser's fetch from this site
    ],
    ids=["cross-site", "same-site", "typed address", "foreign origin", "no origin"],
)
def test_a_post_from_another_site_is_refused_and_leaves_the_ticket_alone(store, headers):
    ticket = auth.issue_sign_in_ticket(store, "the-token")
    status, response, _ = _call(store, body=ticket.encode(), headers=headers)
    assert status == 403 and "set-cookie" not in response
    assert auth.take_sign_in_ticket(store, ticket) == "the-token"


def test_a_get_an_unknown_or_expired_ticket_or_a_long_body_sets_nothing(store, monkeypatch):
    status, headers, _ = _call(store, method="GET")
    assert status == 405 and "set-cookie" not in headers
    assert _call(store, body=b"no-such-ticket")[0] == 403
    assert _call(store, body=b"x" * 5000)[0] == 403
    ticket = auth.issue_sign_in_ticket(store, "the-token", now=time.time() - auth.TICKET_SECONDS - 1)
    assert _call(store, body=ticket.encode())[0] == 403


def test_every_other_request_goes_to_streamlit_and_a_base_path_is_honoured(store):
    status, _, passed = _call(store, method="GET", path="/_stcore/health")
    assert (status, passed) == (200, ["/_stcore/health"])
    status, headers, passed = _call(
        store, body=auth.issue_sign_in_ticket(store, "t").encode(), path="/ubnd/_dashboard/session", base="/ubnd/"
    )
    assert (status, passed) == (204, []) and "Path=/ubnd" in headers["set-cookie"]


# -- the app: a sign-in starts a browser session, a sign-out ends it ------------------------------


def test_with_the_endpoint_a_sign_in_starts_a_browser_session_and_sign_out_ends_it(fresh_app, sample_db, monkeypatch):
    from metrics.store import Store

    monkeypatch.setattr(kept_sign_in, "_installed_at", "/_dashboard/session")
    sent: list[str] = []
    real_send = kept_sign_in.send_cookie
    monkeypatch.setattr(kept_sign_in, "send_cookie", lambda ticket: (sent.append(ticket), real_send(ticket)))
    at = fresh_app.run()
    at.text_input(key="sign_in_name").input("tester")
    at.text_input(key="sign_in_password").input(PASSWORD)
    at = at.button[0].click().run()
    assert not at.exception
    session = at.session_state["auth"]
    assert session["browser_session"] and len(sent) == 1  # the element that posts the ticket, once
    drawn = [h.proto for h in at.get("html") if sent[0] in h.proto.body]
    assert len(drawn) == 1 and drawn[0].unsafe_allow_javascript and "/_dashboard/session" in drawn[0].body
    at = at.run()
    assert len(sent) == 1  # not drawn again
    at = at.sidebar.button[0].click().run()  # Đăng xuất
    assert at.title[0].value == "Đăng nhập"
    store = Store(sample_db)
    try:
        token = auth.take_sign_in_ticket(store, sent[0])  # what the endpoint would set, on any app server
        assert token is not None and auth._token_hash(token) == session["browser_session"]
        assert store.browser_session(session["browser_session"]) is None
    finally:
        store.close()


def test_signing_out_in_one_tab_signs_out_the_others_at_their_next_click(fresh_app, sample_db, monkeypatch):
    """Two tabs of one browser share its kept sign-in; ending it ends both."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setattr(kept_sign_in, "_installed_at", "/_dashboard/session")
    first = fresh_app.run()
    first.text_input(key="sign_in_name").input("tester")
    first.text_input(key="sign_in_password").input(PASSWORD)
    first = first.button[0].click().run()
    second = AppTest.from_file(fresh_app._script_path, default_timeout=30)
    second.session_state["auth"] = dict(first.session_state["auth"])  # the other tab, resumed from the cookie
    second = second.run()
    assert not second.exception and second.title[0].value != "Đăng nhập"
    first = first.sidebar.button[0].click().run()  # Đăng xuất in the first tab
    second = second.run()  # the second tab's next click
    assert second.title[0].value == "Đăng nhập"


def test_the_ticket_element_loads_the_served_script_with_its_data_as_escaped_attributes():
    element = kept_sign_in._script("tIcKeT-_1", '/a"></script><script>alert(1)//')
    assert element == (
        '<script src="/a&quot;&gt;&lt;/script&gt;&lt;script&gt;alert(1)//.js"'
        ' data-url="/a&quot;&gt;&lt;/script&gt;&lt;script&gt;alert(1)//" data-ticket="tIcKeT-_1"></script>'
    )


def test_the_endpoint_serves_the_ticket_script_as_javascript(store):
    status, headers, passed = _call(store, method="GET", path="/ubnd/_dashboard/session.js", base="/ubnd")
    assert (status, passed) == (200, [])
    assert headers["content-type"] == "text/javascript; charset=utf-8"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["content-length"] == str(len(kept_sign_in.SCRIPT))


@pytest.mark.parametrize(
    ("configured", "name"),
    [
        (None, "dashboard_session_8501"),  # two dashboards on one host keep apart by port
        ("ubnd_session", "ubnd_session"),  # every app server behind one proxy shares it
        ("bad name;Path=/", "dashboard_session_8501"),  # never a header's worth of text
        ("", "dashboard_session_8501"),
    ],
    ids=["default", "configured", "unsafe", "empty"],
)
def test_the_cookie_name_is_the_ports_unless_the_servers_share_one(monkeypatch, configured, name):
    from metrics import settings

    if configured is None:
        monkeypatch.delenv("DASHBOARD_SESSION_COOKIE", raising=False)
    else:
        monkeypatch.setenv("DASHBOARD_SESSION_COOKIE", configured)
    assert settings.session_cookie(8501) == name
