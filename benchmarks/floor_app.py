"""The floor: the smallest Streamlit page, served by its own server, that every page time is divided by."""

import streamlit as st

st.set_page_config(page_title="floor", layout="wide")
st.title("Floor")
st.write("A minimal Streamlit page: the time the framework itself needs.")
