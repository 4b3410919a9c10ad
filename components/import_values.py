"""The import page's value step: one choice per distinct value of each mapped coded column."""

from __future__ import annotations

import hashlib

import streamlit as st

from components.state import t
from components.ui import md_text
from data_access.importing.values import ValueColumn
from display.formats import fmt_int

PER_ROW = 3


def value_step(columns: list[ValueColumn], *, key: str, lang: str) -> dict[str, dict[str, str]]:
    """Draw a selectbox per distinct value (its guess chosen; an unknown value asks to be chosen) and
    return field -> {file value: key} as chosen; warns how many values are left unknown."""
    chosen: dict[str, dict[str, str]] = {}
    unknown = 0
    if not columns:
        st.caption(t("imp.values.none"))
        return chosen
    for col in columns:
        field = t(f"imp.field.{col.field}")
        st.markdown(f"**{md_text(t('imp.values.column', field=field, column=col.column, n=fmt_int(col.distinct, lang)))}**")
        if col.values.empty:
            st.caption(t("imp.values.too_many", column=col.column, n=fmt_int(col.distinct, lang)))
            continue
        names = {"": t("imp.values.choose"), **{k: f"{label} ({k})" for k, label in col.options.items()}}
        options = list(names)
        grid = st.columns(PER_ROW)
        for n, row in enumerate(col.values.itertuples(index=False)):
            digest = hashlib.sha256(row.value.encode("utf-8")).hexdigest()[:12]
            with grid[n % PER_ROW]:
                picked = st.selectbox(
                    t("imp.values.value_label", value=md_text(row.value), n=fmt_int(row.rows, lang)), options,
                    index=options.index(row.guess) if row.guess in names else 0, format_func=names.__getitem__,
                    key=f"{key}_{col.field}_{digest}")
            if picked:
                chosen.setdefault(col.field, {})[row.value] = picked
            else:
                unknown += 1
    if unknown:
        st.warning(t("imp.values.unknown", n=fmt_int(unknown, lang)), icon=":material/help:")
    else:
        st.caption(t("imp.values.all_known"))
    return chosen
