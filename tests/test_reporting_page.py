"""AppTest of the reporting page and the overview's reporting line."""

from datetime import date

import pytest

from tests.conftest import shown, sign_in

# The AppTest suite runs on both engines: the pages read and write through the same store contract.
pytestmark = pytest.mark.both_engines


@pytest.fixture
def on_day(monkeypatch):
    """The app as on 20 January 2026: Quý IV/2025 is being collected, due on the 15th."""
    monkeypatch.setattr("metrics.settings.today", lambda: date(2026, 1, 20))


def test_the_reporting_page_lists_the_late_first_and_exports_them(app, on_day):
    app.run()
    app.switch_page("app_pages/reporting.py").run()
    assert not app.exception, app.exception
    assert app.selectbox(key="reporting_quarter").value == "2025-Q4"
    assert (
        shown(app.subheader[0].value)
        == "49/49 đơn vị đã báo cáo Quý IV/2025; 0 chưa báo cáo, hạn 15/01/2026; 3 báo cáo trễ hạn"
    )
    table = app.dataframe[0].value
    assert table.iloc[0].tolist() == ["10017", "Xã Phong Phú", "Trễ hạn", "09:30 22/01/2026", "sample", "7"]
    assert table.iloc[3]["Tình trạng"] == "Đúng hạn"
    assert {b.label for b in app.get("download_button")} >= {"Xuất CSV", "Xuất Excel"}


def test_a_quarter_nobody_reported_lists_every_unit_missing_and_an_admin_moves_its_due_day(app, on_day):
    app.run()
    app.switch_page("app_pages/reporting.py").run()
    app.selectbox(key="reporting_quarter").select("2025-Q3").run()
    app.date_input(key="due_2025-Q3").set_value(date(2025, 10, 25))
    next(b for b in app.button if b.label == "Lưu hạn báo cáo").click().run()
    assert not app.exception, app.exception
    assert any("Đã lưu hạn báo cáo Quý III/2025: 25/10/2025." in s.value for s in app.success)
    assert (
        shown(app.subheader[0].value) == "49/49 đơn vị đã báo cáo Quý III/2025; 0 chưa báo cáo, hạn 25/10/2025"
    )  # the three late ones now on time


def test_a_viewer_sees_the_list_but_cannot_set_a_due_day(fresh_app, on_day):
    at = sign_in(fresh_app, "lanhdao")
    at.run()
    at.switch_page("app_pages/reporting.py").run()
    assert not at.exception, at.exception
    assert at.dataframe and not [b for b in at.button if b.label == "Lưu hạn báo cáo"]


def test_the_overview_counts_who_has_reported_the_quarter_being_collected(app, on_day):
    app.run()
    links = [shown(link.proto.label) for link in app.get("page_link")]
    assert "49/49 đơn vị đã báo cáo Quý IV/2025; 0 chưa báo cáo, hạn 15/01/2026; 3 báo cáo trễ hạn" in links


def test_the_upload_template_offers_the_quarter_being_collected_first_and_none_unfinished(app, on_day):
    app.run()
    app.switch_page("app_pages/upload.py").run()
    choice = app.selectbox(key="template_quarter")
    assert choice.value == "2025-Q4"
    assert "2026-Q1" not in choice.options and "Quý I/2026" not in choice.options
