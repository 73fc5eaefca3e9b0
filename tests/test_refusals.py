"""Every refused file is kept in the upload log with its bytes; hostile names are stored and shown cleaned."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from metrics import ingest
from metrics.filenames import MAX_LENGTH, UNNAMED, safe_file_name
from metrics.ingest import UNREADABLE, import_file
from tests.conftest import TESTER, shown_table

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 1, 15)
GOOD = b"unit_code,quarter,complaints\nSNV,2025-Q3,5\n"


@pytest.mark.parametrize(
    ("sent", "stored"),
    [
        ("quy-3.xlsx", "quy-3.xlsx"),
        ("Báo cáo Quý III.xlsx", "Báo cáo Quý III.xlsx"),
        ("quy\x003.csv", "quy3.csv"),
        ("../../etc/passwd", "_.._etc_passwd"),
        ("..\\..\\quy3.xlsx", "_.._quy3.xlsx"),
        ("C:\\Users\\A\\quy3.csv", "C__Users_A_quy3.csv"),
        ("quy\r\n3\t.csv", "quy 3 .csv"),
        ("\u202egpj.csv", "gpj.csv"),  # right-to-left override
        ("\x1b[31mred.csv", "[31mred.csv"),  # a terminal escape loses its ESC
        ("", UNNAMED),
        ("\x00\x01", UNNAMED),
    ],
)
def test_a_file_name_is_cleaned_of_paths_and_control_characters(sent: str, stored: str):
    assert safe_file_name(sent) == stored


def test_a_very_long_name_is_cut_and_keeps_its_extension():
    cleaned = safe_file_name("a" * 5000 + ".xlsx")
    assert len(cleaned) == MAX_LENGTH
    assert cleaned.endswith("….xlsx")


def test_a_hostile_name_is_stored_cleaned_with_the_upload(store):
    result = import_file(store, GOOD, "../x\x00y\n.csv", TESTER, today=TODAY)
    assert result.status == "committed"
    assert store.uploads(1)["file_name"][0] == "_xy .csv"
    assert store.audit_log(1)["target"][0] == "_xy .csv"


def test_a_file_whose_reading_fails_unexpectedly_is_refused_with_a_sentence_and_logged(store, monkeypatch):
    def broken(*args, **kwargs):
        raise IndexError("shared string index out of range")  # what a malformed XLSX did

    monkeypatch.setattr(ingest, "read_table", broken)
    before = (store.data_version(), store.uploads().height)
    sent = b"PK\x03\x04 not really a workbook"

    result = import_file(store, sent, "hong.xlsx", TESTER, today=TODAY)

    assert result.status == "rejected"
    assert [p.message for p in result.errors] == [UNREADABLE]
    assert store.data_version() == before[0]
    assert store.uploads().height == before[1] + 1
    assert store.upload_raw(result.upload_id) == ("hong.xlsx", sent)
    assert store.audit_log(1).row(0, named=True)["action"] == "upload_rejected"


@pytest.mark.parametrize("stop", [KeyboardInterrupt, SystemExit])
def test_an_interrupt_while_reading_is_not_taken_for_a_bad_file(store, monkeypatch, stop):
    def interrupted(*args, **kwargs):
        raise stop()

    monkeypatch.setattr(ingest, "read_table", interrupted)
    before = store.uploads().height
    with pytest.raises(stop):
        import_file(store, GOOD, "f.csv", TESTER, today=TODAY)
    assert store.uploads().height == before


def test_the_command_line_logs_a_file_it_cannot_read_and_exits_1(sample_db: Path, tmp_path: Path):
    """Through the real reader: a file no reader accepts (here an empty one) is a logged refusal."""
    file = tmp_path / "trong.csv"
    file.write_bytes(b"")
    done = subprocess.run(
        [sys.executable, "-m", "metrics", "import", str(file), "--db", str(sample_db), "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 1, done.stderr
    answer = json.loads(done.stdout)
    assert answer["status"] == "rejected" and answer["upload_id"] is not None
    listed = subprocess.run(
        [sys.executable, "-m", "metrics", "uploads", "list", "--limit", "1", "--db", str(sample_db)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert listed.stdout.split("\t")[0] == str(answer["upload_id"])
    assert listed.stdout.rstrip("\n").split("\t")[-1] == "trong.csv"


@pytest.mark.duckdb_only  # older versions ran on DuckDB only (PostgreSQL's text cannot hold U+0000 anyway)
def test_the_history_shows_a_name_stored_raw_by_an_older_version_cleaned(app, monkeypatch):
    from ui import state

    monkeypatch.setattr("metrics.settings.today", lambda: TODAY)
    app.run()
    state.store().record_rejected(
        user="x", file_name="<b>a</b>\x00/..\\\u202e.csv", raw=b"x", row_count=0, error_count=1
    )
    app.switch_page("app_pages/upload.py").run()
    assert not app.exception
    shown = [str(v) for frame in app.dataframe for v in frame.value.to_numpy().ravel()]
    assert "_b_a__b__.._.csv" in shown
    assert not any("\x00" in v or "\u202e" in v for v in shown)


def test_the_page_refuses_a_file_whose_reading_fails_and_logs_it(app, monkeypatch):
    from ui import state

    def broken(*args, **kwargs):
        raise ValueError("could not convert string to float: 'nan'")  # what a NaN cell did

    monkeypatch.setattr("metrics.settings.today", lambda: TODAY)
    app.run()
    app.switch_page("app_pages/upload.py").run()
    monkeypatch.setattr(ingest, "read_table", broken)
    before = state.store().uploads().height

    app.file_uploader[0].upload("..\\hong\u202e.xlsx", b"PK\x03\x04 broken", "application/octet-stream").run()

    assert not app.exception
    assert "Tệp có 1 lỗi" in app.error[0].value
    assert list(shown_table(app.table[0].value).iloc[:, -1]) == [UNREADABLE]
    newest = state.store().uploads(1).row(0, named=True)
    assert state.store().uploads().height == before + 1
    assert (newest["status"], newest["file_name"]) == ("rejected", "_hong.xlsx")


def test_the_pages_error_table_names_the_unit_beside_row_and_column(app, monkeypatch):
    monkeypatch.setattr("metrics.settings.today", lambda: TODAY)
    app.run()
    app.switch_page("app_pages/upload.py").run()
    bad = b"unit_code,quarter,complaints\nSNV,2025-Q3,abc\nXYZ,2025-Q3,1\n"

    app.file_uploader[0].upload("sai.csv", bad, "text/csv").run()

    assert not app.exception
    table = shown_table(app.table[0].value)
    assert list(table.columns[:3]) == ["Đơn vị", "Dòng", "Cột"]
    assert [list(row[:3]) for row in table.itertuples(index=False)] == [
        ["SNV – Sở Nội vụ", "2", "Số đơn thư tiếp nhận"],
        ["", "3", "Mã đơn vị"],
    ]


PEAK = (
    "import resource, sys\n"
    "from metrics.__main__ import main\n"
    "code = main(sys.argv[1:])\n"
    "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def _sparse(path: Path, size: int) -> Path:
    """A file of `size` bytes, generated (never committed): a header, zeros, and a tail only a full read sees."""
    with path.open("wb") as handle:
        handle.write(b"unit_code,quarter,complaints\n")
        handle.seek(size - 4)
        handle.write(b"tail")
    return path


def _import_measured(file: Path, db: Path) -> tuple[dict, int]:
    """The command line's JSON answer and its peak resident memory in KB."""
    done = subprocess.run(
        [sys.executable, "-c", PEAK, "import", str(file), "--db", str(db), "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 1, done.stderr
    return json.loads(done.stdout), int(done.stderr.strip().splitlines()[-1])


def test_a_file_over_the_cap_is_kept_up_to_the_cap_with_its_full_size_and_hash_in_bounded_memory(
    sample_db: Path, tmp_path: Path
):
    from metrics import limits
    from metrics.store import Store

    just_over = _sparse(tmp_path / "vua-qua.csv", limits.MAX_FILE_BYTES + 1)
    huge = _sparse(tmp_path / "rat-lon.csv", 400 * 2**20)
    small_answer, small_peak = _import_measured(just_over, sample_db)
    answer, peak = _import_measured(huge, sample_db)
    assert answer["errors"][0]["message"] == (
        "Tệp lớn hơn 20 MB, giới hạn một lần tải lên. Hãy chia thành nhiều tệp nhỏ hơn."
    )
    # Reading 400 MB whole would show here; what is held is bounded by the cap, not by the file.
    assert peak - small_peak < 64 * 1024
    store = Store(sample_db, read_only=True)
    try:
        log = store.uploads(2).sort("upload_id")
        assert log["upload_id"].to_list() == [small_answer["upload_id"], answer["upload_id"]]
        assert log["status"].to_list() == ["rejected", "rejected"]
        assert log["file_bytes"].to_list() == [20 * 2**20 + 1, 400 * 2**20]
        assert log["file_name"].to_list() == ["vua-qua.csv", "rat-lon.csv"]
        for row, file in zip(log.iter_rows(named=True), (just_over, huge), strict=True):
            digest = hashlib.sha256()
            with file.open("rb") as handle:
                while chunk := handle.read(2**20):
                    digest.update(chunk)
            assert row["sha256"] == digest.hexdigest()  # of the whole file, its tail included
            name, kept = store.upload_raw(row["upload_id"])
            assert (name, len(kept)) == (file.name, 20 * 2**20)
            with file.open("rb") as handle:
                assert kept == handle.read(20 * 2**20)
    finally:
        store.close()
