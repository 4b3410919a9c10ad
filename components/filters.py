"""The global filters (hromada, settlements, period, language) drawn once in the sidebar by app.py
and kept in the URL query string, so a link reproduces the view."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import streamlit as st

from analytics.periods import PERIOD_KINDS, Period, previous_period, resolve_period, year_earlier
from components.data import cached
from components.state import current_lang, current_role, t
from data_access.geo import KYIV
from data_access.places import hromadas, settlements


@dataclass(frozen=True)
class Filters:
    """What every page reads: the place, the period and its comparisons, language and role."""

    hromada_id: int
    hromada_code: str
    hromada_name: str
    settlement_ids: tuple[int, ...] | None  # None = the whole hromada
    settlement_codes: tuple[str, ...]
    period_kind: str
    period: Period
    previous: Period
    year_ago: Period
    today: date
    lang: str
    role: str

    def query(self, **extra) -> dict:
        """Keyword filters for data_access functions."""
        return {"hromada_id": self.hromada_id, "settlement_ids": self.settlement_ids, **extra}


def kyiv_today() -> date:
    return datetime.now(KYIV).date()


def language_switch() -> None:
    """Українська / English, kept in the URL as ``lang``."""
    st.segmented_control(
        t("filters.language"), options=["uk", "en"], key="lang", bind="query-params",
        format_func=lambda code: {"uk": "Українська", "en": "English"}[code],
        default="uk", required=True,
    )


def sidebar_filters() -> Filters:
    """Draw the filters in the sidebar and return the choice."""
    lang = current_lang()
    h = cached(hromadas)
    names = dict(zip(h["code"], h[f"name_{lang}"], strict=True))
    ids = dict(zip(h["code"], h["id"], strict=True))
    code = st.sidebar.selectbox(
        t("filters.hromada"), options=list(names), format_func=names.get, key="hromada",
        bind="query-params",
    )
    s = cached(settlements, hromada_id=int(ids[code]))
    s_names = dict(zip(s["code"], s[f"name_{lang}"], strict=True))
    chosen = st.sidebar.multiselect(
        t("filters.settlements"), options=list(s_names), format_func=s_names.get, key="settlements",
        bind="query-params", placeholder=t("filters.all_settlements"),
    )
    kind = st.sidebar.selectbox(
        t("filters.period"), options=list(PERIOD_KINDS), format_func=lambda k: t(f"filters.period_{k}"),
        key="period", bind="query-params", index=1,
    )
    today = kyiv_today()
    custom = None
    if kind == "custom":
        default = resolve_period("4weeks", today)
        picked = st.sidebar.date_input(
            t("filters.dates"), value=(default.start, default.end), max_value=today, key="dates",
            format="DD.MM.YYYY",
        )
        if isinstance(picked, tuple) and len(picked) == 2:
            custom = picked
        else:
            st.sidebar.caption(t("filters.pick_end_date"))
    period = resolve_period(kind, today, custom)
    chosen_ids = tuple(int(x) for x in s[s["code"].isin(chosen)]["id"]) if chosen else None
    return Filters(
        hromada_id=int(ids[code]), hromada_code=code, hromada_name=names[code],
        settlement_ids=chosen_ids, settlement_codes=tuple(chosen), period_kind=kind, period=period,
        previous=previous_period(period), year_ago=year_earlier(period, week_aligned=kind != "custom"),
        today=today, lang=lang, role=current_role(),
    )


def current_filters() -> Filters:
    """The filters app.py drew for this run."""
    return st.session_state["filters"]
