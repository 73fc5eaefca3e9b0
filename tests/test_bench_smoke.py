"""The benchmarks run (tiny sizes, no timing asserted: shared machines are noisy)."""

from bench import ingest


def test_ingest_benchmark_runs_end_to_end(capsys):
    assert ingest.main(["--repeat", "1", "--units", "40", "--rows", "400"]) == 0
    table = capsys.readouterr().out
    assert "| long, 400 rows |" in table and "| wide, 40 units |" in table
