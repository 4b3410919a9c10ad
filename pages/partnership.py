"""Partners and activities: who did what with whom, where, on which priority — and did a
place-based activity help (incidents around it before and after, against the rest of the hromada)."""

from datetime import date, timedelta
from functools import partial

import pandas as pd
import streamlit as st

from components.data import cached
from components.did_panel import did_section
from components.filters import Filters, current_filters
from components.map_view import show_map
from components.partner_tables import activity_table, directory_table, in_language, inactive_table
from components.sections import lazy_section
from components.state import t
from components.tiles import change_delta
from components.ui import page_header, show_chart
from data_access import partners as q
from data_access import places
from data_access.priorities import priority_list
from data_access.reference import boundaries_of, labels, reference_table
from display.formats import fmt_int
from display.maps import activity_map
from display.partner_charts import monthly_activity_chart, partner_bar_chart, partner_matrix_chart
from display.summaries import ranking_summary

TOP_PARTNERS = 15


def _kinds_count(located: pd.DataFrame) -> tuple[list[str], list[int]]:
    """Activities on the map by kind (public events: never suppressed), for the map's summary."""
    by_kind = located["kind_label"].value_counts()
    return list(by_kind.index), [int(n) for n in by_kind]


def twelve_months_start(end: date) -> date:
    """The first day of the eleventh month before ``end``'s (twelve calendar months, no half month)."""
    m = end.year * 12 + end.month - 1 - 11
    return date(m // 12, m % 12 + 1, 1)


def kpi_section(f: Filters, *, counts_now: pd.DataFrame, directory: pd.DataFrame, inactive: pd.DataFrame) -> None:
    """Activities and participants against the previous period, active and inactive partners."""
    lang = f.lang
    cur, prev = (cached(q.activity_by_day_kind, **f.query(start=p.start, end=p.end)) for p in (f.period, f.previous))
    cols = st.columns(4)
    n_now, n_prev = int(cur["activities"].sum()), int(prev["activities"].sum())
    p_now, p_prev = int(cur["participants"].sum()), int(prev["participants"].sum())
    cols[0].metric(t("partners_page.kpi_activities"), fmt_int(n_now, lang), **change_delta(n_now, n_prev, lang=lang),
                   border=True)
    cols[1].metric(t("partners_page.kpi_participants"), fmt_int(p_now, lang), **change_delta(p_now, p_prev, lang=lang),
                   border=True, help=t("partners_page.kpi_participants_help"))
    cols[2].metric(t("partners_page.kpi_partners_active"),
                   t("partners_page.n_of_m", n=fmt_int(len(counts_now), lang), m=fmt_int(len(directory), lang)),
                   border=True)
    cols[3].metric(t("partners_page.kpi_inactive"), fmt_int(len(inactive), lang), border=True,
                   help=t("partners_page.kpi_inactive_help"))


def activity_section(f: Filters, *, year_start: date) -> None:
    """Activities per month and kind over twelve months (the page's headline chart)."""
    lang = f.lang
    st.header(t("partners_page.section_activity"))
    year = cached(q.activity_by_day_kind, **f.query(start=year_start, end=f.period.end))
    if year.empty:
        st.info(t("partners_page.no_activities"))
    else:
        monthly = year.assign(month=pd.to_datetime(year["date"]).dt.to_period("M").dt.to_timestamp())
        monthly = monthly.groupby(["month", "kind"], as_index=False)["activities"].sum()
        order = {k: n for n, k in enumerate(reference_table("activity_kinds")["key"])}
        monthly = monthly.sort_values(["kind", "month"], key=lambda s: s.map(order) if s.name == "kind" else s)
        monthly["kind_label"] = monthly["kind"].map(labels("activity_kinds", lang)).fillna(monthly["kind"])
        show_chart(monthly_activity_chart(monthly, lang, title=t("partners_page.monthly_title")), key="monthly",
                   first_screen=True)


def top_partners_section(f: Filters, *, counts_now: pd.DataFrame, kind_labels: dict) -> None:
    """The most active partners and kinds of activity in the period."""
    lang = f.lang
    left, right = st.columns(2)
    with left:
        if counts_now.empty:
            st.info(t("partners_page.no_activities_period"))
        else:
            top = counts_now.head(TOP_PARTNERS).copy()
            top["name"] = [in_language(r, "name", lang) for r in top.to_dict("records")]
            top["kind_label"] = top["kind"].map(kind_labels).fillna(top["kind"])
            show_chart(partner_bar_chart(top, lang, title=t("partners_page.by_partner_title")), key="by_partner")
    with right:
        by_kind = counts_now.groupby("kind", as_index=False)["activities"].sum() if len(counts_now) else counts_now
        if len(by_kind):
            by_kind["name"] = by_kind["kind"].map(kind_labels).fillna(by_kind["kind"])
            by_kind["kind_label"] = by_kind["name"]
            show_chart(partner_bar_chart(by_kind, lang, title=t("partners_page.by_kind_title")), key="by_kind")
            st.caption(t("partners_page.by_kind_caption"))


def network_section(f: Filters, *, year_start: date) -> None:
    """Joint activities of each pair of partners over twelve months."""
    pairs = cached(q.partner_pairs, **f.query(start=year_start, end=f.period.end))
    year_counts = cached(q.partner_activity_counts, **f.query(start=year_start, end=f.period.end))
    if pairs.empty or year_counts.empty:
        st.info(t("partners_page.no_joint"))
        return
    axis = year_counts.copy()
    axis["name"] = [in_language(r, "name", f.lang) for r in axis.to_dict("records")]
    show_chart(partner_matrix_chart(pairs, axis[["partner_id", "name"]], f.lang,
                                    title=t("partners_page.matrix_title")), key="matrix")
    st.caption(t("partners_page.matrix_caption"))


def partner_lists(*, inactive: pd.DataFrame, directory: pd.DataFrame, since: date, kind_labels: dict,
                  lang: str) -> None:
    """Partners with no activity this quarter, and the directory of all partners."""
    left, right = st.columns([1, 2])
    with left:
        inactive_table(inactive, since=since, kind_labels=kind_labels, lang=lang)
    with right:
        directory_table(directory, kind_labels=kind_labels, lang=lang)


def activities_section(f: Filters) -> None:
    """Activities of the period, filtered by priority and kind: on the map, by kind and as a list."""
    lang = f.lang
    kind_labels = labels("activity_kinds", lang)
    prios = cached(priority_list, hromada_id=f.hromada_id)
    prio_names = {int(r["id"]): in_language(r, "title", lang) for r in prios.to_dict("records")}
    c1, c2 = st.columns(2)
    chosen_prio = c1.selectbox(t("partners_page.filter_priority"), options=[None, *prio_names],
                               format_func=lambda p: t("partners_page.all_priorities") if p is None else prio_names[p],
                               key="partners_priority")
    chosen_kinds = c2.multiselect(t("partners_page.filter_kind"), options=list(kind_labels),
                                  format_func=kind_labels.get, placeholder=t("partners_page.all_kinds"),
                                  key="partners_kinds")
    acts = cached(q.activity_list, **f.query(start=f.period.start, end=f.period.end, priority_id=chosen_prio,
                                             kinds=tuple(chosen_kinds) or None))
    settle = cached(places.settlements, hromada_id=f.selection)
    settle_map = settle.assign(name=settle[f"name_{lang}"])[["code", "name", "lat", "lon", "population"]]
    acts = acts.assign(label=[in_language(r, "title", lang) for r in acts.to_dict("records")],
                       kind_label=acts["kind"].map(kind_labels).fillna(acts["kind"]))
    located = acts[acts["lat"].notna() & acts["lon"].notna()]
    c1, c2 = st.columns([3, 2])
    with c1:
        show_map(activity_map(lang=lang, activities=located[["lat", "lon", "label", "kind_label"]],
                              settlements=settle_map, boundaries=boundaries_of(f.codes)),
                 key="activity_map", height=520,
                 summary=ranking_summary(*_kinds_count(located), lang, what=t("summary.activities"), suppress=False))
        missing = settle[settle["lat"].isna() | settle["lon"].isna()][f"name_{lang}"].tolist()
        st.caption(t("partners_page.map_caption", shown=fmt_int(len(located), lang), total=fmt_int(len(acts), lang),
                     no_point=fmt_int(len(acts) - len(located), lang)))
        if missing:
            st.caption(t("partners_page.no_coordinates", names=", ".join(missing)))
    with c2:
        m1, m2 = st.columns(2)
        m1.metric(t("partners_page.kpi_activities"), fmt_int(len(acts), lang), border=True)
        m2.metric(t("partners_page.kpi_participants"), fmt_int(acts["participants"].fillna(0).sum(), lang),
                  border=True)
        if len(acts):
            kinds_now = acts.groupby("kind_label").size().sort_values(ascending=False)
            st.dataframe(pd.DataFrame({t("partners_page.col_kind"): kinds_now.index,
                                       t("partners_page.activities"): kinds_now.to_numpy()}),
                         hide_index=True, width="stretch")
    if acts.empty:
        st.info(t("partners_page.no_activities_period"))
    else:
        activity_table(acts, lang=lang)


f = current_filters()
page_header("partners_page.title", filters=f)
st.caption(t("partners_page.intro"))
partner_kind_labels = labels("partner_kinds", f.lang)
year_start = twelve_months_start(f.period.end)
quarter_start = f.today - timedelta(weeks=13)
counts_now = cached(q.partner_activity_counts, **f.query(start=f.period.start, end=f.period.end))
directory = cached(q.partner_directory, hromada_id=f.selection, since=quarter_start, until=f.today)
inactive = directory[directory["activities_recent"] == 0]

kpi_section(f, counts_now=counts_now, directory=directory, inactive=inactive)
activity_section(f, year_start=year_start)

lazy_section("top", t("partners_page.section_top"),
             partial(top_partners_section, f, counts_now=counts_now, kind_labels=partner_kind_labels))
lazy_section("network", t("partners_page.section_network"), partial(network_section, f, year_start=year_start))
lazy_section("partners", t("partners_page.section_partners"),
             partial(partner_lists, inactive=inactive, directory=directory, since=quarter_start,
                     kind_labels=partner_kind_labels, lang=f.lang))
lazy_section("activities", t("partners_page.section_activities"), partial(activities_section, f))
lazy_section("did", t("prio.did_title"), partial(did_section, f))
