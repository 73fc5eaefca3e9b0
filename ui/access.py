"""Who is using this browser session: signed-in account, single sign-on, or a display link.

The account is re-read from the store on every run, in one query, so
disabling it, changing its password or its role takes effect at its next run;
a display link is looked up again the same way. A fragment's run (the
presentation's slide timer) does not run app.py, so it checks again itself
(`end_if_access_ended`). Sessions expire after a
period without activity and after a maximum length. A sign-in is kept by the
browser across reloads and server restarts (`ui.kept_sign_in`), within the
same limits. The rules themselves live
in metrics.auth and are enforced where data is written; this module only
decides what to show.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

import streamlit as st

from metrics import auth, settings
from metrics.i18n import t
from ui import kept_sign_in, state

IDLE_SECONDS = int(os.environ.get("DASHBOARD_SESSION_IDLE_MINUTES", "120")) * 60
MAX_SECONDS = 12 * 3600
SESSION_KEY = "auth"
# How often an active tab notes its browser session as in use: often enough
# that a reload in an active tab never finds the session idle.
TOUCH_SECONDS = min(300, IDLE_SECONDS // 4)


@dataclass(frozen=True)
class Access:
    user: auth.User | None = None
    display_label: str | None = None  # set when a display link opened the session

    @property
    def display_only(self) -> bool:
        return self.user is None and self.display_label is not None


def sso_configured() -> bool:
    try:
        return "auth" in st.secrets
    except FileNotFoundError:
        return False
    except Exception:  # a malformed secrets.toml must not take the app down
        return False


def _sso_user() -> auth.User | None:
    if not sso_configured() or not getattr(st.user, "is_logged_in", False):
        return None
    return auth.user_for_email(state.store(), st.user.get("email"))


def current() -> Access:
    """Resolve who this session is, expiring stale sign-ins."""
    token = st.query_params.get("display")
    if token:
        label = auth.open_display_link(state.store(), token)
        return Access(display_label=label) if label else Access()
    session = st.session_state.get(SESSION_KEY)
    now = time.time()
    notice = None
    if session:
        store = state.store()
        expired = now - session["last_seen"] > IDLE_SECONDS or now - session["signed_in_at"] > MAX_SECONDS
        user = None
        if not expired:
            kept = session.get("browser_session")
            touch = bool(kept) and now - session.get("touched", 0.0) > TOUCH_SECONDS
            if touch:  # the periodic touch also says whether the browser session still exists
                session["touched"] = now
                expired = not auth.touch_browser_session(store, kept)
            if not expired:
                # One query a run: the account, its units, and whether its browser
                # session still exists (signed out in another tab, or the password changed).
                user, notice = auth.session_user(
                    store, session["username"], session["signed_in_at"], None if touch else kept
                )
        if user is None:
            st.session_state.pop(SESSION_KEY, None)
            notice = "session_expired" if expired else notice
        else:
            session["last_seen"] = now
            return Access(user=user)
    # The browser's kept sign-in, if still valid: another tab may have kept it
    # in use while this one sat idle (its own limits are checked in the store).
    kept_user = _kept_user(now)
    if kept_user:
        return Access(user=kept_user)
    if notice:
        st.session_state["auth_notice"] = notice
    return Access(user=_sso_user())


def end_if_access_ended(shown: Access) -> None:
    """In a fragment's run: if the access `shown` has ended since, rerun the whole app, which says why.

    Called at the start of each run of a fragment that redraws by itself (the
    presentation's slides), so a revoked display link, a disabled account or
    a changed password stops the slides at their next refresh, with the
    same check as a page run (one query).
    """
    now = current()
    if now != shown:
        st.session_state["current_user"] = now.user
        st.rerun(scope="app")


def client_address() -> str:
    """Who is signing in, for throttling: the address the server sees ("" for this machine).

    Behind a proxy (`DASHBOARD_BEHIND_PROXY`) every browser arrives from the
    proxy's address, so the address the proxy next to the server appended to
    `X-Forwarded-For` (its last entry) counts instead.
    """
    try:
        address = st.context.ip_address
        if settings.behind_proxy():
            address = (st.context.headers.get("X-Forwarded-For") or "").split(",")[-1].strip() or address
    except Exception:  # no browser behind this session (a test): nobody in particular
        return ""
    return address[:64] if isinstance(address, str) else ""


def _browser_cookie() -> str | None:
    try:
        value = st.context.cookies.get(kept_sign_in.cookie_name())
    except Exception:  # no browser behind this session (a test): nothing kept
        return None
    return value if isinstance(value, str) else None


def _kept_user(now: float) -> auth.User | None:
    """The account this browser kept signed in (reload, reconnection after a restart), if still valid."""
    token = _browser_cookie()
    if not token or st.session_state.get("signed_out"):
        return None
    resumed = auth.resume_browser_session(state.store(), token, IDLE_SECONDS, MAX_SECONDS)
    if resumed is None:
        return None
    user, token_hash, signed_in_at = resumed
    st.session_state[SESSION_KEY] = {
        "username": user.username,
        "signed_in_at": signed_in_at,
        "last_seen": now,
        "browser_session": token_hash,
        "touched": now,
    }
    return user


def _sign_in(lang: str) -> None:
    try:
        user = auth.sign_in(
            state.store(),
            st.session_state.get("sign_in_name", ""),
            st.session_state.get("sign_in_password", ""),
            client=client_address(),
        )
    except auth.SignInError as error:
        st.session_state["sign_in_error"] = error.text(lang)
    else:
        now = time.time()
        session = {"username": user.username, "signed_in_at": now, "last_seen": now}
        if kept_sign_in.installed():
            token, session["browser_session"] = auth.start_browser_session(
                state.store(), user, IDLE_SECONDS, MAX_SECONDS
            )
            session["touched"] = now
            st.session_state["kept_sign_in_ticket"] = auth.issue_sign_in_ticket(state.store(), token)
        st.session_state[SESSION_KEY] = session
        st.session_state.pop("signed_out", None)
    st.session_state["sign_in_password"] = ""


def keep_sign_in() -> None:
    """Right after a sign-in, have this browser store its session cookie (an invisible element)."""
    ticket = st.session_state.pop("kept_sign_in_ticket", None)
    if ticket:
        kept_sign_in.send_cookie(ticket)  # the browser posts it as soon as the element arrives


def sign_in_form(lang: str) -> None:
    st.title(t("sign_in_title", lang))
    notice = st.session_state.pop("auth_notice", None)
    if notice:
        st.warning(t(notice, lang))
    if getattr(st.user, "is_logged_in", False) and sso_configured():
        st.error(t("sso_no_account", lang))
    with st.form("sign_in", border=True, width=560):  # a sign-in box, not a page-wide bar
        st.text_input(t("username", lang), key="sign_in_name", autocomplete="username")
        st.text_input(t("password", lang), type="password", key="sign_in_password", autocomplete="current-password")
        st.form_submit_button(t("sign_in", lang), type="primary", on_click=_sign_in, args=(lang,))
    error = st.session_state.pop("sign_in_error", None)
    if error:
        st.error(error)
    if sso_configured() and st.button(t("sign_in_sso", lang), icon=":material/key:"):
        st.login()


def sign_out() -> None:
    session = st.session_state.get(SESSION_KEY)
    if session and session.get("browser_session"):
        auth.end_browser_session(state.store(), session["browser_session"])  # first: if it fails, still signed in
    st.session_state.pop(SESSION_KEY, None)
    st.session_state.pop("kept_sign_in_ticket", None)
    st.session_state["signed_out"] = True  # this tab's cookie, if any, no longer signs it in
    if session:
        state.store().audit(session["username"], "sign_out", session["username"])
    if sso_configured() and getattr(st.user, "is_logged_in", False):
        st.logout()


def require_admin(user: auth.User | None, lang: str) -> auth.User:
    """Stop the page for anyone but an admin (the core checks again on every write)."""
    if user is None or not user.is_admin:
        st.error(t("admins_only", lang))
        st.stop()
    return user
