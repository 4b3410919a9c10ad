"""The floor: the smallest Streamlit page, served by its own server, that every page time is divided by.

``?chart=1`` adds one small plotly chart: the cost of loading plotly.js in the browser, which every
dashboard page with a chart pays and the bare floor does not (reported beside the floor).
"""

import streamlit as st

st.set_page_config(page_title="floor", layout="wide")
st.title("Floor")
st.write("A minimal Streamlit page: the time the framework itself needs.")
if st.query_params.get("chart") == "1":
    import plotly.graph_objects as go

    st.plotly_chart(go.Figure(go.Scatter(x=[1, 2, 3], y=[3, 1, 2])))
