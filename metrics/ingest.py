"""Reading, validating and loading quarterly upload files.

A file is read as text first (every cell a string, with the row number Excel
would show), then checked column by column, so that every problem names its
row and column and all of them are reported at once. Only a file with no
problem reaches the store, in one transaction.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

import polars as pl

from metrics import settings
from metrics.catalogue import Field, Indicator, Unit
from metrics.quarters import Quarter
from metrics.store import Store

REQUIRED = ("unit_code", "quarter")
TEXT_COLUMNS = ("unit_code", "quarter", "unit_name", "note")


@dataclass(frozen=True)
class Problem:
    """One problem in a file: the row as Excel numbers it, the column code, the fix."""

    row: int | None
    column: str | None
    message: str

    def where(self, labels: dict[str, str]) -> str:
        """'dòng 4, cột Mã đơn vị' (empty when the problem is the whole file)."""
        parts = [f"dòng {self.row}" if self.row else ""]
        if self.column:
            parts.append(f"cột {labels.get(self.column, self.column)}")
        return ", ".join(p for p in parts if p)

    def as_dict(self) -> dict[str, object]:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class ImportResult:
    status: str  # committed | valid | rejected
    rows: int
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    upload_id: int | None = None
    records: pl.DataFrame | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "status": self.status,
            "rows": self.rows,
            "errors": [p.as_dict() for p in self.errors],
        }


@dataclass
class RawTable:
    """Cells as text, with the sheet row number of the header."""

    header: list[str]
    rows: list[list[str]]
    header_row: int

    def row_number(self, index: int) -> int:
        return self.header_row + 1 + index


class ReadError(ValueError):
    """The file cannot be read as a table at all."""


def normalise(text: str) -> str:
    """NFC, lower case, single spaces: how headers and labels are compared."""
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip().casefold()


def decode(data: bytes) -> str:
    """Bytes to NFC text: UTF-8 (with or without BOM), UTF-16, else Windows-1258."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1258", errors="replace")
    return unicodedata.normalize("NFC", text)


def read_csv_text(text: str) -> list[list[str]]:
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return []
    first = lines[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def find_header(rows: list[list[str]], aliases: dict[str, str]) -> int:
    """Index of the first row that names the required columns (title rows may precede it)."""
    for index, row in enumerate(rows[:30]):
        names = {aliases.get(normalise(cell)) for cell in row}
        if all(r in names for r in REQUIRED):
            return index
    return -1


def read_table(data: bytes, file_name: str, fields: list[Field]) -> RawTable:
    if not data.strip():
        raise ReadError("Tệp trống. Hãy chọn tệp mẫu đã điền số liệu.")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadError(
            "Tệp không phải bảng tính CSV. Hãy lưu tệp từ Excel dưới dạng CSV UTF-8 hoặc Excel (.xlsx) rồi tải lên lại."
        )
    rows = read_csv_text(decode(data))
    aliases = header_aliases(fields)
    index = find_header(rows, aliases)
    if index < 0:
        raise ReadError(
            "Không tìm thấy dòng tiêu đề có cột 'Mã đơn vị' và 'Kỳ báo cáo'. "
            "Hãy dùng tệp mẫu tải về từ trang Cập nhật số liệu."
        )
    body = [row for row in rows[index + 1 :]]
    return RawTable(header=rows[index], rows=body, header_row=index + 1)


def header_aliases(fields: list[Field]) -> dict[str, str]:
    aliases: dict[str, str] = {}
    for f in fields:
        for name in (f.code, f.label_vi, f.label_en):
            aliases[normalise(name)] = f.code
    return aliases


_GROUPED = re.compile(r"\d{1,3}(\.\d{3})+")


def parse_number(text: str) -> float:
    """A number written the Vietnamese way: '6.824' is 6824, '93,56' is 93.56.

    A dot is only ever a thousands separator, so '6.82' is refused rather
    than silently read as 6.82.
    """
    clean = text.replace(" ", "").replace("\u00a0", "")
    sign = -1.0 if clean.startswith("-") else 1.0
    clean = clean.lstrip("+-")
    whole, _, fraction = clean.partition(",")
    if "." in whole:
        if not _GROUPED.fullmatch(whole):
            raise ValueError(text)
        whole = whole.replace(".", "")
    if not whole.isdigit() or (fraction and not fraction.isdigit()) or "," in fraction:
        raise ValueError(text)
    return sign * float(f"{whole}.{fraction or 0}")


@dataclass
class Context:
    fields: list[Field]
    indicators: list[Indicator]
    units: dict[str, Unit]
    today: date


def _count(cell: str, label: str) -> tuple[int | None, str | None]:
    """A whole number ≥ 0, or the reason it is not."""
    if cell == "":
        return None, None
    try:
        number = parse_number(cell)
    except ValueError:
        return None, f"'{cell}' không phải là số. Hãy nhập số nguyên, ví dụ 6.824 hoặc 6824."
    if number < 0:
        return None, f"{label} không được âm. Hãy nhập số từ 0 trở lên."
    if number != int(number):
        return None, f"'{cell}' không phải là số nguyên. {label} phải là số nguyên."
    return int(number), None


def validate_wide(table: RawTable, ctx: Context) -> tuple[pl.DataFrame, list[Problem], list[Problem], int]:
    """Check every row of a wide upload; return records, errors, warnings, data rows."""
    aliases = header_aliases(ctx.fields)
    labels = {f.code: f.label_vi for f in ctx.fields}
    errors: list[Problem] = []
    warnings: list[Problem] = []
    columns: dict[str, int] = {}
    for position, name in enumerate(table.header):
        code = aliases.get(normalise(name))
        if code is None:
            if name:
                warnings.append(Problem(table.header_row, name, f"Cột '{name}' không có trong mẫu nên được bỏ qua."))
        elif code in columns:
            errors.append(Problem(table.header_row, code, f"Cột '{labels[code]}' xuất hiện hai lần. Hãy xoá một cột."))
        else:
            columns[code] = position
    count_fields = {c for i in ctx.indicators for c in i.fields}
    current = Quarter.of_date(ctx.today)
    seen: dict[tuple[str, str], int] = {}
    records: list[tuple] = []
    data_rows = 0
    for index, cells in enumerate(table.rows):
        line = table.row_number(index)
        if not any(cells):
            continue
        data_rows += 1
        if len(cells) > len(table.header):
            errors.append(
                Problem(
                    line,
                    None,
                    f"Dòng có {len(cells)} ô, nhiều hơn {len(table.header)} cột tiêu đề. Hãy xoá các ô thừa bên phải.",
                )
            )
            continue

        def cell(code: str, cells: list[str] = cells) -> str:
            position = columns.get(code)
            return cells[position] if position is not None and position < len(cells) else ""

        unit_code, quarter_text = cell("unit_code"), cell("quarter")
        unit = ctx.units.get(unit_code)
        quarter: Quarter | None = None
        if not unit_code:
            errors.append(Problem(line, "unit_code", "Thiếu mã đơn vị. Hãy điền mã theo danh sách đơn vị."))
        elif unit is None:
            errors.append(
                Problem(
                    line, "unit_code", f"Mã đơn vị '{unit_code}' không có trong danh sách đơn vị. Hãy kiểm tra lại mã."
                )
            )
        elif unit.kind == "province":
            errors.append(
                Problem(
                    line, "unit_code", f"Số liệu của {unit.name_vi} được tổng hợp từ các đơn vị, không nhập trực tiếp."
                )
            )
        try:
            quarter = Quarter.parse(quarter_text)
        except ValueError:
            errors.append(
                Problem(
                    line,
                    "quarter",
                    f"Kỳ báo cáo '{quarter_text}' không đọc được. Hãy ghi dạng Quý III/2025 hoặc 2025-Q3.",
                )
            )
        if quarter is not None and quarter > current:
            errors.append(Problem(line, "quarter", f"{quarter.label()} chưa tới. Hãy kiểm tra lại kỳ báo cáo."))
            quarter = None
        if unit is not None and quarter is not None and not unit.valid_in(quarter.code):
            hint = f" Từ kỳ này hãy báo cáo theo mã {unit.successor_code}." if unit.successor_code else ""
            errors.append(
                Problem(
                    line, "unit_code", f"{unit.name_vi} không còn hoặc chưa hoạt động trong {quarter.label()}.{hint}"
                )
            )
        if unit is not None and quarter is not None:
            key = (unit.code, quarter.code)
            if key in seen:
                errors.append(
                    Problem(
                        line,
                        "unit_code",
                        f"Đơn vị {unit.code} đã có dòng cho {quarter.label()} ở dòng {seen[key]}. Mỗi đơn vị chỉ một dòng mỗi quý.",
                    )
                )
            else:
                seen[key] = line
        name = cell("unit_name")
        if unit is not None and name and normalise(name) != normalise(unit.name_vi):
            warnings.append(
                Problem(
                    line,
                    "unit_name",
                    f"Tên '{name}' khác tên trong danh sách ({unit.name_vi}); số liệu vẫn ghi theo mã {unit.code}.",
                )
            )

        counts: dict[str, int | None] = {}
        row_ok = True
        for code in count_fields:
            if code not in columns:
                continue
            value, reason = _count(cell(code), labels[code])
            if reason:
                errors.append(Problem(line, code, reason))
                row_ok = False
            counts[code] = value
        for indicator in ctx.indicators:
            if not all(c in columns for c in indicator.fields):
                continue
            if indicator.is_ratio:
                assert indicator.denominator is not None
                num, den = counts.get(indicator.numerator), counts.get(indicator.denominator)
                if (num is None) != (den is None):
                    if row_ok:
                        missing = indicator.numerator if num is None else indicator.denominator
                        errors.append(
                            Problem(
                                line,
                                missing,
                                f"Thiếu '{labels[missing]}' để tính {indicator.name_vi}. Hãy điền cả hai cột hoặc để trống cả hai.",
                            )
                        )
                    row_ok = False
                    continue
                if num is not None and den is not None and num > den:
                    errors.append(
                        Problem(
                            line,
                            indicator.numerator,
                            f"{labels[indicator.numerator]} ({num}) lớn hơn {labels[indicator.denominator]} ({den}). Hãy kiểm tra lại hai số này.",
                        )
                    )
                    row_ok = False
                    continue
                value = 100.0 * num / den if num is not None and den else None
                records.append((unit_code, quarter, indicator.code, value, num, den))
            else:
                num = counts.get(indicator.numerator)
                records.append((unit_code, quarter, indicator.code, num, None, None))
    if data_rows == 0:
        errors.append(Problem(None, None, "Tệp chỉ có dòng tiêu đề, chưa có số liệu. Hãy điền mỗi đơn vị một dòng."))
    frame = pl.DataFrame(
        [(u, q.code if q else None, i, v, n, d) for u, q, i, v, n, d in records],
        schema={
            "unit_code": pl.String, "quarter": pl.String, "indicator": pl.String,
            "value": pl.Float64, "numerator": pl.Float64, "denominator": pl.Float64,
        },
        orient="row",
    )  # fmt: skip
    return frame, errors, warnings, data_rows


def check_file(store: Store, data: bytes, file_name: str, today: date | None = None) -> ImportResult:
    """Read and validate without writing anything."""
    fields = store.fields()
    ctx = Context(fields, store.indicators(), {u.code: u for u in store.units()}, today or settings.today())
    try:
        table = read_table(data, file_name, fields)
    except ReadError as error:
        return ImportResult("rejected", 0, [Problem(None, None, str(error))])
    records, errors, warnings, rows = validate_wide(table, ctx)
    errors.sort(key=lambda p: p.row or 0)
    status = "rejected" if errors else "valid"
    return ImportResult(status, rows, errors, warnings, records=None if errors else records)


def import_file(
    store: Store,
    data: bytes,
    file_name: str,
    user: str,
    dry_run: bool = False,
    today: date | None = None,
) -> ImportResult:
    """Validate a file and, unless dry_run or invalid, commit it whole."""
    result = check_file(store, data, file_name, today)
    if result.status != "valid" or dry_run:
        return result
    assert result.records is not None
    result.upload_id = store.commit_upload(
        result.records, user=user, file_name=file_name, raw=data, row_count=result.rows
    )
    result.status = "committed"
    return result
