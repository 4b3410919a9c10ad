"""Offence trends: weekly counts over the last three years with the same weeks a year earlier,
day-of-week × hour, composition by category and severity; war-related offences separately."""

from datetime import timedelta

import streamlit as st

from analytics.periods import Period
from components.data import cached
from components.filters import current_filters
from components.state import t
from components.ui import page_header, period_text, show_chart
from data_access import incident_geo as geo
from data_access.reference import keys, labels, reference_table
from display.formats import fmt_date
from display.incident_charts import (
    SEVERITY_COLOURS,
    category_panels_chart,
    composition,
    composition_chart,
    dow_hour_heatmap,
    trend_chart,
    weekly_series,
    year_ago_series,
)
from domain.visibility import suppresses_small_counts

WEEKS = 156
YEARS = WEEKS // 52
DEFAULT_CATEGORIES = 5
MAX_PANELS = 8

f = current_filters()
lang = f.lang
suppress = suppresses_small_counts(f.role)
page_header("trends.title", filters=f)

end = f.period.end
start = end - timedelta(weeks=WEEKS) + timedelta(days=1)
ago_start = start - timedelta(weeks=52)
data_start, _ = cached(geo.incident_date_range, hromada_id=f.hromada_id)
cat_ref = reference_table("incident_categories")
cat_labels = labels("incident_categories", lang)
sev_labels = labels("severity", lang)


def _group_keys(group: str) -> list[str]:
    return cat_ref.loc[cat_ref["group"] == group, "key"].tolist()


# --------------------------------------------------------------------------- controls
window = cached(geo.category_severity_counts, **f.query(start=start, end=end, group="community"))
largest = (window.groupby("category")["count"].sum().sort_values(ascending=False).index[:DEFAULT_CATEGORIES]
           .tolist() if len(window) else [])
c_cats, c_war = st.columns([5, 2], vertical_alignment="bottom")
chosen = c_cats.multiselect(
    t("trends.categories"), options=_group_keys("community"), default=largest,
    format_func=cat_labels.get, placeholder=t("trends.pick_categories"), key="trends_categories",
)
show_war = c_war.toggle(t("trends.show_war"), value=False, key="trends_war", help=t("trends.show_war_help"))

notes = []
if data_start is not None and data_start > ago_start:
    notes.append(t("trends.data_start_note", date=fmt_date(data_start, lang, "short")))
if suppress:
    notes.append(t("trends.small_note"))


def _weekly_section(group: str, categories: tuple[str, ...] | None, *, key: str, title: str, panels: bool) -> None:
    """Total line with the same weeks a year earlier, then one panel per category."""
    weekly = cached(geo.weekly_category_counts, **f.query(start=ago_start, end=end, categories=categories,
                                                          group=group))
    if weekly.empty:
        st.info(t("trends.no_data"))
        return
    now = weekly_series(weekly, start, end, data_start=data_start, suppress=suppress)
    ago = year_ago_series(weekly, start, end, data_start=data_start, suppress=suppress)
    show_chart(trend_chart(now, lang, title=title,
                           value_label=t("trends.value_label"), last_year=ago), key=f"{key}_total")
    if not panels:
        return
    if suppress:
        # Per-category weeks are mostly 1–4 and, next to the total line and the composition,
        # would let hidden counts be worked out: the prosecutor sees them, others get a note.
        st.caption(t("trends.panels_prosecutor_only"))
        return
    present = [c for c in (categories or _group_keys(group)) if c in set(weekly["category"])]
    if len(present) > MAX_PANELS:
        st.caption(t("trends.too_many", n=MAX_PANELS))
    items = []
    for cat in present[:MAX_PANELS]:
        part = weekly[weekly["category"] == cat]
        items.append((cat_labels.get(cat, cat),
                      weekly_series(part, start, end, data_start=data_start, suppress=suppress),
                      year_ago_series(part, start, end, data_start=data_start, suppress=suppress)))
    show_chart(category_panels_chart(items, lang, title=t("trends.panels_title")), key=f"{key}_panels")


def _composition_section(group: str, *, key: str, period: Period) -> None:
    cross = cached(geo.category_severity_counts, **f.query(start=period.start, end=period.end, group=group))
    left, right = st.columns(2, gap="large")
    with left:
        comp = composition(cross, "category", cat_labels, suppress=suppress, lang=lang)
        if comp.empty:
            st.info(t("trends.no_data_period", period=period_text(period, lang)))
        else:
            show_chart(composition_chart(comp, lang, title=t("trends.by_category_title"),
                                         value_label=t("trends.count_label")), key=f"{key}_cat")
    with right:
        sev = composition(cross, "severity", sev_labels, suppress=suppress, lang=lang, order=keys("severity"))
        if not sev.empty:
            show_chart(composition_chart(sev, lang, title=t("trends.by_severity_title"),
                                         value_label=t("trends.count_label"), colours=SEVERITY_COLOURS),
                       key=f"{key}_sev")
    st.caption(t("trends.composition_caption", period=period_text(period, lang), group=t(f"trends.{group}")))


# --------------------------------------------------------------------------- community
if not chosen:
    st.info(t("trends.no_categories"))
else:
    _weekly_section("community", tuple(chosen), key="trends_community",
                    title=t("trends.weekly_title", years=YEARS), panels=True)
    dh = cached(geo.dow_hour_counts, **f.query(start=start, end=end, categories=tuple(chosen), group="community"))
    show_chart(dow_hour_heatmap(dh, lang, title=t("trends.heatmap_title", years=YEARS),
                                value_label=t("trends.count_label"), suppress=suppress), key="trends_dow_hour")
for note in notes:
    st.caption(note)
_composition_section("community", key="trends_comp", period=f.period)

# --------------------------------------------------------------------------- war-related, separately
if show_war:
    st.divider()
    st.subheader(t("trends.war_section"))
    _weekly_section("war", None, key="trends_war", title=t("trends.war_weekly_title", years=YEARS), panels=False)
    # War-related records are few: their composition covers the whole three-year window.
    _composition_section("war", key="trends_war_comp", period=Period(start, end))
