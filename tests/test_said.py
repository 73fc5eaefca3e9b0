"""Refusals of the core are written in both languages: the command line and the
logs read the Vietnamese sentence, an English interface shows the English one."""

from datetime import date

import pytest

from metrics import admin, auth, escape, meetings, reporting, slides
from metrics.catalogue import CatalogueError, load_units
from metrics.i18n import Said, both, error_text
from metrics.ingest import rollback
from metrics.store import StoreError
from tests.conftest import PASSWORD, sign_in
from tests.test_access_pages import store_of, submit_sign_in


def refusal(action) -> Said:
    with pytest.raises(Said) as raised:
        action()
    return raised.value


def test_both_fills_each_language_with_its_own_thousands_separator_and_pairs():
    assert both("password_short", length=12000) == (
        "Mật khẩu cần ít nhất 12.000 ký tự.",
        "A password needs at least 12,000 characters.",
    )
    assert both("meeting_unknown", number=("bảy", "seven"))[1] == "There is no meeting number seven."


def test_error_text_falls_back_to_the_message_of_an_error_written_in_one_language():
    assert error_text(ValueError("chỉ tiếng Việt"), "en") == "chỉ tiếng Việt"


def test_an_administrator_only_act_is_refused_to_a_viewer_in_both_languages(store):
    viewer = auth.load_user(store, "lanhdao")
    error = refusal(lambda: admin.set_target(store, viewer, "online_services_rate", 90.0, "QĐ 1"))
    assert isinstance(error, auth.PermissionDenied)
    assert str(error) == "Chỉ quản trị viên được đặt mục tiêu. Tài khoản lanhdao không có quyền này."
    assert error.text("en") == "Only an administrator may set targets. Account lanhdao does not have this right."


def test_account_refusals_say_what_to_fix_in_english(store):
    tester = auth.load_user(store, "tester")
    cases = [
        lambda: auth.add_user(store, tester, "Có Dấu", "x", "viewer", PASSWORD),
        lambda: auth.add_user(store, tester, "moi", "x", "boss", PASSWORD),
        lambda: auth.add_user(store, tester, "moi", "x", "unit_staff", PASSWORD),
        lambda: auth.add_user(store, tester, "moi", "x", "viewer", "ngan"),
        lambda: auth.add_user(store, tester, "lanhdao", "x", "viewer", PASSWORD),
        lambda: auth.set_disabled(store, tester, "tester", True),
    ]
    english = [refusal(action).text("en") for action in cases]
    assert english == [
        "A user name has 2–40 characters: lower-case letters without accents, digits, dots, hyphens, underscores.",
        "The role 'boss' does not exist; choose one of: viewer, unit_staff, admin.",
        "Unit staff need at least one unit assigned.",
        "A password needs at least 10 characters.",
        "The user name lanhdao is already taken.",
        "You cannot lock the account you are signed in with.",
    ]


def test_a_wrong_sign_in_is_refused_in_both_languages(store):
    error = refusal(lambda: auth.sign_in(store, "tester", "sai-mat-khau-roi"))
    assert (str(error), error.text("en")) == (
        "Tên đăng nhập hoặc mật khẩu không đúng.",
        "The user name or password is wrong.",
    )


def test_a_unit_list_refusal_names_each_row_in_english():
    data = (
        "code,name_vi,kind,parent_code,valid_from,valid_to\n"
        ",Không mã,department,,,\n"
        "SNV,Sở Nội vụ,agency,,2025-Q5,\n"
        "SNV,Sở Nội vụ,department,TINH,,\n"
    ).encode()
    with pytest.raises(CatalogueError) as raised:
        load_units(data)
    assert raised.value.problems_en == [
        "row 2: needs a unit code and name",
        "row 3: unit kind 'agency' does not exist; choose one of: province, department, commune, ward",
        "row 3: valid_from '2025-Q5' is not a quarter (write it as 2025-Q3)",
        "the unit code SNV is repeated",
        "unit SNV points to the code TINH, which is not in the list",
    ]
    assert raised.value.problems[0] == "dòng 2: cần mã và tên đơn vị"
    assert raised.value.text("en").startswith("units.csv: row 2: needs a unit code and name; row 3: ")


def test_target_agenda_due_day_meeting_and_rollback_refusals_are_in_english(store):
    tester = auth.load_user(store, "tester")
    english = [
        refusal(action).text("en")
        for action in (
            lambda: admin.set_target(store, tester, "online_services_rate", 101.0, "QĐ 1"),
            lambda: admin.set_target(store, tester, "online_services_rate", 90.0, " "),
            lambda: slides.save_agenda(store, tester, "Họp quý", ["overview"]),
            lambda: reporting.set_due_date(store, tester, "2025-Q3", date(2025, 9, 30)),
            lambda: meetings.create_meeting(store, tester, date(2025, 10, 5), "Họp", "quý 3"),
            lambda: rollback(store, tester, 99999),
        )
    ]
    assert english == [
        "online_services_rate: a ratio's target is at most 100%",
        "online_services_rate: name the document that sets the target",
        "An agenda's name has lower-case letters without accents, digits and hyphens, at most 40 characters "
        "(for example: meeting-q3).",
        "The due day must come after Q3 2025 ends. Choose a day from 01/10/2025.",
        "The quarter 'quý 3' cannot be read. Write it as Q3 2025 or 2025-Q3.",
        "There is no upload number 99999.",
    ]
    assert isinstance(refusal(lambda: rollback(store, tester, 99999)), StoreError)


def test_the_english_sign_in_form_refuses_in_english(fresh_app):
    fresh_app.query_params["lang"] = "en"
    fresh_app.run()
    submit_sign_in(fresh_app, "tester", "sai-mat-khau-roi")
    assert fresh_app.error[0].value == "The user name or password is wrong."


def test_the_english_administration_page_refuses_a_bad_account_in_english(fresh_app):
    fresh_app.query_params["lang"] = "en"
    sign_in(fresh_app, "tester").run()
    fresh_app.switch_page("app_pages/admin.py").run()
    fresh_app.text_input(key="new_username").input("Có Dấu")
    fresh_app.text_input(key="new_password").input("mat-khau-van-thu")
    next(b for b in fresh_app.button if b.label == "Add an account").click().run()
    assert not fresh_app.exception
    assert [e.value for e in fresh_app.error] == [
        escape.markdown(
            "A user name has 2–40 characters: lower-case letters without accents, digits, dots, hyphens, underscores."
        )
    ]
    assert auth.load_user(store_of(), "có dấu") is None
