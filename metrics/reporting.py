"""The reporting calendar: which quarter is being collected, when it is due, who has reported.

A unit has reported a quarter when a committed upload holds values for it and
that quarter, the figures derived from a task-register import excepted (the
Provincial Office keeps the register; `Store.first_reports`); it reported late when the first such upload landed after the
due day (in the province's time). Every unit in force in the quarter is
expected, the province itself excepted. These rules are used by the Upload
page, the overview and `python -m metrics reporting` alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from metrics import fmt
from metrics.auth import User, require_admin
from metrics.catalogue import Unit
from metrics.i18n import Said, t
from metrics.overview import units_in_force
from metrics.quarters import Quarter, quarter_label
from metrics.store import Store

DUE_DAY = 15  # of the month after the quarter, unless an administrator sets another day
STATUSES = ("missing", "late", "on_time")  # also the order of the list: the missing first

SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "unit_code": pl.String,
    "unit_name": pl.String,
    "status": pl.String,
    "reported_at": pl.Datetime("us", "UTC"),
    "reported_by": pl.String,
    "days_late": pl.Int64,
}


def collecting(today: date) -> str:
    """The quarter being collected: the newest quarter that has ended."""
    return Quarter.of_date(today).shift(-1).code


def quarters_behind(newest: str | None, today: date) -> int:
    """How many quarters the newest figures are older than the quarter being collected (0: up to date, or none)."""
    if newest is None:
        return 0  # no figures at all: the pages say so in their own words
    return max(Quarter.parse(collecting(today)).index - Quarter.parse(newest).index, 0)


def stale_line(newest: str | None, today: date, due: date, lang: str = "vi") -> str | None:
    """The one line every page shows when its newest figures are older than the quarter being collected.

    'Số liệu mới nhất: Quý IV/2025, chậm 3 quý so với kỳ đang thu thập Quý III/2026 (hạn 15/10/2026)'.
    None when the newest quarter is the one being collected (or newer, or there is none).
    """
    behind = quarters_behind(newest, today)
    if newest is None or not behind:
        return None
    return t(
        "stale_line" if today <= due else "stale_line_overdue",
        lang,
        newest=quarter_label(newest, lang),
        n=behind,
        quarters=t("quarter_unit" if behind == 1 else "quarters_unit", lang),
        collecting=quarter_label(collecting(today), lang),
        due=fmt.day(due),
    )


def ended_quarters(today: date, count: int = 9) -> list[str]:
    """The `count` newest quarters that have ended, newest first: what an upload may be for."""
    newest = Quarter.parse(collecting(today))
    return [newest.shift(-i).code for i in range(count)]


def offered_quarters(today: date, held: list[str]) -> list[str]:
    """Quarters a person may pick, newest first: those that have ended, and any older one that holds figures."""
    return sorted(set(ended_quarters(today)) | set(held), reverse=True)


def default_due(quarter: str) -> date:
    """The 15th of the month after the quarter: 2026-Q3 is due on 15/10/2026."""
    following = Quarter.parse(quarter).shift(1)
    return date(following.year, 3 * following.q - 2, DUE_DAY)


def due_date(store: Store, quarter: str) -> date:
    return store.due_dates().get(quarter) or default_due(quarter)


class DueDateError(Said, ValueError):
    """A due day the quarter's calendar does not allow."""


def set_due_date(store: Store, user: User, quarter: str, due_on: date) -> None:
    """Administrators set a quarter's due day; it may not come before the quarter ends."""
    require_admin(user, "may_set_due_date")
    q = Quarter.parse(quarter)
    last_day = date(q.year + (q.q == 4), 1 if q.q == 4 else 3 * q.q + 1, 1)
    if due_on < last_day:
        raise DueDateError.said("due_before_quarter_end", quarter=(q.label("vi"), q.label("en")), day=fmt.day(last_day))
    store.set_due_date(q.code, due_on, user.username)


@dataclass(frozen=True)
class Reporting:
    """Who has reported a quarter, as of a day."""

    quarter: str
    due: date
    today: date
    units: pl.DataFrame  # SCHEMA, the missing first, then the late, each by unit code

    def count(self, status: str) -> int:
        return self.units.filter(pl.col("status") == status).height

    @property
    def expected(self) -> int:
        return self.units.height

    @property
    def reported(self) -> int:
        return self.expected - self.count("missing")

    @property
    def overdue(self) -> bool:
        """The due day has passed."""
        return self.today > self.due


def summary(state: Reporting, lang: str = "vi") -> str:
    """'41/49 đơn vị đã báo cáo Quý III/2026; 8 chưa báo cáo, hạn 15/10/2026'."""
    text = t(
        "reporting_summary",
        lang,
        reported=state.reported,
        expected=state.expected,
        quarter=quarter_label(state.quarter, lang),
        missing=state.count("missing"),
        due=fmt.day(state.due),
    )
    late = state.count("late")
    return text + (t("reporting_summary_late", lang, late=late) if late else "")


def table(state: Reporting, lang: str = "vi") -> tuple[list[str], list[list[object]]]:
    """The list as shown and exported: header and rows, times in the province's zone."""
    keys = (
        "col_unit_code",
        "col_unit_name",
        "col_report_status",
        "col_reported_at",
        "col_reported_by",
        "col_days_late",
    )
    rows = [
        [
            r["unit_code"],
            r["unit_name"],
            t(f"report_{r['status']}", lang),
            fmt.moment(r["reported_at"]) if r["reported_at"] else "",
            r["reported_by"] or "",
            r["days_late"] if r["days_late"] is not None else "",
        ]
        for r in state.units.iter_rows(named=True)
    ]
    return [t(k, lang) for k in keys], rows


def reporting(store: Store, quarter: str, today: date, units: list[Unit] | None = None) -> Reporting:
    """Every unit in force in `quarter` with its status: missing, late or on time."""
    due = due_date(store, quarter)
    expected = units_in_force(units if units is not None else store.units(), quarter)
    frame = pl.DataFrame(
        {"unit_code": [u.code for u in expected], "unit_name": [u.name_vi for u in expected]},
        schema={"unit_code": pl.String, "unit_name": pl.String},
    )
    reported = [i.code for i in store.indicators() if i.reported_by_units]
    first = store.first_reports(quarter, reported).select("unit_code", "reported_at", "reported_by")
    frame = frame.join(first, on="unit_code", how="left")
    reported_on = fmt.local_date_column("reported_at")
    days_late = (reported_on - pl.lit(due)).dt.total_days()
    status = (
        pl.when(pl.col("reported_at").is_null())
        .then(pl.lit("missing"))
        .when(reported_on > pl.lit(due))
        .then(pl.lit("late"))
        .otherwise(pl.lit("on_time"))
    )
    frame = frame.with_columns(
        status.alias("status"),
        pl.when(reported_on > pl.lit(due)).then(days_late).otherwise(None).cast(pl.Int64).alias("days_late"),
    )
    order = pl.col("status").replace_strict({s: i for i, s in enumerate(STATUSES)}, return_dtype=pl.Int8)
    frame = frame.sort(order, "unit_code").select(
        pl.col(c).cast(t) if c != "reported_at" else pl.col(c).dt.convert_time_zone("UTC").cast(t)
        for c, t in SCHEMA.items()
    )
    return Reporting(quarter, due, today, frame)
