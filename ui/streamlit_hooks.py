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

5. `WIDGET_TEXTS` (`widget_texts_script`): the texts Streamlit's frontend writes itself,
   in English, with no parameter to change them: the file uploader's button
   and size line ("Upload", "20MB per file"), the multiselect's "Select all"
   and "No results", the "Skip to main content" link, the date picker's
   field names and its "Selected Date: …" announcement. Public parameters
   come first (`placeholder=` on every picker, labels and help of our own);
   what is left is translated in the browser by a small script, inline and
   allowed by its hash (`ui.csp`), that also sets the document's language.
   The English texts it looks for are the frontend bundle's; when an upgrade
   changes one, `tests/test_streamlit_hooks.py` fails naming it.

Streamlit's older "pages folder" mode is not a hook: the page scripts live in
`app_pages/`, a folder Streamlit does not look for.
"""

from __future__ import annotations

import json
import logging
import re
import socket
from typing import Any

_log = logging.getLogger("dashboard")

HOOKS = (
    "tcp_nodelay_for_connections",
    "no_direct_execution_check",
    "unread_widget_texts",
    "compile_emoji_pattern",
    "widget_texts_script",
)


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


# -- 5. Streamlit's own widget texts in the interface's language -----------------------------------

# English text of Streamlit's frontend -> Vietnamese, whole text nodes. Where
# it sits matters for the short words: "Upload" is translated in the file
# uploader only, the date fields' "dd/mm/yyyy" in the date input only.
WIDGET_TEXTS: dict[str, str] = {
    "Skip to main content": "Bỏ qua, đến nội dung chính",
    "Select all": "Chọn tất cả",
    "No results": "Không có kết quả",
    "Drag and drop file here": "Kéo và thả tệp vào đây",
    "Drag and drop files here": "Kéo và thả tệp vào đây",
    "Drag and drop a file here": "Kéo và thả tệp vào đây",
    "Add files": "Thêm tệp",
    "Suggestions": "Gợi ý",
}
WIDGET_TEXTS_WITHIN: dict[str, dict[str, str]] = {
    '[data-testid="stFileUploader"]': {"Upload": "Tải lên"},
    '[data-testid="stDateInput"]': {"dd": "ngày", "mm": "tháng", "yyyy": "năm"},
    # The corner widget while a page runs (a long chart or an export): its button stops the run.
    '[data-testid="stStatusWidget"]': {"Stop": "Dừng", "Stopping...": "Đang dừng…", "Rerun": "Chạy lại"},
}
# Texts with a number or a date in them: (pattern, replacement with $1, $2, ...).
WIDGET_PATTERNS: list[tuple[str, str]] = [
    (r"^(\S+) per file$", "Tối đa $1 mỗi tệp"),
    (r"^Select (\d+) matches$", "Chọn $1 kết quả"),
    (r"^Selected Date: (\w+) (\d{2}), (\d{4})$", "Ngày đã chọn: $2/$1/$3"),
    # What the pickers announce to a screen reader (react-aria has no Vietnamese strings).
    (r"^(\d+) options? available\.$", "Có $1 lựa chọn."),
    (r"^(.+), selected$", "$1, đã chọn"),
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]  # fmt: skip
# The same for the labels a screen reader reads (attributes, not text).
WIDGET_ATTRIBUTES: dict[str, str] = {
    "Clear all": "Xoá tất cả",
    "Clear value": "Xoá",
    "Open": "Mở",
    "Selectbox options": "Các lựa chọn",
    "Multiselect options": "Các lựa chọn",
    "Selected values": "Đã chọn",
    "Show password": "Hiện mật khẩu",
    "Hide password": "Ẩn mật khẩu",
    "Link to heading": "Đường dẫn đến mục này",
    "Show/hide columns": "Hiện/ẩn cột",
    "Download as CSV": "Tải về dạng CSV",
    "Search": "Tìm",
    "Fullscreen": "Toàn màn hình",
    "Exit fullscreen": "Thoát toàn màn hình",
    "Download plot as a PNG": "Tải biểu đồ dạng PNG",
    "file upload": "Tải tệp lên",
    "Choose date": "Chọn ngày",
    "Running...": "Đang chạy…",
    "Show suggestions": "Hiện gợi ý",
    "Suggestions": "Gợi ý",
}
WIDGET_ATTRIBUTE_PATTERNS: list[tuple[str, str]] = [(r"^Remove (.+)$", "Bỏ $1")]  # a picked value's ✕

_SCRIPT = r"""<script>(function () {
  var lang = "%(lang)s";
  document.documentElement.lang = lang;
  var hook = window.__widgetTexts;
  if (hook) { hook.set(lang); return; }
  var T = %(texts)s, W = %(within)s, A = %(attributes)s, M = %(months)s;
  var P = %(patterns)s.map(function (p) { return [new RegExp(p[0]), p[1]]; });
  var AP = %(attribute_patterns)s.map(function (p) { return [new RegExp(p[0]), p[1]]; });
  function attribute(value) {
    if (Object.prototype.hasOwnProperty.call(A, value)) return A[value];
    for (var i = 0; i < AP.length; i++) { if (AP[i][0].test(value)) return value.replace(AP[i][0], AP[i][1]); }
    return null;
  }
  var current = lang;
  function vi(node) {
    var text = node.data.trim();
    if (!text) return null;
    if (Object.prototype.hasOwnProperty.call(T, text)) return T[text];
    for (var sel in W) {
      if (Object.prototype.hasOwnProperty.call(W[sel], text) && node.parentElement && node.parentElement.closest(sel))
        return W[sel][text];
    }
    for (var i = 0; i < P.length; i++) {
      var m = text.match(P[i][0]);
      if (m) return P[i][1].replace(/\$(\d)/g, function (_, n) {
        var v = m[+n];
        var month = M.indexOf(v);
        return month >= 0 ? String(month + 1).padStart(2, "0") : v;
      });
    }
    return null;
  }
  function text(node) {
    if (current === "vi") {
      var done = vi(node);
      if (done !== null && done !== node.data) { node.__en = node.data; node.data = done; }
    } else if (node.__en !== undefined) {
      node.data = node.__en; node.__en = undefined;
    }
  }
  function element(el) {
    ["aria-label", "placeholder"].forEach(function (name) {
      var value = el.getAttribute(name);
      var done = current === "vi" && value ? attribute(value) : null;
      if (done !== null && done !== value) {
        el.setAttribute("data-en-" + name, value); el.setAttribute(name, done);
      } else if (current !== "vi" && el.hasAttribute("data-en-" + name)) {
        el.setAttribute(name, el.getAttribute("data-en-" + name)); el.removeAttribute("data-en-" + name);
      }
    });
  }
  function walk(root) {
    if (root.nodeType === 3) { text(root); return; }
    if (root.nodeType !== 1) return;
    element(root);
    var it = document.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    for (var n = it.nextNode(); n; n = it.nextNode()) { n.nodeType === 3 ? text(n) : element(n); }
  }
  new MutationObserver(function (records) {
    records.forEach(function (r) {
      if (r.type === "characterData") text(r.target);
      else if (r.type === "attributes") element(r.target);
      else r.addedNodes.forEach(walk);
    });
  }).observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true,
                             attributeFilter: ["aria-label", "placeholder"]});
  window.__widgetTexts = {set: function (l) { current = l; document.documentElement.lang = l; walk(document.body); }};
  walk(document.body);
})();</script>"""


def widget_texts_script(lang: str) -> str:
    """The inline script that puts Streamlit's own widget texts in `lang` (its hash is in the page's policy)."""
    return _SCRIPT % {
        "lang": "vi" if lang == "vi" else "en",
        "texts": json.dumps(WIDGET_TEXTS, ensure_ascii=False),
        "within": json.dumps(WIDGET_TEXTS_WITHIN, ensure_ascii=False),
        "attributes": json.dumps(WIDGET_ATTRIBUTES, ensure_ascii=False),
        "months": json.dumps(MONTHS),
        "patterns": json.dumps(WIDGET_PATTERNS, ensure_ascii=False),
        "attribute_patterns": json.dumps(WIDGET_ATTRIBUTE_PATTERNS, ensure_ascii=False),
    }


def widget_texts_scripts() -> list[str]:
    """Every version of the script, one per language, for the Content-Security-Policy's hashes."""
    return [widget_texts_script(lang) for lang in ("vi", "en")]
