"""AppTest of the Meetings page: conclusions, the previous meeting's, a conclusion entered as a task, the brief."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from tests.conftest import shown, sign_in

# The AppTest suite runs on both engines: the pages read and write through the same store contract.
pytestmark = pytest.mark.both_engines


def open_meetings(app, **params: str):
    for key, value in params.items():
        app.query_params[key] = value
    app.run()
    app.switch_page("app_pages/meetings.py").run()
    assert not app.exception, app.exception
    return app


def store_of():
    from ui import state

    return state.store()


def test_the_newest_meeting_shows_its_conclusions_and_the_previous_ones(app):
    open_meetings(app)
    assert shown(app.header[0].value) == "Phiên họp UBND tỉnh thường kỳ tháng 10/2025"
    own, previous = app.dataframe[0].value, app.dataframe[1].value
    assert len(own) == 5 and list(own["Mã nhiệm vụ"]) == [f"KL002-0{i}" for i in range(1, 6)]
    assert len(previous) == 5 and previous["Mã nhiệm vụ"].iloc[0] == "KL001-01"
    # On the October meeting's day, the July meeting's SXD conclusion (due 31/08/2025) was 44 days overdue.
    first = previous.iloc[0]
    assert first["Tình trạng"] == "Quá hạn" and first["Số ngày quá hạn"] == 44
    assert {b.label for b in app.get("download_button")} >= {"Tải báo cáo (Word)", "Tải báo cáo (PDF)"}


def test_a_conclusion_entered_on_the_page_becomes_a_task_of_the_meeting(app):
    open_meetings(app, meeting="2")
    app.text_area(key="conclusion_text").input("Báo cáo phương án cấp nước sinh hoạt mùa khô")
    app.selectbox(key="conclusion_unit").select("SXD")
    app.date_input(key="conclusion_deadline").set_value(date(2026, 3, 31))
    next(b for b in app.button if b.label == "Ghi kết luận vào sổ nhiệm vụ").click().run()
    assert not app.exception
    assert any("KL002-06" in s.value for s in app.success)
    task = store_of().tasks().filter(pl.col("task_id") == "KL002-06").row(0, named=True)
    assert (task["lead_unit"], task["meeting_id"], task["deadline"]) == ("SXD", 2, date(2026, 3, 31))
    assert task["assigned_by"] == "Chủ tịch UBND tỉnh"
    assert "KL002-06" in list(app.dataframe[0].value["Mã nhiệm vụ"])


def test_a_conclusion_without_text_is_refused_with_the_reason(app):
    open_meetings(app, meeting="2")
    app.selectbox(key="conclusion_unit").select("SXD")
    next(b for b in app.button if b.label == "Ghi kết luận vào sổ nhiệm vụ").click().run()
    assert not app.exception
    assert any("Trích yếu" in e.value for e in app.error)
    assert store_of().tasks().filter(pl.col("meeting_id") == 2).height == 5


def test_an_admin_creates_a_meeting(app):
    open_meetings(app)
    app.text_input(key="meeting_title").input("Phiên họp giao ban tháng 1/2026")
    app.date_input(key="meeting_date").set_value(date(2026, 1, 8))
    next(b for b in app.button if b.label == "Tạo phiên họp").click().run()
    assert not app.exception
    assert shown(app.header[0].value) == "Phiên họp giao ban tháng 1/2026"
    assert store_of().meetings().height == 3


def test_viewers_read_meetings_but_get_no_forms(fresh_app):
    app = open_meetings(sign_in(fresh_app, "lanhdao"))
    assert app.dataframe and not [b for b in app.button if b.label in ("Ghi kết luận vào sổ nhiệm vụ", "Tạo phiên họp")]
