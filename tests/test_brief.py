"""The meeting brief: Word and PDF read back and checked against figures computed from the sample files."""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from docx import Document
from docx.shared import Mm

from metrics import brief, fmt
from tests.browser import ARTIFACTS
from tests.conftest import sample_overdue, sample_ratio

ROOT = Path(__file__).resolve().parent.parent
ONLINE = ("Số hồ sơ tiếp nhận trực tuyến", "Tổng số hồ sơ tiếp nhận")
TODAY = date(2026, 1, 20)


@pytest.fixture
def made(store):
    return brief.build(store, "2025-Q4", meeting_id=None, today=TODAY)


def test_the_word_brief_is_an_a4_administrative_document_in_times_new_roman(made):
    document = Document(io.BytesIO(brief.to_docx(made)))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert (round(section.left_margin.mm), round(section.right_margin.mm)) == (30, 20)
    assert document.styles["Normal"].font.name == "Times New Roman"
    assert document.styles["Normal"].font.size.pt == 13
    heading = document.tables[0].rows[0].cells
    assert heading[0].text == "UBND TỈNH AN SƠN\nVĂN PHÒNG"
    assert heading[1].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    text = "\n".join(p.text for p in document.paragraphs)
    assert "An Sơn, ngày 20 tháng 01 năm 2026" in text
    assert "Tình hình thực hiện các chỉ tiêu Quý IV/2025" in text
    assert len(document.inline_shapes) == 2 and document.inline_shapes[0].width > Mm(100)  # the charts


def test_the_brief_figures_match_independent_computations(made):
    document = Document(io.BytesIO(brief.to_docx(made)))
    figures = document.tables[1]
    rows = {row.cells[0].text: [c.text for c in row.cells] for row in figures.rows[1:]}
    assert len(rows) == 7  # the quarter's seven indicators; the national index's scores are not summed here
    online = rows["Tỷ lệ hồ sơ TTHC tiếp nhận trực tuyến"]
    assert online[1] == fmt.percent(sample_ratio("2025-Q4", *ONLINE))
    assert online[2] == fmt.percent(sample_ratio("2025-Q3", *ONLINE))
    overdue_now, overdue_before = sample_overdue(date(2025, 12, 31)), sample_overdue(date(2025, 9, 30))
    assert rows["Số nhiệm vụ quá hạn"][1:4] == [
        fmt.number(sum(overdue_now.values())),
        fmt.number(sum(overdue_before.values())),
        f"{sum(overdue_now.values()) - sum(overdue_before.values()):+d}",
    ]
    by_unit = next(t for t in document.tables if t.rows[0].cells[1].text == "Đơn vị chủ trì")
    counted = {row.cells[1].text: int(row.cells[2].text) for row in by_unit.rows[1:]}
    assert counted["Sở Xây dựng"] == overdue_now["SXD"] and sum(counted.values()) == sum(overdue_now.values())


def test_the_previous_meetings_conclusions_are_listed_with_their_status(made):
    text = made.text()
    # The October meeting's five conclusions on 31/12/2025 (sample_data/tasks/conclusions.csv):
    # two done on time, one late (20/12 for 15/12), one open until 31/12, one overdue since 30/11.
    assert "kết luận 5 nhiệm vụ. Tại ngày 31/12/2025: 2 hoàn thành đúng hạn, 1 hoàn thành quá hạn" in text
    assert (
        "Đẩy nhanh tiến độ dự án nhà ở xã hội, báo cáo vướng mắc về mặt bằng | Sở Xây dựng | 30/11/2025 | Quá hạn (31 ngày)"
        in text
    )


def test_the_pdf_says_the_same_and_renders_its_first_two_pages(made):
    data = brief.to_pdf(made)
    pdf = pdfium.PdfDocument(data)
    assert len(pdf) >= 3
    width, height = pdf[0].get_size()
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)
    text = "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "BÁO CÁO TÓM TẮT" in text
    assert fmt.percent(sample_ratio("2025-Q4", *ONLINE)) in text
    assert "Quá hạn (31 ngày)" in text
    ARTIFACTS.mkdir(exist_ok=True)
    for page in range(2):
        pdf[page].render(scale=1.5).to_pil().save(ARTIFACTS / f"brief-page-{page + 1}.png")


def test_a_meetings_date_cuts_the_register(store):
    meeting = brief.build(store, "2025-Q3", meeting_id=2, today=TODAY)
    text = meeting.text()
    assert "TẠI NGÀY 14/10/2025" in text and "Phục vụ Phiên họp UBND tỉnh thường kỳ tháng 10/2025" in text
    assert "Phiên họp UBND tỉnh thường kỳ tháng 7/2025 (15/07/2025) kết luận 5 nhiệm vụ" in text
    assert f"Tại ngày 14/10/2025, {sum(sample_overdue(date(2025, 10, 14)).values())} nhiệm vụ" in text


def test_unknown_quarter_or_meeting_is_a_clear_refusal(store):
    with pytest.raises(brief.BriefError, match="Chưa có số liệu Quý I/2030"):
        brief.build(store, "2030-Q1")
    with pytest.raises(brief.BriefError, match="Không có phiên họp số 99"):
        brief.build(store, "2025-Q4", meeting_id=99)


def test_command_line_writes_both_formats(sample_db, tmp_path):
    for file_format in ("docx", "pdf"):
        out = tmp_path / f"brief.{file_format}"
        done = subprocess.run(
            [sys.executable, "-m", "metrics", "brief", "--db", str(sample_db), "--quarter", "Quý IV/2025",
             "--meeting", "2", "--format", file_format, "--output", str(out)],
            capture_output=True, text=True, cwd=ROOT,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert out.read_bytes()[:4] == (b"PK\x03\x04" if file_format == "docx" else b"%PDF")
    bad = subprocess.run(
        [sys.executable, "-m", "metrics", "brief", "--db", str(sample_db), "--quarter", "mùa thu",
         "--format", "pdf", "--output", str(tmp_path / "x.pdf")],
        capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    assert bad.returncode == 2 and "không đọc được" in bad.stderr
