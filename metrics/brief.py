"""The meeting brief: one document, written as Word (python-docx) and as PDF (fpdf2).

`build` gathers the figures once into a `Brief` (headings, paragraphs, tables
of text already formatted the Vietnamese way, and chart images); `to_docx`
and `to_pdf` lay the same blocks out as a Vietnamese administrative document
(Decree 30/2020/NĐ-CP: the national heading, Times New Roman 13 pt, A4,
margins 20/15/30/20 mm), so the two files say exactly the same thing.

The decision a reader would question: the PDF is drawn by fpdf2 with Liberation
Serif 2 (metrically identical to Times New Roman, with every Vietnamese
letter; Debian's `fonts-liberation2`), not converted from the Word file, because a
converter (LibreOffice) takes seconds to start and is a large install; charts
are drawn with matplotlib's Agg backend, offline.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import polars as pl

from metrics import fmt, meetings, overview, tasks
from metrics.catalogue import Indicator, Unit, quarterly
from metrics.quarters import Quarter, quarter_label
from metrics.settings import today as current_day
from metrics.store import Store

if TYPE_CHECKING:  # imported where drawn: reading a brief's data needs neither library
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run
    from matplotlib.figure import Figure

FONT_DIRS = (Path("/usr/share/fonts/truetype/liberation2"),)  # version 2: with the Vietnamese letters
OVERDUE_LISTED = 25  # the longest-overdue tasks listed one by one; the by-unit table has them all
ATTENTION_LISTED = 15


class BriefError(RuntimeError):
    """The brief cannot be made; the message says why, in Vietnamese."""


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[list[str]]
    widths: list[float]  # shares of the text width
    numeric: tuple[int, ...] = ()  # columns aligned right


@dataclass(frozen=True)
class Block:
    kind: str  # heading | paragraph | table | image | note
    text: str = ""
    table: Table | None = None
    image: bytes | None = None


@dataclass
class Brief:
    province: str  # "UBND TỈNH AN SƠN"
    place: str  # "An Sơn"
    issued: date
    title: str
    subtitle: str
    blocks: list[Block] = field(default_factory=list)

    def add(self, kind: str, text: str = "", table: Table | None = None, image: bytes | None = None) -> None:
        self.blocks.append(Block(kind, text, table, image))

    def text(self) -> str:
        """Every word of the brief, for tests and search."""
        parts = [self.province, self.title, self.subtitle]
        for block in self.blocks:
            parts.append(block.text)
            if block.table:
                parts += [" | ".join(block.table.header), *(" | ".join(r) for r in block.table.rows)]
        return "\n".join(parts)


def _day(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _province(units: list[Unit]) -> tuple[str, str]:
    top = next((u for u in units if u.kind == "province"), None)
    name = top.name_vi if top else "Tỉnh"
    place = name.removeprefix("Tỉnh ").strip()
    return f"UBND {name.upper()}", place


def build(store: Store, quarter: str, meeting_id: int | None = None, today: date | None = None) -> Brief:
    """The brief of a quarter, for a meeting if given (its date cuts the task register)."""
    now = today or current_day()
    try:
        quarter = Quarter.parse(quarter).code
    except ValueError as error:
        raise BriefError(f"Kỳ '{quarter}' không đọc được. Hãy ghi dạng 2025-Q4 hoặc Quý IV/2025.") from error
    if quarter not in store.quarters():
        raise BriefError(f"Chưa có số liệu {quarter_label(quarter)}. Hãy chọn một quý đã có số liệu.")
    meeting = meetings.meeting(store, meeting_id) if meeting_id is not None else None
    if meeting_id is not None and meeting is None:
        raise BriefError(f"Không có phiên họp số {meeting_id}.")
    indicators, units = quarterly(store.indicators()), store.units()
    cut = min(meeting["held_on"] if meeting else tasks.quarter_bounds(quarter)[1], now)
    province, place = _province(units)
    label = quarter_label(quarter)
    brief = Brief(
        province=province,
        place=place,
        issued=now,
        title="BÁO CÁO TÓM TẮT",
        subtitle=(f"Phục vụ {meeting['title']}" if meeting else "Phục vụ phiên họp giao ban của UBND tỉnh")
        + f"\nTình hình thực hiện các chỉ tiêu {label}",
    )
    values = store.values(overview.window(quarter)[0], quarter)
    _figures(brief, values, indicators, units, quarter)
    _attention(brief, values, indicators, units, quarter)
    register = store.tasks()
    _overdue(brief, register, units, cut)
    _conclusions(brief, store, meeting, cut, units)
    return brief


def _figures(brief: Brief, values: pl.DataFrame, indicators: list[Indicator], units: list[Unit], quarter: str) -> None:
    label, previous = quarter_label(quarter), quarter_label(Quarter.parse(quarter).shift(-1).code)
    brief.add("heading", f"I. CÁC CHỈ TIÊU TOÀN TỈNH {label.upper()}")
    rows = []
    tiles = overview.tiles(values, indicators, units, quarter)
    met = sum(1 for tile in tiles if tile.meets_target)
    targeted = sum(1 for tile in tiles if tile.indicator.target is not None and tile.value is not None)
    for tile in tiles:
        ind = tile.indicator
        verdict = {True: "Đạt", False: "Chưa đạt", None: "—"}[tile.meets_target]
        rows.append(
            [
                ind.name_vi,
                fmt.value(ind, tile.value),
                fmt.value(ind, tile.previous),
                fmt.change(ind, tile.change_previous),
                fmt.value(ind, ind.target) if ind.target is not None else "—",
                verdict,
            ]
        )
    brief.add(
        "paragraph",
        f"Trong {label}, toàn tỉnh đạt mục tiêu ở {met}/{targeted} chỉ tiêu có đặt mục tiêu. "
        f"Bảng dưới so sánh với {previous}; tỷ lệ của toàn tỉnh là tổng tử số trên tổng mẫu số của các đơn vị.",
    )
    brief.add(
        "table",
        table=Table(
            ["Chỉ tiêu", label, previous, "Thay đổi", "Mục tiêu", "Đánh giá"],
            rows,
            [0.33, 0.12, 0.12, 0.17, 0.12, 0.14],
            numeric=(1, 2, 3, 4),
        ),
    )
    brief.add(
        "image", "Hình 1. Diễn biến các tỷ lệ chính của toàn tỉnh qua các quý", image=_trend_chart(values, indicators)
    )


def _attention(
    brief: Brief, values: pl.DataFrame, indicators: list[Indicator], units: list[Unit], quarter: str
) -> None:
    flagged = overview.attention(values, indicators, units, quarter, "vi")
    brief.add("heading", "II. CÁC ĐƠN VỊ CẦN CHÚ Ý")
    if not flagged:
        brief.add("paragraph", "Không có đơn vị nào cần chú ý trong quý.")
        return
    shown = flagged[:ATTENTION_LISTED]
    more = f" (nêu {len(shown)} đơn vị đứng đầu)" if len(flagged) > len(shown) else ""
    brief.add("paragraph", f"Có {len(flagged)} đơn vị cần chú ý{more}, xếp theo mức độ:")
    rows = [[str(i), e.unit.name_vi, "; ".join(e.reasons)] for i, e in enumerate(shown, start=1)]
    brief.add("table", table=Table(["TT", "Đơn vị", "Lý do"], rows, [0.07, 0.28, 0.65], numeric=(0,)))


def _overdue(brief: Brief, register: pl.DataFrame, units: list[Unit], cut: date) -> None:
    names = {u.code: u.name_vi for u in units}
    brief.add("heading", f"III. NHIỆM VỤ QUÁ HẠN THEO ĐƠN VỊ CHỦ TRÌ (TẠI NGÀY {_day(cut)})")
    judged = tasks.as_of(register, cut)
    overdue = judged.filter(pl.col("status") == "overdue").sort(
        ["days_overdue", "document_date", "task_id"], descending=[True, False, False]
    )
    if overdue.is_empty():
        brief.add("paragraph", "Không có nhiệm vụ nào quá hạn.")
        return
    per_unit = tasks.overdue_by_unit(register, cut)
    brief.add(
        "paragraph",
        f"Tại ngày {_day(cut)}, {fmt.number(overdue.height)} nhiệm vụ do UBND tỉnh, Chủ tịch, Phó Chủ tịch UBND tỉnh "
        f"giao đã quá hạn, thuộc {per_unit.height} đơn vị chủ trì.",
    )
    rows = [
        [str(i), names.get(r["unit_code"], r["unit_code"]), fmt.number(r["overdue"]), fmt.number(r["oldest_days"])]
        for i, r in enumerate(per_unit.iter_rows(named=True), start=1)
    ]
    brief.add(
        "table",
        table=Table(["TT", "Đơn vị chủ trì", "Số nhiệm vụ quá hạn", "Quá hạn lâu nhất (ngày)"], rows,
                    [0.07, 0.49, 0.22, 0.22], numeric=(0, 2, 3)),
    )  # fmt: skip
    brief.add("image", "Hình 2. Số nhiệm vụ quá hạn theo đơn vị chủ trì", image=_overdue_chart(per_unit, names))
    listed = overdue.head(OVERDUE_LISTED)
    brief.add(
        "paragraph",
        f"Các nhiệm vụ quá hạn lâu nhất ({listed.height}/{overdue.height}):",
    )
    rows = [
        [
            r["document"],
            r["summary"],
            names.get(r["lead_unit"], r["lead_unit"]),
            _day(r["extended_to"] or r["deadline"]) + (" (gia hạn)" if r["extended_to"] else ""),
            fmt.number(r["days_overdue"]),
        ]
        for r in listed.iter_rows(named=True)
    ]
    brief.add(
        "table",
        table=Table(["Văn bản", "Nội dung", "Đơn vị chủ trì", "Hạn", "Số ngày quá hạn"], rows,
                    [0.16, 0.40, 0.18, 0.14, 0.12], numeric=(4,)),
    )  # fmt: skip


STATUS_WORDS = {
    "overdue": "Quá hạn",
    "in_progress": "Đang thực hiện",
    "done_on_time": "Hoàn thành đúng hạn",
    "done_late": "Hoàn thành quá hạn",
}


def _conclusions(brief: Brief, store: Store, meeting: dict[str, Any] | None, cut: date, units: list[Unit]) -> None:
    names = {u.code: u.name_vi for u in units}
    earlier = store.meetings().filter(pl.col("held_on") < (meeting["held_on"] if meeting else cut + timedelta(days=1)))
    if meeting is not None:
        earlier = earlier.filter(pl.col("meeting_id") != meeting["meeting_id"])
    brief.add("heading", "IV. KẾT LUẬN CỦA PHIÊN HỌP TRƯỚC")
    if earlier.is_empty():
        brief.add("paragraph", "Chưa có phiên họp trước.")
        return
    previous = earlier.row(0, named=True)  # newest first
    concluded = meetings.conclusions_at(store, previous["meeting_id"], cut)
    counts = {s: concluded.filter(pl.col("status") == s).height for s in STATUS_WORDS}
    brief.add(
        "paragraph",
        f"{previous['title']} ({_day(previous['held_on'])}) kết luận {concluded.height} nhiệm vụ. "
        f"Tại ngày {_day(cut)}: {counts['done_on_time']} hoàn thành đúng hạn, {counts['done_late']} hoàn thành "
        f"quá hạn, {counts['in_progress']} đang thực hiện, {counts['overdue']} quá hạn.",
    )
    rows = [
        [str(i), r["summary"], names.get(r["lead_unit"], r["lead_unit"]), _day(r["effective_deadline"]) or "—",
         STATUS_WORDS[r["status"]] + (f" ({fmt.number(r['days_overdue'])} ngày)" if r["days_overdue"] else "")]
        for i, r in enumerate(concluded.iter_rows(named=True), start=1)
    ]  # fmt: skip
    brief.add(
        "table",
        table=Table(["TT", "Nội dung kết luận", "Đơn vị chủ trì", "Hạn", "Tình trạng"], rows,
                    [0.07, 0.43, 0.18, 0.12, 0.20], numeric=(0,)),
    )  # fmt: skip


# -- charts -------------------------------------------------------------------


def _font_file(bold: bool = False) -> Path:
    name = "LiberationSerif-Bold.ttf" if bold else "LiberationSerif-Regular.ttf"
    for folder in FONT_DIRS:
        if (folder / name).exists():
            return folder / name
    raise BriefError(
        "Thiếu phông chữ Liberation Serif 2 để in bản PDF. Quản trị viên hãy cài gói fonts-liberation2 "
        "(apt-get install fonts-liberation2)."
    )


def _pyplot() -> ModuleType:
    """pyplot on the Agg backend, in DejaVu Sans (shipped with matplotlib, every Vietnamese letter)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    plt.rcParams["font.family"] = "DejaVu Sans"
    plt.rcParams["font.size"] = 9
    return plt


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=150, bbox_inches="tight")
    return buffer.getvalue()


def _trend_chart(values: pl.DataFrame, indicators: list[Indicator]) -> bytes:
    plt = _pyplot()
    by_quarter = overview.province(values, indicators)
    figure, axes = plt.subplots(figsize=(6.3, 2.9))
    for indicator in indicators:
        if not indicator.is_ratio:
            continue
        series = by_quarter.filter(pl.col("indicator") == indicator.code).sort("quarter")
        labels = [Quarter.parse(q).short() for q in series["quarter"].to_list()]
        axes.plot(labels, series["value"].to_list(), marker="o", linewidth=1.6, label=indicator.name_vi)
    axes.set_ylabel("%")
    axes.yaxis.set_major_formatter(lambda v, _: fmt.number(v, 0))
    axes.grid(axis="y", color="#DDDDDD")
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.15), ncol=2, frameon=False)
    data = _png(figure)
    plt.close(figure)
    return data


def _overdue_chart(per_unit: pl.DataFrame, names: dict[str, str]) -> bytes:
    plt = _pyplot()
    shown = per_unit.head(12).reverse()
    figure, axes = plt.subplots(figsize=(6.3, 0.32 * shown.height + 0.8))
    bars = axes.barh(
        [names.get(c, c) for c in shown["unit_code"].to_list()], shown["overdue"].to_list(), color="#B03A2E"
    )
    axes.bar_label(bars, labels=[fmt.number(v) for v in shown["overdue"].to_list()], padding=3)
    axes.set_xlabel("Số nhiệm vụ quá hạn")
    axes.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    axes.spines[["top", "right"]].set_visible(False)
    data = _png(figure)
    plt.close(figure)
    return data


# -- Word -----------------------------------------------------------------------

FONT = "Times New Roman"
SIZE = 13


def to_docx(brief: Brief) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(15)
    section.left_margin, section.right_margin = Mm(30), Mm(20)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(SIZE)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(6)

    def run(
        paragraph: Paragraph,
        text: str,
        bold: bool = False,
        italic: bool = False,
        size: float = SIZE,
        underline: bool = False,
    ) -> Run:
        piece = paragraph.add_run(text)
        piece.bold, piece.italic, piece.underline = bold, italic, underline
        piece.font.size = Pt(size)
        piece.font.name = FONT
        return piece

    heading = document.add_table(rows=1, cols=2)
    heading.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = heading.rows[0].cells
    left.width, right.width = Mm(62), Mm(98)
    for cell, lines in (
        (left, [(brief.province, False, False), ("VĂN PHÒNG", True, True)]),
        (right, [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True, False), ("Độc lập - Tự do - Hạnh phúc", True, True)]),
    ):
        paragraph = cell.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for i, (text, bold, underline) in enumerate(lines):
            if i:
                paragraph.add_run().add_break()
            run(paragraph, text, bold=bold, size=12 if cell is left else 13, underline=underline)
    date_line = document.add_paragraph()
    date_line.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    issued = brief.issued
    run(date_line, f"{brief.place}, ngày {issued.day:02d} tháng {issued.month:02d} năm {issued.year}", italic=True)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run(title, brief.title, bold=True, size=14)
    for line in brief.subtitle.split("\n"):
        sub = document.add_paragraph()
        sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
        sub.paragraph_format.space_after = Pt(0)
        run(sub, line, bold=True)
    document.add_paragraph()
    width = Mm(160)
    for block in brief.blocks:
        if block.kind == "heading":
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.space_before = Pt(8)
            paragraph.paragraph_format.keep_with_next = True
            run(paragraph, block.text, bold=True)
        elif block.kind == "paragraph":
            paragraph = document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            paragraph.paragraph_format.first_line_indent = Mm(10)
            run(paragraph, block.text)
        elif block.kind == "table" and block.table:
            spec = block.table
            table = document.add_table(rows=1, cols=len(spec.header))
            table.style = "Table Grid"
            for i, text in enumerate(spec.header):
                cell = table.rows[0].cells[i]
                cell.width = int(width * spec.widths[i])
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
                run(cell.paragraphs[0], text, bold=True, size=11)
            for values in spec.rows:
                cells = table.add_row().cells
                for i, text in enumerate(values):
                    cells[i].width = int(width * spec.widths[i])
                    paragraph = cells[i].paragraphs[0]
                    paragraph.paragraph_format.space_after = Pt(0)
                    if i in spec.numeric:
                        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                    run(paragraph, text, size=11)
            document.add_paragraph()
        elif block.kind == "image" and block.image:
            document.add_picture(io.BytesIO(block.image), width=Mm(155))
            document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
            caption = document.add_paragraph()
            caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run(caption, block.text, italic=True, size=11)
    closing = document.add_paragraph()
    closing.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run(closing, "VĂN PHÒNG UBND TỈNH", bold=True)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# -- PDF ------------------------------------------------------------------------


def to_pdf(brief: Brief) -> bytes:
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    # Every multi_cell ends at the left margin of the next line, as a paragraph does.
    pdf.set_margins(left=30, top=20, right=20)
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_font("Serif", "", str(_font_file()))
    pdf.add_font("Serif", "B", str(_font_file(bold=True)))
    italic = _font_file().with_name("LiberationSerif-Italic.ttf")
    pdf.add_font("Serif", "I", str(italic if italic.exists() else _font_file()))
    pdf.set_title(f"{brief.title} - {brief.subtitle.splitlines()[-1]}")
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    top = pdf.get_y()
    pdf.set_font("Serif", "", 12)
    pdf.set_xy(pdf.l_margin - 12, top)
    pdf.multi_cell(70, 5.5, brief.province, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(pdf.l_margin - 12)
    pdf.set_font("Serif", "B", 12)
    pdf.multi_cell(70, 5.5, "VĂN PHÒNG", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.line(pdf.l_margin + 12, pdf.get_y() + 0.5, pdf.l_margin + 34, pdf.get_y() + 0.5)
    pdf.set_xy(pdf.l_margin + 58, top)
    pdf.set_font("Serif", "B", 12)
    pdf.multi_cell(width - 56, 5.5, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(pdf.l_margin + 58)
    pdf.set_font("Serif", "B", 13)
    pdf.multi_cell(width - 56, 5.5, "Độc lập - Tự do - Hạnh phúc", align="C", new_x="LMARGIN", new_y="NEXT")
    middle = pdf.l_margin + 58 + (width - 56) / 2
    pdf.line(middle - 27, pdf.get_y() + 0.5, middle + 27, pdf.get_y() + 0.5)
    pdf.ln(4)
    pdf.set_font("Serif", "I", SIZE)
    issued = brief.issued
    pdf.cell(width, 7, f"{brief.place}, ngày {issued.day:02d} tháng {issued.month:02d} năm {issued.year}", align="R")
    pdf.ln(12)
    pdf.set_font("Serif", "B", 14)
    pdf.cell(width, 7, brief.title, align="C")
    pdf.ln(7)
    pdf.set_font("Serif", "B", SIZE)
    for line in brief.subtitle.split("\n"):
        pdf.multi_cell(width, 6, line, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for block in brief.blocks:
        if block.kind == "heading":
            if pdf.get_y() > pdf.h - 45:
                pdf.add_page()
            pdf.ln(2)
            pdf.set_font("Serif", "B", SIZE)
            pdf.multi_cell(width, 6.5, block.text, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
        elif block.kind == "paragraph":
            pdf.set_font("Serif", "", SIZE)
            pdf.set_x(pdf.l_margin)
            pdf.multi_cell(width, 6.5, "      " + block.text, align="J", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
        elif block.kind == "table" and block.table:
            spec = block.table
            pdf.set_font("Serif", "", 10.5)
            aligns = tuple("RIGHT" if i in spec.numeric else "LEFT" for i in range(len(spec.header)))
            with pdf.table(
                col_widths=[w * 100 for w in spec.widths],
                text_align=aligns,
                line_height=5,
                headings_style=FontFace(emphasis="BOLD", fill_color=(235, 235, 235)),
                first_row_as_headings=True,
            ) as table:
                row = table.row()
                for text in spec.header:
                    row.cell(text, align="C")
                for values in spec.rows:
                    row = table.row()
                    for text in values:
                        row.cell(text)
            pdf.ln(3)
        elif block.kind == "image" and block.image:
            from PIL import Image

            with Image.open(io.BytesIO(block.image)) as picture:
                ratio = picture.height / picture.width
            shown = min(150, width)
            if pdf.get_y() + shown * ratio + 10 > pdf.h - pdf.b_margin:
                pdf.add_page()
            pdf.image(io.BytesIO(block.image), x=pdf.l_margin + (width - shown) / 2, w=shown)
            pdf.set_font("Serif", "I", 11)
            pdf.multi_cell(width, 5.5, block.text, align="C", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
    pdf.set_font("Serif", "B", SIZE)
    pdf.cell(width, 8, "VĂN PHÒNG UBND TỈNH", align="R")
    return bytes(pdf.output())


def render(brief: Brief, file_format: str) -> bytes:
    if file_format == "docx":
        return to_docx(brief)
    if file_format == "pdf":
        return to_pdf(brief)
    raise BriefError(f"Định dạng '{file_format}' không hỗ trợ; hãy chọn docx hoặc pdf.")
