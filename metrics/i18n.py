"""Interface text in Vietnamese (default) and English.

Kept as one table so that a missing translation is one grep away and a test
can check that every key has both languages.
"""

from __future__ import annotations

LANGUAGES = ("vi", "en")

TEXT: dict[str, tuple[str, str]] = {
    "app_title": ("Bảng điều hành UBND tỉnh", "Provincial leadership dashboard"),
    "page_overview": ("Tổng quan", "Overview"),
    "page_unit": ("Đơn vị", "Unit"),
    "page_indicator": ("Chỉ số", "Indicator"),
    "page_upload": ("Cập nhật số liệu", "Upload data"),
    "page_presentation": ("Trình chiếu", "Presentation"),
    "page_admin": ("Quản trị", "Administration"),
    "quarter": ("Kỳ báo cáo", "Quarter"),
    "language": ("Ngôn ngữ", "Language"),
    "no_data": (
        "Chưa có số liệu. Hãy tải tệp số liệu quý lên ở trang Cập nhật số liệu.",
        "No data yet. Upload a quarter's file on the Upload data page.",
    ),
    "overview_heading": ("Tổng quan toàn tỉnh · {quarter}", "Province overview · {quarter}"),
    "vs_previous": ("so với quý trước", "vs previous quarter"),
    "vs_last_year": ("So với cùng kỳ năm trước: {change}", "Same quarter last year: {change}"),
    "target_met": ("✓ Đạt mục tiêu {target}", "✓ Meets target {target}"),
    "target_missed": ("✗ Chưa đạt mục tiêu {target}", "✗ Below target {target}"),
    "no_target": ("Không đặt mục tiêu", "No target set"),
    "reported": ("{n}/{total} đơn vị báo cáo", "{n}/{total} units reported"),
    "target_source": ("Mục tiêu theo: {source}", "Target set by: {source}"),
    "grid_heading": ("Tình hình từng đơn vị", "Status of each unit"),
    "grid_caption": (
        "✓ đạt mục tiêu · ✗ chưa đạt · trống: chưa báo cáo. Đơn vị chưa đạt nhiều chỉ số nhất ở trên cùng.",
        "✓ meets target · ✗ below target · blank: not reported. Units missing most targets first.",
    ),
    "attention_heading": ("Đơn vị cần chú ý", "Units that need attention"),
    "attention_none": ("Không có đơn vị nào cần chú ý trong quý này.", "No unit needs attention this quarter."),
    "attention_more": ("… và {n} đơn vị khác.", "… and {n} more units."),
    "status_met": ("Đạt", "Met"),
    "status_missed": ("Chưa đạt", "Below"),
    "status_none": ("Không có mục tiêu", "No target"),
    "status_missing": ("Chưa báo cáo", "Not reported"),
    "unit_col": ("Đơn vị", "Unit"),
    "indicator_col": ("Chỉ số", "Indicator"),
    "coming_unit": (
        "Trang Đơn vị sẽ cho xem một đơn vị với mọi chỉ số: giá trị, thay đổi, thứ hạng "
        "trong các đơn vị cùng loại và xu hướng so với toàn tỉnh.",
        "The Unit page will show one unit with every indicator: value, change, rank among "
        "units of its kind and trend against the province.",
    ),
    "coming_indicator": (
        "Trang Chỉ số sẽ xếp hạng mọi đơn vị theo một chỉ số trong quý, có đường mục tiêu, xu hướng và phân bố.",
        "The Indicator page will rank every unit on one indicator for the quarter, with the "
        "target line, trends and distribution.",
    ),
    "coming_upload": (
        "Trang Cập nhật số liệu sẽ cho tải mẫu, tải tệp lên, xem trước, báo lỗi từng dòng, "
        "ghi số liệu, xem lịch sử và hoàn tác.",
        "The Upload page will offer the template, upload, preview, row-by-row errors, commit, history and rollback.",
    ),
    "coming_presentation": (
        "Trang Trình chiếu sẽ hiển thị các trang chiếu cỡ chữ lớn, tự chuyển, cho máy chiếu.",
        "The Presentation page will show large self-advancing slides for a projector.",
    ),
    "coming_admin": (
        "Trang Quản trị sẽ quản lý người dùng, đơn vị, chỉ số và mục tiêu.",
        "The Administration page will manage users, units, indicators and targets.",
    ),
    "coming_soon": ("Đang xây dựng", "Coming soon"),
    "data_as_of": ("Số liệu cập nhật lần cuối: {when}", "Data last updated: {when}"),
}


def t(key: str, lang: str = "vi", **values: object) -> str:
    vi, en = TEXT[key]
    text = en if lang == "en" else vi
    return text.format(**values) if values else text
