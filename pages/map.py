"""Offence map: settlements shaded by rate per 10,000, ~500 m grid cells, a heat layer and — for
the prosecutor only — clustered points; clicking a settlement filters the chart and table below."""

from functools import partial

import pandas as pd
import streamlit as st

from analytics.rates import cells_for_role, settlement_rates
from components.coarse_dates import left_out_note
from components.data import cached
from components.filters import Filters, current_filters
from components.map_view import clear_clicked, show_map
from components.sections import lazy_section
from components.state import t
from components.ui import kpi_tile, md_text, page_header, show_chart
from data_access import incident_geo as geo
from data_access.reference import boundaries_of, labels, reference_table
from display import maps
from display.formats import fmt_int, fmt_num, fmt_pct
from display.incident_charts import cell_heat, composition, composition_chart
from display.maps import community_map
from display.summaries import ranking_summary
from domain.roles import sees_records
from domain.visibility import suppresses_small_counts

MAP_KEY = "imap_map"
MAP_HEIGHT = 620
RATE_NOTES = {"small": "imap.note_small", "hidden": "imap.note_hidden", "no_population": "imap.note_no_population"}



def controls(lang: str) -> tuple[str, tuple[str, ...] | None, bool]:
    """The group (community or war-related), its categories (None: all) and the tiles switch."""
    cat_ref = reference_table("incident_categories")
    c_group, c_cats, c_tiles = st.columns([2, 5, 2], vertical_alignment="bottom")
    group_names = {"community": t("imap.group_community"), "war": t("imap.group_war")}
    group = c_group.segmented_control(
        t("imap.group"), options=list(group_names), format_func=group_names.get,
        default="community", required=True, key="imap_group",
    )
    group_keys = cat_ref.loc[cat_ref["group"] == group, "key"].tolist()
    chosen = c_cats.multiselect(
        t("imap.categories"), options=group_keys, format_func=labels("incident_categories", lang).get,
        placeholder=t("imap.all_categories"), key=f"imap_categories_{group}",
    )
    tiles = c_tiles.toggle(t("imap.tiles"), value=False, key="imap_tiles", help=t("imap.tiles_help"))
    return group, tuple(chosen) or None, tiles


def incident_points(f: Filters, q: dict) -> tuple[pd.DataFrame | None, str | None]:
    """Exact points for the prosecutor (None for other roles, or beyond the point limit, with a note)."""
    if not sees_records(f.role):
        return None, None
    raw = cached(geo.incident_points, role=f.role, **q)
    if len(raw) > geo.POINT_LIMIT:
        return None, t("imap.too_many_points", limit=fmt_int(geo.POINT_LIMIT, f.lang))
    if not len(raw):
        return None, None
    cat_labels = labels("incident_categories", f.lang)
    return raw.assign(label=[f"{cat_labels.get(c, c)}, {d:%d.%m.%Y}"
                             for c, d in zip(raw["category"], raw["occurred_date"], strict=True)]), None


def _note(r: pd.Series) -> str:
    notes = [t(RATE_NOTES[r["rate_note"]])] if r["rate_note"] in RATE_NOTES else []
    if pd.isna(r["lat"]) or pd.isna(r["lon"]):
        notes.append(t("imap.note_no_coordinates"))
    return "; ".join(notes)


def settlement_table(table: pd.DataFrame, *, lang: str) -> None:
    """The settlements' counts, change, rate and population as the role may see them (under the section's
    heading)."""
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


f = current_filters()
lang = f.lang
suppress = suppresses_small_counts(f.role)
page_header("imap.title", filters=f)
group, categories, tiles = controls(lang)
q = f.query(start=f.period.start, end=f.period.end, categories=categories, group=group)
fmt = partial(fmt_int, lang=f.lang)

counts = cached(geo.settlement_counts, **f.query(
    start=f.period.start, end=f.period.end, prev_start=f.previous.start, prev_end=f.previous.end,
    categories=categories, group=group,
))
places = settlement_rates(counts, suppress=suppress, fmt=fmt)
places["name"] = places[f"name_{lang}"].where(places["settlement_id"].notna(), t("imap.no_settlement"))
cells = cells_for_role(cached(geo.cell_counts, **q), suppress=suppress, fmt=fmt)
heat = cell_heat(cells)
unlocated = cached(geo.unlocated_count, **q)
points, points_note = incident_points(f, q)

total, prev_total = int(places["count"].sum()), int(places["prev_count"].sum())
k1, k2, k3 = st.columns(3)
with k1:
    kpi_tile(t("imap.kpi_total"), total, filters=f, base=prev_total, help=t("imap.kpi_total_help"))
with k2:
    kpi_tile(t("imap.kpi_cells"), len(cells), filters=f, is_count=False, help=t("imap.kpi_cells_help"))
with k3:
    kpi_tile(t("imap.kpi_unlocated"), unlocated, filters=f, help=t("imap.kpi_unlocated_help"))

located = places.dropna(subset=["lat", "lon"])
drawn = cells if len(cells) <= maps.CELL_LIMIT else cells.iloc[0:0]  # a raion or oblast: heat and settlements instead
if total == 0 and cells.empty:
    st.info(t("imap.empty"))
m = community_map(
    lang=lang, settlements=places, value_label=t("imap.value_label"), cells=drawn if len(drawn) else None,
    heat=heat if len(heat) else None, points=points, boundaries=boundaries_of(f.codes), tiles=tiles,
    height=MAP_HEIGHT,
)
clicked = show_map(m, key=MAP_KEY, height=MAP_HEIGHT,
                   summary=ranking_summary(list(places["name"]), list(places["count"].where(~places["hidden"])), lang,
                                           what=t("imap.value_label"), suppress=suppress))
n_points = 0 if points is None else len(points)
if len(drawn) < len(cells):
    st.caption(t("imap.cells_not_drawn", n=fmt_int(len(cells), lang), limit=fmt_int(maps.CELL_LIMIT, lang)))
st.caption(t("imap.features", settlements=fmt_int(len(located), lang), cells=fmt_int(len(drawn), lang),
             points=fmt_int(n_points, lang)) + " " + t("imap.click_hint"))
if points_note:
    st.warning(points_note)
left_out_note(f, unit="period", start=f.period.start, end=f.period.end, categories=categories, group=group)
if suppress:
    st.caption(t("imap.small_note"))
missing = places[places["settlement_id"].notna() & (places["lat"].isna() | places["lon"].isna())]
if len(missing):
    st.caption(t("imap.no_coordinates", names=", ".join(missing["name"].astype(str))))

# Below the map: the settlement clicked, or the whole selection.
match = places[places["code"] == clicked] if clicked else places.iloc[0:0]
if len(match):
    row = match.iloc[0]
    st.button(t("imap.chip", name=md_text(row["name"])), key="imap_chip", on_click=clear_clicked,
              args=(MAP_KEY,), help=t("imap.chip_help"))
    local_ids, table, place_name = (int(row["settlement_id"]),), match, row["name"]
else:
    local_ids, table, place_name = f.settlement_ids, places, f.hromada_name

with st.container():
    cross = cached(geo.incident_counts, **f.query(
        by=("category", "severity"), start=f.period.start, end=f.period.end, categories=categories, group=group,
        settlement_ids=local_ids,
    ))
    whole = None
    if suppress and local_ids != f.settlement_ids:  # one settlement: the hromada's composition is public too
        whole = cached(geo.incident_counts, **f.query(by=("category", "severity"), start=f.period.start,
                                                      end=f.period.end, categories=categories, group=group))
    comp = composition(cross, "category", labels("incident_categories", lang), suppress=suppress, lang=lang,
                       whole=whole)
    if comp.empty:
        st.info(t("imap.no_incidents_place", place=place_name))
    else:
        show_chart(composition_chart(comp, lang, title=t("imap.by_category_title", place=place_name),
                                     value_label=t("imap.value_label")), key="imap_by_category", first_screen=True)
lazy_section("table", t("imap.table_title"), partial(settlement_table, table, lang=lang))
