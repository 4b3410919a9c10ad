"""The note under a view that leaves out records whose date is coarser than its unit (issue 18): how many
incidents known only to their month or year (or, for the hour view, without a time) it did not count."""

from __future__ import annotations

from datetime import date

import streamlit as st

from components.data import cached
from components.filters import Filters
from components.state import t
from data_access.incidents import coarse_left_out
from display.formats import fmt_int
from domain.visibility import display_count, suppresses_small_counts


def left_out_note(f: Filters, *, unit: str, start: date, end: date, **filters) -> int:
    """A caption saying how many incidents from ``start`` to ``end`` the view above left out for ``unit``
    (``day``: day and week views; ``hour``: the weekday × hour view; ``period``: a count over the
    period) — nothing when none; 1–4 shown as "< 5" outside the prosecutor role. Returns the count."""
    n = cached(coarse_left_out, **f.query(unit=unit, start=start, end=end, **filters))
    if n:
        shown = display_count(n, suppress=suppresses_small_counts(f.role), fmt=lambda v: fmt_int(v, f.lang))
        st.caption(t(f"coarse.left_out_{unit}", n=shown))
    return n
