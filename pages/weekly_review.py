"""Weekly review: one row per category (or settlement) — this week against the weeks before,
last year and year to date, with flags for changes unlikely to be noise; records behind a
number for the prosecutor role."""

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from analytics.periods import Period, last_complete_week_end
from analytics.review import (
    COUNT_COLUMNS,
    TOTAL_KEY,
    add_rates,
    isnan,
    review_periods,
    suppress_review,
    weekly_review,
)
from components.data import cached
from components.filters import current_filters
from components.meeting_pack import pack_changes_note
from components.state import t
from data_access.incidents import daily_incident_counts, incident_records
from data_access.places import settlements
from data_access.reference import article_citations, labels, reference_table
from display.formats import fmt_int, fmt_num, fmt_pct
from domain.dates import iso_week_label, iso_week_monday
from domain.roles import sees_records
from domain.visibility import DERIVED, SECONDARY, SECONDARY_TEXT, SMALL, SMALL_TEXT
from reports.exports import csv_bytes
from reports.weekly_review import category_keys, review_csv

WEEKS_OFFERED = 156
DESCRIPTION_CHARS = 120
NO_SETTLEMENT = "none"
NO_VALUE = float("-inf")
ROW_WIDTH, SETTLEMENT_WIDTH, COUNT_WIDTH, CHANGE_WIDTH, FLAG_WIDTH = 290, 170, 100, 125, 120
UP_COLOUR, DOWN_COLOUR = "background-color: #fde0dc", "background-color: #dcefdc"
TABLE_COLUMNS = ("this_week", "previous_week", "avg_4_weeks", "same_week_last_year", "ytd", "ytd_last_year",
                 "change_vs_previous_pct", "change_vs_ytd_last_year_pct", "flag_week", "flag_ytd")
RATE_COLUMNS = ("population", "rate_this_week", "rate_ytd", "rate_ytd_last_year")

f = current_filters()
lang = f.lang


def span_text(period: Period) -> str:
    """16–22.11.2026, 30.11–06.12.2026 or 29.12.2025–04.01.2026."""
    s, e = period.start, period.end
    if s.year != e.year:
        return f"{s:%d.%m.%Y}–{e:%d.%m.%Y}"
    if s.month != e.month:
        return f"{s:%d.%m}–{e:%d.%m.%Y}"
    return f"{s:%d}–{e:%d.%m.%Y}"


def week_options(today: date) -> list[str]:
    last = last_complete_week_end(today) - timedelta(days=6)
    return [iso_week_label(last - timedelta(weeks=k)) for k in range(WEEKS_OFFERED)]


def seed_from_url(key: str, options: list, default, *, widget_key: str | None = None) -> None:
    """Bound widgets with format_func store translated labels (the URL would not survive a
    language switch), so the URL holds codes and is synced by hand, as components/filters.py does.
    ``widget_key`` (per language) makes a selectbox redraw its label after a language switch."""
    widget_key = widget_key or key
    if widget_key not in st.session_state or st.session_state[widget_key] not in options:
        raw = st.query_params.get(key)
        st.session_state[widget_key] = raw if raw in options else default


def keep_in_url(key: str, value, default) -> None:
    if value == default or value is None:
        if key in st.query_params:
            del st.query_params[key]
    elif st.query_params.get(key) != str(value):
        st.query_params[key] = value


def week_label(week: str) -> str:
    monday = iso_week_monday(week)
    return t("review.week_label", week=week, dates=span_text(Period(monday, monday + timedelta(days=6))))


# --- header and controls -----------------------------------------------------------------------
st.title(t("review.title"))
options = week_options(f.today)
controls = st.columns([2, 2, 3])
with controls[0]:
    seed_from_url("week", options, options[0])
    week_labels = {w: week_label(w) for w in options}
    week = st.selectbox(t("review.week"), options=options, format_func=week_labels.get, key="week",
                        placeholder=t("review.week_placeholder"))
with controls[1]:
    seed_from_url("rows", ["category", "settlement"], "category")
    mode_labels = {m: t(f"review.mode_{m}") for m in ("category", "settlement")}
    mode = st.segmented_control(t("review.mode"), options=list(mode_labels), key="rows", required=True,
                                format_func=mode_labels.get)
week = week or options[0]
keep_in_url("week", week, options[0])
keep_in_url("rows", mode, "category")
monday = iso_week_monday(week)
periods = review_periods(monday)
place = f.hromada_name + (" · " + t("filters.n_settlements", n=len(f.settlement_codes)) if f.settlement_codes else "")
st.caption(place)
st.caption(t(
    "review.periods_caption", week=week, this=span_text(periods.this_week), previous=span_text(periods.previous_week),
    four=span_text(periods.four_weeks), last_year=span_text(periods.same_week_last_year),
    ytd=span_text(periods.ytd), ytd_last=span_text(periods.ytd_last_year),
))
pack_changes_note(f, week)  # figures moved since a stored meeting pack of this week (late records)
if monday.isocalendar().week == 53 and periods.same_week_last_year.start.isocalendar().week == 52:
    st.caption(t("review.week53_note", year=periods.same_week_last_year.start.isocalendar().year))

category_names = labels("incident_categories", lang)
span = periods.span


def counts_for(*, by: str, group: str | None, category: str | None = None) -> pd.DataFrame:
    return cached(daily_incident_counts, **f.query(start=span.start, end=span.end, by=by, group=group,
                                                   category=category))


# --- the table ---------------------------------------------------------------------------------
def no_value(v) -> bool:
    return isnan(v) or v == NO_VALUE


def flag_text(flag, direction) -> str:
    if flag is None or isnan(flag):
        return ""
    if not flag:
        return t("review.flag_none")
    return t("review.flag_up") if direction > 0 else t("review.flag_down")


def draw_table(table: pd.DataFrame, *, key_col: str, names: dict, key: str, with_rates: bool = False,
               row_width: int = ROW_WIDTH) -> None:
    """The review table as the role may see it: sortable, flagged rows coloured and marked."""
    values, mask = suppress_review(table, role=f.role)
    shown = pd.DataFrame({"row": [names.get(k, str(k)) for k in table[key_col]]}, index=table.index)
    for column in TABLE_COLUMNS[:8]:
        shown[column] = pd.to_numeric(values[column], errors="coerce").astype("float64")
    shown["flag_week"] = [flag_text(a, b) for a, b in zip(values.flag_week, values.direction_week, strict=True)]
    shown["flag_ytd"] = [flag_text(a, b) for a, b in zip(values.flag_ytd, values.direction_ytd, strict=True)]
    if with_rates:
        for column in RATE_COLUMNS:
            shown[column] = pd.to_numeric(values[column], errors="coerce").astype("float64")

    def fmt_cell(column):
        if column in ("avg_4_weeks",):
            return lambda v: "" if no_value(v) else fmt_num(v, lang, 2)
        if column.startswith("change_"):
            return lambda v: "" if no_value(v) else fmt_pct(v / 100, lang, digits=1, signed=True)
        if column.startswith("rate_"):
            return lambda v: "—" if no_value(v) else fmt_num(v, lang, 2)
        return lambda v: "—" if no_value(v) else fmt_int(v, lang)

    numeric = [c for c in shown.columns if c not in ("row", "flag_week", "flag_ytd")]
    # st.dataframe shows "None" for an empty cell whatever the Styler says; an empty or hidden
    # cell is sent as −∞ (sorts to one end, reveals nothing) and displayed as "", "< 5" or "…".
    shown[numeric] = shown[numeric].fillna(NO_VALUE)
    styler = shown.style.format({c: fmt_cell(c) for c in numeric})
    for column in numeric:
        derived = f"≤ {fmt_num(1, lang, 2)}" if column == "avg_4_weeks" else ""  # the mean of 1–4 over 4 weeks
        for kind, text in ((SMALL, SMALL_TEXT), (SECONDARY, SECONDARY_TEXT), (DERIVED, derived)):
            rows = mask.index[mask[column] == kind] if column in mask.columns else []
            if len(rows):
                styler = styler.format(lambda _v, text=text: text, subset=pd.IndexSlice[rows, [column]])

    def row_style(row):
        i = row.name
        direction = None
        if values.at[i, "flag_week"] is True:
            direction = values.at[i, "direction_week"]
        elif values.at[i, "flag_ytd"] is True:
            direction = values.at[i, "direction_ytd"]
        colour = "" if direction is None else (UP_COLOUR if direction > 0 else DOWN_COLOUR)
        weight = "font-weight: bold" if bool(table.at[i, "is_total"]) else ""
        return ["; ".join(x for x in (colour, weight) if x)] * len(row)

    styler = styler.apply(row_style, axis=1)
    cc = st.column_config
    config = {
        "row": cc.TextColumn(t("review.col_settlement" if key_col == "settlement" else "review.col_category"),
                             pinned=True, width=row_width),
        **{c: cc.NumberColumn(t(f"review.col_{c}"), help=t(f"review.help_{c}"), width=COUNT_WIDTH)
           for c in ("this_week", "previous_week", "avg_4_weeks", "same_week_last_year", "ytd", "ytd_last_year")},
        "change_vs_previous_pct": cc.NumberColumn(t("review.col_change_vs_previous_pct"), help=t("review.help_change"),
                                                  width=CHANGE_WIDTH),
        "change_vs_ytd_last_year_pct": cc.NumberColumn(t("review.col_change_vs_ytd_last_year_pct"),
                                                       help=t("review.help_change"), width=CHANGE_WIDTH),
        "flag_week": cc.TextColumn(t("review.col_flag_week"), help=t("review.help_flag_week"), width=FLAG_WIDTH),
        "flag_ytd": cc.TextColumn(t("review.col_flag_ytd"), help=t("review.help_flag_ytd"), width=FLAG_WIDTH),
    }
    if with_rates:
        config["population"] = cc.NumberColumn(t("review.col_population"), width=COUNT_WIDTH)
        for column in RATE_COLUMNS[1:]:
            config[column] = cc.NumberColumn(t(f"review.col_{column}"), help=t("review.help_rate"), width=CHANGE_WIDTH)
    st.dataframe(styler, column_config=config, hide_index=True, width="stretch", key=key,
                 height=36 * (len(shown) + 1) + 3)
    if (mask != "").any().any():
        st.caption(t("review.suppressed_note"))


def category_table(group: str) -> pd.DataFrame:
    return weekly_review(counts_for(by="category", group=group), monday, keys=category_keys(group),
                         total_key=TOTAL_KEY)


row_names: dict = {}
tables: dict[str, pd.DataFrame] = {}
settlement_df = cached(settlements, hromada_id=f.hromada_id)
settlement_names = {str(i): n for i, n in zip(settlement_df["id"], settlement_df[f"name_{lang}"], strict=True)}

if mode == "category":
    with controls[2]:
        show_war = st.toggle(t("review.show_war"), key="war", help=t("review.show_war_help"))
    names = {**category_names, TOTAL_KEY: t("review.total")}
    community = category_table("community")
    st.subheader(t("review.community_heading"))
    draw_table(community, key_col="category", names=names, key="review_community")
    tables["community"] = community
    if show_war:
        war = category_table("war")
        st.subheader(t("review.war_heading"))
        draw_table(war, key_col="category", names=names, key="review_war")
        tables["war"] = war
    row_names = names
else:
    all_keys = category_keys("community") + category_keys("war")
    with controls[2]:
        seed_from_url("category", [TOTAL_KEY, *all_keys], TOTAL_KEY, widget_key=f"category_{lang}")
        choice_labels = {TOTAL_KEY: t("review.all_community"), **{k: category_names[k] for k in all_keys}}
        chosen = st.selectbox(t("review.category_choice"), options=list(choice_labels), key=f"category_{lang}",
                              placeholder=t("review.drill_placeholder"), format_func=choice_labels.get)
    chosen = chosen or TOTAL_KEY
    keep_in_url("category", chosen, TOTAL_KEY)
    group = reference_table("incident_categories").set_index("key")["group"].get(chosen, "community")
    raw = counts_for(by="settlement", group=group, category=None if chosen == TOTAL_KEY else chosen)
    raw = raw.assign(settlement=[NO_SETTLEMENT if pd.isna(v) else str(int(v)) for v in raw["settlement"]])
    in_view = settlement_df if not f.settlement_ids else settlement_df[settlement_df["id"].isin(f.settlement_ids)]
    keys = [str(i) for i in in_view["id"]] + ([NO_SETTLEMENT] if (raw["settlement"] == NO_SETTLEMENT).any() else [])
    table = weekly_review(raw, monday, key_col="settlement", keys=keys, total_key=TOTAL_KEY)
    population = {str(i): p for i, p in zip(in_view["id"], in_view["population"], strict=True)}
    known = [p for p in population.values() if p is not None and p == p]
    if len(known) == len(population):
        population[TOTAL_KEY] = sum(known)
    table = add_rates(table, pd.Series(population, dtype="object"), key_col="settlement")
    names = {**settlement_names, NO_SETTLEMENT: t("review.no_settlement"), TOTAL_KEY: t("review.total")}
    heading = t("review.all_community") if chosen == TOTAL_KEY else category_names[chosen]
    st.subheader(t("review.settlement_heading", category=heading))
    draw_table(table, key_col="settlement", names=names, key="review_settlements", with_rates=True,
               row_width=SETTLEMENT_WIDTH)
    missing = [names[k] for k in table["settlement"] if k in settlement_names and population.get(k) is None
               or (k in settlement_names and population.get(k) != population.get(k))]
    if missing:
        st.caption(t("review.no_population", names=", ".join(missing)))
    st.caption(t("review.population_source"))
    tables["settlement"] = table
    row_names = names

st.caption(t("review.flag_explained"))
if all(int(tb[list(COUNT_COLUMNS)].to_numpy().sum()) == 0 for tb in tables.values()):
    st.info(t("review.empty"))

# --- drill-down to the records (prosecutor only) --------------------------------------------------
st.subheader(t("review.drill_heading"))
if not sees_records(f.role):
    st.info(t("review.drill_only_prosecutor"), icon=":material/lock:")
    st.stop()

if mode == "category":
    row_options = [f"community:{k}" for k in tables["community"]["category"]]
    if "war" in tables:
        row_options += [f"war:{k}" for k in tables["war"]["category"]]

    def row_label(option: str) -> str:
        group, key = option.split(":", 1)
        if key == TOTAL_KEY:
            return t("review.total") + (f" · {t('review.war_heading')}" if group == "war" else "")
        return category_names[key]
else:
    row_options = list(tables["settlement"]["settlement"])

    def row_label(option: str) -> str:
        return row_names.get(option, option)

period_columns = list(periods.by_column())
drill = st.columns(2)
with drill[0]:
    row_labels = {option: row_label(option) for option in row_options}
    row_choice = st.selectbox(t("review.drill_row"), options=row_options, format_func=row_labels.get,
                              key=f"drill_row_{lang}",
                              placeholder=t("review.drill_placeholder"))
with drill[1]:
    period_labels = {c: t(f"review.period_{c}") for c in period_columns}
    period_choice = st.selectbox(t("review.drill_period"), options=period_columns, key=f"drill_period_{lang}",
                                 format_func=period_labels.get, placeholder=t("review.drill_placeholder"))
if row_choice and period_choice:
    period = periods.by_column()[period_choice]
    query = f.query(role=f.role, start=period.start, end=period.end)
    if mode == "category":
        group, key = row_choice.split(":", 1)
        query.update(group=group, category=None if key == TOTAL_KEY else key)
    else:
        query.update(group=group, category=None if chosen == TOTAL_KEY else chosen)
        if row_choice == NO_SETTLEMENT:
            query.update(no_settlement=True)
        elif row_choice != TOTAL_KEY:
            query.update(settlement_ids=(int(row_choice),))
    records = cached(incident_records, **query)
    total = records.attrs.get("total", len(records))
    st.caption(t("review.drill_count", n=fmt_int(total, lang), period=span_text(period)))
    if len(records) < total:
        st.caption(t("review.drill_limited", shown=fmt_int(len(records), lang), total=fmt_int(total, lang)))
    if records.empty:
        st.info(t("review.drill_none"))
    else:
        articles = article_citations(lang)
        statuses = labels("incident_statuses", lang)
        shown = pd.DataFrame({
            "occurred_at": records["occurred_at"],
            "settlement": [row_names.get(str(s), settlement_names.get(str(s), "")) if not pd.isna(s)
                           else t("review.no_settlement") for s in records["settlement_id"]],
            "category": records["category"].map(lambda k: category_names.get(k, k)),
            "article": [articles.get(a, a) if isinstance(a, str) else "" for a in records["legal_article"]],
            "status": records["status"].map(lambda k: statuses.get(k, k)),
            "description": [(d[:DESCRIPTION_CHARS - 1] + "…") if isinstance(d, str) and len(d) > DESCRIPTION_CHARS
                            else (d or "") for d in records["description"]],
        })
        cc = st.column_config
        st.dataframe(shown, hide_index=True, width="stretch", key="drill_records", column_config={
            "occurred_at": cc.DatetimeColumn(t("review.rec_occurred_at"), format="DD.MM.YYYY HH:mm"),
            "settlement": cc.TextColumn(t("review.rec_settlement")),
            "category": cc.TextColumn(t("review.rec_category")),
            "article": cc.TextColumn(t("review.rec_article")),
            "status": cc.TextColumn(t("review.rec_status")),
            "description": cc.TextColumn(t("review.rec_description"), width="large"),
        })
        export = shown.rename(columns={c: t(f"review.rec_{c}") for c in shown.columns})
        st.download_button(t("review.download_records"), data=lambda: csv_bytes(export),
                           file_name=f"records_{week}_{period_choice}.csv", mime="text/csv",
                           icon=":material/download:", on_click="ignore")

if mode == "category":
    st.download_button(t("review.download_table"), data=lambda: review_csv(tables["community"]).encode("utf-8"),
                       file_name=f"weekly_review_{week}.csv", mime="text/csv", icon=":material/table:",
                       on_click="ignore")
