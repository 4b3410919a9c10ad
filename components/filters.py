"""The global filters (hromada, settlements, period, language) drawn once in the sidebar by app.py
and kept in the URL query string, so a link reproduces the view."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd
import streamlit as st

from analytics.periods import PERIOD_KINDS, Period, previous_period, resolve_period, year_earlier
from components.area import area_filter
from components.data import account_hromadas, cached
from components.shell import page_in_frame
from components.state import current_lang, current_role, t
from components.url_state import keep_in_url, seed_from_url, synced_widget
from data_access.places import settlements
from domain.dates import KYIV
from domain.visibility import picks_dates, picks_settlements, reporting_day


@dataclass(frozen=True)
class Filters:
    """What every page reads: the place, the period and its comparisons, language and role."""

    hromada_id: int  # the one hromada, or the first of a selection (what works per hromada: priorities, packs)
    hromada_code: str
    hromada_name: str  # the hromada's name, or what the selection is ("Бучанський район (громад: 3)")
    settlement_ids: tuple[int, ...] | None  # None = every settlement of the selection
    settlement_codes: tuple[str, ...]
    period_kind: str
    period: Period
    previous: Period
    year_ago: Period
    today: date  # the day "now" figures are taken on (domain.visibility.reporting_day)
    lang: str
    role: str
    hromada_ids: tuple[int, ...] = ()  # the selection (components.area); () = just hromada_id
    hromada_codes: tuple[str, ...] = ()
    area_level: str = "hromada"  # components.area.LEVELS

    @property
    def selection(self) -> int | tuple[int, ...]:
        """What data functions take as ``hromada_id`` (data_access.places.HromadaSelection): the id of one
        hromada, or the ids of a selection of several."""
        return self.hromada_ids if len(self.hromada_ids) > 1 else self.hromada_id

    @property
    def several(self) -> bool:
        """True when more than one hromada is selected."""
        return len(self.hromada_ids) > 1

    @property
    def codes(self) -> tuple[str, ...]:
        return self.hromada_codes or (self.hromada_code,)

    def query(self, **extra) -> dict:
        """Keyword filters for data_access functions (the whole selection)."""
        return {"hromada_id": self.selection, "settlement_ids": self.settlement_ids, **extra}


def kyiv_today() -> date:
    return datetime.now(KYIV).date()


def language_switch() -> None:
    """Українська / English, kept in the URL as ``lang=uk|en``."""
    seed_from_url("lang", valid=lambda v: v in ("uk", "en"), default="uk")
    st.segmented_control(
        t("filters.language"), options=["uk", "en"], key="lang", required=True,
        format_func=lambda code: {"uk": "Українська", "en": "English"}[code],
    )
    keep_in_url("lang", st.session_state["lang"], "uk")


def sidebar_filters() -> Filters:
    """Draw the filters in the sidebar, keep them in the URL, and return the choice."""
    lang = current_lang()
    h = account_hromadas()
    if h.empty:  # an account whose scope names no hromada in this database
        st.error(t("filters.no_hromada_in_scope"))
        st.stop()
    role = current_role()
    area = area_filter(h, lang, role=role)
    code, hromada_id = area.codes[0], area.ids[0]

    s = cached(settlements, hromada_id=area.ids if len(area.ids) > 1 else hromada_id)
    s_names = settlement_labels(s, h, lang)
    chosen = []
    if picks_settlements(role):
        chosen = synced_widget(st.sidebar.multiselect, "settlements", valid=s_names.__contains__, default=[],
                               many=True, label=t("filters.settlements"), options=list(s_names),
                               format_func=s_names.get, placeholder=t("filters.all_settlements"))
    else:  # two selections that differ by one settlement would give its small counts away
        st.sidebar.caption(t("filters.settlements_whole"))

    kinds = PERIOD_KINDS if picks_dates(role) else tuple(k for k in PERIOD_KINDS if k != "custom")
    period_labels = {k: t(f"filters.period_{k}") for k in kinds}
    kind = synced_widget(st.sidebar.selectbox, "period", valid=kinds.__contains__, default="4weeks",
                         label=t("filters.period"), options=list(kinds), format_func=period_labels.get)
    if not picks_dates(role):
        st.sidebar.caption(t("filters.fixed_periods"))
    today = kyiv_today()
    custom = _custom_dates(today) if kind == "custom" else None
    period = resolve_period(kind, today, custom)
    chosen_ids = tuple(int(x) for x in s[s["code"].isin(chosen)]["id"]) if chosen else None
    return Filters(
        hromada_id=hromada_id, hromada_code=code, hromada_name=area.name,
        hromada_ids=area.ids, hromada_codes=area.codes, area_level=area.level,
        settlement_ids=chosen_ids, settlement_codes=tuple(chosen), period_kind=kind, period=period,
        previous=previous_period(period),
        year_ago=year_earlier(period, week_aligned=kind != "custom"),
        today=reporting_day(today, role), lang=lang, role=role,
    )


def settlement_labels(s: pd.DataFrame, h: pd.DataFrame, lang: str) -> dict[str, str]:
    """Settlement code -> name; names of a selection of several hromadas say whose they are (names repeat)."""
    names = s[f"name_{lang}"].astype(str)
    if s["hromada_id"].nunique() > 1:
        hromada = s["hromada_id"].map(dict(zip(h["id"], h[f"name_{lang}"], strict=True)))
        names = names + " (" + hromada.astype(str) + ")"
    return dict(zip(s["code"], names, strict=True))


EARLIEST = date(2000, 1, 1)  # custom dates before this are clamped to it (the URL may say anything)


def _custom_dates(today: date) -> tuple[date, date] | None:
    """The custom date range (URL ``from``/``to`` as ISO dates, kept between 1 January 2000 and
    today); None until both ends are picked."""
    default = resolve_period("4weeks", today)

    def from_url(key: str, fallback: date) -> date:
        try:
            value = date.fromisoformat(st.query_params.get(key, fallback.isoformat()))
        except ValueError:
            return fallback
        return min(max(value, EARLIEST), today)

    if "dates" not in st.session_state:
        st.session_state["dates"] = (from_url("from", default.start), from_url("to", default.end))
    picked = st.sidebar.date_input(t("filters.dates"), min_value=EARLIEST, max_value=today, key="dates",
                                   format="DD.MM.YYYY")
    if isinstance(picked, tuple) and len(picked) == 2:
        st.query_params["from"], st.query_params["to"] = picked[0].isoformat(), picked[1].isoformat()
        return picked
    st.sidebar.caption(t("filters.pick_end_date"))
    return None


def current_filters() -> Filters:
    """The filters app.py drew for this run (a page run without app.py reruns through it first)."""
    page_in_frame()
    return st.session_state["filters"]
