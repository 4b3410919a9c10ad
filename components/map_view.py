"""Places a folium map (from display.maps) on a page and reports the settlement clicked."""

from __future__ import annotations

import folium
import streamlit as st
from streamlit_folium import st_folium

from components.a11y import describe
from display.maps import settlement_code_from_tooltip

# Only the clicked tooltip's text comes back: pan and zoom change nothing that is returned,
# so they never rerun the script (STACK_NOTES: returned_objects=[...]).
RETURNED_OBJECTS = ["last_object_clicked_tooltip"]


def _state_key(key: str) -> str:
    return f"map_view.clicked.{key}"


def show_map(m: folium.Map, *, key: str, height: int = 560, summary: str | None = None) -> str | None:
    """Draw ``m`` full width and return the KATOTTG code of the settlement the user last
    clicked on this map (None before any click or after ``clear_clicked``).

    streamlit-folium returns ``last_object_clicked_tooltip``: the text of the clicked layer's
    tooltip. Settlement tooltips built by display.maps start with the code in a hidden
    span (``[[UA…]]``), read back here. The choice is kept in session state, so it survives
    the rerun in which the page redraws the map for the chosen settlement (a changed map is a
    new component whose own value starts empty again).
    """
    value = st_folium(
        m,
        key=key,
        height=height,
        use_container_width=True,
        returned_objects=RETURNED_OBJECTS,
    )
    if summary:
        describe(summary)  # the map's text alternative (display.summaries), under it
    tooltip = (value or {}).get("last_object_clicked_tooltip")
    code = settlement_code_from_tooltip(tooltip)
    seen_key = f"{_state_key(key)}.tooltip"
    if code is not None and st.session_state.get(seen_key) != tooltip:
        # A new click (not the same component value returned again after clear_clicked).
        st.session_state[_state_key(key)] = code
    st.session_state[seen_key] = tooltip
    return st.session_state.get(_state_key(key))


def clear_clicked(key: str) -> None:
    """Forget the settlement clicked on map ``key`` (e.g. from a "show all" button)."""
    st.session_state.pop(_state_key(key), None)
