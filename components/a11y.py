"""What every page needs to be read by everyone (issue 21): the document's language (``<html lang>``)
and the contrast fixes of Streamlit's own grey text, drawn once by the frame (app.py)."""

from __future__ import annotations

import hashlib
import json

import streamlit as st

from display.palette import CAPTION_TEXT

# Streamlit draws a caption in its text colour at 60 % opacity: #707172 on the sidebar's #f0f3f7 is
# 4.39:1, under WCAG 2.1 AA's 4.5:1 (SC 1.4.3). A full, darker grey instead (display.palette).
# KPI tiles: st.metric cuts its label, value and delta with an ellipsis («Прострочені звернення…»); they
# wrap at spaces instead (never inside a word). The frame's own element takes no room.
FRAME_CSS = f"""
<style>
[data-testid="stCaptionContainer"] {{ opacity: 1; color: {CAPTION_TEXT}; }}
.stElementContainer:has(> .stHtml > .a11y-frame) {{ display: none; }}
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] *, [data-testid="stMetricDelta"],
[data-testid="stMetricDelta"] *, [data-testid="stMetricValue"], [data-testid="stMetricValue"] * {{ white-space: normal !important; overflow: visible !important;
  text-overflow: clip !important; height: auto !important; overflow-wrap: normal; word-break: normal; }}
</style>
"""


def document_language(lang: str) -> None:
    """Set ``<html lang>`` to the chosen language (Streamlit's index.html says "en" whatever the app
    speaks, and has no option for it: streamlit/streamlit#15726), plus the frame's CSS. A script in
    st.html runs in the page itself (not in an iframe); it runs again when the language changes."""
    script = f"<script>document.documentElement.lang = {json.dumps(lang)};</script>"
    st.html(f'{FRAME_CSS}<span class="a11y-frame" data-lang="{lang}"></span>{script}', unsafe_allow_javascript=True)


def describe(text: str) -> None:
    """``text`` as a caption right under the element just drawn (a chart, a map) and as that element's
    accessible name: st.plotly_chart and st_folium take no aria-label, so a script gives the element's
    container ``role="figure"`` and ``aria-label`` (the browser tests check it). Two elements with the
    same text get the same marker: the script names the element before each of them."""
    st.caption(text)
    marker = hashlib.sha1(text.encode()).hexdigest()[:16]
    script = ("<script>(function () { let tries = 0; const timer = setInterval(function () { tries += 1;"
              f" const marks = document.querySelectorAll('[data-names=\"{marker}\"]'); let named = 0;"
              " marks.forEach(function (mark) { const own = mark.closest('.stElementContainer');"
              " const chart = own && own.previousElementSibling && own.previousElementSibling.previousElementSibling;"
              f" if (chart) {{ chart.setAttribute('role', 'figure'); chart.setAttribute('aria-label', {json.dumps(text)});"
              " named += 1; } });"
              " if ((marks.length && named === marks.length) || tries > 100) clearInterval(timer); }, 100); })();</script>")
    st.html(f'<span class="a11y-frame" data-names="{marker}"></span>{script}', unsafe_allow_javascript=True)
