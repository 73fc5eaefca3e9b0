"""AppTest of the indicator and unit pages against figures computed here from the sample CSVs."""

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from metrics import fmt
from tests.conftest import sample_ratio, sample_rows, shown, shown_table

# The AppTest suite runs on both engines: the pages read and write through the same store contract.
pytestmark = pytest.mark.both_engines

APP = str(Path(__file__).resolve().parent.parent / "app.py")
ONLINE = ("Số hồ sơ tiếp nhận trực tuyến", "Tổng số hồ sơ tiếp nhận")
ON_TIME = ("Số hồ sơ giải quyết đúng hạn, trước hạn", "Số hồ sơ đã giải quyết")


def open_page(at: AppTest, page: str, **params: str) -> AppTest:
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def ratio_of_rows(rows: list[dict], numerator: str, denominator: str) -> float:
    usable = [r for r in rows if r[numerator] and r[denominator]]
    return 100 * sum(int(r[numerator]) for r in usable) / sum(int(r[denominator]) for r in usable)


def test_indicator_page_shows_the_province_figure_and_ranks_every_unit(app):
    open_page(app, "app_pages/indicator.py", indicator="on_time_rate", quarter="2025-Q3")
    assert shown(app.title[0].value) == "Tỷ lệ hồ sơ giải quyết đúng hạn, trước hạn · Quý III/2025"
    assert metric(app, "Toàn tỉnh") == fmt.percent(sample_ratio("2025-Q3", *ON_TIME))
    table = app.dataframe[0].value
    rows = sample_rows("2025-Q3")
    expected = sorted(
        ((100 * int(r[ON_TIME[0]]) / int(r[ON_TIME[1]]), r["Tên đơn vị"]) for r in rows), key=lambda x: (-x[0], x[1])
    )
    assert len(table) == len(rows) == 49
    assert list(table["Giá trị"])[:3] == [fmt.percent(v) for v, _ in expected[:3]]
    assert list(table["Giá trị"])[-1] == fmt.percent(expected[-1][0])
    assert table["Đơn vị"].iloc[-1] == "Sở Xây dựng"  # the planted laggard comes last
    assert metric(app, "Đơn vị đạt mục tiêu") == f"{sum(v >= 95 for v, _ in expected)}/49"


def test_a_year_of_a_flow_is_the_sum_and_of_a_stock_the_last_quarter(app):
    open_page(app, "app_pages/indicator.py", indicator="complaints", quarter="2025-Q4", view="year")
    total = sum(
        int(r["Số đơn thư tiếp nhận"])
        for q in ("2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4")
        for r in sample_rows(q)
        if r["Số đơn thư tiếp nhận"]
    )
    assert app.title[0].value.endswith("Năm 2025")
    assert metric(app, "Toàn tỉnh") == fmt.number(total)
    app.query_params["indicator"] = "overdue_tasks"
    open_page(app, "app_pages/indicator.py")
    app.selectbox(key="indicator").select("overdue_tasks").run()
    from ui import state  # overdue tasks come from the task register: the stored Q4 stock, not a sum of quarters

    quarters = state.store().values("2025-Q1", "2025-Q4", ["overdue_tasks"])
    last = int(quarters.filter(quarters["quarter"] == "2025-Q4")["value"].sum())
    assert last != int(quarters["value"].sum())
    assert metric(app, "Toàn tỉnh") == fmt.number(last)


def test_a_half_year_ratio_is_summed_numerators_over_summed_denominators(app):
    open_page(app, "app_pages/indicator.py", indicator="online_services_rate", quarter="2025-Q4", view="half")
    rows = sample_rows("2025-Q3") + sample_rows("2025-Q4")
    assert app.title[0].value.endswith("6 tháng cuối năm 2025")
    assert metric(app, "Toàn tỉnh") == fmt.percent(ratio_of_rows(rows, *ONLINE))


def test_filtering_by_kind_ranks_departments_among_themselves(app):
    open_page(app, "app_pages/indicator.py", indicator="on_time_rate", quarter="2025-Q3", kind="department")
    table = app.dataframe[0].value
    assert len(table) == 15
    assert all(not name.startswith(("Xã", "Phường")) for name in table["Đơn vị"])


def test_unit_page_shows_value_changes_and_rank_among_its_peers(app):
    open_page(app, "app_pages/unit.py", unit="SXD", quarter="2025-Q3")
    assert app.title[0].value == "Sở Xây dựng"
    table = shown_table(app.table[0].value)
    row = table[table["Chỉ số"] == "Tỷ lệ hồ sơ giải quyết đúng hạn, trước hạn"].iloc[0]
    mine = {q: next(r for r in sample_rows(q) if r["Mã đơn vị"] == "SXD") for q in ("2025-Q3", "2025-Q2", "2024-Q3")}
    value = {q: 100 * int(r[ON_TIME[0]]) / int(r[ON_TIME[1]]) for q, r in mine.items()}
    assert row["Giá trị"] == fmt.percent(value["2025-Q3"])
    assert row["So với quý trước"] == fmt.change(app_indicator(), value["2025-Q3"] - value["2025-Q2"])
    assert row["So với cùng kỳ"] == fmt.change(app_indicator(), value["2025-Q3"] - value["2024-Q3"])
    departments = [r for r in sample_rows("2025-Q3") if not r["Mã đơn vị"].isdigit()]
    assert row["Hạng"] == f"hạng {len(departments)}/{len(departments)}"  # last of 15
    assert row["Toàn tỉnh"] == fmt.percent(sample_ratio("2025-Q3", *ON_TIME))
    assert row["Mục tiêu"].startswith("✗")


def app_indicator():
    from metrics.catalogue import Indicator

    return Indicator("on_time_rate", "", "", "%", "%", "ratio", "higher", "a", "b", 95.0, None, 2)


def test_a_merged_ward_continues_its_history_through_its_predecessors(app):
    open_page(app, "app_pages/unit.py", unit="10041", quarter="2025-Q4")
    assert "Thành lập Quý III/2025 từ sáp nhập" in shown(app.caption[0].value)

    figure = json.loads(app.get("plotly_chart")[0].proto.spec)  # the first indicator: online services
    ward = next(trace for trace in figure["data"] if trace["name"] == "Phường Sơn Hà")
    predecessors = [r for r in sample_rows("2024-Q1") if r["Mã đơn vị"] in ("10004", "10005", "10006")]
    assert ward["y"][0] == pytest.approx(ratio_of_rows(predecessors, *ONLINE))
    assert any(shape.get("x0") == "2025-Q3" for shape in figure["layout"]["shapes"])  # the merger is marked


def test_filters_live_in_the_url_and_survive_switching_pages(app):
    open_page(app, "app_pages/indicator.py", indicator="esigned_share", quarter="2024-Q4", lang="en")
    assert app.title[0].value == "Electronic documents digitally signed · Q4 2024"
    app.switch_page("app_pages/overview.py").run()
    app.switch_page("app_pages/indicator.py").run()
    assert app.title[0].value == "Electronic documents digitally signed · Q4 2024"
    assert metric(app, "Province").endswith("%") and "," not in metric(app, "Province")


def below_target_worst_first(quarter: str, columns: tuple[str, str], target: float) -> list[str]:
    rates = [(100 * int(r[columns[0]]) / int(r[columns[1]]), r["Mã đơn vị"]) for r in sample_rows(quarter)]
    return [code for rate, code in sorted(rates, key=lambda x: (x[0], x[1]), reverse=False) if round(rate, 2) < target]


def test_the_indicator_ranking_says_the_gap_and_since_when(app):
    open_page(app, "app_pages/indicator.py", indicator="on_time_rate", quarter="2025-Q3")
    table = app.dataframe[0].value
    last = table.iloc[-1]
    assert (last["Đơn vị"], last["Giá trị"], last["So với mục tiêu"]) == (
        "Sở Xây dựng",
        "82,53 %",
        "\u221212,47 điểm %",
    )
    assert last["Số quý liên tiếp chưa đạt"] == "7 · từ Quý I/2024"
    assert table.iloc[0]["Số quý liên tiếp chưa đạt"] == "0"


def test_the_trend_chart_starts_with_the_units_below_target_and_follows_the_indicator(app):
    open_page(app, "app_pages/indicator.py", indicator="on_time_rate", quarter="2025-Q3")
    below = below_target_worst_first("2025-Q3", ON_TIME, 95.0)
    assert below[0] == "SXD" and app.multiselect[0].value == below[:6]
    app.multiselect[0].set_value(["SNV"]).run()  # a choice for this indicator...
    app.selectbox(key="indicator").select("online_services_rate").run()
    online = below_target_worst_first("2025-Q3", ONLINE, 80.0)
    assert app.multiselect[0].value == online[:6] != ["SNV"]  # ...is not carried to another
    figure = json.loads(app.get("plotly_chart")[1].proto.spec)
    assert len(figure["data"]) >= 1 + len(online[:6])


def test_a_count_on_the_unit_page_is_drawn_against_the_average_unit_of_its_kind(app):
    open_page(app, "app_pages/unit.py", unit="SXD", quarter="2025-Q3")
    charts = [json.loads(c.proto.spec) for c in app.get("plotly_chart")]
    letters = next(c for c in charts if "Số đơn thư khiếu nại" in c["layout"]["title"]["text"])
    reference = letters["data"][0]
    departments = {r["Mã đơn vị"] for r in sample_rows("2025-Q3") if not r["Mã đơn vị"].isdigit()}
    counts = [int(r["Số đơn thư tiếp nhận"]) for r in sample_rows("2025-Q3")
              if r["Mã đơn vị"] in departments and r["Số đơn thư tiếp nhận"]]  # fmt: skip
    assert reference["name"] == "Trung bình một sở, ban, ngành"
    assert reference["y"][reference["x"].index("2025-Q3")] == pytest.approx(sum(counts) / len(counts))
    online = next(c for c in charts if "trực tuyến" in c["layout"]["title"]["text"])
    assert online["data"][0]["name"] == "Toàn tỉnh"  # a ratio: against the province's own ratio


def test_a_count_on_the_indicator_page_is_ranked_and_trended_against_the_average_unit(app):
    open_page(app, "app_pages/indicator.py", indicator="complaints", quarter="2025-Q3")
    ranking, trend = (json.loads(c.proto.spec) for c in app.get("plotly_chart")[:2])
    counts = [int(r["Số đơn thư tiếp nhận"]) for r in sample_rows("2025-Q3") if r["Số đơn thư tiếp nhận"]]
    average = sum(counts) / len(counts)
    line = next(s for s in ranking["layout"]["shapes"] if s["line"]["dash"] == "dash")
    assert line["x0"] == pytest.approx(average)  # not the province's total, sum(counts)
    assert ranking["layout"]["annotations"][0]["text"] == f"Trung bình một đơn vị {round(average)}"
    assert ranking["layout"]["xaxis"]["range"][1] < sum(counts) / 4
    reference = trend["data"][0]
    assert reference["name"] == "Trung bình một đơn vị"
    assert reference["y"][reference["x"].index("2025-Q3")] == pytest.approx(average)


def test_the_unit_search_finds_a_name_typed_without_marks(app):
    open_page(app, "app_pages/unit.py", unit="SNV", quarter="2025-Q3")
    app.text_input(key="unit_search").input("ky son").run()
    assert app.selectbox(key="unit").options == ["Sở Nội vụ", "Xã Kỳ Sơn"]  # the unit shown, then the match
    app.selectbox(key="unit").select("10035").run()
    assert app.title[0].value == "Xã Kỳ Sơn"
