"""Overview figures against an oracle that reads the sample CSVs with the csv module."""

import pytest

from metrics import fmt, overview
from metrics.catalogue import quarterly
from tests.conftest import sample_ratio, sample_rows

QUARTER = "2025-Q3"


@pytest.fixture
def data(store):
    # The review pages' indicators: the national index's scores have their own page (ui.state.indicators).
    indicators, units = quarterly(store.indicators()), store.units()
    values = store.values(overview.window(QUARTER)[0], QUARTER)
    return values, indicators, units


def test_province_tiles_match_sums_of_the_uploaded_rows(data):
    values, indicators, units = data
    tiles = {t.indicator.code: t for t in overview.tiles(values, indicators, units, QUARTER)}
    online = sample_ratio(QUARTER, "Số hồ sơ tiếp nhận trực tuyến", "Tổng số hồ sơ tiếp nhận")
    assert tiles["online_services_rate"].value == pytest.approx(online)
    complaints = sum(int(r["Số đơn thư tiếp nhận"]) for r in sample_rows(QUARTER) if r["Số đơn thư tiếp nhận"])
    assert tiles["complaints"].value == complaints
    previous = sample_ratio("2025-Q2", "Số hồ sơ tiếp nhận trực tuyến", "Tổng số hồ sơ tiếp nhận")
    last_year = sample_ratio("2024-Q3", "Số hồ sơ tiếp nhận trực tuyến", "Tổng số hồ sơ tiếp nhận")
    assert tiles["online_services_rate"].change_previous == pytest.approx(online - previous)
    assert tiles["online_services_rate"].change_year == pytest.approx(online - last_year)


def test_units_expected_follow_the_reorganisation(data):
    values, indicators, units = data
    before = overview.tiles(values, indicators, units, "2025-Q2")[0]
    after = overview.tiles(values, indicators, units, "2025-Q3")[0]
    assert (before.units_expected, after.units_expected) == (55, 49)  # 15 + 40, then 15 + 34


def test_attention_lists_the_planted_laggards_with_reasons_in_words(data):
    values, indicators, units = data
    flagged = {a.unit.code: a for a in overview.attention(values, indicators, units, QUARTER)}
    assert {"SXD", "SYT", "10035", "SNNMT"} <= set(flagged)
    assert flagged["SXD"].reasons == (
        "Tỷ lệ hồ sơ giải quyết đúng hạn, trước hạn 82,53 %, thấp hơn mục tiêu 12,47 điểm %, "
        "từ Quý I/2024 (7 quý liên tiếp)",
        "Số nhiệm vụ quá hạn 5, cao hơn mục tiêu 5 nhiệm vụ, từ Quý I/2024 (7 quý liên tiếp)",
        "Tỷ lệ nhiệm vụ hoàn thành đúng hạn 60,00 %, thấp hơn mục tiêu 30,00 điểm %, từ Quý I/2024 (7 quý liên tiếp)",
    )  # the two task figures are derived from the sample register


def test_a_units_reasons_follow_the_catalogue_and_the_same_data_gives_the_same_list(data):
    values, indicators, units = data
    position = {i.name_vi: n for n, i in enumerate(indicators)}
    first = overview.attention(values, indicators, units, QUARTER)
    for entry in first:
        below = [r for r in entry.reasons if "hơn mục tiêu" in r]
        named = [next(p for name, p in position.items() if r.startswith(name)) for r in below]
        assert named == sorted(named), entry.unit.code
    again = overview.attention(values, indicators, units, QUARTER)
    assert [(a.unit.code, a.reasons) for a in again] == [(a.unit.code, a.reasons) for a in first]


def test_each_reason_carries_the_gap_of_the_one_target_rule_and_words_it_as_from_the_value(data):
    """The gap comes with the reason from the frame (a national list would take 8 s one value at a time)."""
    values, indicators, units = data
    reasons = [r for a in overview.attention(values, indicators, units, QUARTER) for r in a.why]
    judged = [r for r in reasons if r.kind in ("below", "stock")]
    assert judged and all(r.gap == r.indicator.gap(r.amount) and r.gap > 0 for r in judged)
    assert all(r.gap is None for r in reasons if r.kind not in ("below", "stock"))
    for lang in ("vi", "en"):
        assert [r.text(QUARTER, lang) for r in judged] == [r._replace(gap=None).text(QUARTER, lang) for r in judged]


def test_attention_is_sorted_worst_first_and_speaks_english_on_request(data):
    values, indicators, units = data
    flagged = overview.attention(values, indicators, units, QUARTER, "en")
    weights = [a.weight for a in flagged]
    assert weights == sorted(weights, reverse=True)
    assert any("below the target" in r for a in flagged for r in a.reasons)


def test_unit_status_marks_met_missed_and_no_target(data):
    values, indicators, _ = data
    status = overview.unit_status(values, indicators, QUARTER)
    row = status.filter((status["unit_code"] == "SXD") & (status["indicator"] == "on_time_rate")).row(0, named=True)
    assert row["meets"] is False and fmt.percent(row["value"]).endswith("%")
    complaints = status.filter(status["indicator"] == "complaints")
    assert complaints["meets"].null_count() == complaints.height


def test_tile_history_is_the_eight_quarters_ending_at_the_chosen_one(data):
    values, indicators, units = data
    tile = overview.tiles(values, indicators, units, QUARTER)[0]
    assert [q for q, _ in tile.history] == overview.window(QUARTER) and tile.history[-1] == (QUARTER, tile.value)


def test_a_run_of_misses_counts_back_from_the_quarter_and_a_missing_quarter_breaks_it(data):
    import polars as pl

    _, indicators, units = data
    unit = next(u for u in overview.units_in_force(units, QUARTER) if u.kind == "department")
    quarters = overview.window(QUARTER)
    # Overdue tasks (target 0): missed in the first two quarters, no report in
    # the third, then missed in each of the last five.
    overdue = [(q, 3.0) for q in quarters[:2]] + [(q, 4.0) for q in quarters[3:]]
    # On-time rate (target 95 %): met once, then below for the last two quarters,
    # falling by 1 point or more each time.
    on_time = [(quarters[-3], 96.0), (quarters[-2], 94.0), (quarters[-1], 92.5)]
    rows = [(unit.code, q, "overdue_tasks", v, v, None) for q, v in overdue]
    rows += [(unit.code, q, "on_time_rate", v, v, 100.0) for q, v in on_time]
    schema = {"unit_code": pl.String, "quarter": pl.String, "indicator": pl.String}
    schema |= {"value": pl.Float64, "numerator": pl.Float64, "denominator": pl.Float64}
    values = pl.DataFrame(rows, schema=schema, orient="row")
    [entry] = overview.attention(values, indicators, units, QUARTER, "en")
    assert entry.unit == unit
    assert [(r.kind, r.indicator.code, r.streak) for r in entry.why] == [
        ("below", "on_time_rate", 2),
        ("stock", "overdue_tasks", 5),
        ("worse", "on_time_rate", 0),
    ]
    assert (
        entry.reasons[0]
        == "Dossiers resolved on time or early 92.50%, 2.50 pp below the target, since Q2 2025 (2 quarters running)"
    )
    assert entry.reasons[1] == "Overdue tasks 4, 4 tasks above the target, since Q3 2024 (5 quarters running)"
    assert entry.why[1].text(QUARTER, "vi") == (
        "Số nhiệm vụ quá hạn 4, cao hơn mục tiêu 4 nhiệm vụ, từ Quý III/2024 (5 quý liên tiếp)"
    )
    assert entry.reasons[2].endswith("(−3.50 pp)")
    assert entry.weight == pytest.approx((1 + 2.5 / 10) + (1 + 5 / 2) + (0.5 + 3.5 / 10))


def test_a_late_report_is_a_reason_with_its_days_and_in_english_on_request(data, store):
    from datetime import date

    from metrics import reporting

    values, indicators, units = data
    reports = reporting.reporting(store, QUARTER, date(2026, 1, 15))
    flagged = {a.unit.code: a for a in overview.attention(values, indicators, units, QUARTER, "vi", reports)}
    assert [flagged[code].reasons[-1] for code in ("SXD", "10017", "10035")] == ["Báo cáo Quý III/2025 trễ 7 ngày"] * 3
    assert flagged["SXD"].reasons[:-1] == (
        "Tỷ lệ hồ sơ giải quyết đúng hạn, trước hạn 82,53 %, thấp hơn mục tiêu 12,47 điểm %, "
        "từ Quý I/2024 (7 quý liên tiếp)",
        "Số nhiệm vụ quá hạn 5, cao hơn mục tiêu 5 nhiệm vụ, từ Quý I/2024 (7 quý liên tiếp)",
        "Tỷ lệ nhiệm vụ hoàn thành đúng hạn 60,00 %, thấp hơn mục tiêu 30,00 điểm %, từ Quý I/2024 (7 quý liên tiếp)",
    )
    assert [r for a in flagged.values() for r in a.reasons if "Báo cáo" in r or "báo cáo" in r] == [
        "Báo cáo Quý III/2025 trễ 7 ngày"
    ] * 3
    english = overview.attention(values, indicators, units, QUARTER, "en", reports)
    assert next(a for a in english if a.unit.code == "SXD").reasons[-1] == "Q3 2025 reported 7 days late"


def test_a_missing_report_is_a_reason_only_after_the_due_day(store):
    from datetime import date

    from metrics import reporting

    quarter = "2026-Q1"  # the sample holds no upload for it: every unit is missing
    indicators, units = quarterly(store.indicators()), store.units()
    values = store.values(overview.window(quarter)[0], quarter)
    on_the_day = reporting.reporting(store, quarter, date(2026, 4, 15))
    assert overview.attention(values, indicators, units, quarter, "vi", on_the_day) == []
    after = reporting.reporting(store, quarter, date(2026, 4, 16))
    flagged = overview.attention(values, indicators, units, quarter, "vi", after)
    assert len(flagged) == len(overview.units_in_force(units, quarter)) == 49
    assert {a.reasons for a in flagged} == {("Chưa báo cáo Quý I/2026, hạn 15/04/2026",)}
    assert [a.unit.code for a in flagged] == sorted(a.unit.code for a in flagged)
    english = overview.attention(values, indicators, units, quarter, "en", after)
    assert english[0].reasons == ("Q1 2026 not reported, due 15/04/2026",)
