"""AppTest: sign-in, sign-out, expiry, role-scoped pages, display links, administration."""

import time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from streamlit.testing.v1 import AppTest

from metrics import auth
from metrics.store import Store
from tests.conftest import PASSWORD, sign_in

# The AppTest suite runs on both engines: the pages read and write through the same store contract.
pytestmark = pytest.mark.both_engines

APP = str(Path(__file__).resolve().parent.parent / "app.py")


@pytest.fixture
def app(fresh_app):
    return fresh_app


def store_of() -> Store:
    from ui import state

    return state.store()


def reachable(at: AppTest, page: str) -> bool:
    """Whether the signed-in account's navigation registers this page."""
    try:
        at.switch_page(page)
    except ValueError:
        return False
    at.switch_page("app_pages/overview.py")
    return True


def submit_sign_in(at: AppTest, name: str, password: str) -> AppTest:
    at.text_input(key="sign_in_name").input(name)
    at.text_input(key="sign_in_password").input(password)
    return at.button[0].click().run()


def test_without_a_session_only_the_sign_in_form_shows(app):
    app.run()
    assert app.title[0].value == "Đăng nhập"
    assert not app.metric and not app.get("plotly_chart")


def test_a_wrong_password_is_refused_with_a_message_that_names_no_account(app):
    app.run()
    submit_sign_in(app, "tester", "sai-mat-khau-roi")
    assert app.error[0].value == "Tên đăng nhập hoặc mật khẩu không đúng."
    assert app.title[0].value == "Đăng nhập"


def test_the_right_password_opens_the_dashboard_and_sign_out_closes_it(app):
    app.run()
    submit_sign_in(app, "tester", PASSWORD)
    assert not app.exception and len(app.metric) == 7
    next(b for b in app.button if b.label == "Đăng xuất").click().run()
    assert app.title[0].value == "Đăng nhập"
    assert store_of().audit_log(2)["action"].to_list() == ["sign_out", "sign_in"]


def test_an_idle_session_expires(app):
    sign_in(app, "tester")
    app.run()
    assert len(app.metric) == 7
    app.session_state["auth"] = {**app.session_state["auth"], "last_seen": time.time() - 3 * 3600}
    app.run()
    assert app.title[0].value == "Đăng nhập"
    assert "hết hạn" in app.warning[0].value


def test_a_viewer_sees_no_upload_or_admin_page_and_cannot_reach_them(app):
    sign_in(app, "lanhdao").run()
    assert reachable(app, "app_pages/overview.py") and reachable(app, "app_pages/presentation.py")
    assert not reachable(app, "app_pages/upload.py") and not reachable(app, "app_pages/admin.py")
    app.run()
    assert not app.file_uploader


def test_unit_staff_see_upload_but_not_admin_and_other_units_are_refused(app):
    sign_in(app, "snv.staff").run()
    assert reachable(app, "app_pages/upload.py") and not reachable(app, "app_pages/admin.py")
    app.switch_page("app_pages/upload.py").run()
    text = "Mã đơn vị,Kỳ báo cáo,Số đơn thư tiếp nhận\nSNV,Quý IV/2025,1\nSXD,Quý IV/2025,2\n"
    app.file_uploader[0].upload("f.csv", text.encode(), "text/csv").run()
    errors = app.table[0].value
    assert list(errors["Dòng"]) == [3] and "SXD" in errors["Lỗi và cách sửa"][0]
    assert not [b for b in app.button if b.label.startswith("Ghi ")]
    assert not [b for b in app.button if b.label.startswith("Hoàn tác")]


def test_a_display_link_opens_only_the_presentation_and_stops_when_revoked(app, sample_db):
    store = Store(sample_db)
    tester = auth.load_user(store, "tester")
    token = auth.create_display_link(store, tester, "Hội trường")
    store.close()
    app.query_params["display"] = token
    app.run()
    assert not app.exception
    assert any('class="slide"' in h.proto.body for h in app.get("html"))
    assert not app.selectbox and not app.text_input  # no filters, no navigation, no sign-in
    store = store_of()
    auth.revoke_display_link(store, tester, store.display_links()["token_hash"][0])
    app.run()
    assert "không còn hiệu lực" in app.error[0].value
    assert app.title[0].value == "Đăng nhập"


def test_a_password_change_ends_an_open_session_at_its_next_run(app):
    sign_in(app, "lanhdao").switch_page("app_pages/presentation.py").run()
    assert any('class="slide"' in h.proto.body for h in app.get("html"))
    store = store_of()
    auth.set_password(store, auth.load_user(store, "tester"), "lanhdao", "mat-khau-moi-dai")
    app.run()
    assert app.title[0].value == "Đăng nhập"
    assert app.warning[0].value == "Phiên làm việc đã hết hạn. Hãy đăng nhập lại."
    assert not any('class="slide"' in h.proto.body for h in app.get("html"))
    submit_sign_in(app, "lanhdao", "mat-khau-moi-dai")  # a sign-in after the change goes on
    app.run()
    assert not app.exception and any('class="slide"' in h.proto.body for h in app.get("html"))


def test_disabling_an_account_ends_its_open_session_at_its_next_run(app):
    sign_in(app, "lanhdao").run()
    assert len(app.metric) == 7
    store = store_of()
    auth.set_disabled(store, auth.load_user(store, "tester"), "lanhdao", True)
    app.run()
    assert app.title[0].value == "Đăng nhập" and not app.metric
    assert app.warning[0].value == "Tài khoản đã bị khóa."


def test_a_session_signed_in_after_a_password_change_is_not_ended_by_it(store):
    tester = auth.load_user(store, "tester")
    auth.set_password(store, tester, "lanhdao", "mat-khau-moi-dai")
    changed = store.account("lanhdao")["password_set_at"]
    assert auth.session_user(store, "lanhdao", changed - 0.001) == (None, "session_expired")
    user, ended = auth.session_user(store, "lanhdao", changed + 0.001)
    assert ended is None and user is not None and user.role == "viewer"
    assert auth.session_user(store, "nobody", changed) == (None, "account_disabled")


def test_an_admin_adds_an_account_from_the_page(app):
    sign_in(app, "tester").run()
    app.switch_page("app_pages/admin.py").run()
    assert not app.exception
    app.text_input(key="new_username").input("vanthu")
    app.text_input(key="new_display_name").input("Văn thư")
    app.selectbox(key="new_role").select("unit_staff")
    app.multiselect(key="new_units").select("SCT")
    app.text_input(key="new_password").input("mat-khau-van-thu")
    next(b for b in app.button if b.label == "Thêm tài khoản").click().run()
    assert not app.exception
    user = auth.load_user(store_of(), "vanthu")
    assert user is not None and user.role == "unit_staff" and user.units == {"SCT"}


def test_the_admin_and_upload_pages_refuse_roles_without_the_right_even_if_opened(app, monkeypatch):
    # Were a page reached by some other route, the page itself refuses.
    from ui import access

    sign_in(app, "lanhdao").run()
    for page, message in (
        ("app_pages/admin.py", "chỉ dành cho quản trị viên"),
        ("app_pages/upload.py", "chỉ có quyền xem"),
    ):
        at = sign_in(AppTest.from_file(str(Path(APP).parent / page), default_timeout=30), "lanhdao")
        at.session_state["current_user"] = access.auth.load_user(store_of(), "lanhdao")
        at.run()
        assert message in at.error[0].value
        assert not [t for t in at.text_input if t.key == "new_username"] and not at.file_uploader


def test_the_audit_log_shows_the_latest_actions_in_local_time_and_empty_cells_as_blank(app):
    sign_in(app, "tester").run()
    app.switch_page("app_pages/admin.py").run()
    assert len(app.dataframe) == 1  # only the open tab (accounts) is built
    app.session_state["admin_tab"] = "Nhật ký"  # what clicking the tab sets
    app.run()
    assert len(app.dataframe) == 1
    shown = app.dataframe[0].value
    assert list(shown.columns) == ["Thời gian", "Người thực hiện", "Hành động", "Đối tượng", "Chi tiết"]
    latest = store_of().audit_log(1).row(0, named=True)
    local = latest["logged_at"].astimezone(ZoneInfo("Asia/Ho_Chi_Minh")).strftime("%H:%M:%S %d/%m/%Y")
    assert shown.iloc[0].tolist() == [
        local,
        latest["actor"],
        "Thêm tài khoản",  # the action's name, not its code (user_added)
        latest["target"] or "",
        latest["detail"] or "",
    ]
    assert not shown.isna().any().any()


def test_audit_rows_are_in_the_province_time_zone():
    from datetime import UTC, datetime

    import polars as pl

    from ui.admin import audit_table

    log = pl.DataFrame(
        {
            "logged_at": [datetime(2026, 3, 31, 17, 30, tzinfo=UTC)],
            "actor": ["admin"],
            "action": ["upload"],
            "target": [None],
            "detail": ["2026-Q1"],
        }
    )
    # An action this version has no name for (a newer version's) shows as its code.
    assert audit_table(log, list("abcde")).rows() == [("00:30:00 01/04/2026", "admin", "upload", "", "2026-Q1")]


@pytest.mark.parametrize(
    ("behind_proxy", "forwarded", "expected"),
    [
        (None, "198.51.100.9", "10.0.0.5"),  # without a known proxy, a forwarded address is anyone's word
        ("1", "198.51.100.9", "198.51.100.9"),
        ("1", "203.0.113.1, 198.51.100.9", "198.51.100.9"),  # the entry the proxy next to the server added
        ("1", None, "10.0.0.5"),
    ],
)
def test_the_client_throttled_is_the_servers_peer_or_what_a_known_proxy_forwards(
    monkeypatch, behind_proxy, forwarded, expected
):
    from types import SimpleNamespace

    from ui import access

    if behind_proxy:
        monkeypatch.setenv("DASHBOARD_BEHIND_PROXY", behind_proxy)
    else:
        monkeypatch.delenv("DASHBOARD_BEHIND_PROXY", raising=False)
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    monkeypatch.setattr(access.st, "context", SimpleNamespace(ip_address="10.0.0.5", headers=headers))
    assert access.client_address() == expected


@pytest.mark.parametrize(
    ("lang", "typed", "saved", "refusal"),
    [
        ("vi", "85,50", 85.5, None),
        ("vi", "85.50", 80.0, "'85.50' không phải là số. Hãy viết mục tiêu như 80,00 hoặc 1.500."),
        ("en", "85.50", 85.5, None),
        ("en", "85,50", 80.0, "'85,50' is not a number. Write the target as 80.00 or 1,500."),
    ],
)
def test_a_target_is_shown_and_typed_as_the_interface_writes_numbers(app, lang, typed, saved, refusal):
    from metrics import escape

    code = "online_services_rate"  # target 80 in the sample catalogue
    app.query_params["lang"] = lang
    sign_in(app, "tester").run()
    app.session_state["admin_tab"] = "Đơn vị, chỉ số, mục tiêu" if lang == "vi" else "Units, indicators, targets"
    app.switch_page("app_pages/admin.py").run()
    box = app.text_input(key=f"target_value_{code}_{lang}")
    assert box.value == ("80,00" if lang == "vi" else "80.00")
    box.input(typed)
    next(b for b in app.button if b.label in ("Lưu mục tiêu", "Save target")).click().run()
    assert not app.exception
    assert next(i for i in store_of().indicators() if i.code == code).target == saved
    errors = [e.value for e in app.error]
    assert errors == ([escape.markdown(refusal)] if refusal else [])
