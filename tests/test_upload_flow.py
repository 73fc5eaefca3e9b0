"""Upload semantics: preview against the store, re-uploads, history, rollback, concurrency, crashes."""

import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from metrics.auth import User
from metrics.ingest import DataChanged, check_file, check_upload, commit_checked, import_file, province_effect
from metrics.store import Store
from tests.conftest import TESTER

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 1, 15)
HEADER = "unit_code,quarter,online_dossiers,total_dossiers,complaints\n"


def upload(store, text: str, name: str = "f.csv", user: User = TESTER):
    return import_file(store, text.encode(), name, user, today=TODAY)


def value(store, unit: str, quarter: str, indicator: str):
    frame = store.values(quarter, quarter, [indicator], [unit])
    return frame["value"][0] if frame.height else None


def test_preview_marks_new_changed_and_unchanged_values(store):
    old_complaints = int(value(store, "SNV", "2025-Q3", "complaints"))
    stp_complaints = int(value(store, "STP", "2025-Q3", "complaints"))
    store.cursor().execute("DELETE FROM current_values WHERE unit_code = 'STC' AND quarter = '2025-Q3'")
    text = HEADER + f"SNV,2025-Q3,,,{old_complaints}\nSTP,2025-Q3,10,20,{stp_complaints + 1}\nSTC,2025-Q3,1,2,0\n"
    result = check_file(store, text.encode(), TODAY)
    changes = {(r["unit_code"], r["indicator"]): r["change"] for r in result.changes.iter_rows(named=True)}
    assert changes == {
        ("SNV", "complaints"): "unchanged",
        ("STP", "online_services_rate"): "changed",
        ("STP", "complaints"): "changed",
        ("STC", "online_services_rate"): "new",
        ("STC", "complaints"): "new",
    }


def test_a_blank_cell_leaves_the_stored_value_alone(store):
    before = value(store, "SNV", "2025-Q3", "online_services_rate")
    assert upload(store, HEADER + "SNV,2025-Q3,,,5\n").status == "committed"
    assert value(store, "SNV", "2025-Q3", "online_services_rate") == before
    assert value(store, "SNV", "2025-Q3", "complaints") == 5


def test_an_unfilled_template_is_refused_rather_than_taken_for_data(store):
    from metrics.template import template_csv

    blank = template_csv(store.fields(), store.indicators(), store.units(), "2025-Q3")
    result = check_file(store, blank, TODAY)
    assert result.status == "rejected"
    assert "mọi ô số liệu đều trống" in result.errors[0].message


def test_province_before_and_after_reflects_the_file(store):
    before = value(store, "STP", "2025-Q3", "complaints")
    text = HEADER + f"STP,2025-Q3,,,{int(before) + 10}\n"
    result = check_file(store, text.encode(), TODAY)
    effect = province_effect(store, result.records, store.indicators())
    row = effect.filter(pl.col("indicator") == "complaints").row(0, named=True)
    assert row["after"] - row["before"] == 10


def test_the_same_file_twice_changes_nothing_and_says_so(store):
    text = HEADER + "SNV,2025-Q3,100,200,7\n"
    first = upload(store, text)
    version = store.data_version()
    second = upload(store, text)
    assert first.upload_id and first.changed == 2  # online_services_rate and complaints
    assert second.status == "committed" and second.changed == 0 and second.upload_id is None
    assert store.data_version() == version
    assert store.uploads().filter(pl.col("file_name") == "f.csv").height == 1


def test_reupload_replaces_values_keeps_history_and_rollback_restores_them(store):
    original = value(store, "SNV", "2025-Q3", "complaints")
    first = upload(store, HEADER + "SNV,2025-Q3,100,200,7\n", "first.csv")
    second = upload(store, HEADER + "SNV,2025-Q3,150,200,9\n", "second.csv")
    assert value(store, "SNV", "2025-Q3", "complaints") == 9
    history = (
        store.cursor()
        .execute(
            "SELECT count_value FROM value_history WHERE unit_code = 'SNV' AND quarter = '2025-Q3'"
            " AND indicator = 'complaints' ORDER BY upload_id"
        )
        .fetchall()
    )
    assert [h[0] for h in history][-3:] == [original, 7, 9]

    store.rollback_upload(second.upload_id, "admin")
    assert value(store, "SNV", "2025-Q3", "complaints") == 7
    assert value(store, "SNV", "2025-Q3", "online_services_rate") == pytest.approx(50.0)
    store.rollback_upload(first.upload_id, "admin")
    assert value(store, "SNV", "2025-Q3", "complaints") == original
    log = store.uploads().filter(pl.col("upload_id").is_in([first.upload_id, second.upload_id]))
    assert set(log["status"]) == {"rolled_back"} and set(log["rolled_back_by"]) == {"admin"}


def test_rolling_back_an_older_upload_keeps_a_newer_one_current(store):
    first = upload(store, HEADER + "SNV,2025-Q3,100,200,7\n", "first.csv")
    upload(store, HEADER + "SNV,2025-Q3,150,200,9\n", "second.csv")
    store.rollback_upload(first.upload_id, "admin")
    assert value(store, "SNV", "2025-Q3", "complaints") == 9


def test_a_rejected_upload_is_logged_with_its_file_and_changes_no_value(store):
    version = store.data_version()
    result = upload(store, HEADER + "XYZ,2025-Q3,1,2,3\n", "wrong.csv")
    assert result.status == "rejected"
    assert store.data_version() == version
    assert store.upload_raw(result.upload_id) == ("wrong.csv", (HEADER + "XYZ,2025-Q3,1,2,3\n").encode())
    with pytest.raises(Exception, match="không ở trạng thái đã ghi"):
        store.rollback_upload(result.upload_id, "admin")


def test_a_commit_between_check_and_commit_refuses_the_checked_file_and_writes_nothing(store):
    mine = (HEADER + "SNV,2025-Q3,,,111\nSTP,2025-Q3,,,222\n").encode()
    checked = check_upload(store, mine, "mine.csv", TESTER, today=TODAY)
    assert checked.result.status == "valid" and checked.result.changed == 2
    assert checked.version == store.data_version()
    assert upload(store, HEADER + "SNV,2025-Q3,,,7\n", "theirs.csv").status == "committed"  # lands meanwhile
    version, uploads = store.data_version(), store.uploads().height
    with pytest.raises(DataChanged) as refused:
        commit_checked(store, checked)
    assert str(refused.value) == (
        "Số liệu đã thay đổi sau khi tệp được kiểm tra (vừa có một lần ghi khác), nên tệp chưa được ghi. "
        "Tệp đã được kiểm tra lại với số liệu mới: hãy xem lại phần thay đổi rồi bấm Ghi lần nữa."
    )
    assert refused.value.message("en") == (
        "The stored figures changed after this file was checked (another upload was just written), so it was not "
        "written. It has been checked again against the new figures: review the changes and press Write again."
    )
    assert (refused.value.checked_at, refused.value.now) == (version - 1, version)
    assert store.data_version() == version
    assert store.uploads().height == uploads  # not even a refused entry: the file itself is fine
    assert value(store, "SNV", "2025-Q3", "complaints") == 7
    again = check_upload(store, mine, "mine.csv", TESTER, today=TODAY)
    written = commit_checked(store, again)
    assert written.status == "committed" and written.changed == 2
    assert (value(store, "SNV", "2025-Q3", "complaints"), value(store, "STP", "2025-Q3", "complaints")) == (111, 222)
    assert store.data_version() == version + 1
    assert store.upload_raw(written.upload_id) == ("mine.csv", mine)


def test_a_checked_file_commits_what_was_checked_and_a_refused_one_is_only_logged(store):
    checked = check_upload(store, (HEADER + "SNV,2025-Q3,,,9\n").encode(), "a/ok.csv", TESTER, today=TODAY)
    assert checked.file_name == "a_ok.csv"
    written = commit_checked(store, checked)
    assert (written.status, written.changed) == ("committed", 1)
    assert checked.result.status == "valid" and checked.result.upload_id is None  # the check itself is left as it was
    version = store.data_version()
    bad = check_upload(store, (HEADER + "XYZ,2025-Q3,,,9\n").encode(), "bad.csv", TESTER, today=TODAY)
    assert bad.rejected
    logged = commit_checked(store, bad)
    assert logged.status == "rejected" and logged.upload_id is not None
    assert store.data_version() == version
    status = store.uploads().filter(pl.col("upload_id") == logged.upload_id)["status"].to_list()
    assert status == ["rejected"]


def test_two_uploads_at_the_same_moment_both_land_whole(store):
    files = {
        "a.csv": HEADER + "".join(f"{u},2025-Q3,10,20,1\n" for u in ("SNV", "STP", "STC", "SXD")),
        "b.csv": HEADER + "".join(f"{u},2025-Q3,30,40,2\n" for u in ("SNV", "STP", "STC", "SXD")),
    }
    results = {}
    start = threading.Barrier(2)

    def run(name: str) -> None:
        start.wait()
        results[name] = import_file(store, files[name].encode(), name, User(name, name, "admin"), today=TODAY)

    threads = [threading.Thread(target=run, args=(n,)) for n in files]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert {r.status for r in results.values()} == {"committed"}
    winner = max(results.values(), key=lambda r: r.upload_id)
    expected = 2 if winner is results["b.csv"] else 1
    current = store.values("2025-Q3", "2025-Q3", ["complaints"], ["SNV", "STP", "STC", "SXD"])
    assert current["value"].to_list() == [expected] * 4  # never a mix of the two files
    for result in results.values():
        rows = (
            store.cursor()
            .execute("SELECT count(*) FROM value_history WHERE upload_id = ?", [result.upload_id])
            .fetchone()
        )
        assert rows == (8,)  # 4 units × 2 indicators


@pytest.mark.duckdb_only
def test_the_command_line_says_the_store_is_in_use_while_the_app_holds_it(sample_db, tmp_path):
    holder = Store(sample_db)  # what the running app does
    try:
        file = tmp_path / "f.csv"
        file.write_text(HEADER + "SNV,2025-Q3,1,2,3\n", encoding="utf-8")
        done = subprocess.run(
            [sys.executable, "-m", "metrics", "import", str(file), "--db", str(sample_db), "--wait", "1"],
            capture_output=True, text=True, cwd=ROOT,
        )  # fmt: skip
        assert done.returncode == 2
        assert "đang được một chương trình khác sử dụng" in done.stderr
    finally:
        holder.close()
    assert Store(sample_db).data_version() > 0  # still opens, intact


def big_long_file(store: Store, rows: int) -> bytes:
    """A valid long file: units with no validity bounds, quarters from 2000, a count and a ratio."""
    units = [u.code for u in store.units() if u.kind != "province" and not u.valid_from and not u.valid_to]
    lines = ["unit_code,quarter,indicator,value,numerator,denominator"]
    for year in range(2000, 2026):
        for q in (1, 2, 3, 4):
            for unit in units:
                lines.append(f"{unit},{year}-Q{q},complaints,{len(lines) % 97},,")
                lines.append(f"{unit},{year}-Q{q},online_services_rate,,{len(lines) % 97},100")
    assert len(lines) > rows
    return ("\n".join(lines[: rows + 1]) + "\n").encode()


@pytest.mark.duckdb_only
def test_a_process_killed_mid_import_leaves_the_previous_state_intact(sample_db, tmp_path):
    file = tmp_path / "big.csv"
    before = Store(sample_db)
    file.write_bytes(big_long_file(before, 9_000))
    expected = before.values().sort("unit_code", "quarter", "indicator")
    uploads = before.uploads().height
    before.close()
    # Time a whole run on a copy, then kill real runs at points spread across
    # it: while reading, validating, writing and committing.
    rehearsal = tmp_path / "rehearsal.duckdb"
    rehearsal.write_bytes(sample_db.read_bytes())
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "metrics", "import", str(file), "--db", str(rehearsal)], cwd=ROOT, check=True)
    whole_run = time.monotonic() - started
    outcomes = set()
    for fraction in (0.3, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 1.2):
        delay = whole_run * fraction
        process = subprocess.Popen(
            [sys.executable, "-m", "metrics", "import", str(file), "--db", str(sample_db), "--wait", "1"], cwd=ROOT
        )
        time.sleep(delay)
        process.kill()  # SIGKILL: no cleanup runs
        process.wait()
        after = Store(sample_db)
        try:
            log = after.uploads()
            if log.height == uploads:
                assert after.values().sort("unit_code", "quarter", "indicator").equals(expected)
                outcomes.add("untouched")
            else:  # the import had finished before the kill: it must be whole
                newest = log.row(0, named=True)
                count = (
                    after.cursor()
                    .execute("SELECT count(*) FROM value_history WHERE upload_id = ?", [newest["upload_id"]])
                    .fetchone()
                )
                assert newest["status"] == "committed" and count == (9_000,)
                outcomes.add("whole")
                break  # committed: later runs would only say "unchanged"
        finally:
            after.close()
    assert "untouched" in outcomes


def test_last_updated_is_the_rollback_when_a_rollback_is_the_newest_change(store):
    committed = upload(store, HEADER + "SNV,2025-Q3,100,200,7\n", "first.csv")
    landed = store.uploads().row(0, named=True)["uploaded_at"]
    assert abs((store.last_commit() - landed).total_seconds()) < 1e-3
    store.rollback_upload(committed.upload_id, "admin")
    row = store.uploads().filter(pl.col("upload_id") == committed.upload_id).row(0, named=True)
    assert row["rolled_back_at"] > row["uploaded_at"]
    assert abs((store.last_commit() - row["rolled_back_at"]).total_seconds()) < 1e-3
