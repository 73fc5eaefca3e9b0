"""The quarter's upload template: Vietnamese headers, the units in force pre-filled.

Blank, or filled with the figures already stored for the quarter, so that a
unit corrects two cells instead of retyping the quarter. An account that may
write only some units gets only their rows.
"""

from __future__ import annotations

from collections.abc import Collection

import polars as pl

from metrics import exports
from metrics.catalogue import Field, Indicator, Unit
from metrics.overview import units_in_force
from metrics.quarters import quarter_label

LEADING = ("unit_code", "unit_name", "quarter")
TRAILING = ("note",)
SHEET_PREFIX = "Số liệu"  # the data sheet of the template: 'Số liệu 2025-Q3'
GUIDE = [
    "CÁCH ĐIỀN MẪU BÁO CÁO SỐ LIỆU QUÝ",
    "1. Mỗi đơn vị một dòng. Không sửa dòng tiêu đề, không đổi mã đơn vị.",
    "2. Điền số nguyên không âm; có thể viết 6.824 hoặc 6824 (dấu chấm là phân cách hàng nghìn).",
    "3. Ô nào chưa có số liệu thì để trống; không ghi 0 nếu thực tế chưa thống kê.",
    "4. Tử số không được lớn hơn mẫu số (ví dụ: hồ sơ trực tuyến ≤ tổng hồ sơ tiếp nhận).",
    "5. Kỳ báo cáo ghi dạng Quý III/2025 hoặc 2025-Q3.",
    "6. Lưu tệp dạng Excel (.xlsx hoặc .xls), OpenDocument (.ods) hoặc CSV UTF-8 rồi tải lên ở trang Cập nhật số liệu.",
    "Tải lên lại cùng quý sẽ thay số liệu cũ; số liệu cũ vẫn được lưu trong lịch sử và có thể hoàn tác.",
]


def is_template_sheet(name: str) -> bool:
    """Whether a workbook's sheet is the template's data sheet (it wins over other sheets holding data)."""
    return name.strip().casefold().startswith(SHEET_PREFIX.casefold())


def template_columns(fields: list[Field], indicators: list[Indicator]) -> list[Field]:
    """Identity columns, then every column an indicator units report is built from, then the note."""
    by_code = {f.code: f for f in fields}
    used = {c for i in indicators if i.reported_by_units for c in i.fields}
    middle = [f for f in fields if f.code in used]
    return [by_code[c] for c in LEADING] + middle + [by_code[c] for c in TRAILING]


def stored_cells(indicators: list[Indicator], stored: pl.DataFrame) -> dict[tuple[str, str], int]:
    """(unit, upload column) -> the whole number stored for it: a ratio's two parts, a count's value."""
    kinds = {i.code: i for i in indicators}
    cells: dict[tuple[str, str], int] = {}
    for row in stored.iter_rows(named=True):
        indicator = kinds.get(row["indicator"])
        if indicator is None:
            continue
        parts: tuple[tuple[str, float | None], ...]
        if indicator.is_ratio:
            assert indicator.denominator is not None
            parts = ((indicator.numerator, row["numerator"]), (indicator.denominator, row["denominator"]))
        else:
            parts = ((indicator.numerator, row["value"]),)
        for column, amount in parts:
            if amount is not None:
                cells[(row["unit_code"], column)] = round(amount)
    return cells


def template_rows(
    fields: list[Field],
    indicators: list[Indicator],
    units: list[Unit],
    quarter: str,
    stored: pl.DataFrame | None = None,
    scope: Collection[str] | None = None,
) -> tuple[list[str], list[list[str | int]]]:
    """Header and one row per unit in force (within `scope`), blank or with the `stored` values of the quarter."""
    columns = template_columns(fields, indicators)
    header = [f.label_vi for f in columns]
    label = quarter_label(quarter)
    cells = stored_cells(indicators, stored.filter(pl.col("quarter") == quarter)) if stored is not None else {}
    rows: list[list[str | int]] = []
    for unit in units_in_force(units, quarter):
        if scope is not None and unit.code not in scope:
            continue
        prefilled = {"unit_code": unit.code, "unit_name": unit.name_vi, "quarter": label}
        rows.append([prefilled.get(f.code, cells.get((unit.code, f.code), "")) for f in columns])
    return header, rows


def template_csv(
    fields: list[Field],
    indicators: list[Indicator],
    units: list[Unit],
    quarter: str,
    stored: pl.DataFrame | None = None,
    scope: Collection[str] | None = None,
) -> bytes:
    header, rows = template_rows(fields, indicators, units, quarter, stored, scope)
    return exports.to_csv(header, rows)


def template_xlsx(
    fields: list[Field],
    indicators: list[Indicator],
    units: list[Unit],
    quarter: str,
    stored: pl.DataFrame | None = None,
    scope: Collection[str] | None = None,
) -> bytes:
    header, rows = template_rows(fields, indicators, units, quarter, stored, scope)
    return exports.to_xlsx(header, rows, sheet=f"{SHEET_PREFIX} {quarter}", text_columns=(0, 1, 2), notes=GUIDE)
