"""Every Streamlit cache of the app is bounded, so the server's memory levels off (bench/soak.py --walk)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHES = {"cache_data", "cache_resource"}


def _caches(path: Path) -> list[tuple[str, dict[str, ast.expr]]]:
    """(function, keyword arguments) of every function decorated with st.cache_data / st.cache_resource."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for decorator in node.decorator_list:
            call = decorator if isinstance(decorator, ast.Call) else None
            target = call.func if call else decorator
            if isinstance(target, ast.Attribute) and target.attr in CACHES:
                found.append((f"{path.name}:{node.name}", {k.arg: k.value for k in call.keywords} if call else {}))
    return found


def _app_files() -> list[Path]:
    return [ROOT / "app.py", *sorted((ROOT / "ui").glob("*.py")), *sorted((ROOT / "app_pages").glob("*.py"))]


def test_the_check_sees_the_caches_it_is_meant_to_check():
    names = {name for path in _app_files() for name, _ in _caches(path)}
    assert {"state.py:store", "state.py:values", "views.py:overview_view", "presentation.py:slide_html"} <= names


def test_every_cache_is_bounded_by_entries():
    unbounded = [name for path in _app_files() for name, kw in _caches(path) if "max_entries" not in kw]
    assert unbounded == []


def test_the_quarters_values_the_big_entries_are_few_and_expire():
    from ui import state

    assert state.VALUES_KEPT == 4
    keywords = dict(_caches(ROOT / "ui" / "state.py"))["state.py:values"]
    assert ast.literal_eval(keywords["ttl"]) == "1h"
