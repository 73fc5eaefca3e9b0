"""The reference page for cold starts: one metric with a sparkline and one plotly chart, no sign-in.

`bench/browser.py` starts it the same way as the dashboard and times it to
its chart, so that each cold start figure comes with the speed of Streamlit
itself on the same machine at the same hour.
"""

import plotly.graph_objects as go
import streamlit as st

st.metric("Chỉ số", 1, chart_data=[1, 3, 2, 4])
st.plotly_chart(go.Figure(go.Bar(x=["a", "b"], y=[3, 4])))
