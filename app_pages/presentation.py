"""Trình chiếu: full-screen slides for a projector (also opened by a display link)."""

import streamlit as st

from ui import presentation, state

lang = state.page_setup()
presentation.show(lang)
# The slide covers the window; the controls float above it, small, in a corner.
st.html(
    """<style>
    .st-key-slide_controls { position: fixed; left: auto; right: 10vw; bottom: 0.4vh; width: auto !important; z-index: 999999; }
    .st-key-slide_page_up, .st-key-slide_page_down { display: none; }
    </style>"""
)
