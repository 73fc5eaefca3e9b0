"""Benchmarks: run with `./dashboard bench` (see BENCHMARKS.md)."""
