"""Interface text in Vietnamese (default) and English.

Kept as one table so that a missing translation is one grep away and a test
can check that every key has both languages.
"""

from __future__ import annotations

from typing import Self

TEXT: dict[str, tuple[str, str]] = {
    "app_title": ("Bảng điều hành UBND tỉnh", "Provincial leadership dashboard"),
    "page_overview": ("Tổng quan", "Overview"),
    "page_unit": ("Đơn vị", "Unit"),
    "page_indicator": ("Chỉ số", "Indicator"),
    "page_upload": ("Cập nhật số liệu", "Upload data"),
    "page_reporting": ("Tình hình báo cáo", "Reporting"),
    "page_presentation": ("Trình chiếu", "Presentation"),
    "page_admin": ("Quản trị", "Administration"),
    "quarter": ("Kỳ báo cáo", "Quarter"),
    # Placeholders of Streamlit's pickers (its own are English): one value, several values.
    "target_typed_help": (
        "Viết như số trên trang: dấu phẩy trước phần thập phân (80,00); để trống để bỏ mục tiêu.",
        "Written as the page shows numbers: a point before the decimals (80.00); leave blank to remove the target.",
    ),
    "target_not_a_number": (
        "'{typed}' không phải là số. Hãy viết mục tiêu như 80,00 hoặc 1.500.",
        "'{typed}' is not a number. Write the target as 80.00 or 1,500.",
    ),
    "choose_option": ("Chọn", "Choose an option"),
    "choose_options": ("Chọn một hoặc nhiều", "Choose options"),
    "language": ("Ngôn ngữ", "Language"),
    "no_data": (
        "Chưa có số liệu. Hãy tải tệp số liệu quý lên ở trang Cập nhật số liệu.",
        "No data yet. Upload a quarter's file on the Upload data page.",
    ),
    "overview_heading": ("Tổng quan toàn tỉnh · {quarter}", "Province overview · {quarter}"),
    "vs_previous": ("so với quý trước", "vs previous quarter"),
    "trend_words": (
        "Xu hướng: {first} ({first_quarter}) → {last} ({last_quarter})",
        "Trend: {first} ({first_quarter}) → {last} ({last_quarter})",
    ),
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
    "attention_more": ("Xem thêm {n} đơn vị khác", "Show {n} more units"),
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
    "tab_reporting": ("Tình hình báo cáo", "Who has reported"),
    "reporting_summary": (
        "{reported}/{expected} đơn vị đã báo cáo {quarter}; {missing} chưa báo cáo, hạn {due}",
        "{reported} of {expected} units have reported {quarter}; {missing} not yet, due {due}",
    ),
    "stale_line": (
        "Số liệu mới nhất: {newest}, chậm {n} {quarters} so với kỳ đang thu thập {collecting} (hạn {due}).",
        "Newest figures: {newest}, {n} {quarters} behind the quarter being collected, {collecting} (due {due}).",
    ),
    "stale_line_overdue": (
        "Số liệu mới nhất: {newest}, chậm {n} {quarters} so với kỳ đang thu thập {collecting} (đã quá hạn {due}).",
        "Newest figures: {newest}, {n} {quarters} behind the quarter being collected, {collecting} (due {due}, overdue).",
    ),
    "quarter_unit": ("quý", "quarter"),
    "quarters_unit": ("quý", "quarters"),
    "reporting_summary_late": ("; {late} báo cáo trễ hạn", "; {late} reported late"),
    "reporting_quarter": ("Quý báo cáo", "Quarter"),
    "reporting_due": ("Hạn báo cáo", "Due date"),
    "reporting_due_save": ("Lưu hạn báo cáo", "Save due date"),
    "reporting_due_saved": ("Đã lưu hạn báo cáo {quarter}: {due}.", "Due date for {quarter} saved: {due}."),
    "report_missing": ("Chưa báo cáo", "Not reported"),
    "report_late": ("Trễ hạn", "Late"),
    "report_on_time": ("Đúng hạn", "On time"),
    "col_unit_code": ("Mã đơn vị", "Unit code"),
    "col_unit_name": ("Tên đơn vị", "Unit"),
    "col_report_status": ("Tình trạng", "Status"),
    "col_reported_at": ("Thời điểm báo cáo", "Reported at"),
    "col_reported_by": ("Người tải lên", "Uploaded by"),
    "col_days_late": ("Số ngày trễ", "Days late"),
    "template_quarter": ("Quý cần báo cáo", "Quarter to report"),
    "template_kind": ("Mẫu", "Template"),
    "template_blank": ("Mẫu trống", "Blank"),
    "template_filled": ("Điền sẵn số liệu đã lưu (để sửa)", "Filled with the stored figures (to correct them)"),
    "template_help": (
        "Mẫu có sẵn mã và tên các đơn vị đang hoạt động trong quý. Mỗi đơn vị một dòng; ô chưa có số liệu để trống.",
        "The template lists the units in force in the quarter. One row per unit; leave a cell blank when there is no figure.",
    ),
    "template_csv": ("Tải mẫu CSV", "Download CSV template"),
    "template_xlsx": ("Tải mẫu Excel", "Download Excel template"),
    "upload_pick": (
        "Chọn tệp số liệu (Excel .xlsx hoặc .xls, OpenDocument .ods, CSV)",
        "Choose a data file (Excel .xlsx or .xls, OpenDocument .ods, CSV)",
    ),
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
    "upload_outdated": (
        "Số liệu đã thay đổi sau khi tệp được kiểm tra (vừa có một lần ghi khác), nên tệp chưa được ghi. "
        "Tệp đã được kiểm tra lại với số liệu mới: hãy xem lại phần thay đổi rồi bấm Ghi lần nữa.",
        "The stored figures changed after this file was checked (another upload was just written), so it was not "
        "written. It has been checked again against the new figures: review the changes and press Write again.",
    ),
    "upload_errors_csv": ("Tải danh sách lỗi", "Download the list of problems"),
    "upload_warnings": ("{n} lưu ý (không chặn việc ghi)", "{n} notes (not blocking)"),
    "upload_suspicious": (
        "{n} giá trị lớn bất thường so với số liệu đã lưu của đơn vị. Hãy kiểm tra trước khi ghi:",
        "{n} values are far larger than the unit's stored figures. Check them before writing:",
    ),
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
    "col_unit": ("Đơn vị", "Unit"),
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
    "col_values": ("Giá trị thay đổi", "Values changed"),
    "status_committed": ("Đã ghi", "Committed"),
    "status_rejected": ("Bị từ chối", "Rejected"),
    "status_rolled_back": ("Đã hoàn tác", "Rolled back"),
    "status_rolled_back_by": ("Đã hoàn tác ({who}, {when})", "Rolled back ({who}, {when})"),
    "history_pick": ("Chọn lần tải lên", "Choose an upload"),
    "history_download": ("Tải lại tệp gốc", "Download the original file"),
    "history_cut": (
        "Tệp gốc nặng {size} nên chỉ lưu {kept} đầu tiên. Mã SHA-256 của cả tệp: {sha}.",
        "The original file was {size}, so only its first {kept} are kept. SHA-256 of the whole file: {sha}.",
    ),
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
    "tab_users": ("Tài khoản", "Accounts"),
    "tab_display": ("Đường dẫn trình chiếu", "Display links"),
    "tab_catalogue": ("Đơn vị, chỉ số, mục tiêu", "Units, indicators, targets"),
    "tab_audit": ("Nhật ký", "Audit log"),
    "display_name": ("Họ tên", "Full name"),
    "role": ("Vai trò", "Role"),
    "units": ("Đơn vị được cập nhật", "Units they may update"),
    "locked": ("Đã khóa", "Disabled"),
    "active": ("Đang hoạt động", "Active"),
    "add_user": ("Thêm tài khoản", "Add an account"),
    "change_user": ("Sửa tài khoản", "Change an account"),
    "password_rule": (
        "Ít nhất 10 ký tự. Để trống nếu chỉ đăng nhập bằng SSO.",
        "At least 10 characters. Leave empty for SSO-only accounts.",
    ),
    "new_password": ("Mật khẩu mới", "New password"),
    "set_password": ("Đặt mật khẩu", "Set password"),
    "save_units": ("Lưu đơn vị", "Save units"),
    "enable": ("Mở khóa tài khoản", "Enable account"),
    "disable": ("Khóa tài khoản", "Disable account"),
    "user_added": ("Đã thêm tài khoản {name}.", "Account {name} added."),
    "password_set": ("Đã đặt mật khẩu mới cho {name}.", "New password set for {name}."),
    "units_saved": ("Đã lưu đơn vị của {name}.", "Units of {name} saved."),
    "user_locked": ("Đã khóa tài khoản {name}.", "Account {name} disabled."),
    "user_unlocked": ("Đã mở khóa tài khoản {name}.", "Account {name} enabled."),
    "display_links_help": (
        "Đường dẫn chỉ mở trang Trình chiếu, không cần mật khẩu, không sửa được gì. Thu hồi khi không dùng nữa.",
        "A link opens only the presentation, with no password and no way to change anything. Revoke it when done.",
    ),
    "display_label": ("Tên màn hình (ví dụ: phòng họp)", "Screen name (e.g. meeting room)"),
    "create_link": ("Tạo đường dẫn", "Create link"),
    "display_link_made": (
        "Đường dẫn mới (chỉ hiện một lần, hãy sao chép ngay):",
        "New link (shown once; copy it now):",
    ),
    "revoke": ("Thu hồi", "Revoke"),
    "revoked": ("đã thu hồi", "revoked"),
    "link_revoked": ("Đã thu hồi đường dẫn.", "Link revoked."),
    "download_units": ("Tải danh sách đơn vị (CSV)", "Download the unit list (CSV)"),
    "download_indicators": ("Tải danh mục chỉ số (CSV)", "Download the indicator catalogue (CSV)"),
    "replace_units": (
        "Thay danh sách đơn vị bằng tệp CSV hoặc bảng tính (.xlsx, .ods, .xls)",
        "Replace the unit list from a CSV or a workbook (.xlsx, .ods, .xls)",
    ),
    "replace_indicators": ("Thay danh mục chỉ số bằng tệp CSV", "Replace the catalogue from a CSV"),
    "apply": ("Áp dụng", "Apply"),
    "units_replaced": ("Đã cập nhật danh sách: {n} đơn vị.", "Unit list updated: {n} units."),
    "indicators_replaced": ("Đã cập nhật danh mục: {n} chỉ số.", "Catalogue updated: {n} indicators."),
    "targets": ("Mục tiêu", "Targets"),
    "target": ("Mục tiêu", "Target"),
    "target_source_label": ("Văn bản đặt mục tiêu", "Document that set the target"),
    "save_target": ("Lưu mục tiêu", "Save target"),
    "target_saved": ("Đã lưu mục tiêu.", "Target saved."),
    "action": ("Hành động", "Action"),
    "col_actor": ("Người thực hiện", "By"),
    "target_col": ("Đối tượng", "Target"),
    "detail": ("Chi tiết", "Detail"),
    "export_csv": ("Xuất CSV", "Export CSV"),
    "export_xlsx": ("Xuất Excel", "Export Excel"),
    "choose_units": ("Chọn đơn vị", "Choose units"),
    "merged_short": ("đã sáp nhập", "merged"),
    "merged_from": ("Thành lập {quarter} từ sáp nhập: {names}", "Formed in {quarter} by merging: {names}"),
    "merged_into": ("Từ {quarter} sáp nhập vào {name}", "Merged into {name} from {quarter}"),
    "kind_department": ("Sở, ban, ngành", "Departments"),
    "kind_commune": ("Xã", "Commune"),
    "kind_ward": ("Phường", "Ward"),
    "kind_province": ("Tỉnh", "Province"),
    "unit_not_in_force": ("Đơn vị không hoạt động trong {quarter}.", "This unit did not exist in {quarter}."),
    "col_value": ("Giá trị", "Value"),
    "vs_previous_col": ("So với quý trước", "vs previous quarter"),
    "vs_year_col": ("So với cùng kỳ", "vs same quarter last year"),
    "rank_col": ("Hạng", "Rank"),
    "rank_of": ("hạng {rank}/{of}", "{rank} of {of}"),
    "province_col": ("Toàn tỉnh", "Province"),
    "province": ("Toàn tỉnh", "Province"),
    "target_col_status": ("Mục tiêu", "Target"),
    "trend_heading": ("Xu hướng", "Trends"),
    "merger_mark": ("Sáp nhập", "Merger"),
    "view": ("Kỳ xem", "Period"),
    "view_quarter": ("Quý", "Quarter"),
    "view_half": ("6 tháng", "Half-year"),
    "view_year": ("Năm", "Year"),
    "unit_kind": ("Loại đơn vị", "Unit kind"),
    "kind_all": ("Tất cả", "All"),
    "kind_local": ("Xã, phường", "Communes, wards"),
    "units_meeting": ("Đơn vị đạt mục tiêu", "Units meeting the target"),
    "ranking_title": ("{name}: xếp hạng các đơn vị · {period}", "{name}: units ranked · {period}"),
    "click_to_open": (
        "Bấm vào một đơn vị trên biểu đồ hoặc trong bảng để mở trang của đơn vị đó.",
        "Click a unit in the chart or the table to open its page.",
    ),
    "compare_units": ("So sánh với các đơn vị", "Compare with units"),
    "trend_title": ("{name} theo quý", "{name} by quarter"),
    "distribution_heading": ("Phân bố", "Distribution"),
    "distribution_title": ("Phân bố giữa các đơn vị · {period}", "Spread across units · {period}"),
    "slide_targets_met": ("chỉ số đạt mục tiêu", "indicators on target"),
    "slide_leaders": ("Dẫn đầu", "Leading"),
    "slide_laggards": ("Cần cải thiện", "Lagging"),
    "slide_tiles": ("Số liệu toàn tỉnh", "Province figures"),
    "slide_attention": ("Đơn vị cần chú ý", "Units that need attention"),
    "slide_ranking": ("Xếp hạng: {name}", "Ranking: {name}"),
    "slide_trend": ("Xu hướng: {name}", "Trend: {name}"),
    "slide_title": ("Trang mở đầu", "Title slide"),
    "slide_meeting": ("Phiên họp giao ban", "Review meeting"),
    "slide_trend_sub": (
        "Toàn tỉnh, {n} quý gần nhất · Mục tiêu {target} (đường nét đứt)",
        "Province, last {n} quarters · Target {target} (dashed line)",
    ),
    "slide_trend_sub_no_target": (
        "Toàn tỉnh, {n} quý gần nhất · Không đặt mục tiêu",
        "Province, last {n} quarters · No target set",
    ),
    "slide_bottom_no_target": ("Xếp cuối (chỉ số không đặt mục tiêu)", "Lowest (no target set)"),
    "slide_all_met": ("Mọi đơn vị đều đạt mục tiêu.", "Every unit meets the target."),
    "slide_more_missing": ("+ {n} đơn vị khác chưa đạt, xếp trên", "+ {n} more units below target, ranked above"),
    "slide_more_missing_one": ("+ {n} đơn vị khác chưa đạt, xếp trên", "+ {n} more unit below target, ranked above"),
    "slide_tied_more": ("+ {n} đơn vị khác cùng hạng {rank}", "+ {n} more units tied at rank {rank}"),
    "slide_tied_more_one": ("+ {n} đơn vị khác cùng hạng {rank}", "+ {n} more unit tied at rank {rank}"),
    "slide_met_band": ("{met}/{total} đơn vị đạt mục tiêu", "{met} of {total} units meet the target"),
    "slide_units_band": ("{total} đơn vị có số liệu", "{total} units reported"),
    "idx_groups_band": ("{met}/{total} nhóm đạt mục tiêu", "{met} of {total} groups meet their target"),
    "slide_unit_reasons": ("Vì sao cần chú ý", "Why it needs attention"),
    "slide_ranking_sub": ("Toàn tỉnh {province} · Mục tiêu {target}", "Province {province} · Target {target}"),
    "slide_keys": ("→ tiếp · ← lùi · Space tạm dừng", "→ next · ← back · Space pause"),
    "slide_prev": ("Trang trước (←, PageUp)", "Previous (←, PageUp)"),
    "slide_next": ("Trang sau (→, PageDown)", "Next (→, PageDown)"),
    "slide_pause": ("Tạm dừng / tiếp tục (Space)", "Pause / resume (Space)"),
    "paused": ("tạm dừng", "paused"),
    "slide_back": ("Lùi", "Back"),
    "slide_hold": ("Dừng", "Pause"),
    "slide_forward": ("Tiếp", "Next"),
    "slide_exit": ("Thoát", "Exit"),
    "agendas": ("Chương trình trình chiếu", "Presentation agendas"),
    "agendas_help": (
        "Chọn các trang chiếu theo thứ tự cho một cuộc họp. Mở bằng /presentation?agenda=TÊN, thêm &interval=GIÂY để đặt thời gian mỗi trang.",
        "Pick the slides of a meeting in order. Open with /presentation?agenda=NAME; add &interval=SECONDS for the time per slide.",
    ),
    "agenda_name": ("Tên chương trình (chữ thường, gạch ngang)", "Agenda name (lower case, hyphens)"),
    "agenda_slides": ("Các trang chiếu, theo thứ tự chọn", "Slides, in the order picked"),
    "agenda_pick": ("Chọn trang chiếu", "Choose slides"),
    "agenda_save": ("Lưu chương trình", "Save agenda"),
    "agenda_saved": ("Đã lưu chương trình {name}.", "Agenda {name} saved."),
    "agenda_deleted": ("Đã xoá chương trình {name}.", "Agenda {name} deleted."),
    "agenda_count": ("trang", "slides"),
    "delete": ("Xoá", "Delete"),
    "grid_capped": (
        "Lưới hiển thị {shown}/{total} đơn vị chưa đạt nhiều chỉ số nhất; trang Chỉ số có đủ mọi đơn vị.",
        "The grid shows the {shown} of {total} units missing most targets; the Indicator page lists every unit.",
    ),
    "attention_reasons": ("Lý do", "Reasons"),
    "data_as_of": ("Số liệu cập nhật lần cuối: {when}", "Data last updated: {when}"),
    "shortfall_higher": ("thấp hơn mục tiêu {gap}", "{gap} below the target"),
    "shortfall_lower": ("cao hơn mục tiêu {gap}", "{gap} above the target"),
    "since": ("từ {quarter}", "since {quarter}"),
    "since_or_earlier": ("từ {quarter} hoặc sớm hơn", "since {quarter} or earlier"),
    "quarters_running": ("{n} quý liên tiếp", "{n} quarters running"),
    "unit_search": ("Tìm đơn vị", "Find a unit"),
    "unit_search_hint": (
        "gõ tên, có dấu hay không dấu, ví dụ: ky son",
        "type a name, with or without marks, e.g. ky son",
    ),
    "unit_search_found": (
        "{n} đơn vị khớp: chọn trong danh sách bên dưới.",
        "{n} matching units: pick one in the list below.",
    ),
    "peer_average_department": ("Trung bình một sở, ban, ngành", "Average department"),
    "peer_average_local": ("Trung bình một xã, phường", "Average commune or ward"),
    "peer_average_all": ("Trung bình một đơn vị", "Average unit"),
    "vs_target_col": ("So với mục tiêu", "Against target"),
    "below_quarters_col": ("Số quý liên tiếp chưa đạt", "Quarters running below target"),
    "below_since": ("{n} · từ {quarter}", "{n} · since {quarter}"),
    # The national service index (Decision 766)
    "page_index766": ("Chỉ số 766", "Index 766"),
    "idx_heading": (
        "Chỉ số phục vụ người dân, doanh nghiệp · {quarter}",
        "Citizen and business service index · {quarter}",
    ),
    "idx_caption": (
        "Điểm do Cổng Dịch vụ công quốc gia công bố theo Quyết định 766/QĐ-TTg (tối đa 100 điểm, sáu nhóm).",
        "Scores published by the National Public Service Portal under Decision 766/QĐ-TTg (100 points, six groups).",
    ),
    "idx_no_data": (
        "Chưa có điểm Chỉ số 766 cho quý này. Hãy tải tệp xuất từ Cổng Dịch vụ công lên ở trang Cập nhật số liệu.",
        "No Index 766 scores for this quarter yet. Upload the portal's export on the Upload data page.",
    ),
    "idx_points": ("điểm", "points"),
    "idx_total": ("Tổng điểm", "Total score"),
    "idx_national_rank": ("Xếp hạng toàn quốc", "National rank"),
    "idx_rank_change": ("{n} bậc so với quý trước", "{n} places on the previous quarter"),
    "idx_target": ("Mục tiêu", "Target"),
    "idx_costliest": ("Mất nhiều điểm nhất", "Most points lost"),
    "idx_groups_title": ("Điểm từng nhóm so với điểm tối đa · {quarter}", "Each group against its maximum · {quarter}"),
    "idx_national_title": ("Xếp hạng {n} tỉnh, thành phố · {quarter}", "The {n} provinces ranked · {quarter}"),
    "idx_rank_title": ("Thứ hạng toàn quốc qua các quý", "National rank by quarter"),
    "idx_neighbours": ("Các tỉnh xếp liền trước và sau", "The provinces just above and below"),
    "idx_neighbours_none": (
        "Chưa có bảng xếp hạng toàn quốc cho quý này (tệp toàn quốc của Cổng).",
        "No national ranking for this quarter yet (the portal's national sheet).",
    ),
    "idx_col_province": ("Tỉnh, thành phố", "Province"),
    "idx_col_total": ("Tổng điểm", "Total"),
    "idx_col_published": ("Hạng trên Cổng", "Portal rank"),
    "idx_col_group": ("Nhóm chỉ số", "Group"),
    "idx_col_score": ("Điểm", "Score"),
    "idx_col_max": ("Tối đa", "Maximum"),
    "idx_col_lost": ("Điểm bị mất", "Points lost"),
    "idx_tab_national": ("Toàn quốc", "National"),
    "idx_tab_department": ("Sở, ban, ngành", "Departments"),
    "idx_tab_local": ("Xã, phường", "Communes and wards"),
    "idx_ranking_department": (
        "Sở, ban, ngành xếp theo tổng điểm · {quarter}",
        "Departments by total score · {quarter}",
    ),
    "idx_ranking_local": ("Xã, phường xếp theo tổng điểm · {quarter}", "Communes and wards by total score · {quarter}"),
    "idx_unit_heading": ("Một đơn vị: nhóm nào làm mất điểm", "One unit: which groups cost it points"),
    "idx_unit_pick": ("Đơn vị", "Unit"),
    "idx_lost_title": ("Điểm bị mất theo nhóm (tối đa − đạt)", "Points lost by group (maximum − score)"),
    "idx_trend_title": ("Tổng điểm qua các quý", "Total score by quarter"),
    "idx_rank_within": ("Hạng trong tỉnh", "Rank in the province"),
    "idx_unit_no_score": ("Đơn vị chưa có điểm trong quý này.", "The unit has no score this quarter."),
    "idx_tile": ("Chỉ số 766 (Cổng DVC quốc gia)", "Index 766 (national portal)"),
    "idx_tile_rank": ("Hạng {rank}/{of} toàn quốc", "Ranked {rank} of {of} nationally"),
    "idx_portal_quarter": ("Kỳ của tệp xuất từ Cổng", "Period of the portal export"),
    "idx_portal_recognised": (
        "Đây là tệp xuất điểm Chỉ số 766 từ Cổng Dịch vụ công: hãy chọn quý mà điểm thuộc về.",
        "This is an Index 766 export from the national portal: choose the quarter the scores belong to.",
    ),
    "idx_portal_valid": (
        "Tệp hợp lệ: {rows} dòng, {units} đơn vị của tỉnh, {others} tỉnh khác giữ để so sánh.",
        "Valid file: {rows} rows, {units} of the province's units, {others} other provinces kept for comparison.",
    ),
    "idx_slide_title": ("Chỉ số phục vụ người dân, doanh nghiệp (766)", "Citizen and business service index (766)"),
    "slide_index766": ("Chỉ số 766 của tỉnh và xếp hạng toàn quốc", "The province's Index 766 and national rank"),
}


# The task register, meetings and the brief.
TEXT |= {
    "page_tasks": ("Nhiệm vụ", "Tasks"),
    "tasks_heading": ("Nhiệm vụ do UBND tỉnh giao", "Tasks assigned by the Committee"),
    "tasks_caption": ("Tình trạng tại ngày {day} · {n} nhiệm vụ", "Status on {day} · {n} tasks"),
    "tasks_none": (
        "Chưa có nhiệm vụ nào. Hãy nhập sổ nhiệm vụ ở phần Nhập sổ nhiệm vụ.",
        "No task yet. Import the register below.",
    ),
    "tasks_none_match": ("Không có nhiệm vụ nào khớp bộ lọc.", "No task matches the filters."),
    "task_unit_filter": ("Đơn vị chủ trì", "Lead unit"),
    "task_status_filter": ("Tình trạng", "Status"),
    "task_assigner_filter": ("Người giao", "Assigned by"),
    "task_document_filter": ("Số, ký hiệu văn bản hoặc nội dung", "Document number or text"),
    "task_at_filter": ("Tình trạng tại ngày (cuối tháng)", "Status on (month end)"),
    "task_at_today": ("Hôm nay ({day})", "Today ({day})"),
    "all": ("Tất cả", "All"),
    "task_status_all": ("Tất cả", "All"),
    "task_status_overdue": ("Quá hạn", "Overdue"),
    "task_status_in_progress": ("Đang thực hiện", "In progress"),
    "task_status_done_on_time": ("Hoàn thành đúng hạn", "Done on time"),
    "task_status_done_late": ("Hoàn thành quá hạn", "Done late"),
    "overdue_heading": ("Nhiệm vụ quá hạn, lâu nhất trước", "Overdue tasks, longest first"),
    "all_tasks_heading": ("Danh sách nhiệm vụ", "All tasks"),
    "overdue_by_unit_heading": ("Nhiệm vụ quá hạn theo đơn vị chủ trì", "Overdue tasks by lead unit"),
    "col_task_id": ("Mã nhiệm vụ", "Task ID"),
    "col_document": ("Văn bản", "Document"),
    "col_document_date": ("Ngày văn bản", "Document date"),
    "col_summary": ("Trích yếu", "Summary"),
    "col_lead_unit": ("Đơn vị chủ trì", "Lead unit"),
    "col_assigned_by": ("Người giao", "Assigned by"),
    "col_deadline": ("Hạn", "Deadline"),
    "col_extended_to": ("Gia hạn đến", "Extended to"),
    "col_completed_on": ("Ngày hoàn thành", "Completed on"),
    "col_status": ("Tình trạng", "Status"),
    "col_days_overdue": ("Số ngày quá hạn", "Days overdue"),
    "col_source": ("Nguồn", "Source"),
    "col_detail": ("Chi tiết", "Detail"),
    "col_overdue_count": ("Số nhiệm vụ quá hạn", "Overdue tasks"),
    "col_oldest_days": ("Quá hạn lâu nhất (ngày)", "Longest overdue (days)"),
    "standing_task": ("Thường xuyên", "Standing"),
    "from_meeting": ("Kết luận phiên họp số {n}", "Conclusion of meeting {n}"),
    "tasks_import_heading": ("Nhập sổ nhiệm vụ", "Import the task register"),
    "tasks_import_pick": (
        "Chọn tệp sổ nhiệm vụ (Excel .xlsx hoặc .xls, OpenDocument .ods, CSV)",
        "Choose the register file (Excel .xlsx or .xls, OpenDocument .ods, CSV)",
    ),
    "tasks_import_hint": (
        "Tệp xuất từ hệ thống quản lý văn bản, mỗi nhiệm vụ một dòng; nhiệm vụ đã có được cập nhật theo Mã nhiệm vụ, phiên bản cũ vẫn được lưu.",
        "The document system's export, one task a row; existing tasks are updated by task ID and earlier versions kept.",
    ),
    "tasks_import_scope": (
        "Bạn chỉ cập nhật được nhiệm vụ do đơn vị của mình chủ trì: {units}.",
        "You may update only tasks your units lead: {units}.",
    ),
    "tasks_rejected": (
        "Tệp có {n} lỗi; sổ nhiệm vụ chưa thay đổi. Hãy sửa rồi tải lên lại.",
        "The file has {n} errors; nothing changed. Fix them and upload again.",
    ),
    "tasks_valid": ("Tệp hợp lệ: {rows} dòng.", "The file is valid: {rows} rows."),
    "change_completed": ("Hoàn thành", "Completed"),
    "change_extended": ("Gia hạn", "Extended"),
    "change_deadline_moved": ("Đổi hạn", "Deadline moved"),
    "change_updated": ("Sửa khác", "Other edits"),
    "tasks_nothing": (
        "Tệp giống hệt sổ nhiệm vụ đang lưu: không có gì thay đổi.",
        "The file matches the stored register: nothing to change.",
    ),
    "tasks_commit": ("Ghi {n} nhiệm vụ vào sổ", "Write {n} tasks to the register"),
    "tasks_committed": (
        "Đã ghi sổ nhiệm vụ (lần nhập số {id}): {n} nhiệm vụ mới hoặc thay đổi.",
        "Register import {id} written: {n} new or changed tasks.",
    ),
    "tasks_figures_note": (
        "Chỉ số Số nhiệm vụ quá hạn và Tỷ lệ nhiệm vụ hoàn thành đúng hạn của các quý được tính lại từ sổ nhiệm vụ khi ghi ({n} giá trị thay đổi).",
        "The overdue-task and on-time indicators of each quarter are recomputed from the register on writing ({n} values change).",
    ),
    "unit_tasks_heading": ("Nhiệm vụ do đơn vị chủ trì", "Tasks this unit leads"),
    "unit_tasks_summary": (
        "Tại ngày {day}: {overdue} quá hạn, {open} đang thực hiện, {on_time} hoàn thành đúng hạn, {late} hoàn thành quá hạn.",
        "On {day}: {overdue} overdue, {open} in progress, {on_time} done on time, {late} done late.",
    ),
    "unit_tasks_all": ("Xem mọi nhiệm vụ của đơn vị", "See all the unit's tasks"),
    "see_overdue_tasks": ("Xem nhiệm vụ quá hạn", "See the overdue tasks"),
    "see_unit_tasks": ("Xem nhiệm vụ của đơn vị", "See the unit's tasks"),
    "page_meetings": ("Phiên họp", "Meetings"),
    "meetings_none": ("Chưa có phiên họp nào.", "No meeting yet."),
    "meeting_pick": ("Phiên họp", "Meeting"),
    "meeting_caption": (
        "Ngày {day} · xem xét {quarter} · chủ trì: {chair}",
        "Held {day} · reviews {quarter} · chaired by: {chair}",
    ),
    "meeting_attendees": ("Thành phần: {who}", "Attendees: {who}"),
    "meeting_conclusions": (
        "Kết luận của phiên họp (tình trạng tại ngày {day})",
        "This meeting's conclusions (status on {day})",
    ),
    "meeting_previous": (
        "Kết luận của phiên họp trước: {title} (tình trạng tại ngày {day})",
        "The previous meeting's conclusions: {title} (status on {day})",
    ),
    "meeting_no_conclusions": ("Phiên họp chưa có kết luận nào.", "No conclusion recorded yet."),
    "brief_heading": ("Báo cáo tóm tắt phục vụ phiên họp", "The meeting brief"),
    "brief_docx": ("Tải báo cáo (Word)", "Download the brief (Word)"),
    "brief_pdf": ("Tải báo cáo (PDF)", "Download the brief (PDF)"),
    "brief_help": (
        "Số liệu {quarter}; nhiệm vụ xét tại ngày họp; kèm kết luận của phiên họp trước.",
        "Figures of {quarter}; tasks as of the meeting day; with the previous meeting's conclusions.",
    ),
    "conclusion_add": ("Ghi kết luận", "Record a conclusion"),
    "conclusion_unit": ("Đơn vị chủ trì", "Lead unit"),
    "conclusion_deadline": ("Hạn hoàn thành", "Deadline"),
    "conclusion_no_deadline": ("Nhiệm vụ thường xuyên (không có hạn)", "Standing task (no deadline)"),
    "conclusion_text": ("Nội dung kết luận", "Conclusion"),
    "conclusion_document": ("Số thông báo kết luận (nếu có)", "Notice number (if any)"),
    "conclusion_save": ("Ghi kết luận vào sổ nhiệm vụ", "Enter into the task register"),
    "conclusion_saved": ("Đã ghi kết luận thành nhiệm vụ {id}.", "Conclusion entered as task {id}."),
    "meeting_new": ("Tạo phiên họp", "New meeting"),
    "meeting_date": ("Ngày họp", "Date"),
    "meeting_title": ("Tên phiên họp", "Title"),
    "meeting_quarter": ("Quý được xem xét", "Quarter reviewed"),
    "meeting_chair": ("Chủ trì", "Chaired by"),
    "meeting_who": ("Thành phần dự họp", "Attendees"),
    "meeting_create": ("Tạo phiên họp", "Create the meeting"),
    "meeting_created": ("Đã tạo phiên họp số {id}.", "Meeting {id} created."),
    "slide_tasks": ("Nhiệm vụ quá hạn theo đơn vị chủ trì", "Overdue tasks by lead unit"),
    "slide_tasks_sub": (
        "Tại ngày {day}: {n} nhiệm vụ quá hạn ở {units} đơn vị (trong ngoặc: quá hạn lâu nhất)",
        "On {day}: {n} overdue tasks in {units} units (in brackets: the longest delay)",
    ),
    "slide_tasks_days": ("{days} ngày", "{days} days"),
    "slide_tasks_none": ("Tại ngày {day} không có nhiệm vụ nào quá hạn.", "No overdue task on {day}."),
    "slide_conclusions": ("Kết luận của phiên họp trước", "The previous meeting's conclusions"),
    "slide_conclusions_sub": ("{title} · tình trạng tại ngày {day}", "{title} · status on {day}"),
    # Reading an uploaded file (metrics.reading, metrics.xlsx, metrics.office): refusals that say what to fix.
    "read_too_many_rows": (
        "Tệp có {n} dòng, vượt giới hạn {max} dòng một tệp. "
        "Hãy xoá các dòng thừa (kể cả dòng trống đã định dạng) hoặc chia thành nhiều tệp nhỏ hơn.",
        "The file has {n} rows, over the limit of {max} rows per file. "
        "Delete the extra rows (formatted empty ones included) or split it into smaller files.",
    ),
    "read_more_rows": (
        "Tệp có hơn {max} dòng, vượt giới hạn {max} dòng một tệp. "
        "Hãy xoá các dòng thừa (kể cả dòng trống đã định dạng) hoặc chia thành nhiều tệp nhỏ hơn.",
        "The file has more than {max} rows, the limit per file. "
        "Delete the extra rows (formatted empty ones included) or split it into smaller files.",
    ),
    "read_too_many_columns": (
        "Dòng {row} có {n} cột, vượt giới hạn {max} cột. Hãy kiểm tra dấu phân cách và xoá các cột thừa rồi lưu lại.",
        "Row {row} has {n} columns, over the limit of {max}. Check the separator, delete the extra columns and save again.",
    ),
    "read_cell_too_long": (
        "Dòng {row} có một ô dài hơn {max} ký tự, giới hạn của một ô Excel. "
        'Nếu không cố ý, có thể một dấu ngoặc kép (") chưa được đóng: hãy kiểm tra lại dòng này.',
        "Row {row} has a cell longer than {max} characters, the limit of an Excel cell. "
        'If that is not intended, a quotation mark (") may be left open: check this row.',
    ),
    "read_unclosed_quote": (
        'Dấu ngoặc kép (") mở ở dòng {row} không được đóng đến hết tệp. '
        "Hãy thêm dấu ngoặc kép đóng hoặc xoá dấu ngoặc kép thừa rồi lưu lại.",
        'The quotation mark (") opened on row {row} is never closed. '
        "Add the closing quotation mark or delete the stray one, then save again.",
    ),
    "read_quote_then_text": (
        'Dòng {row} có dấu ngoặc kép (") đóng mà theo sau không phải dấu phân cách. '
        'Hãy sửa ô đó: cả ô nằm trong một cặp ngoặc kép, dấu ngoặc kép bên trong viết đôi ("").',
        'Row {row} has a closing quotation mark (") followed by something other than a separator. '
        'Fix that cell: the whole cell inside one pair of quotation marks, quotation marks inside it doubled ("").',
    ),
    "read_no_visible_sheet": (
        "Tệp không có trang tính nào đang hiện. Hãy bỏ ẩn trang tính chứa số liệu rồi lưu lại.",
        "The file has no visible sheet. Unhide the sheet that holds the figures and save again.",
    ),
    "read_several_sheets": (
        "Tệp có {n} trang tính cùng chứa số liệu: {names}. Không rõ nên đọc trang nào: "
        "hãy để số liệu trong một trang tính (xoá hoặc ẩn các trang còn lại) rồi tải lên lại.",
        "The file has {n} sheets holding figures: {names}. Which one to read is unclear: "
        "keep the figures in one sheet (delete or hide the others) and upload again.",
    ),
    "read_file_too_big": (
        "Tệp lớn hơn {mb} MB, giới hạn một lần tải lên. Hãy chia thành nhiều tệp nhỏ hơn.",
        "The file is larger than {mb} MB, the limit of one upload. Split it into smaller files.",
    ),
    "read_empty_file": (
        "Tệp trống. Hãy chọn tệp mẫu đã điền số liệu.",
        "The file is empty. Choose the template with the figures filled in.",
    ),
    "read_not_a_table": (
        "Tệp không phải bảng tính. Hãy lưu tệp dưới dạng Excel (.xlsx), OpenDocument (.ods) "
        "hoặc CSV UTF-8 rồi tải lên lại.",
        "The file is not a spreadsheet. Save it as Excel (.xlsx), OpenDocument (.ods) or UTF-8 CSV and upload again.",
    ),
    "read_no_header": (
        "Không tìm thấy dòng tiêu đề có cột 'Mã đơn vị' và 'Kỳ báo cáo'. "
        "Hãy dùng tệp mẫu tải về từ trang Cập nhật số liệu và giữ nguyên dòng tiêu đề.",
        "No header row with the columns 'Mã đơn vị' (unit code) and 'Kỳ báo cáo' (quarter) was found. "
        "Use the template downloaded from the Upload data page and keep its header row.",
    ),
    "read_unexpected": (
        "Không đọc được tệp (lỗi {kind}). Hãy mở tệp trong Excel, lưu lại thành .xlsx hoặc CSV UTF-8 "
        "rồi tải lên lại; nếu vẫn không được, hãy gửi tệp cho quản trị viên.",
        "The file could not be read (error {kind}). Open it in Excel, save it as .xlsx or UTF-8 CSV "
        "and upload again; if that fails too, send the file to the administrator.",
    ),
    "read_corrupt_office": (
        "Tệp {kind} bị hỏng hoặc không đọc được ({reason}). Hãy mở lại bằng phần mềm đã tạo ra nó, "
        "lưu lại (hoặc lưu thành .xlsx) rồi tải lên lại.",
        "The {kind} file is damaged or unreadable ({reason}). Open it again in the program that made it, "
        "save it again (or save it as .xlsx) and upload again.",
    ),
    "read_password": (
        "Tệp {kind} được đặt mật khẩu nên không đọc được. Hãy mở tệp, bỏ mật khẩu (lưu không mật khẩu) rồi tải lên lại.",
        "The {kind} file is protected by a password and cannot be read. "
        "Open it, save it without the password and upload again.",
    ),
    "read_xls_too_big": (
        "Tệp Excel 97-2003 (.xls) lớn hơn {mb} MB, giới hạn của định dạng cũ này. "
        "Hãy lưu thành .xlsx (hoặc chia thành nhiều tệp nhỏ hơn) rồi tải lên lại.",
        "The Excel 97-2003 (.xls) file is larger than {mb} MB, the limit for this old format. "
        "Save it as .xlsx (or split it into smaller files) and upload again.",
    ),
    "read_too_many_cells": (
        "Trang tính '{sheet}' trải trên {rows} dòng × {cols} cột, vượt giới hạn {max} ô một tệp. "
        "Hãy xoá các dòng và cột thừa bên dưới, bên phải vùng số liệu (kể cả ô chỉ có định dạng) rồi lưu lại.",
        "The sheet '{sheet}' spans {rows} rows × {cols} columns, over the limit of {max} cells per file. "
        "Delete the extra rows and columns below and right of the figures (formatted-only cells included) "
        "and save again.",
    ),
    "read_dtd": (
        "Tệp {kind} có khai báo DTD (<!DOCTYPE>) trong phần '{part}'. Phần mềm văn phòng không bao giờ ghi như vậy; "
        "tệp bị từ chối vì có thể chứa thực thể XML độc hại. Hãy mở tệp, "
        "sao chép số liệu sang tệp mẫu mới rồi lưu lại.",
        "The {kind} file declares a DTD (<!DOCTYPE>) in its part '{part}'. Office programs never write one; "
        "the file is refused because it may hold harmful XML entities. Open it, "
        "copy the figures into a new template and save it.",
    ),
    "read_zip_entries": (
        "Tệp {kind} gồm {n} phần, vượt giới hạn {max}. "
        "Đây không phải tệp bình thường: hãy sao chép số liệu sang tệp mẫu mới rồi lưu lại.",
        "The {kind} file holds {n} parts, over the limit of {max}. "
        "This is not an ordinary file: copy the figures into a new template and save it.",
    ),
    "read_part_too_big": (
        "Phần '{part}' của tệp {kind} giải nén ra {mb} MB, vượt giới hạn {cap} MB. "
        "Tệp quá lớn hoặc cố ý gây hại: hãy sao chép số liệu sang tệp mẫu mới rồi lưu lại.",
        "The part '{part}' of the {kind} file inflates to {mb} MB, over the limit of {cap} MB. "
        "The file is too large or deliberately harmful: copy the figures into a new template and save it.",
    ),
    "read_ratio": (
        "Phần '{part}' của tệp {kind} nén {ratio} lần (giới hạn {max} lần): đây là dấu hiệu của tệp nén độc hại. "
        "Hãy sao chép số liệu sang tệp mẫu mới rồi lưu lại.",
        "The part '{part}' of the {kind} file is compressed {ratio} times (limit {max}): the mark of a zip bomb. "
        "Copy the figures into a new template and save it.",
    ),
    "read_inflated": (
        "Tệp {kind} giải nén ra hơn {mb} MB, vượt giới hạn. Hãy xoá các trang tính, dòng và cột thừa rồi lưu lại.",
        "The {kind} file inflates to more than {mb} MB, over the limit. "
        "Delete the extra sheets, rows and columns and save again.",
    ),
    "read_xlsx_corrupt": (
        "Tệp Excel bị hỏng hoặc không phải tệp .xlsx. Hãy mở lại trong Excel và lưu thành .xlsx.",
        "The Excel file is damaged or not an .xlsx file. Open it again in Excel and save it as .xlsx.",
    ),
    "read_shared_strings": (
        "Tệp Excel có hơn {max} chuỗi ký tự khác nhau, vượt giới hạn. Hãy xoá các trang tính và ô thừa rồi lưu lại.",
        "The Excel file holds more than {max} different texts, over the limit. "
        "Delete the extra sheets and cells and save again.",
    ),
    "read_string_too_long": (
        "Tệp Excel có chuỗi số {n} dài hơn {max} ký tự, giới hạn của một ô Excel. "
        "Tệp bị hỏng hoặc cố ý gây hại: hãy kiểm tra lại ô này hoặc sao chép số liệu sang tệp mẫu mới.",
        "The Excel file's text number {n} is longer than {max} characters, the limit of an Excel cell. "
        "The file is damaged or harmful: check this cell or copy the figures into a new template.",
    ),
    "read_xlsx_cell_too_long": (
        "Tệp Excel có ô ở dòng {row} dài hơn {max} ký tự, giới hạn của một ô Excel. "
        "Tệp bị hỏng hoặc cố ý gây hại: hãy kiểm tra lại ô này hoặc sao chép số liệu sang tệp mẫu mới.",
        "The Excel file has a cell on row {row} longer than {max} characters, the limit of an Excel cell. "
        "The file is damaged or harmful: check this cell or copy the figures into a new template.",
    ),
    "read_more_cells": (
        "Trang tính '{sheet}' có hơn {max} ô (kể cả ô trống đã định dạng), vượt giới hạn. "
        "Hãy xoá các dòng và cột thừa bên dưới, bên phải vùng số liệu rồi lưu lại.",
        "The sheet '{sheet}' has more than {max} cells (formatted empty ones included), over the limit. "
        "Delete the extra rows and columns below and right of the figures and save again.",
    ),
    "read_cell_too_far": (
        "Ô {cell} (dòng {row}) nằm ở cột {col}, vượt giới hạn {max} cột. Hãy xoá các cột thừa bên phải rồi lưu lại.",
        "Cell {cell} (row {row}) is in column {col}, beyond the limit of {max} columns. "
        "Delete the extra columns on the right and save again.",
    ),
    "read_string_missing": (
        "Ô {cell} của trang tính '{sheet}' trỏ tới chuỗi ký tự số {index}, nhưng tệp chỉ có {n} chuỗi: "
        "tệp Excel bị hỏng. Hãy mở lại trong Excel và lưu thành .xlsx.",
        "Cell {cell} of the sheet '{sheet}' points to text number {index}, but the file holds only {n}: "
        "the Excel file is damaged. Open it again in Excel and save it as .xlsx.",
    ),
    "read_number_garbled": (
        "Ô {cell} của trang tính '{sheet}' ghi là số nhưng chứa '{text}': tệp Excel bị hỏng. "
        "Hãy nhập lại số ở ô này rồi lưu lại.",
        "Cell {cell} of the sheet '{sheet}' is marked as a number but holds '{text}': the Excel file is damaged. "
        "Type the number in this cell again and save.",
    ),
    "read_not_finite": (
        "Ô {cell} (dòng {row}) của trang tính '{sheet}' chứa giá trị không phải số hữu hạn (NaN hoặc vô cực). "
        "Hãy nhập lại số ở ô này rồi lưu lại.",
        "Cell {cell} (row {row}) of the sheet '{sheet}' holds a value that is not a finite number (NaN or infinity). "
        "Type the number in this cell again and save.",
    ),
    "read_declared_dimension": (
        "Trang tính '{sheet}' khai báo vùng dữ liệu {ref} ({rows} dòng, {cols} cột), "
        "vượt giới hạn {max_rows} dòng và {max_cols} cột. "
        "Hãy xoá các dòng và cột thừa bên dưới, bên phải vùng số liệu (kể cả ô chỉ có định dạng) rồi lưu lại.",
        "The sheet '{sheet}' declares the range {ref} ({rows} rows, {cols} columns), "
        "over the limit of {max_rows} rows and {max_cols} columns. "
        "Delete the extra rows and columns below and right of the figures (formatted-only cells included) "
        "and save again.",
    ),
    "read_formula_uncached": (
        "Ô {cell} có công thức nhưng không có giá trị đã tính; hãy mở tệp bằng Excel/LibreOffice, lưu lại rồi tải lên.",
        "Cell {cell} holds a formula without its computed value; open the file in Excel or LibreOffice, "
        "save it and upload again.",
    ),
    "read_formula_uncached_row": (
        "Ô ở dòng {row} có công thức nhưng không có giá trị đã tính; "
        "hãy mở tệp bằng Excel/LibreOffice, lưu lại rồi tải lên.",
        "A cell on row {row} holds a formula without its computed value; open the file in Excel or LibreOffice, "
        "save it and upload again.",
    ),
    "read_error_cells": (
        "Tệp {kind} có hơn {max} ô báo lỗi công thức (#DIV/0!, #N/A…), vượt giới hạn. "
        "Hãy sửa hoặc xoá các công thức lỗi rồi lưu lại.",
        "The {kind} file has more than {max} cells showing a formula error (#DIV/0!, #N/A…), over the limit. "
        "Fix or delete the failing formulas and save again.",
    ),
    "read_xml_token": (
        "Phần '{part}' của tệp {kind} có một thẻ XML dài hơn {mb} MB. "
        "Phần mềm văn phòng không bao giờ ghi như vậy: tệp bị hỏng hoặc cố ý gây hại. "
        "Hãy sao chép số liệu sang tệp mẫu mới rồi lưu lại.",
        "The part '{part}' of the {kind} file holds an XML tag longer than {mb} MB. "
        "Office programs never write that: the file is damaged or harmful. "
        "Copy the figures into a new template and save it.",
    ),
    # Checking a quarterly upload (metrics.ingest): each row's or column's problem and what to fix.
    "check_unknown_column": (
        "Cột '{name}' không có trong mẫu nên được bỏ qua.",
        "The column '{name}' is not in the template and is ignored.",
    ),
    "check_column_twice": (
        "Cột '{label}' xuất hiện hai lần. Hãy xoá một cột.",
        "The column '{label}' appears twice. Delete one of them.",
    ),
    "check_extra_cells": (
        "Dòng có {n} ô, nhiều hơn {width} cột tiêu đề. Hãy xoá các ô thừa bên phải.",
        "The row has {n} cells, more than the {width} header columns. Delete the extra cells on the right.",
    ),
    "check_header_only": (
        "Tệp chỉ có dòng tiêu đề, chưa có số liệu. Hãy điền mỗi đơn vị một dòng.",
        "The file has only its header row and no figures. Fill in one row per unit.",
    ),
    "check_no_values": (
        "Tệp chưa có số liệu nào: mọi ô số liệu đều trống. Hãy điền số liệu vào mẫu rồi tải lên lại.",
        "The file holds no figures: every figure cell is blank. Fill in the template and upload it again.",
    ),
    "check_unit_missing": (
        "Thiếu mã đơn vị. Hãy điền mã theo danh sách đơn vị.",
        "The unit code is missing. Fill in the code from the list of units.",
    ),
    "check_unit_unknown": (
        "Mã đơn vị '{code}' không có trong danh sách đơn vị. Hãy kiểm tra lại mã.",
        "The unit code '{code}' is not in the list of units. Check the code.",
    ),
    "check_unit_province": (
        "Số liệu của {name} được tổng hợp từ các đơn vị, không nhập trực tiếp.",
        "The figures of {name} are summed from its units and are not typed in.",
    ),
    "check_quarter_unreadable": (
        "Kỳ báo cáo '{quarter}' không đọc được. Hãy ghi theo một trong các dạng: {spellings}.",
        "The quarter '{quarter}' cannot be read. Write it in one of these forms: {spellings}.",
    ),
    "check_quarter_future": (
        "{quarter} chưa tới. Hãy kiểm tra lại kỳ báo cáo.",
        "{quarter} has not begun yet. Check the quarter.",
    ),
    "check_unit_out_of_scope": (
        "Tài khoản của bạn không được cập nhật số liệu của {name} ({code}). Hãy xoá dòng này hoặc nhờ quản trị viên.",
        "Your account may not update the figures of {name} ({code}). Delete this row or ask an administrator.",
    ),
    "check_unit_inactive": (
        "{name} không còn hoặc chưa hoạt động trong {quarter}.{hint}",
        "{name} did not exist in {quarter}.{hint}",
    ),
    "check_unit_successor": (
        " Từ kỳ này hãy báo cáo theo mã {code}.",
        " From this quarter on, report under the code {code}.",
    ),
    "check_unit_name_differs": (
        "Tên '{typed}' khác tên trong danh sách ({name}); số liệu vẫn ghi theo mã {code}.",
        "The name '{typed}' differs from the list ({name}); the figures are still recorded under the code {code}.",
    ),
    "check_duplicate_row": (
        "Đơn vị {code} đã có dòng cho {quarter} ở dòng {first}. Mỗi đơn vị chỉ một dòng mỗi quý.",
        "The unit {code} already has a row for {quarter} on row {first}. One row per unit per quarter.",
    ),
    "check_duplicate_indicator_row": (
        "Đơn vị {code} đã có dòng chỉ số này cho {quarter} ở dòng {first}. Mỗi đơn vị chỉ một dòng chỉ số này mỗi quý.",
        "The unit {code} already has a row of this indicator for {quarter} on row {first}. "
        "One row per unit, indicator and quarter.",
    ),
    "check_counts_not_rate": (
        "Cột '{label}' cần số đếm (số nguyên, ví dụ 6.824), không phải tỷ lệ.",
        "The column '{label}' takes a count (a whole number, for example 6,824), not a rate.",
    ),
    "check_counts_not_rate_of": (
        "Cột '{label}' cần số đếm (số nguyên, ví dụ 6.824), không phải tỷ lệ: "
        "{indicator} được tính tự động từ hai cột số đếm '{numerator}' và '{denominator}'.",
        "The column '{label}' takes a count (a whole number, for example 6,824), not a rate: "
        "{indicator} is computed from the two count columns '{numerator}' and '{denominator}'.",
    ),
    "check_percent": ("'{cell}' là tỷ lệ phần trăm. {wants}", "'{cell}' is a percentage. {wants}"),
    "check_not_a_count": (
        "'{cell}' không phải là số. Hãy nhập số nguyên, ví dụ 6.824 hoặc 6824.",
        "'{cell}' is not a number. Type a whole number, for example 6.824 or 6824 (a dot groups thousands).",
    ),
    "check_negative": (
        "{label} không được âm. Hãy nhập số từ 0 trở lên.",
        "{label} cannot be negative. Type a number of 0 or more.",
    ),
    "check_too_large": (
        "'{cell}' quá lớn: {label} tối đa {max}. Hãy kiểm tra lại số này (có gõ thừa chữ số không?).",
        "'{cell}' is too large: {label} is at most {max}. Check this number (a digit typed twice?).",
    ),
    "check_fraction": (
        "'{cell}' không phải là số nguyên: {label} là số đếm nên không có phần thập phân. "
        "Hãy nhập số nguyên đúng như đã đếm, ví dụ 3 hoặc 6.824 (không viết 3,5).",
        "'{cell}' is not a whole number: {label} is a count and has no decimals. "
        "Type the whole number as counted, for example 3 or 6.824 (not 3,5).",
    ),
    "check_register_column": (
        "Cột '{label}' được tính tự động từ sổ nhiệm vụ, không nhập trong mẫu quý. "
        "Hãy để trống hoặc xoá cột này; cập nhật nhiệm vụ ở trang Nhiệm vụ.",
        "The column '{label}' is computed from the task register and is not typed in the quarterly template. "
        "Leave it blank or delete it; update tasks on the Tasks page.",
    ),
    "check_part_missing": (
        "Thiếu '{label}' để tính {indicator}. Hãy điền cả hai cột hoặc để trống cả hai.",
        "'{label}' is missing to compute {indicator}. Fill in both columns or leave both blank.",
    ),
    "check_numerator_above": (
        "{numerator} ({n}) lớn hơn {denominator} ({d}). Hãy kiểm tra lại hai số này.",
        "{numerator} ({n}) is larger than {denominator} ({d}). Check these two numbers.",
    ),
    "check_long_column_missing": (
        "Thiếu cột '{label}'. Tệp dạng dọc cần các cột Mã đơn vị, Kỳ báo cáo, Mã chỉ số, Giá trị "
        "(và Tử số, Mẫu số cho chỉ số tỷ lệ).",
        "The column '{label}' is missing. A long file needs the columns Mã đơn vị, Kỳ báo cáo, Mã chỉ số, Giá trị "
        "(unit code, quarter, indicator code, value; and Tử số, Mẫu số, numerator and denominator, for a rate).",
    ),
    "check_indicator_from_register": (
        "{indicator} được tính tự động từ sổ nhiệm vụ, không nhập trong tệp số liệu quý. Hãy xoá dòng này.",
        "{indicator} is computed from the task register and is not typed in the quarterly file. Delete this row.",
    ),
    "check_indicator_unknown": (
        "Mã chỉ số '{code}' không có trong danh mục chỉ số. Hãy dùng mã như online_services_rate.",
        "The indicator code '{code}' is not in the catalogue. Use a code such as online_services_rate.",
    ),
    "check_not_a_value": (
        "'{cell}' không phải là số. Hãy nhập số, ví dụ 93,56 hoặc 6.824.",
        "'{cell}' is not a number. Type a number the Vietnamese way, for example 93,56 or 6.824.",
    ),
    "check_rate_parts_missing": (
        "{indicator} là chỉ số tỷ lệ: cần điền Tử số và Mẫu số để cộng dồn đúng. Hãy điền cả hai cột.",
        "{indicator} is a rate: it needs Tử số and Mẫu số (numerator and denominator) to add up correctly. "
        "Fill in both columns.",
    ),
    "check_value_mismatch": (
        "Giá trị {cell} không khớp Tử số/Mẫu số. Hãy sửa Giá trị hoặc để trống cột này.",
        "The value {cell} does not match Tử số/Mẫu số (numerator/denominator). "
        "Correct the value or leave that column blank.",
    ),
    "check_value_missing": (
        "Thiếu giá trị. Hãy điền giá trị hoặc xoá dòng.",
        "The value is missing. Fill it in or delete the row.",
    ),
    "check_count_parts": (
        "{indicator} là chỉ số đếm: chỉ điền cột Giá trị, để trống Tử số và Mẫu số.",
        "{indicator} is a count: fill in only the Giá trị (value) column and leave Tử số and Mẫu số blank.",
    ),
    "check_suspicious": (
        "{label} của {code} ({quarter}) là {amount}, gấp hơn {factor} lần mức cao nhất đã lưu của đơn vị "
        "({largest}).{hint} Hãy kiểm tra lại trước khi ghi.",
        "{label} of {code} ({quarter}) is {amount}, more than {factor} times the unit's highest stored figure "
        "({largest}).{hint} Check it before saving.",
    ),
    "check_suspicious_guess": (" Có phải là {guess}?", " Did you mean {guess}?"),
    "check_omitted_errors": (
        "Tệp có {total} lỗi; chỉ liệt kê {max} lỗi đầu tiên, còn {rest} lỗi nữa. "
        "Hãy sửa các lỗi này rồi tải lên lại để xem các lỗi còn lại.",
        "The file has {total} problems; only the first {max} are listed, {rest} more remain. "
        "Fix these and upload again to see the rest.",
    ),
    "check_omitted_warnings": (
        "Tệp có {total} lưu ý; chỉ liệt kê {max} lưu ý đầu tiên, còn {rest} lưu ý nữa.",
        "The file has {total} notes; only the first {max} are listed, {rest} more remain.",
    ),
    "check_unreadable": (
        "Không đọc được tệp này: tệp bị hỏng hoặc có nội dung mà chương trình chưa xử lý được. "
        "Hãy mở tệp bằng Excel, lưu lại dạng .xlsx hoặc .csv (UTF-8) rồi tải lên lại; "
        "nếu vẫn lỗi, hãy gửi tệp cho quản trị viên.",
        "This file cannot be read: it is damaged or holds something the program cannot handle yet. "
        "Open it in Excel, save it as .xlsx or .csv (UTF-8) and upload again; "
        "if it still fails, send the file to the administrator.",
    ),
    "where_unit": ("đơn vị {unit}", "unit {unit}"),
    "where_row": ("dòng {row}", "row {row}"),
    "where_column": ("cột {column}", "column {column}"),
    "long_indicator": ("Mã chỉ số", "Indicator code"),
    "long_value": ("Giá trị", "Value"),
    "long_numerator": ("Tử số", "Numerator"),
    "long_denominator": ("Mẫu số", "Denominator"),
    # Checking a task register (metrics.task_import).
    "task_no_header": (
        "Không tìm thấy dòng tiêu đề có cột 'Mã nhiệm vụ' và 'Đơn vị chủ trì'. "
        "Hãy dùng tệp xuất từ hệ thống quản lý văn bản, giữ nguyên dòng tiêu đề.",
        "No header row with the columns 'Mã nhiệm vụ' (task ID) and 'Đơn vị chủ trì' (lead unit) was found. "
        "Use the export of the document management system and keep its header row.",
    ),
    "task_not_a_date": (
        "'{text}' không phải là ngày. Hãy ghi ngày dạng 31/03/2025 (ngày/tháng/năm).",
        "'{text}' is not a date. Write the date as 31/03/2025 (day/month/year).",
    ),
    "task_unit_province": (
        "{name} là cấp tỉnh; mỗi nhiệm vụ giao cho một sở, ngành hoặc xã, phường chủ trì.",
        "{name} is the province itself; each task is led by one department, agency, commune or ward.",
    ),
    "task_required_missing": (
        "Thiếu {label}. Hãy điền cột này cho mọi nhiệm vụ.",
        "{label} is missing. Fill in this column for every task.",
    ),
    "task_out_of_scope": (
        "Tài khoản của bạn không được cập nhật nhiệm vụ do {name} ({code}) chủ trì. "
        "Hãy xoá dòng này hoặc nhờ quản trị viên.",
        "Your account may not update tasks led by {name} ({code}). Delete this row or ask an administrator.",
    ),
    "task_co_unit_unknown": (
        "Mã đơn vị phối hợp '{code}' không có trong danh sách. Hãy kiểm tra lại mã.",
        "The co-operating unit code '{code}' is not in the list of units. Check the code.",
    ),
    "task_date_future": (
        "Ngày {day} chưa tới. Hãy kiểm tra lại ngày.",
        "The date {day} has not come yet. Check the date.",
    ),
    "task_extension_without_deadline": (
        "Có ngày gia hạn nhưng chưa có hạn hoàn thành. Hãy điền hạn ban đầu.",
        "There is an extension but no deadline. Fill in the original deadline.",
    ),
    "task_extension_not_after": (
        "Ngày gia hạn {extended} phải sau hạn hoàn thành {deadline}. Hãy kiểm tra lại.",
        "The extension {extended} must come after the deadline {deadline}. Check both dates.",
    ),
    "task_deadline_before_document": (
        "Hạn hoàn thành {deadline} trước ngày văn bản {issued}.",
        "The deadline {deadline} is before the document's date {issued}.",
    ),
    "task_completed_before_document": (
        "Ngày hoàn thành {completed} trước ngày văn bản {issued}.",
        "The completion date {completed} is before the document's date {issued}.",
    ),
    "task_meeting_unknown": (
        "Không có phiên họp số '{meeting}'. Hãy để trống hoặc ghi số của một phiên họp đã tạo.",
        "There is no meeting number '{meeting}'. Leave it blank or write the number of a meeting already created.",
    ),
    "task_column_missing": (
        "Thiếu cột '{label}'. Hãy thêm cột này vào tệp.",
        "The column '{label}' is missing. Add it to the file.",
    ),
    "task_header_only": (
        "Tệp chỉ có dòng tiêu đề, chưa có nhiệm vụ nào. Hãy điền mỗi nhiệm vụ một dòng.",
        "The file has only its header row and no tasks. Fill in one row per task.",
    ),
    "task_extra_cells": (
        "Dòng có {n} ô, nhiều hơn {width} cột tiêu đề. Hãy xoá các ô thừa.",
        "The row has {n} cells, more than the {width} header columns. Delete the extra cells.",
    ),
    "task_duplicate": (
        "Mã nhiệm vụ {task_id} đã có ở dòng {first}. Mỗi nhiệm vụ chỉ một dòng.",
        "The task ID {task_id} is already on row {first}. One row per task.",
    ),
    # Checking a Decision 766 portal export (metrics.portal). Scores are quoted as the portal writes them (16.5).
    "portal_not_an_export": (
        "Chỉ tệp xuất từ Cổng Dịch vụ công (Chỉ số 766, có cột MA_COQUAN và TONG_SCORE) mới cần chọn quý. "
        "Tệp số liệu quý theo mẫu đã ghi kỳ báo cáo ở từng dòng: hãy tải lên mà không chọn quý.",
        "Only an export of the public service portal (Index 766, with the columns MA_COQUAN and TONG_SCORE) "
        "needs a quarter chosen. The quarterly template names the quarter on each row: upload it without "
        "choosing one.",
    ),
    "portal_columns_missing": (
        "Thiếu cột {columns} của tệp xuất từ Cổng Dịch vụ công. Hãy xuất lại tệp từ Cổng và giữ nguyên dòng tiêu đề.",
        "The columns {columns} of the portal export are missing. Export the file from the portal again "
        "and keep its header row.",
    ),
    "portal_header_only": (
        "Tệp chỉ có dòng tiêu đề, chưa có dòng điểm nào.",
        "The file has only its header row and no scores.",
    ),
    "portal_code_missing": (
        "Thiếu mã cơ quan (MA_COQUAN). Hãy điền mã như trên Cổng.",
        "The agency code (MA_COQUAN) is missing. Fill it in as the portal shows it.",
    ),
    "portal_duplicate": (
        "Mã {code} đã có ở dòng {first}. Mỗi cơ quan chỉ một dòng.",
        "The code {code} is already on row {first}. One row per agency.",
    ),
    "portal_not_a_score": (
        "'{text}' không phải là điểm. Hãy nhập số như 16.5 (từ 0 đến {max}).",
        "'{text}' is not a score. Type a number such as 16.5 (from 0 to {max}).",
    ),
    "portal_score_above": (
        "Điểm {field} {text} vượt điểm tối đa {max} của nhóm '{group}'. Hãy kiểm tra lại tệp xuất từ Cổng.",
        "The score {field} {text} is above the maximum {max} of the group '{group}'. Check the portal export.",
    ),
    "portal_total_mismatch": (
        "Tổng điểm {total} không bằng tổng sáu nhóm ({parts}). Hãy kiểm tra lại dòng này trong tệp xuất từ Cổng.",
        "The total score {total} is not the sum of the six groups ({parts}). Check this row in the portal export.",
    ),
    "portal_rank": (
        "Thứ hạng '{rank}' phải là số nguyên dương.",
        "The rank '{rank}' must be a positive whole number.",
    ),
    "portal_level": (
        "Không rõ cấp của cơ quan {code}: CAPDONVIID phải là 1, 2 hoặc 3.",
        "The level of the agency {code} is unclear: CAPDONVIID must be 1, 2 or 3.",
    ),
    "portal_unit_inactive": (
        "Đơn vị {name} (mã {code}) không hoạt động trong quý đã chọn. Hãy kiểm tra quý hoặc danh sách đơn vị.",
        "The unit {name} (code {code}) did not exist in the chosen quarter. Check the quarter or the list of units.",
    ),
    "portal_unmatched": (
        "Mã {code} ({name}) không khớp đơn vị nào: dòng được lưu như đã công bố nhưng không gán "
        "cho đơn vị nào. Hãy thêm mã này (portal_code) vào danh sách đơn vị ở trang Quản trị.",
        "The code {code} ({name}) matches no unit: the row is kept as published but given to no unit. "
        "Add this code (portal_code) to the list of units on the Administration page.",
    ),
    "portal_quarter_needed": (
        "Tệp xuất từ Cổng Dịch vụ công không ghi kỳ: hãy chọn quý (ví dụ --quarter 2025-Q4).",
        "A portal export does not name its quarter: choose one (for example --quarter 2025-Q4).",
    ),
    "portal_not_a_quarter": (
        "'{quarter}' không phải là quý. Hãy ghi như 2025-Q4.",
        "'{quarter}' is not a quarter. Write it as 2025-Q4.",
    ),
    "portal_quarter_future": (
        "{quarter} chưa tới. Hãy chọn quý mà Cổng đã công bố điểm.",
        "{quarter} has not come yet. Choose a quarter whose scores the portal has published.",
    ),
    "portal_admins_only": (
        "Tệp điểm Chỉ số 766 gồm nhiều đơn vị: chỉ quản trị viên được nạp.",
        "An Index 766 score file covers many units: only an administrator may load it.",
    ),
    "portal_no_catalogue": (
        "Danh mục chưa có các chỉ số điểm idx766_*. Hãy nạp danh mục chỉ số mới ở trang Quản trị.",
        "The catalogue has no idx766_* score indicators yet. Load the new indicator catalogue on the "
        "Administration page.",
    ),
    "task_detail_completed": ("hoàn thành {day}", "completed {day}"),
    "task_detail_extended": ("gia hạn {old} → {new}", "extended {old} → {new}"),
    "task_detail_moved": ("hạn {old} → {new}", "deadline {old} → {new}"),
    # Refusals of the core (metrics.i18n.Said): accounts, rights, catalogue, targets, agendas, meetings.
    "admin_only": (
        "Chỉ quản trị viên được {what}. Tài khoản {user} không có quyền này.",
        "Only an administrator may {what}. Account {user} does not have this right.",
    ),
    "read_only": (
        "Tài khoản {user} chỉ có quyền xem, không được cập nhật số liệu. "
        "Nếu cần, hãy đề nghị quản trị viên cấp quyền cán bộ đơn vị.",
        "Account {user} may only view, not update figures. If you need to, ask an administrator for the unit "
        "staff role.",
    ),
    "may_add_accounts": ("thêm tài khoản", "add accounts"),
    "may_set_others_password": ("đặt mật khẩu cho tài khoản khác", "set another account's password"),
    "may_disable_accounts": ("khóa hoặc mở tài khoản", "lock or unlock accounts"),
    "may_assign_units": ("giao đơn vị cho tài khoản", "assign units to accounts"),
    "may_create_display_link": ("tạo đường dẫn trình chiếu", "create display links"),
    "may_revoke_display_link": ("thu hồi đường dẫn trình chiếu", "revoke display links"),
    "may_save_agenda": ("lưu chương trình trình chiếu", "save presentation agendas"),
    "may_delete_agenda": ("xoá chương trình trình chiếu", "delete presentation agendas"),
    "may_set_due_date": ("đặt hạn báo cáo", "set reporting due dates"),
    "may_roll_back": ("hoàn tác lần tải lên", "undo uploads"),
    "may_replace_units": ("thay danh sách đơn vị", "replace the unit list"),
    "may_replace_catalogue": ("thay danh mục chỉ số", "replace the indicator catalogue"),
    "may_set_target": ("đặt mục tiêu", "set targets"),
    "may_create_meeting": ("tạo phiên họp", "record meetings"),
    "may_enter_conclusions": ("ghi kết luận phiên họp", "enter meeting conclusions"),
    "may_list_accounts": ("xem danh sách tài khoản", "list accounts"),
    "may_export_units": ("xuất danh sách đơn vị", "export the unit list"),
    "may_export_audit": ("xuất nhật ký", "export the audit log"),
    "may_back_up": ("sao lưu kho dữ liệu", "back up the store"),
    "may_restore": ("khôi phục kho dữ liệu", "restore the store"),
    "password_short": ("Mật khẩu cần ít nhất {length} ký tự.", "A password needs at least {length} characters."),
    "sign_in_throttled": (
        "Đăng nhập sai quá nhiều lần. Hãy thử lại sau {minutes} phút.",
        "Too many failed sign-ins. Try again in {minutes} minutes.",
    ),
    "sign_in_wrong": ("Tên đăng nhập hoặc mật khẩu không đúng.", "The user name or password is wrong."),
    "username_form": (
        "Tên đăng nhập gồm 2–40 ký tự: chữ thường không dấu, số, dấu chấm, gạch ngang, gạch dưới.",
        "A user name has 2–40 characters: lower-case letters without accents, digits, dots, hyphens, underscores.",
    ),
    "role_unknown": (
        "Vai trò '{role}' không hợp lệ; chọn một trong: {roles}.",
        "The role '{role}' does not exist; choose one of: {roles}.",
    ),
    "staff_needs_unit": (
        "Cán bộ đơn vị cần được giao ít nhất một đơn vị.",
        "Unit staff need at least one unit assigned.",
    ),
    "password_or_email": (
        "Cần mật khẩu, hoặc e-mail để đăng nhập một lần (SSO).",
        "Give a password, or an e-mail address for single sign-on (SSO).",
    ),
    "username_taken": ("Tên đăng nhập {name} đã có.", "The user name {name} is already taken."),
    "account_unknown_units": ("Không có đơn vị mã {codes}.", "There is no unit with code {codes}."),
    "account_unknown": ("Không có tài khoản {name}.", "There is no account {name}."),
    "account_lock_self": ("Không tự khóa tài khoản đang dùng.", "You cannot lock the account you are signed in with."),
    "catalogue_line": ("dòng {line}", "row {line}"),
    "catalogue_missing_columns": ("thiếu cột {columns}", "missing columns {columns}"),
    "catalogue_field_blank": (
        "cần đủ mã và tên tiếng Việt, tiếng Anh",
        "needs a code and both the Vietnamese and the English name",
    ),
    "catalogue_code_repeated": ("mã {code} bị lặp", "the code {code} is repeated"),
    "catalogue_blank": ("thiếu {columns}", "{columns} missing"),
    "catalogue_bad_kind": (
        "loại '{kind}' phải là ratio, flow, stock hoặc score",
        "kind '{kind}' must be ratio, flow, stock or score",
    ),
    "catalogue_bad_direction": (
        "chiều '{direction}' phải là higher hoặc lower",
        "direction '{direction}' must be higher or lower",
    ),
    "catalogue_denominator": (
        "chỉ số tỷ lệ (ratio) cần cột mẫu số, chỉ số đếm thì không",
        "a ratio needs a denominator column, and a count must not have one",
    ),
    "catalogue_unknown_field": (
        "cột tải lên '{column}' không có trong danh mục cột",
        "the upload column '{column}' is not in the column list",
    ),
    "catalogue_bad_source": (
        "nguồn '{source}' phải là upload, register hoặc portal",
        "source '{source}' must be upload, register or portal",
    ),
    "catalogue_score_source": (
        "chỉ số điểm (score) lấy từ Cổng (portal), và chỉ chỉ số điểm mới lấy từ Cổng",
        "a score comes from the portal, and only a score comes from the portal",
    ),
    "catalogue_register_fields": (
        "chỉ số lấy từ sổ nhiệm vụ (register) chỉ được dựng từ các cột {columns}",
        "an indicator from the task register (register) is built only from the columns {columns}",
    ),
    "catalogue_not_numbers": (
        "mục tiêu, điểm tối đa và số chữ số thập phân phải là số",
        "target, maximum and decimals must be numbers",
    ),
    "catalogue_score_maximum": (
        "chỉ số điểm (score) cần điểm tối đa (cột maximum) lớn hơn 0",
        "a score needs a maximum (column maximum) above 0",
    ),
    "catalogue_maximum_not_score": (
        "chỉ có chỉ số điểm (score) mới có điểm tối đa",
        "only a score has a maximum",
    ),
    "catalogue_target_range": (
        "mục tiêu phải từ 0 đến điểm tối đa {maximum}",
        "the target must be from 0 to the maximum {maximum}",
    ),
    "catalogue_unit_blank": ("cần mã và tên đơn vị", "needs a unit code and name"),
    "catalogue_unit_kind": (
        "loại đơn vị '{kind}' không hợp lệ; chọn một trong: {kinds}",
        "unit kind '{kind}' does not exist; choose one of: {kinds}",
    ),
    "catalogue_not_quarter": (
        "{column} '{value}' không phải là quý (ghi dạng 2025-Q3)",
        "{column} '{value}' is not a quarter (write it as 2025-Q3)",
    ),
    "catalogue_unit_repeated": ("mã đơn vị {code} bị lặp", "the unit code {code} is repeated"),
    "catalogue_portal_repeated": (
        "mã trên Cổng dịch vụ công {code} bị lặp",
        "the public service portal code {code} is repeated",
    ),
    "catalogue_unknown_link": (
        "đơn vị {unit} trỏ tới mã {link} không có trong danh sách",
        "unit {unit} points to the code {link}, which is not in the list",
    ),
    "catalogue_valid_order": (
        "đơn vị {unit}: hiệu lực từ sau hiệu lực đến",
        "unit {unit}: valid from comes after valid to",
    ),
    "catalogue_code_in_use": (
        "mã {codes} đang có số liệu nên không được xoá khỏi danh sách",
        "the codes {codes} have figures, so they cannot be removed from the list",
    ),
    "catalogue_kind_locked": (
        "chỉ số {codes} đã có số liệu nên không được đổi loại hoặc cột tính",
        "the indicators {codes} have figures, so their kind and columns cannot change",
    ),
    "target_negative": ("mục tiêu phải là số không âm", "the target must be a number not below 0"),
    "target_no_indicator": ("không có chỉ số này", "there is no such indicator"),
    "target_ratio_over": ("mục tiêu của chỉ số tỷ lệ không quá 100 %", "a ratio's target is at most 100%"),
    "target_score_over": (
        "mục tiêu không quá điểm tối đa {maximum} điểm",
        "the target is at most the maximum of {maximum} points",
    ),
    "target_no_source": ("cần ghi văn bản đặt ra mục tiêu", "name the document that sets the target"),
    "agenda_name_form": (
        "Tên chương trình gồm chữ thường không dấu, số và gạch ngang, tối đa 40 ký tự (ví dụ: hop-quy-3).",
        "An agenda's name has lower-case letters without accents, digits and hyphens, at most 40 characters "
        "(for example: meeting-q3).",
    ),
    "agenda_empty": ("Chương trình cần ít nhất một trang chiếu.", "An agenda needs at least one slide."),
    "due_before_quarter_end": (
        "Hạn báo cáo phải sau ngày kết thúc {quarter}. Hãy chọn một ngày từ {day}.",
        "The due day must come after {quarter} ends. Choose a day from {day}.",
    ),
    "meeting_title_blank": ("Hãy nhập tên phiên họp.", "Enter the meeting's title."),
    "meeting_bad_quarter": (
        "Kỳ '{quarter}' không đọc được. Hãy ghi dạng Quý III/2025 hoặc 2025-Q3.",
        "The quarter '{quarter}' cannot be read. Write it as Q3 2025 or 2025-Q3.",
    ),
    "meeting_unknown": ("Không có phiên họp số {number}.", "There is no meeting number {number}."),
    "upload_unknown": ("Không có lần tải lên số {number}.", "There is no upload number {number}."),
    "upload_not_committed": (
        "Lần tải lên số {number} không ở trạng thái đã ghi nên không hoàn tác được.",
        "Upload number {number} is not committed, so it cannot be undone.",
    ),
    "store_busy": (
        "Kho dữ liệu {path} đang được một chương trình khác sử dụng (thường là ứng dụng đang chạy). "
        "Hãy dừng chương trình đó hoặc tải tệp lên qua trang Cập nhật số liệu.",
        "The store {path} is in use by another program (usually the running app). "
        "Stop that program, or upload the file on the Upload data page.",
    ),
    "store_busy_waited": (
        "Kho dữ liệu {path} đang được một chương trình khác sử dụng (thường là ứng dụng đang chạy). "
        "Hãy dừng chương trình đó hoặc tải tệp lên qua trang Cập nhật số liệu. "
        "(Đã chờ {seconds} giây mà chưa đến lượt; hãy thử lại sau ít phút.)",
        "The store {path} is in use by another program (usually the running app). "
        "Stop that program, or upload the file on the Upload data page. "
        "(Waited {seconds} seconds without getting a turn; try again in a few minutes.)",
    ),
    "store_unopened": ("Không mở được kho dữ liệu {path}: {error}", "The store {path} could not be opened: {error}"),
    "sample_invalid": (
        "Tệp mẫu {name} không hợp lệ: {detail}",
        "The sample file {name} is not valid: {detail}",
    ),
}


def t(key: str, lang: str = "vi", **values: object) -> str:
    """The text `key` in `lang`, filled with `values`; with n == 1, its singular `key_one` where English has one."""
    if values.get("n") == 1 and f"{key}_one" in TEXT:
        key = f"{key}_one"
    vi, en = TEXT[key]
    text = en if lang == "en" else vi
    return text.format(**values) if values else text


def _shown(value: object, lang: str) -> object:
    """A value as `lang` writes it in a message: a pair's half, a whole number with its thousands separator."""
    if isinstance(value, tuple):
        return value[1 if lang == "en" else 0]
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}".replace(",", "," if lang == "en" else ".")
    return value


def both(key: str, **values: object) -> tuple[str, str]:
    """The message `key` filled in each language, (Vietnamese, English).

    A value may be a (Vietnamese, English) pair; whole numbers get each language's separator.
    """
    vi, en = (t(key, lang, **{k: _shown(v, lang) for k, v in values.items()}) for lang in ("vi", "en"))
    return vi, en


class Said(Exception):
    """A refusal written in both languages.

    `str(error)` is the Vietnamese sentence (the command line, the logs, the tests
    that read it); `text(lang)` is the sentence in the interface's language.
    Made with `said(key, ...)`, its English comes from the same table as every
    other interface text.
    """

    english: str | None = None

    @classmethod
    def said(cls, key: str, **values: object) -> Self:
        vi, en = both(key, **values)
        error = cls(vi)
        error.english = en
        return error

    def text(self, lang: str = "vi") -> str:
        return self.english if lang == "en" and self.english else str(self)


def error_text(error: BaseException, lang: str = "vi") -> str:
    """What the interface says for a refusal: its sentence in `lang` when it has one."""
    return error.text(lang) if isinstance(error, Said) else str(error)
