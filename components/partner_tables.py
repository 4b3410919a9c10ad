"""The partners page's tables: partners with no recent activity, the partner directory and the list
of activities; and the text of a record in the page's language."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from components.state import t
from data_access.reference import reference_table
from display.formats import fmt_date


def in_language(row, stem: str, lang: str) -> str:
    """The row's ``<stem>_<lang>`` text (Ukrainian where no English was given; "" where none)."""
    value = row.get(f"{stem}_{lang}")
    if value is None or value != value or not str(value).strip():
        value = row.get(f"{stem}_uk")
    return "" if value is None or value != value else str(value)


def _last(day, lang: str) -> str:
    return fmt_date(day, lang, "short") if day is not None and day == day else t("partners_page.never")


def inactive_table(inactive: pd.DataFrame, *, since: date, kind_labels: dict, lang: str) -> None:
    """Partners (data_access.partners.partner_directory rows) with no activity since ``since``."""
    st.subheader(t("partners_page.section_inactive"))
    st.caption(t("partners_page.inactive_caption", date=fmt_date(since, lang, "short")))
    if inactive.empty:
        st.success(t("partners_page.inactive_none"))
        return
    st.dataframe(pd.DataFrame({
        t("partners_page.col_partner"): [in_language(r, "name", lang) for r in inactive.to_dict("records")],
        t("partners_page.col_kind"): inactive["kind"].map(kind_labels).fillna(inactive["kind"]).to_list(),
        t("partners_page.col_last"): [_last(d, lang) for d in inactive["last_activity"]],
    }), hide_index=True, width="stretch")


def directory_table(directory: pd.DataFrame, *, kind_labels: dict, lang: str) -> None:
    """Every partner by kind (in the reference order), with activities this quarter and the last one."""
    st.subheader(t("partners_page.section_directory"))
    kind_order = {k: n for n, k in enumerate(reference_table("partner_kinds")["key"])}
    d = directory.assign(_o=directory["kind"].map(kind_order).fillna(99)).sort_values(["_o", "name_uk"])
    st.dataframe(pd.DataFrame({
        t("partners_page.col_kind"): d["kind"].map(kind_labels).fillna(d["kind"]).to_list(),
        t("partners_page.col_partner"): [in_language(r, "name", lang) for r in d.to_dict("records")],
        t("partners_page.col_quarter"): d["activities_recent"].to_list(),
        t("partners_page.col_last"): [_last(x, lang) for x in d["last_activity"]],
    }), hide_index=True, width="stretch", height=420)


def activity_table(acts: pd.DataFrame, *, lang: str) -> None:
    """Activities (data_access.partners.activity_list with ``label`` and ``kind_label``), newest first."""
    records = acts.to_dict("records")
    st.dataframe(pd.DataFrame({
        t("partners_page.col_date"): [fmt_date(x, lang, "short") for x in acts["date"]],
        t("partners_page.col_kind"): acts["kind_label"].to_list(),
        t("partners_page.col_title"): acts["label"].to_list(),
        t("partners_page.col_settlement"): [in_language(r, "settlement", lang) for r in records],
        t("partners_page.col_location"): acts["location"].fillna("").to_list(),
        t("partners_page.col_partners"): [in_language(r, "partners", lang) for r in records],
        t("partners_page.col_participants"): acts["participants"].to_list(),
        t("partners_page.col_priority"): [in_language(r, "priority", lang) for r in records],
    }), hide_index=True, width="stretch", height=380)
