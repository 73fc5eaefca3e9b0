"""Drawn with the page, no chart library: the tiles' SVG trends and the overview's status grid."""

import xml.etree.ElementTree as ET

import polars as pl

from metrics import charts
from metrics.catalogue import Indicator, Unit

SVG = "{http://www.w3.org/2000/svg}"
RATIO = Indicator(
    code="online_services_rate", name_vi="Tỷ lệ trực tuyến", name_en="Online rate", unit_vi="%", unit_en="%",
    kind="ratio", direction="higher", numerator="a", denominator="b", target=95.0, target_source=None, decimals=2,
)  # fmt: skip
COUNT = Indicator(
    code="complaints", name_vi="Số đơn thư", name_en="Complaints", unit_vi="đơn", unit_en="complaints",
    kind="count", direction="lower", numerator="c", denominator=None, target=None, target_source=None, decimals=0,
)  # fmt: skip


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # well-formed XML, or this raises


def ys(polyline: ET.Element) -> list[float]:
    return [float(p.split(",")[1]) for p in polyline.get("points").split()]


def test_higher_values_are_drawn_higher_and_the_extremes_touch_the_padding():
    root = parse(charts.sparkline([("2025-Q1", 10.0), ("2025-Q2", 30.0), ("2025-Q3", 20.0)], RATIO))
    (line,) = root.iter(f"{SVG}polyline")
    low, high, middle = ys(line)
    assert high == charts.SPARK_PAD and low == charts.SPARK_HEIGHT - charts.SPARK_PAD
    assert high < middle < low and middle == (high + low) / 2


def test_a_missing_quarter_breaks_the_line_and_a_lone_quarter_is_a_dot():
    history = [("2025-Q1", 1.0), ("2025-Q2", 2.0), ("2025-Q3", None), ("2025-Q4", 3.0), ("2026-Q1", None)]
    root = parse(charts.sparkline(history, RATIO))
    lines = list(root.iter(f"{SVG}polyline"))
    assert [len(line.get("points").split()) for line in lines] == [2]
    dots = list(root.iter(f"{SVG}line"))
    assert len(dots) == 2  # the lone 2025-Q4, and the latest figure (the same point, drawn larger)
    assert {d.get("x1") for d in dots} == {
        f"{charts.SPARK_PAD + 3 * (charts.SPARK_WIDTH - 2 * charts.SPARK_PAD) / 4:.1f}"
    }


def test_a_flat_series_sits_in_the_middle_and_no_data_draws_nothing():
    root = parse(charts.sparkline([("2025-Q1", 5.0), ("2025-Q2", 5.0)], RATIO))
    assert set(ys(next(root.iter(f"{SVG}polyline")))) == {charts.SPARK_HEIGHT / 2}
    assert charts.sparkline([("2025-Q1", None)], RATIO) == ""


def test_the_trend_in_words_is_its_accessible_name_in_either_language():
    history = [("2024-Q4", 62.1), ("2025-Q1", None), ("2025-Q2", 95.94)]
    root = parse(charts.sparkline(history, RATIO, "vi"))
    assert root.get("role") == "img"
    assert root.get("aria-label") == root.find(f"{SVG}title").text == "Xu hướng: 62,10 % (IV/2024) → 95,94 % (II/2025)"
    english = parse(charts.sparkline(history, RATIO, "en"))
    assert english.get("aria-label") == "Trend: 62.10% (Q4 2024) → 95.94% (Q2 2025)"


def grid_rows(table: ET.Element) -> list[tuple[str, list[str]]]:
    return [("".join(tr.find("th").itertext()), [td.text for td in tr.iter("td")]) for tr in table.find("tbody")]


def test_the_status_grid_puts_units_missing_most_targets_first_with_marks_in_every_cell():
    units = [
        Unit("A", "Xã An", None, "commune", None, None, None, None),
        Unit("B", 'Sở "B" <i>', None, "department", None, None, None, None),
    ]
    status = pl.DataFrame(
        {
            "unit_code": ["A", "B"],
            "indicator": ["online_services_rate"] * 2,
            "value": [96.5, 80.25],
            "meets": [True, False],
        }
    )
    table = ET.fromstring(charts.status_grid(status, [RATIO, COUNT], units, "Quý IV/2025"))
    assert table.find("caption").text == "Tình hình từng đơn vị · Quý IV/2025"
    assert grid_rows(table) == [('Sở "B" <i>', ["✗ 80,25 %", "—"]), ("Xã An", ["✓ 96,50 %", "—"])]
    titles = [td.get("title") for td in table.iter("td")]
    assert titles[:2] == ["Tỷ lệ trực tuyến: Chưa đạt", "Số đơn thư: Chưa báo cáo"]
