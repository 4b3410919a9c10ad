"""Sections of a page that are drawn only when opened (issue 23, "first screen first").

A page draws its headline (KPI tiles and one chart, or the map) at once and puts the rest in
sections: a heading (``st.header``, as before, so the page's outline stays the same for a screen
reader) and a switch under it. A closed section's content is neither computed nor sent to the
browser. Each section is a fragment: opening or closing one reruns that section only, never the
page's headline. Which sections are open lives in the URL (``?section=<name>``, repeated for several),
so a link opens a section directly and opening one writes it to the address bar.

The shared screen (``?mode=present``) never runs the pages; were a page drawn in presentation mode,
its sections would all be open (a TV has nobody to open them).
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from components.state import t

SECTION_PARAM = "section"


def open_sections() -> list[str]:
    """The section names the URL opens (``?section=a&section=b`` or ``?section=a,b``), in their order."""
    return [name for part in st.query_params.get_all(SECTION_PARAM) for name in part.split(",") if name]


def _set_open(name: str, is_open: bool) -> None:
    names = [n for n in open_sections() if n != name] + ([name] if is_open else [])
    if names:
        st.query_params[SECTION_PARAM] = names
    elif SECTION_PARAM in st.query_params:
        del st.query_params[SECTION_PARAM]


def _switched(name: str, widget_key: str) -> None:
    _set_open(name, bool(st.session_state[widget_key]))


def lazy_section(name: str, title: str | None, draw: Callable[[], None], *, hint: str | None = None,
                 label: str | None = None) -> None:
    """A section headed ``title`` whose content ``draw()`` runs only while the section is open.

    ``name`` is the section's URL value (lowercase, unique on its page, never translated); ``title``
    the heading in the current language, or None when the caller has just drawn the heading itself
    (e.g. a card with a status badge); ``hint`` an optional line under a closed section's heading
    saying what opening it shows; ``label`` the switch's text (default: "Show this section").
    ``draw`` draws everything under the heading (its widgets rerun the section only) and reads the
    data it needs itself.
    """
    if st.session_state.get("present", False):
        if title is not None:
            st.header(title)
        draw()
        return
    _section_fragment(name, title, draw, hint, label)


@st.fragment
def _section_fragment(name: str, title: str | None, draw: Callable[[], None], hint: str | None,
                      label: str | None) -> None:
    widget_key = f"section_{name}"
    st.session_state[widget_key] = name in open_sections()  # the URL says what is open
    with st.container(key=f"section_box_{name}"):
        if title is not None:
            st.header(title)
        is_open = st.toggle(label or t("sections.show"), key=widget_key, on_change=_switched,
                            args=(name, widget_key), help=t("sections.show_help"))
        if not is_open:
            if hint:
                st.caption(hint)
            return
        draw()
