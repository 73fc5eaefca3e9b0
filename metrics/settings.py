"""Where things live. Paths come from the environment, with defaults under the project."""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

PROJECT_DIR = Path(__file__).resolve().parent.parent
SAMPLE_DIR = PROJECT_DIR / "sample_data"
DEFAULT_DB = PROJECT_DIR / "data" / "dashboard.duckdb"


def db_path() -> Path | str:
    """The store: `DASHBOARD_DB` if set, else `data/dashboard.duckdb`. A DuckDB file's path, or a
    PostgreSQL database's URL (`postgresql://user@host/db`, kept as text)."""
    value = os.environ.get("DASHBOARD_DB", "").strip()
    return store_location(value) if value else DEFAULT_DB


def store_location(text: str) -> Path | str:
    """A store named on the command line or in `DASHBOARD_DB`: a PostgreSQL URL stays text, anything else is a path."""
    text = text.strip()
    return text if text.startswith(("postgresql://", "postgres://")) else Path(text).expanduser()


def behind_proxy() -> bool:
    """Whether a reverse proxy of the province's stands in front of the server (`DASHBOARD_BEHIND_PROXY=1`).

    Only then are its `X-Forwarded-Host` and `X-Forwarded-For` headers
    believed: without a proxy that sets them, any browser could.
    """
    return os.environ.get("DASHBOARD_BEHIND_PROXY", "").strip().lower() in ("1", "true", "yes", "on")


SESSION_COOKIE = "dashboard_session"


def session_cookie(port: int) -> str:
    """The kept sign-in cookie's name: `DASHBOARD_SESSION_COOKIE`, else `dashboard_session_<port>`.

    Cookies are shared by every port of a host, so by default the server's port
    is in the name: two dashboards on one machine (a test and the real one)
    keep apart. App servers behind one proxy serve one site and must share one
    name, which the proxy's set-up gives them. Letters, digits, `-` and `_` only.
    """
    name = os.environ.get("DASHBOARD_SESSION_COOKIE", "").strip()
    if name and all(c.isascii() and (c.isalnum() or c in "-_") for c in name):
        return name
    return f"{SESSION_COOKIE}_{port}"


def timezone() -> ZoneInfo:
    """The province's clock (`DASHBOARD_TZ`, default Vietnam time), for display and 'today'."""
    return ZoneInfo(os.environ.get("DASHBOARD_TZ", "Asia/Ho_Chi_Minh"))


def today() -> date:
    return datetime.now(timezone()).date()


# Kept equal to server.maxUploadSize in .streamlit/config.toml; checked again on
# the server because the browser's limit can be bypassed.
MAX_UPLOAD_BYTES = 20 * 2**20
