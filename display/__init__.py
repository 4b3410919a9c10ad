"""Streamlit-free building blocks shared by components/ and reports/: formats, KPI registry, charts, maps."""
