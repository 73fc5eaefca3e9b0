"""The presentation: slides from the core, agendas, advancing, keys, live data; AppTest."""

import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from metrics import auth, overview, slides
from metrics.ingest import import_file
from tests.conftest import TESTER

# The AppTest suite runs on both engines: the pages read and write through the same store contract.
pytestmark = pytest.mark.both_engines

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


def test_the_default_agenda_opens_with_the_province_the_meeting_and_the_quarter_then_the_tiles(app):
    open_presentation(app, quarter="2025-Q3")
    slide = shown(app)
    assert 'data-slide="1/22"' in slide
    assert '<div class="province">Tỉnh An Sơn</div>' in slide and "Phiên họp giao ban" in slide
    assert '<div class="when">Quý III/2025</div>' in slide
    app.button(key="slide_next").click().run()
    assert "Tỷ lệ hồ sơ TTHC tiếp nhận trực tuyến" in shown(app) and 'data-slide="2/22"' in shown(app)


def test_keys_move_and_pause_and_time_advances(app):
    open_presentation(app, interval="30")
    app.button(key="slide_next").click().run()
    assert 'data-slide="2/21"' in shown(app)
    app.button(key="slide_page_up").click().run()
    assert 'data-slide="1/21"' in shown(app)
    app.session_state["slide_since"] = time.monotonic() - 31  # the interval has passed
    app.run()
    assert 'data-slide="2/21"' in shown(app)
    app.button(key="slide_pause").click().run()
    app.session_state["slide_since"] = time.monotonic() - 120
    app.run()
    assert 'data-slide="2/21 · tạm dừng"' in shown(app)


def test_escape_leaves_the_presentation_for_a_signed_in_person(app):
    open_presentation(app)
    app.button(key="slide_exit").click().run()
    assert not app.exception
    assert app.title[0].value.startswith("Tổng quan toàn tỉnh")


def test_the_slide_number_in_the_url_resumes_after_a_restart(app):
    open_presentation(app, slide="17")
    assert 'data-slide="17/21"' in shown(app)
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
    open_presentation(app, quarter="2025-Q4", interval="600", slide="2")
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
    assert expected in shown(app) and 'data-slide="2/21"' in shown(app)


def test_slides_escape_every_text_from_data():
    from metrics.catalogue import Indicator, Unit
    from metrics.overview import Attention, Reason

    evil = Unit("X1", "<img src=x onerror=alert(1)>", None, "commune", None, None, None, None)
    named = Indicator("x", "<script>alert(2)</script>", "x", "%", "%", "ratio", "higher", "a", "b", 90.0, None, 1)
    body = slides.attention_body([Attention(evil, (Reason("below", named, 50.0, 1),), 1.0, "2025-Q4")], "vi")
    assert "<img" not in body and "<script" not in body and "&lt;img src=x" in body
    assert "<h1>&lt;b&gt;</h1>" in slides.frame("<b>", "", "Q", "1/1")


def test_a_slide_keeps_two_reasons_from_the_figures_and_always_the_missing_report():
    from datetime import date

    from metrics.catalogue import Indicator, Unit
    from metrics.overview import Attention, Reason

    unit = Unit("X1", "Xã Một", None, "commune", None, None, None, None)
    rate = Indicator("rate", "Tỷ lệ A", "Rate A", "%", "%", "ratio", "higher", "a", "b", 90.0, None, 1)
    other = Indicator("other", "Tỷ lệ B", "Rate B", "%", "%", "ratio", "higher", "c", "d", 90.0, None, 1)
    why = (
        Reason("below", rate, 50.0, 1),
        Reason("below", other, 60.0, 1),
        Reason("worse", rate, 3.0, 0),
        Reason("unreported", None, 0.0, 0, date(2026, 1, 15)),
    )
    body = slides.attention_body([Attention(unit, why, 3.0, "2025-Q4")], "vi")
    assert "Tỷ lệ A 50,0 %" in body and "Tỷ lệ B 60,0 %" in body
    assert "giảm" not in body  # the third reason from the figures stays off the slide
    assert body.endswith("; Chưa báo cáo Quý IV/2025, hạn 15/01/2026</div></div></div>")


def test_an_attention_slide_takes_the_units_whose_reasons_fit_and_cuts_none():
    from metrics.catalogue import Indicator, Unit
    from metrics.overview import Attention, Reason

    rate = Indicator("rate", "Tỷ lệ hồ sơ giải quyết đúng hạn, trước hạn", "Rate", "%", "%", "ratio", "higher",
                     "a", "b", 95.0, None, 2)  # fmt: skip
    other = Indicator("other", "Tỷ lệ văn bản điện tử được ký số", "Other", "%", "%", "ratio", "higher",
                      "c", "d", 90.0, None, 2)  # fmt: skip

    def unit(n: int, *why: Reason) -> Attention:
        return Attention(Unit(f"X{n}", f"Xã Số {n}", None, "commune", None, None, None, None), why, 1.0, "2025-Q4")

    worse, below = Reason("worse", rate, 1.96, 0), (Reason("below", rate, 83.3, 8), Reason("below", other, 70.8, 8))
    short = [unit(n, worse) for n in range(8)]  # 78 characters of reasons: one line, and the name's two
    assert [slides._attention_lines(e) for e in short[:1]] == [3]
    assert [len(s) for s in slides.attention_split(short)] == [6, 2]  # at most six a slide
    long = [unit(n, *below) for n in range(8)]  # 248 characters: three lines at 1024 px
    assert [slides._attention_lines(e) for e in long[:1]] == [5]
    assert [len(s) for s in slides.attention_split(long)] == [4, 4]  # 4 × 5 lines fit in 23, a fifth does not
    mixed = [long[0], short[1], long[2], long[3], long[4], long[5], short[6]]
    split = slides.attention_split(mixed)  # 5 + 3 + 5 + 5 + 5 = 23 lines fill the first slide
    assert [[e.unit.code for e in s] for s in split] == [["X0", "X1", "X2", "X3", "X4"], ["X5", "X6"]]
    assert slides.attention_pages(mixed) == 2 and slides.attention_pages([]) == 1
    body = slides.attention_body(mixed, "vi", 2)
    assert "Xã Số 5" in body and "Xã Số 6" in body and "Xã Số 4" not in body


def test_the_attention_list_continues_on_further_slides_never_a_see_more_line(app):
    open_presentation(app, quarter="2025-Q3", slide="17")
    flagged = overview.attention(_values(), *_catalogue(), "2025-Q3", "vi", _reports("2025-Q3"))
    pages = slides.attention_pages(flagged)
    assert pages == 5  # 25 units in the sample's third quarter (task figures from the register), at most six a slide
    seen = []
    for page in range(1, pages + 1):
        slide = shown(app)
        assert f"Đơn vị cần chú ý ({page}/{pages})" in slide and "Xem thêm" not in slide
        seen += [a.unit.name_vi for a in flagged if f'<div class="unit">{a.unit.name_vi}</div>' in slide]
        app.button(key="slide_next").click().run()
    assert seen == [a.unit.name_vi for a in flagged]


def test_opening_the_presentation_again_starts_at_the_first_slide(app):
    open_presentation(app, quarter="2025-Q3")
    app.button(key="slide_next").click().run()
    app.button(key="slide_next").click().run()
    assert 'data-slide="3/22"' in shown(app)
    app.switch_page("app_pages/overview.py").run()
    app.query_params.pop("slide")  # a browser's page change keeps only the filters' parameters
    app.switch_page("app_pages/presentation.py").run()
    assert 'data-slide="1/22"' in shown(app)


def _catalogue():
    from ui import state

    return state.indicators(state.version()), state.store().units()  # the review pages' indicators


def _reports(quarter: str):
    from metrics import reporting, settings
    from ui import state

    return reporting.reporting(state.store(), quarter, settings.today(), state.store().units())


def _values():
    from ui import state

    return state.store().values(overview.window("2025-Q3")[0], "2025-Q3")


def _ranked(values: list[float], target: float | None):
    import dataclasses

    import polars as pl

    from metrics import analysis
    from metrics.catalogue import Unit
    from tests.test_target import RATE

    indicator = dataclasses.replace(RATE, target=target)
    units = [Unit(f"U{n:02}", f"Đơn vị {n:02}", None, "commune", None, None, None, None) for n in range(len(values))]
    frame = pl.DataFrame(
        {"unit_code": [u.code for u in units], "period": "2025-Q3", "indicator": RATE.code, "value": values,
         "numerator": None, "denominator": None},
        schema_overrides={"numerator": pl.Float64, "denominator": pl.Float64},
    )  # fmt: skip
    return analysis.ranking(frame, indicator, units, "2025-Q3"), indicator


def _column(body: str, heading: str) -> str:
    return body.split(f"<h2>{heading}</h2>")[1].split("</div></div>")[0] if heading in body else ""


def test_needs_improvement_lists_only_units_below_target():
    # 30 units: 25 at or above the 95 % target (one exactly on it), 5 below.
    ranked, indicator = _ranked([99.0 - n * 0.1 for n in range(24)] + [95.0] + [90.0, 89.0, 88.0, 87.0, 86.0], 95.0)
    body = slides.ranking_body(ranked, indicator, "vi")
    lagging = _column(body, "Cần cải thiện")
    assert lagging.count('class="rank"') == 5 and "✓" not in lagging and "95,00 %" not in lagging
    assert "25/30 đơn vị đạt mục tiêu" in body
    ranked, indicator = _ranked([99.0 - n * 0.1 for n in range(20)] + [90.0 - n for n in range(10)], 95.0)
    lagging = _column(slides.ranking_body(ranked, indicator, "vi"), "Cần cải thiện")
    assert lagging.count('class="rank"') == 8 and "+ 2 đơn vị khác chưa đạt, xếp trên" in lagging


def test_without_a_target_the_bottom_is_a_plain_ranking_and_says_so():
    ranked, indicator = _ranked([float(v) for v in range(30, 0, -1)], None)
    body = slides.ranking_body(ranked, indicator, "vi")
    assert "Cần cải thiện" not in body and "Xếp cuối (chỉ số không đặt mục tiêu)" in body
    assert "30 đơn vị có số liệu" in body


def test_tied_units_share_a_rank_and_a_cut_tie_is_said():
    # 12 units tied at 100 %, then 20 below: the leaders' column of eight cuts the tie.
    ranked, indicator = _ranked([100.0] * 12 + [80.0 - n for n in range(20)], 95.0)
    body = slides.ranking_body(ranked, indicator, "vi")
    leaders = _column(body, "Dẫn đầu")
    assert slides.RANKED_PER_COLUMN == 8 and leaders.count("<span>1=</span>") == 8
    assert "+ 4 đơn vị khác cùng hạng 1" in leaders


def test_a_trend_slide_shows_eight_quarters_against_the_dashed_target():
    from tests.test_target import RATE

    history = [(f"2024-Q{q}", 90.0 + q) for q in (1, 2, 3, 4)] + [(f"2025-Q{q}", 94.0 + q) for q in (1, 2, 3)]
    body = slides.trend_body(RATE, [*history, ("2025-Q4", None)], "vi")
    assert body.count('class="col"') == 8 and body.count('class="target" style="bottom:95.00%"') == 8
    assert "Quý I/2024" in body and "95,00 %" in body and "—" in body  # the quarter without a value says so


def test_the_overdue_tasks_and_the_previous_meetings_conclusions_are_agenda_slides(app, sample_db):
    from datetime import date

    from metrics.store import Store
    from tests.conftest import sample_overdue

    store = Store(sample_db)
    slides.save_agenda(store, TESTER, "giao-ban", ["tasks", "conclusions"])
    store.close()
    open_presentation(app, agenda="giao-ban", quarter="2025-Q4")
    slide = shown(app)
    overdue = sample_overdue(date(2025, 12, 31))
    assert 'data-slide="1/2"' in slide and "Nhiệm vụ quá hạn theo đơn vị chủ trì" in slide
    assert f"Tại ngày 31/12/2025: {sum(overdue.values())} nhiệm vụ quá hạn ở {len(overdue)} đơn vị" in slide
    assert slide.index("Sở Xây dựng") < slide.index("Sở Khoa học và Công nghệ")  # 6 overdue before 1
    app.button(key="slide_next").click().run()
    slide = shown(app)
    assert "Kết luận của phiên họp trước" in slide and "Phiên họp UBND tỉnh thường kỳ tháng 10/2025" in slide
    assert "Đẩy nhanh tiến độ dự án nhà ở xã hội" in slide


def _attention_slides(app) -> list[str]:
    """Every attention slide of an agenda of attention slides only, from the first."""
    count = int(shown(app).split('data-slide="1/')[1].split('"')[0])
    seen = []
    for _ in range(count):
        seen.append(shown(app))
        app.button(key="slide_next").click().run()
    return seen


def test_late_reports_are_reasons_on_the_attention_slides_as_on_the_overview(app, sample_db):
    from metrics.store import Store

    store = Store(sample_db)
    slides.save_agenda(store, TESTER, "chu-y", ["attention"])
    store.close()
    open_presentation(app, agenda="chu-y", quarter="2025-Q3")
    text = "".join(_attention_slides(app))
    assert text.count("Báo cáo Quý III/2025 trễ 7 ngày") == 3  # the sample's three late units, as test_app counts


def test_a_missing_report_becomes_a_reason_on_the_slides_the_day_after_the_due_day(app, sample_db, monkeypatch):
    """The slide cache is keyed on the day: the same data version shows the new reason the next day."""
    from datetime import date

    from metrics import admin, settings
    from metrics.store import Store
    from ui import presentation

    store = Store(sample_db)
    units = (settings.SAMPLE_DIR / "units.csv").read_text(encoding="utf-8")
    admin.replace_units(store, TESTER, (units + "SMOI,Sở Mới Thành Lập,New Department,department,TINH,,,,\n").encode())
    slides.save_agenda(store, TESTER, "chu-y", ["attention"])
    store.close()
    reason = "Chưa báo cáo Quý IV/2025, hạn 15/01/2026"
    monkeypatch.setattr(presentation, "today", lambda: date(2026, 1, 15))  # the due day itself: not yet late
    open_presentation(app, agenda="chu-y", quarter="2025-Q4")
    assert not any("Sở Mới Thành Lập" in slide for slide in _attention_slides(app))
    monkeypatch.setattr(presentation, "today", lambda: date(2026, 1, 16))
    app.run()
    (slide,) = [slide for slide in _attention_slides(app) if "Sở Mới Thành Lập" in slide]
    assert reason in slide


def test_a_cards_headings_stand_over_their_columns_figures_right_words_left():
    import polars as pl

    head = slides.unit_body([], "vi").split("</tr>")[0]
    assert head == (
        "<table class=\"card\"><tr><th class='text'>Chỉ số</th><th class='num'>Giá trị</th>"
        "<th class='num'>So với quý trước</th><th class='num'>Hạng</th><th class='text'>Mục tiêu</th>"
    )
    rows = pl.DataFrame({"summary": ["Việc A"], "lead_unit": ["SXD"], "status": ["overdue"]})
    card = slides.conclusions_body("Phiên họp", rows, {"SXD": "Sở Xây dựng"}, "01/12/2026", "en")
    assert "<th class='text'>Lead unit</th><th class='num'>Status</th></tr>" in card
