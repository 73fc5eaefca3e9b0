"""Every awkward file in sample_data/awkward/ against its expected outcome (expected.json)."""

import json
from datetime import date

import pytest

from metrics.ingest import import_file
from metrics.settings import SAMPLE_DIR
from tests.conftest import TESTER

FOLDER = SAMPLE_DIR / "awkward"
CASES = json.loads((FOLDER / "expected.json").read_text(encoding="utf-8"))
TODAY = date(2026, 1, 15)


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_awkward_file(store, case):
    before = (store.data_version(), store.values().sort("unit_code", "quarter", "indicator"))
    result = import_file(store, (FOLDER / case["file"]).read_bytes(), case["file"], TESTER, today=TODAY)
    assert result.status == case["status"], [p.message for p in result.errors]
    if case["status"] == "rejected":
        assert sorted((p.row or 0, p.column or "") for p in result.errors) == sorted(
            (e[0] or 0, e[1] or "") for e in case["errors"]
        ), [p.message for p in result.errors]
        assert all(p.message.endswith(".") and len(p.message) > 20 for p in result.errors)
        assert store.data_version() == before[0]
        assert store.values().sort("unit_code", "quarter", "indicator").equals(before[1])
    else:
        assert result.upload_id is not None and store.data_version() == before[0] + 1
    expected = case.get("expect_value")
    if expected:
        stored = store.values(
            expected["quarter"], expected["quarter"], [expected["indicator"]], [expected["unit_code"]]
        )
        assert stored.select("numerator", "denominator").row(0) == (expected["numerator"], expected["denominator"])


def test_the_folder_holds_one_file_per_case():
    on_disk = {p.name for p in FOLDER.iterdir() if p.name not in ("generate.py", "expected.json", "__pycache__")}
    assert on_disk == {c["file"] for c in CASES}
