"""The counting-date switch (issue 16, part 3): incidents by the date they occurred (the default)
or were registered, as the official reports count — for the prosecutor role, kept in the URL."""

from __future__ import annotations

import streamlit as st

from components.state import t
from components.url_state import keep_in_url, seed_from_url
from data_access.incidents import COUNT_BY
from domain.visibility import picks_count_date

DEFAULT = "occurred"


def count_by_choice(role: str | None, *, where=None) -> str:
    """``occurred`` or ``registered``: a segmented control (URL parameter ``count_by``) drawn in
    ``where`` (default: the page) for the prosecutor; ``occurred`` for every other role."""
    if not picks_count_date(role):
        return DEFAULT
    seed_from_url("count_by", valid=COUNT_BY.__contains__, default=DEFAULT)
    box = where if where is not None else st
    choice = box.segmented_control(t("count_date.label"), options=list(COUNT_BY), key="count_by", required=True,
                                   format_func=lambda k: t(f"count_date.{k}"), help=t("count_date.help"))
    choice = choice or DEFAULT
    keep_in_url("count_by", choice, DEFAULT)
    return choice


def count_by_note(count_by: str) -> None:
    """A caption when incidents are counted by registration (what is left out, and why)."""
    if count_by == "registered":
        st.caption(t("count_date.registered_note"))
