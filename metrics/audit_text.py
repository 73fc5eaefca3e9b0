"""The audit log in words: each recorded action's name, and its stored detail, in the interface's language.

The store keeps an action as a code (`upload_committed`) and its detail as
the Vietnamese sentence written at the time (`lần tải lên 12: 35 giá trị`),
which exports and older logs already hold. So the English interface reads
the detail back through the patterns the code writes it with; a detail no
pattern knows (a name, a label, a source) is shown as it was stored.
"""

from __future__ import annotations

import re

# Every action code `store.audit` is called with, in Vietnamese and English.
EVENTS: dict[str, tuple[str, str]] = {
    "sign_in": ("Đăng nhập", "Signed in"),
    "sign_in_kept": ("Đăng nhập giữ lại (tải lại trang)", "Sign-in kept (page reloaded)"),
    "sign_in_failed": ("Đăng nhập sai", "Failed sign-in"),
    "sign_in_throttled": ("Đăng nhập bị tạm khoá", "Sign-in locked for a while"),
    "sign_out": ("Đăng xuất", "Signed out"),
    "user_added": ("Thêm tài khoản", "Account added"),
    "user_password_set": ("Đặt mật khẩu", "Password set"),
    "user_disabled": ("Khoá tài khoản", "Account disabled"),
    "user_enabled": ("Mở khoá tài khoản", "Account enabled"),
    "user_units_set": ("Giao đơn vị", "Units assigned"),
    "display_link_created": ("Tạo đường dẫn trình chiếu", "Display link created"),
    "display_link_revoked": ("Thu hồi đường dẫn trình chiếu", "Display link revoked"),
    "agenda_saved": ("Lưu chương trình trình chiếu", "Agenda saved"),
    "agenda_deleted": ("Xoá chương trình trình chiếu", "Agenda deleted"),
    "upload_committed": ("Ghi số liệu tải lên", "Upload committed"),
    "upload_rejected": ("Từ chối tệp tải lên", "Upload refused"),
    "upload_denied": ("Tải lên không được phép", "Upload not allowed"),
    "upload_rolled_back": ("Hoàn tác lần tải lên", "Upload rolled back"),
    "tasks_import_committed": ("Ghi sổ nhiệm vụ", "Task register imported"),
    "tasks_import_rejected": ("Từ chối tệp sổ nhiệm vụ", "Task register refused"),
    "tasks_import_denied": ("Nhập sổ nhiệm vụ không được phép", "Task register import not allowed"),
    "meeting_created": ("Tạo phiên họp", "Meeting created"),
    "units_replaced": ("Thay danh sách đơn vị", "Unit list replaced"),
    "catalogue_replaced": ("Thay danh mục chỉ số", "Indicator catalogue replaced"),
    "target_set": ("Đặt mục tiêu", "Target set"),
    "store_restored": ("Khôi phục bản sao lưu", "Backup restored"),
}

# How the code writes a detail in Vietnamese (fullmatch) -> the same in English.
DETAILS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"lần tải lên (\d+): (\d+) lỗi"), r"upload \1: \2 errors"),
    (re.compile(r"lần tải lên (\d+): (\d+) giá trị"), r"upload \1: \2 values"),
    (re.compile(r"lần tải lên (\d+) \(Chỉ số 766, (\S+)\): (\d+) giá trị"), r"upload \1 (Index 766, \2): \3 values"),
    (re.compile(r"lần nhập (\d+): (\d+) lỗi"), r"import \1: \2 errors"),
    (re.compile(r"lần nhập (\d+): (\d+) mới, (\d+) thay đổi"), r"import \1: \2 new, \3 changed"),
    (re.compile(r"(\d+) giá trị"), r"\1 values"),
    (re.compile(r"(\d+) đơn vị"), r"\1 units"),
    (re.compile(r"(\d+) chỉ số"), r"\1 indicators"),
    (re.compile(r"lược đồ (\S+)"), r"schema \1"),
    (re.compile(r"bỏ mục tiêu"), "target removed"),
    (re.compile(r"tài khoản quản trị đầu tiên"), "first administrator account"),
    (re.compile(r"vai trò (\S+); đơn vị (.*)"), r"role \1; units \2"),
]


def event(action: str, lang: str = "vi") -> str:
    """The action's name; an action this version does not know (from a newer one) as its code."""
    names = EVENTS.get(action)
    if names is None:
        return action
    return names[0] if lang == "vi" else names[1]


def detail(text: str | None, lang: str = "vi") -> str:
    """The stored detail, in English when asked and the code wrote it (names and labels stay as typed)."""
    if not text:
        return ""
    if lang == "vi":
        return text
    for pattern, english in DETAILS:
        if pattern.fullmatch(text):
            return pattern.sub(english, text)
    return text
