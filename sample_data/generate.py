"""Generate the sample province: its unit list and eight quarterly upload files.

The province (An Sơn, fictional) has 15 departments and 40 communes and wards
until 2025-Q2; on 2025-Q3 nine communes merge into three, leaving 34. Levels
and trends are plausible, a few units lag clearly, a few cells are blank.
The task indicators are left out: their figures are derived from the task
register that `generate_tasks.py` writes. The output is committed; run
`python sample_data/generate.py` to rebuild it.
Seeded, so the files are the same on every run.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
QUARTERS = [f"{y}-Q{q}" for y in (2024, 2025) for q in (1, 2, 3, 4)]
MERGE_QUARTER = "2025-Q3"

DEPARTMENTS = [
    ("VPUB", "Văn phòng UBND tỉnh", "Office of the Provincial People's Committee"),
    ("SNV", "Sở Nội vụ", "Department of Home Affairs"),
    ("STC", "Sở Tài chính", "Department of Finance"),
    ("STP", "Sở Tư pháp", "Department of Justice"),
    ("SXD", "Sở Xây dựng", "Department of Construction"),
    ("SNNMT", "Sở Nông nghiệp và Môi trường", "Department of Agriculture and Environment"),
    ("SCT", "Sở Công Thương", "Department of Industry and Trade"),
    ("SKHCN", "Sở Khoa học và Công nghệ", "Department of Science and Technology"),
    ("SGDDT", "Sở Giáo dục và Đào tạo", "Department of Education and Training"),
    ("SYT", "Sở Y tế", "Department of Health"),
    ("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", "Department of Culture, Sports and Tourism"),
    ("SDTTG", "Sở Dân tộc và Tôn giáo", "Department of Ethnic and Religious Affairs"),
    ("SNGV", "Sở Ngoại vụ", "Department of Foreign Affairs"),
    ("TTT", "Thanh tra tỉnh", "Provincial Inspectorate"),
    ("BQLKKT", "Ban Quản lý Khu kinh tế", "Economic Zone Authority"),
]

COMMUNE_NAMES = [
    "Phường Hòa Bình",
    "Phường Quang Trung",
    "Phường Minh Khai",
    "Phường Đông Sơn",
    "Phường Tây Sơn",
    "Phường Hưng Đạo",
    "Phường Kim Liên",
    "Phường Ngọc Lâm",
    "Xã Tân Lập",
    "Xã Nghĩa Hưng",
    "Xã Phú Lộc",
    "Xã Thanh Hà",
    "Xã An Phú",
    "Xã Bình Minh",
    "Xã Lam Sơn",
    "Xã Mỹ Lộc",
    "Xã Phong Phú",
    "Xã Quảng Thành",
    "Xã Sơn Thủy",
    "Xã Tam Đảo",
    "Xã Thạch Bàn",
    "Xã Trung Hòa",
    "Xã Vĩnh Phúc",
    "Xã Xuân Phương",
    "Xã Yên Thế",
    "Xã Cẩm Thượng",
    "Xã Đồng Tâm",
    "Xã Hải Châu",
    "Xã Hồng Phong",
    "Xã Lạc Long",
    "Xã Phúc Thành",
    "Xã Tiên Phong",
    "Xã Thuận An",
    "Xã Thống Nhất",
    "Xã Kỳ Sơn",
    "Xã Hương Trà",
    "Xã Cát Linh",
    "Xã Đại Đồng",
    "Xã Gia Lộc",
    "Xã Long Hưng",
]
# 2025-Q3: these communes merge; the new unit takes the listed name.
MERGERS = [
    ("10041", "Phường Sơn Hà", ["10004", "10005", "10006"]),
    ("10042", "Xã Đồng Xuân", ["10026", "10027", "10028", "10029"]),
    ("10043", "Xã Hòa Thuận", ["10039", "10040"]),
]
# Units that lag clearly on one indicator, for the attention list.
LAGGARDS = {
    "SXD": {"on_time": 0.82, "overdue": (3, 7)},
    "SNNMT": {"esign": 0.68},
    "10035": {"online": 0.22},
    "SYT": {"task": 0.72, "overdue": (2, 5)},
    "10019": {"complaint_res": 0.55},
}
# (unit, quarter, column) left blank: the unit did not report that figure.
BLANKS = {
    ("10012", "2024-Q3", "complaints"),
    ("10012", "2024-Q3", "complaints_resolved"),
    ("SNGV", "2025-Q2", "esigned_docs"),
    ("SNGV", "2025-Q2", "electronic_docs"),
    ("10033", "2025-Q4", "tasks_due"),
    ("10033", "2025-Q4", "tasks_done_on_time"),
}

REGISTER_COLUMNS = ("overdue_tasks", "tasks_done_on_time", "tasks_due")
LABELS = {
    "unit_code": "Mã đơn vị",
    "unit_name": "Tên đơn vị",
    "quarter": "Kỳ báo cáo",
    "online_dossiers": "Số hồ sơ tiếp nhận trực tuyến",
    "total_dossiers": "Tổng số hồ sơ tiếp nhận",
    "on_time_dossiers": "Số hồ sơ giải quyết đúng hạn, trước hạn",
    "resolved_dossiers": "Số hồ sơ đã giải quyết",
    "esigned_docs": "Số văn bản được ký số",
    "electronic_docs": "Số văn bản điện tử phát hành",
    "overdue_tasks": "Số nhiệm vụ quá hạn",
    "tasks_done_on_time": "Số nhiệm vụ hoàn thành đúng hạn",
    "tasks_due": "Số nhiệm vụ đến hạn",
    "complaints": "Số đơn thư tiếp nhận",
    "complaints_resolved": "Số đơn thư đã giải quyết",
    "note": "Ghi chú",
}


def units() -> list[dict[str, str]]:
    rows = [
        dict(
            code="TINH",
            name_vi="Tỉnh An Sơn",
            name_en="An Son Province",
            kind="province",
            parent_code="",
            valid_from="",
            valid_to="",
            successor_code="",
        )
    ]
    for code, name_vi, name_en in DEPARTMENTS:
        rows.append(
            dict(
                code=code,
                name_vi=name_vi,
                name_en=name_en,
                kind="department",
                parent_code="TINH",
                valid_from="",
                valid_to="",
                successor_code="",
            )
        )
    successor = {old: new for new, _, olds in MERGERS for old in olds}
    for i, name in enumerate(COMMUNE_NAMES, start=1):
        code = f"{10000 + i}"
        rows.append(
            dict(
                code=code,
                name_vi=name,
                name_en="",
                kind="ward" if name.startswith("Phường") else "commune",
                parent_code="TINH",
                valid_from="",
                valid_to="2025-Q2" if code in successor else "",
                successor_code=successor.get(code, ""),
            )
        )
    for code, name, _ in MERGERS:
        rows.append(
            dict(
                code=code,
                name_vi=name,
                name_en="",
                kind="ward" if name.startswith("Phường") else "commune",
                parent_code="TINH",
                valid_from=MERGE_QUARTER,
                valid_to="",
                successor_code="",
            )
        )
    for row in rows:
        row["portal_code"] = portal_code(row["code"], [d[0] for d in DEPARTMENTS])
    return rows


PORTAL_PROVINCE = "H40"  # the sample province's code on the National Public Service Portal (fictional)


def portal_code(code: str, departments: list[str]) -> str:
    """A unit's MA_COQUAN on the portal: H40 for the province, H40.01... for departments, H40.101... for communes."""
    if code == "TINH":
        return PORTAL_PROVINCE
    if code in departments:
        return f"{PORTAL_PROVINCE}.{departments.index(code) + 1:02d}"
    return f"{PORTAL_PROVINCE}.{int(code) - 10000 + 100}"


def _profile(rng: random.Random, kind: str) -> dict[str, float]:
    big = kind == "department"
    return {
        "dossiers": rng.uniform(400, 6000) if big else rng.uniform(300, 2500),
        "online": rng.uniform(0.7, 0.92) if big else rng.uniform(0.62, 0.86),
        "on_time": rng.uniform(0.955, 0.995),
        "docs": rng.uniform(400, 3000) if big else rng.uniform(120, 800),
        "esign": rng.uniform(0.9, 0.99) if big else rng.uniform(0.86, 0.98),
        "tasks": rng.uniform(20, 80) if big else rng.uniform(6, 30),
        "task": rng.uniform(0.9, 1.0),
        "complaints": rng.uniform(2, 25) if big else rng.uniform(4, 35),
        "complaint_res": rng.uniform(0.86, 1.0),
    }


def _row(rng: random.Random, p: dict[str, float], lag: dict, step: int) -> dict[str, int]:
    def rate(key: str, gain: float) -> float:
        base = lag.get(key, p[key])
        return max(0.0, min(1.0, base + gain * step + rng.uniform(-0.015, 0.015)))

    total = round(p["dossiers"] * rng.uniform(0.85, 1.15))
    resolved = round(total * rng.uniform(0.88, 0.98))
    docs = round(p["docs"] * rng.uniform(0.85, 1.15))
    due = round(p["tasks"] * rng.uniform(0.8, 1.2))
    complaints = round(p["complaints"] * rng.uniform(0.6, 1.4))
    low, high = lag.get("overdue", (0, 2))
    overdue = rng.randint(low, high) if "overdue" in lag else rng.choice([0] * 8 + [1, 2])
    return {
        "online_dossiers": round(total * rate("online", 0.018)),
        "total_dossiers": total,
        "on_time_dossiers": round(resolved * rate("on_time", 0.002)),
        "resolved_dossiers": resolved,
        "esigned_docs": round(docs * rate("esign", 0.006)),
        "electronic_docs": docs,
        "overdue_tasks": overdue,
        "tasks_done_on_time": round(due * rate("task", 0.003)),
        "tasks_due": due,
        "complaints": complaints,
        "complaints_resolved": round(complaints * rate("complaint_res", 0.004)),
    }


def main() -> None:
    rng = random.Random(20251)
    unit_rows = units()
    with open(HERE / "units.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(unit_rows[0]))
        writer.writeheader()
        writer.writerows(unit_rows)

    reporting = [u for u in unit_rows if u["kind"] != "province"]
    profiles = {u["code"]: _profile(rng, u["kind"]) for u in reporting}
    for new, _, olds in MERGERS:  # a merged unit is about the size of its parts
        merged = dict(profiles[olds[0]])
        for key in ("dossiers", "docs", "tasks", "complaints"):
            merged[key] = sum(profiles[o][key] for o in olds) * 0.9
        profiles[new] = merged

    # The task figures come from the task register (generate_tasks.py): drawn, to keep the
    # other figures as they were, but not written.
    columns = [c for c in LABELS if c not in REGISTER_COLUMNS]
    out = HERE / "uploads"
    out.mkdir(exist_ok=True)
    for step, quarter in enumerate(QUARTERS):
        path = out / f"{quarter}.csv"
        with open(path, "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow([LABELS[c] for c in columns])
            for unit in reporting:
                in_force = (not unit["valid_from"] or unit["valid_from"] <= quarter) and (
                    not unit["valid_to"] or quarter <= unit["valid_to"]
                )
                if not in_force:
                    continue
                values = _row(rng, profiles[unit["code"]], LAGGARDS.get(unit["code"], {}), step)
                cells = {
                    "unit_code": unit["code"],
                    "unit_name": unit["name_vi"],
                    "quarter": quarter,
                    "note": "",
                    **values,
                }
                for code, q, column in BLANKS:
                    if code == unit["code"] and q == quarter:
                        cells[column] = ""
                writer.writerow([cells[c] for c in columns])
        print(f"wrote {path.relative_to(HERE)}")


if __name__ == "__main__":
    main()
