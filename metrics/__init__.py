"""Core of the provincial leadership dashboard.

Everything here is plain Python over DuckDB and polars, with no Streamlit
import, so that it can be tested, benchmarked and driven from the command line.
"""
