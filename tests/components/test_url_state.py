"""Widget values in the URL (components.url_state): a link opens the view it names, an unknown
code falls back to the default, the URL follows the widget and drops a default value."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _app():
    import streamlit as st

    from components.url_state import keep_in_url, seed_from_url

    options = ["theft", "fraud", "noise"]
    state_key = f"pick_{st.session_state.get('suffix', 'uk')}"  # a per-language widget key
    seed_from_url("pick", valid=options.__contains__, default="theft", state_key=state_key)
    value = st.selectbox("Pick", options=options, key=state_key)
    keep_in_url("pick", value, "theft")
    seed_from_url("many", valid=options.__contains__, default=[], many=True)
    chosen = st.multiselect("Many", options=options, key="many")
    keep_in_url("many", chosen, [])


def _open(**params) -> AppTest:
    at = AppTest.from_function(_app, default_timeout=30)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def _url(at: AppTest, key: str) -> list[str]:
    value = at.query_params[key]
    return value if isinstance(value, list) else [value]


def test_a_link_opens_the_view_it_names():
    at = _open(pick="fraud", many=["noise,theft"])
    assert not at.exception
    assert at.selectbox(key="pick_uk").value == "fraud"
    assert at.multiselect(key="many").value == ["noise", "theft"]
    assert _url(at, "pick") == ["fraud"] and _url(at, "many") == ["noise", "theft"]


def test_unknown_codes_fall_back_and_leave_the_url():
    at = _open(pick="arson", many=["fraud,arson"])
    assert at.selectbox(key="pick_uk").value == "theft"
    assert "pick" not in at.query_params
    assert at.multiselect(key="many").value == ["fraud"]


def test_the_url_follows_the_widget_and_omits_the_default():
    at = _open()
    at.selectbox(key="pick_uk").select("noise").run()
    assert _url(at, "pick") == ["noise"]
    at.selectbox(key="pick_uk").select("theft").run()
    assert "pick" not in at.query_params


def test_a_new_widget_key_after_a_language_switch_starts_from_the_url():
    at = _open()
    at.selectbox(key="pick_uk").select("fraud").run()
    at.session_state["suffix"] = "en"
    at.run()
    assert at.selectbox(key="pick_en").value == "fraud"
