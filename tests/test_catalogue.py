"""The catalogue is data: complete, consistent with the template and the sample."""

import csv

import pytest

from metrics.catalogue import CatalogueError, load_fields, load_indicators, load_units
from metrics.settings import SAMPLE_DIR

DESIGN_INDICATORS = {
    "online_services_rate": ("ratio", "higher", "online_dossiers", "total_dossiers"),
    "on_time_rate": ("ratio", "higher", "on_time_dossiers", "resolved_dossiers"),
    "esigned_share": ("ratio", "higher", "esigned_docs", "electronic_docs"),
    "overdue_tasks": ("stock", "lower", "overdue_tasks", None),
    "task_on_time_rate": ("ratio", "higher", "tasks_done_on_time", "tasks_due"),
    "complaints": ("flow", "lower", "complaints", None),
    "complaint_resolution_rate": ("ratio", "higher", "complaints_resolved", "complaints"),
}


def catalogue():
    fields = load_fields(SAMPLE_DIR / "fields.csv")
    return fields, load_indicators(SAMPLE_DIR / "indicators.csv", fields)


def test_the_seven_design_indicators_have_their_kinds_directions_and_columns():
    _, indicators = catalogue()
    found = {i.code: (i.kind, i.direction, i.numerator, i.denominator) for i in indicators if not i.is_score}
    assert found == DESIGN_INDICATORS


def test_the_766_scores_have_their_portal_columns_and_maxima():
    expected = {
        "idx766_total": ("TONG_SCORE", 100.0),
        "idx766_ckmb": ("CKMB", 18.0),
        "idx766_tdgq": ("TDGQ", 20.0),
        "idx766_clgq": ("CLGQ", 12.0),
        "idx766_tttt": ("TTTT", 10.0),
        "idx766_mdhl": ("MDHL", 18.0),
        "idx766_mdsh": ("MDSH", 22.0),
    }
    _, indicators = catalogue()
    found = {i.code: (i.numerator, i.maximum) for i in indicators if i.is_score}
    assert found == expected
    assert all(i.maximum is None for i in indicators if not i.is_score)


def test_a_score_without_a_maximum_or_with_a_target_above_it_is_refused():
    fields, _ = catalogue()
    header = "code,name_vi,name_en,unit_vi,unit_en,kind,direction,numerator,denominator,target,target_source,maximum\n"
    no_max = header + "s,Điểm,Score,điểm,points,score,higher,CKMB,,,,\n"
    too_high = header + "s,Điểm,Score,điểm,points,score,higher,CKMB,,19,QĐ,18\n"
    with pytest.raises(CatalogueError, match="điểm tối đa"):
        load_indicators(no_max.encode(), fields)
    with pytest.raises(CatalogueError, match="từ 0 đến điểm tối đa 18"):
        load_indicators(too_high.encode(), fields)


def test_units_carry_unique_portal_codes():
    units = load_units(SAMPLE_DIR / "units.csv")
    assert next(u for u in units if u.code == "TINH").portal_code == "H40"
    assert next(u for u in units if u.code == "SNV").portal_code == "H40.02"
    twice = "code,name_vi,kind,parent_code,valid_from,valid_to,portal_code\nA,A,province,,,,H1\nB,B,department,A,,,H1\n"
    with pytest.raises(CatalogueError, match="H1 bị lặp"):
        load_units(twice.encode())


def test_every_indicator_has_names_units_and_a_sourced_target_when_it_has_a_target():
    _, indicators = catalogue()
    for indicator in indicators:
        assert indicator.name_vi and indicator.name_en and indicator.unit_vi and indicator.unit_en
        assert (indicator.target is None) == (indicator.target_source is None), indicator.code


def test_sample_uploads_use_only_known_units_and_template_columns():
    fields, _ = catalogue()
    labels = {f.label_vi for f in fields}
    units = {u.code for u in load_units(SAMPLE_DIR / "units.csv")}
    for path in sorted((SAMPLE_DIR / "uploads").glob("*.csv")):
        with open(path, encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            assert set(reader.fieldnames or []) <= labels, path.name
            assert {row["Mã đơn vị"] for row in reader} <= units, path.name


def test_sample_province_has_the_size_and_the_2025_reorganisation_the_issue_asks_for():
    units = load_units(SAMPLE_DIR / "units.csv")
    departments = [u for u in units if u.kind == "department"]
    local = [u for u in units if u.kind in ("commune", "ward")]
    assert len(departments) >= 15
    assert len([u for u in local if u.valid_in("2025-Q4")]) >= 30
    merged = [u for u in local if u.valid_to == "2025-Q2" and u.successor_code]
    successors = {u.successor_code for u in merged}
    assert len(merged) >= 3 and all(next(x for x in units if x.code == s).valid_from == "2025-Q3" for s in successors)


def test_a_broken_catalogue_names_every_problem():
    fields, _ = catalogue()
    bad = (
        "code,name_vi,name_en,unit_vi,unit_en,kind,direction,numerator,denominator,target,target_source\n"
        "x,Tên,Name,%,%,average,up,online_dossiers,,abc,\n"
    ).encode()
    with pytest.raises(CatalogueError) as raised:
        load_indicators(bad, fields)
    text = " ".join(raised.value.problems)
    assert "average" in text and "up" in text and "mục tiêu" in text


def test_a_unit_list_with_a_dangling_successor_is_refused():
    bad = "code,name_vi,kind,parent_code,valid_from,valid_to,successor_code\nA,Xã A,commune,,,2025-Q2,ZZZ\n"
    with pytest.raises(CatalogueError, match="ZZZ"):
        load_units(bad.encode())


def test_each_indicator_states_its_source_and_the_task_figures_come_from_the_register():
    _, indicators = catalogue()
    sources = {i.code: i.source for i in indicators}
    assert sources == {
        "online_services_rate": "upload", "on_time_rate": "upload", "esigned_share": "upload",
        "overdue_tasks": "register", "task_on_time_rate": "register",
        "complaints": "upload", "complaint_resolution_rate": "upload",
        **{code: "portal" for code in ("idx766_total", "idx766_ckmb", "idx766_tdgq", "idx766_clgq", "idx766_tttt",
                                      "idx766_mdhl", "idx766_mdsh")},
    }  # fmt: skip
    assert [i.code for i in indicators if i.reported_by_units] == [
        "online_services_rate", "on_time_rate", "esigned_share", "complaints", "complaint_resolution_rate",
    ]  # fmt: skip


def test_a_catalogue_without_a_source_column_reads_as_uploads_and_a_bad_source_is_named():
    fields, _ = catalogue()
    head = "code,name_vi,name_en,unit_vi,unit_en,kind,direction,numerator,denominator,target,target_source"
    plain = load_indicators(f"{head}\nc,Đơn thư,Letters,đơn,letters,flow,lower,complaints,,,\n".encode(), fields)
    assert plain[0].source == "upload"
    with pytest.raises(CatalogueError) as raised:
        load_indicators(
            (
                f"{head},source\n"
                "a,Đơn thư,Letters,đơn,letters,flow,lower,complaints,,,,mail\n"
                "b,Đơn thư,Letters,đơn,letters,flow,lower,complaints,,,,register\n"
                "c,Đơn thư,Letters,đơn,letters,flow,lower,complaints,,,,portal\n"
            ).encode(),
            fields,
        )
    assert raised.value.problems == [
        "dòng 2: nguồn 'mail' phải là upload, register hoặc portal",
        "dòng 3: chỉ số lấy từ sổ nhiệm vụ (register) chỉ được dựng từ các cột overdue_tasks, tasks_due, tasks_done_on_time",
        "dòng 4: chỉ số điểm (score) lấy từ Cổng (portal), và chỉ chỉ số điểm mới lấy từ Cổng",
    ]
