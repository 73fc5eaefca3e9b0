"""AppTest of the upload page: template, errors, preview, commit, history, rollback."""

from datetime import date
from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from metrics import escape, fmt
from metrics.store import Store
from tests.conftest import TESTER

# The AppTest suite runs on both engines: the pages read and write through the same store contract.
pytestmark = pytest.mark.both_engines

APP = str(Path(__file__).resolve().parent.parent / "app.py")
HEADER = "Mã đơn vị,Kỳ báo cáo,Số đơn thư tiếp nhận\n"


@pytest.fixture
def app(app, monkeypatch):
    """Signed in as the admin test account, on the upload page."""
    monkeypatch.setattr("metrics.settings.today", lambda: date(2026, 1, 15))
    app.run()
    return app.switch_page("app_pages/upload.py").run()


def store_of(at: AppTest) -> Store:
    from ui import state

    return state.store()


def upload(at: AppTest, text: str, name: str = "quy.csv") -> AppTest:
    return at.file_uploader[0].upload(name, text.encode(), "text/csv").run()


def test_templates_are_offered_in_both_formats(app):
    labels = [b.label for b in app.get("download_button")]
    assert "Tải mẫu Excel" in labels and "Tải mẫu CSV" in labels


def test_a_bad_file_lists_every_error_by_row_and_writes_nothing(app):
    version = store_of(app).data_version()
    upload(app, HEADER + "XYZ,2025-Q3,1\nSNV,2025-Q3,-2\n")
    assert not app.exception
    assert "Tệp có 2 lỗi" in app.error[0].value
    table = app.table[0].value
    assert list(table["Dòng"]) == [2, 3]
    assert list(table["Cột"]) == ["Mã đơn vị", "Số đơn thư tiếp nhận"]
    assert store_of(app).data_version() == version
    assert not [b for b in app.button if b.label.startswith("Ghi ")]


def test_preview_then_commit_then_the_overview_shows_the_new_figure(app):
    store = store_of(app)
    before = store.values("2025-Q4", "2025-Q4", ["complaints"])
    old_total = before["value"].sum()
    old_snv = before.filter(pl.col("unit_code") == "SNV")["value"][0]
    upload(app, HEADER + f"SNV,Quý IV/2025,{int(old_snv) + 40}\n")
    assert not app.exception
    assert [m.value for m in app.metric[:3]] == ["0", "1", "0"]  # new, changed, unchanged
    preview = app.dataframe[0].value
    assert list(preview["Giá trị đang lưu"]) == [fmt.number(old_snv)]
    province = app.dataframe[1].value
    assert list(province["Sau"]) == [fmt.number(old_total + 40)]
    commit = next(b for b in app.button if b.label.startswith("Ghi 1 giá trị"))
    commit.click().run()
    assert not app.exception
    assert "Đã ghi lần tải lên số" in app.success[0].value
    app.switch_page("app_pages/overview.py").run()
    overdue = next(m for m in app.metric if m.value == fmt.number(old_total + 40))
    assert overdue is not None


def test_the_same_file_again_says_nothing_would_change(app):
    text = HEADER + "SNV,Quý IV/2025,33\n"
    upload(app, text)
    next(b for b in app.button if b.label.startswith("Ghi ")).click().run()
    upload(app, text, "again.csv")
    assert any("không có gì thay đổi" in s.value for s in app.success)
    assert not [b for b in app.button if b.label.startswith("Ghi ")]


def test_history_rolls_back_an_upload(app):
    store = store_of(app)
    original = store.values("2025-Q4", "2025-Q4", ["complaints"], ["SNV"])["value"][0]
    upload(app, HEADER + "SNV,Quý IV/2025,99\n")
    next(b for b in app.button if b.label.startswith("Ghi ")).click().run()
    newest = int(store.uploads()["upload_id"][0])
    app.selectbox(key="history_upload").select(newest).run()
    app.checkbox(key=f"rollback_sure_{newest}").check().run()
    next(b for b in app.button if b.label == f"Hoàn tác lần tải lên số {newest}").click().run()
    assert not app.exception
    assert any("Đã hoàn tác" in s.value for s in app.success)
    assert store.values("2025-Q4", "2025-Q4", ["complaints"], ["SNV"])["value"][0] == original
    when = store.uploads().filter(pl.col("upload_id") == newest)["rolled_back_at"][0]
    history = app.dataframe[-1].value
    shown = history.loc[history.iloc[:, 0] == newest].iloc[0].tolist()
    assert f"Đã hoàn tác ({TESTER.username}, {fmt.moment(when)})" in shown


def test_an_open_session_shows_a_commit_made_elsewhere_on_its_next_rerun(app):
    app.switch_page("app_pages/overview.py").run()
    store = store_of(app)
    before = store.values("2025-Q4", "2025-Q4", ["complaints"])["value"].sum()
    from metrics.ingest import import_file

    text = "Mã đơn vị,Kỳ báo cáo,Số đơn thư tiếp nhận,Số đơn thư đã giải quyết\nSNV,Quý IV/2025,5000,4000\n"
    snv = store.values("2025-Q4", "2025-Q4", ["complaints"], ["SNV"])["value"][0]
    assert import_file(store, text.encode(), "elsewhere.csv", TESTER).status == "committed"
    app.run()  # no restart, no cache clearing: the data version moved
    assert fmt.number(before - snv + 5000) in [m.value for m in app.metric]


def test_a_file_over_the_size_cap_is_refused_on_the_server(app, monkeypatch):
    monkeypatch.setattr("ui.upload.MAX_UPLOAD_BYTES", 100)
    text = HEADER + "SNV,Quý IV/2025,1\n" * 20
    upload(app, text, "qua-lon.csv")
    assert app.error[0].value == "Tệp lớn hơn 0 MB. Hãy chia thành nhiều tệp nhỏ hơn."
    logged = store_of(app).uploads(1).row(0, named=True)  # kept as any refused file
    assert (logged["status"], logged["file_name"], logged["file_bytes"]) == (
        "rejected",
        "qua-lon.csv",
        len(text.encode()),
    )
    assert store_of(app).upload_raw(logged["upload_id"]) == ("qua-lon.csv", text.encode())


def test_a_value_far_above_the_units_past_is_questioned_in_the_preview_but_may_be_written(app):
    dossiers = "Mã đơn vị,Kỳ báo cáo,Số hồ sơ tiếp nhận trực tuyến,Tổng số hồ sơ tiếp nhận\n"
    upload(app, dossiers + 'SNV,Quý IV/2025,2.027,"2.326.000"\n')
    assert not app.exception
    assert "1 giá trị lớn bất thường" in app.warning[0].value
    assert any("Có phải là 2.326?" in t.value for t in app.text)
    assert [b for b in app.button if b.label.startswith("Ghi 1 giá trị")]


@pytest.fixture
def checks(monkeypatch) -> list[int]:
    """Every time a file is read and checked (metrics.ingest.check_file), a mark."""
    from metrics import ingest

    marks: list[int] = []
    real = ingest.check_file

    def counted(*args, **kwargs):
        marks.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr("metrics.ingest.check_file", counted)
    return marks


def snv_complaints(at: AppTest) -> float:
    return store_of(at).values("2025-Q4", "2025-Q4", ["complaints"], ["SNV"])["value"][0]


def test_a_file_is_checked_once_and_the_commit_writes_what_was_checked(app, checks):
    upload(app, HEADER + "SNV,Quý IV/2025,61\n")
    app.run()  # reading the preview
    assert len(checks) == 1
    next(b for b in app.button if b.label.startswith("Ghi 1 giá trị")).click().run()
    assert not app.exception
    assert "Đã ghi lần tải lên số" in app.success[0].value
    assert snv_complaints(app) == 61
    assert len(checks) == 1


def test_a_commit_elsewhere_after_the_preview_is_refused_and_the_file_checked_again(app, checks):
    from metrics.ingest import import_file

    upload(app, HEADER + "SNV,Quý IV/2025,61\n")
    commit = next(b for b in app.button if b.label.startswith("Ghi 1 giá trị"))
    elsewhere = import_file(store_of(app), (HEADER + "SNV,Quý IV/2025,62\n").encode(), "elsewhere.csv", TESTER)
    assert elsewhere.status == "committed"
    uploads = store_of(app).uploads().height
    checks.clear()
    commit.click().run()
    assert not app.exception
    assert app.error[0].value == escape.markdown(  # shown as written, no markdown
        "Số liệu đã thay đổi sau khi tệp được kiểm tra (vừa có một lần ghi khác), nên tệp chưa được ghi. "
        "Tệp đã được kiểm tra lại với số liệu mới: hãy xem lại phần thay đổi rồi bấm Ghi lần nữa."
    )
    assert snv_complaints(app) == 62
    assert store_of(app).uploads().height == uploads
    assert len(checks) == 1  # checked again, against the new figures
    assert list(app.dataframe[0].value["Giá trị đang lưu"]) == [fmt.number(62)]
    next(b for b in app.button if b.label.startswith("Ghi 1 giá trị")).click().run()
    assert not app.exception
    assert "Đã ghi lần tải lên số" in app.success[0].value
    assert not app.error
    assert snv_complaints(app) == 61
    assert len(checks) == 1


def test_a_refused_file_is_logged_once_however_often_the_page_reruns(app, checks):
    uploads = store_of(app).uploads().height
    upload(app, HEADER + "XYZ,Quý IV/2025,1\n", "sai.csv")
    app.run()
    assert "Tệp có 1 lỗi" in app.error[0].value
    log = store_of(app).uploads()
    assert log.height == uploads + 1
    assert (log["file_name"][0], log["status"][0]) == ("sai.csv", "rejected")
    assert len(checks) == 1


def test_an_ods_saved_by_libreoffice_is_previewed_like_an_xlsx(app):
    from metrics.settings import SAMPLE_DIR

    data = (SAMPLE_DIR / "office" / "template.ods").read_bytes()
    app.file_uploader[0].upload("quy.ods", data, "application/vnd.oasis.opendocument.spreadsheet").run()
    assert not app.exception and not app.error
    assert app.info[0].value == "Tệp hợp lệ: 49 dòng, dạng ngang (mỗi đơn vị một dòng)."


def test_a_damaged_xls_is_explained_in_the_interfaces_language(app):
    from metrics.settings import SAMPLE_DIR

    next(w for w in app.sidebar.button_group if w.key == "lang").set_value("en").run()
    data = (SAMPLE_DIR / "awkward" / "broken.xls").read_bytes()
    app.file_uploader[0].upload("quy.xls", data, "application/vnd.ms-excel").run()
    assert not app.exception
    fix = list(app.table[0].value.iloc[:, -1])
    assert len(fix) == 1 and fix[0].replace("\\", "").startswith(
        "The Excel 97-2003 (.xls) file is damaged or unreadable (compound file). Open it again"
    )  # the table shows text as it is: Markdown escaped


def test_the_history_says_when_a_refused_file_is_kept_cut_with_the_hash_of_all_of_it(app):
    store = store_of(app)
    upload_id = store.record_rejected(
        user="tester", file_name="rat-lon.csv", raw=b"a" * 2**20, row_count=0, error_count=1,
        file_bytes=400 * 2**20, sha256="ab" * 32,
    )  # fmt: skip
    app.run()
    app.selectbox(key="history_upload").select(upload_id).run()
    assert not app.exception
    assert [c.value for c in app.caption if c.value.startswith("Tệp gốc")] == [
        f"Tệp gốc nặng 400,0 MB nên chỉ lưu 1,0 MB đầu tiên. Mã SHA-256 của cả tệp: {'ab' * 32}."
    ]


def test_the_english_interface_explains_each_bad_row_in_english(app):
    version = store_of(app).data_version()
    next(w for w in app.sidebar.button_group if w.key == "lang").set_value("en").run()
    upload(app, HEADER + 'XYZ,2025-Q3,1\nSNV,2025-Q3,abc\nSTP,2025-Q3,-2\nSYT,2025-Q3,"3,5"\nSXD,2025-Q3,12345678901\n')
    assert not app.exception
    table = app.table[0].value
    assert list(table.iloc[:, 1]) == [2, 3, 4, 5, 6]
    assert [unit.replace("\\", "") for unit in table.iloc[:2, 0]] == ["", "SNV – Department of Home Affairs"]
    fixes = [text.replace("\\", "") for text in table.iloc[:, -1]]  # the table shows text Markdown-escaped
    assert fixes == [
        "The unit code 'XYZ' is not in the list of units. Check the code.",
        "'abc' is not a number. Type a whole number, for example 6.824 or 6824 (a dot groups thousands).",
        "Complaints and petitions received cannot be negative. Type a number of 0 or more.",
        "'3,5' is not a whole number: Complaints and petitions received is a count and has no decimals. "
        "Type the whole number as counted, for example 3 or 6.824 (not 3,5).",
        "'12345678901' is too large: Complaints and petitions received is at most 1,000,000,000. "
        "Check this number (a digit typed twice?).",
    ]
    assert store_of(app).data_version() == version


def test_a_suspicious_value_is_questioned_in_english_with_english_numbers(app):
    next(w for w in app.sidebar.button_group if w.key == "lang").set_value("en").run()
    dossiers = "Mã đơn vị,Kỳ báo cáo,Số hồ sơ tiếp nhận trực tuyến,Tổng số hồ sơ tiếp nhận\n"
    upload(app, dossiers + 'SNV,Quý IV/2025,2.027,"2.326.000"\n')
    assert not app.exception
    warned = [t.value for t in app.text if "Did you mean" in t.value]
    assert warned == [
        "row 2, column Dossiers received: Dossiers received of SNV (Q4 2025) is 2,326,000, more than 100 times "
        "the unit's highest stored figure (2,326). Did you mean 2,326? Check it before saving."
    ]
