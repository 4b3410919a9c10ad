"""The form that creates or edits a community safety priority and its indicators (prosecutor role:
the caller checks); it returns what was entered, the page stores it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import streamlit as st

from components.state import t
from data_access.priorities import PriorityInput
from domain import priority_rules as rule

INDICATOR_ROWS = 3


def priority_form(existing: dict | None, existing_inds: list[dict], *, edit_id: int | None, ref_options: list[str],
                  ref_text: Callable[[str], str], today: date) -> PriorityInput | None:
    """Draw the form, filled with ``existing`` (a priority row) and its indicators, or empty for a new
    priority; ``ref_options`` are ``kind:ref`` codes ("" for none), shown through ``ref_text``.
    Returns the input when the form was submitted, else None."""
    with st.form(f"prio_form_{edit_id or 'new'}", clear_on_submit=existing is None):
        title_uk = st.text_input(t("prio.form_title_uk"), value=existing["title_uk"] if existing else "",
                                 max_chars=rule.TITLE_MAX, placeholder=t("prio.form_title_uk_ph"))
        title_en = st.text_input(t("prio.form_title_en"), value=(existing or {}).get("title_en") or "",
                                 max_chars=rule.TITLE_MAX, placeholder=t("prio.form_title_en_ph"))
        description = st.text_area(t("prio.form_description"), value=(existing or {}).get("description") or "",
                                   placeholder=t("prio.form_description_ph"), height=80)
        c1, c2 = st.columns(2)
        start = c1.date_input(t("prio.form_start"), value=existing["start_date"] if existing else date(today.year, 1, 1),
                              format="DD.MM.YYYY")
        end = c2.date_input(t("prio.form_end"), value=existing["end_date"] if existing else date(today.year, 12, 31),
                            format="DD.MM.YYYY")
        c3, c4 = st.columns(2)
        via_options = [None, *rule.AGREED_VIA]
        old_via = (existing or {}).get("agreed_via")
        agreed_via = c3.selectbox(t("prio.form_agreed_via"), options=via_options,
                                  index=via_options.index(old_via) if old_via in via_options else 0,
                                  format_func=lambda v: t(f"prio.agreed_via_{v}") if v else t("prio.form_agreed_unknown"),
                                  key=f"prio_via_{edit_id}")
        old_on = (existing or {}).get("agreed_on")
        agreed_on = c4.date_input(t("prio.form_agreed_on"), value=old_on if isinstance(old_on, date) else None,
                                  format="DD.MM.YYYY", key=f"prio_on_{edit_id}")
        st.markdown(t("prio.form_indicators"))
        st.caption(t("prio.form_indicators_help"))
        entered = []
        for n in range(INDICATOR_ROWS):
            old = existing_inds[n] if n < len(existing_inds) else None
            c = st.columns([3, 1.3, 1, 1])
            code = c[0].selectbox(t("prio.form_indicator_n", n=n + 1), options=ref_options,
                                  index=ref_options.index(f"{old['kind']}:{old['ref']}") if old
                                  and f"{old['kind']}:{old['ref']}" in ref_options else 0,
                                  format_func=ref_text, key=f"prio_ind_{edit_id}_{n}")
            direction = c[1].selectbox(t("prio.form_direction"), options=list(rule.DIRECTIONS),
                                       index=list(rule.DIRECTIONS).index(old["direction"]) if old else 0,
                                       format_func=lambda d: t(f"prio.dir_{d}"), key=f"prio_dir_{edit_id}_{n}")
            baseline = c[2].number_input(t("prio.form_baseline"), value=None if not old or old["baseline"] != old["baseline"]
                                         else float(old["baseline"]), min_value=None, step=1.0, format="%.2f",
                                         placeholder=t("prio.form_number_ph"), key=f"prio_base_{edit_id}_{n}")
            target = c[3].number_input(t("prio.form_target"), value=None if not old or old["target"] != old["target"]
                                       else float(old["target"]), step=1.0, format="%.2f",
                                       placeholder=t("prio.form_number_ph"), key=f"prio_target_{edit_id}_{n}")
            kind, ref = code.split(":", 1) if code else (None, None)
            entered.append(rule.IndicatorInput(kind=kind, ref=ref, direction=direction if code else None,
                                               baseline=baseline, target=target))
        submitted = st.form_submit_button(t("prio.form_save"), type="primary")
    if not submitted:
        return None
    return PriorityInput(title_uk=title_uk, title_en=title_en, description=description,
                         start=start if isinstance(start, date) else None,
                         end=end if isinstance(end, date) else None, indicators=tuple(entered),
                         agreed_via=agreed_via, agreed_on=agreed_on if isinstance(agreed_on, date) else None)
