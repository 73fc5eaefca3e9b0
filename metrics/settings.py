"""Where things live. Paths come from the environment, with defaults under the project."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
SAMPLE_DIR = PROJECT_DIR / "sample_data"
DEFAULT_DB = PROJECT_DIR / "data" / "dashboard.duckdb"


def db_path() -> Path:
    """The store file: `DASHBOARD_DB` if set, else `data/dashboard.duckdb`."""
    value = os.environ.get("DASHBOARD_DB", "").strip()
    return Path(value).expanduser() if value else DEFAULT_DB
