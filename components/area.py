"""The place filter: one hromada, several, a whole raion or a whole oblast, within the account's scope; kept in
the URL as ``hromada=CODE`` / ``hromada=CODE,CODE…``, ``raion=<oblast_uk>|<raion_uk>`` or ``oblast=<oblast_uk>``."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from components.state import t
from components.url_state import keep_in_url, seed_from_url, synced_widget
from data_access.scopes import raion_key
from domain.visibility import picks_hromada_sets

LEVELS = ("hromada", "several", "raion", "oblast")
URL_KEYS = {"hromada": "hromada", "several": "hromada", "raion": "raion", "oblast": "oblast"}
NAMES_LISTED = 4  # a selection of up to this many hromadas is named hromada by hromada


@dataclass(frozen=True)
class Area:
    """The chosen hromadas: ``ids`` and ``codes`` in the order of the hromada table; ``name`` says what they are
    ("Бучанська громада", "Бучанський район (громад: 3)")."""

    level: str
    ids: tuple[int, ...]
    codes: tuple[str, ...]
    name: str


def level_from_url() -> str:
    """The level a link asks for: ``oblast=`` or ``raion=`` name one; ``hromada=`` with several codes, several."""
    if st.query_params.get("oblast"):
        return "oblast"
    if st.query_params.get("raion"):
        return "raion"
    codes = [c for part in st.query_params.get_all("hromada") for c in part.split(",") if c]
    return "several" if len(codes) > 1 else "hromada"


def raion_keys(h: pd.DataFrame) -> dict[str, str]:
    """Raion key -> its name (in the table's language columns ``raion``/``oblast``), with "(<oblast>)" added only
    where two oblasts have a raion of that name."""
    rows = h.dropna(subset=["raion_uk", "oblast_uk"]).drop_duplicates(["oblast_uk", "raion_uk"])
    repeated = set(rows["raion_uk"][rows["raion_uk"].duplicated()])
    return {raion_key(r.oblast_uk, r.raion_uk): f"{r.raion} ({r.oblast})" if r.raion_uk in repeated else r.raion
            for r in rows.itertuples()}


def _named(h: pd.DataFrame, lang: str) -> pd.DataFrame:
    out = h.copy()
    for col in ("name", "raion", "oblast"):
        out[col] = out[f"{col}_{lang}"].where(out[f"{col}_{lang}"].notna(), out[f"{col}_uk"])
    return out


def area_filter(h: pd.DataFrame, lang: str, *, role: str) -> Area:
    """Draw the place filter in the sidebar for the hromadas ``h`` (data_access.places.hromadas, already limited
    to the account's scope) and return the choice. One hromada only, or a role that may not choose sets of
    hromadas (domain.visibility.picks_hromada_sets): no level to choose, a link's raion or oblast is not taken."""
    h = _named(h, lang)
    names = dict(zip(h["code"], h["name"], strict=True))
    ids = dict(zip(h["code"], h["id"].astype(int), strict=True))
    first = next(iter(names))
    level = "hromada"
    offered = [lv for lv in LEVELS if len(h) > 1 and picks_hromada_sets(role) and (lv != "raion" or raion_keys(h))
               and (lv != "oblast" or h["oblast_uk"].notna().any())] or ["hromada"]
    if len(offered) > 1:
        asked = level_from_url()
        seed_from_url("area", valid=offered.__contains__, default=asked if asked in offered else "hromada")
        widget_key = f"_w_area_{lang}"
        st.session_state[widget_key] = st.session_state["area"]
        level_names = {lv: t(f"filters.area_{lv}") for lv in offered}
        level = st.sidebar.selectbox(
            t("filters.area"), options=offered, key=widget_key, format_func=level_names.get,
            on_change=lambda: st.session_state.__setitem__("area", st.session_state[widget_key]))
        for other in {URL_KEYS[lv] for lv in LEVELS} - {URL_KEYS[level]}:  # the level chosen replaces a link's
            if other in st.query_params:
                del st.query_params[other]
    # No level to choose: a link's raion or oblast is left in the URL, unused, so signing in as the prosecutor
    # (the same session, the same URL) opens what the link named.
    current = st.session_state.get("hromada") if st.session_state.get("hromada") in names else first

    if level == "hromada":
        code = synced_widget(st.sidebar.selectbox, "hromada", valid=names.__contains__, default=first,
                             label=t("filters.hromada"), options=list(names), format_func=names.get)
        return Area(level, (ids[code],), (code,), names[code])
    if level == "several":
        seed_from_url("hromada", valid=names.__contains__, default=[current], many=True, state_key="hromadas")
        widget_key = f"_w_hromadas_{lang}"
        st.session_state[widget_key] = st.session_state["hromadas"]
        picked = st.sidebar.multiselect(
            t("filters.hromadas"), options=list(names), format_func=names.get, key=widget_key,
            placeholder=t("filters.pick_hromadas"),
            on_change=lambda: st.session_state.__setitem__("hromadas", st.session_state[widget_key]))
        if not picked:
            st.sidebar.caption(t("filters.none_picked", name=names[current]))
            picked = [current]
        keep_in_url("hromada", picked, [])
        return _area("several", h[h["code"].isin(picked)], lang)
    if level == "raion":
        raions = raion_keys(h)
        here = h[h["code"] == current].iloc[0]
        own = raion_key(here["oblast_uk"], here["raion_uk"])
        default = own if own in raions else next(iter(raions), "")
        key = synced_widget(st.sidebar.selectbox, "raion", valid=raions.__contains__, default=default,
                            label=t("filters.raion"), options=list(raions), format_func=raions.get)
        oblast_uk, raion_uk = key.split("|", 1) if key else ("", "")
        return _area("raion", h[(h["oblast_uk"] == oblast_uk) & (h["raion_uk"] == raion_uk)], lang)
    oblasts = dict(zip(h["oblast_uk"].dropna(), h.loc[h["oblast_uk"].notna(), "oblast"], strict=True))
    here = h[h["code"] == current].iloc[0]
    default = here["oblast_uk"] if here["oblast_uk"] in oblasts else next(iter(oblasts), "")
    oblast = synced_widget(st.sidebar.selectbox, "oblast", valid=oblasts.__contains__, default=default,
                           label=t("filters.oblast"), options=list(oblasts), format_func=oblasts.get)
    return _area("oblast", h[h["oblast_uk"] == oblast], lang)


def _area(level: str, chosen: pd.DataFrame, lang: str) -> Area:
    """An Area for the rows ``chosen`` of the named hromada table (never empty: the filter offers only levels
    and values that hold a hromada)."""
    n = len(chosen)
    if level == "raion":
        name = t("filters.area_name_raion", raion=chosen["raion"].iloc[0], n=n)
    elif level == "oblast":
        name = t("filters.area_name_oblast", oblast=chosen["oblast"].iloc[0], n=n)
    elif n == 1:
        name = chosen["name"].iloc[0]
    elif n <= NAMES_LISTED:
        name = ", ".join(chosen["name"])
    else:
        name = t("filters.area_name_several", n=n)
    return Area(level, tuple(int(i) for i in chosen["id"]), tuple(chosen["code"]), name)
