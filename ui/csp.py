"""The Content-Security-Policy sent with every response: the page loads and connects to its own server only.

Names and codes from files are escaped wherever they are shown
(`metrics.escape`); the policy is the second wall. Should markup ever slip
through, the browser still fetches no image, opens no connection and runs no
script from another address, and runs no inline script at all. What
Streamlit's own frontend needs was found by serving the app in Chromium with
the policy on and watching for violations (`tests/test_browser_security.py`):

- `style-src 'unsafe-inline'`: Streamlit's CSS-in-JS writes `<style>`
  elements, and plotly, our slides and `st.html` set `style` attributes.
  Styles cannot fetch from elsewhere (`img-src` and `font-src` still apply).
- `img-src data: blob:` and `font-src data:`: icons and fonts inlined in the
  bundle, chart images made in the browser.
- `script-src 'self'` plus the hash of each inline script of Streamlit's
  `index.html`, read from the installed file at start, so a Streamlit
  upgrade keeps working, and `'wasm-unsafe-eval'`: the frontend compiles a
  WebAssembly module of its own bundle (it lets WebAssembly compile, never
  JavaScript be evaluated), and the hash of the slides' input watch
  (`metrics.slides.INPUT_WATCH`) and of the script that puts Streamlit's
  own widget texts in the interface's language (`ui.streamlit_hooks`, one
  per language). No `'unsafe-inline'`, no `'unsafe-eval'`: the
  kept sign-in's script is a file this server serves (`ui.kept_sign_in`).
- `connect-src 'self'`: the websocket and the uploads, to this server
  (CSP level 3 `'self'` covers `ws:`/`wss:` to the same host).
- `frame-ancestors 'self'`: no other site may frame the dashboard.

Middleware of the `st.App` that `serve.py` serves, outside the session
endpoint; plain `streamlit run app.py` serves without it.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

from metrics import slides
from ui import streamlit_hooks
from ui.kept_sign_in import ASGIApp, Receive, Scope, Send

HEADER = b"content-security-policy"
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.DOTALL | re.IGNORECASE)


def inline_script_hashes(index_html: str) -> list[str]:
    """CSP source expressions ('sha256-...') for the inline scripts of a page."""
    return [
        f"'sha256-{base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()}'"
        for body in _INLINE_SCRIPT.findall(index_html)
    ]


def _streamlit_index() -> str:
    import streamlit

    path = Path(streamlit.__file__).parent / "static" / "index.html"
    return path.read_text(encoding="utf-8") if path.exists() else ""


def policy(index_html: str | None = None) -> str:
    scripts = " ".join(
        [
            "'self'",
            "'wasm-unsafe-eval'",
            *inline_script_hashes(_streamlit_index() if index_html is None else index_html),
            *inline_script_hashes(slides.INPUT_WATCH),
            *(h for script in streamlit_hooks.widget_texts_scripts() for h in inline_script_hashes(script)),
        ]
    )
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts}",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "worker-src 'self' blob:",
            "frame-src 'self'",
            "media-src 'self' data: blob:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'self'",
        ]
    )


class ContentSecurityPolicy:
    """ASGI wrapper: adds the policy to every HTTP response (websockets pass as they are)."""

    def __init__(self, app: ASGIApp, value: str | None = None) -> None:
        self.app = app
        self.value = (value or policy()).encode("latin-1")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_policy(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != HEADER]
                message["headers"] = [*headers, (HEADER, self.value)]
            await send(message)

        await self.app(scope, receive, send_with_policy)
