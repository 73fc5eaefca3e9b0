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
