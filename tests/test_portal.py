"""The Decision 766 portal export: matched by portal_code, national comparison kept,
inconsistent scores refused with their Excel row, committed and rolled back as any upload;
and the score kind, which never sums."""

import io
import json

import openpyxl
import polars as pl
import pytest

from metrics import index766
from metrics.__main__ import main
from metrics.catalogue import Indicator
from metrics.ingest import DataChanged, check_upload, commit_checked, import_file, rollback
from metrics.portal import check_export, recognises
from metrics.rollup import over_quarters, over_units
from metrics.settings import SAMPLE_DIR
from tests.conftest import TESTER

HEADER = "ID,TEN,TEN_COQUAN,MA_COQUAN,LOAI_COQUAN,CAPDONVIID,ID_COQUAN,TDGQ,MDHL,MDSH,TTTT,CLGQ,CKMB,TONG_SCORE,ROW_STT"


def export(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode("utf-8")


# TDGQ, MDHL, MDSH, TTTT, CLGQ, CKMB sum to TONG_SCORE on each line.
PROVINCE = '1,Tỉnh An Sơn,Tỉnh An Sơn,H40,"Tỉnh, thành phố",1,1040,19.50,17.00,20.00,9.00,11.00,17.00,93.50,1'
OTHER = '2,Tỉnh Bắc Lâm,Tỉnh Bắc Lâm,H01,"Tỉnh, thành phố",1,1001,18.00,16.00,19.00,8.00,10.00,16.00,87.00,2'
SNV = '3,Sở Nội vụ,Sở Nội vụ,H40.02,"Sở, ban, ngành",2,20001,18.25,15.50,12.75,7.00,9.50,15.00,78.00,4'
STRANGER = '4,Sở Lạ,Sở Lạ,H40.99,"Sở, ban, ngành",2,20099,10.00,10.00,10.00,5.00,5.00,10.00,50.00,9'


def stored(store, unit: str, quarter: str, indicator: str) -> float | None:
    frame = store.values(quarter, quarter, [indicator], [unit])
    return frame["value"][0] if frame.height else None


def test_rows_are_matched_by_portal_code_and_other_provinces_kept_as_comparison(empty_store):
    store = empty_store
    result = import_file(store, export(PROVINCE, OTHER, SNV), "766.csv", TESTER, quarter="2025-Q4")
    assert result.status == "committed" and result.errors == []
    assert stored(store, "TINH", "2025-Q4", "idx766_total") == 93.5
    assert stored(store, "SNV", "2025-Q4", "idx766_mdsh") == 12.75
    assert stored(store, "SNV", "2025-Q4", "idx766_ckmb") == 15.0
    published = store.portal_rows("2025-Q4", "2025-Q4").filter(pl.col("upload_id") == result.upload_id)
    assert published.filter(pl.col("portal_code") == "H01").select("unit_code", "level", "total").row(0) == (
        None,
        "province",
        87.0,
    )
    ranks = store.published_ranks().filter(pl.col("quarter") == "2025-Q4")
    assert dict(zip(ranks["unit_code"], ranks["rank"], strict=True)) == {"TINH": 1, "SNV": 4}
    assert store.uploads(limit=1)["period"][0] == "2025-Q4"


def test_an_export_checked_before_another_commit_is_refused_then_lands_when_checked_again(empty_store):
    store = empty_store
    checked = check_upload(store, export(PROVINCE, SNV), "766.csv", TESTER, quarter="2025-Q4")
    assert (checked.result.status, checked.result.changed) == ("valid", 16)
    assert import_file(store, export(OTHER), "khac.csv", TESTER, quarter="2025-Q3").status == "committed"
    audited = store.audit_log(100).height
    with pytest.raises(DataChanged):
        commit_checked(store, checked)
    assert stored(store, "TINH", "2025-Q4", "idx766_total") is None
    assert store.audit_log(100).height == audited
    written = commit_checked(store, check_upload(store, export(PROVINCE, SNV), "766.csv", TESTER, quarter="2025-Q4"))
    assert (written.status, written.changed) == ("committed", 16)
    assert stored(store, "TINH", "2025-Q4", "idx766_total") == 93.5
    assert store.audit_log(1)["detail"][0] == f"lần tải lên {written.upload_id} (Chỉ số 766, 2025-Q4): 16 giá trị"


def test_a_code_no_unit_carries_is_reported_and_kept_not_dropped(empty_store):
    store = empty_store
    result = import_file(store, export(SNV, STRANGER), "766.csv", TESTER, quarter="2025-Q4")
    assert result.status == "committed"
    assert [(w.row, w.column) for w in result.warnings] == [(3, "MA_COQUAN")]
    assert "H40.99" in result.warnings[0].message and "không khớp đơn vị nào" in result.warnings[0].message
    kept = store.portal_rows("2025-Q4", "2025-Q4").filter(pl.col("portal_code") == "H40.99")
    assert kept.select("unit_code", "total").row(0) == (None, 50.0)


def test_a_group_above_its_maximum_and_a_total_off_its_groups_are_refused_with_their_rows(empty_store):
    store = empty_store
    above = '5,Sở Tư pháp,Sở Tư pháp,H40.04,"Sở, ban, ngành",2,20004,18.00,15.00,12.00,7.00,9.00,18.50,79.50,5'
    off = '6,Sở Xây dựng,Sở Xây dựng,H40.05,"Sở, ban, ngành",2,20005,18.00,15.00,12.00,7.00,9.00,15.00,77.00,6'
    rounding = '7,Sở Y tế,Sở Y tế,H40.10,"Sở, ban, ngành",2,20010,18.01,15.01,12.01,7.01,9.01,15.01,76.02,7'
    before = store.data_version()
    result = import_file(store, export(SNV, above, off, rounding), "766.csv", TESTER, quarter="2025-Q4")
    assert result.status == "rejected"
    assert [(p.row, p.column) for p in result.errors] == [(3, "CKMB"), (4, "TONG_SCORE")]
    assert "vượt điểm tối đa 18" in result.errors[0].message
    assert "77 không bằng tổng sáu nhóm (76.00)" in result.errors[1].message
    assert stored(store, "SNV", "2025-Q4", "idx766_total") is None  # all or nothing
    assert store.uploads(limit=1)["status"][0] == "rejected" and store.data_version() == before


def test_a_portal_export_needs_a_quarter_and_a_template_file_refuses_one(store):
    without = import_file(store, export(SNV), "766.csv", TESTER, dry_run=True)
    assert without.status == "rejected" and "hãy chọn quý" in without.errors[0].message
    template = (SAMPLE_DIR / "uploads" / "2025-Q3.csv").read_bytes()
    assert not recognises(template)
    refused = import_file(store, template, "q3.csv", TESTER, dry_run=True, quarter="2025-Q3")
    assert refused.status == "rejected" and "mới cần chọn quý" in refused.errors[0].message


def test_an_xlsx_export_with_title_rows_is_read_with_dot_or_float_scores(store):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Bảng xếp hạng Chỉ số phục vụ người dân, doanh nghiệp"])
    sheet.append(HEADER.split(","))
    sheet.append([1, "Sở Nội vụ", "Sở Nội vụ", "H40.02", "Sở, ban, ngành", 2, 20001,
                  18.25, 15.5, 12.75, 7, 9.5, 15, 78, 4])  # fmt: skip
    buffer = io.BytesIO()
    book.save(buffer)
    result = check_export(store, buffer.getvalue(), "2025-Q4")
    assert result.status == "valid", result.errors
    assert result.records.filter(pl.col("indicator") == "idx766_mdhl")["value"].to_list() == [15.5]


def test_rollback_restores_the_previous_scores_ranks_and_comparison(empty_store):
    store = empty_store
    first = import_file(store, export(PROVINCE, OTHER), "a.csv", TESTER, quarter="2025-Q4")
    lower = PROVINCE.replace("19.50,17.00", "18.50,17.00").replace("93.50,1", "92.50,1")
    other_up = OTHER.replace("87.00,2", "87.00,3")
    second = import_file(store, export(lower, other_up), "b.csv", TESTER, quarter="2025-Q4")
    assert second.upload_id != first.upload_id and stored(store, "TINH", "2025-Q4", "idx766_total") == 92.5
    rollback(store, TESTER, second.upload_id)
    assert stored(store, "TINH", "2025-Q4", "idx766_tdgq") == 19.5
    table = index766.national(store.portal_rows("2025-Q4", "2025-Q4"), "2025-Q4")
    assert dict(zip(table["portal_code"], table["rank"], strict=True)) == {"H40": 1, "H01": 2}


def test_the_same_export_twice_changes_nothing(empty_store):
    store = empty_store
    import_file(store, export(PROVINCE, OTHER), "a.csv", TESTER, quarter="2025-Q4")
    again = import_file(store, export(PROVINCE, OTHER), "a.csv", TESTER, quarter="2025-Q4")
    assert again.status == "committed" and again.changed == 0 and again.upload_id is None


def test_unit_staff_cannot_load_a_whole_portal_export(empty_store):
    store = empty_store
    from metrics.auth import CONSOLE, add_user, load_user

    add_user(store, CONSOLE, "snv.staff", "Cán bộ", "unit_staff", "mat-khau-kiem-thu", ["SNV"])
    staff = load_user(store, "snv.staff")
    result = import_file(store, export(SNV), "766.csv", staff, quarter="2025-Q4")
    assert result.status == "rejected" and "chỉ quản trị viên" in result.errors[0].message
    assert stored(store, "SNV", "2025-Q4", "idx766_total") is None


def test_command_line_imports_a_portal_export_for_a_quarter(sample_db, tmp_path, capsys):
    path = tmp_path / "766.csv"
    path.write_bytes(export(SNV, STRANGER))
    assert main(["import", str(path), "--quarter", "2025-Q4", "--db", str(sample_db), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["status"] == "committed" and out["rows"] == 2 and out["warnings"][0]["row"] == 3
    path.write_bytes(export(SNV.replace("78.00,4", "80.00,4")))
    assert main(["import", str(path), "--quarter", "2025-Q4", "--db", str(sample_db), "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["status"] == "rejected" and out["errors"][0]["row"] == 2 and out["errors"][0]["column"] == "TONG_SCORE"


def test_units_export_and_import_round_trip_the_portal_code(sample_db, tmp_path, capsys):
    path = tmp_path / "units.csv"
    assert main(["units", "export", "--output", str(path), "--db", str(sample_db)]) == 0
    text = path.read_bytes().decode("utf-8-sig")
    assert text.splitlines()[0].endswith(",portal_code") and "SNV,Sở Nội vụ" in text and ",H40.02" in text
    assert main(["units", "import", str(path), "--db", str(sample_db), "--json"]) == 0
    assert json.loads(capsys.readouterr().out.splitlines()[-1]) == {"status": "committed", "rows": 59, "errors": []}
    path.write_text(text.replace(",H40.03", ",H40.02"), encoding="utf-8")
    assert main(["units", "import", str(path), "--db", str(sample_db)]) == 1
    assert "H40.02 bị lặp" in capsys.readouterr().err


SCORE = Indicator("idx766_total", "Điểm", "Score", "điểm", "points", "score", "higher",
                  "TONG_SCORE", None, 85.0, None, 2, maximum=100.0, source="portal")  # fmt: skip


def scores(rows: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame(
        [(u, q, "idx766_total", v, None, None) for u, q, v in rows],
        schema={"unit_code": pl.String, "quarter": pl.String, "indicator": pl.String,
                "value": pl.Float64, "numerator": pl.Float64, "denominator": pl.Float64},
        orient="row",
    )  # fmt: skip


def test_a_score_is_never_summed_across_units_the_province_has_its_own():
    values = scores([("TINH", "2025-Q4", 89.89), ("SNV", "2025-Q4", 78.0), ("STP", "2025-Q4", 91.0)])
    assert over_units(values, [SCORE], ["quarter", "indicator"], own="TINH")["value"].to_list() == [89.89]
    assert over_units(values, [SCORE], ["quarter", "indicator"])["value"].to_list() == [None]
    units_only = values.filter(pl.col("unit_code") != "TINH")
    assert over_units(units_only, [SCORE], ["quarter", "indicator"], own="TINH")["value"].to_list() == [None]


def test_a_year_of_a_score_is_its_latest_quarter_not_the_sum():
    values = scores([("TINH", "2025-Q1", 82.46), ("TINH", "2025-Q2", 83.19), ("TINH", "2025-Q3", 87.69)])
    year = over_quarters(values, [SCORE], pl.col("quarter").str.slice(0, 4), ["unit_code"])
    assert year.select("period", "value", "last_quarter").row(0) == ("2025", 87.69, "2025-Q3")


def test_migration_0011_keeps_an_existing_catalogue_and_lets_scores_in(tmp_path):
    import duckdb

    from metrics.store import Store, migrations

    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
                " applied_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)")  # fmt: skip
    for migration in (m for m in migrations() if m.version < 11):
        con.execute(migration.sql)
        con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [migration.version, migration.name])
    con.execute("INSERT INTO indicators VALUES ('complaints', 'Đơn thư', 'Complaints', 'đơn', 'letters', 'flow',"
                " 'lower', 'complaints', NULL, NULL, NULL, 0, 0, 'upload')")  # fmt: skip
    con.close()
    store = Store(path)
    assert "0011 national service index (Decision 766)" in store.migrate()
    assert [(i.code, i.kind, i.maximum) for i in store.indicators()] == [("complaints", "flow", None)]
    from metrics.catalogue import load_fields, load_units

    fields, units = load_fields(SAMPLE_DIR / "fields.csv"), load_units(SAMPLE_DIR / "units.csv")
    store.replace_catalogue(fields, [*store.indicators(), SCORE], units)
    assert next(u for u in store.units() if u.code == "STC").portal_code == "H40.03"
    assert [(i.code, i.maximum) for i in store.indicators()] == [("complaints", None), ("idx766_total", 100.0)]
    assert [i.source for i in store.indicators()] == ["upload", "portal"]
    store.close()


def test_scores_stored_before_the_register_migration_are_the_portals_after_it(tmp_path):
    import duckdb

    from metrics.store import Store, migrations

    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
                " applied_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)")  # fmt: skip
    for migration in (m for m in migrations() if m.version not in (8, 12, 13)):  # a store of before the register
        con.execute(migration.sql)
        con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [migration.version, migration.name])
    con.execute("INSERT INTO indicators (code, name_vi, kind, direction, numerator, decimals, sort_order, maximum)"
                " VALUES ('idx766_total', 'Điểm', 'score', 'higher', 'TONG_SCORE', 2, 0, 100)")  # fmt: skip
    con.close()
    store = Store(path)
    assert [m.split(" ")[0] for m in store.migrate()] == ["0008", "0012", "0013"]
    assert [(i.code, i.source, i.reported_by_units) for i in store.indicators()] == [("idx766_total", "portal", False)]
    store.close()


def test_the_sample_xlsx_national_sheet_reads_as_its_csv(empty_store):
    folder = SAMPLE_DIR / "index766"
    from_csv = check_export(empty_store, (folder / "2025-Q4-toan-quoc.csv").read_bytes(), "2025-Q4")
    from_xlsx = check_export(empty_store, (folder / "2025-Q4-toan-quoc.xlsx").read_bytes(), "2025-Q4")
    assert from_csv.status == from_xlsx.status == "valid"
    assert from_xlsx.rows == 34 and from_xlsx.comparison == 33
    assert from_xlsx.published.equals(from_csv.published)


def test_the_command_line_prints_unmatched_codes_as_warnings(sample_db, tmp_path, capsys):
    path = tmp_path / "766.csv"
    path.write_bytes(export(SNV, STRANGER))
    assert main(["import", str(path), "--quarter", "2025-Q4", "--db", str(sample_db)]) == 0
    out = capsys.readouterr().out
    assert "Cảnh báo, dòng 3, cột MA_COQUAN: Mã H40.99 (Sở Lạ) không khớp đơn vị nào" in out


def test_a_portal_refusal_carries_its_english_text_with_scores_as_the_portal_writes_them(empty_store):
    above = '5,Sở Tư pháp,Sở Tư pháp,H40.04,"Sở, ban, ngành",2,20004,18.00,15.00,12.00,7.00,9.00,18.50,79.50,5'
    result = import_file(empty_store, export(SNV, above), "766.csv", TESTER, dry_run=True, quarter="2025-Q4")
    problem = result.errors[0]
    assert problem.text() == problem.message and "vượt điểm tối đa 18" in problem.message
    assert problem.text("en").startswith("The score CKMB 18.50 is above the maximum 18 of the group '")
    without = import_file(empty_store, export(SNV), "766.csv", TESTER, dry_run=True)
    assert without.errors[0].text("en") == (
        "A portal export does not name its quarter: choose one (for example --quarter 2025-Q4)."
    )
