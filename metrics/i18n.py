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
    "tab_upload": ("Tải tệp lên", "Upload a file"),
    "tab_template": ("Mẫu báo cáo", "Template"),
    "tab_history": ("Lịch sử tải lên", "Upload history"),
    "template_quarter": ("Quý cần báo cáo", "Quarter to report"),
    "template_help": (
        "Mẫu có sẵn mã và tên các đơn vị đang hoạt động trong quý. Mỗi đơn vị một dòng; ô chưa có số liệu để trống.",
        "The template lists the units in force in the quarter. One row per unit; leave a cell blank when there is no figure.",
    ),
    "template_csv": ("Tải mẫu CSV", "Download CSV template"),
    "template_xlsx": ("Tải mẫu Excel", "Download Excel template"),
    "upload_pick": ("Chọn tệp số liệu (Excel .xlsx hoặc CSV)", "Choose a data file (Excel .xlsx or CSV)"),
    "upload_hint": (
        "Tệp được kiểm tra toàn bộ trước khi ghi: nếu có lỗi, không số liệu nào thay đổi và mọi lỗi được liệt kê theo dòng.",
        "The whole file is checked before anything is written: if anything is wrong, nothing changes and every problem is listed by row.",
    ),
    "upload_too_big": (
        "Tệp lớn hơn {mb} MB. Hãy chia thành nhiều tệp nhỏ hơn.",
        "The file is larger than {mb} MB. Split it into smaller files.",
    ),
    "upload_rejected": (
        "Tệp có {n} lỗi nên chưa được ghi; số liệu đang lưu không thay đổi. Sửa các lỗi dưới đây rồi tải lên lại.",
        "The file has {n} problems and was not written; stored figures are unchanged. Fix them and upload again.",
    ),
    "upload_errors_csv": ("Tải danh sách lỗi", "Download the list of problems"),
    "upload_warnings": ("{n} lưu ý (không chặn việc ghi)", "{n} notes (not blocking)"),
    "upload_valid": ("Tệp hợp lệ: {rows} dòng, dạng {layout}.", "Valid file: {rows} rows, {layout} layout."),
    "layout_wide": ("ngang (mỗi đơn vị một dòng)", "wide (one row per unit)"),
    "layout_long": ("dọc (mỗi chỉ số một dòng)", "long (one row per indicator)"),
    "count_new": ("Giá trị mới", "New values"),
    "count_changed": ("Giá trị thay đổi", "Changed values"),
    "count_unchanged": ("Không đổi", "Unchanged"),
    "changes_heading": ("So sánh với số liệu đang lưu", "Compared with the stored figures"),
    "changes_truncated": (
        "Hiển thị {shown}/{total} dòng; tải danh sách đầy đủ ở nút bên dưới.",
        "Showing {shown} of {total} rows; download the full list below.",
    ),
    "changes_csv": ("Tải danh sách thay đổi", "Download the list of changes"),
    "province_heading": ("Số liệu toàn tỉnh trước và sau khi ghi", "Province figures before and after"),
    "nothing_to_write": (
        "Tệp giống hệt số liệu đang lưu: không có gì thay đổi, không cần ghi.",
        "The file matches the stored figures exactly: nothing would change.",
    ),
    "commit_button": ("Ghi {n} giá trị vào kho số liệu", "Write {n} values to the store"),
    "committed": (
        "Đã ghi lần tải lên số {id}: {n} giá trị. Các trang đã hiển thị số liệu mới.",
        "Upload {id} written: {n} values. Every page now shows the new figures.",
    ),
    "col_row": ("Dòng", "Row"),
    "col_column": ("Cột", "Column"),
    "col_fix": ("Lỗi và cách sửa", "Problem and fix"),
    "col_quarter": ("Kỳ", "Quarter"),
    "col_old": ("Giá trị đang lưu", "Stored value"),
    "col_new": ("Giá trị trong tệp", "Value in file"),
    "col_change": ("Thay đổi", "Change"),
    "col_before": ("Trước", "Before"),
    "col_after": ("Sau", "After"),
    "change_new": ("Mới", "New"),
    "change_changed": ("Thay đổi", "Changed"),
    "change_unchanged": ("Không đổi", "Unchanged"),
    "history_empty": ("Chưa có lần tải lên nào.", "No uploads yet."),
    "col_id": ("Số", "No."),
    "col_user": ("Người tải", "By"),
    "col_when": ("Thời gian", "When"),
    "col_file": ("Tệp", "File"),
    "col_rows": ("Số dòng", "Rows"),
    "col_status": ("Trạng thái", "Status"),
    "col_values": ("Giá trị thay đổi", "Values changed"),
    "status_committed": ("Đã ghi", "Committed"),
    "status_rejected": ("Bị từ chối", "Rejected"),
    "status_rolled_back": ("Đã hoàn tác", "Rolled back"),
    "history_pick": ("Chọn lần tải lên", "Choose an upload"),
    "history_download": ("Tải lại tệp gốc", "Download the original file"),
    "rollback_confirm": (
        "Tôi hiểu: số liệu của lần tải lên này sẽ bị gỡ và trở về giá trị trước đó.",
        "I understand: this upload's values will be removed and the previous ones restored.",
    ),
    "rollback_button": ("Hoàn tác lần tải lên số {id}", "Roll back upload {id}"),
    "rolled_back": ("Đã hoàn tác lần tải lên số {id} ({n} giá trị).", "Upload {id} rolled back ({n} values)."),
    "rollback_not_possible": (
        "Chỉ hoàn tác được lần tải lên đang ở trạng thái Đã ghi.",
        "Only a committed upload can be rolled back.",
    ),
    "sign_in_title": ("Đăng nhập", "Sign in"),
    "username": ("Tên đăng nhập", "Username"),
    "password": ("Mật khẩu", "Password"),
    "sign_in": ("Đăng nhập", "Sign in"),
    "sign_in_sso": ("Đăng nhập bằng tài khoản của tỉnh (SSO)", "Sign in with the province's account (SSO)"),
    "sso_no_account": (
        "Tài khoản SSO này chưa được cấp quyền trên bảng điều hành. Hãy liên hệ quản trị viên.",
        "This single-sign-on account has no access to the dashboard. Ask an administrator.",
    ),
    "sign_out": ("Đăng xuất", "Sign out"),
    "signed_in_as": ("Đang đăng nhập: {name} · {role}", "Signed in: {name} · {role}"),
    "session_expired": (
        "Phiên làm việc đã hết hạn. Hãy đăng nhập lại.",
        "Your session has expired. Please sign in again.",
    ),
    "account_disabled": ("Tài khoản đã bị khóa.", "The account has been disabled."),
    "display_link_invalid": (
        "Đường dẫn trình chiếu không còn hiệu lực. Hãy xin quản trị viên đường dẫn mới.",
        "This display link is no longer valid. Ask an administrator for a new one.",
    ),
    "role_viewer": ("Lãnh đạo (chỉ xem)", "Leader (read only)"),
    "role_unit_staff": ("Cán bộ đơn vị", "Unit staff"),
    "role_admin": ("Quản trị viên", "Administrator"),
    "admins_only": ("Trang này chỉ dành cho quản trị viên.", "This page is for administrators only."),
    "writers_only": (
        "Tài khoản của bạn chỉ có quyền xem, không được cập nhật số liệu.",
        "Your account can view but not upload figures.",
    ),
    "data_as_of": ("Số liệu cập nhật lần cuối: {when}", "Data last updated: {when}"),
}


def t(key: str, lang: str = "vi", **values: object) -> str:
    vi, en = TEXT[key]
    text = en if lang == "en" else vi
    return text.format(**values) if values else text
