"""`python -m metrics` as DESIGN.md documents it: exit codes and --json."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "metrics", *args], capture_output=True, text=True, cwd=ROOT)


def test_init_sample_then_import_valid_rejected_and_dry_run(tmp_path: Path):
    db = tmp_path / "cli.duckdb"
    assert run("init", "--db", str(db), "--sample").returncode == 0
    good = tmp_path / "good.csv"
    good.write_text("unit_code,quarter,overdue_tasks\nSNV,2025-Q3,4\n", encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("unit_code,quarter,overdue_tasks\nXYZ,2025-Q3,4\n", encoding="utf-8")

    dry = run("import", str(good), "--db", str(db), "--dry-run", "--json")
    answer = json.loads(dry.stdout)
    assert dry.returncode == 0
    assert {k: answer[k] for k in ("status", "rows", "errors")} == {"status": "valid", "rows": 1, "errors": []}

    rejected = run("import", str(bad), "--db", str(db), "--json")
    assert rejected.returncode == 1
    assert json.loads(rejected.stdout)["errors"][0]["row"] == 2
    assert json.loads(rejected.stdout)["errors"][0]["column"] == "unit_code"

    committed = run("import", str(good), "--db", str(db))
    assert committed.returncode == 0 and "Đã ghi 1 dòng" in committed.stdout

    again = run("import", str(good), "--db", str(db), "--json")
    assert again.returncode == 0
    assert json.loads(again.stdout) | {"errors": []} == {
        "status": "committed", "rows": 1, "errors": [], "changed": 0, "upload_id": None,
    }  # fmt: skip


def test_usage_and_system_errors_exit_2(tmp_path: Path):
    assert run("frobnicate").returncode == 2
    assert run("import", str(tmp_path / "missing.csv"), "--db", str(tmp_path / "x.duckdb")).returncode == 2
    no_store = tmp_path / "f.csv"
    no_store.write_text("unit_code,quarter\n", encoding="utf-8")
    result = run("import", str(no_store), "--db", str(tmp_path / "none.duckdb"))
    assert result.returncode == 2 and "init" in result.stderr
