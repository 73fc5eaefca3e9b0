"""Start the dashboard: `python serve.py [streamlit flags]` is `streamlit run app.py` made ready.

The server starts listening at once. Once it does, while the browser loads
the page, a background thread opens the store (building the sample province
on first start), imports what the first pages need (among them pandas, which
st.dataframe would otherwise import during the first signed-in page view) and
computes the latest quarter's overview into the shared cache. The first
person to open the dashboard waits for none of these. Flags pass through to
`streamlit run`, e.g. `--server.port 8502`.
"""

import logging
import sys
import threading
import time
from pathlib import Path

from streamlit.web import cli


def serving() -> None:
    """Return once the server accepts connections (or after a few seconds), so as not to slow its start."""
    from streamlit import runtime

    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        if runtime.exists() and runtime.get_instance().state != runtime.RuntimeState.INITIAL:
            return
        time.sleep(0.02)


def warm_up() -> None:
    """Open the store and fill the process-wide caches the first pages need (errors only logged)."""
    try:
        serving()
        import ui.access  # noqa: F401  (the sign-in page, first)
        from ui import state

        version = state.version()  # opens the store, building the sample province on first start
        import pandas  # noqa: F401  (st.dataframe imports it on first use)

        import metrics.ingest  # noqa: F401  (the upload page)
        from ui import views

        quarters = state.quarters(version)
        if quarters:
            views.overview_view(version, quarters[-1], "vi")
    except Exception:  # a cold cache is slower, never wrong
        logging.getLogger("dashboard").exception("warm-up failed")


if __name__ == "__main__":
    threading.Thread(target=warm_up, name="warm-up", daemon=True).start()
    app = str(Path(__file__).resolve().with_name("app.py"))
    sys.argv = ["streamlit", "run", app, *sys.argv[1:]]
    sys.exit(cli.main())
