"""The benchmarks run end to end at small sizes (no timing asserted: shared machines are noisy)."""

from bench import backup, browser, datasets, handover, ingest, pages


def test_ingest_benchmark_runs_end_to_end(capsys):
    assert ingest.main(["--repeat", "1", "--units", "40", "--rows", "400"]) == 0
    table = capsys.readouterr().out
    assert "| long, 400 rows |" in table and "| wide, 40 units |" in table


def test_the_province_dataset_is_built_through_the_import_path():
    summary = datasets.describe(datasets.store_path("province"))
    assert summary.startswith("100 units, 40 quarters, 28,000 current values, 40 uploads")


def test_page_benchmark_measures_every_page(capsys):
    assert pages.main(["--scale", "province", "--repeat", "1"]) == 0
    table = capsys.readouterr().out
    for page in pages.PAGES:
        assert f"| {page} |" in table


def test_browser_benchmark_runs_in_chromium(capsys):
    assert browser.main(["--scale", "province", "--repeat", "1", "--sessions", "2", "--settle", "1"]) == 0
    out = capsys.readouterr().out
    assert "first visit" in out and "returning browser, signing in" in out and "status grid" in out and "| 2 |" in out
    assert "still signed in" in out and "no form" in out  # the kept sign-in skipped the form
    assert "trivial Streamlit page" in out


def test_handover_benchmark_lands_an_import_while_sessions_click(capsys):
    assert handover.main(["--sessions", "3", "--imports", "1", "--gap", "0"]) == 0
    out = capsys.readouterr().out
    assert "| 1 of 1 |" in out and "3 sessions, app hands over when asked" in out


def test_backup_benchmark_backs_up_and_restores_the_province(capsys):
    assert backup.main(["--repeat", "1", "--scales", "province"]) == 0
    assert "| province: 100 units" in capsys.readouterr().out


def test_hostile_benchmark_measures_each_file_in_a_child_process(capsys):
    from bench import hostile

    assert hostile.main(["--repeat", "1", "--no-page", "--only", "csv_unterminated_quote"]) == 0
    table = capsys.readouterr().out
    assert "| valid one-row file (baseline) |" in table and "| committed |" in table
    assert "| csv_unterminated_quote | 0.00 MB |" in table and "| rejected |" in table


def test_task_register_and_brief_benchmark_runs_end_to_end(capsys):
    from bench import tasks

    assert tasks.main(["--repeat", "1", "--tasks", "300"]) == 0
    table = capsys.readouterr().out
    assert "| import a register of 300 tasks |" in table and "| brief: write PDF |" in table


def test_soak_walk_opens_every_page_of_each_quarter_and_reads_the_servers_memory(capsys):
    from bench import soak

    assert soak.main(["--walk", "--scale", "province", "--quarters", "2"]) == 0  # 0: under the limit
    out = capsys.readouterr().out
    assert "| 0 | signed in |" in out and "| 1 | 2025-Q4 |" in out and "| 2 | 2025-Q3 |" in out
    assert f"(limit {soak.LIMIT_MB} MB)" in out


def test_engines_benchmark_measures_every_page_on_both_engines(capsys, postgres):
    """`postgres` only for its rule: skipped without PostgreSQL, except in CI (the benchmark starts its own)."""
    from bench import engines

    assert engines.main(["--repeat", "1"]) == 0
    table = capsys.readouterr().out
    for page in pages.PAGES:
        assert f"| {page} |" in table


def test_load_benchmark_clicks_at_once_on_one_server_and_on_two_behind_the_proxy(capsys, postgres):
    from bench import load

    assert load.main(["--scale", "province", "--users", "1,3", "--layouts", "duckdb,pg2"]) == 0
    out = capsys.readouterr().out
    assert "| duckdb | 3 |" in out and "| pg2 | 3 |" in out
    rows = [line.split("|") for line in out.splitlines() if line.startswith(("| duckdb |", "| pg2 |"))]
    assert [int(r[-2]) for r in rows] == [0, 0, 0, 0]  # no run raised or showed another view than the one picked
