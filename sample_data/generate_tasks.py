"""Generate the sample province's task register and two past review meetings with their conclusions.

About 560 tasks assigned by the People's Committee of An Sơn, its
Chair or a Vice-Chair between January 2024 and December 2025, as the
province's document system would export them on 31 December 2025 (the
contract's columns, Vietnamese headers, dates as dd/mm/yyyy). Most are done
on time; a few units are chronically late (the Departments of Construction,
Health, and Agriculture and Environment, and one commune); some deadlines
are extended; a few tasks are standing ones with no deadline. The quarterly
sample files leave the two task indicators out: their figures are derived
from this register. Seeded, so the files are the same on every run:
`python sample_data/generate_tasks.py`.
"""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "tasks"
EXPORTED = date(2025, 12, 31)
FIRST = date(2024, 1, 2)
TASKS = 560

HEADER = {
    "task_id": "Mã nhiệm vụ",
    "document": "Số, ký hiệu văn bản",
    "document_date": "Ngày văn bản",
    "summary": "Trích yếu nội dung nhiệm vụ",
    "assigned_by": "Người giao",
    "lead_unit": "Đơn vị chủ trì",
    "co_units": "Đơn vị phối hợp",
    "deadline": "Hạn hoàn thành",
    "extended_to": "Gia hạn đến",
    "completed_on": "Ngày hoàn thành",
    "progress": "Tình hình thực hiện",
}
# Share of tasks each unit finishes on time; the rest are late or, for some, still open.
CHRONIC = {"SXD": 0.55, "SYT": 0.62, "SNNMT": 0.66, "10012": 0.6}
ON_TIME = 0.93  # the share of the other units
DEPARTMENT_TOPICS = {
    "VPUB": ["tổng hợp báo cáo kinh tế - xã hội tháng", "chuẩn bị nội dung phiên họp UBND tỉnh thường kỳ"],
    "SNV": ["sắp xếp tổ chức bộ máy các cơ quan chuyên môn", "đánh giá, xếp loại cán bộ, công chức năm",
            "chỉ số cải cách hành chính (PAR Index) của tỉnh"],
    "STC": ["giải ngân vốn đầu tư công", "phân bổ dự toán ngân sách bổ sung", "quyết toán dự án hoàn thành"],
    "STP": ["thẩm định dự thảo quyết định quy phạm pháp luật", "rà soát văn bản quy phạm pháp luật hết hiệu lực"],
    "SXD": ["xử lý vi phạm trật tự xây dựng", "điều chỉnh quy hoạch chung đô thị", "thẩm định thiết kế cơ sở dự án",
            "tiến độ dự án nhà ở xã hội"],
    "SNNMT": ["xử lý ô nhiễm môi trường tại cụm công nghiệp", "cấp giấy chứng nhận quyền sử dụng đất",
              "phòng, chống thiên tai và tìm kiếm cứu nạn", "thu hồi đất thực hiện dự án"],
    "SCT": ["bình ổn thị trường dịp Tết", "phát triển cụm công nghiệp", "chống buôn lậu, gian lận thương mại"],
    "SKHCN": ["triển khai nền tảng số dùng chung của tỉnh", "chuyển đổi số trong cơ quan nhà nước"],
    "SGDDT": ["sắp xếp mạng lưới trường lớp", "chuẩn bị kỳ thi tốt nghiệp trung học phổ thông"],
    "SYT": ["cung ứng thuốc, vật tư y tế", "phòng, chống dịch bệnh mùa mưa", "tự chủ tài chính bệnh viện tuyến tỉnh"],
    "SVHTTDL": ["tổ chức lễ hội văn hóa, du lịch", "trùng tu di tích cấp tỉnh"],
    "SDTTG": ["chương trình mục tiêu quốc gia vùng đồng bào dân tộc thiểu số"],
    "SNGV": ["chuẩn bị đón đoàn công tác nước ngoài", "hợp tác quốc tế năm"],
    "TTT": ["giải quyết đơn khiếu nại kéo dài", "kết luận thanh tra việc quản lý đất đai"],
    "BQLKKT": ["thu hút đầu tư vào khu kinh tế", "giải phóng mặt bằng khu công nghiệp"],
}  # fmt: skip
COMMUNE_TOPICS = [
    "giải phóng mặt bằng dự án đường tỉnh",
    "xử lý vi phạm đất đai trên địa bàn",
    "giải quyết kiến nghị của cử tri",
    "xây dựng nông thôn mới nâng cao",
    "sắp xếp, xử lý trụ sở dôi dư sau sáp nhập",
]
VERBS = ["Tham mưu UBND tỉnh về", "Báo cáo kết quả", "Rà soát, đề xuất giải pháp", "Khẩn trương hoàn thành",
         "Kiểm tra, xử lý dứt điểm", "Chủ trì, phối hợp triển khai"]  # fmt: skip
# (kind of document, share) — the numbering restarts every year, as in the province's register.
DOCUMENTS = [("UBND", 0.55), ("TB-UBND", 0.25), ("KH-UBND", 0.1), ("CT-UBND", 0.04), ("QĐ-UBND", 0.06)]
DESKS = ["NC", "NC1", "NC2", "KT", "KT1", "KT2", "TH", "KGVX", "XD"]
ASSIGNERS = [("Chủ tịch UBND tỉnh", 0.35), ("Phó Chủ tịch UBND tỉnh", 0.45), ("UBND tỉnh", 0.2)]
PROGRESS_OPEN = ["Đang triển khai", "Đang lấy ý kiến các sở, ngành", "Đang hoàn thiện dự thảo", "Chưa báo cáo"]
PROGRESS_DONE = ["Đã báo cáo UBND tỉnh", "Đã hoàn thành", "Đã ban hành văn bản"]
COMMUNES = ["10001", "10003", "10009", "10012", "10030", "10041"]
MERGED = {"10041": date(2025, 7, 1)}  # new units: tasks only from their first day

MEETINGS = [
    {
        "held_on": date(2025, 7, 15),
        "title": "Phiên họp UBND tỉnh thường kỳ tháng 7/2025",
        "quarter": "2025-Q2",
        "chaired_by": "Chủ tịch UBND tỉnh",
        "attendees": "Các Phó Chủ tịch UBND tỉnh; Giám đốc các sở, ban, ngành; Chủ tịch UBND các xã, phường",
        "document": "215/TB-UBND",
        "conclusions": [
            ("SXD", date(2025, 8, 31), "Rà soát, xử lý dứt điểm các công trình vi phạm trật tự xây dựng đã có quyết định cưỡng chế", None),
            ("STC", date(2025, 8, 15), "Báo cáo tiến độ giải ngân vốn đầu tư công 6 tháng, đề xuất điều chuyển vốn dự án chậm", date(2025, 8, 12)),
            ("SYT", date(2025, 9, 30), "Bảo đảm cung ứng thuốc, vật tư y tế cho bệnh viện tuyến tỉnh, không để thiếu thuốc", date(2025, 10, 20)),
            ("SNV", date(2025, 9, 15), "Hoàn thành phương án sắp xếp tổ chức bộ máy các đơn vị sự nghiệp công lập", date(2025, 9, 10)),
            ("SNNMT", date(2025, 8, 31), "Xử lý dứt điểm ô nhiễm môi trường tại cụm công nghiệp Phú Lộc", None),
        ],
    },
    {
        "held_on": date(2025, 10, 14),
        "title": "Phiên họp UBND tỉnh thường kỳ tháng 10/2025",
        "quarter": "2025-Q3",
        "chaired_by": "Chủ tịch UBND tỉnh",
        "attendees": "Các Phó Chủ tịch UBND tỉnh; Giám đốc các sở, ban, ngành; Chủ tịch UBND các xã, phường",
        "document": "318/TB-UBND",
        "conclusions": [
            ("SXD", date(2025, 11, 30), "Đẩy nhanh tiến độ dự án nhà ở xã hội, báo cáo vướng mắc về mặt bằng", None),
            ("SKHCN", date(2025, 11, 15), "Đưa nền tảng số dùng chung vào vận hành tại 100% xã, phường", date(2025, 11, 14)),
            ("10041", date(2025, 12, 15), "Sắp xếp, bố trí trụ sở làm việc sau sáp nhập, công khai phương án xử lý trụ sở dôi dư", date(2025, 12, 20)),
            ("TTT", date(2025, 12, 31), "Giải quyết dứt điểm các vụ khiếu nại đông người, kéo dài", None),
            ("STP", date(2025, 11, 30), "Thẩm định dự thảo quy định phân cấp quản lý nhà nước sau sắp xếp", date(2025, 11, 25)),
        ],
    },
]  # fmt: skip


def _pick(rng: random.Random, weighted: list[tuple[str, float]]) -> str:
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def _dmy(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _lead(rng: random.Random, issued: date) -> str:
    if rng.random() < 0.9:  # the Chair mostly assigns to departments; a few communes lead a task
        weights = [3 if code in CHRONIC else 2 if code in ("VPUB", "STC", "SNV") else 1 for code in DEPARTMENT_TOPICS]
        return rng.choices(list(DEPARTMENT_TOPICS), weights=weights)[0]
    available = [c for c in COMMUNES if issued >= MERGED.get(c, FIRST)]
    weights = [3 if c in CHRONIC else 1 for c in available]
    return rng.choices(available, weights=weights)[0]


def tasks(rng: random.Random) -> list[dict[str, str]]:
    span = (EXPORTED - timedelta(days=10) - FIRST).days
    issued_days = sorted(FIRST + timedelta(days=rng.randrange(span)) for _ in range(TASKS))
    numbers: dict[tuple[int, str], int] = {}
    rows = []
    for index, issued in enumerate(issued_days, start=1):
        while issued.weekday() >= 5:  # documents are signed on working days
            issued -= timedelta(days=1)
        kind = _pick(rng, DOCUMENTS)
        key = (issued.year, kind)
        numbers[key] = max(numbers.get(key, 0), issued.timetuple().tm_yday * (24 if kind == "UBND" else 2))
        numbers[key] += rng.randint(1, 6)
        document = f"{numbers[key]}/UBND-{rng.choice(DESKS)}" if kind == "UBND" else f"{numbers[key] // 3 or 1}/{kind}"
        lead = _lead(rng, issued)
        topic = rng.choice(DEPARTMENT_TOPICS.get(lead, COMMUNE_TOPICS))
        standing = rng.random() < 0.05
        summary = f"{rng.choice(VERBS)} {topic}" + (" (nhiệm vụ thường xuyên)" if standing else "")
        co_units = rng.sample([c for c in DEPARTMENT_TOPICS if c != lead], k=rng.choice([0, 0, 1, 2]))
        deadline = None if standing else issued + timedelta(days=rng.choice([7, 10, 15, 15, 20, 30, 30, 45, 60, 90]))
        extended = None
        on_time = rng.random() < CHRONIC.get(lead, ON_TIME)
        if deadline and rng.random() < (0.18 if lead in CHRONIC else 0.08):
            extended = deadline + timedelta(days=rng.choice([10, 15, 15, 30, 45]))
            on_time = on_time or rng.random() < 0.5
        effective = extended or deadline
        if effective is None:
            completed = None if rng.random() < 0.7 else issued + timedelta(days=rng.randint(60, 300))
        elif on_time:
            completed = issued + timedelta(days=rng.randint(1, max(1, (effective - issued).days)))
        elif rng.random() < (0.3 if lead in CHRONIC else 0.1):
            completed = None  # never done: overdue until today
        else:
            completed = effective + timedelta(days=rng.randint(3, 75))
        if completed and completed > EXPORTED:
            completed = None
        if completed is None and effective and effective >= EXPORTED:
            progress = rng.choice(PROGRESS_OPEN[:3])
        else:
            progress = rng.choice(PROGRESS_DONE) if completed else rng.choice(PROGRESS_OPEN)
        rows.append(
            {
                "task_id": f"NV{issued.year % 100:02d}-{index:04d}",
                "document": document,
                "document_date": _dmy(issued),
                "summary": summary,
                "assigned_by": _pick(rng, ASSIGNERS),
                "lead_unit": lead,
                "co_units": ";".join(co_units),
                "deadline": _dmy(deadline),
                "extended_to": _dmy(extended),
                "completed_on": _dmy(completed),
                "progress": progress,
            }
        )
    return rows


def main() -> None:
    rng = random.Random(20252)
    OUT.mkdir(exist_ok=True)
    register = OUT / "register.csv"
    with open(register, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(HEADER.values())
        for row in tasks(rng):
            writer.writerow(row[c] for c in HEADER)
    print(f"wrote {register.relative_to(HERE)}")
    meetings = OUT / "meetings.csv"
    with open(meetings, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["held_on", "title", "quarter", "chaired_by", "attendees"])
        for meeting in MEETINGS:
            writer.writerow([meeting[c].isoformat() if c == "held_on" else meeting[c] for c in
                             ("held_on", "title", "quarter", "chaired_by", "attendees")])  # fmt: skip
    conclusions = OUT / "conclusions.csv"
    with open(conclusions, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["held_on", "document", "lead_unit", "deadline", "summary", "completed_on"])
        for meeting in MEETINGS:
            for lead, deadline, summary, completed in meeting["conclusions"]:
                writer.writerow(
                    [
                        meeting["held_on"].isoformat(),
                        meeting["document"],
                        lead,
                        _dmy(deadline),
                        summary,
                        _dmy(completed),
                    ]
                )
    print(f"wrote {meetings.relative_to(HERE)}, {conclusions.relative_to(HERE)}")


if __name__ == "__main__":
    main()
