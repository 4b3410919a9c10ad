"""Widget values kept in the URL query string as codes (never translated labels), so that a link
reproduces the view and survives a language switch: the sidebar filters and the page controls."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from components.state import current_lang


def seed_from_url(key: str, *, valid: Callable[[object], bool], default, many: bool = False,
                  state_key: str | None = None) -> None:
    """Give ``st.session_state[state_key]`` (default: ``key``) a valid value before its widget is drawn.

    A missing or no longer valid value is taken from the URL parameter ``key`` when the URL holds
    a valid one, else ``default``. ``many``: a list, written in the URL as repeated parameters or
    comma-separated codes; invalid codes are dropped. A value the session already holds wins over
    the URL (a widget with format_func stores codes; the URL follows it through :func:`keep_in_url`).
    """
    state_key = state_key or key
    if many:
        if state_key in st.session_state:
            st.session_state[state_key] = [code for code in st.session_state[state_key] if valid(code)]
        else:
            raw = [code for part in st.query_params.get_all(key) for code in part.split(",") if code]
            st.session_state[state_key] = [code for code in raw if valid(code)]
    elif state_key not in st.session_state or not valid(st.session_state[state_key]):
        raw = st.query_params.get(key)
        st.session_state[state_key] = raw if raw is not None and valid(raw) else default


def keep_in_url(key: str, value, default) -> None:
    """Keep the URL in step with a value (omitted while it has its default value)."""
    if value == default or value in (None, []):
        if key in st.query_params:
            del st.query_params[key]
    elif st.query_params.get_all(key) != ([str(v) for v in value] if isinstance(value, list) else [str(value)]):
        st.query_params[key] = value


def synced_widget(widget, key: str, *, valid, default, many: bool = False, **kwargs):
    """Draw ``widget`` (e.g. ``st.sidebar.selectbox``) whose value lives in ``st.session_state[key]``
    and the URL parameter ``key``; returns its value.

    The widget's own key includes the language, so a language switch redraws it with
    translated options (Streamlit keeps a keyed widget's old labels otherwise).
    """
    seed_from_url(key, valid=valid, default=default, many=many)
    widget_key = f"_w_{key}_{current_lang()}"
    st.session_state[widget_key] = st.session_state[key]

    def _copy() -> None:
        st.session_state[key] = st.session_state[widget_key]

    value = widget(key=widget_key, on_change=_copy, **kwargs)
    keep_in_url(key, value, default)
    return value
