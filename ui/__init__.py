"""Streamlit helpers shared by the pages: the store resource, cached reads, widgets."""
