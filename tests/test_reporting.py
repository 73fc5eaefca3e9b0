"""The reporting calendar: the quarter being collected, due days, who reported, late or not."""

from datetime import date

import pytest

from metrics import reporting
from metrics.auth import PermissionDenied, User
from metrics.ingest import import_file
from tests.conftest import TESTER

VIEWER = User("lanhdao", "Lãnh đạo", "viewer")


@pytest.mark.parametrize(
    ("today", "quarter"),
    [
        (date(2026, 11, 30), "2026-Q3"),
        (date(2026, 10, 1), "2026-Q3"),
        (date(2026, 9, 30), "2026-Q2"),
        (date(2026, 1, 1), "2025-Q4"),
    ],
)
def test_the_quarter_being_collected_is_the_newest_that_has_ended(today, quarter):
    assert reporting.collecting(today) == quarter
    assert reporting.ended_quarters(today)[0] == quarter


def test_a_quarter_is_due_on_the_15th_of_the_month_after_it():
    assert reporting.default_due("2026-Q3") == date(2026, 10, 15)
    assert reporting.default_due("2025-Q4") == date(2026, 1, 15)
    assert reporting.default_due("2026-Q1") == date(2026, 4, 15)


def _land_at(store, quarter: str, instant: str) -> None:
    """Pretend every upload holding `quarter` landed at `instant` (UTC)."""
    store.cursor().execute(
        "UPDATE uploads SET uploaded_at = CAST(? AS TIMESTAMPTZ) WHERE upload_id IN"
        " (SELECT upload_id FROM value_history WHERE quarter = ?)",
        [instant, quarter],
    )


def test_a_report_on_the_due_day_is_on_time_and_a_minute_after_midnight_is_late(store):
    _land_at(store, "2025-Q4", "2026-01-15 16:59:59+00")  # 23:59:59 on 15/01 in Hà Nội
    on_time = reporting.reporting(store, "2025-Q4", date(2026, 2, 1))
    assert on_time.due == date(2026, 1, 15)
    assert on_time.expected == on_time.reported == on_time.count("on_time") > 0
    assert on_time.units["days_late"].null_count() == on_time.expected

    _land_at(store, "2025-Q4", "2026-01-15 17:00:00+00")  # 00:00 on 16/01 in Hà Nội
    late = reporting.reporting(store, "2025-Q4", date(2026, 2, 1))
    assert late.count("late") == late.expected
    assert set(late.units["days_late"].to_list()) == {1}


def test_the_missing_come_first_and_a_rolled_back_upload_is_not_a_report(store):
    done = import_file(
        store, b"unit_code,quarter,complaints\nSNV,2026-Q1,3\n", "q1.csv", TESTER, today=date(2026, 5, 2)
    )
    _land_at(store, "2026-Q1", "2026-04-10 02:00:00+00")
    state = reporting.reporting(store, "2026-Q1", date(2026, 5, 2))
    assert state.reported == 1 and state.count("missing") == state.expected - 1
    assert state.units["status"].to_list()[-1] == "on_time"
    assert state.units["unit_code"].to_list()[-1] == "SNV"
    assert state.units.row(-1, named=True)["reported_by"] == TESTER.username
    assert state.units["status"].to_list()[0] == "missing"
    assert state.overdue

    store.rollback_upload(done.upload_id, "admin")
    assert reporting.reporting(store, "2026-Q1", date(2026, 5, 2)).reported == 0


def test_an_administrator_moves_the_due_day_and_it_is_audited(store):
    reporting.set_due_date(store, TESTER, "2025-Q4", date(2026, 1, 20))
    assert reporting.due_date(store, "2025-Q4") == date(2026, 1, 20)
    _land_at(store, "2025-Q4", "2026-01-18 03:00:00+00")
    assert reporting.reporting(store, "2025-Q4", date(2026, 2, 1)).count("on_time") > 0
    assert store.audit_log(limit=1).row(0, named=True)["action"] == "due_date_set"
    with pytest.raises(ValueError, match="Hạn báo cáo phải sau ngày kết thúc Quý IV/2025"):
        reporting.set_due_date(store, TESTER, "2025-Q4", date(2025, 12, 31))
    with pytest.raises(PermissionDenied):
        reporting.set_due_date(store, VIEWER, "2025-Q4", date(2026, 1, 25))
    assert reporting.due_date(store, "2025-Q4") == date(2026, 1, 20)


def test_the_portals_scores_are_not_a_units_report(empty_store):
    from tests.test_portal import SNV, export

    scores = import_file(empty_store, export(SNV), "766.csv", TESTER, quarter="2026-Q1", today=date(2026, 5, 2))
    assert scores.status == "committed"
    assert reporting.reporting(empty_store, "2026-Q1", date(2026, 5, 2)).reported == 0

    import_file(empty_store, b"unit_code,quarter,complaints\nSNV,2026-Q1,3\n", "q1.csv", TESTER, today=date(2026, 5, 2))
    state = reporting.reporting(empty_store, "2026-Q1", date(2026, 5, 2))
    assert state.reported == 1 and state.units.filter(status="late")["unit_code"].to_list() == ["SNV"]  # landed today


def test_the_stale_line_says_how_far_behind_the_newest_figures_are_at_its_boundaries():
    due = date(2026, 10, 15)
    # 1 October 2026: the third quarter is being collected
    assert reporting.stale_line("2026-Q3", date(2026, 10, 1), due) is None  # up to date
    assert reporting.stale_line("2026-Q4", date(2026, 10, 1), due) is None  # newer (the register's quarter so far)
    assert reporting.stale_line(None, date(2026, 10, 1), due) is None  # no figures: the pages say so themselves
    assert reporting.stale_line("2026-Q2", date(2026, 10, 15), due) == (
        "Số liệu mới nhất: Quý II/2026, chậm 1 quý so với kỳ đang thu thập Quý III/2026 (hạn 15/10/2026)."
    )
    assert reporting.stale_line("2026-Q2", date(2026, 10, 16), due) == (
        "Số liệu mới nhất: Quý II/2026, chậm 1 quý so với kỳ đang thu thập Quý III/2026 (đã quá hạn 15/10/2026)."
    )
    assert reporting.stale_line("2025-Q4", date(2026, 12, 1), due, "en") == (
        "Newest figures: Q4 2025, 3 quarters behind the quarter being collected, Q3 2026 (due 15/10/2026, overdue)."
    )
    # the quarter's last day: the second quarter is still the one being collected; the next day it is behind
    assert reporting.stale_line("2026-Q2", date(2026, 9, 30), due) is None
    assert reporting.quarters_behind("2026-Q2", date(2026, 10, 1)) == 1
