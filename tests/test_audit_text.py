"""The audit log speaks the interface's language: every action named, the code's details read back in English."""

import ast
from pathlib import Path

import pytest

from metrics import audit_text

ROOT = Path(__file__).resolve().parent.parent


def _recorded_actions() -> set[str]:
    """Every action code a `.audit(actor, action, ...)` call writes, literal or passed through `log_refused`."""
    found: set[str] = set()
    for path in [*ROOT.glob("metrics/*.py"), *ROOT.glob("ui/*.py")]:
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            if name == "audit" and len(node.args) > 1 and isinstance(node.args[1], ast.Constant):
                found.add(node.args[1].value)
            if name == "log_refused":  # log_refused(store, user, name, data, result, "upload_rejected"...)
                found.update(a.value for a in node.args[5:6] if isinstance(a, ast.Constant))
    return found


def test_every_recorded_action_has_a_name_in_both_languages():
    recorded = _recorded_actions()
    assert {"upload_committed", "sign_in", "target_set", "store_restored"} <= recorded
    assert sorted(recorded - set(audit_text.EVENTS)) == []
    assert all(vi and en and vi != en for vi, en in audit_text.EVENTS.values())


def test_an_action_is_shown_by_name_and_an_unknown_one_as_its_code():
    assert audit_text.event("upload_committed") == "Ghi số liệu tải lên"
    assert audit_text.event("upload_committed", "en") == "Upload committed"
    assert audit_text.event("from_a_newer_version", "en") == "from_a_newer_version"


@pytest.mark.parametrize(
    ("stored", "english"),
    [
        ("lần tải lên 12: 35 giá trị", "upload 12: 35 values"),
        ("lần tải lên 7: 3 lỗi", "upload 7: 3 errors"),
        ("lần tải lên 9 (Chỉ số 766, 2025-Q4): 120 giá trị", "upload 9 (Index 766, 2025-Q4): 120 values"),
        ("lần nhập 4: 10 mới, 2 thay đổi", "import 4: 10 new, 2 changed"),
        ("bỏ mục tiêu", "target removed"),
        ("vai trò unit_staff; đơn vị SNV, STP", "role unit_staff; units SNV, STP"),
        ("Hội trường tầng 3", "Hội trường tầng 3"),  # a label typed by a person stays as typed
        ("lần tải lên 12: 35 giá trị (sửa)", "lần tải lên 12: 35 giá trị (sửa)"),  # not the code's sentence
    ],
)
def test_details_the_code_writes_read_back_in_english(stored, english):
    assert audit_text.detail(stored, "en") == english
    assert audit_text.detail(stored, "vi") == stored


def test_the_audit_table_names_actions_in_the_interface_language():
    from datetime import UTC, datetime

    import polars as pl

    from ui.admin import audit_table

    log = pl.DataFrame(
        {
            "logged_at": [datetime(2026, 3, 31, 17, 30, tzinfo=UTC)],
            "actor": ["admin"],
            "action": ["upload_committed"],
            "target": ["quy-1.xlsx"],
            "detail": ["lần tải lên 3: 35 giá trị"],
        }
    )
    assert audit_table(log, list("abcde"), "en").rows() == [
        ("00:30:00 01/04/2026", "admin", "Upload committed", "quy-1.xlsx", "upload 3: 35 values")
    ]
    assert audit_table(log, list("abcde")).rows()[0][2:] == (
        "Ghi số liệu tải lên",
        "quy-1.xlsx",
        "lần tải lên 3: 35 giá trị",
    )
