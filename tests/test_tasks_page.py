"""AppTest of the Tasks page and the unit page's task section, on the sample province."""

from __future__ import annotations

import csv
import io
from datetime import date

import polars as pl
import pytest

from metrics import exports
from metrics.task_import import tasks_at
from tests.conftest import sign_in

# The AppTest suite runs on both engines: the pages read and write through the same store contract.
pytestmark = pytest.mark.both_engines


def open_tasks(app, **params: str):
    for key, value in params.items():
        app.query_params[key] = value
    app.run()
    app.switch_page("app_pages/tasks.py").run()
    assert not app.exception, app.exception
    return app


def store_of():
    from ui import state

    return state.store()


def test_overdue_tasks_at_a_month_end_come_first_longest_first(app):
    open_tasks(app, task_at="2025-12-31")
    assert app.title[0].value.startswith("Nhiệm vụ do UBND tỉnh")
    metrics = {m.label: m.value for m in app.metric}
    overdue = app.dataframe[0].value
    assert int(metrics["Quá hạn"]) == len(overdue) > 10
    days = list(overdue["Số ngày quá hạn"])
    assert days == sorted(days, reverse=True)
    assert min(days) > 0 and "Tình trạng" not in overdue.columns  # every row is overdue: no status column
    # Against the command line's rule: the same tasks, the same days.
    expected = tasks_at(store_of(), date(2025, 12, 31), status="overdue")
    assert list(overdue["Mã nhiệm vụ"]) == expected["task_id"].to_list()


def test_a_month_end_that_is_not_a_quarter_end_and_a_unit_filter(app):
    open_tasks(app, task_at="2025-08-31", task_unit="SXD", task_status="overdue")
    table = app.dataframe[0].value
    assert set(table["Đơn vị chủ trì"]) == {"Sở Xây dựng"}
    expected = tasks_at(store_of(), date(2025, 8, 31), unit="SXD", status="overdue")
    assert list(table["Mã nhiệm vụ"]) == expected["task_id"].to_list()
    assert app.caption[0].value.startswith("Tình trạng tại ngày 31/08/2025")


def test_text_and_assigner_filters_narrow_the_list(app):
    open_tasks(app, task_at="2025-12-31")
    app.text_input(key="task_text").input("TB-UBND").run()
    listed = app.dataframe[-1].value
    assert len(listed) > 0 and all(
        "TB-UBND" in d or "TB-UBND" in s for d, s in zip(listed["Văn bản"], listed["Trích yếu"], strict=True)
    )
    app.selectbox(key="task_assigner").select("Chủ tịch UBND tỉnh").run()
    assert set(app.dataframe[-1].value["Người giao"]) == {"Chủ tịch UBND tỉnh"}


def test_the_export_rows_are_formula_safe():
    from ui.tasks import _rows

    frame = pl.DataFrame(
        {"task_id": ["=1+1"], "document": ["@SUM(A1)"], "document_date": [date(2025, 1, 2)], "summary": ["-2"],
         "lead_unit": ["SXD"], "assigned_by": ["+X"], "deadline": [None], "extended_to": [None],
         "completed_on": [None], "status": ["in_progress"], "days_overdue": [0], "meeting_id": [None]},
        schema_overrides={"deadline": pl.Date, "extended_to": pl.Date, "completed_on": pl.Date, "meeting_id": pl.Int64},
    )  # fmt: skip
    header, rows = _rows(frame, [], "vi")
    text = exports.to_csv(header, rows).decode("utf-8-sig")
    cells = next(csv.reader(io.StringIO(text.splitlines()[1])))
    assert cells[:4] == ["'=1+1", "'@SUM(A1)", "02/01/2025", "'-2"]
    assert (cells[5], cells[6]) == ("'+X", "Thường xuyên")


def test_the_import_box_previews_changes_and_writes_them(app):
    open_tasks(app, task_at="2025-12-31")
    store = store_of()
    task = store.tasks().filter(pl.col("completed_on").is_null() & pl.col("deadline").is_not_null()).row(0, named=True)
    header = 'Mã nhiệm vụ,"Số, ký hiệu văn bản",Ngày văn bản,Trích yếu nội dung nhiệm vụ,Đơn vị chủ trì,Hạn hoàn thành,Ngày hoàn thành\n'
    row = (
        f"{task['task_id']},{task['document']},{task['document_date']:%d/%m/%Y},"
        f'"{task["summary"]}",{task["lead_unit"]},{task["deadline"]:%d/%m/%Y},{task["deadline"]:%d/%m/%Y}\n'
    )
    app.file_uploader[0].upload("so-nhiem-vu.csv", (header + row).encode(), "text/csv").run()
    assert not app.exception
    changes = {m.label: m.value for m in app.metric}
    assert (changes["Hoàn thành"], changes["Mới"]) == ("1", "0")
    commit = next(b for b in app.button if b.label == "Ghi 1 nhiệm vụ vào sổ")
    commit.click().run()
    assert not app.exception
    assert any("Đã ghi sổ nhiệm vụ" in s.value for s in app.success)
    assert store.tasks().filter(pl.col("task_id") == task["task_id"])["completed_on"][0] == task["deadline"]
    assert store.task_versions(task["task_id"]).height == 2


def test_a_bad_register_lists_its_errors_and_writes_nothing(app):
    open_tasks(app)
    version = store_of().data_version()
    app.file_uploader[0].upload("x.csv", b"task_id,lead_unit,document\nA,XYZ,1\n", "text/csv").run()
    assert not app.exception
    assert "lỗi" in app.error[0].value
    table = app.table[0].value
    assert list(table["Cột"]) == ["Ngày văn bản", "Trích yếu nội dung nhiệm vụ"]  # the missing columns
    assert store_of().data_version() == version


def test_viewers_see_the_tasks_but_no_import_box(fresh_app):
    app = open_tasks(sign_in(fresh_app, "lanhdao"))
    assert app.dataframe and not app.file_uploader


def test_the_unit_page_lists_the_units_open_tasks_with_a_link_to_all(app):
    app.query_params["unit"] = "SXD"
    app.query_params["quarter"] = "2025-Q4"
    app.run()
    app.switch_page("app_pages/unit.py").run()
    assert not app.exception
    assert any(h.value == "Nhiệm vụ do đơn vị chủ trì" for h in app.header)
    summary = next(m.value for m in app.markdown if m.value.startswith("Tại ngày 31/12/2025"))
    expected = tasks_at(store_of(), date(2025, 12, 31), unit="SXD", status="overdue").height
    assert f"{expected} quá hạn" in summary


def test_the_attention_lists_overdue_reason_opens_that_units_overdue_tasks(app):
    app.query_params["quarter"] = "2025-Q4"
    app.run()
    assert not app.exception
    links = [link for link in app.get("page_link") if link.proto.label == "Xem nhiệm vụ quá hạn"]
    assert links, "a unit listed for overdue tasks links to them"
    params = dict(pair.split("=") for pair in links[0].proto.query_string.split("&"))
    assert params["task_status"] == "overdue" and params["quarter"] == "2025-Q4"
    open_tasks(app, task_unit=params["task_unit"], task_status="overdue")
    table = app.dataframe[0].value
    expected = tasks_at(store_of(), date(2025, 12, 31), unit=params["task_unit"], status="overdue")
    assert list(table["Mã nhiệm vụ"]) == expected["task_id"].to_list() and len(table) > 0


def test_the_english_interface_explains_a_bad_register_in_english(app):
    open_tasks(app)
    next(w for w in app.sidebar.button_group if w.key == "lang").set_value("en").run()
    header = (
        'Mã nhiệm vụ,"Số, ký hiệu văn bản",Ngày văn bản,Trích yếu nội dung nhiệm vụ,Đơn vị chủ trì,Hạn hoàn thành\n'
    )
    rows = "T-1,12/UBND,31/02/2025,Báo cáo,SNV,30/06/2025\nT-2,13/UBND,01/03/2025,Báo cáo,XYZ,28/02/2025\n"
    app.file_uploader[0].upload("x.csv", (header + rows).encode(), "text/csv").run()
    assert not app.exception
    fixes = [text.replace("\\", "") for text in app.table[0].value.iloc[:, -1]]  # the table escapes Markdown
    assert fixes == [
        "'31/02/2025' is not a date. Write the date as 31/03/2025 (day/month/year).",
        "The unit code 'XYZ' is not in the list of units. Check the code.",
        "The deadline 28/02/2025 is before the document's date 01/03/2025.",
    ]
