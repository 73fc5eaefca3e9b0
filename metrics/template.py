"""The quarter's upload template: Vietnamese headers, the units in force pre-filled."""

from __future__ import annotations

from metrics import exports
from metrics.catalogue import Field, Indicator, Unit
from metrics.quarters import quarter_label

LEADING = ("unit_code", "unit_name", "quarter")
TRAILING = ("note",)
GUIDE = [
    "CÁCH ĐIỀN MẪU BÁO CÁO SỐ LIỆU QUÝ",
    "1. Mỗi đơn vị một dòng. Không sửa dòng tiêu đề, không đổi mã đơn vị.",
    "2. Điền số nguyên không âm; có thể viết 6.824 hoặc 6824 (dấu chấm là phân cách hàng nghìn).",
    "3. Ô nào chưa có số liệu thì để trống; không ghi 0 nếu thực tế chưa thống kê.",
    "4. Tử số không được lớn hơn mẫu số (ví dụ: hồ sơ trực tuyến ≤ tổng hồ sơ tiếp nhận).",
    "5. Kỳ báo cáo ghi dạng Quý III/2025 hoặc 2025-Q3.",
    "6. Lưu tệp dạng Excel (.xlsx) hoặc CSV UTF-8 rồi tải lên ở trang Cập nhật số liệu.",
    "Tải lên lại cùng quý sẽ thay số liệu cũ; số liệu cũ vẫn được lưu trong lịch sử và có thể hoàn tác.",
]


def template_columns(fields: list[Field], indicators: list[Indicator]) -> list[Field]:
    """Identity columns, then every column an indicator is built from, then the note."""
    by_code = {f.code: f for f in fields}
    used = {c for i in indicators if not i.from_register for c in i.fields}  # the register's figures are derived
    middle = [f for f in fields if f.code in used]
    return [by_code[c] for c in LEADING] + middle + [by_code[c] for c in TRAILING]


def template_rows(
    fields: list[Field], indicators: list[Indicator], units: list[Unit], quarter: str
) -> tuple[list[str], list[list[str]]]:
    columns = template_columns(fields, indicators)
    header = [f.label_vi for f in columns]
    label = quarter_label(quarter)
    rows = []
    for unit in units:
        if unit.kind == "province" or not unit.valid_in(quarter):
            continue
        prefilled = {"unit_code": unit.code, "unit_name": unit.name_vi, "quarter": label}
        rows.append([prefilled.get(f.code, "") for f in columns])
    return header, rows


def template_csv(fields: list[Field], indicators: list[Indicator], units: list[Unit], quarter: str) -> bytes:
    header, rows = template_rows(fields, indicators, units, quarter)
    return exports.to_csv(header, rows)


def template_xlsx(fields: list[Field], indicators: list[Indicator], units: list[Unit], quarter: str) -> bytes:
    header, rows = template_rows(fields, indicators, units, quarter)
    return exports.to_xlsx(header, rows, sheet=f"Số liệu {quarter}", text_columns=(0, 1, 2), notes=GUIDE)
