"""Review meetings and their conclusions.

A conclusion is a task: it enters the register through the register's own
import (`metrics.task_import.import_register`, origin `meeting`), as a small
register file built here with the meeting as its source, so it is checked,
versioned, audited and counted in the derived figures exactly like a task
from the document system, and a later register file can mark it completed.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl

from metrics import tasks
from metrics.auth import User, require_admin
from metrics.i18n import Said
from metrics.quarters import Quarter
from metrics.store import Store
from metrics.task_import import LABELS, TaskImportResult, import_register


class MeetingError(Said, ValueError):
    """A meeting that cannot be recorded; the message says what to fix, in Vietnamese."""


@dataclass(frozen=True)
class Conclusion:
    lead_unit: str
    deadline: date | None
    summary: str
    document: str = ""
    completed_on: date | None = None


def create_meeting(
    store: Store,
    user: User,
    held_on: date,
    title: str,
    quarter: str,
    chaired_by: str = "",
    attendees: str = "",
) -> int:
    """Record a meeting (admins: the Provincial Office); returns its number."""
    require_admin(user, "may_create_meeting")
    if not title.strip():
        raise MeetingError.said("meeting_title_blank")
    try:
        code = Quarter.parse(quarter).code
    except ValueError as error:
        raise MeetingError.said("meeting_bad_quarter", quarter=quarter) from error
    with store.transaction():
        meeting_id = store.insert_meeting(
            held_on, title.strip(), code, chaired_by.strip() or None, attendees.strip() or None, user.username
        )
        store.audit(user.username, "meeting_created", str(meeting_id), title.strip())
    return meeting_id


def meeting(store: Store, meeting_id: int) -> dict[str, Any] | None:
    found = store.meetings().filter(pl.col("meeting_id") == meeting_id)
    return found.row(0, named=True) if found.height else None


def previous(store: Store, meeting_id: int) -> dict[str, Any] | None:
    """The meeting held before this one (the one whose conclusions this one checks)."""
    rows = store.meetings().to_dicts()  # newest first
    for index, row in enumerate(rows):
        if row["meeting_id"] == meeting_id:
            return rows[index + 1] if index + 1 < len(rows) else None
    return None


def conclusions_file(meeting_row: dict[str, Any], existing: int, conclusions: list[Conclusion]) -> bytes:
    """The conclusions as a register file (CSV, Vietnamese headers), numbered after the existing ones."""
    codes = [*tasks.COLUMNS, "meeting_id"]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(LABELS[c][0] for c in codes)
    held = meeting_row["held_on"]
    for number, item in enumerate(conclusions, start=existing + 1):
        writer.writerow(
            [
                f"KL{meeting_row['meeting_id']:03d}-{number:02d}",
                item.document or f"Kết luận phiên họp ngày {held:%d/%m/%Y}",
                f"{held:%d/%m/%Y}",
                item.summary,
                meeting_row["chaired_by"] or "",
                item.lead_unit,
                "",
                f"{item.deadline:%d/%m/%Y}" if item.deadline else "",
                "",
                f"{item.completed_on:%d/%m/%Y}" if item.completed_on else "",
                "",
                meeting_row["meeting_id"],
            ]
        )
    return buffer.getvalue().encode("utf-8")


def add_conclusions(
    store: Store, user: User, meeting_id: int, conclusions: list[Conclusion], today: date | None = None
) -> TaskImportResult:
    """Enter a meeting's conclusions into the register (admins), all or none."""
    require_admin(user, "may_enter_conclusions")
    found = meeting(store, meeting_id)
    if found is None:
        raise MeetingError.said("meeting_unknown", number=str(meeting_id))
    with store.transaction():  # numbered after the conclusions already entered, with nobody adding meanwhile
        existing = store.tasks().filter(pl.col("meeting_id") == meeting_id).height
        data = conclusions_file(found, existing, conclusions)
        return import_register(store, data, f"ket-luan-phien-hop-{meeting_id}.csv", user, today=today, origin="meeting")


def conclusions_at(store: Store, meeting_id: int, at: date) -> pl.DataFrame:
    """A meeting's conclusions with their status on `at`."""
    own = store.tasks().filter(pl.col("meeting_id") == meeting_id)
    return tasks.with_status(own, at).sort("task_id")
