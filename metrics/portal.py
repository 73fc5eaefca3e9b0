"""Importing the National Public Service Portal's export of the Decision 766 index.

The portal publishes, per period, a score out of 100 for every province,
department and commune in six groups, with its own column names (`MA_COQUAN`,
`TONG_SCORE`, `ROW_STT`...) and a dot as decimal point. Its export carries no
period, so the uploader names one (`import FILE --quarter 2025-Q4`, or the
quarter chosen on the Upload page); the file is recognised by its header.

Rows are matched to units by `portal_code`. Province-level rows of other
provinces (the national sheet lists all 34) are kept as the national
comparison; a department or commune code that no unit carries is reported as a
warning and kept as published, never silently dropped. A group above its
maximum, or a total that is not the sum of its groups beyond rounding, refuses
the whole file with the Excel row named. Committed as any upload is: one
transaction, values in `value_history`, the file kept, rollback restoring the
previous values, ranks and national comparison together.

The one decision a reader would question: the level of a row (province,
department, commune) comes from the portal's `CAPDONVIID` (1, 2, 3), else its
`LOAI_COQUAN` wording, and for a matched row from the unit list itself.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import polars as pl

from metrics import settings
from metrics.auth import User
from metrics.catalogue import Indicator, Unit
from metrics.ingest import RECORD_SCHEMA, ImportResult, Problem, compare
from metrics.quarters import Quarter
from metrics.reading import XLSX_MAGIC, RawTable, ReadError, decode, normalise, read_table
from metrics.store import Store

COLUMNS = (
    "ID", "TEN", "TEN_COQUAN", "MA_COQUAN", "LOAI_COQUAN", "CAPDONVIID", "ID_COQUAN",
    "TDGQ", "MDHL", "MDSH", "TTTT", "CLGQ", "CKMB", "TONG_SCORE", "ROW_STT",
)  # fmt: skip
TOTAL = "idx766_total"
GROUP_COLUMNS = ("ckmb", "tdgq", "clgq", "tttt", "mdhl", "mdsh")  # portal_rows columns, DESIGN's order
SUM_TOLERANCE = 0.05  # points between TONG_SCORE and the sum of the six groups (the portal rounds each)
LEVELS = {"1": "province", "2": "department", "3": "commune"}
UNIT_LEVEL = {"province": "province", "department": "department", "commune": "commune", "ward": "commune"}
_SCORE = re.compile(r"^\d{1,3}(?:[.,]\d+)?$")
_RANK = re.compile(r"^\d{1,4}$")
PEEK_BYTES = 65_536


def is_header(row: list[str]) -> bool:
    """The portal's header: at least its code and total columns, in its own spelling."""
    cells = {normalise(c) for c in row}
    return "ma_coquan" in cells and "tong_score" in cells


def _mentions_header(data: bytes) -> bool:
    """A cheap first look for the header's words, so that other uploads are not read twice."""
    if data.startswith(XLSX_MAGIC):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as book:
                names = [n for n in book.namelist() if n.startswith("xl/") and n.endswith(".xml")]
                head = b"".join(book.open(n).read(PEEK_BYTES) for n in names if "sharedStrings" in n or "/sheet" in n)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError):
            return False
        text = head.decode("utf-8", errors="replace")
    else:
        text = decode(data[: PEEK_BYTES - PEEK_BYTES % 2])
    upper = text.upper()
    return "MA_COQUAN" in upper and "TONG_SCORE" in upper


def recognises(data: bytes) -> bool:
    """Whether the bytes are a portal export (its header within the first rows)."""
    if not _mentions_header(data):
        return False
    try:
        read_table(data, is_header)
    except ReadError:
        return False
    return True


@dataclass
class PortalResult(ImportResult):
    """An import result with the portal's own parts: the period and the published rows."""

    quarter: str | None = None
    published: pl.DataFrame | None = None  # the file's rows as portal_rows stores them
    comparison: int = 0  # rows of other provinces, kept as the national comparison
    published_changed: int = 0  # published rows that differ from the stored ones

    @property
    def changed(self) -> int:
        return super().changed + self.published_changed

    def as_dict(self) -> dict[str, object]:
        """The import's JSON, with the quarter and the warnings (codes no unit carries)."""
        return super().as_dict() | {
            "quarter": self.quarter,
            "warnings": [p.as_dict() for p in self.warnings],
            "comparison": self.comparison,
        }

    def write(self, store: Store, user: str, file_name: str, raw: bytes) -> int:
        """The export as one upload of its quarter, with the published rows and the audit record."""
        assert self.records is not None and self.published is not None
        upload_id = store.commit_upload(
            self.records,
            user=user,
            file_name=file_name,
            raw=raw,
            row_count=self.rows,
            changed_values=self.changed,
            period=self.quarter,
            portal_rows=self.published,
        )
        store.audit(
            user,
            "upload_committed",
            file_name,
            f"lần tải lên {upload_id} (Chỉ số 766, {self.quarter}): {self.changed} giá trị",
        )
        return upload_id


def _level(cap: str, kind: str) -> str | None:
    if cap.strip() in LEVELS:
        return LEVELS[cap.strip()]
    words = normalise(kind)
    if "tỉnh" in words or "thành phố" in words:
        return "province"
    if any(w in words for w in ("sở", "ban", "ngành", "cơ quan")):
        return "department"
    if "xã" in words or "phường" in words or "đặc khu" in words:
        return "commune"
    return None


def _score(text: str) -> float | None:
    clean = text.strip().replace("\u00a0", "")
    return float(clean.replace(",", ".")) if _SCORE.fullmatch(clean) else None


class _Check:
    """Reads and checks the rows of one export; every problem keeps its Excel row number."""

    def __init__(self, table: RawTable, scores: list[Indicator], units: list[Unit], quarter: str) -> None:
        self.table, self.quarter = table, quarter
        self.errors: list[Problem] = []
        self.warnings: list[Problem] = []
        self.columns = {normalise(name).upper(): i for i, name in enumerate(table.header)}
        self.scores = scores
        self.by_portal = {u.portal_code: u for u in units if u.portal_code}

    def cell(self, row: list[str], column: str) -> str:
        at = self.columns.get(column)
        return row[at].strip() if at is not None and at < len(row) else ""

    def run(self) -> tuple[pl.DataFrame, pl.DataFrame]:
        by_column = {i.numerator.upper(): i for i in self.scores}
        missing = [c for c in ("MA_COQUAN", *by_column) if c not in self.columns]
        if missing:
            self.errors.append(
                Problem.said(self.table.header_row, None, "portal_columns_missing", columns=", ".join(missing))
            )
            return pl.DataFrame(), pl.DataFrame()
        if not self.table.rows:
            self.errors.append(Problem.said(None, None, "portal_header_only"))
        total = next(i for i in self.scores if i.code == TOTAL)
        groups = [i for i in self.scores if i.code != TOTAL]
        seen: dict[str, int] = {}
        records, published = [], []
        for line, row in zip(self.table.row_numbers, self.table.rows, strict=True):
            code = self.cell(row, "MA_COQUAN")
            name = self.cell(row, "TEN_COQUAN") or self.cell(row, "TEN")
            if not code:
                self.errors.append(Problem.said(line, "MA_COQUAN", "portal_code_missing"))
                continue
            if code in seen:
                self.errors.append(
                    Problem.said(line, "MA_COQUAN", "portal_duplicate", code=code, first=str(seen[code]))
                )
                continue
            seen[code] = line
            values: dict[str, float] = {}
            for indicator in self.scores:
                column = indicator.numerator.upper()
                text = self.cell(row, column)
                value = _score(text)
                assert indicator.maximum is not None
                if value is None:
                    self.errors.append(
                        Problem.said(line, column, "portal_not_a_score", text=text, max=f"{indicator.maximum:g}")
                    )
                elif value > indicator.maximum:
                    self.errors.append(
                        Problem.said(
                            line,
                            column,
                            "portal_score_above",
                            field=column,
                            text=text,
                            max=f"{indicator.maximum:g}",
                            group=(indicator.name_vi, indicator.name("en")),
                        )
                    )
                else:
                    values[indicator.code] = value
            if len(values) == len(self.scores):
                parts = sum(values[g.code] for g in groups)
                if abs(values[TOTAL] - parts) > SUM_TOLERANCE:
                    self.errors.append(
                        Problem.said(
                            line,
                            total.numerator,
                            "portal_total_mismatch",
                            total=f"{values[TOTAL]:g}",
                            parts=f"{parts:.2f}",
                        )
                    )
            rank_text = self.cell(row, "ROW_STT")
            if rank_text and not _RANK.fullmatch(rank_text):
                self.errors.append(Problem.said(line, "ROW_STT", "portal_rank", rank=rank_text))
            unit = self.by_portal.get(code)
            level = (
                UNIT_LEVEL[unit.kind] if unit else _level(self.cell(row, "CAPDONVIID"), self.cell(row, "LOAI_COQUAN"))
            )
            if level is None:
                self.errors.append(Problem.said(line, "CAPDONVIID", "portal_level", code=code))
                continue
            if unit is not None and not unit.valid_in(self.quarter):
                self.errors.append(
                    Problem.said(
                        line, "MA_COQUAN", "portal_unit_inactive", name=(unit.name_vi, unit.name("en")), code=code
                    )
                )
                continue
            if unit is None and level != "province":
                self.warnings.append(Problem.said(line, "MA_COQUAN", "portal_unmatched", code=code, name=name))
            published.append(
                {
                    "row_number": line,
                    "quarter": self.quarter,
                    "portal_code": code,
                    "name": name or None,
                    "level": level,
                    "unit_code": unit.code if unit else None,
                    **{g: values.get(f"idx766_{g}") for g in GROUP_COLUMNS},
                    "total": values.get(TOTAL),
                    "rank": int(rank_text) if rank_text and _RANK.fullmatch(rank_text) else None,
                }
            )
            if unit is not None:
                records += [
                    {"unit_code": unit.code, "quarter": self.quarter, "indicator": c, "value": v}
                    for c, v in values.items()
                ]
        return _frame(records, RECORD_SCHEMA), _frame(published, PUBLISHED_SCHEMA)


PUBLISHED_SCHEMA = {
    "row_number": pl.Int32,
    "quarter": pl.String,
    "portal_code": pl.String,
    "name": pl.String,
    "level": pl.String,
    "unit_code": pl.String,
    **dict.fromkeys(GROUP_COLUMNS, pl.Float64),
    "total": pl.Float64,
    "rank": pl.Int32,
}


def _frame(rows: Sequence[Mapping[str, object]], schema: Mapping[str, type[pl.DataType]]) -> pl.DataFrame:
    frame = pl.DataFrame(rows, schema={k: v for k, v in schema.items() if k not in ("numerator", "denominator")})
    return frame.with_columns(pl.lit(None, dtype=t).alias(c) for c, t in schema.items() if c not in frame.columns)


def _published_changes(store: Store, published: pl.DataFrame, quarter: str) -> int:
    """Published rows that differ from those in force for the quarter (same sheet)."""
    keys = ["portal_code", "level", "name", *GROUP_COLUMNS, "total", "rank"]
    stored = store.portal_rows(quarter, quarter)
    levels = published["level"].unique().to_list()
    national = "province" in levels
    stored = stored.filter((pl.col("level") == "province") if national else (pl.col("level") != "province"))
    differing = published.select(keys).join(stored.select(keys), on=keys, how="anti", nulls_equal=True).height
    gone = stored.select(keys).join(published.select(keys), on="portal_code", how="anti").height
    return differing + gone


def check_export(
    store: Store, data: bytes, quarter: str | None, today: date | None = None, user: User | None = None
) -> PortalResult:
    """Read and validate a portal export for the named quarter; write nothing."""
    if not quarter:
        return PortalResult(
            "rejected",
            0,
            [Problem.said(None, None, "portal_quarter_needed")],
            file_format="portal",
        )
    try:
        period = Quarter.parse(quarter)
    except ValueError:
        return PortalResult(
            "rejected",
            0,
            [Problem.said(None, None, "portal_not_a_quarter", quarter=quarter)],
            file_format="portal",
        )
    if period > Quarter.of_date(today or settings.today()):
        return PortalResult(
            "rejected",
            0,
            [Problem.said(None, None, "portal_quarter_future", quarter=(period.label(), period.label("en")))],
            file_format="portal",
        )
    if user is not None and user.upload_scope is not None:
        return PortalResult(
            "rejected",
            0,
            [Problem.said(None, None, "portal_admins_only")],
            file_format="portal",
        )
    scores = [i for i in store.indicators() if i.is_score]
    if TOTAL not in {i.code for i in scores}:
        return PortalResult(
            "rejected",
            0,
            [Problem.said(None, None, "portal_no_catalogue")],
            file_format="portal",
        )
    try:
        table = read_table(data, is_header)
    except ReadError as error:
        return PortalResult("rejected", 0, [Problem.of_file(error)], file_format="portal")
    check = _Check(table, scores, store.units(), period.code)
    records, published = check.run()
    result = PortalResult("rejected", len(table.rows), check.errors, check.warnings, file_format="portal")
    result.quarter = period.code
    if check.errors:
        result.errors = sorted(check.errors, key=lambda p: (p.row or 0, p.column or ""))
        return result
    result.status, result.records, result.published = "valid", records, published
    result.changes = compare(store, records)
    result.comparison = published.filter(pl.col("unit_code").is_null() & (pl.col("level") == "province")).height
    result.published_changed = _published_changes(store, published, period.code)
    return result
