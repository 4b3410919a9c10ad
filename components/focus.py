"""One hromada of a selection, for what works per hromada (survey detail, priorities): a chooser on the page, kept
in the URL, and the filters narrowed to that hromada."""

from __future__ import annotations

import dataclasses

import streamlit as st

from components.data import account_hromadas, cached
from components.filters import Filters
from components.state import t
from components.url_state import synced_widget
from data_access.places import settlements


def focus_hromada(f: Filters, *, key: str, heading: str | None = None) -> Filters:
    """``f`` itself for one hromada; for a selection, the filters narrowed to the hromada of the selection chosen
    on the page (URL parameter ``key``), with the chosen settlements of that hromada still chosen. ``heading``:
    a catalog key drawn as the section's header above the chooser."""
    if not f.several:
        return f
    known = account_hromadas()
    chosen = known[known["id"].isin(f.hromada_ids)]
    names = dict(zip(chosen["code"], chosen[f"name_{f.lang}"], strict=True))
    if heading:
        st.header(t(heading))
    code = synced_widget(st.selectbox, key, valid=names.__contains__, default=f.hromada_code,
                         label=t("filters.focus_hromada"), options=list(names), format_func=names.get)
    hid = int(chosen.loc[chosen["code"] == code, "id"].iloc[0])
    own = None
    if f.settlement_ids:
        ids = set(cached(settlements, hromada_id=hid)["id"])
        own = tuple(s for s in f.settlement_ids if s in ids) or None
    return dataclasses.replace(f, hromada_id=hid, hromada_code=code, hromada_name=names[code], hromada_ids=(hid,),
                               hromada_codes=(code,), settlement_ids=own, area_level="hromada")
