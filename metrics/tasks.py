"""The task register's rules: effective deadline, status at a date, and the figures derived from them.

Every place that asks "is this task overdue?" (the Tasks page, the command
line, the derived `overdue_tasks` / `tasks_due` / `tasks_done_on_time`, the
brief) calls `with_status` here, so the rule is written once, as polars
expressions over a frame of tasks. `status_at` is the same rule for one task.

The decision a reader would question: a task completed after the date D is
judged as it stood at D (not completed then), and an extension counts from the
start, whenever it was granted: the register keeps only the current
`extended_to` of each version, not the day the extension was signed.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

import polars as pl

from metrics.catalogue import REGISTER_FIELDS, Indicator
from metrics.quarters import Quarter, quarter_range

STATUSES = ("overdue", "in_progress", "done_on_time", "done_late")
# The columns of the register (the public contract), in order.
COLUMNS = (
    "task_id",
    "document",
    "document_date",
    "summary",
    "assigned_by",
    "lead_unit",
    "co_units",
    "deadline",
    "extended_to",
    "completed_on",
    "progress",
)
DATE_COLUMNS = ("document_date", "deadline", "extended_to", "completed_on")
FIGURES = REGISTER_FIELDS  # overdue_tasks, tasks_due, tasks_done_on_time
TASK_SCHEMA: dict[str, pl.DataType] = {
    **{c: pl.String() for c in COLUMNS},
    **{c: pl.Date() for c in DATE_COLUMNS},
    "meeting_id": pl.Int64(),
}


def effective_deadline() -> pl.Expr:
    """`extended_to` when present, else `deadline`; null for a standing task."""
    return pl.coalesce(pl.col("extended_to"), pl.col("deadline"))


def with_status(tasks: pl.DataFrame, at: date) -> pl.DataFrame:
    """Add `effective_deadline`, `status` and `days_overdue` as the tasks stood on `at`.

    - completed on or before `at`: `done_on_time` when completed on or before
      the effective deadline (or the task has none), else `done_late`;
    - not completed by `at`: `overdue` when `at` is after the effective
      deadline, else `in_progress` (a standing task without deadline is
      never overdue);
    - `days_overdue`: calendar days from the effective deadline to `at` for an
      overdue task, to the completion for one completed late, else 0.
    """
    eff = pl.col("effective_deadline")
    done = pl.col("completed_on").is_not_null() & (pl.col("completed_on") <= at)
    late = done & eff.is_not_null() & (pl.col("completed_on") > eff)
    overdue = ~done & eff.is_not_null() & (pl.lit(at) > eff)
    status = (
        pl.when(late)
        .then(pl.lit("done_late"))
        .when(done)
        .then(pl.lit("done_on_time"))
        .when(overdue)
        .then(pl.lit("overdue"))
        .otherwise(pl.lit("in_progress"))
    )
    days = (
        pl.when(overdue)
        .then((pl.lit(at) - eff).dt.total_days())
        .when(late)
        .then((pl.col("completed_on") - eff).dt.total_days())
        .otherwise(0)
    )
    return tasks.with_columns(effective_deadline().alias("effective_deadline")).with_columns(
        status.alias("status"), days.cast(pl.Int64).alias("days_overdue")
    )


def assigned_by(tasks: pl.DataFrame, at: date) -> pl.DataFrame:
    """The tasks that existed on `at` (assigned on or before it)."""
    return tasks.filter(pl.col("document_date").is_null() | (pl.col("document_date") <= at))


def as_of(tasks: pl.DataFrame, at: date) -> pl.DataFrame:
    """The register as it stood on `at`: tasks assigned by then, a later completion not yet
    known (its `completed_on` blank), with status and days overdue."""
    known = assigned_by(tasks, at).with_columns(
        pl.when(pl.col("completed_on") <= at).then(pl.col("completed_on")).alias("completed_on")
    )
    return with_status(known, at)


@dataclass(frozen=True)
class Status:
    status: str
    days_overdue: int
    effective_deadline: date | None


def status_at(
    at: date, deadline: date | None, extended_to: date | None = None, completed_on: date | None = None
) -> Status:
    """The rule of `with_status` for one task."""
    one = pl.DataFrame(
        {"deadline": [deadline], "extended_to": [extended_to], "completed_on": [completed_on]},
        schema={"deadline": pl.Date, "extended_to": pl.Date, "completed_on": pl.Date},
    )
    row = with_status(one, at).row(0, named=True)
    return Status(row["status"], row["days_overdue"], row["effective_deadline"])


def empty() -> pl.DataFrame:
    return pl.DataFrame(schema=TASK_SCHEMA)


# -- periods ------------------------------------------------------------------


def quarter_bounds(code: str) -> tuple[date, date]:
    quarter = Quarter.parse(code)
    first = date(quarter.year, 3 * quarter.q - 2, 1)
    last_month = 3 * quarter.q
    return first, date(quarter.year, last_month, calendar.monthrange(quarter.year, last_month)[1])


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def month_ends(first: date, last: date) -> list[date]:
    """Every month's last day from `first`'s month to `last`'s month, oldest first."""
    ends, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        ends.append(month_end(year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return ends


def figures(tasks: pl.DataFrame, start: date, end: date, today: date) -> pl.DataFrame:
    """Per lead unit, for the period [start, end]: the three derived figures.

    `overdue_tasks`: tasks overdue on the period's last day (or today, when the
    period has not ended yet); `tasks_due`: tasks whose effective deadline
    falls in the period; `tasks_done_on_time`: those of them completed on
    time. Units that lead no task in the period are absent (their figures are 0).
    """
    cut = min(end, today)
    judged = with_status(assigned_by(tasks, cut), cut)
    eff = pl.col("effective_deadline")
    due = eff.is_not_null() & (eff >= start) & (eff <= end)
    return (
        judged.group_by(pl.col("lead_unit").alias("unit_code"))
        .agg(
            (pl.col("status") == "overdue").sum().cast(pl.Int64).alias("overdue_tasks"),
            due.sum().cast(pl.Int64).alias("tasks_due"),
            (due & (pl.col("status") == "done_on_time")).sum().cast(pl.Int64).alias("tasks_done_on_time"),
        )
        .sort("unit_code")
    )


def quarterly_figures(tasks: pl.DataFrame, quarters: list[str], today: date) -> pl.DataFrame:
    """`figures` for each quarter: unit_code, quarter, overdue_tasks, tasks_due, tasks_done_on_time."""
    parts = [
        figures(tasks, *quarter_bounds(code), today).with_columns(pl.lit(code).alias("quarter")) for code in quarters
    ]
    schema = {"unit_code": pl.String, "quarter": pl.String, **dict.fromkeys(FIGURES, pl.Int64)}
    if not parts:
        return pl.DataFrame(schema=schema)
    return pl.concat(parts).select(*schema)


def monthly_figures(tasks: pl.DataFrame, month_end_day: date, today: date) -> pl.DataFrame:
    """`figures` for the month ending on `month_end_day` (the monthly meeting's cut)."""
    return figures(tasks, month_end_day.replace(day=1), month_end_day, today)


def register_quarters(tasks: pl.DataFrame, today: date) -> list[str]:
    """The quarters the register speaks for: from its first assignment to its latest event.

    The latest event is the newest document or completion date (not a future
    deadline), never after today: a register exported in December 2025 says
    nothing about 2026, so no figures are derived for it.
    """
    if tasks.is_empty():
        return []
    dates = tasks.select(
        first=pl.col("document_date").min(), latest=pl.max_horizontal(pl.col("document_date", "completed_on").max())
    ).row(0)
    first: date | None = dates[0]
    latest: date | None = dates[1]
    if first is None or latest is None:
        return []
    latest = min(latest, today)
    if first > latest:
        return []
    return quarter_range(Quarter.of_date(first).code, Quarter.of_date(latest).code)


def unit_quarter_records(
    tasks: pl.DataFrame,
    indicators: list[Indicator],
    units_in_force: dict[str, list[str]],
    quarters: list[str],
    today: date,
) -> pl.DataFrame:
    """The register-sourced indicators' figures as store records.

    Columns as an upload's: unit_code, quarter, indicator, value, numerator,
    denominator. Every unit in force in a quarter gets a figure, 0 when it
    leads no task: a unit with nothing overdue has 0 overdue tasks, not a
    blank. A ratio with nothing due keeps numerator and denominator 0 and no
    value. `units_in_force` maps a quarter to its unit codes.
    """
    derived = quarterly_figures(tasks, quarters, today)
    key_schema = {"unit_code": pl.String, "quarter": pl.String}
    frames = [pl.DataFrame({"unit_code": units_in_force.get(q, []), "quarter": q}, schema=key_schema) for q in quarters]
    grid = pl.concat(frames) if frames else pl.DataFrame(schema=key_schema)
    full = grid.join(derived, on=["unit_code", "quarter"], how="left").with_columns(
        pl.col(c).fill_null(0).cast(pl.Float64) for c in FIGURES
    )
    parts = []
    for indicator in indicators:
        if not indicator.from_register:
            continue
        num = pl.col(indicator.numerator)
        if indicator.denominator:
            den = pl.col(indicator.denominator)
            value, numerator, denominator = pl.when(den > 0).then(100.0 * num / den).otherwise(None), num, den
        else:
            value, numerator, denominator = num, pl.lit(None, pl.Float64), pl.lit(None, pl.Float64)
        parts.append(
            full.select(
                "unit_code",
                "quarter",
                pl.lit(indicator.code).alias("indicator"),
                value.alias("value"),
                numerator.alias("numerator"),
                denominator.alias("denominator"),
            )
        )
    if not parts:
        return pl.DataFrame(
            schema={
                **key_schema,
                "indicator": pl.String,
                **dict.fromkeys(("value", "numerator", "denominator"), pl.Float64),
            }
        )
    return pl.concat(parts).sort("quarter", "unit_code", "indicator")


def overdue_by_unit(tasks: pl.DataFrame, at: date) -> pl.DataFrame:
    """Overdue tasks on `at` per lead unit, most first: unit_code, overdue, oldest_days."""
    judged = with_status(assigned_by(tasks, at), at).filter(pl.col("status") == "overdue")
    return (
        judged.group_by(pl.col("lead_unit").alias("unit_code"))
        .agg(pl.len().cast(pl.Int64).alias("overdue"), pl.col("days_overdue").max().alias("oldest_days"))
        .sort(["overdue", "oldest_days", "unit_code"], descending=[True, True, False])
    )
