"""The presentation: slides from the core, agendas, advancing, keys, live data; AppTest."""

import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from metrics import auth, overview, slides
from metrics.ingest import import_file
from tests.conftest import TESTER

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def shown(at: AppTest) -> str:
    return next(h.proto.body for h in at.get("html") if 'class="slide"' in h.proto.body)


def open_presentation(at: AppTest, **params: str) -> AppTest:
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page("app_pages/presentation.py").run()
    assert not at.exception, at.exception
    return at


def test_the_default_agenda_starts_with_the_province_tiles_and_shows_the_quarter(app):
    open_presentation(app, quarter="2025-Q3")
    slide = shown(app)
    assert 'data-slide="1/10"' in slide
    assert "Quý III/2025" in slide and "Tỷ lệ hồ sơ TTHC tiếp nhận trực tuyến" in slide


def test_keys_move_and_pause_and_time_advances(app):
    open_presentation(app, interval="30")
    app.button(key="slide_next").click().run()
    assert 'data-slide="2/10"' in shown(app)
    app.button(key="slide_page_up").click().run()
    assert 'data-slide="1/10"' in shown(app)
    app.session_state["slide_since"] = time.monotonic() - 31  # the interval has passed
    app.run()
    assert 'data-slide="2/10"' in shown(app)
    app.button(key="slide_pause").click().run()
    app.session_state["slide_since"] = time.monotonic() - 120
    app.run()
    assert 'data-slide="2/10 · tạm dừng"' in shown(app)


def test_escape_leaves_the_presentation_for_a_signed_in_person(app):
    open_presentation(app)
    app.button(key="slide_exit").click().run()
    assert not app.exception
    assert app.title[0].value.startswith("Tổng quan toàn tỉnh")


def test_the_slide_number_in_the_url_resumes_after_a_restart(app):
    open_presentation(app, slide="9")
    assert 'data-slide="9/10"' in shown(app)
    assert "Đơn vị cần chú ý" in shown(app)


def test_a_saved_agenda_is_shown_in_its_order(app, sample_db):
    from metrics.store import Store

    store = Store(sample_db)
    slides.save_agenda(store, TESTER, "hop-quy-3", ["ranking:overdue_tasks", "unit:SXD"])
    with pytest.raises(auth.PermissionDenied):
        slides.save_agenda(store, auth.load_user(store, "lanhdao"), "x", ["tiles"])
    store.close()
    open_presentation(app, agenda="hop-quy-3")
    assert 'data-slide="1/2"' in shown(app) and "Số nhiệm vụ quá hạn" in shown(app)
    app.button(key="slide_next").click().run()
    assert "Sở Xây dựng" in shown(app)


def test_new_data_appears_without_leaving_the_current_slide(app):
    open_presentation(app, quarter="2025-Q4", interval="600")
    from ui import state

    before = overview.tiles(
        state.store().values("2025-Q1", "2025-Q4"), state.store().indicators(), state.store().units(), "2025-Q4"
    )
    complaints = next(t for t in before if t.indicator.code == "complaints").value
    text = "Mã đơn vị,Kỳ báo cáo,Số đơn thư tiếp nhận,Số đơn thư đã giải quyết\nSNV,Quý IV/2025,900,900\n"
    snv = state.store().values("2025-Q4", "2025-Q4", ["complaints"], ["SNV"])["value"][0]
    assert import_file(state.store(), text.encode(), "live.csv", TESTER).status == "committed"
    app.run()  # what the fragment's timer does every few seconds
    expected = f"{int(complaints - snv + 900):,}".replace(",", ".")
    assert expected in shown(app) and 'data-slide="1/10"' in shown(app)


def test_slides_escape_every_text_from_data():
    from metrics.catalogue import Indicator, Unit
    from metrics.overview import Attention, Reason

    evil = Unit("X1", "<img src=x onerror=alert(1)>", None, "commune", None, None, None, None)
    named = Indicator("x", "<script>alert(2)</script>", "x", "%", "%", "ratio", "higher", "a", "b", 90.0, None, 1)
    body = slides.attention_body([Attention(evil, (Reason("below", named, 50.0, 1),), 1.0, "2025-Q4")], "vi")
    assert "<img" not in body and "<script" not in body and "&lt;img src=x" in body
    assert "<h1>&lt;b&gt;</h1>" in slides.frame("<b>", "", "Q", "1/1")
