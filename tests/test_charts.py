"""What the review pages' charts draw where: nothing written on the plot where a value may sit."""

from dataclasses import replace

from metrics import charts
from metrics.catalogue import Indicator

OVERDUE = Indicator("overdue_tasks", "Số nhiệm vụ quá hạn", "Overdue tasks", "nhiệm vụ", "tasks", "stock", "lower",
                    "overdue_tasks", None, 0.0, None, 0)  # fmt: skip
QUARTERS = ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]


def test_the_trend_charts_target_is_named_in_the_legend_not_on_the_plot():
    # The unit's first value sits on the target line, where a label at the line's left end was drawn.
    series = [
        ("Trung bình một sở, ban, ngành", QUARTERS, [0.3, 0.9, 0.6, 1.7]),
        ("Sở Xây dựng", QUARTERS, [0, 4, 2, 11]),
    ]
    figure = charts.trend_chart(series, OVERDUE, "Số nhiệm vụ quá hạn", "vi", width=460)
    assert [a.text for a in figure.layout.annotations] == []
    assert [t.name for t in figure.data] == ["Trung bình một sở, ban, ngành", "Sở Xây dựng", "Mục tiêu 0"]
    assert figure.data[-1].line.dash == "dot" and figure.layout.shapes[0].y0 == 0.0
    assert charts.trend_chart(series, OVERDUE, "Overdue tasks", "en").data[-1].name == "Target 0"
    # At 460 px the target's entry takes a second legend row: the plot starts a row lower to make room.
    untargeted = charts.trend_chart(series, replace(OVERDUE, target=None), "Số nhiệm vụ quá hạn", "vi", width=460)
    assert figure.layout.margin.t == untargeted.layout.margin.t + charts.LEGEND_ROW


def test_a_trend_chart_without_a_target_has_no_target_entry():
    untargeted = Indicator("complaints", "Số đơn thư", "Complaints", "đơn thư", "letters", "flow", "lower",
                           "complaints", None, None, None, 0)  # fmt: skip
    figure = charts.trend_chart([("Toàn tỉnh", QUARTERS, [1061, 1088, 950, 1049])], untargeted, "x", "vi")
    assert [t.name for t in figure.data] == ["Toàn tỉnh"] and not figure.layout.shapes


def test_the_ranking_charts_values_stand_in_a_column_past_the_lines_not_beside_their_dots():
    import polars as pl

    on_time = Indicator("on_time_rate", "Tỷ lệ đúng hạn", "On time", "%", "%", "ratio", "higher", "a", "b", 95.0,
                        None, 2)  # fmt: skip
    ranked = pl.DataFrame({"unit_code": ["A", "B", "C"], "name_vi": ["Xã A", "Xã B", "Sở C"],
                           "name_en": ["A", "B", "C"], "rank": [1, 2, 3], "value": [100.0, 98.25, 83.3],
                           "meets": [True, True, False]})  # fmt: skip
    # The province line at 98,83 % ran through the label '✓ 98,25 %' written beside its dot.
    figure = charts.ranking_chart(ranked, on_time, 98.83, "Toàn tỉnh", "Xếp hạng", "vi")
    dots, values = figure.data
    assert dots.mode == "markers" and dots.text == ("✓ 100,00 %", "✓ 98,25 %", "✗ 83,30 %")
    right = figure.layout.xaxis.range[1]
    assert values.mode == "markers+text" and values.marker.opacity == 0 and values.marker.size > dots.marker.size
    assert values.x == (right, right, right) and values.text == dots.text
    assert values.customdata == ("A", "B", "C")  # a click on a value opens its unit too
    assert right > 100 and all(shape.x0 < right for shape in figure.layout.shapes)  # 95 and 98,83


def test_a_count_ranking_draws_the_average_unit_from_zero_and_its_values_past_every_bar():
    import polars as pl

    complaints = Indicator("complaints", "Số đơn thư", "Complaints", "đơn thư", "letters", "flow", "lower",
                           "complaints", None, None, None, 0)  # fmt: skip
    ranked = pl.DataFrame({"unit_code": ["A", "B", "C"], "name_vi": ["Xã A", "Xã B", "Sở C"],
                           "name_en": ["A", "B", "C"], "rank": [1, 2, 3], "value": [3.0, 20.0, 62.0],
                           "meets": [None, None, None]})  # fmt: skip
    figure = charts.ranking_chart(ranked, complaints, 28.3, "Trung bình một đơn vị", "Xếp hạng", "vi")
    bars, values = figure.data
    assert figure.layout.xaxis.range == (0.0, 62.0 * 1.04)  # the longest bar, not a province total of 1.035
    assert [a.text for a in figure.layout.annotations] == ["Trung bình một đơn vị 28"]
    assert bars.textposition == "none" and values.x == (62.0 * 1.04,) * 3 and values.text == ("3", "20", "62")
