"""A sign-in the browser keeps: an HttpOnly cookie, so a reload or a server restart needs no password.

A Streamlit script cannot set a cookie: it only talks to the browser over the
websocket. So after a successful sign-in the script creates the browser
session (`metrics.auth.start_browser_session`), leaves its token in the store
under a one-time ticket that lives for a minute (`metrics.auth.issue_sign_in_ticket`:
any app server behind a proxy can take it), and draws a tiny script that
posts that ticket to `/_dashboard/session`. The script is a file served at
`/_dashboard/session.js`, with the ticket in its element's attributes, so the
Content-Security-Policy (`ui.csp`) needs no inline script. That endpoint,
middleware of the `st.App` that `serve.py` serves, takes the ticket and
answers with the cookie:

- `HttpOnly` (no script on the page can read it), `SameSite=Strict`, `Secure`
  when served over HTTPS, and no expiry date: it goes when the browser is
  closed. The server's limits (idle time, 12 hours) apply on top.
- Only same-origin posts are accepted (`Sec-Fetch-Site` / `Origin`), so
  another site cannot sign a visitor in to an account of its choosing.

Each new browser session (a reload, a reconnection after a restart) sends
the cookie with its websocket request; `ui.access.current` reads it from
`st.context.cookies` and resumes the account without the form. Without the
endpoint (plain `streamlit run app.py`, AppTest) nothing is kept and sign-in
works as before.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import urlsplit

from starlette.concurrency import run_in_threadpool

from metrics import auth, settings
from metrics.store import Store

COOKIE = settings.SESSION_COOKIE  # the name's default prefix
ENDPOINT = "_dashboard/session"
_MAX_BODY = 256
# Posts the ticket of the <script> element that loads it (its data-ticket, to its data-url).
SCRIPT = b"""(function (s) {
  fetch(s.dataset.url, {method: "POST", credentials: "same-origin", cache: "no-store",
    headers: {"Content-Type": "text/plain"}, body: s.dataset.ticket}).catch(function () {});
})(document.currentScript);
"""

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

_log = logging.getLogger("dashboard")
_installed_at: str | None = None  # the endpoint's path, once the served app has built it


def installed() -> bool:
    return _installed_at is not None


def _headers(scope: Scope) -> dict[str, str]:
    return {name.decode("latin-1").lower(): value.decode("latin-1") for name, value in scope.get("headers", [])}


def same_origin(headers: dict[str, str]) -> bool:
    """A post made by a page of this site, as the browser says (no page can forge Sec-Fetch-Site).

    Browsers without Sec-Fetch-Site are judged by Origin against the Host.
    X-Forwarded-Host stands for the Host only behind a proxy the server was
    told of (`DASHBOARD_BEHIND_PROXY`): anyone can send that header, and only
    a proxy that sets it makes it true.
    """
    site = headers.get("sec-fetch-site")
    if site is not None:
        return site == "same-origin"
    origin = headers.get("origin")
    if origin is None:
        return False  # every current browser sends at least one of them on a fetch POST
    host = headers.get("host", "")
    if settings.behind_proxy():
        host = headers.get("x-forwarded-host", host)
    return urlsplit(origin).netloc == host.split(",")[0].strip()


def over_https(scope: Scope, headers: dict[str, str]) -> bool:
    """Whether the browser reached the site over HTTPS (as a known proxy says, when there is one)."""
    if scope.get("scheme") == "https":
        return True
    return settings.behind_proxy() and headers.get("x-forwarded-proto", "").startswith("https")


def cookie_name() -> str:
    """The cookie's name for this server (`metrics.settings.session_cookie`)."""
    import streamlit as st

    return settings.session_cookie(int(st.get_option("server.port")))


def cookie_header(token: str, path: str, secure: bool) -> bytes:
    attributes = [f"{cookie_name()}={token}", f"Path={path}", "HttpOnly", "SameSite=Strict"]
    if secure:
        attributes.append("Secure")
    return "; ".join(attributes).encode("latin-1")


class SessionCookieEndpoint:
    """ASGI middleware: answers POST {base}/_dashboard/session and its script, passes every other request on.

    Served as middleware of `st.App` (`serve.py`), not as one of its routes:
    its path starts with `server.baseUrlPath`, which is known once the command
    line's flags are loaded, when Starlette builds its middleware, whereas a
    route's path is fixed when the app object is made, before that. Without
    `base_path` it reads the option and becomes the endpoint the app's pages
    send their tickets to.
    """

    def __init__(self, app: ASGIApp, base_path: str | None = None, store: Callable[[], Store] | None = None) -> None:
        global _installed_at  # one endpoint per served process
        self.app = app
        self.store = store or _served_store
        served = base_path is None
        if base_path is None:
            import streamlit as st

            base_path = st.get_option("server.baseUrlPath") or ""
        base = base_path.strip("/")
        self.cookie_path = f"/{base}" if base else "/"
        self.path = f"/{base}/{ENDPOINT}" if base else f"/{ENDPOINT}"
        self.script_path = f"{self.path}.js"
        if served:
            _installed_at = self.path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("path") == self.script_path:
            await _send_script(send)
            return
        if scope["type"] != "http" or scope.get("path") != self.path:
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        extra: list[tuple[bytes, bytes]] = []
        if scope.get("method") != "POST":
            status = 405
            extra.append((b"allow", b"POST"))
        elif not same_origin(headers):
            status = 403
            _log.warning(
                "kept sign-in refused: not a same-origin request (a proxy must pass Host, or X-Forwarded-Host"
                " with DASHBOARD_BEHIND_PROXY=1)"
            )
        else:
            body = await _read_body(receive)
            token = await self._take(body.decode("ascii", "replace").strip()) if body is not None else None
            if token is None:
                status = 403
                _log.info("kept sign-in refused: unknown, used or expired ticket")
            else:
                status = 204
                extra.append((b"set-cookie", cookie_header(token, self.cookie_path, over_https(scope, headers))))
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [(b"cache-control", b"no-store"), (b"content-length", b"0"), *extra],
            }
        )
        await send({"type": "http.response.body", "body": b""})

    async def _take(self, ticket: str) -> str | None:
        """The token of a live ticket, looked up off the event loop (the store may be busy a moment)."""
        try:
            return await run_in_threadpool(lambda: auth.take_sign_in_ticket(self.store(), ticket))
        except Exception:  # the store unreachable: no cookie, the sign-in itself stands
            _log.exception("kept sign-in: the ticket could not be read")
            return None


def _served_store() -> Store:
    from ui import state

    return state.store()


async def _send_script(send: Send) -> None:
    headers = [
        (b"content-type", b"text/javascript; charset=utf-8"),
        (b"cache-control", b"no-cache"),
        (b"content-length", str(len(SCRIPT)).encode()),
        (b"x-content-type-options", b"nosniff"),
    ]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": SCRIPT})


async def _read_body(receive: Receive) -> bytes | None:
    """The request body, or None when it is longer than a ticket could be."""
    body = b""
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return None
        body += message.get("body", b"")
        if len(body) > _MAX_BODY:
            return None
        if not message.get("more_body", False):
            return body


def _script(ticket: str, url: str) -> str:
    """The element that loads the ticket script, with its data as escaped attributes."""
    return (
        f'<script src="{html.escape(url + ".js")}" data-url="{html.escape(url)}"'
        f' data-ticket="{html.escape(ticket)}"></script>'
    )


def send_cookie(ticket: str) -> None:
    """Have the browser exchange `ticket` for its cookie: an invisible element, drawn in one run only.

    A plain `st.html` script element (Streamlit copies its attributes and runs it): it needs nothing more from the browser (a
    component would load 0.2 MB of data-exchange code on the way to the first
    page), and it sends nothing back, so no rerun comes at a moment nobody
    chose. Without the cookie only the kept sign-in is missing.
    """
    import streamlit as st

    if _installed_at is not None:
        st.html(_script(ticket, _installed_at), unsafe_allow_javascript=True)
