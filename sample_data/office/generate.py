"""Write the folder of files saved by LibreOffice Calc from the project's own template, and `expected.json`.

The quarter's upload template (`metrics.template`) is filled for two units and
then saved by LibreOffice as an office would save it: XLSX re-saved, ODS, XLS
(Excel 97-2003), CSV in UTF-8 and in Windows-1258, and UTF-16 "Unicode text";
the ODS and XLS also with title rows above the header and with a hidden first
sheet. `units.ods` and `register.ods` are the sample's unit list and task
register opened in Calc and saved as ODS. `cells.*` holds one row of awkward cells (a percentage, a decimal typed
as text, a whole number, an empty cell, a date, a formula ending in #DIV/0!) in XLSX, ODS and XLS, so a
test can check that every format reads them as the XLSX reader does.

Run `python sample_data/office/generate.py` to rebuild. It needs LibreOffice
(`soffice`; Debian: `apt-get install libreoffice-calc-nogui`); the output is
committed and the tests read it without LibreOffice.
`tests/test_office_files.py` drives each file against `expected.json`,
assuming today is 2026-01-15.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from metrics.catalogue import load_fields, load_indicators, load_units  # noqa: E402
from metrics.template import template_xlsx  # noqa: E402

QUARTER = "2025-Q4"
# (unit, column code) -> the figure typed in; every other cell of the template stays empty.
FILLED = {
    ("SNV", "online_dossiers"): 6824,
    ("SNV", "total_dossiers"): 7000,
    ("SNV", "on_time_dossiers"): 6650,
    ("SNV", "resolved_dossiers"): 6900,
    ("SNV", "complaints"): 12,
    ("SNV", "complaints_resolved"): 11,
    ("STP", "online_dossiers"): 512,
    ("STP", "total_dossiers"): 640,
    ("STP", "complaints"): 3,
    ("STP", "complaints_resolved"): 3,
}
EXPECT = [
    {"unit_code": "SNV", "indicator": "online_services_rate", "numerator": 6824, "denominator": 7000},
    {"unit_code": "SNV", "indicator": "complaints", "value": 12},
    {"unit_code": "STP", "indicator": "online_services_rate", "numerator": 512, "denominator": 640},
    {"unit_code": "STP", "indicator": "complaints", "value": 3},
    {"unit_code": "STP", "indicator": "complaint_resolution_rate", "numerator": 3, "denominator": 3},
]
# LibreOffice's CSV filter: separator, quote, character set (76 UTF-8, 40 Windows-1258, 65535 UTF-16), first line.
SAVES = {
    "template_resaved.xlsx": "xlsx:Calc MS Excel 2007 XML",
    "template.ods": "ods",
    "template.xls": "xls:MS Excel 97",
    "template_utf8.csv": "csv:Text - txt - csv (StarCalc):44,34,76,1",
    "template_windows1258.csv": "csv:Text - txt - csv (StarCalc):44,34,40,1",
    "template_utf16.txt": "txt:Text - txt - csv (StarCalc):9,34,65535,1",
}


def soffice(source: Path, target: Path, filter_: str) -> None:
    """Save `source` as `target` through LibreOffice, headless, with a throwaway profile."""
    with tempfile.TemporaryDirectory() as work:
        out = Path(work) / "out"
        command = [
            shutil.which("soffice") or "soffice",
            f"-env:UserInstallation=file://{work}/profile",
            "--headless",
            "--convert-to",
            filter_,
            "--outdir",
            str(out),
            str(source),
        ]
        subprocess.run(command, check=True, capture_output=True, timeout=120)
        made = next(out.iterdir())
        shutil.copyfile(made, target)


def soffice_csv(source: Path, target: Path) -> None:
    """A UTF-8 CSV opened in LibreOffice Calc as a person would (numbers and dates recognised), saved as ODS."""
    with tempfile.TemporaryDirectory() as work:
        out = Path(work) / "out"
        command = [
            shutil.which("soffice") or "soffice",
            f"-env:UserInstallation=file://{work}/profile",
            "--headless",
            "--infilter=Text - txt - csv (StarCalc):44,34,76,1,,1066",  # 1066: Vietnamese, days first
            "--convert-to",
            "ods",
            "--outdir",
            str(out),
            str(source),
        ]
        subprocess.run(command, check=True, capture_output=True, timeout=120)
        shutil.copyfile(next(out.iterdir()), target)


def filled_template() -> openpyxl.Workbook:
    sample = HERE.parent
    fields = load_fields(sample / "fields.csv")
    indicators = load_indicators(sample / "indicators.csv", fields)
    units = load_units(sample / "units.csv")
    book = openpyxl.load_workbook(io.BytesIO(template_xlsx(fields, indicators, units, QUARTER)))
    sheet = book.worksheets[0]
    codes = {f.label_vi: f.code for f in fields}
    columns = {codes[cell.value]: cell.column for cell in sheet[1]}
    for row in sheet.iter_rows(min_row=2):
        unit = row[columns["unit_code"] - 1].value
        for (code, column), figure in FILLED.items():
            if code == unit:
                sheet.cell(row[0].row, columns[column], figure)
    return book


def with_title_rows(book: openpyxl.Workbook) -> openpyxl.Workbook:
    sheet = book.worksheets[0]
    sheet.insert_rows(1, 3)
    sheet["A1"] = "ỦY BAN NHÂN DÂN TỈNH AN SƠN"
    sheet["A2"] = "BÁO CÁO SỐ LIỆU QUÝ IV/2025"
    return book


def with_hidden_first_sheet(book: openpyxl.Workbook) -> openpyxl.Workbook:
    draft = book.create_sheet("Nháp", 0)
    draft.append(["Mã đơn vị", "Kỳ báo cáo", "Số đơn thư tiếp nhận"])
    draft.append(["SNV", "Quý IV/2025", 999])
    draft.sheet_state = "hidden"
    book.active = 1
    return book


def cells_book() -> openpyxl.Workbook:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Ô"
    sheet.append(["Mã đơn vị", "Kỳ báo cáo", "phần trăm", "thập phân dạng chữ", "số nguyên", "trống", "ngày", "lỗi"])
    sheet.append(["SNV", "Quý IV/2025", 0.9356, "93,56", 6824, None, date(2025, 10, 15), "=E2/F2"])
    sheet["C2"].number_format = "0.00%"
    sheet["D2"].number_format = "@"
    sheet["G2"].number_format = "DD/MM/YYYY"
    return book


def main() -> None:
    for old in HERE.iterdir():
        if old.name not in ("generate.py", "__pycache__"):
            old.unlink()
    cases: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as work:
        source = Path(work) / "template.xlsx"
        filled_template().save(source)
        for name, filter_ in SAVES.items():
            soffice(source, HERE / name, filter_)
            cases.append({"file": name, "status": "committed", "quarter": QUARTER, "expect": EXPECT})
        for variant, build, formats in (
            ("title_rows", with_title_rows, ("ods", "xls")),
            ("hidden_first_sheet", with_hidden_first_sheet, ("ods", "xls")),
        ):
            source = Path(work) / f"{variant}.xlsx"
            build(filled_template()).save(source)
            for suffix in formats:
                name = f"{variant}.{suffix}"
                soffice(source, HERE / name, SAVES[f"template.{suffix}"])
                cases.append({"file": name, "status": "committed", "quarter": QUARTER, "expect": EXPECT})
        for name, csv in (
            ("units.ods", HERE.parent / "units.csv"),
            ("register.ods", HERE.parent / "tasks" / "register.csv"),
        ):
            soffice_csv(csv, HERE / name)
        source = Path(work) / "cells.xlsx"
        cells_book().save(source)
        for suffix in ("xlsx", "ods", "xls"):
            soffice(
                source,
                HERE / f"cells.{suffix}",
                SAVES["template_resaved.xlsx" if suffix == "xlsx" else f"template.{suffix}"],
            )
    (HERE / "expected.json").write_text(json.dumps(cases, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(cases)} upload files, cells.xlsx, cells.ods, cells.xls, units.ods and register.ods")


if __name__ == "__main__":
    main()
