"""Property-based: whatever arrives, the import ends in a clean rejection or a correct commit."""

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metrics.ingest import import_file, parse_number
from metrics.quarters import Quarter
from tests.conftest import TESTER

TODAY = date(2026, 1, 15)
HEADER = ["unit_code", "quarter", "online_dossiers", "total_dossiers", "complaints"]
ROWS = [
    ["SNV", "2025-Q3", "120", "200", "5"],
    ["STP", "2025-Q3", "6.824", "7.000", "12"],
    ["10041", "2025-Q4", "50", "50", "0"],
]
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
cell_text = st.one_of(
    st.text(alphabet="0123456789.,-+ aZđ", max_size=8),
    st.integers(-5, 10_000).map(str),
    st.sampled_from(["", "Quý IV/2025", "2031-Q1", "XYZ", "TINH", "10004", "=1+1", "1.234.567", "93,5"]),
)


def csv(rows: list[list[str]]) -> bytes:
    return ("\n".join(",".join(f'"{c}"' if ("," in c or '"' in c) else c for c in row) for row in rows) + "\n").encode()


def snapshot(store):
    return store.data_version(), store.values().sort("unit_code", "quarter", "indicator")


@SETTINGS
@given(data=st.binary(max_size=2_000))
def test_arbitrary_bytes_end_in_a_clean_rejection_or_a_commit(store, data):
    version, values = snapshot(store)
    result = import_file(store, data, "random.bin", TESTER, today=TODAY)
    assert result.status in ("rejected", "committed")
    if result.status == "rejected":
        assert result.errors and all(p.message for p in result.errors)
        assert snapshot(store)[0] == version and snapshot(store)[1].equals(values)


@SETTINGS
@given(damage=st.lists(st.tuples(st.integers(0, 2), st.integers(0, 4), cell_text), max_size=4))
def test_a_valid_file_with_damaged_cells_is_rejected_whole_or_committed_correctly(store, damage):
    rows = [list(r) for r in ROWS]
    for row, column, text in damage:
        rows[row][column] = text
    version, values = snapshot(store)
    result = import_file(store, csv([HEADER, *rows]), "damaged.csv", TESTER, today=TODAY)
    if result.status == "rejected":
        assert result.errors
        assert all(p.row is None or 2 <= p.row <= 4 for p in result.errors)
        assert snapshot(store)[0] == version and snapshot(store)[1].equals(values)
        return
    assert result.status == "committed"

    def current(frame, unit, code, indicator):
        hit = frame.filter(
            (frame["unit_code"] == unit) & (frame["quarter"] == code) & (frame["indicator"] == indicator)
        )
        return hit.row(0, named=True) if hit.height else None

    after = store.values()
    for unit, quarter, *cells in rows:
        code = Quarter.parse(quarter).code
        online, total, complaints = (c.strip() for c in cells)  # spaces around a cell are ignored
        for indicator, cell in (("complaints", complaints),):
            stored = current(after, unit, code, indicator)
            if cell:
                assert stored["value"] == parse_number(cell)
            else:  # a blank cell leaves the stored value alone
                assert stored == current(values, unit, code, indicator)
        stored = current(after, unit, code, "online_services_rate")
        if online and total:
            assert (stored["numerator"], stored["denominator"]) == (parse_number(online), parse_number(total))
        else:
            assert stored == current(values, unit, code, "online_services_rate")
