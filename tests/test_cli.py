"""`python -m metrics` as DESIGN.md documents it: exit codes and --json."""

import json
import re
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
    good.write_text("unit_code,quarter,complaints\nSNV,2025-Q3,41\n", encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("unit_code,quarter,complaints\nXYZ,2025-Q3,4\n", encoding="utf-8")

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
    answer = json.loads(again.stdout)
    assert {k: answer[k] for k in ("status", "rows", "errors", "changed", "upload_id")} == {
        "status": "committed", "rows": 1, "errors": [], "changed": 0, "upload_id": None,
    }  # fmt: skip
    assert answer["read"] == {"bytes_inflated": 0, "rows_read": 2, "cells_read": 0, "limit": None}


def test_usage_and_system_errors_exit_2(tmp_path: Path):
    assert run("frobnicate").returncode == 2
    assert run("import", str(tmp_path / "missing.csv"), "--db", str(tmp_path / "x.duckdb")).returncode == 2
    no_store = tmp_path / "f.csv"
    no_store.write_text("unit_code,quarter\n", encoding="utf-8")
    result = run("import", str(no_store), "--db", str(tmp_path / "none.duckdb"))
    assert result.returncode == 2 and "init" in result.stderr


def run_input(text: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "metrics", *args], capture_output=True, text=True, cwd=ROOT, input=text
    )


def test_users_uploads_and_audit_from_the_command_line(sample_db, tmp_path: Path):
    db = str(sample_db)
    added = run_input(
        "mat-khau-cli-dai\n", "users", "add", "cli.staff", "--role", "unit_staff", "--units", "SNV", "--db", db
    )
    assert added.returncode == 0, added.stderr
    listed = run("users", "list", "--db", db)
    assert "cli.staff\tunit_staff\thoạt động" in listed.stdout

    other_unit = tmp_path / "sxd.csv"
    other_unit.write_text("unit_code,quarter,complaints\nSXD,2025-Q3,4\n", encoding="utf-8")
    refused = run("import", str(other_unit), "--db", db, "--user", "cli.staff", "--json")
    assert refused.returncode == 1 and json.loads(refused.stdout)["errors"][0]["column"] == "unit_code"
    viewer = run("import", str(other_unit), "--db", db, "--user", "lanhdao")
    assert viewer.returncode == 1 and "chỉ có quyền xem" in viewer.stdout

    done = run("import", str(other_unit), "--db", db, "--json")
    upload_id = json.loads(done.stdout)["upload_id"]
    denied = run("uploads", "rollback", str(upload_id), "--db", db, "--user", "cli.staff")
    assert denied.returncode == 2 and "Chỉ quản trị viên" in denied.stderr
    assert run("uploads", "rollback", str(upload_id), "--db", db).returncode == 0
    listed = run("uploads", "list", "--db", db).stdout
    assert "rolled_back" in listed
    assert re.search(r"\t20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00\t", listed)  # the province's time, not UTC

    assert run("users", "disable", "cli.staff", "--db", db).returncode == 0
    assert run("import", str(other_unit), "--db", db, "--user", "cli.staff").returncode == 2

    out = tmp_path / "audit.csv"
    assert run("audit", "--db", db, "--output", str(out)).returncode == 0
    log = out.read_text(encoding="utf-8-sig")
    assert "+07:00" in log and "+00:00" not in log
    for action in (
        "user_added",
        "upload_rejected",
        "upload_denied",
        "upload_committed",
        "upload_rolled_back",
        "user_disabled",
    ):
        assert action in log
    assert run("audit", "--db", db, "--user", "lanhdao").returncode == 2


def test_reporting_prints_who_has_reported_in_the_provinces_time(tmp_path: Path):
    db = str(tmp_path / "cli.duckdb")
    assert run("init", "--db", db, "--sample").returncode == 0
    text = run("reporting", "--db", db, "--quarter", "Quý IV/2025")
    assert text.returncode == 0, text.stderr
    lines = text.stdout.splitlines()
    assert lines[0] == "49/49 đơn vị đã báo cáo Quý IV/2025; 0 chưa báo cáo, hạn 15/01/2026; 3 báo cáo trễ hạn."
    assert lines[2].split("\t") == ["10017", "Xã Phong Phú", "Trễ hạn", "09:30 22/01/2026", "sample", "7"]
    data = json.loads(run("reporting", "--db", db, "--quarter", "2025-Q4", "--json").stdout)
    assert (data["due"], data["expected"], data["late"], data["on_time"], data["missing"]) == (
        "2026-01-15",
        49,
        3,
        46,
        0,
    )
    assert data["units"][0]["reported_at"] == "2026-01-22T09:30:00+07:00"
    empty = json.loads(run("reporting", "--db", db, "--quarter", "2026-Q1", "--json").stdout)
    assert (
        empty["missing"] == 49 and empty["units"][0]["status"] == "missing" and empty["units"][0]["reported_at"] is None
    )
    bad = run("reporting", "--db", db, "--quarter", "3/2025")
    assert bad.returncode == 2 and "Quý III/2025, 2025-Q3" in bad.stderr
