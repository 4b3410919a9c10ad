"""The figures of "did it help?" (analytics.did) on the partners page, as the role may see them."""

from __future__ import annotations

import streamlit as st

from analytics import did
from components.state import t
from display.formats import fmt_int, fmt_num
from domain.visibility import SECONDARY_TEXT, display_count, is_hidden_text


def did_figures(res, *, radius: int, lang: str, suppress: bool) -> None:
    """The verdict and the four figures of "did it help?" as the role may see them: counts near the
    place of 1–4 read "< 5", and with them the rest of the hromada (their sum is public elsewhere)
    and every ratio computed from them."""
    area = [display_count(v, suppress=suppress, fmt=lambda x: fmt_int(x, lang)) for v in (res.area_before,
                                                                                         res.area_after)]
    hidden = any(is_hidden_text(text) for text in area)
    rest = [SECONDARY_TEXT if hidden else fmt_int(v, lang) for v in (res.rest_before, res.rest_after)]
    n = display_count(res.area_before + res.area_after, suppress=suppress, fmt=lambda x: fmt_int(x, lang))
    verdict = t(f"prio.verdict_{res.verdict}", n=n, min=did.MIN_AREA_TOTAL)
    {"decreased": st.success, "increased": st.error, "no_clear_change": st.info, "too_few": st.warning}[res.verdict](
        verdict)
    m = st.columns(4)
    m[0].metric(t("prio.did_area_counts"), f"{area[0]} → {area[1]}", border=True,
                help=t("prio.did_area_help", m=fmt_int(radius, lang)))
    m[1].metric(t("prio.did_rest_counts"), f"{rest[0]} → {rest[1]}", border=True)
    m[2].metric(t("prio.did_ratio"), "—" if hidden else fmt_num(res.did_ratio, lang, 2), border=True,
                help=t("prio.did_ratio_help"))
    m[3].metric(t("prio.did_expected"), "—" if hidden else fmt_num(res.expected_after, lang, 1), border=True,
                help=t("prio.did_expected_help"))
