"""AppTest of the Index page (Chỉ số 766) against the sample portal exports read here."""

import csv

import pytest

from metrics.settings import SAMPLE_DIR
from tests.conftest import shown, shown_table
from tests.test_review_pages import metric, open_page

# The AppTest suite runs on both engines: the pages read and write through the same store contract.
pytestmark = pytest.mark.both_engines

MAXIMA = {"CKMB": 18, "TDGQ": 20, "CLGQ": 12, "TTTT": 10, "MDHL": 18, "MDSH": 22}


def sheet(name: str) -> list[dict]:
    with open(SAMPLE_DIR / "index766" / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def vn(text: str) -> str:
    """'89.89' as the page writes it: '89,89'."""
    return text.replace(".", ",")


def test_index_page_shows_the_province_score_rank_and_neighbours(app):
    rows = sheet("2025-Q4-toan-quoc.csv")
    mine = next(r for r in rows if r["MA_COQUAN"] == "H40")
    before = next(r for r in sheet("2025-Q3-toan-quoc.csv") if r["MA_COQUAN"] == "H40")
    open_page(app, "app_pages/index766.py", quarter="2025-Q4")
    assert app.title[0].value == "Chỉ số phục vụ người dân, doanh nghiệp · Quý IV/2025"
    assert metric(app, "Tổng điểm") == f"{vn(mine['TONG_SCORE'])} / 100"
    assert metric(app, "Xếp hạng toàn quốc") == f"{mine['ROW_STT']}/34"
    climbed = int(before["ROW_STT"]) - int(mine["ROW_STT"])
    assert next(m for m in app.metric if m.label == "Xếp hạng toàn quốc").delta == f"{climbed} bậc so với quý trước"
    neighbours = app.table[0].value
    rank = int(mine["ROW_STT"])
    assert list(neighbours["Hạng"]) == list(range(rank - 2, rank + 3))
    assert "▶ Tỉnh An Sơn" in list(neighbours["Tỉnh, thành phố"])
    lost = {k: m - float(mine[k]) for k, m in MAXIMA.items()}
    worst = max(lost, key=lost.get)
    names = {"CKMB": "Công khai, minh bạch", "TDGQ": "Tiến độ giải quyết", "CLGQ": "Dịch vụ công trực tuyến",
             "TTTT": "Thanh toán trực tuyến", "MDHL": "Mức độ hài lòng", "MDSH": "Số hóa hồ sơ"}  # fmt: skip
    assert metric(app, "Mất nhiều điểm nhất") == names[worst]


def test_index_page_ranks_departments_and_explains_a_units_lost_points(app):
    departments = [r for r in sheet("2025-Q4-tinh.csv") if r["CAPDONVIID"] == "2"]
    open_page(app, "app_pages/index766.py", quarter="2025-Q4")
    tables = [shown_table(d.value) for d in app.table]
    ranked = next(t for t in tables if len(t) == len(departments) == 15)
    best = max(departments, key=lambda r: float(r["TONG_SCORE"]))
    assert ranked["Tổng điểm"].iloc[0] == vn(best["TONG_SCORE"])
    assert ranked["Hạng trên Cổng"].iloc[0] == "1"
    # The unit picker starts at the lowest total of all units; its groups come largest loss first.
    lowest = min(sheet("2025-Q4-tinh.csv"), key=lambda r: (float(r["TONG_SCORE"]), r["MA_COQUAN"]))
    with open(SAMPLE_DIR / "units.csv", encoding="utf-8", newline="") as f:
        by_portal = {u["portal_code"]: u["code"] for u in csv.DictReader(f)}
    assert app.selectbox(key="idx_unit").value == by_portal[lowest["MA_COQUAN"]]
    table = tables[-1]
    expected = sorted((m - float(lowest[k]) for k, m in MAXIMA.items()), reverse=True)
    assert list(table["Điểm bị mất"]) == [f"{v:.2f}".replace(".", ",") for v in expected]
    assert app.selectbox(key="idx_unit").value is not None
    assert not app.exception


def test_index_page_in_english_has_no_vietnamese_headings_left(app):
    open_page(app, "app_pages/index766.py", quarter="2025-Q4", lang="en")
    assert app.title[0].value == "Citizen and business service index · Q4 2025"
    assert metric(app, "National rank").endswith("/34")


def test_upload_page_recognises_a_portal_export_and_commits_it_for_the_chosen_quarter(app, monkeypatch):
    from datetime import date

    monkeypatch.setattr("metrics.settings.today", lambda: date(2026, 1, 15))
    header = (
        "ID,TEN,TEN_COQUAN,MA_COQUAN,LOAI_COQUAN,CAPDONVIID,ID_COQUAN,TDGQ,MDHL,MDSH,TTTT,CLGQ,CKMB,TONG_SCORE,ROW_STT"
    )
    row = '1,Sở Nội vụ,Sở Nội vụ,H40.02,"Sở, ban, ngành",2,20001,19.00,17.00,21.00,9.50,11.50,17.00,95.00,1'
    app.run()
    app.switch_page("app_pages/upload.py").run()
    app.file_uploader[0].upload("766.csv", f"{header}\n{row}\n".encode(), "text/csv").run()
    assert not app.exception
    assert app.selectbox(key="upload766_q").value == "2025-Q4"
    assert "1 dòng, 1 đơn vị của tỉnh, 0 tỉnh khác" in app.success[0].value
    app.button(key="upload766_commit").click().run()
    assert not app.exception
    from ui import state

    stored = state.store().values("2025-Q4", "2025-Q4", ["idx766_total"], ["SNV"])
    assert stored["value"].to_list() == [95.0]


def test_overview_has_a_tile_for_the_province_index_with_its_national_rank(app):
    mine = next(r for r in sheet("2025-Q4-toan-quoc.csv") if r["MA_COQUAN"] == "H40")
    open_page(app, "app_pages/overview.py", quarter="2025-Q4")
    texts = [shown(m.value) for m in app.markdown]
    assert any(f"**Hạng {mine['ROW_STT']}/34 toàn quốc**" in t for t in texts)
    assert any(f">{vn(mine['TONG_SCORE'])}<" in h.proto.body for h in app.get("html"))
    assert len(app.metric) == 7  # the seven quarterly indicators keep their tiles


def test_an_agenda_can_show_the_index_slide_with_the_province_rank(app, sample_db):
    from metrics import slides
    from metrics.store import Store
    from tests.conftest import TESTER
    from tests.test_presentation import open_presentation, shown

    mine = next(r for r in sheet("2025-Q4-toan-quoc.csv") if r["MA_COQUAN"] == "H40")
    store = Store(sample_db)
    slides.save_agenda(store, TESTER, "chi-so", ["index766", "tiles"])
    store.close()
    open_presentation(app, agenda="chi-so", quarter="2025-Q4")
    slide = shown(app)
    assert 'data-slide="1/2"' in slide and f"Hạng {mine['ROW_STT']}/34 toàn quốc" in slide
    assert f">{vn(mine['TONG_SCORE'])} <" in slide and "▶ Tỉnh An Sơn" in slide
    assert slide.count('class="bar"') == 6  # the six groups against their maxima
    targets = {"CKMB": 16, "TDGQ": 18, "CLGQ": 10, "TTTT": 8, "MDHL": 16, "MDSH": 18}  # sample_data/indicators.csv
    met = sum(float(mine[group].replace(",", ".")) >= target for group, target in targets.items())
    assert f'<div class="band-text">{met}/6 nhóm đạt mục tiêu</div>' in slide  # the slide's lower band
