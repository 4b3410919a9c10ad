"""Offence map: settlements shaded by rate per 10,000, ~500 m grid cells, a heat layer and — for
the prosecutor only — clustered points; clicking a settlement filters the chart and table below."""

import re

import pandas as pd
import streamlit as st

from analytics.rates import cells_for_role, settlement_rates
from components.data import cached
from components.filters import current_filters
from components.map_view import clear_clicked, show_map
from components.state import t
from components.ui import kpi_tile, page_header, show_chart
from data_access import incident_geo as geo
from data_access.reference import boundaries, labels, reference_table
from display.formats import fmt_int, fmt_num, fmt_pct
from display.incident_charts import cell_heat, composition, composition_chart
from display.maps import community_map
from domain.roles import sees_records
from domain.visibility import suppresses_small_counts

MAP_KEY = "imap_map"
MAP_HEIGHT = 620

f = current_filters()
lang = f.lang
suppress = suppresses_small_counts(f.role)
page_header("imap.title", filters=f)


def _md_escape(text: str) -> str:
    """Text from data, safe inside a Markdown label."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|>~<])", r"\\\1", str(text))


# --------------------------------------------------------------------------- controls
cat_ref = reference_table("incident_categories")
cat_labels = labels("incident_categories", lang)
c_group, c_cats, c_tiles = st.columns([2, 5, 2], vertical_alignment="bottom")
group_names = {"community": t("imap.group_community"), "war": t("imap.group_war")}
group = c_group.segmented_control(
    t("imap.group"), options=list(group_names), format_func=group_names.get,
    default="community", required=True, key="imap_group",
)
group_keys = cat_ref.loc[cat_ref["group"] == group, "key"].tolist()
chosen = c_cats.multiselect(
    t("imap.categories"), options=group_keys, format_func=cat_labels.get,
    placeholder=t("imap.all_categories"), key=f"imap_categories_{group}",
)
tiles = c_tiles.toggle(t("imap.tiles"), value=False, key="imap_tiles", help=t("imap.tiles_help"))
categories = tuple(chosen) or None
q = f.query(start=f.period.start, end=f.period.end, categories=categories, group=group)
fmt = (lambda v: fmt_int(v, lang))  # noqa: E731

# --------------------------------------------------------------------------- data
counts = cached(geo.settlement_counts, **f.query(
    start=f.period.start, end=f.period.end, prev_start=f.previous.start, prev_end=f.previous.end,
    categories=categories, group=group,
))
places = settlement_rates(counts, suppress=suppress, fmt=fmt)
places["name"] = places[f"name_{lang}"].where(places["settlement_id"].notna(), t("imap.no_settlement"))
cells = cells_for_role(cached(geo.cell_counts, **q), suppress=suppress, fmt=fmt)
heat = cell_heat(cells)
unlocated = cached(geo.unlocated_count, **q)

points = None
points_note = None
if sees_records(f.role):
    raw = cached(geo.incident_points, role=f.role, **q)
    if len(raw) > geo.POINT_LIMIT:
        points_note = t("imap.too_many_points", limit=fmt_int(geo.POINT_LIMIT, lang))
    elif len(raw):
        points = raw.assign(label=[
            f"{cat_labels.get(c, c)}, {d:%d.%m.%Y}" for c, d in zip(raw["category"], raw["occurred_date"], strict=True)
        ])

total, prev_total = int(places["count"].sum()), int(places["prev_count"].sum())
k1, k2, k3 = st.columns(3)
with k1:
    kpi_tile(t("imap.kpi_total"), total, filters=f, base=prev_total, help=t("imap.kpi_total_help"))
with k2:
    kpi_tile(t("imap.kpi_cells"), len(cells), filters=f, is_count=False, help=t("imap.kpi_cells_help"))
with k3:
    kpi_tile(t("imap.kpi_unlocated"), unlocated, filters=f, help=t("imap.kpi_unlocated_help"))

# --------------------------------------------------------------------------- map
located = places.dropna(subset=["lat", "lon"])
if total == 0 and cells.empty:
    st.info(t("imap.empty"))
m = community_map(
    lang=lang, settlements=places, value_label=t("imap.value_label"), cells=cells if len(cells) else None,
    heat=heat if len(heat) else None, points=points, boundaries=boundaries(f.hromada_code), tiles=tiles,
    height=MAP_HEIGHT,
)
clicked = show_map(m, key=MAP_KEY, height=MAP_HEIGHT)
n_points = 0 if points is None else len(points)
st.caption(t("imap.features", settlements=fmt_int(len(located), lang), cells=fmt_int(len(cells), lang),
             points=fmt_int(n_points, lang)) + " " + t("imap.click_hint"))
if points_note:
    st.warning(points_note)
if suppress:
    st.caption(t("imap.small_note"))
missing = places[places["settlement_id"].notna() & (places["lat"].isna() | places["lon"].isna())]
if len(missing):
    st.caption(t("imap.no_coordinates", names=", ".join(missing["name"].astype(str))))

# --------------------------------------------------------------------------- below the map
match = places[places["code"] == clicked] if clicked else places.iloc[0:0]
if len(match):
    row = match.iloc[0]
    st.button(t("imap.chip", name=_md_escape(row["name"])), key="imap_chip", on_click=clear_clicked,
              args=(MAP_KEY,), help=t("imap.chip_help"))
    local_ids = (int(row["settlement_id"]),)
    table = match
    place_name = row["name"]
else:
    local_ids = f.settlement_ids
    table = places
    place_name = f.hromada_name

with st.container():
    cross = cached(geo.category_severity_counts, **f.query(
        start=f.period.start, end=f.period.end, categories=categories, group=group, settlement_ids=local_ids,
    ))
    comp = composition(cross, "category", cat_labels, suppress=suppress, lang=lang)
    if comp.empty:
        st.info(t("imap.no_incidents_place", place=place_name))
    else:
        show_chart(composition_chart(comp, lang, title=t("imap.by_category_title", place=place_name),
                                     value_label=t("imap.value_label")), key="imap_by_category")
with st.container():
    st.subheader(t("imap.table_title"))

    def _note(r: pd.Series) -> str:
        notes = []
        if r["rate_note"] == "small":
            notes.append(t("imap.note_small"))
        elif r["rate_note"] == "hidden":
            notes.append(t("imap.note_hidden"))
        elif r["rate_note"] == "no_population":
            notes.append(t("imap.note_no_population"))
        if pd.isna(r["lat"]) or pd.isna(r["lon"]):
            notes.append(t("imap.note_no_coordinates"))
        return "; ".join(notes)

    hide_change = table["change_pct"].isna()
    shown = pd.DataFrame({
        t("imap.col_settlement"): table["name"],
        t("imap.col_count"): table["display_count"],
        t("imap.col_prev"): table["display_prev"],
        t("imap.col_change"): [("—" if h else fmt_pct(c, lang, signed=True))
                               for c, h in zip(table["change_pct"], hide_change, strict=True)],
        t("imap.col_rate"): [fmt_num(r, lang, 1) for r in table["rate"]],
        t("imap.col_population"): [fmt_int(p, lang) if pd.notna(p) else "—" for p in table["population"]],
        t("imap.col_note"): [_note(r) for _, r in table.iterrows()],
    })
    st.dataframe(shown, hide_index=True, width="stretch")
    st.caption(t("imap.table_caption"))
