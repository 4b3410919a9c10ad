"""Resident requests: is every resident heard? Deadlines by law, answer times, backlog, topics,
channels, the map per 10,000 residents, overdue lists, repeat clusters and the link to incidents."""

from datetime import date, timedelta
from functools import partial

import pandas as pd
import streamlit as st

from analytics import requests_sla as sla
from analytics.rates import settlement_rates
from analytics.request_kpis import outcome_counts, type_summary
from components.data import cached
from components.filters import Filters, current_filters
from components.map_view import show_map
from components.request_tables import cluster_table, deadline_list, legal_basis, settlement_table, type_table
from components.sections import lazy_section
from components.state import t
from components.tiles import days_tile, share_tile
from components.ui import kpi_tile, page_header, period_text, show_chart
from data_access import places
from data_access import requests as q
from data_access.reference import boundaries_of, keys, labels, reference_table
from display.formats import fmt_date, fmt_int
from display.maps import community_map
from display.palette import CHART
from display.request_charts import backlog_chart, flow_chart, linked_chart, share_bar_chart, topic_chart
from display.summaries import ranking_summary
from domain.roles import sees_records
from domain.visibility import display_count, suppress_table, suppresses_small_counts

MIN_CHART_WEEKS = 26
LOOKBACK_DAYS = 365


def kpi_section(f: Filters, *, now: dict, suppress: bool, fmt) -> None:
    """Ten tiles: received, answered, on time, open and overdue now; answer times, forwarded, collective."""
    lang = f.lang
    cur, prev = (cached(q.period_counts, **f.query(start=p.start, end=p.end)) for p in (f.period, f.previous))
    times_cur, times_prev, ptimes_cur, ptimes_prev = (
        sla.answer_times(cached(q.answer_days, **f.query(start=p.start, end=p.end, partner=partner)))
        for partner in (False, True) for p in (f.period, f.previous))
    earlier = f.today - timedelta(days=f.period.days)
    before = cached(q.backlog_on, **f.query(as_of=earlier))
    st.header(t("requests.kpi_section"))
    row1 = st.columns(5)
    with row1[0]:
        kpi_tile(t("requests.kpi_received"), cur["received"], filters=f, base=prev["received"], higher_is_better=True,
                 help=t("requests.kpi_received_help"))
    with row1[1]:
        kpi_tile(t("requests.kpi_answered"), cur["answered"], filters=f, base=prev["answered"], higher_is_better=True,
                 help=t("requests.kpi_answered_help"))
    with row1[2]:
        share_tile("requests.kpi_on_time", cur["closed_on_time"], cur["closed"], prev["closed_on_time"],
                   prev["closed"], "requests.kpi_on_time_help", lang=lang, suppress=suppress)
    with row1[3]:
        kpi_tile(t("requests.kpi_open_now"), now["open"], filters=f, base=before["open"],
                 help=t("requests.kpi_open_now_help", date=fmt_date(earlier, lang, "short")))
    with row1[4]:
        kpi_tile(t("requests.kpi_overdue_now"), now["overdue"], filters=f, base=before["overdue"],
                 help=t("requests.kpi_overdue_now_help", date=fmt_date(earlier, lang, "short")))
    row2 = st.columns(5)
    with row2[0]:
        days_tile("requests.kpi_median_days", times_cur.median, times_prev.median, "requests.kpi_median_days_help",
                  lang=lang, n=times_cur.n, n_before=times_prev.n, suppress=suppress)
    with row2[1]:
        days_tile("requests.kpi_p90_days", times_cur.p90, times_prev.p90, "requests.kpi_p90_days_help", lang=lang,
                  n=times_cur.n, n_before=times_prev.n, suppress=suppress)
    with row2[2]:
        share_tile("requests.kpi_forwarded", cur["forwarded"], cur["received"], prev["forwarded"], prev["received"],
                   "requests.kpi_forwarded_help", lang=lang, suppress=suppress)
    with row2[3]:
        partner_n = display_count(ptimes_cur.n, suppress=suppress, fmt=fmt)
        days_tile("requests.kpi_partner_days", ptimes_cur.median, ptimes_prev.median, "requests.kpi_partner_days_help",
                  lang=lang, n=ptimes_cur.n, n_before=ptimes_prev.n, suppress=suppress,
                  caption=t("requests.partner_answers_n", n=partner_n) if ptimes_cur.n else None)
    with row2[4]:
        kpi_tile(t("requests.kpi_collective"), cur["collective"], filters=f, base=prev["collective"],
                 help=t("requests.kpi_collective_help"))
    st.caption(t("requests.kpi_caption", previous=period_text(f.previous, lang)))


def types_section(f: Filters, *, suppress: bool, fmt, count_text) -> None:
    """Each type on its own legal clock, with the law one click away; sent to the competent body apart from
    tasks passed to partners; the outcomes of the answers."""
    legal_basis(f.lang)
    states = cached(q.states_on, **f.query(as_of=f.today, closed_since=f.period.start))
    summary = type_summary(states, start=f.period.start, end=f.period.end, types=keys("request_types"))
    type_table(summary, role=f.role, lang=f.lang, fmt=fmt, suppress=suppress)
    st.caption(t("requests.types_caption", period=period_text(f.period, f.lang),
                 today=fmt_date(f.today, f.lang, "short")))
    cur = cached(q.period_counts, **f.query(start=f.period.start, end=f.period.end))
    left, right = st.columns(2)
    left.metric(t("requests.kpi_sent_by_competence"), count_text(cur["sent_by_competence"]), border=True,
                help=t("requests.kpi_sent_by_competence_help"))
    right.metric(t("requests.kpi_partner_tasks"), count_text(cur["forwarded"]), border=True,
                 help=t("requests.kpi_partner_tasks_help"))
    outcomes = outcome_counts(states, start=f.period.start, end=f.period.end)
    if outcomes.empty:
        st.info(t("requests.no_outcomes"))
        return
    names = {**labels("request_outcomes", f.lang), "unknown": t("requests.outcome_unknown")}
    outcomes["label"] = outcomes["key"].map(lambda k: names.get(k, k))
    outcomes["display"] = suppress_table(outcomes, ["count"], role=f.role, fmt=fmt)["count"]
    show_chart(share_bar_chart(outcomes, f.lang, title=t("requests.outcomes_title"), colour=CHART["outcomes"]),
               key="requests_outcomes", first_screen=True)


def flow_section(f: Filters, *, suppress: bool) -> None:
    """Received and answered per week, and the backlog, over at least 26 weeks."""
    chart_start = f.period.start if f.period.days >= 13 * 7 else f.period.end - timedelta(weeks=MIN_CHART_WEEKS) + \
        timedelta(days=1)
    chart_period = (f.period.start, f.period.end) if chart_start < f.period.start else None
    daily = cached(q.daily_flow, **f.query(end=f.period.end))
    st.header(t("requests.flow_section"))
    left, right = st.columns(2)
    with left:
        show_chart(flow_chart(sla.weekly_flow(daily, chart_start, f.period.end), f.lang,
                              title=t("requests.flow_title"), period=chart_period, suppress=suppress),
                   key="requests_flow", first_screen=True)
    with right:
        show_chart(backlog_chart(sla.backlog_by_week(daily, chart_start, f.period.end), f.lang,
                                 title=t("requests.backlog_title"), period=chart_period, suppress=suppress),
                   key="requests_backlog", first_screen=True)
    st.caption(t("requests.flow_caption") + (" " + t("requests.small_hidden") if suppress else ""))


def topic_trend(f: Filters) -> pd.DataFrame:
    """Topics of the last 13 weeks against the 13 before (analytics.request_sla.topic_trend)."""
    return sla.topic_trend(cached(q.topic_windows, **f.query(end=f.period.end, weeks=sla.TREND_WEEKS)))


def topics_section(f: Filters, *, fmt) -> pd.DataFrame:
    """Topics of the last 13 weeks against the 13 before, rising ones named; returns the trend table."""
    lang, topic_labels = f.lang, labels("request_topics", f.lang)
    trend = topic_trend(f)
    trend["label"] = trend["topic"].map(lambda k: topic_labels.get(k, k))
    cur_start = f.period.end - timedelta(weeks=sla.TREND_WEEKS) + timedelta(days=1)
    if trend.empty:
        st.info(t("requests.no_requests"))
        return trend
    shown = trend.copy()
    for col in ("current", "previous"):  # each column's sum is public (the 13-week totals)
        shown[f"{col}_display"] = suppress_table(trend[[col]], [col], role=f.role, fmt=fmt)[col]
    show_chart(topic_chart(shown, lang, title=t("requests.topics_title")), key="requests_topics")
    rising = trend[trend["rising"]]["label"].tolist()
    st.caption(t("requests.topics_caption",
                 last=f"{fmt_date(cur_start, lang, 'short')} – {fmt_date(f.period.end, lang, 'short')}",
                 before=f"{fmt_date(cur_start - timedelta(weeks=sla.TREND_WEEKS), lang, 'short')} – "
                        f"{fmt_date(cur_start - timedelta(days=1), lang, 'short')}"))
    if rising:
        st.warning(t("requests.rising_topics", topics=", ".join(rising)), icon=":material/trending_up:")
    else:
        st.success(t("requests.no_rising_topics"), icon=":material/check_circle:")
    return trend


def channels_and_types(f: Filters, *, fmt) -> None:
    """How requests arrive and of which type, in the period."""
    left, right = st.columns(2)
    for col, field, names, title_key, colour in (
        (left, "channel", labels("request_channels", f.lang), "requests.channels_title", None),
        (right, "type", labels("request_types", f.lang), "requests.types_title", CHART["types"]),
    ):
        counts = cached(q.counts_by, **f.query(start=f.period.start, end=f.period.end, field=field))
        with col:
            if counts.empty:
                st.info(t("requests.no_requests"))
                continue
            counts["label"] = counts["key"].map(lambda k, names=names: names.get(k, k))
            counts["display"] = suppress_table(counts, ["count"], role=f.role, fmt=fmt)["count"]
            show_chart(share_bar_chart(counts, f.lang, title=t(title_key), colour=colour), key=f"requests_{field}")
    st.caption(t("requests.period_counts_caption", period=period_text(f.period, f.lang)))


def map_section(f: Filters, *, suppress: bool, fmt) -> None:
    """Settlements shaded by requests per 10,000 residents, and the same figures as a table."""
    lang = f.lang
    s = cached(places.settlements, hromada_id=f.selection)
    if f.settlement_ids:
        s = s[s["id"].isin(f.settlement_ids)]
    kw = f.query(field="settlement_id")
    counts = sla.requests_per_settlement(s, cached(q.counts_by, **kw, start=f.period.start, end=f.period.end),
                                         cached(q.counts_by, **kw, start=f.previous.start, end=f.previous.end))
    # The hromada total is public (a KPI tile), so one hidden settlement would follow from the
    # others: a second one is hidden ("…") where needed, and a hidden count has no rate.
    table = settlement_rates(counts, suppress=suppress, fmt=fmt).assign(name=lambda d: d[f"name_{lang}"])
    m = community_map(lang=lang, settlements=table, value_label=t("requests.map_value"),
                      boundaries=boundaries_of(f.codes))
    show_map(m, key="requests_map", height=560,
             summary=ranking_summary(list(table["name"]), list(table["count"].where(~table["hidden"])), lang,
                                     what=t("requests.map_value"), suppress=suppress))
    located = table["lat"].notna() & table["lon"].notna()
    st.caption(t("requests.map_caption", drawn=int(located.sum()), total=len(table)))
    settlement_table(table, lang=lang)


def lists_section(f: Filters) -> None:
    """Overdue and at-risk requests, one record a row, with downloads (prosecutor only)."""
    for which, title_key, empty_key in (("overdue", "requests.overdue_title", "requests.overdue_none"),
                                        ("at_risk", "requests.at_risk_title", "requests.at_risk_none")):
        st.subheader(t(title_key))
        records = cached(q.deadline_list, role=f.role, **f.query(today=f.today, which=which))
        if records.empty:
            st.success(t(empty_key), icon=":material/check_circle:")
            continue
        deadline_list(records, which=which, lang=f.lang, sheet=t(title_key),
                      file_stem=f"{which}_{f.hromada_code}_{f.today.isoformat()}")


def deadlines_section(f: Filters, *, now: dict, count_text) -> None:
    """Overdue and at-risk requests now: counts, and the lists for the prosecutor."""
    st.caption(t("requests.deadlines_rule"))
    c1, c2 = st.columns(2)
    c1.metric(t("requests.kpi_overdue_now"), count_text(now["overdue"]), border=True)
    c2.metric(t("requests.kpi_at_risk"), count_text(now["at_risk"]), border=True, help=t("requests.kpi_at_risk_help"))
    if sees_records(f.role):
        lists_section(f)
    else:
        st.info(t("requests.lists_prosecutor_only"), icon=":material/lock:")


def clusters_section(f: Filters, *, fmt, count_text) -> None:
    """Repeated problems: chains of requests on one topic from one settlement."""
    lang = f.lang
    lookback_start = f.period.start - timedelta(days=LOOKBACK_DAYS)
    days = cached(q.topic_settlement_days, **f.query(start=lookback_start, end=f.period.end))
    clusters = sla.clusters_in_period(days, f.period.start)
    st.caption(t("requests.clusters_rule", gap=sla.CLUSTER_GAP_DAYS, size=sla.CLUSTER_MIN_SIZE))
    if clusters.empty:
        st.success(t("requests.clusters_none"), icon=":material/check_circle:")
        return
    s = cached(places.settlements, hromada_id=f.selection)
    names = dict(zip(s["id"], s[f"name_{lang}"], strict=True))
    m1, m2, m3 = st.columns(3)
    m1.metric(t("requests.kpi_clusters"), fmt_int(len(clusters), lang), border=True,
              help=t("requests.kpi_clusters_help"))
    m2.metric(t("requests.kpi_cluster_settlements"), fmt_int(clusters["settlement_id"].nunique(), lang), border=True)
    m3.metric(t("requests.kpi_cluster_requests"), count_text(int(clusters["in_period"].sum())), border=True,
              help=t("requests.kpi_cluster_requests_help"))
    cluster_table(clusters, names=names, lookback_start=lookback_start, role=f.role, lang=lang, fmt=fmt)
    st.caption(t("requests.clusters_first_note", gap=sla.CLUSTER_GAP_DAYS))


def linked_section(f: Filters, *, suppress: bool) -> None:
    """A request topic and the incident category it points at, month by month."""
    lang, topic_labels = f.lang, labels("request_topics", f.lang)
    trend = topic_trend(f)
    topics_ref = reference_table("request_topics")
    linked = topics_ref[topics_ref["incident_category"] != ""]
    category_of = dict(zip(linked["key"], linked["incident_category"], strict=True))
    category_labels = labels("incident_categories", lang)
    # Start with the linked topic residents wrote about most in the last 13 weeks.
    volume = dict(zip(trend["topic"], trend["current"], strict=True)) if len(trend) else {}
    options = sorted(category_of, key=lambda k: -volume.get(k, 0))
    topic = st.selectbox(t("requests.linked_pick"), options=options, format_func=topic_labels.get,
                         key="requests_linked_topic", placeholder=t("requests.linked_pick"))
    if topic is None:
        return
    end = f.period.end
    start = date(end.year - (1 if end.month < 12 else 0), end.month % 12 + 1, 1)  # 12 calendar months
    series = cached(q.requests_and_incidents,
                    **f.query(start=start, end=end, topic=topic, category=category_of[topic]))
    months = sla.monthly(series, start, end, ("requests", "incidents"))
    show_chart(linked_chart(months, lang, topic_label=topic_labels[topic],
                            category_label=category_labels.get(category_of[topic], category_of[topic]),
                            title=t("requests.linked_title"), suppress=suppress), key="requests_linked")
    st.caption(t("requests.linked_caption", start=fmt_date(start, lang, "short"), end=fmt_date(end, lang, "short"))
               + (" " + t("requests.small_hidden") if suppress else ""))


f = current_filters()
suppress = suppresses_small_counts(f.role)
fmt = partial(fmt_int, lang=f.lang)
count_text = partial(display_count, suppress=suppress, fmt=fmt)
page_header("requests.title", filters=f)
st.caption(t("requests.intro"))
now = cached(q.backlog_on, **f.query(as_of=f.today))
kpi_section(f, now=now, suppress=suppress, fmt=fmt)
flow_section(f, suppress=suppress)
lazy_section("types", t("requests.types_section"),
             partial(types_section, f, suppress=suppress, fmt=fmt, count_text=count_text))
lazy_section("topics", t("requests.topics_section"), partial(topics_section, f, fmt=fmt))
lazy_section("channels", t("requests.channels_section"), partial(channels_and_types, f, fmt=fmt))
lazy_section("map", t("requests.map_section"), partial(map_section, f, suppress=suppress, fmt=fmt))
lazy_section("deadlines", t("requests.deadlines_section"), partial(deadlines_section, f, now=now, count_text=count_text))
lazy_section("repeated", t("requests.clusters_section"), partial(clusters_section, f, fmt=fmt, count_text=count_text))
lazy_section("linked", t("requests.linked_section"), partial(linked_section, f, suppress=suppress))
st.caption(t("requests.privacy_note"))
