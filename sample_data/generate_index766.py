"""Generate the sample province's Decision 766 scores as the national portal exports them.

For each of the eight sample quarters, two files in the portal's own layout
(columns `ID, TEN, TEN_COQUAN, MA_COQUAN, LOAI_COQUAN, CAPDONVIID, ID_COQUAN,
TDGQ, MDHL, MDSH, TTTT, CLGQ, CKMB, TONG_SCORE, ROW_STT`, dot decimals):

- `index766/QUARTER-toan-quoc.csv`, the national sheet: 34 provinces, An Sơn
  (H40) among 33 fictional others, ranked by total;
- `index766/QUARTER-tinh.csv`, the province's sheet: its departments and its
  communes and wards in force that quarter, each level ranked on its own.

The last quarter's national sheet is also written as XLSX, to exercise that
path. Each group is rounded to two decimals and the total is their sum, as on
the portal. An Sơn climbs from the lower half of the table to the top ten;
digitisation of dossiers (MDSH) is where it loses the most points. Seeded:
the same files on every run. Run `python sample_data/generate_index766.py`.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "index766"
QUARTERS = [f"{y}-Q{q}" for y in (2024, 2025) for q in (1, 2, 3, 4)]
HEADER = [
    "ID", "TEN", "TEN_COQUAN", "MA_COQUAN", "LOAI_COQUAN", "CAPDONVIID", "ID_COQUAN",
    "TDGQ", "MDHL", "MDSH", "TTTT", "CLGQ", "CKMB", "TONG_SCORE", "ROW_STT",
]  # fmt: skip
MAXIMA = {"CKMB": 18, "TDGQ": 20, "CLGQ": 12, "TTTT": 10, "MDHL": 18, "MDSH": 22}
LEVEL = {"province": ("Tỉnh, thành phố", 1), "department": ("Sở, ban, ngành", 2), "commune": ("Xã, phường, đặc khu", 3)}

# Fictional neighbours: the sample never pretends to show a real province's score.
OTHER_PROVINCES = [
    "Bắc Lâm", "Bắc Thủy", "Bình Hải", "Cao Nguyên", "Châu Giang", "Đông Hà Sơn", "Đông Lĩnh", "Gia Thủy",
    "Hải Đông", "Hòa Lâm", "Hồng Lĩnh", "Kim Sơn", "Lạc Hải", "Lâm Hà", "Long Giang", "Minh Hải",
    "Nam Định Sơn", "Nam Giang", "Ngọc Sơn", "Phú Giang", "Phước Hải", "Quảng Sơn", "Sông Cầu", "Tân Hải",
    "Thái Sơn", "Thanh Giang", "Thượng Lâm", "Tiền Hải", "Trà Giang", "Trung Sơn", "Vân Sơn", "Vĩnh Hải", "Yên Giang",
]  # fmt: skip


def _units() -> list[dict[str, str]]:
    with open(HERE / "units.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _valid(unit: dict[str, str], quarter: str) -> bool:
    return (not unit["valid_from"] or unit["valid_from"] <= quarter) and (
        not unit["valid_to"] or quarter <= unit["valid_to"]
    )


def _groups(rng: random.Random, level: float, weak: dict[str, float]) -> dict[str, float]:
    """Six group scores around a share `level` of each maximum; `weak` lowers some groups."""
    scores = {}
    for group, top in MAXIMA.items():
        share = level - weak.get(group, 0.0) + rng.uniform(-0.04, 0.04)
        scores[group] = round(top * max(0.2, min(1.0, share)), 2)
    return scores


def _row(index: int, name: str, code: str, level: str, ident: int, scores: dict[str, float]) -> dict:
    kind, cap = LEVEL[level]
    total = round(sum(scores.values()), 2)
    return {
        "ID": index,
        "TEN": name,
        "TEN_COQUAN": name,
        "MA_COQUAN": code,
        "LOAI_COQUAN": kind,
        "CAPDONVIID": cap,
        "ID_COQUAN": ident,
        **{k: f"{v:.2f}" for k, v in scores.items()},
        "TONG_SCORE": f"{total:.2f}",
        "_total": total,
    }


def _ranked(rows: list[dict]) -> list[dict]:
    rows.sort(key=lambda r: (-r["_total"], r["MA_COQUAN"]))
    for rank, row in enumerate(rows, start=1):
        row["ROW_STT"] = rank
        row["ID"] = rank
    return rows


def _write_csv(path: Path, rows: list[dict]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=HEADER, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def _write_xlsx(path: Path, rows: list[dict]) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Tong hop"
    sheet.append(HEADER)
    for row in rows:
        sheet.append([float(row[c]) if c in MAXIMA or c == "TONG_SCORE" else row[c] for c in HEADER])
    book.save(path)


def main() -> None:
    rng = random.Random(766)
    units = _units()
    province = next(u for u in units if u["kind"] == "province")
    others = [(f"H{n:02d}", f"Tỉnh {name}", rng.uniform(0.72, 0.9)) for n, name in enumerate(OTHER_PROVINCES, start=1)]
    profiles = {u["code"]: rng.uniform(0.6, 0.92) for u in units if u["kind"] != "province"}
    weak = {u["code"]: {rng.choice(list(MAXIMA)): rng.uniform(0.1, 0.3)} for u in units if u["kind"] != "province"}
    OUT.mkdir(exist_ok=True)
    for step, quarter in enumerate(QUARTERS):
        national = [
            _row(0, name, code, "province", 1000 + i, _groups(rng, level + 0.006 * step, {}))
            for i, (code, name, level) in enumerate(others)
        ]
        mine = _groups(rng, 0.78 + 0.02 * step, {"MDSH": 0.14 - 0.01 * step, "TTTT": 0.06})
        national.append(_row(0, province["name_vi"], province["portal_code"], "province", 1040, mine))
        national = _ranked(national)
        _write_csv(OUT / f"{quarter}-toan-quoc.csv", national)
        if quarter == QUARTERS[-1]:
            _write_xlsx(OUT / f"{quarter}-toan-quoc.xlsx", national)
        sheet = []
        for level in ("department", "commune"):
            rows = [
                _row(0, u["name_vi"], u["portal_code"], level, 20000 + i, _groups(rng, profiles[u["code"]] + 0.01 * step, weak[u["code"]]))
                for i, u in enumerate(units)
                if (u["kind"] == "department") == (level == "department") and u["kind"] != "province" and _valid(u, quarter)
            ]  # fmt: skip
            sheet += _ranked(rows)
        for index, row in enumerate(sheet, start=1):
            row["ID"] = index
        _write_csv(OUT / f"{quarter}-tinh.csv", sheet)
        print(f"wrote index766/{quarter}-toan-quoc.csv and -tinh.csv")


if __name__ == "__main__":
    main()
