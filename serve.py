"""Start the dashboard: `python serve.py [streamlit flags]` is `streamlit run app.py` made ready.

Before the server starts it builds the store if there is none (the sample
province on first start) and imports the heavy libraries; while it starts, a
background thread computes the latest quarter's overview into the shared
cache. The first person to open the dashboard waits for none of these. Flags
pass through to `streamlit run`, e.g. `--server.port 8502`.
"""

import logging
import sys
import threading
from pathlib import Path

import duckdb  # noqa: F401  (imported now rather than during the first page view)
import plotly.graph_objects  # noqa: F401
import polars  # noqa: F401
from streamlit.web import cli

import metrics.charts
import metrics.ingest  # noqa: F401
import ui.views  # noqa: F401
from metrics.bootstrap import initialise
from metrics.settings import db_path


def warm_up() -> None:
    """Fill the process-wide caches the first overview needs (errors only logged)."""
    try:
        from ui import state, views

        version = state.version()
        quarters = state.quarters(version)
        if quarters:
            views.overview_view(version, quarters[-1], "vi")
    except Exception:  # a cold cache is slower, never wrong
        logging.getLogger("dashboard").exception("warm-up failed")


if __name__ == "__main__":
    initialise(db_path(), sample=True)
    threading.Thread(target=warm_up, name="warm-up", daemon=True).start()
    app = str(Path(__file__).resolve().with_name("app.py"))
    sys.argv = ["streamlit", "run", app, *sys.argv[1:]]
    sys.exit(cli.main())
