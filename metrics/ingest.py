"""Validating and loading quarterly upload files: all or nothing.

The file is read as text (metrics.reading), then checked column by column
with polars expressions, so every problem keeps its Excel row number and a
100,000-row file is checked in well under a second. Every problem is reported
at once; only a file with none reaches the store, in one transaction.

An upload is one unit of work in two steps: `check_upload` reads and checks
a file against the store as it is (writing nothing) and returns a
`CheckedUpload` holding the checked records and the data version they were
checked against; `commit_checked` writes exactly that, in one transaction
with its audit record, after re-reading the data version inside the
transaction: if anything was written meanwhile it refuses (`DataChanged`)
and writes nothing. A refused file goes through `commit_checked` too, which
keeps it in the upload log. The upload page checks, shows the preview and
commits on confirmation; `python -m metrics import` (`import_file`) runs
both steps inside one transaction.
"""

from __future__ import annotations

import logging
import re
import string
from dataclasses import dataclass, field, replace
from datetime import date

import polars as pl

from metrics import fmt, settings
from metrics.auth import PermissionDenied, User, require_admin, require_writer
from metrics.catalogue import Field, Indicator, Unit, quarterly
from metrics.filenames import safe_file_name
from metrics.i18n import TEXT, t
from metrics.limits import IMPLAUSIBLE_FACTOR, MAX_COUNT, MAX_ERRORS, ReadStats, Received
from metrics.quarters import SPELLINGS, Quarter, quarter_label
from metrics.reading import RawTable, ReadError, normalise, read_table
from metrics.rollup import over_units
from metrics.store import Store, StoreError

REQUIRED = ("unit_code", "quarter")
LONG_COLUMNS = {
    "indicator": ("indicator", "Mã chỉ số", "Chỉ số", "Indicator code"),
    "value": ("value", "Giá trị", "Value"),
    "numerator": ("numerator", "Tử số", "Numerator"),
    "denominator": ("denominator", "Mẫu số", "Denominator"),
}
LONG_LABELS = {code: t(f"long_{code}") for code in LONG_COLUMNS}
# Thousands grouped by dots or by spaces (plain, non-breaking or narrow), never mixed
# and always by three: '6.824', '6 824', '1 234 567'; '6 82' is refused.
SPACES = "[ \u00a0\u202f]"
NUMBER = rf"^[+-]?(?:\d{{1,3}}(?:\.\d{{3}})+|\d{{1,3}}(?:{SPACES}\d{{3}})+|\d+)(?:,\d+)?$"
PERCENT = rf"^[+-]?[\d.,]+(?:{SPACES}\d+)*{SPACES}*%$"  # '93,56 %': a rate typed where a count belongs
VALUE_TOLERANCE = 0.05  # percentage points between a stated ratio and num/den (rounding)
RECORD_SCHEMA = {
    "unit_code": pl.String,
    "quarter": pl.String,
    "indicator": pl.String,
    "value": pl.Float64,  # a count's value is whole and at most MAX_COUNT: exact as a double
    "numerator": pl.Int64,  # a ratio's parts are counts, exact integers as the store keeps them
    "denominator": pl.Int64,
}
PROBLEM_SCHEMA = {"row": pl.Int64, "column": pl.String, "message": pl.String, "message_en": pl.String}
log = logging.getLogger(__name__)
# A value put into a message: a column's cells (an expression), a constant (a number is written the
# language's way), or a pair (Vietnamese, English) of either.
Said = pl.Expr | str | int | float | tuple["pl.Expr | str | int | float", "pl.Expr | str | int | float"]


def _in(lang: str, value: Said) -> pl.Expr | str:
    """`value` as `lang` writes it: a pair's half, a number formatted by metrics.fmt."""
    if isinstance(value, tuple):
        value = value[1 if lang == "en" else 0]
    if isinstance(value, pl.Expr | str):
        return value
    return fmt.number(value, lang=lang)


def said_text(key: str, lang: str = "vi", **values: Said) -> str:
    """The message `key` of metrics.i18n in `lang`, filled with constant values."""
    filled = {name: _in(lang, value) for name, value in values.items()}
    assert not any(isinstance(v, pl.Expr) for v in filled.values()), key
    return t(key, lang, **filled)


def both(key: str, **values: Said) -> tuple[str, str]:
    """The message `key` of metrics.i18n filled with constant values, (Vietnamese, English)."""
    return said_text(key, "vi", **values), said_text(key, "en", **values)


def said(key: str, **values: Said) -> tuple[pl.Expr, pl.Expr]:
    """The message `key` of metrics.i18n as (Vietnamese, English) expressions over a frame's cells.

    A cell that is null makes the message null, as `pl.format` does.
    """
    pair = []
    for index, lang in enumerate(("vi", "en")):
        parts: list[pl.Expr] = []
        for literal, name, _, _ in string.Formatter().parse(TEXT[key][index]):
            if literal:
                parts.append(pl.lit(literal))
            if name is not None:
                value = _in(lang, values[name])
                parts.append(value.cast(pl.String) if isinstance(value, pl.Expr) else pl.lit(value))
        pair.append(pl.concat_str(parts) if parts else pl.lit(""))
    return pair[0], pair[1]


@dataclass(frozen=True)
class Problem:
    """One problem in a file: the row as Excel numbers it, the column code, the fix."""

    row: int | None
    column: str | None
    message: str
    unit: str | None = None  # 'SNV – Sở Nội vụ' when the row's unit code is known
    message_en: str | None = None  # the same in English, where one is written
    unit_en: str | None = None  # 'SNV – Department of Home Affairs': the unit named in English

    @classmethod
    def said(cls, row: int | None, column: str | None, key: str, **values: Said) -> Problem:
        """A problem whose message is the key `key` of metrics.i18n, in both languages."""
        vi, en = both(key, **values)
        return cls(row, column, vi, message_en=en)

    @classmethod
    def of_file(cls, error: ReadError) -> Problem:
        """A refusal of the whole file, in both languages when the reader wrote both."""
        return cls(None, None, str(error), message_en=error.english)

    def text(self, lang: str = "vi") -> str:
        """The message in the interface's language (Vietnamese when no English one is written)."""
        return self.message_en if lang == "en" and self.message_en else self.message

    def unit_text(self, lang: str = "vi") -> str | None:
        """The row's unit in the interface's language."""
        return self.unit_en if lang == "en" and self.unit_en else self.unit

    def as_dict(self) -> dict[str, object]:
        return {"row": self.row, "column": self.column, "message": self.message, "unit": self.unit}

    def where(self, labels: dict[str, str], lang: str = "vi") -> str:
        """'đơn vị SNV – Sở Nội vụ, dòng 4, cột Mã đơn vị' (empty when the problem is the whole file)."""
        parts = [
            t("where_unit", lang, unit=self.unit_text(lang)) if self.unit else "",
            t("where_row", lang, row=self.row) if self.row else "",
        ]
        if self.column:
            parts.append(t("where_column", lang, column=labels.get(self.column, self.column)))
        return ", ".join(p for p in parts if p)


@dataclass
class ImportResult:
    status: str  # committed | valid | rejected
    rows: int
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    upload_id: int | None = None
    records: pl.DataFrame | None = None
    changes: pl.DataFrame | None = None
    file_format: str = "wide"
    read: ReadStats | None = None  # what reading the file did (rows read, bytes inflated, the limit hit)
    suspicious: list[Problem] = field(default_factory=list)  # values far above the unit's past ones
    errors_omitted: int = 0  # problems beyond MAX_ERRORS, counted but not listed

    @property
    def changed(self) -> int:
        """Values the file adds, changes or clears against the store."""
        if self.changes is None:
            return 0
        return self.changes.filter(pl.col("change") != "unchanged").height

    def as_dict(self) -> dict[str, object]:
        return {
            "status": self.status,
            "rows": self.rows,
            "errors": [p.as_dict() for p in self.errors],
            "changed": self.changed,
            "upload_id": self.upload_id,
            "errors_omitted": self.errors_omitted,
            "suspicious": [p.as_dict() for p in self.suspicious],
            "read": self.read.as_dict() if self.read is not None else None,
        }

    @property
    def error_total(self) -> int:
        """Every problem found, listed or not."""
        return len(self.errors) - (1 if self.errors_omitted else 0) + self.errors_omitted

    def write(self, store: Store, user: str, file_name: str, raw: bytes) -> int:
        """Write the checked records as one upload with its audit record (inside `commit_checked`'s transaction)."""
        assert self.records is not None
        upload_id = store.commit_upload(
            self.records, user=user, file_name=file_name, raw=raw, row_count=self.rows, changed_values=self.changed
        )
        store.audit(user, "upload_committed", file_name, f"lần tải lên {upload_id}: {self.changed} giá trị")
        return upload_id


@dataclass(frozen=True)
class Context:
    fields: list[Field]
    indicators: list[Indicator]
    units: list[Unit]
    today: date
    scope: frozenset[str] | None = None  # units the uploader may write; None: all

    @property
    def register_fields(self) -> set[str]:
        """Upload columns that only register-sourced indicators are built from."""
        derived = {c for i in self.indicators if i.from_register for c in i.fields}
        return derived - {c for i in self.indicators if not i.from_register for c in i.fields}

    @property
    def labels(self) -> dict[str, str]:
        return {**{f.code: f.label_vi for f in self.fields}, **LONG_LABELS}

    @property
    def labels_en(self) -> dict[str, str]:
        return {**{f.code: f.label_en for f in self.fields}, **{c: t(f"long_{c}", "en") for c in LONG_COLUMNS}}

    def aliases(self) -> dict[str, str]:
        aliases: dict[str, str] = {}
        for f in self.fields:
            for name in (f.code, f.label_vi, f.label_en):
                aliases[normalise(name)] = f.code
        for code, names in LONG_COLUMNS.items():
            for name in names:
                aliases.setdefault(normalise(name), code)
        return aliases


def parse_number(text: str) -> float:
    """A number written the Vietnamese way: '6.824' is 6824, '93,56' is 93.56.

    A dot is only ever a thousands separator, so '6.82' is refused rather
    than silently read as 6.82.
    """
    clean = text.strip()
    if not re.fullmatch(NUMBER, clean):
        raise ValueError(text)
    return float(re.sub(SPACES, "", clean).replace(".", "").replace(",", "."))


def _number(column: str) -> tuple[pl.Expr, pl.Expr]:
    """(is the cell well-formed or blank, its value) for a text column."""
    clean = pl.col(column).str.strip_chars()
    blank = clean == ""
    value = (
        clean.str.replace_all(SPACES, "")
        .str.replace_all(".", "", literal=True)
        .str.replace(",", ".", literal=True)
        .cast(pl.Float64, strict=False)
    )
    well_formed = blank | clean.str.contains(NUMBER)
    return well_formed, pl.when(blank | ~well_formed).then(None).otherwise(value)


def _problems(
    frame: pl.DataFrame, condition: pl.Expr, column: str | None, message: tuple[pl.Expr, pl.Expr]
) -> tuple[pl.DataFrame, int]:
    """The first MAX_ERRORS rows meeting `condition` as problems, and how many met it.

    Only the rows that can be listed get a sentence: 150,000 bad rows in 13
    columns would otherwise hold two million sentences in memory.
    """
    mask = frame.select(condition.fill_null(False).alias("hit"))["hit"]
    found = int(mask.sum())
    if not found:
        return pl.DataFrame(schema=PROBLEM_SCHEMA), 0
    if found > MAX_ERRORS:  # row numbers are unique: keep the first MAX_ERRORS without copying the rest
        mask = mask & (frame["row"] <= frame["row"].filter(mask).bottom_k(MAX_ERRORS).max())
    hits = frame.filter(mask)
    listed = hits.select(
        pl.col("row").cast(pl.Int64),
        pl.lit(column, dtype=pl.String).alias("column"),
        message[0].alias("message"),
        message[1].alias("message_en"),
    )
    return listed, found


class Validator:
    """Checks one table against the catalogue and the unit list."""

    def __init__(self, table: RawTable, ctx: Context) -> None:
        self.table = table
        self.ctx = ctx
        self.labels = ctx.labels
        self.labels_en = ctx.labels_en
        self.errors: list[pl.DataFrame] = []
        self.warnings: list[pl.DataFrame] = []
        self.errors_found = 0  # every error, listed or not
        self.warnings_found = 0
        aliases = ctx.aliases()
        self.columns: dict[str, int] = {}
        for position, name in enumerate(table.header):
            code = aliases.get(normalise(name))
            if code is None:
                if name:
                    self._file_warning(name, "check_unknown_column", name=name)
            elif code in self.columns:
                self._file_error(code, "check_column_twice", label=self.label(code))
            else:
                self.columns[code] = position
        self.long = "indicator" in self.columns
        width = len(table.header)
        data = {code: [r[i] if i < len(r) else "" for r in table.rows] for code, i in self.columns.items()}
        self.frame = pl.DataFrame(
            {"row": table.row_numbers, "_cells": [len(r) for r in table.rows], **data},
            schema={"row": pl.Int64, "_cells": pl.Int64, **dict.fromkeys(data, pl.String)},
        ).with_columns(pl.col(c).str.strip_chars() for c in data)
        self.width = width

    def label(self, column: str) -> tuple[str, str]:
        """A column's name in the template, (Vietnamese, English)."""
        return self.labels.get(column, column), self.labels_en.get(column, column)

    def _file_error(self, column: str | None, key: str, **values: Said) -> None:
        self.errors_found += 1
        self.errors.append(_header_problem(self.table.header_row, column, key, **values))

    def _file_warning(self, column: str | None, key: str, **values: Said) -> None:
        self.warnings_found += 1
        self.warnings.append(_header_problem(self.table.header_row, column, key, **values))

    def error(
        self,
        condition: pl.Expr,
        column: str | None,
        message: tuple[pl.Expr, pl.Expr],
        frame: pl.DataFrame | None = None,
    ) -> None:
        listed, found = _problems(self.frame if frame is None else frame, condition, column, message)
        self.errors.append(listed)
        self.errors_found += found

    # -- checks shared by both layouts ---------------------------------------

    def check_rows(self) -> None:
        self.error(
            pl.col("_cells") > self.width,
            None,
            said("check_extra_cells", n=pl.col("_cells"), width=self.width),
        )
        if self.frame.is_empty():
            self.errors_found += 1
            self.errors.append(_header_problem(None, None, "check_header_only"))

    def check_units_and_quarters(self) -> None:
        current = Quarter.of_date(self.ctx.today)
        parsed: dict[str, str | None] = {}
        for text in self.frame["quarter"].unique().to_list():
            try:
                parsed[text] = Quarter.parse(text).code
            except ValueError:
                parsed[text] = None
        labels = {code: Quarter.parse(code).label() for code in parsed.values() if code}
        labels_en = {code: Quarter.parse(code).label("en") for code in parsed.values() if code}
        units = pl.DataFrame(
            {
                "unit_code": [u.code for u in self.ctx.units],
                "_name": [u.name_vi for u in self.ctx.units],
                "_name_en": [u.name("en") for u in self.ctx.units],
                "_kind": [u.kind for u in self.ctx.units],
                "_from": [u.valid_from for u in self.ctx.units],
                "_to": [u.valid_to for u in self.ctx.units],
                "_successor": [u.successor_code for u in self.ctx.units],
            },
            schema={
                "unit_code": pl.String,
                "_name": pl.String,
                "_name_en": pl.String,
                "_kind": pl.String,
                "_from": pl.String,
                "_to": pl.String,
                "_successor": pl.String,
            },
        )
        frame = self.frame.with_columns(
            pl.col("quarter").replace_strict(parsed, default=None, return_dtype=pl.String).alias("_quarter")
        ).join(units, on="unit_code", how="left")
        frame = frame.with_columns(
            pl.col("_quarter").replace_strict(labels, default=None, return_dtype=pl.String).alias("_label"),
            pl.col("_quarter").replace_strict(labels_en, default=None, return_dtype=pl.String).alias("_label_en"),
            (pl.col("_quarter") > current.code).fill_null(False).alias("_future"),
        )
        known = pl.col("_kind").is_not_null()
        name = (pl.col("_name"), pl.col("_name_en"))
        label = (pl.col("_label"), pl.col("_label_en"))
        self.error(pl.col("unit_code") == "", "unit_code", said("check_unit_missing"), frame)
        self.error(
            (pl.col("unit_code") != "") & ~known,
            "unit_code",
            said("check_unit_unknown", code=pl.col("unit_code")),
            frame,
        )
        self.error(pl.col("_kind") == "province", "unit_code", said("check_unit_province", name=name), frame)
        self.error(
            pl.col("_quarter").is_null(),
            "quarter",
            said("check_quarter_unreadable", quarter=pl.col("quarter"), spellings=SPELLINGS),
            frame,
        )
        self.error(pl.col("_future"), "quarter", said("check_quarter_future", quarter=label), frame)
        if self.ctx.scope is not None:
            self.error(
                known & ~pl.col("unit_code").is_in(sorted(self.ctx.scope)),
                "unit_code",
                said("check_unit_out_of_scope", name=name, code=pl.col("unit_code")),
                frame,
            )
        outside = known & pl.col("_quarter").is_not_null() & ~pl.col("_future")
        outside = outside & (
            (pl.col("_from").is_not_null() & (pl.col("_quarter") < pl.col("_from")))
            | (pl.col("_to").is_not_null() & (pl.col("_quarter") > pl.col("_to")))
        )
        successor = said("check_unit_successor", code=pl.col("_successor"))
        has_successor = pl.col("_successor").is_not_null()
        hint = tuple(pl.when(has_successor).then(text).otherwise(pl.lit("")) for text in successor)
        self.error(
            outside,
            "unit_code",
            said("check_unit_inactive", name=name, quarter=label, hint=(hint[0], hint[1])),
            frame,
        )
        if not self.long and "unit_name" in self.frame.columns:
            mismatch = known & (pl.col("unit_name") != "")
            mismatch = mismatch & (_folded("unit_name") != _folded("_name"))
            listed, found = _problems(
                frame,
                mismatch,
                "unit_name",
                said("check_unit_name_differs", typed=pl.col("unit_name"), name=name, code=pl.col("unit_code")),
            )
            self.warnings.append(listed)
            self.warnings_found += found
        self.frame = frame.select(*self.frame.columns, "_quarter", "_label", "_label_en")

    def check_duplicates(self, keys: list[str], key: str) -> None:
        first = self.frame.group_by(keys).agg(pl.col("row").min().alias("_first"))
        frame = self.frame.join(first, on=keys, how="left", nulls_equal=True)
        duplicated = (
            (pl.col("row") != pl.col("_first")) & pl.col("_quarter").is_not_null() & (pl.col("unit_code") != "")
        )
        self.error(
            duplicated,
            "unit_code",
            said(
                key, code=pl.col("unit_code"), quarter=(pl.col("_label"), pl.col("_label_en")), first=pl.col("_first")
            ),
            frame,
        )

    # -- layouts ---------------------------------------------------------------

    def wants_counts(self, column: str) -> tuple[str, str]:
        """Which counts a column wants, and for a rate's part, the two counts the rate is computed from."""
        label = self.label(column)
        for indicator in self.ctx.indicators:
            if indicator.is_ratio and column in indicator.fields:
                assert indicator.denominator is not None
                return both(
                    "check_counts_not_rate_of",
                    label=label,
                    indicator=(indicator.name_vi, indicator.name("en")),
                    numerator=self.label(indicator.numerator),
                    denominator=self.label(indicator.denominator),
                )
        return both("check_counts_not_rate", label=label)

    def counts(self, column: str, label: tuple[str, str]) -> pl.Expr:
        """Check a column of whole numbers ≥ 0; return its parsed value."""
        well_formed, value = _number(column)
        cell = pl.col(column)
        percent = cell.str.strip_chars().str.contains(PERCENT)
        self.error(percent, column, said("check_percent", cell=cell, wants=self.wants_counts(column)))
        self.error(~well_formed & ~percent, column, said("check_not_a_count", cell=cell))
        parsed = self.frame.select(value.alias("v"))["v"]
        self.frame = self.frame.with_columns(parsed.alias(f"_{column}"))
        v = pl.col(f"_{column}")
        self.error(v < 0, column, said("check_negative", label=label))
        self.error(v > MAX_COUNT, column, said("check_too_large", cell=_shown(column), label=label, max=MAX_COUNT))
        self.error((v >= 0) & (v != v.floor()), column, said("check_fraction", cell=cell, label=label))
        return v

    def refuse_register_columns(self) -> None:
        """A figure derived from the task register may not be typed: say which column, on each row."""
        for column in sorted(self.ctx.register_fields & set(self.columns)):
            self.error(pl.col(column) != "", column, said("check_register_column", label=self.label(column)))

    def wide(self) -> pl.LazyFrame:
        self.check_duplicates(["unit_code", "_quarter"], "check_duplicate_row")
        self.refuse_register_columns()
        typed = [i for i in self.ctx.indicators if i.reported_by_units]
        present = {c for i in typed for c in i.fields if c in self.columns}
        for column in sorted(present):
            self.counts(column, self.label(column))
        parts = []
        for indicator in typed:
            if not all(c in self.columns for c in indicator.fields):
                continue
            num = pl.col(f"_{indicator.numerator}")
            if not indicator.is_ratio:
                parts.append(
                    self.frame.lazy().select(
                        "unit_code",
                        "_quarter",
                        pl.lit(indicator.code).alias("indicator"),
                        num.alias("value"),
                        pl.lit(None, pl.Float64).alias("numerator"),
                        pl.lit(None, pl.Float64).alias("denominator"),
                    )
                )
                continue
            assert indicator.denominator is not None
            den = pl.col(f"_{indicator.denominator}")
            n_label, d_label = self.label(indicator.numerator), self.label(indicator.denominator)
            name = (indicator.name_vi, indicator.name("en"))
            n_blank, d_blank = pl.col(indicator.numerator) == "", pl.col(indicator.denominator) == ""
            missing = said("check_part_missing", label=n_label, indicator=name)
            self.error(n_blank & ~d_blank, indicator.numerator, missing)
            missing = said("check_part_missing", label=d_label, indicator=name)
            self.error(d_blank & ~n_blank, indicator.denominator, missing)
            above = said(
                "check_numerator_above",
                numerator=n_label,
                n=pl.col(indicator.numerator),
                denominator=d_label,
                d=pl.col(indicator.denominator),
            )
            self.error(num > den, indicator.numerator, above)
            parts.append(
                self.frame.lazy().select(
                    "unit_code",
                    "_quarter",
                    pl.lit(indicator.code).alias("indicator"),
                    _ratio(num, den).alias("value"),
                    num.alias("numerator"),
                    den.alias("denominator"),
                )
            )
        return _records(parts)

    def long_layout(self) -> pl.LazyFrame:
        missing = [
            c
            for c in ("indicator", "value")
            if c not in self.columns and not (c == "value" and "numerator" in self.columns)
        ]
        for column in missing:
            self._file_error(column, "check_long_column_missing", label=self.label(column))
        for column in ("value", "numerator", "denominator"):
            if column not in self.frame.columns:
                self.frame = self.frame.with_columns(pl.lit("").alias(column))
        catalogue = pl.DataFrame(
            {
                "indicator": [i.code for i in self.ctx.indicators],
                "_ratio": [i.is_ratio for i in self.ctx.indicators],
                "_iname": [i.name_vi for i in self.ctx.indicators],
                "_iname_en": [i.name("en") for i in self.ctx.indicators],
            }
        )
        by_name = {normalise(i.name_vi): i.code for i in self.ctx.indicators} | {
            normalise(i.code): i.code for i in self.ctx.indicators
        }
        spelled = {s: by_name.get(normalise(s), s) for s in self.frame["indicator"].unique().to_list()}
        self.frame = self.frame.with_columns(pl.col("indicator").replace_strict(spelled, return_dtype=pl.String)).join(
            catalogue, on="indicator", how="left"
        )
        self.check_duplicates(["unit_code", "_quarter", "indicator"], "check_duplicate_indicator_row")
        name = (pl.col("_iname"), pl.col("_iname_en"))
        derived = [i.code for i in self.ctx.indicators if i.from_register]
        self.error(
            pl.col("indicator").is_in(derived),
            "indicator",
            said("check_indicator_from_register", indicator=name),
        )
        known = pl.col("_ratio").is_not_null()
        self.error(
            ~known,
            "indicator",
            said("check_indicator_unknown", code=pl.col("indicator")),
        )
        value_ok, value = _number("value")
        self.error(~value_ok, "value", said("check_not_a_value", cell=pl.col("value")))
        self.frame = self.frame.with_columns(value.alias("_value"))
        num = self.counts("numerator", self.label("numerator"))
        den = self.counts("denominator", self.label("denominator"))
        v = pl.col("_value")
        ratio, count = known & pl.col("_ratio"), known & ~pl.col("_ratio")
        self.error(ratio & ((pl.col("numerator") == "") | (pl.col("denominator") == "")), "numerator",
                   said("check_rate_parts_missing", indicator=name))  # fmt: skip
        self.error(
            ratio & (num > den),
            "numerator",
            said(
                "check_numerator_above",
                numerator=self.label("numerator"),
                n=pl.col("numerator"),
                denominator=self.label("denominator"),
                d=pl.col("denominator"),
            ),
        )
        computed = _ratio(num, den)
        self.error(ratio & v.is_not_null() & computed.is_not_null() & ((v - computed).abs() > VALUE_TOLERANCE), "value",
                   said("check_value_mismatch", cell=pl.col("value")))  # fmt: skip
        self.error(
            count & (pl.col("value") == "") & (pl.col("_value").is_null()),
            "value",
            said("check_value_missing"),
        )
        self.error(
            count & ((pl.col("numerator") != "") | (pl.col("denominator") != "")),
            "numerator",
            said("check_count_parts", indicator=name),
        )
        value_label = self.label("value")
        self.error(count & (v < 0), "value", said("check_negative", label=value_label))
        too_large = said("check_too_large", cell=_shown("value"), label=value_label, max=MAX_COUNT)
        self.error(count & (v > MAX_COUNT), "value", too_large)
        fraction = said("check_fraction", cell=pl.col("value"), label=name)
        self.error(count & (v >= 0) & (v != v.floor()), "value", fraction)
        records = self.frame.lazy().select(
            "unit_code",
            "_quarter",
            "indicator",
            pl.when(pl.col("_ratio")).then(computed).otherwise(v).alias("value"),
            pl.when(pl.col("_ratio")).then(num).alias("numerator"),
            pl.when(pl.col("_ratio")).then(den).alias("denominator"),
        )
        return _records([records])

    def run(self) -> tuple[pl.DataFrame, list[Problem], list[Problem]]:
        self.check_rows()
        if self.frame.is_empty():
            return pl.DataFrame(schema=RECORD_SCHEMA), self._errors(), self._warnings()
        self.check_units_and_quarters()
        planned = self.long_layout() if self.long else self.wide()
        errors = self._errors()
        # A refused file's values are never built: for 150,000 rows they outweigh everything else.
        records = pl.DataFrame(schema=RECORD_SCHEMA) if errors else planned.collect()
        if not errors and records.is_empty():
            errors = [Problem.said(None, None, "check_no_values")]
        return records, errors, self._warnings()

    def _errors(self) -> list[Problem]:
        """The errors, each naming its row's unit (code and name) when the code is one the province knows."""
        problems = _collect(self.errors, self.errors_found)
        if not problems or not {"row", "unit_code"} <= set(self.frame.columns):
            return problems
        known = {u.code: u for u in self.ctx.units}
        rows = {p.row for p in problems if p.row is not None}
        units = {
            row: known[code]
            for row, code in self.frame.filter(pl.col("row").is_in(sorted(rows))).select("row", "unit_code").iter_rows()
            if code in known
        }
        return [
            replace(p, unit=f"{u.code} – {u.name_vi}", unit_en=f"{u.code} – {u.name('en')}")
            if (u := units.get(p.row)) is not None
            else p
            for p in problems
        ]

    def _warnings(self) -> list[Problem]:
        return _collect(self.warnings, self.warnings_found, "check_omitted_warnings")


def _header_problem(row: int | None, column: str | None, key: str, **values: Said) -> pl.DataFrame:
    """One problem of the file's header (or of the whole file) as a one-row problem frame."""
    vi, en = both(key, **values)
    return pl.DataFrame({"row": [row], "column": [column], "message": [vi], "message_en": [en]}, schema=PROBLEM_SCHEMA)


def _shown(column: str, width: int = 24) -> pl.Expr:
    """A cell's text for a message, cut short with '…' (a 309-digit number is not worth quoting whole)."""
    text = pl.col(column)
    return pl.when(text.str.len_chars() > width).then(text.str.slice(0, width) + "…").otherwise(text)


def _folded(column: str) -> pl.Expr:
    return pl.col(column).str.to_lowercase().str.replace_all(r"\s+", " ").str.strip_chars()


def _ratio(num: pl.Expr, den: pl.Expr) -> pl.Expr:
    return pl.when(den > 0).then(100.0 * num / den).otherwise(None)


def _records(parts: list[pl.LazyFrame]) -> pl.LazyFrame:
    """The values a file gives. A blank cell gives none: it leaves the stored value alone."""
    if not parts:
        return pl.LazyFrame(schema=RECORD_SCHEMA)
    frame = pl.concat(parts).rename({"_quarter": "quarter"})
    frame = frame.filter(pl.col("value").is_not_null() | pl.col("denominator").is_not_null())
    return frame.select(pl.col(c).cast(t) for c, t in RECORD_SCHEMA.items())


def _collect(frames: list[pl.DataFrame], found: int = 0, key: str = "check_omitted_errors") -> list[Problem]:
    """Problems in row order; past MAX_ERRORS of the `found`, a first line says how many there are in all."""
    if not frames:
        return []
    merged = pl.concat(frames).sort("row", "column", nulls_last=False, maintain_order=True)
    problems = [Problem(r, c, m, message_en=e) for r, c, m, e in merged.head(MAX_ERRORS).iter_rows()]
    total = max(found, merged.height)
    if total > MAX_ERRORS:
        problems.insert(0, omitted(total, key))
    return problems


def omitted(total: int, key: str = "check_omitted_errors") -> Problem:
    """The first line of a list cut at MAX_ERRORS: how many problems (or notes) there are in all."""
    return Problem.said(None, None, key, total=total, max=MAX_ERRORS, rest=total - MAX_ERRORS)


def context(store: Store, today: date | None = None, user: User | None = None) -> Context:
    scope = user.upload_scope if user is not None else None
    return Context(store.fields(), quarterly(store.indicators()), store.units(), today or settings.today(), scope)


def check_file(store: Store, data: bytes, today: date | None = None, user: User | None = None) -> ImportResult:
    """Read and validate a file, and compare it with the store; write nothing.

    With a user, rows for units outside their scope are errors too.
    """
    ctx = context(store, today, user)
    aliases = ctx.aliases()

    def is_header(row: list[str]) -> bool:
        codes = {aliases.get(normalise(cell)) for cell in row}
        return all(r in codes for r in REQUIRED)

    try:
        table = read_table(data, is_header)
    except ReadError as error:
        return ImportResult("rejected", 0, [Problem.of_file(error)], read=getattr(error, "stats", None))
    try:
        validator = Validator(table, ctx)
        records, errors, warnings = validator.run()
    except Exception as error:  # a file must never end in a traceback
        log.exception("unexpected error while checking an upload")
        problem = Problem.of_file(ReadError.of("read_unexpected", kind=type(error).__name__))
        return ImportResult("rejected", len(table.rows), [problem], read=table.stats)
    layout = "long" if validator.long else "wide"
    if errors:
        return ImportResult(
            "rejected",
            len(table.rows),
            errors,
            warnings,
            file_format=layout,
            read=table.stats,
            errors_omitted=max(0, validator.errors_found - MAX_ERRORS),
        )
    changes = compare(store, records)
    suspicious = implausible(store, records, ctx, validator.frame)
    return ImportResult(
        "valid",
        len(table.rows),
        [],
        warnings,
        records=records,
        changes=changes,
        file_format=layout,
        read=table.stats,
        suspicious=suspicious,
    )


def implausible(store: Store, records: pl.DataFrame, ctx: Context, rows: pl.DataFrame) -> list[Problem]:
    """Values more than IMPLAUSIBLE_FACTOR times the unit's largest stored one for the indicator.

    A warning, not an error: a unit can grow. It catches the digits typed
    twice or a figure in the wrong unit before anyone commits it, and
    suggests the value divided by a thousand (or a million) when that is
    whole and plausible: 6.824.000 for 6.824.
    """
    if records.is_empty():
        return []
    largest = store.largest_values(records)
    if largest.is_empty():
        return []
    by_code = {i.code: i for i in ctx.indicators}
    joined = records.join(largest, on=["unit_code", "indicator"], how="inner")
    long = "indicator" in rows.columns
    parts = []
    # A count's value is its upload column `numerator`; a ratio's parts are its numerator and denominator.
    for amount, column, of_ratios in (
        ("value", "numerator", False),
        ("numerator", "numerator", True),
        ("denominator", "denominator", True),
    ):
        fields = {
            code: amount if long else getattr(i, column) for code, i in by_code.items() if i.is_ratio == of_ratios
        }
        part = joined.filter(pl.col("indicator").is_in(list(fields))).select(
            "unit_code",
            "quarter",
            "indicator",
            pl.col("indicator").replace_strict(fields, default=None, return_dtype=pl.String).alias("column"),
            pl.col(amount).cast(pl.Float64).alias("amount"),  # at most MAX_COUNT: exact as a double
            pl.col(f"largest_{amount}").cast(pl.Float64).alias("largest"),
        )
        parts.append(part)
    flagged = pl.concat(parts).filter(
        pl.col("largest").is_not_null()
        & pl.col("amount").is_not_null()
        & (pl.col("amount") > IMPLAUSIBLE_FACTOR * pl.max_horizontal(pl.col("largest"), pl.lit(1.0)))
    )
    if flagged.is_empty():
        return []
    keys = ["unit_code", "quarter", *(["indicator"] if long else [])]
    where = rows.select(pl.col("_quarter").alias("quarter"), "unit_code", *keys[2:], "row").unique(keys)
    flagged = flagged.join(where, on=keys, how="left").sort("row", "column")
    labels, labels_en = ctx.labels, ctx.labels_en
    problems = []
    for r in flagged.head(MAX_ERRORS).iter_rows(named=True):
        ceiling = IMPLAUSIBLE_FACTOR * max(r["largest"], 1.0)
        guess = r["amount"]
        while guess > ceiling and guess >= 1000:
            guess /= 1000
        hint = both("check_suspicious_guess", guess=guess) if guess.is_integer() and guess <= ceiling else ("", "")
        problems.append(
            Problem.said(
                r["row"],
                r["column"],
                "check_suspicious",
                label=(labels.get(r["column"], r["column"]), labels_en.get(r["column"], r["column"])),
                code=r["unit_code"],
                quarter=(quarter_label(r["quarter"]), quarter_label(r["quarter"], "en")),
                amount=r["amount"],
                factor=IMPLAUSIBLE_FACTOR,
                largest=r["largest"],
                hint=hint,
            )
        )
    return problems


def compare(store: Store, records: pl.DataFrame) -> pl.DataFrame:
    """Each value of the file against the store: new, changed or unchanged."""
    stored = store.current_for(records).select(
        "unit_code",
        "quarter",
        "indicator",
        pl.col("value").alias("old_value"),
        pl.col("denominator").alias("old_denominator"),
    )
    joined = records.join(stored, on=["unit_code", "quarter", "indicator"], how="left")
    had = pl.col("old_value").is_not_null() | pl.col("old_denominator").is_not_null()
    same = (pl.col("value").fill_null(-1.0) - pl.col("old_value").fill_null(-1.0)).abs() < 1e-9
    same = same & (pl.col("denominator").fill_null(-1.0) == pl.col("old_denominator").fill_null(-1.0))
    change = pl.when(~had).then(pl.lit("new")).when(same).then(pl.lit("unchanged")).otherwise(pl.lit("changed"))
    return joined.with_columns(change.alias("change")).drop("old_denominator")


def province_effect(store: Store, records: pl.DataFrame, indicators: list[Indicator]) -> pl.DataFrame:
    """Province figures of the quarters in the file, before and after it would land."""
    quarters = sorted(records["quarter"].unique().to_list())
    if not quarters:
        return pl.DataFrame()
    before = store.values(quarters[0], quarters[-1]).filter(pl.col("quarter").is_in(quarters))
    keys = ["unit_code", "quarter", "indicator"]
    after = pl.concat([before.join(records, on=keys, how="anti"), records.select(before.columns)])
    by = ["quarter", "indicator"]
    old = over_units(before, indicators, by).select(*by, pl.col("value").alias("before"))
    new = over_units(after, indicators, by).select(*by, pl.col("value").alias("after"))
    return old.join(new, on=by, how="full", coalesce=True).sort(by)


UNREADABLE = t("check_unreadable")
_log = logging.getLogger(__name__)


def _check_or_refuse(store: Store, data: bytes, today: date | None, user: User) -> ImportResult:
    """check_file, with any unexpected failure of reading or checking the file turned into a refusal.

    The store's own failures (busy, closed) are not the file's fault and go up
    as they are; so do KeyboardInterrupt and SystemExit, which are not
    Exceptions.
    """
    try:
        return check_file(store, data, today, user)
    except StoreError:
        raise
    except Exception:
        _log.exception("unexpected failure while checking an uploaded file (%d bytes)", len(data))
        return ImportResult("rejected", 0, [Problem.said(None, None, "check_unreadable")])


class DataChanged(Exception):
    """The store was written between an upload's check and its commit; nothing was written."""

    def __init__(self, checked_at: int, now: int) -> None:
        super().__init__(t("upload_outdated", "vi"))
        self.checked_at = checked_at
        self.now = now

    def message(self, lang: str) -> str:
        return t("upload_outdated", lang)


@dataclass(frozen=True)
class CheckedUpload:
    """A file checked for one user against the store at one data version: what `commit_checked` writes."""

    data: bytes
    file_name: str  # as stored: cleaned by safe_file_name
    user: User
    version: int  # the store's data version the file was checked against
    result: ImportResult  # status valid or rejected; a valid one holds the records and their changes
    refusal: str = "upload_rejected"  # the audit action if the file is refused
    received: Received | None = None  # what the log keeps of a file read from disk (see `log_refused`)

    @property
    def rejected(self) -> bool:
        return self.result.status == "rejected"


def check_upload(
    store: Store,
    data: bytes,
    file_name: str,
    user: User,
    today: date | None = None,
    quarter: str | None = None,
    received: Received | None = None,
) -> CheckedUpload:
    """Read and check an upload for `user` (role and unit scope included); write nothing.

    A Decision 766 portal export (recognised by its header) is checked by
    metrics.portal, for the `quarter` its uploader names; any other file
    names its quarters in its rows, and naming one is refused.
    """
    from metrics import portal  # built on this module

    name = safe_file_name(file_name)
    version = store.data_version()
    try:
        require_writer(user)
    except PermissionDenied as denied:
        refused = ImportResult("rejected", 0, [Problem(None, None, str(denied))])
        return CheckedUpload(data, name, user, version, refused, "upload_denied", received)
    if portal.recognises(data):
        checked = portal.check_export(store, data, quarter, today, user)
        return CheckedUpload(data, name, user, version, checked, received=received)
    if quarter is not None:
        return CheckedUpload(
            data,
            name,
            user,
            version,
            ImportResult("rejected", 0, [Problem.said(None, None, "portal_not_an_export")]),
            received=received,
        )
    return CheckedUpload(data, name, user, version, _check_or_refuse(store, data, today, user), received=received)


def commit_checked(store: Store, checked: CheckedUpload) -> ImportResult:
    """Write what `check_upload` checked, in one transaction with its audit record.

    A refused file is kept in the upload log with its bytes, values untouched.
    A valid one is written only if the store's data version, read inside the
    transaction, is still the one it was checked against; otherwise
    `DataChanged` is raised and nothing is written. A file that changes
    nothing is not recorded again (status committed, changed 0).
    """
    result = replace(checked.result)
    with store.transaction():
        if checked.rejected:
            result.upload_id = log_refused(
                store, checked.user, checked.file_name, checked.data, result, checked.refusal, checked.received
            )
            return result
        now = store.data_version()
        if now != checked.version:
            raise DataChanged(checked.version, now)
        if result.changed:
            result.upload_id = result.write(store, checked.user.username, checked.file_name, checked.data)
    result.status = "committed"
    return result


def log_refused(
    store: Store,
    user: User,
    file_name: str,
    data: bytes,
    result: ImportResult,
    action: str,
    received: Received | None = None,
) -> int:
    """Keep a refused file in the upload log with its bytes, and its audit record, in one transaction.

    What is kept is `received` (the command line's, read from disk in bounded
    memory) or, for bytes held whole, `Received.of(data)`: the file up to
    MAX_FILE_BYTES, and the size and SHA-256 of all of it.
    """
    name = safe_file_name(file_name)
    kept = received or Received.of(data)
    with store.transaction():
        upload_id = store.record_rejected(
            user=user.username,
            file_name=name,
            raw=kept.kept,
            row_count=result.rows,
            error_count=len(result.errors),
            file_bytes=kept.size,
            sha256=kept.sha256,
        )
        store.audit(user.username, action, name, f"lần tải lên {upload_id}: {len(result.errors)} lỗi")
    return upload_id


def import_file(
    store: Store,
    data: bytes,
    file_name: str,
    user: User,
    dry_run: bool = False,
    today: date | None = None,
    quarter: str | None = None,
    received: Received | None = None,
) -> ImportResult:
    """Check a file and, unless dry_run or refused, commit it whole (`check_upload`, `commit_checked`).

    A Decision 766 portal export (recognised by its header) goes to
    metrics.portal, for the `quarter` its uploader names.

    The user's role is enforced here, for the page and the command line alike:
    a viewer writes nothing; unit staff write only their units, and a file
    with any other unit is refused whole with those rows named. A file that
    changes nothing is not recorded again (status committed, changed 0). Every
    refused file (whatever the reason, a file that could not be read at all
    included) is logged with its bytes and its audit record, values
    untouched; the name is stored cleaned (`safe_file_name`); `received` is
    what the log keeps of a file read from disk (see `log_refused`). Both
    steps run inside one transaction, so the file lands on exactly the unit
    list, catalogue and values it was checked against, together with its
    audit record.
    """
    if dry_run:
        return check_upload(store, data, file_name, user, today, quarter).result
    with store.transaction():
        return commit_checked(store, check_upload(store, data, file_name, user, today, quarter, received))


def rollback(store: Store, user: User, upload_id: int) -> int:
    """Undo a committed upload (admins only), with its audit record; returns the number of values restored."""
    require_admin(user, "may_roll_back")
    with store.transaction():
        restored = store.rollback_upload(upload_id, user.username)
        store.audit(user.username, "upload_rolled_back", str(upload_id), f"{restored} giá trị")
    return restored
