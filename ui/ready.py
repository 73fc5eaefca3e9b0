"""Whether the launcher's warm-up has finished importing pandas (no imports here: it loads first).

`serve.py` imports pandas in a background thread while the first browser
loads. A normal `import pandas` elsewhere would wait for it, but plotly and
Streamlit only look it up in `sys.modules`, and in that window they find a
half-initialised module and fail ("partially initialized module 'pandas'").
Pages that may draw a chart or a table wait for this first; without the
launcher (AppTest, plain `streamlit run`) it is set from the start.
"""

import threading

pandas_imported = threading.Event()
pandas_imported.set()


def wait_for_pandas(timeout: float = 30.0) -> None:
    pandas_imported.wait(timeout)
