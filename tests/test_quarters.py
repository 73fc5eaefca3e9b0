import pytest

from metrics.quarters import Quarter, quarter_label, quarter_range


@pytest.mark.parametrize(
    "text",
    ["2025-Q3", "2025Q3", "Q3/2025", "Quý III/2025", "III/2025", "quý iii/2025", " 2025 - q3 ", "Quý 3/2025"],
)
def test_every_documented_spelling_reads_as_the_same_quarter(text):
    assert Quarter.parse(text).code == "2025-Q3"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Quy I/2026", "2026-Q1"),
        ("QUÝ 1/2026", "2026-Q1"),
        ("quý 1 năm 2026", "2026-Q1"),
        ("Quý IV năm 2025", "2025-Q4"),
        ("Quỳ I/2026", "2026-Q1"),  # a Windows-1258 converter's tone slip
        ("Quỹ II/2026", "2026-Q2"),
        ("QUY  iii - 2025", "2025-Q3"),
        ("Q3 2025", "2025-Q3"),  # the English label
        ("quarter 2 2026", "2026-Q2"),
        ("2026 q4", "2026-Q4"),
        ("Quý\u00a0II/2026", "2026-Q2"),
        ("Quy\u0301 II/2026", "2026-Q2"),  # decomposed (NFD) diacritics
    ],
)
def test_quarters_typed_as_people_type_them(text, code):
    assert Quarter.parse(text).code == code


@pytest.mark.parametrize(
    "text",
    ["2025-Q5", "Q0/2025", "V/2025", "2025", "", "Quý/2025", "25-Q3", "3/2025", "1/2026", "Quý 5/2025", "Năm 2025"],
)
def test_unreadable_quarters_are_refused(text):
    with pytest.raises(ValueError):
        Quarter.parse(text)


def test_labels_are_vietnamese_roman_numerals_or_english():
    assert quarter_label("2025-Q3") == "Quý III/2025"
    assert quarter_label("2024-Q4", "en") == "Q4 2024"


def test_shift_crosses_year_boundaries():
    assert Quarter(2025, 1).shift(-1).code == "2024-Q4"
    assert Quarter(2024, 4).shift(5).code == "2026-Q1"
    assert quarter_range("2024-Q3", "2025-Q2") == ["2024-Q3", "2024-Q4", "2025-Q1", "2025-Q2"]
