"""Accounts, roles and the rules of who may write what. Deny by default.

- viewer: sees everything, writes nothing;
- unit_staff: uploads for the units assigned to them, nothing else;
- admin: users, units, catalogue and targets, rollback, audit log.

The rules are checked here, in the core, by the functions that write (the
import, rollback, user and catalogue changes), so the pages and the command
line obey the same rule; pages hide buttons only for comfort. Passwords are
hashed with argon2id. Sign-in failures are throttled per name typed AND
client (`sign_in`), with one message for every failure, so that nobody learns
which accounts exist and a stranger's guesses lock out only the stranger. A
browser session (the sign-in a browser keeps across reloads) is a random
token of which only a hash is stored; a password change or a disabled
account ends all of that account's browser sessions, and every open tab of it
at its next run (`session_user`).
"""

from __future__ import annotations

import hashlib
import re
import secrets
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from metrics.i18n import TEXT, Said
from metrics.store import Store

ROLES = ("viewer", "unit_staff", "admin")
MAX_FAILURES = 5  # per name and client, within LOCKOUT
LOCKOUT = timedelta(minutes=15)
# Per name over every client within LOCKOUT: stops guessing spread over many
# addresses, which no single stranger (MAX_FAILURES) can reach alone. Clients
# that signed in to the name within KNOWN_CLIENT are not held back by it.
MAX_FAILURES_ALL_CLIENTS = 50
KNOWN_CLIENT = timedelta(days=30)
MIN_PASSWORD = 10
USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,39}")
_hasher = PasswordHasher()  # argon2id, 64 MiB memory, 3 passes
# Checked instead of a stored hash when the name is unknown, so that a wrong
# name takes as long as a wrong password. Written out rather than hashed at
# import (0.13 s of every start); a test keeps it on the hasher's parameters.
_DUMMY_HASH = "$argon2id$v=19$m=65536,t=3,p=4$K5wtn7f9OKMGq+ZT9xM5vA$2oNIvTsoEjCVjwhwcPvxL41WMXQlYb5qexKp5aD9Kz4"


class PermissionDenied(Said, PermissionError):
    """The account may not do this; the message says so in both languages."""


class SignInError(Said, ValueError):
    """Sign-in refused; the message never says whether the account exists."""


class AccountError(Said, ValueError):
    """A bad request about an account (weak password, unknown role...)."""


@dataclass(frozen=True)
class User:
    username: str
    display_name: str
    role: str
    units: frozenset[str] = field(default_factory=frozenset)
    email: str | None = None
    disabled: bool = False

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def upload_scope(self) -> frozenset[str] | None:
        """Units this account may write; None means all (admin)."""
        return None if self.role == "admin" else (self.units if self.role == "unit_staff" else frozenset())


# The command line acts for whoever holds the store file on the server, who can
# do anything to the file anyway; `--user NAME` narrows it to an account.
CONSOLE = User("console", "Máy chủ (dòng lệnh)", "admin")


def require_admin(user: User, what: str) -> None:
    """Refuse anyone but an administrator; `what` is the key of metrics.i18n naming the act ('may_set_target')."""
    if not user.is_admin:
        raise PermissionDenied.said("admin_only", what=TEXT[what], user=user.username)


def require_writer(user: User) -> None:
    if user.role not in ("unit_staff", "admin"):
        raise PermissionDenied.said("read_only", user=user.username)


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AccountError.said("password_short", length=MIN_PASSWORD)
    return _hasher.hash(password)


def _check_password(stored: str | None, password: str) -> bool:
    try:
        return _hasher.verify(stored or _DUMMY_HASH, password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def _normal(username: str) -> str:
    return username.strip().lower()


def _user(row: dict[str, Any]) -> User:  # a row of the store's accounts table
    return User(
        username=row["username"],
        display_name=row["display_name"],
        role=row["role"],
        units=frozenset(row["units"]),
        email=row["email"],
        disabled=row["disabled"],
    )


def load_user(store: Store, username: str) -> User | None:
    row = store.account(_normal(username))
    return _user(row) if row is not None else None


def session_user(
    store: Store, username: str, signed_in_at: float, browser_session: str | None = None
) -> tuple[User | None, str | None]:
    """The account of a session already signed in, re-read on each of its runs (one query).

    Returns (user, None) while the session may go on, else (None, why):
    "account_disabled" for an account disabled or deleted, "session_expired"
    when its password was set after `signed_in_at` (epoch seconds) or its
    browser session was ended elsewhere.
    """
    row = store.account(_normal(username), browser_session)
    if row is None or row["disabled"]:
        return None, "account_disabled"
    changed = row["password_set_at"]
    if (changed is not None and changed >= signed_in_at) or not row["session_live"]:
        return None, "session_expired"
    return _user(row), None


def sign_in(store: Store, username: str, password: str, now: datetime | None = None, client: str = "") -> User:
    """Check a password, with throttling; record the attempt in the audit log.

    `client` is who is asking (the browser's address). A name is locked for a
    client after MAX_FAILURES failures from it within LOCKOUT; for every
    client not yet known to it after MAX_FAILURES_ALL_CLIENTS from all.
    """
    name = _normal(username)
    now = now or datetime.now(UTC)
    wait = _locked_for(store, name, client, now)
    if wait:
        store.audit("anonymous", "sign_in_throttled", name, client or None)
        raise SignInError.said("sign_in_throttled", minutes=wait)
    row = store.user_row(name)
    ok = _check_password(row["password_hash"] if row else None, password)
    if not ok or row is None or row["disabled"]:
        store.record_sign_in(name, success=False, at=now, client=client)
        store.audit("anonymous", "sign_in_failed", name, client or None)
        raise SignInError.said("sign_in_wrong")
    store.record_sign_in(name, success=True, at=now, client=client)
    store.audit(name, "sign_in", name)
    user = load_user(store, name)
    assert user is not None
    return user


def _locked_for(store: Store, name: str, client: str, now: datetime) -> int:
    """Minutes this client must wait before trying the name again; 0 when it may try now."""
    since = now - LOCKOUT
    mine = store.recent_failures(name, since, client)
    if len(mine) >= MAX_FAILURES:
        return _minutes_until(mine[-MAX_FAILURES] + LOCKOUT, now)
    everyone = store.recent_failures(name, since)
    if len(everyone) >= MAX_FAILURES_ALL_CLIENTS and not store.signed_in_from(name, client, now - KNOWN_CLIENT):
        return _minutes_until(everyone[-MAX_FAILURES_ALL_CLIENTS] + LOCKOUT, now)
    return 0


def _minutes_until(moment: datetime, now: datetime) -> int:
    return max(1, int((moment - now).total_seconds() // 60) + 1)


def user_for_email(store: Store, email: str | None) -> User | None:
    """The local account of a single-sign-on identity, matched on e-mail."""
    if not email:
        return None
    username = store.username_for_email(email.strip().lower())
    user = load_user(store, username) if username else None
    return None if user is None or user.disabled else user


def ensure_first_admin(store: Store) -> str | None:
    """With no account at all, create `admin` with a random password and return it (shown once)."""
    if store.user_count():
        return None
    password = secrets.token_urlsafe(12)
    hashed = hash_password(password)
    with store.transaction():
        if store.user_count():
            return None
        store.insert_user("admin", "Quản trị viên", None, "admin", hashed)
        store.audit("system", "user_added", "admin", "tài khoản quản trị đầu tiên")
    return password


def add_user(
    store: Store,
    actor: User,
    username: str,
    display_name: str,
    role: str,
    password: str | None,
    units: list[str] = (),  # type: ignore[assignment]
    email: str | None = None,
) -> User:
    require_admin(actor, "may_add_accounts")
    name = _normal(username)
    if not USERNAME.fullmatch(name):
        raise AccountError.said("username_form")
    if role not in ROLES:
        raise AccountError.said("role_unknown", role=role, roles=", ".join(ROLES))
    if role == "unit_staff" and not units:
        raise AccountError.said("staff_needs_unit")
    if password is None and not email:
        raise AccountError.said("password_or_email")
    hashed = hash_password(password) if password is not None else None  # slow: outside the transaction
    with store.transaction():  # the account, its units and the audit record land together
        if store.user_row(name) is not None:
            raise AccountError.said("username_taken", name=name)
        _check_units(store, units)
        store.insert_user(name, display_name.strip() or name, (email or "").strip().lower() or None, role, hashed)
        store.replace_user_units(name, units if role == "unit_staff" else [])
        store.audit(actor.username, "user_added", name, f"vai trò {role}; đơn vị {', '.join(units) or '—'}")
    user = load_user(store, name)
    assert user is not None
    return user


def _check_units(store: Store, units: list[str]) -> None:
    known = {u.code for u in store.units()}
    unknown = [u for u in units if u not in known]
    if unknown:
        raise AccountError.said("account_unknown_units", codes=", ".join(unknown))


def set_password(store: Store, actor: User, username: str, password: str) -> None:
    name = _normal(username)
    if actor.username != name:
        require_admin(actor, "may_set_others_password")
    hashed = hash_password(password)  # slow: outside the transaction
    with store.transaction():  # the new password, the ended sessions and the audit record land together
        if store.user_row(name) is None:
            raise AccountError.said("account_unknown", name=name)
        store.update_password(name, hashed)
        store.delete_browser_sessions(name)  # a browser that kept the old sign-in must sign in again
        store.audit(actor.username, "user_password_set", name)


def set_disabled(store: Store, actor: User, username: str, disabled: bool) -> None:
    require_admin(actor, "may_disable_accounts")
    name = _normal(username)
    if disabled and name == actor.username:
        raise AccountError.said("account_lock_self")
    with store.transaction():
        if store.user_row(name) is None:
            raise AccountError.said("account_unknown", name=name)
        store.update_disabled(name, disabled)
        if disabled:
            store.delete_browser_sessions(name)
        store.audit(actor.username, "user_disabled" if disabled else "user_enabled", name)


def set_units(store: Store, actor: User, username: str, units: list[str]) -> None:
    require_admin(actor, "may_assign_units")
    name = _normal(username)
    with store.transaction():
        _check_units(store, units)
        store.replace_user_units(name, units)
        store.audit(actor.username, "user_units_set", name, ", ".join(units) or "—")


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# -- one-time sign-in tickets ---------------------------------------------------

TICKET_SECONDS = 60
_MAX_TICKET = 128


def _pad(ticket: str, length: int) -> bytes:
    """A one-time pad that only the ticket itself gives (the store holds just the ticket's hash)."""
    return hashlib.shake_256(b"dashboard sign-in ticket\0" + ticket.encode()).digest(length)


def issue_sign_in_ticket(store: Store, token: str, now: float | None = None) -> str:
    """A one-time ticket the browser exchanges for `token` (its kept sign-in) within TICKET_SECONDS.

    Kept in the store, not in this process, so that the browser's post may
    reach any app server behind the proxy; the token is sealed in it.
    """
    now = time.time() if now is None else now
    ticket = secrets.token_urlsafe(24)
    raw = token.encode()
    sealed = bytes(a ^ b for a, b in zip(raw, _pad(ticket, len(raw)), strict=True)).hex()
    store.insert_sign_in_ticket(_token_hash(ticket), sealed, now + TICKET_SECONDS, now)
    return ticket


def take_sign_in_ticket(store: Store, ticket: str, now: float | None = None) -> str | None:
    """The token of a live ticket, which is used up; None for an unknown, used or expired one."""
    if not ticket or len(ticket) > _MAX_TICKET:
        return None
    sealed = store.take_sign_in_ticket(_token_hash(ticket), time.time() if now is None else now)
    if sealed is None:
        return None
    raw = bytes.fromhex(sealed)
    return bytes(a ^ b for a, b in zip(raw, _pad(ticket, len(raw)), strict=True)).decode()


def create_display_link(store: Store, actor: User, label: str) -> str:
    """A read-only token that opens only the presentation; returned once, stored hashed."""
    require_admin(actor, "may_create_display_link")
    token = secrets.token_urlsafe(24)
    store.insert_display_link(_token_hash(token), label.strip() or "Màn hình trình chiếu", actor.username)
    store.audit(actor.username, "display_link_created", label)
    return token


def revoke_display_link(store: Store, actor: User, token_hash: str) -> None:
    require_admin(actor, "may_revoke_display_link")
    store.revoke_display_link(token_hash)
    store.audit(actor.username, "display_link_revoked", token_hash[:12])


def open_display_link(store: Store, token: str | None) -> str | None:
    """The label of a live display link, or None if the token is unknown or revoked."""
    if not token:
        return None
    return store.live_display_link(_token_hash(token))


def start_browser_session(store: Store, user: User, idle_seconds: float, max_seconds: float) -> tuple[str, str]:
    """A new browser session for a signed-in account: its token (given once, stored hashed) and hash.

    Sessions past the limits are deleted on the way, so the table holds only
    live ones.
    """
    now = time.time()
    store.delete_stale_browser_sessions(now - idle_seconds, now - max_seconds)
    token = secrets.token_urlsafe(32)
    token_hash = _token_hash(token)
    store.insert_browser_session(token_hash, user.username, now)
    return token, token_hash


def resume_browser_session(
    store: Store, token: str | None, idle_seconds: float, max_seconds: float
) -> tuple[User, str, float] | None:
    """The account of a live browser session, its token hash and when it signed in; else None.

    A session unused for `idle_seconds`, older than `max_seconds`, or whose
    account is gone or disabled is deleted and gives None.
    """
    if not isinstance(token, str) or not token or len(token) > 128:
        return None
    token_hash = _token_hash(token)
    row = store.browser_session(token_hash)
    if row is None:
        return None
    username, created, seen = row
    now = time.time()
    user = load_user(store, username)
    if now - seen > idle_seconds or now - created > max_seconds or user is None or user.disabled:
        store.delete_browser_session(token_hash)
        return None
    store.touch_browser_session(token_hash, now)
    store.audit(user.username, "sign_in_kept", user.username)  # a reload or reconnection, signed in by the cookie
    return user, token_hash, created


def touch_browser_session(store: Store, token_hash: str) -> bool:
    """Note that the session is in use, so that its idle limit counts from now; False if it is gone."""
    return store.touch_browser_session(token_hash, time.time())


def end_browser_session(store: Store, token_hash: str) -> None:
    store.delete_browser_session(token_hash)
