"""Offence trends: weekly counts over the last three years with the same weeks a year earlier,
day-of-week × hour, composition by category and severity; war-related offences separately."""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial

import pandas as pd
import streamlit as st

from analytics.periods import Period
from analytics.series import trend_band
from components.coarse_dates import left_out_note
from components.count_date import count_by_choice, count_by_note
from components.data import cached
from components.filters import Filters, current_filters
from components.sections import lazy_section
from components.state import t
from components.ui import page_header, period_text, show_chart
from data_access import incident_geo as geo
from data_access.protective_orders import protective_order_counts
from data_access.reference import keys, labels, reference_table
from display.formats import fmt_date, fmt_int
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
from display.summaries import weekly_summary
from domain.visibility import suppress_table, suppresses_small_counts

WEEKS = 156
YEARS = WEEKS // 52
DEFAULT_CATEGORIES = 5
MAX_PANELS = 8


def _group_keys(group: str) -> list[str]:
    cat_ref = reference_table("incident_categories")
    return cat_ref.loc[cat_ref["group"] == group, "key"].tolist()


@dataclass(frozen=True)
class Window:
    """The three years shown (``start`` .. ``end``), the year before them for the comparison line,
    the first day with data, whether small counts are hidden, and the date incidents count on
    (``occurred`` or ``registered``)."""

    start: date
    end: date
    ago_start: date
    data_start: date | None
    suppress: bool
    count_by: str = "occurred"


def weekly_section(f: Filters, window: Window, group: str, categories: tuple[str, ...] | None, *, key: str,
                   title: str, panels: bool) -> None:
    """Total line with the same weeks a year earlier, then one panel per category."""
    start, end, data_start, suppress = window.start, window.end, window.data_start, window.suppress
    lang = f.lang
    weekly = cached(geo.incident_counts, **f.query(by=("week", "category"), start=window.ago_start, end=end,
                                                   categories=categories, group=group, count_by=window.count_by))
    if weekly.empty:
        st.info(t("trends.no_data"))
        return
    now = weekly_series(weekly, start, end, data_start=data_start, suppress=suppress)
    ago = year_ago_series(weekly, start, end, data_start=data_start, suppress=suppress)
    show_chart(trend_chart(now, lang, title=title, value_label=t("trends.value_label"), last_year=ago,
                           band=trend_band(now, ago)), key=f"{key}_total",  # from the line as shown
               summary=weekly_summary(now, lang, what=t("trends.value_label")), first_screen=True)
    st.caption(t("trends.band_caption"))
    left_out_note(f, unit="day", start=window.ago_start, end=end, categories=categories, group=group,
                  count_by=window.count_by)
    if not panels:
        return
    if suppress:
        # Per-category weeks are mostly 1–4 and, next to the total line and the composition,
        # would let hidden counts be worked out: the prosecutor sees them, others get a note.
        st.caption(t("trends.panels_prosecutor_only"))
        return
    lazy_section("panels", t("trends.panels_title"), partial(panels_section, f, window, weekly, categories, group,
                                                             key=key))


def panels_section(f: Filters, window: Window, weekly: pd.DataFrame, categories: tuple[str, ...] | None, group: str,
                   *, key: str) -> None:
    """One small panel per category (the prosecutor's: per-category weeks are mostly 1–4)."""
    start, end, data_start, suppress = window.start, window.end, window.data_start, window.suppress
    cat_labels = labels("incident_categories", f.lang)
    present = [c for c in (categories or _group_keys(group)) if c in set(weekly["category"])]
    if len(present) > MAX_PANELS:
        st.caption(t("trends.too_many", n=MAX_PANELS))
    items = []
    for cat in present[:MAX_PANELS]:
        part = weekly[weekly["category"] == cat]
        items.append((cat_labels.get(cat, cat),
                      weekly_series(part, start, end, data_start=data_start, suppress=suppress),
                      year_ago_series(part, start, end, data_start=data_start, suppress=suppress)))
    show_chart(category_panels_chart(items, f.lang, title=None), key=f"{key}_panels")


def composition_section(f: Filters, group: str, *, key: str, period: Period, suppress: bool,
                        count_by: str = "occurred") -> None:
    """Offences of the period by category and by severity."""
    lang = f.lang
    cat_labels, sev_labels = labels("incident_categories", lang), labels("severity", lang)
    cross = cached(geo.incident_counts, **f.query(by=("category", "severity"), start=period.start, end=period.end,
                                                  group=group, count_by=count_by))
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
    left_out_note(f, unit="period", start=period.start, end=period.end, group=group, count_by=count_by)


def hours_section(f: Filters, window: Window, categories: tuple[str, ...]) -> None:
    """The chosen categories by day of week and hour over the window."""
    dh = cached(geo.incident_counts, **f.query(by=("dow", "hour"), start=window.start, end=window.end,
                                               categories=categories, group="community", count_by=window.count_by))
    show_chart(dow_hour_heatmap(dh, f.lang, title=t("trends.heatmap_title", years=YEARS),
                                value_label=t("trends.count_label"), suppress=window.suppress), key="trends_dow_hour")
    left_out_note(f, unit="hour", start=window.start, end=window.end, categories=categories, group="community",
                  count_by=window.count_by)


def protective_orders_section(f: Filters) -> None:
    """Domestic-violence protective orders issued in the period, by kind: issued, breached, repeat
    victims (Law No. 2229-VIII arts. 25, 26; breaches КУпАП art. 173-2, КК art. 390-1). Counts only."""
    lang = f.lang
    counts = cached(protective_order_counts, **f.query(start=f.period.start, end=f.period.end))
    if counts.empty:
        st.caption(t("trends.orders_none", period=period_text(f.period, lang)))
        return
    columns = ["orders", "breached", "repeat_victims"]
    table = counts.set_index("kind").reindex([k for k in keys("protective_order_kinds") if k in set(counts["kind"])])
    table.loc["_total"] = table[columns].sum()
    shown = suppress_table(table[columns], columns, role=f.role, total_row="_total", fmt=lambda v: fmt_int(v, lang))
    names = {**labels("protective_order_kinds", lang), "_total": t("trends.orders_total")}
    shown.insert(0, "kind", [names.get(k, k) for k in shown.index])
    shown = shown.rename(columns={"kind": t("trends.orders_col_kind"), "orders": t("trends.orders_col_orders"),
                                  "breached": t("trends.orders_col_breached"),
                                  "repeat_victims": t("trends.orders_col_repeat")})
    st.dataframe(shown, hide_index=True, width="stretch")
    st.caption(t("trends.orders_caption", period=period_text(f.period, lang)))


def controls(f: Filters, window: Window) -> tuple[list[str], bool]:
    """The community categories to draw (the five largest of the window at first) and the war switch."""
    counts = cached(geo.incident_counts, **f.query(by=("category", "severity"), start=window.start, end=window.end,
                                                   group="community", count_by=window.count_by))
    largest = (counts.groupby("category")["count"].sum().sort_values(ascending=False).index[:DEFAULT_CATEGORIES]
               .tolist() if len(counts) else [])
    c_cats, c_war = st.columns([5, 2], vertical_alignment="bottom")
    chosen = c_cats.multiselect(
        t("trends.categories"), options=_group_keys("community"), default=largest,
        format_func=labels("incident_categories", f.lang).get, placeholder=t("trends.pick_categories"),
        key="trends_categories",
    )
    show_war = c_war.toggle(t("trends.show_war"), value=False, key="trends_war", help=t("trends.show_war_help"))
    return chosen, show_war


f = current_filters()
page_header("trends.title", filters=f)
count_by = count_by_choice(f.role)
end = f.period.end
start = end - timedelta(weeks=WEEKS) + timedelta(days=1)
window = Window(start=start, end=end, ago_start=start - timedelta(weeks=52),
                data_start=cached(geo.incident_date_range, hromada_id=f.selection, day_known=True)[0],
                suppress=suppresses_small_counts(f.role), count_by=count_by)
chosen, show_war = controls(f, window)

if not chosen:
    st.info(t("trends.no_categories"))
else:
    weekly_section(f, window, "community", tuple(chosen), key="trends_community",
                   title=t("trends.weekly_title", years=YEARS), panels=True)
if window.data_start is not None and window.data_start > window.ago_start:
    st.caption(t("trends.data_start_note", date=fmt_date(window.data_start, f.lang, "short")))
if window.suppress:
    st.caption(t("trends.small_note"))
count_by_note(count_by)
if chosen:
    lazy_section("hours", t("trends.hours_section"), partial(hours_section, f, window, tuple(chosen)))
lazy_section("composition", t("trends.composition_section"),
             partial(composition_section, f, "community", key="trends_comp", period=f.period, suppress=window.suppress,
                     count_by=count_by))
lazy_section("orders", t("trends.orders_title"), partial(protective_orders_section, f))

if show_war:  # war-related offences, separately
    st.divider()
    st.header(t("trends.war_section"))
    weekly_section(f, window, "war", None, key="trends_war", title=t("trends.war_weekly_title", years=YEARS),
                   panels=False)
    # War-related records are few: their composition covers the whole three-year window.
    composition_section(f, "war", key="trends_war_comp", period=Period(start, end), suppress=window.suppress,
                        count_by=count_by)
