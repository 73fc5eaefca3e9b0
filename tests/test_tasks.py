"""The task register's status rule and derived figures, at their boundaries, with literal values."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from metrics import tasks
from metrics.catalogue import load_fields, load_indicators
from metrics.settings import SAMPLE_DIR
from metrics.tasks import status_at


def test_completed_on_its_deadline_is_on_time() -> None:
    result = status_at(date(2025, 6, 30), deadline=date(2025, 3, 31), completed_on=date(2025, 3, 31))
    assert (result.status, result.days_overdue) == ("done_on_time", 0)


def test_completed_the_day_after_its_deadline_is_late_by_one_day() -> None:
    result = status_at(date(2025, 6, 30), deadline=date(2025, 3, 31), completed_on=date(2025, 4, 1))
    assert (result.status, result.days_overdue) == ("done_late", 1)


def test_on_the_deadline_itself_an_open_task_is_still_in_progress() -> None:
    assert status_at(date(2025, 3, 31), deadline=date(2025, 3, 31)).status == "in_progress"


def test_the_day_after_the_deadline_an_open_task_is_overdue_by_one_day() -> None:
    result = status_at(date(2025, 4, 1), deadline=date(2025, 3, 31))
    assert (result.status, result.days_overdue) == ("overdue", 1)


def test_overdue_days_are_calendar_days_across_months() -> None:
    assert status_at(date(2025, 6, 30), deadline=date(2025, 3, 31)).days_overdue == 91


def test_an_extension_moves_the_effective_deadline() -> None:
    extended = status_at(date(2025, 4, 15), deadline=date(2025, 3, 31), extended_to=date(2025, 4, 30))
    assert (extended.status, extended.effective_deadline) == ("in_progress", date(2025, 4, 30))
    after = status_at(date(2025, 5, 3), deadline=date(2025, 3, 31), extended_to=date(2025, 4, 30))
    assert (after.status, after.days_overdue) == ("overdue", 3)


def test_completed_after_the_deadline_but_within_the_extension_is_on_time() -> None:
    result = status_at(
        date(2025, 6, 30), deadline=date(2025, 3, 31), extended_to=date(2025, 4, 30), completed_on=date(2025, 4, 30)
    )
    assert result.status == "done_on_time"


def test_completed_after_the_extension_is_late_counted_from_the_extension() -> None:
    result = status_at(
        date(2025, 6, 30), deadline=date(2025, 3, 31), extended_to=date(2025, 4, 30), completed_on=date(2025, 5, 10)
    )
    assert (result.status, result.days_overdue) == ("done_late", 10)


def test_a_standing_task_without_deadline_is_never_overdue() -> None:
    assert status_at(date(2030, 1, 1), deadline=None).status == "in_progress"
    assert status_at(date(2030, 1, 1), deadline=None, completed_on=date(2029, 1, 1)).status == "done_on_time"


def test_a_task_completed_after_the_date_is_judged_as_it_stood_then() -> None:
    # Completed on 10 May, late; on 30 April (before completion, after the deadline) it was overdue.
    result = status_at(date(2025, 4, 30), deadline=date(2025, 3, 31), completed_on=date(2025, 5, 10))
    assert (result.status, result.days_overdue) == ("overdue", 30)
    before = status_at(date(2025, 3, 1), deadline=date(2025, 3, 31), completed_on=date(2025, 3, 20))
    assert before.status == "in_progress"


def _register(rows: list[tuple]) -> pl.DataFrame:
    """(task_id, lead_unit, document_date, deadline, extended_to, completed_on) tuples as a register."""
    columns = ["task_id", "lead_unit", "document_date", "deadline", "extended_to", "completed_on"]
    frame = pl.DataFrame(rows, schema=columns, orient="row")
    return frame.with_columns(pl.col(c).cast(pl.Date) for c in tasks.DATE_COLUMNS if c in columns)


D = date
REGISTER = _register(
    [
        # SXD: due in Q3; one on time, one late, one still open (overdue at 30 Sep), one extended into Q4.
        ("1", "SXD", D(2025, 7, 1), D(2025, 8, 15), None, D(2025, 8, 15)),
        ("2", "SXD", D(2025, 7, 1), D(2025, 8, 15), None, D(2025, 10, 2)),
        ("3", "SXD", D(2025, 7, 1), D(2025, 9, 29), None, None),
        ("4", "SXD", D(2025, 7, 1), D(2025, 9, 15), D(2025, 10, 15), None),
        # SYT: due in Q2, still open at the end of Q3 (a stock: overdue in both quarters).
        ("5", "SYT", D(2025, 4, 1), D(2025, 6, 1), None, None),
        # SYT: a standing task; and one assigned after Q3 ended (absent from Q3).
        ("6", "SYT", D(2025, 1, 5), None, None, None),
        ("7", "SYT", D(2025, 10, 1), D(2025, 10, 2), None, None),
    ]
)


def test_quarterly_figures_match_a_hand_count() -> None:
    figures = tasks.quarterly_figures(REGISTER, ["2025-Q2", "2025-Q3", "2025-Q4"], today=D(2025, 11, 10))
    by = {(r["unit_code"], r["quarter"]): (r["overdue_tasks"], r["tasks_due"], r["tasks_done_on_time"])
          for r in figures.iter_rows(named=True)}  # fmt: skip
    # Q2 (cut 30 June): SYT's task 5 is overdue (due 1 June); SXD has no task yet.
    assert by[("SYT", "2025-Q2")] == (1, 1, 0)
    assert ("SXD", "2025-Q2") not in by
    # Q3 (cut 30 Sep): SXD's task 2 (done 2 Oct) and 3 are overdue, 4 is extended to 15 Oct;
    # due in Q3: 1, 2, 3 (4's effective deadline is in Q4); on time: 1.
    assert by[("SXD", "2025-Q3")] == (2, 3, 1)
    assert by[("SYT", "2025-Q3")] == (1, 0, 0)
    # Q4, not ended (cut on 10 Nov): SXD's 3 and 4 overdue, 4 due in Q4; SYT's 5 and 7 overdue, 7 due.
    assert by[("SXD", "2025-Q4")] == (2, 1, 0)
    assert by[("SYT", "2025-Q4")] == (2, 1, 0)


def test_a_month_end_cut_counts_what_was_overdue_that_day() -> None:
    august = tasks.monthly_figures(REGISTER, D(2025, 8, 31), today=D(2025, 11, 10))
    row = august.filter(pl.col("unit_code") == "SXD").row(0, named=True)
    # 31 Aug: task 2 (due 15 Aug, done 2 Oct) is overdue; due in August: 1 and 2; on time: 1.
    assert (row["overdue_tasks"], row["tasks_due"], row["tasks_done_on_time"]) == (1, 2, 1)


def test_store_records_give_every_unit_in_force_a_figure_and_a_rate_from_the_counts() -> None:
    indicators = load_indicators(SAMPLE_DIR / "indicators.csv", load_fields(SAMPLE_DIR / "fields.csv"))
    in_force = {"2025-Q3": ["SXD", "SYT", "SNV"]}
    records = tasks.unit_quarter_records(REGISTER, indicators, in_force, ["2025-Q3"], D(2025, 11, 10))
    assert set(records["indicator"]) == {"overdue_tasks", "task_on_time_rate"}
    by = {(r["unit_code"], r["indicator"]): (r["value"], r["numerator"], r["denominator"])
          for r in records.iter_rows(named=True)}  # fmt: skip
    assert by[("SXD", "overdue_tasks")] == (2.0, None, None)
    assert by[("SXD", "task_on_time_rate")] == pytest.approx((100 / 3, 1.0, 3.0))
    assert by[("SNV", "overdue_tasks")] == (0.0, None, None)
    assert by[("SNV", "task_on_time_rate")] == (None, 0.0, 0.0)


def test_the_register_speaks_from_its_first_document_to_its_latest_event_never_past_today() -> None:
    assert tasks.register_quarters(REGISTER, D(2025, 11, 10)) == ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]
    assert tasks.register_quarters(REGISTER, D(2025, 9, 1)) == ["2025-Q1", "2025-Q2", "2025-Q3"]


def test_month_ends_run_through_december_into_the_next_year() -> None:
    assert tasks.month_ends(D(2024, 11, 5), D(2025, 2, 1)) == [
        D(2024, 11, 30),
        D(2024, 12, 31),
        D(2025, 1, 31),
        D(2025, 2, 28),
    ]
