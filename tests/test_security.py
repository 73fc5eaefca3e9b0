"""Security rules of the core, one test per rule: roles, passwords, throttling, links, audit, SQL."""

import re
import tomllib
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest

from metrics import admin, auth
from metrics.ingest import import_file, rollback
from metrics.settings import MAX_UPLOAD_BYTES
from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 1, 15)
FILE = "Mã đơn vị,Kỳ báo cáo,Số đơn thư tiếp nhận\n"


def account(store, name: str) -> auth.User:
    user = auth.load_user(store, name)
    assert user is not None
    return user


def test_a_viewer_cannot_upload_through_the_core_and_nothing_is_written(store):
    before = (store.data_version(), store.uploads().height)
    sent = (FILE + "SNV,2025-Q3,4\n").encode()
    result = import_file(store, sent, "f.csv", account(store, "lanhdao"), today=TODAY)
    assert result.status == "rejected" and "chỉ có quyền xem" in result.errors[0].message
    assert store.data_version() == before[0]  # no value changed
    # ...but the refused file is kept, like every refused file, with its audit record
    assert store.uploads().height == before[1] + 1
    assert store.uploads(1)["status"][0] == "rejected"
    assert store.upload_raw(result.upload_id) == ("f.csv", sent)
    assert store.audit_log(1)["action"][0] == "upload_denied"


def test_unit_staff_cannot_write_another_unit_and_the_file_is_refused_whole(store):
    staff = account(store, "snv.staff")  # may write SNV and STP
    before = store.values("2025-Q3", "2025-Q3").sort("unit_code", "indicator")
    result = import_file(
        store, (FILE + "SNV,2025-Q3,4\nSXD,2025-Q3,0\nSTP,2025-Q3,1\n").encode(), "f.csv", staff, today=TODAY
    )
    assert result.status == "rejected"
    assert [(p.row, p.column) for p in result.errors] == [(3, "unit_code")]
    assert "Sở Xây dựng (SXD)" in result.errors[0].message
    assert store.values("2025-Q3", "2025-Q3").sort("unit_code", "indicator").equals(before)


def test_unit_staff_can_write_their_own_units(store):
    result = import_file(
        store, (FILE + "SNV,2025-Q3,4\nSTP,2025-Q3,1\n").encode(), "f.csv", account(store, "snv.staff"), today=TODAY
    )
    assert result.status == "committed" and result.upload_id


@pytest.mark.parametrize("who", ["lanhdao", "snv.staff"])
def test_only_admins_roll_back_manage_accounts_catalogue_and_targets(store, who):
    actor = account(store, who)
    upload = import_file(store, (FILE + "SNV,2025-Q3,9\n").encode(), "f.csv", account(store, "tester"), today=TODAY)
    with pytest.raises(auth.PermissionDenied):
        rollback(store, actor, upload.upload_id)
    with pytest.raises(auth.PermissionDenied):
        auth.add_user(store, actor, "newbie", "Mới", "admin", "mat-khau-dai-qua")
    with pytest.raises(auth.PermissionDenied):
        auth.set_disabled(store, actor, "tester", True)
    with pytest.raises(auth.PermissionDenied):
        auth.set_password(store, actor, "tester", "mat-khau-moi-dai")
    with pytest.raises(auth.PermissionDenied):
        admin.set_target(store, actor, "online_services_rate", 50, "x")
    with pytest.raises(auth.PermissionDenied):
        admin.replace_units(store, actor, (ROOT / "sample_data" / "units.csv").read_bytes())
    with pytest.raises(auth.PermissionDenied):
        auth.create_display_link(store, actor, "x")
    assert store.uploads().row(0, named=True)["status"] == "committed"


def test_an_admin_rolls_back_and_it_is_audited(store):
    tester = account(store, "tester")
    upload = import_file(store, (FILE + "SNV,2025-Q3,9\n").encode(), "f.csv", tester, today=TODAY)
    rollback(store, tester, upload.upload_id)
    actions = store.audit_log(5)["action"].to_list()
    assert actions[:2] == ["upload_rolled_back", "upload_committed"]


def test_passwords_are_stored_as_argon2id_hashes(store):
    row = store.user_row("tester")
    assert row["password_hash"].startswith("$argon2id$") and PASSWORD not in row["password_hash"]
    with pytest.raises(auth.AccountError):
        auth.add_user(store, account(store, "tester"), "ngan", "Ngắn", "viewer", "short")


def test_the_first_admin_gets_a_random_password_never_a_known_default(empty_store, tmp_path):
    first = auth.ensure_first_admin(empty_store)
    assert first and len(first) >= 16
    assert auth.ensure_first_admin(empty_store) is None  # only once
    for guess in ("admin", "password", "123456", "admin123"):
        with pytest.raises(auth.SignInError):
            auth.sign_in(empty_store, "admin", guess)
    assert auth.sign_in(empty_store, "admin", first).is_admin
    from metrics.bootstrap import initialise
    from metrics.store import Store

    other_path = tmp_path / "other.duckdb"
    initialise(other_path)
    other = Store(other_path)
    assert auth.ensure_first_admin(other) != first
    other.close()


def test_five_wrong_passwords_throttle_the_name_even_with_the_right_password(store):
    now = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)
    for minute in range(5):
        with pytest.raises(auth.SignInError, match="không đúng"):
            auth.sign_in(store, "snv.staff", "sai-mat-khau", now + timedelta(minutes=minute))
    with pytest.raises(auth.SignInError, match="thử lại sau"):
        auth.sign_in(store, "snv.staff", PASSWORD, now + timedelta(minutes=5))
    assert auth.sign_in(store, "snv.staff", PASSWORD, now + timedelta(minutes=20)).username == "snv.staff"


STRANGER, OFFICE, ADMIN_PC = "203.0.113.7", "10.20.0.15", "10.20.0.2"


def test_a_strangers_five_failures_lock_out_the_stranger_only(store):
    now = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)
    for minute in range(5):  # the 5th failure is still answered as a wrong password
        with pytest.raises(auth.SignInError, match="không đúng"):
            auth.sign_in(store, "tester", "doan-mo-mat-khau", now + timedelta(minutes=minute), client=STRANGER)
    with pytest.raises(auth.SignInError, match="thử lại sau 11 phút"):  # the 6th: 15 min after the 1st
        auth.sign_in(store, "tester", PASSWORD, now + timedelta(minutes=5), client=STRANGER)
    # The administrator, at another machine, signs in with the same account meanwhile.
    assert auth.sign_in(store, "tester", PASSWORD, now + timedelta(minutes=5), client=ADMIN_PC).is_admin
    # ...and that success does not free the stranger.
    with pytest.raises(auth.SignInError, match="thử lại sau"):
        auth.sign_in(store, "tester", PASSWORD, now + timedelta(minutes=6), client=STRANGER)
    assert auth.sign_in(store, "tester", PASSWORD, now + timedelta(minutes=15), client=STRANGER).is_admin


def test_four_failures_and_a_success_start_the_clients_count_again(store):
    now = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)
    for second in range(4):
        with pytest.raises(auth.SignInError, match="không đúng"):
            auth.sign_in(store, "lanhdao", "go-nham-phim", now + timedelta(seconds=second), client=OFFICE)
    auth.sign_in(store, "lanhdao", PASSWORD, now + timedelta(seconds=10), client=OFFICE)
    for second in range(4):
        with pytest.raises(auth.SignInError, match="không đúng"):
            auth.sign_in(store, "lanhdao", "go-nham-phim", now + timedelta(seconds=20 + second), client=OFFICE)


def test_guessing_spread_over_many_clients_stops_at_the_ceiling_except_for_known_clients(store):
    now = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)
    earlier = now - timedelta(days=29)  # the admin's own machine signed in within the last 30 days
    store.record_sign_in("tester", success=True, at=earlier, client=ADMIN_PC)
    ceiling = auth.MAX_FAILURES_ALL_CLIENTS
    assert ceiling == 50
    for i in range(ceiling - 1):  # 49 failures from 49 addresses, each far below its own limit
        store.record_sign_in("tester", success=False, at=now + timedelta(seconds=i), client=f"198.51.100.{i}")
    with pytest.raises(auth.SignInError, match="không đúng"):  # the 50th is still checked
        auth.sign_in(store, "tester", "doan-mo-mat-khau", now + timedelta(minutes=1), client=STRANGER)
    with pytest.raises(auth.SignInError, match="thử lại sau 15 phút"):  # the 51st, from a new address, is not
        auth.sign_in(store, "tester", PASSWORD, now + timedelta(minutes=1), client="198.51.100.200")
    assert auth.sign_in(store, "tester", PASSWORD, now + timedelta(minutes=1), client=ADMIN_PC).is_admin
    assert auth.sign_in(store, "tester", PASSWORD, now + timedelta(minutes=16), client="198.51.100.200").is_admin


def test_a_known_client_is_one_that_signed_in_within_thirty_days(store):
    now = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)
    store.record_sign_in("tester", success=True, at=now - timedelta(days=31), client=ADMIN_PC)
    for i in range(auth.MAX_FAILURES_ALL_CLIENTS):
        store.record_sign_in("tester", success=False, at=now - timedelta(minutes=1), client=f"198.51.100.{i}")
    with pytest.raises(auth.SignInError, match="thử lại sau 15 phút"):
        auth.sign_in(store, "tester", PASSWORD, now, client=ADMIN_PC)


def test_failures_are_audited_with_the_client_they_came_from(store):
    with pytest.raises(auth.SignInError):
        auth.sign_in(store, "tester", "doan-mo-mat-khau", client=STRANGER)
    assert store.audit_log(1).select("actor", "action", "target", "detail").row(0) == (
        "anonymous",
        "sign_in_failed",
        "tester",
        STRANGER,
    )


def test_failures_say_the_same_for_unknown_names_and_wrong_passwords(store):
    messages = set()
    for name, password in (
        ("nobody", "whatever-password"),
        ("tester", "wrong-password"),
        ("TESTER ", "wrong-password"),
    ):
        with pytest.raises(auth.SignInError) as raised:
            auth.sign_in(store, name, password)
        messages.add(str(raised.value))
    assert messages == {"Tên đăng nhập hoặc mật khẩu không đúng."}
    now = datetime.now(UTC)
    for _ in range(5):
        with pytest.raises(auth.SignInError):
            auth.sign_in(store, "ghost", "x" * 12, now)
    with pytest.raises(auth.SignInError, match="thử lại sau"):  # unknown names are throttled alike
        auth.sign_in(store, "ghost", "x" * 12, now)


def test_an_unknown_name_costs_a_full_password_check_like_a_known_one():
    # The stand-in hash for unknown names has the hasher's own parameters, so
    # checking it takes as long as checking a real account's password.
    assert auth._DUMMY_HASH.startswith("$argon2id$")
    assert not auth._hasher.check_needs_rehash(auth._DUMMY_HASH)


def test_a_disabled_account_cannot_sign_in(store):
    auth.set_disabled(store, account(store, "tester"), "lanhdao", True)
    with pytest.raises(auth.SignInError, match="không đúng"):
        auth.sign_in(store, "lanhdao", PASSWORD)


def test_sign_ins_failures_and_user_changes_are_audited(store):
    tester = auth.sign_in(store, "tester", PASSWORD)
    with pytest.raises(auth.SignInError):
        auth.sign_in(store, "tester", "nope-nope-nope")
    auth.add_user(store, tester, "ketoan", "Kế toán", "viewer", "mat-khau-dai-qua")
    auth.set_password(store, tester, "ketoan", "mat-khau-khac-dai")
    auth.set_disabled(store, tester, "ketoan", True)
    log = store.audit_log(10)
    assert log["action"].to_list()[:5] == [
        "user_disabled",
        "user_password_set",
        "user_added",
        "sign_in_failed",
        "sign_in",
    ]
    assert log.filter(pl.col("action") == "user_added")["actor"][0] == "tester"


def test_a_revoked_display_link_stops_working(store):
    tester = account(store, "tester")
    token = auth.create_display_link(store, tester, "Phòng họp")
    assert auth.open_display_link(store, token) == "Phòng họp"
    assert token not in str(store.display_links().rows())  # only its hash is stored
    auth.revoke_display_link(store, tester, store.display_links()["token_hash"][0])
    assert auth.open_display_link(store, token) is None
    assert auth.open_display_link(store, "guess") is None


def test_single_sign_on_maps_to_the_local_account_and_its_role(store):
    tester = account(store, "tester")
    auth.add_user(store, tester, "pct", "Phó Chủ tịch", "viewer", None, email="PCT@AnSon.gov.vn")
    assert auth.user_for_email(store, "pct@anson.gov.vn").role == "viewer"
    assert auth.user_for_email(store, "stranger@anson.gov.vn") is None
    auth.set_disabled(store, tester, "pct", True)
    assert auth.user_for_email(store, "pct@anson.gov.vn") is None
    with pytest.raises(auth.SignInError):  # an SSO-only account has no password to guess
        auth.sign_in(store, "pct", "")


def test_shipped_config_caps_uploads_keeps_xsrf_and_hides_error_details():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] * 2**20 == MAX_UPLOAD_BYTES
    assert config["server"]["enableXsrfProtection"] is True
    assert config["client"]["showErrorDetails"] == "none"
    assert config["browser"]["gatherUsageStats"] is False
    assert (
        not (ROOT / ".streamlit" / "secrets.toml").exists()
        or ".streamlit/secrets.toml" in (ROOT / ".gitignore").read_text()
    )
    assert (ROOT / ".streamlit" / "secrets.toml.example").exists()


SQL_CALL = re.compile(r"\.(execute|executemany|sql)\(\s*(f[\"']|[\"'][^\"']*[\"']\s*%|[\"'][^\"']*[\"']\.format)")


def test_no_query_is_built_from_values_every_one_binds_its_parameters():
    for path in (
        list((ROOT / "metrics").glob("*.py"))
        + list((ROOT / "ui").glob("*.py"))
        + list((ROOT / "app_pages").glob("*.py"))
    ):
        text = path.read_text(encoding="utf-8")
        assert not SQL_CALL.search(text), f"{path.name}: SQL built by string formatting"
