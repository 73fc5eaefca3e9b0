"""Every hostile file, through the command line and through the upload page.

Each must be refused with a Vietnamese sentence saying what is wrong, stopped
by the limit named in its case (counted in rows read and bytes inflated, never
timed), and leave every stored value as it was. Time and memory per file are
measured by `./dashboard bench hostile`, not here.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from metrics.__main__ import main
from metrics.store import Store
from tests.conftest import shown_table, sign_in
from tests.hostile import CASES, Hostile

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def stored(store: Store) -> tuple[int, pl.DataFrame]:
    return store.data_version(), store.values().sort("unit_code", "quarter", "indicator")


def stored_at(path: Path) -> tuple[int, pl.DataFrame]:
    store = Store(path)
    try:
        return stored(store)
    finally:
        store.close()


def assert_refusal(case: Hostile, errors: list[dict], read: dict) -> None:
    assert any(case.message in e["message"] for e in errors), [e["message"][:200] for e in errors[:3]]
    assert all(e["message"].rstrip().endswith((".", "?")) and len(e["message"]) > 20 for e in errors)
    named = next(e for e in errors if case.message in e["message"])
    assert (named["row"], named["column"]) == (case.row, case.column)
    assert read["limit"] == case.limit
    assert read["rows_read"] <= case.rows_read
    assert read["bytes_inflated"] <= case.bytes_inflated


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_file_is_refused_with_a_sentence_and_changes_nothing(
    case: Hostile, sample_db: Path, fresh_app, tmp_path: Path, capsys, monkeypatch
):
    data = case.data()
    before = stored_at(sample_db)

    path = tmp_path / case.file_name
    path.write_bytes(data)
    code = main(["import", str(path), "--db", str(sample_db), "--json"])
    answer = json.loads(capsys.readouterr().out)
    assert (code, answer["status"]) == (1, "rejected")
    assert_refusal(case, answer["errors"], answer["read"])
    after = stored_at(sample_db)
    assert after[0] == before[0] and after[1].equals(before[1])

    monkeypatch.setattr("metrics.settings.today", lambda: date(2026, 1, 15))
    at = sign_in(fresh_app)
    at.run()
    at.switch_page("app_pages/upload.py").run()
    mime = XLSX_MIME if case.file_name.endswith(".xlsx") else "text/csv"
    at.file_uploader[0].upload(case.file_name, data, mime).run()
    assert not at.exception
    assert "nên chưa được ghi" in at.error[0].value
    shown = shown_table(at.table[0].value)
    assert any(case.message in m for m in shown["Lỗi và cách sửa"]), list(shown["Lỗi và cách sửa"])[:3]
    checked = at.session_state["upload_checked"][1].result
    assert_refusal(case, [p.as_dict() for p in checked.errors], checked.read.as_dict())
    assert not [b for b in at.button if b.label.startswith("Ghi ")]
    from ui import state

    after = stored(state.store())
    assert after[0] == before[0] and after[1].equals(before[1])
