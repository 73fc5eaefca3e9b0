"""The core never imports Streamlit, so it runs from the command line and in benchmarks."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORE_MODULES = sorted(p.stem for p in (ROOT / "metrics").glob("*.py") if p.stem != "__main__")


def test_importing_every_core_module_does_not_load_streamlit():
    imports = "; ".join(f"import metrics.{name}" for name in CORE_MODULES)
    code = f"import sys; {imports}; import metrics.__main__; sys.exit('streamlit' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr or "a core module imported streamlit"


def test_no_core_file_mentions_a_streamlit_import():
    for path in (ROOT / "metrics").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "import streamlit" not in text and "from streamlit" not in text, path.name


def test_pages_hold_no_sql():
    for path in (ROOT / "app_pages").glob("*.py"):
        text = path.read_text(encoding="utf-8").upper()
        assert "SELECT " not in text and ".EXECUTE(" not in text, path.name
