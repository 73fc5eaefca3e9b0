"""The indicator catalogue, the upload fields and the unit list: data, not code.

Each comes from a CSV file the administrator can edit and re-load. Loading
checks every row and reports all problems at once, in Vietnamese, so that a
bad catalogue never reaches the store.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from metrics import target as target_rule
from metrics.i18n import Said, both, t
from metrics.quarters import Quarter

KINDS = ("ratio", "flow", "stock", "score")
# Kinds whose value is a count: a whole number, stored as an exact integer (as are a ratio's
# numerator and denominator); a ratio's percentage and a score are not counts.
COUNT_KINDS = ("flow", "stock")
DIRECTIONS = ("higher", "lower")
UNIT_KINDS = ("province", "department", "commune", "ward")
UNIT_COLUMNS = (
    "code", "name_vi", "name_en", "kind", "parent_code", "valid_from", "valid_to", "successor_code", "portal_code",
)  # fmt: skip
# Where an indicator's figures come from: typed in the quarter's upload,
# derived from the task register (metrics.tasks), whose figures are these
# columns, or published by the national portal (a score, metrics.portal).
SOURCES = ("upload", "register", "portal")
REGISTER_FIELDS = ("overdue_tasks", "tasks_due", "tasks_done_on_time")


Pair = tuple[str, str]  # a problem, (Vietnamese, English)


class CatalogueError(Said, ValueError):
    """A catalogue or unit file that cannot be used; `problems` lists every reason (Vietnamese)."""

    def __init__(self, source: str, problems: list[Pair]) -> None:
        self.source = source
        self.problems = [vi for vi, _ in problems]
        self.problems_en = [en for _, en in problems]
        super().__init__(f"{source}: " + "; ".join(self.problems))
        self.english = f"{source}: " + "; ".join(self.problems_en)


def _at(line: int, key: str, **values: object) -> Pair:
    """A problem on one line of a catalogue file: 'dòng 4: …' / 'row 4: …'."""
    vi, en = both(key, **values)
    return f"{t('catalogue_line', 'vi', line=line)}: {vi}", f"{t('catalogue_line', 'en', line=line)}: {en}"


@dataclass(frozen=True)
class Field:
    code: str
    label_vi: str
    label_en: str

    def label(self, lang: str = "vi") -> str:
        return self.label_en if lang == "en" else self.label_vi


@dataclass(frozen=True)
class Indicator:
    code: str
    name_vi: str
    name_en: str
    unit_vi: str
    unit_en: str
    kind: str
    direction: str
    numerator: str
    denominator: str | None
    target: float | None
    target_source: str | None
    decimals: int
    maximum: float | None = None  # score indicators: the most points a unit can get
    source: str = "upload"  # upload | register (metrics.tasks) | portal (a score, metrics.portal)

    @property
    def reported_by_units(self) -> bool:
        """Whether units send this indicator in their quarterly file: what the template asks for and
        what makes a unit count as having reported a quarter (metrics.reporting). The national
        index's scores come from the portal's export, the task figures from the register."""
        return self.source == "upload" and not self.is_score

    @property
    def is_score(self) -> bool:
        """A published score out of `maximum`: never summed, the latest across quarters."""
        return self.kind == "score"

    @property
    def higher_is_better(self) -> bool:
        return self.direction == "higher"

    @property
    def from_register(self) -> bool:
        return self.source == "register"

    @property
    def is_ratio(self) -> bool:
        return self.kind == "ratio"

    @property
    def is_count(self) -> bool:
        """A count (flow or stock): its value is a whole number, stored exactly."""
        return self.kind in COUNT_KINDS

    @property
    def fields(self) -> tuple[str, ...]:
        return (self.numerator, self.denominator) if self.denominator else (self.numerator,)

    def name(self, lang: str = "vi") -> str:
        return self.name_en if lang == "en" else self.name_vi

    def measure(self, lang: str = "vi") -> str:
        return self.unit_en if lang == "en" else self.unit_vi

    def meets_target(self, value: float | None) -> bool | None:
        """True or False against the target (equal counts as met); None without a target or value."""
        return target_rule.meets(value, self.target, self.higher_is_better, self.decimals)

    def gap(self, value: float | None) -> float | None:
        """How far the value falls short of the target, in the indicator's unit (≤ 0: met)."""
        return target_rule.gap(value, self.target, self.higher_is_better, self.decimals)

    def is_better(self, new: float, old: float) -> bool:
        return new > old if self.higher_is_better else new < old


@dataclass(frozen=True)
class Unit:
    code: str
    name_vi: str
    name_en: str | None
    kind: str
    parent_code: str | None
    valid_from: str | None
    valid_to: str | None
    successor_code: str | None
    portal_code: str | None = None  # MA_COQUAN on the National Public Service Portal

    def name(self, lang: str = "vi") -> str:
        return (self.name_en or self.name_vi) if lang == "en" else self.name_vi

    def valid_in(self, quarter: str) -> bool:
        return (self.valid_from is None or self.valid_from <= quarter) and (
            self.valid_to is None or quarter <= self.valid_to
        )


def quarterly(indicators: list[Indicator]) -> list[Indicator]:
    """The indicators measured per unit each quarter (uploaded or derived from the register): the
    review pages, the slides, the brief and the upload check use these; the national index's scores
    have their own page (metrics.index766)."""
    return [i for i in indicators if not i.is_score]


WORKBOOK_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")  # XLSX or ODS (a zip), XLS (a compound file)


def _read_csv(source: Path | bytes, name: str) -> pl.DataFrame:
    """The list as text columns: a CSV, or a workbook saved from Excel or LibreOffice (XLSX, ODS, XLS)."""
    data = source.read_bytes() if isinstance(source, Path) else source
    if data.startswith(WORKBOOK_MAGIC):
        frame = _read_workbook(data, name)
    else:
        frame = pl.read_csv(io.BytesIO(data), infer_schema=False, encoding="utf8-lossy")
    return frame.with_columns(pl.all().str.strip_chars().replace("", None))


def _read_workbook(data: bytes, name: str) -> pl.DataFrame:
    """The sheet whose header names a 'code' column, read as any upload is (metrics.reading: limits, sheets)."""
    from metrics.reading import ReadError, read_table  # reading builds on the catalogue through the template

    try:
        table = read_table(data, lambda cells: "code" in cells)
    except ReadError as error:
        raise CatalogueError(name, [(str(error), error.text("en"))]) from error
    header: list[str] = []
    for i, cell in enumerate(table.header):  # a blank or repeated heading gets a name of its own
        header.append(cell if cell and cell not in header else f"{cell or 'column'}_{i + 1}")
    rows = [(row + [""] * len(header))[: len(header)] for row in table.rows]
    return pl.DataFrame(rows, schema={h: pl.String for h in header}, orient="row")


def _require(frame: pl.DataFrame, columns: tuple[str, ...], source: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise CatalogueError(source, [both("catalogue_missing_columns", columns=", ".join(missing))])


def _number(text: str | None) -> float | None:
    return None if text is None else float(text)


def load_fields(source: Path | bytes, name: str = "fields.csv") -> list[Field]:
    frame = _read_csv(source, name)
    _require(frame, ("code", "label_vi", "label_en"), name)
    fields, problems, seen = [], [], set()
    for line, row in enumerate(frame.iter_rows(named=True), start=2):
        if not row["code"] or not row["label_vi"] or not row["label_en"]:
            problems.append(_at(line, "catalogue_field_blank"))
        elif row["code"] in seen:
            problems.append(_at(line, "catalogue_code_repeated", code=row["code"]))
        else:
            seen.add(row["code"])
            fields.append(Field(row["code"], row["label_vi"], row["label_en"]))
    if problems:
        raise CatalogueError(name, problems)
    return fields


def load_indicators(source: Path | bytes, fields: list[Field], name: str = "indicators.csv") -> list[Indicator]:
    frame = _read_csv(source, name)
    columns = ("code", "name_vi", "name_en", "unit_vi", "unit_en", "kind", "direction")
    _require(frame, (*columns, "numerator", "denominator", "target", "target_source"), name)
    known_fields = {f.code for f in fields}
    indicators, problems, seen = [], [], set()
    for line, row in enumerate(frame.iter_rows(named=True), start=2):
        blank = [c for c in (*columns, "numerator") if not row[c]]
        if blank:
            problems.append(_at(line, "catalogue_blank", columns=", ".join(blank)))
            continue
        if row["code"] in seen:
            problems.append(_at(line, "catalogue_code_repeated", code=row["code"]))
        if row["kind"] not in KINDS:
            problems.append(_at(line, "catalogue_bad_kind", kind=row["kind"]))
        if row["direction"] not in DIRECTIONS:
            problems.append(_at(line, "catalogue_bad_direction", direction=row["direction"]))
        if (row["kind"] == "ratio") != bool(row["denominator"]):
            problems.append(_at(line, "catalogue_denominator"))
        score = row["kind"] == "score"
        for column in (row["numerator"], row["denominator"]):
            # A score comes from the portal's export: its column is the portal's, not the template's.
            if column and not score and column not in known_fields:
                problems.append(_at(line, "catalogue_unknown_field", column=column))
        row_source = row.get("source") or ("portal" if score else "upload")
        if row_source not in SOURCES:
            problems.append(_at(line, "catalogue_bad_source", source=row_source))
        elif (row_source == "portal") != score:
            problems.append(_at(line, "catalogue_score_source"))
        elif row_source == "register" and not set(filter(None, (row["numerator"], row["denominator"]))) <= set(
            REGISTER_FIELDS
        ):
            problems.append(_at(line, "catalogue_register_fields", columns=", ".join(REGISTER_FIELDS)))
        try:
            target = _number(row["target"])
            maximum = _number(row.get("maximum"))
            decimals = int(row.get("decimals") or (2 if row["kind"] in ("ratio", "score") else 0))
        except ValueError:
            problems.append(_at(line, "catalogue_not_numbers"))
            continue
        if score and (maximum is None or maximum <= 0):
            problems.append(_at(line, "catalogue_score_maximum"))
        elif not score and maximum is not None:
            problems.append(_at(line, "catalogue_maximum_not_score"))
        elif score and target is not None and maximum is not None and not 0 <= target <= maximum:
            problems.append(_at(line, "catalogue_target_range", maximum=f"{maximum:g}"))
        seen.add(row["code"])
        indicators.append(
            Indicator(
                code=row["code"],
                name_vi=row["name_vi"],
                name_en=row["name_en"],
                unit_vi=row["unit_vi"],
                unit_en=row["unit_en"],
                kind=row["kind"],
                direction=row["direction"],
                numerator=row["numerator"],
                denominator=row["denominator"],
                target=target,
                target_source=row["target_source"],
                decimals=decimals,
                maximum=maximum,
                source=row_source,
            )
        )
    if problems:
        raise CatalogueError(name, problems)
    return indicators


def load_units(source: Path | bytes, name: str = "units.csv") -> list[Unit]:
    frame = _read_csv(source, name)
    _require(frame, ("code", "name_vi", "kind", "parent_code", "valid_from", "valid_to"), name)
    units, problems = [], []
    for line, row in enumerate(frame.iter_rows(named=True), start=2):
        if not row["code"] or not row["name_vi"]:
            problems.append(_at(line, "catalogue_unit_blank"))
            continue
        if row["kind"] not in UNIT_KINDS:
            problems.append(_at(line, "catalogue_unit_kind", kind=row["kind"], kinds=", ".join(UNIT_KINDS)))
        bounds = []
        for column in ("valid_from", "valid_to"):
            try:
                bounds.append(Quarter.parse(row[column]).code if row[column] else None)
            except ValueError:
                problems.append(_at(line, "catalogue_not_quarter", column=column, value=row[column]))
                bounds.append(None)
        units.append(
            Unit(
                code=row["code"],
                name_vi=row["name_vi"],
                name_en=row.get("name_en"),
                kind=row["kind"],
                parent_code=row["parent_code"],
                valid_from=bounds[0],
                valid_to=bounds[1],
                successor_code=row.get("successor_code"),
                portal_code=row.get("portal_code"),
            )
        )
    codes = [u.code for u in units]
    problems += [both("catalogue_unit_repeated", code=c) for c in sorted({c for c in codes if codes.count(c) > 1})]
    portal = [u.portal_code for u in units if u.portal_code]
    problems += [both("catalogue_portal_repeated", code=c) for c in sorted({c for c in portal if portal.count(c) > 1})]
    for unit in units:
        for link in (unit.parent_code, unit.successor_code):
            if link and link not in codes:
                problems.append(both("catalogue_unknown_link", unit=unit.code, link=link))
        if unit.valid_from and unit.valid_to and unit.valid_from > unit.valid_to:
            problems.append(both("catalogue_valid_order", unit=unit.code))
    if problems:
        raise CatalogueError(name, problems)
    return units
