"""Hostile and damaged ODS and XLS files are refused before calamine reads them, with a sentence in both languages.

Each file is made from the committed LibreOffice saves in sample_data/office/
by changing one thing, so what is refused is exactly that thing.
"""

import io
import struct
import zipfile
from datetime import date

import pytest

from metrics import office
from metrics.ingest import import_file
from metrics.limits import MAX_CELLS, LimitExceeded, ReadError
from metrics.reading import read_table
from metrics.settings import SAMPLE_DIR
from tests.conftest import TESTER
from tests.hostile import office as hostile
from tests.hostile.office import content, ods_with, with_first_row, xls_cell_moved

XLS = hostile.xls()


def is_header(cells: list[str]) -> bool:
    return "Mã đơn vị" in cells


def refusal(data: bytes) -> ReadError:
    with pytest.raises(ReadError) as caught:
        read_table(data, is_header)
    return caught.value


def test_a_dtd_in_the_content_of_an_ods_is_refused_before_calamine_sees_it(monkeypatch):
    monkeypatch.setattr(office.python_calamine.CalamineWorkbook, "from_filelike", None)  # never reached
    error = refusal(hostile.ods_billion_laughs())
    assert str(error).startswith("Tệp ODS có khai báo DTD (<!DOCTYPE>) trong phần 'content.xml'.")
    assert error.text("en").startswith("The ODS file declares a DTD (<!DOCTYPE>) in its part 'content.xml'.")


def test_an_external_entity_in_any_xml_part_of_an_ods_is_refused():
    assert "phần 'meta.xml'" in str(refusal(hostile.ods_external_entity()))


def test_an_ods_part_that_inflates_like_a_bomb_is_refused_by_its_ratio():
    error = refusal(hostile.ods_compression_ratio())
    assert isinstance(error, LimitExceeded) and error.limit == "MAX_COMPRESSION_RATIO"
    assert "của tệp ODS nén" in str(error)


def test_an_ods_row_repeated_past_the_row_limit_is_refused_before_calamine_expands_it(monkeypatch):
    monkeypatch.setattr(office.python_calamine.CalamineWorkbook, "from_filelike", None)  # never reached
    error = refusal(hostile.ods_million_repeated_rows())
    assert (error.limit, str(error)[:60]) == (
        "MAX_ROWS",
        "Trang tính 'Số liệu 2025-Q4' trải trên 1.000.050 dòng × 12 c",
    )
    assert error.text("en").startswith("The sheet 'Số liệu 2025-Q4' spans 1,000,050 rows × 12 columns")


def test_repeated_ods_cells_count_as_the_block_calamine_would_allocate():
    # 950 repeated rows above the 50 of the template, 1,001 filled columns: 1,001,000 cells, past 1,000,000.
    cells = '<table:table-cell table:number-columns-repeated="1001" office:value-type="float" office:value="1"/>'
    error = refusal(with_first_row(f'<table:table-row table:number-rows-repeated="950">{cells}</table:table-row>'))
    assert error.limit == "MAX_CELLS" and MAX_CELLS == 1_000_000


def test_empty_repeated_ods_cells_cost_nothing():
    """LibreOffice writes a million empty repeated rows after the data; they are not cells."""
    empty = '<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>'
    text = content().replace("</table:table>", empty + "</table:table>", 1)
    table = read_table(ods_with("content.xml", text.encode()), is_header)
    assert (len(table.rows), table.rows[1][:4]) == (49, ["SNV", "Sở Nội vụ", "Quý IV/2025", "6824"])


def test_an_xls_cell_far_away_is_refused_for_the_block_it_would_make_calamine_allocate(monkeypatch):
    monkeypatch.setattr(office.python_calamine.CalamineWorkbook, "from_filelike", None)  # never reached
    error = refusal(hostile.xls_far_cell())
    assert error.limit == "MAX_CELLS"
    assert str(error).startswith(
        "Trang tính 'Số liệu 2025-Q4' trải trên 65.536 dòng × 256 cột, vượt giới hạn 1.000.000 ô"
    )


def test_an_xls_cell_moved_within_reason_still_reads_at_its_new_place():
    last = read_table(XLS, is_header).rows[-1][0]
    table = read_table(xls_cell_moved(49, 0, (99, 0)), is_header)
    assert (table.row_numbers[-1], table.rows[-1]) == (100, [last])


def test_an_xls_over_its_size_cap_is_refused():
    error = refusal(XLS + b"\x00" * (16 * 2**20))
    assert str(error).startswith("Tệp Excel 97-2003 (.xls) lớn hơn 16 MB")
    assert error.text("en").startswith("The Excel 97-2003 (.xls) file is larger than 16 MB")


def test_a_damaged_xls_is_a_sentence_in_both_languages(store):
    broken = (SAMPLE_DIR / "awkward" / "broken.xls").read_bytes()
    result = import_file(store, broken, "broken.xls", TESTER, today=date(2026, 1, 15))
    (problem,) = result.errors
    assert problem.text("vi").startswith("Tệp Excel 97-2003 (.xls) bị hỏng hoặc không đọc được")
    assert problem.text("en").startswith("The Excel 97-2003 (.xls) file is damaged or unreadable")


def test_calamine_failing_on_a_well_formed_compound_file_is_a_sentence():
    data = bytearray(XLS)
    at = data.index(b"\xfc\x00" + struct.pack("<H", 3492))  # the shared strings (SST), 3,492 bytes
    data[at + 12 : at + 40] = b"\xff" * 28  # its first strings garbled, every record length kept
    error = refusal(bytes(data))
    assert str(error).startswith("Tệp Excel 97-2003 (.xls) bị hỏng hoặc không đọc được (")
    assert "Traceback" not in str(error)


def test_an_ods_that_is_not_xml_is_damaged_not_a_crash():
    error = refusal(ods_with("content.xml", b"<office:document-content"))
    assert error.text("en").startswith("The ODS file is damaged or unreadable (zip/XML).")


def test_an_encrypted_ods_asks_for_the_password_to_be_removed():
    manifest = zipfile.ZipFile(io.BytesIO(hostile.ods())).read("META-INF/manifest.xml").decode()
    entry = '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"'
    sealed = manifest.replace(
        entry + "/>", entry + '><manifest:encryption-data manifest:checksum="x"/></manifest:file-entry>'
    )
    assert sealed != manifest
    error = refusal(ods_with("META-INF/manifest.xml", sealed.encode()))
    assert str(error).startswith("Tệp ODS được đặt mật khẩu nên không đọc được.")
    assert error.text("en").startswith("The ODS file is protected by a password")
