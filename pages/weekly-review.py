"""Weekly review: one row per category (or settlement) — this week against the weeks before,
last year and year to date, with flags for changes unlikely to be noise; records behind a
number for the prosecutor role."""

from datetime import date, timedelta
from functools import partial

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from analytics.periods import Period, last_complete_week_end
from analytics.review import (
    COUNT_COLUMNS,
    TOTAL_KEY,
    ReviewPeriods,
    add_rates_with_total,
    occupation_touches,
    review_periods,
    weekly_review,
)
from components.count_date import count_by_choice, count_by_note
from components.data import account_hromadas, cached
from components.filters import Filters, current_filters
from components.meeting_pack import pack_changes_note
from components.review_table import SETTLEMENT_WIDTH, records_table, review_download, review_table, span_text
from components.state import t
from components.url_state import keep_in_url, seed_from_url
from data_access.incident_geo import incident_date_range
from data_access.incidents import coarse_left_out, daily_incident_counts, incident_records
from data_access.places import settlements
from data_access.reference import labels, occupation_of, reference_table
from display.formats import fmt_int
from domain.dates import iso_week_label, iso_week_monday, week_start
from domain.roles import sees_records
from domain.visibility import display_count, suppresses_small_counts
from reports.weekly_review import category_keys

WEEKS_OFFERED = 156
NO_SETTLEMENT = "none"
MODES = ("category", "settlement", "hromada")  # "hromada": a selection of several, row by row

# A section returns its review tables, the rows offered for the drill-down (option -> label) and
# each row's record filters (option -> keyword filters for data_access.incidents.incident_records).
Section = tuple[dict[str, pd.DataFrame], dict[str, str], dict[str, dict]]


def week_options(today: date) -> list[str]:
    last = last_complete_week_end(today) - timedelta(days=6)
    return [iso_week_label(last - timedelta(weeks=k)) for k in range(WEEKS_OFFERED)]


def default_week(options: list[str], last_day: date | None) -> str:
    """The latest complete week, or — when the data end before it — the last week that has data
    (when that week is still offered)."""
    if last_day is None:
        return options[0]
    week = iso_week_label(week_start(last_day))
    return week if week in options[1:] else options[0]


def week_controls(options: list[str], default: str, modes: tuple[str, ...]) -> tuple[str, str, DeltaGenerator]:
    """The week and the kind of rows (``modes``), kept in the URL (``week``, ``rows``); returns both and the
    column left for the section's own control."""
    controls = st.columns([2, 2 if len(modes) < 3 else 4, 3])
    with controls[0]:
        seed_from_url("week", valid=options.__contains__, default=default)
        week_labels = {}
        for w in options:
            monday = iso_week_monday(w)
            week_labels[w] = t("review.week_label", week=w, dates=span_text(Period(monday, monday + timedelta(days=6))))
        week = st.selectbox(t("review.week"), options=options, format_func=week_labels.get, key="week",
                            placeholder=t("review.week_placeholder"))
    with controls[1]:
        seed_from_url("rows", valid=modes.__contains__, default="category")
        mode_labels = {m: t(f"review.mode_{m}") for m in modes}
        mode = st.segmented_control(t("review.mode"), options=list(mode_labels), key="rows", required=True,
                                    format_func=mode_labels.get)
    week = week or default
    keep_in_url("week", week, default)
    keep_in_url("rows", mode, "category")
    return week, mode, controls[2]


def period_captions(f: Filters, week: str, periods: ReviewPeriods) -> None:
    place = f.hromada_name + (" · " + t("filters.n_settlements", n=len(f.settlement_codes))
                              if f.settlement_codes else "")
    st.caption(place)
    st.caption(t(
        "review.periods_caption", week=week, this=span_text(periods.this_week),
        previous=span_text(periods.previous_week), four=span_text(periods.four_weeks),
        last_year=span_text(periods.same_week_last_year), ytd=span_text(periods.ytd),
        ytd_last=span_text(periods.ytd_last_year),
    ))


def counts_for(f: Filters, periods: ReviewPeriods, *, by: str, group: str | None,
               category: str | None = None, count_by: str = "occurred") -> pd.DataFrame:
    return cached(daily_incident_counts, **f.query(start=periods.span.start, end=periods.span.end, by=by,
                                                   group=group, category=category, count_by=count_by))


def occupation_note(f: Filters, periods: ReviewPeriods, occupied) -> None:
    """A visible note when a comparison of the week touches a period of occupation of the hromada."""
    touched = occupation_touches(periods, occupied)
    if touched:
        spans = ", ".join(span_text(Period(start, end)) for start, end in occupied)
        st.warning(t("review.occupation_note", periods=spans,
                     columns="; ".join(t(f"review.period_{c}") for c in touched)), icon=":material/history:")


def category_section(f: Filters, periods: ReviewPeriods, *, control: DeltaGenerator, count_by: str) -> Section:
    """A table of community categories (and, when asked for, one of war-related ones)."""
    with control:
        show_war = st.toggle(t("review.show_war"), key="war", help=t("review.show_war_help"))
    category_names = labels("incident_categories", f.lang)
    names = {**category_names, TOTAL_KEY: t("review.total")}
    monday = periods.this_week.start
    tables = {}
    for group, heading_key in (("community", "review.community_heading"), ("war", "review.war_heading")):
        if group == "war" and not show_war:
            continue
        table = weekly_review(counts_for(f, periods, by="category", group=group, count_by=count_by), monday,
                              keys=category_keys(group), total_key=TOTAL_KEY, occupied=occupation_of(f.codes))
        st.header(t(heading_key))
        review_table(table, key_col="category", names=names, key=f"review_{group}", role=f.role, lang=f.lang)
        tables[group] = table
    rows, filters = {}, {}
    for group, table in tables.items():
        for key in table["category"]:
            option = f"{group}:{key}"
            if key == TOTAL_KEY:
                rows[option] = t("review.total") + (f" · {t('review.war_heading')}" if group == "war" else "")
            else:
                rows[option] = category_names[key]
            filters[option] = {"group": group, "category": None if key == TOTAL_KEY else key}
    return tables, rows, filters


def category_choice(f: Filters, control: DeltaGenerator) -> str | None:
    """The one category the rows are counted for (URL ``category``); None = all community categories."""
    category_names = labels("incident_categories", f.lang)
    all_keys = category_keys("community") + category_keys("war")
    with control:
        seed_from_url("category", valid=[TOTAL_KEY, *all_keys].__contains__, default=TOTAL_KEY,
                      state_key=f"category_{f.lang}")
        choice_labels = {TOTAL_KEY: t("review.all_community"), **{k: category_names[k] for k in all_keys}}
        chosen = st.selectbox(t("review.category_choice"), options=list(choice_labels), key=f"category_{f.lang}",
                              placeholder=t("review.drill_placeholder"), format_func=choice_labels.get)
    chosen = chosen or TOTAL_KEY
    keep_in_url("category", chosen, TOTAL_KEY)
    return None if chosen == TOTAL_KEY else chosen


def settlement_section(f: Filters, periods: ReviewPeriods, *, control: DeltaGenerator,
                       settlement_df: pd.DataFrame, settlement_names: dict[str, str], count_by: str) -> Section:
    """One row per settlement for one category (or all community ones), with rates per 10,000."""
    category_names = labels("incident_categories", f.lang)
    category = category_choice(f, control)
    chosen = category or TOTAL_KEY
    group = reference_table("incident_categories").set_index("key")["group"].get(chosen, "community")
    raw = counts_for(f, periods, by="settlement", group=group, category=category, count_by=count_by)
    raw = raw.assign(settlement=[NO_SETTLEMENT if pd.isna(v) else str(int(v)) for v in raw["settlement"]])
    in_view = settlement_df if not f.settlement_ids else settlement_df[settlement_df["id"].isin(f.settlement_ids)]
    keys = [str(i) for i in in_view["id"]] + ([NO_SETTLEMENT] if (raw["settlement"] == NO_SETTLEMENT).any() else [])
    table = weekly_review(raw, periods.this_week.start, key_col="settlement", keys=keys, total_key=TOTAL_KEY,
                          occupied=occupation_of(f.codes))
    population = {str(i): p for i, p in zip(in_view["id"], in_view["population"], strict=True)}
    table = add_rates_with_total(table, population, key_col="settlement")
    names = {**settlement_names, NO_SETTLEMENT: t("review.no_settlement"), TOTAL_KEY: t("review.total")}
    heading = t("review.all_community") if chosen == TOTAL_KEY else category_names[chosen]
    st.header(t("review.settlement_heading", category=heading))
    review_table(table, key_col="settlement", names=names, key="review_settlements", role=f.role, lang=f.lang,
                 with_rates=True, row_width=SETTLEMENT_WIDTH)
    missing = [names[k] for k in table["settlement"] if k in settlement_names and population.get(k) is None
               or (k in settlement_names and population.get(k) != population.get(k))]
    if missing:
        st.caption(t("review.no_population", names=", ".join(missing)))
    st.caption(t("review.population_source"))
    rows = {key: names.get(key, key) for key in table["settlement"]}
    filters = {key: {"group": group, "category": category} for key in rows}
    for key, query in filters.items():
        if key == NO_SETTLEMENT:
            query.update(no_settlement=True)
        elif key != TOTAL_KEY:
            query.update(settlement_ids=(int(key),))
    return {"settlement": table}, rows, filters


def hromada_section(f: Filters, periods: ReviewPeriods, *, control: DeltaGenerator, count_by: str) -> Section:
    """A selection of several hromadas, one row per hromada for one category (or all community ones), with rates
    per 10,000 residents; each row's week is judged against that hromada's own weeks before."""
    category = category_choice(f, control)
    group = reference_table("incident_categories").set_index("key")["group"].get(category or "", "community")
    known = account_hromadas()
    chosen = known[known["id"].isin(f.hromada_ids)]
    raw = counts_for(f, periods, by="hromada", group=group, category=category, count_by=count_by)
    raw = raw.assign(hromada=[str(int(v)) for v in raw["hromada"]])
    keys = [str(i) for i in chosen["id"]]
    table = weekly_review(raw, periods.this_week.start, key_col="hromada", keys=keys, total_key=TOTAL_KEY,
                          occupied=occupation_of(f.codes))
    population = {str(i): p for i, p in zip(chosen["id"], chosen["population"], strict=True)}
    table = add_rates_with_total(table, population, key_col="hromada")
    names = {**{str(i): n for i, n in zip(chosen["id"], chosen[f"name_{f.lang}"], strict=True)},
             TOTAL_KEY: t("review.total")}
    heading = t("review.all_community") if category is None else labels("incident_categories", f.lang)[category]
    st.header(t("review.hromada_heading", category=heading))
    review_table(table, key_col="hromada", names=names, key="review_hromadas", role=f.role, lang=f.lang,
                 with_rates=True, row_width=SETTLEMENT_WIDTH)
    missing = [names[k] for k in keys if population.get(k) is None or population.get(k) != population.get(k)]
    if missing:
        st.caption(t("review.no_hromada_population", names=", ".join(missing)))
    rows = {key: names.get(key, key) for key in table["hromada"]}
    filters = {key: {"group": group, "category": category} for key in rows}
    for key, query in filters.items():
        if key != TOTAL_KEY:
            query.update(hromada_id=int(key))
    return {"hromada": table}, rows, filters


def left_out_note(f: Filters, periods: ReviewPeriods, *, count_by: str) -> None:
    """How many incidents known only to their month or year the review's columns left out (from the
    start of last year's year to date to this week's end), and how many of them may fall in this week."""
    def left(period: Period) -> int:
        return cached(coarse_left_out, **f.query(unit="day", start=period.start, end=period.end, group=None,
                                                 count_by=count_by))

    n = left(Period(periods.ytd_last_year.start, periods.this_week.end))
    if n:
        shown = partial(display_count, suppress=suppresses_small_counts(f.role), fmt=lambda v: fmt_int(v, f.lang))
        st.caption(t("review.left_out", n=shown(n), week=shown(left(periods.this_week))))


def drill_down(f: Filters, periods: ReviewPeriods, *, week: str, rows: dict[str, str], filters: dict[str, dict],
               settlement_names: dict[str, str], count_by: str) -> None:
    """The records behind one row and one period column (prosecutor only: the caller checks)."""
    period_columns = list(periods.by_column())
    drill = st.columns(2)
    with drill[0]:
        row_choice = st.selectbox(t("review.drill_row"), options=list(rows), format_func=rows.get,
                                  key=f"drill_row_{f.lang}", placeholder=t("review.drill_placeholder"))
    with drill[1]:
        period_labels = {c: t(f"review.period_{c}") for c in period_columns}
        period_choice = st.selectbox(t("review.drill_period"), options=period_columns, key=f"drill_period_{f.lang}",
                                     format_func=period_labels.get, placeholder=t("review.drill_placeholder"))
    if not (row_choice and period_choice):
        return
    period = periods.by_column()[period_choice]
    query = f.query(role=f.role, start=period.start, end=period.end, count_by=count_by)
    query.update(filters[row_choice])
    records = cached(incident_records, **query)
    total = records.attrs.get("total", len(records))
    st.caption(t("review.drill_count", n=fmt_int(total, f.lang), period=span_text(period)))
    if len(records) < total:
        st.caption(t("review.drill_limited", shown=fmt_int(len(records), f.lang), total=fmt_int(total, f.lang)))
    if records.empty:
        st.info(t("review.drill_none"))
    else:
        records_table(records, settlement_names=settlement_names, lang=f.lang,
                      file_name=f"records_{week}_{period_choice}.csv")


f = current_filters()
st.title(t("review.title"))
options = week_options(f.today)
opening = default_week(options, cached(incident_date_range, hromada_id=f.selection, day_known=True)[1])
week, mode, control = week_controls(options, opening, MODES if f.several else MODES[:2])
if week == opening != options[0]:
    st.info(t("review.opened_on_last_data", week=week, latest=options[0]), icon=":material/history:")
count_by = count_by_choice(f.role)
periods = review_periods(iso_week_monday(week))
period_captions(f, week, periods)
occupation_note(f, periods, occupation_of(f.codes))
pack_changes_note(f, week)  # figures moved since a stored meeting pack of this week (late records)
if periods.this_week.start.isocalendar().week == 53 and periods.same_week_last_year.start.isocalendar().week == 52:
    st.caption(t("review.week53_note", year=periods.same_week_last_year.start.isocalendar().year))

settlement_df = cached(settlements, hromada_id=f.selection)
settlement_names = {str(i): n for i, n in zip(settlement_df["id"], settlement_df[f"name_{f.lang}"], strict=True)}
if mode == "category":
    tables, rows, filters = category_section(f, periods, control=control, count_by=count_by)
elif mode == "hromada":
    tables, rows, filters = hromada_section(f, periods, control=control, count_by=count_by)
else:
    tables, rows, filters = settlement_section(f, periods, control=control, settlement_df=settlement_df,
                                               settlement_names=settlement_names, count_by=count_by)
st.caption(t("review.flag_explained"))
left_out_note(f, periods, count_by=count_by)
count_by_note(count_by)
if all(int(tb[list(COUNT_COLUMNS)].to_numpy().sum()) == 0 for tb in tables.values()):
    st.info(t("review.empty"))

st.header(t("review.drill_heading"))
if not sees_records(f.role):
    st.info(t("review.drill_only_prosecutor"), icon=":material/lock:")
    st.stop()
drill_down(f, periods, week=week, rows=rows, filters=filters, settlement_names=settlement_names, count_by=count_by)
if mode == "category":
    review_download(tables["community"], week=week)
