"""Resident requests: is every resident heard? Deadlines by law, answer times, backlog, topics,
channels, the map per 10,000 residents, overdue lists, repeat clusters and the link to incidents."""

from datetime import date, timedelta
from functools import partial

import pandas as pd
import streamlit as st

from analytics import requests_sla as sla
from analytics.periods import change_ratio
from analytics.rates import rate_per_10k
from components.data import cached
from components.filters import current_filters
from components.map_view import show_map
from components.state import t
from components.ui import kpi_tile, page_header, period_text, show_chart
from data_access import places
from data_access import requests as q
from data_access.reference import boundaries, labels, reference_table
from display.formats import fmt_date, fmt_int, fmt_num, fmt_pct
from display.maps import community_map
from display.request_charts import (
    backlog_chart,
    flow_chart,
    linked_chart,
    share_bar_chart,
    topic_chart,
)
from domain.roles import sees_records
from domain.visibility import display_count, is_hidden_text, share_hidden, suppress_table, suppresses_small_counts
from reports.exports import csv_bytes, xlsx_bytes

f = current_filters()
lang = f.lang
suppress = suppresses_small_counts(f.role)
page_header("requests.title", filters=f)
st.caption(t("requests.intro"))

topic_labels = labels("request_topics", lang)
channel_labels = labels("request_channels", lang)
type_labels = labels("request_types", lang)
status_labels = labels("request_statuses", lang)


def _fmt(value) -> str:
    return fmt_int(value, lang)


def _count_text(value) -> str:
    return display_count(value, suppress=suppress, fmt=_fmt)


def _metric(label: str, text: str, *, delta: float | None, delta_text: str | None, higher_is_better: bool,
            help: str | None = None, caption: str | None = None) -> None:
    """A tile for a share or a number of days, with its change in points or days."""
    # Direction and colour are given explicitly: Streamlit reads a delta text as negative only when
    # it starts with an ASCII "-", and our formatters write the typographic minus "−".
    arrow = "off" if delta is None or delta == 0 else ("up" if delta > 0 else "down")
    colour = "gray" if not delta else ("green" if (delta > 0) == higher_is_better else "red")
    st.metric(label, text, delta=delta_text, delta_arrow=arrow, delta_color=colour, help=help, border=True)
    if caption:
        st.caption(caption)


# --------------------------------------------------------------------------- KPIs
def _counts(period):
    return cached(q.period_counts, **f.query(start=period.start, end=period.end))


def _times(period, partner=False):
    return sla.answer_times(cached(q.answer_days, **f.query(start=period.start, end=period.end, partner=partner)))


cur, prev = _counts(f.period), _counts(f.previous)
times_cur, times_prev = _times(f.period), _times(f.previous)
ptimes_cur, ptimes_prev = _times(f.period, True), _times(f.previous, True)
earlier = f.today - timedelta(days=f.period.days)
now = cached(q.backlog_on, **f.query(as_of=f.today))
before = cached(q.backlog_on, **f.query(as_of=earlier))


def _share_tile(label_key: str, part: int, whole: int, part_prev: int, whole_prev: int, help_key: str) -> None:
    value, base = sla.share(part, whole), sla.share(part_prev, whole_prev)
    if share_hidden(whole, suppress=suppress):
        _metric(t(label_key), "—", delta=None, delta_text=None, higher_is_better=True, help=t(help_key),
                caption=t("requests.too_few_for_share"))
        return
    delta = None if value is None or base is None or share_hidden(whole_prev, suppress=suppress) else value - base
    delta_text = (t("requests.delta_points", change=fmt_num(delta * 100, lang, 0) if delta <= 0
                    else "+" + fmt_num(delta * 100, lang, 0)) if delta is not None else None)
    _metric(t(label_key), fmt_pct(value, lang), delta=delta, delta_text=delta_text, higher_is_better=True,
            help=t(help_key))


def _days_tile(label_key: str, value: float | None, base: float | None, n: int, help_key: str,
               caption: str | None = None) -> None:
    if value is None:
        _metric(t(label_key), "—", delta=None, delta_text=None, higher_is_better=False, help=t(help_key),
                caption=t("requests.no_answers"))
        return
    delta = None if base is None else value - base
    delta_text = None
    if delta is not None:
        sign = "+" if delta > 0 else ""
        delta_text = t("requests.delta_days", change=sign + fmt_num(delta, lang, 1).replace("-", "−"))
    _metric(t(label_key), t("requests.days_value", days=fmt_num(value, lang, 1)), delta=delta,
            delta_text=delta_text, higher_is_better=False, help=t(help_key), caption=caption)


st.subheader(t("requests.kpi_section"))
row1 = st.columns(5)
with row1[0]:
    kpi_tile(t("requests.kpi_received"), cur["received"], filters=f, base=prev["received"], higher_is_better=True,
             help=t("requests.kpi_received_help"))
with row1[1]:
    kpi_tile(t("requests.kpi_answered"), cur["answered"], filters=f, base=prev["answered"], higher_is_better=True,
             help=t("requests.kpi_answered_help"))
with row1[2]:
    _share_tile("requests.kpi_on_time", cur["answered_on_time"], cur["answered"], prev["answered_on_time"],
                prev["answered"], "requests.kpi_on_time_help")
with row1[3]:
    kpi_tile(t("requests.kpi_open_now"), now["open"], filters=f, base=before["open"],
             help=t("requests.kpi_open_now_help", date=fmt_date(earlier, lang, "short")))
with row1[4]:
    kpi_tile(t("requests.kpi_overdue_now"), now["overdue"], filters=f, base=before["overdue"],
             help=t("requests.kpi_overdue_now_help", date=fmt_date(earlier, lang, "short")))
row2 = st.columns(5)
with row2[0]:
    _days_tile("requests.kpi_median_days", times_cur.median, times_prev.median, times_cur.n,
               "requests.kpi_median_days_help")
with row2[1]:
    _days_tile("requests.kpi_p90_days", times_cur.p90, times_prev.p90, times_cur.n, "requests.kpi_p90_days_help")
with row2[2]:
    _share_tile("requests.kpi_forwarded", cur["forwarded"], cur["received"], prev["forwarded"], prev["received"],
                "requests.kpi_forwarded_help")
with row2[3]:
    _days_tile("requests.kpi_partner_days", ptimes_cur.median, ptimes_prev.median, ptimes_cur.n,
               "requests.kpi_partner_days_help",
               caption=t("requests.partner_answers_n", n=_count_text(ptimes_cur.n)) if ptimes_cur.n else None)
with row2[4]:
    kpi_tile(t("requests.kpi_collective"), cur["collective"], filters=f, base=prev["collective"],
             help=t("requests.kpi_collective_help"))
st.caption(t("requests.kpi_caption", previous=period_text(f.previous, lang)))

# --------------------------------------------------------------------------- flow and backlog
MIN_CHART_WEEKS = 26
chart_start = f.period.start if f.period.days >= 13 * 7 else f.period.end - timedelta(weeks=MIN_CHART_WEEKS) + \
    timedelta(days=1)
chart_period = (f.period.start, f.period.end) if chart_start < f.period.start else None
daily = cached(q.daily_flow, **f.query(end=f.period.end))

st.header(t("requests.flow_section"))
left, right = st.columns(2)
with left:
    show_chart(flow_chart(sla.weekly_flow(daily, chart_start, f.period.end), lang, title=t("requests.flow_title"),
                          period=chart_period, suppress=suppress), key="requests_flow")
with right:
    show_chart(backlog_chart(sla.backlog_by_week(daily, chart_start, f.period.end), lang,
                             title=t("requests.backlog_title"), period=chart_period, suppress=suppress),
               key="requests_backlog")
st.caption(t("requests.flow_caption") + (" " + t("requests.small_hidden") if suppress else ""))

# --------------------------------------------------------------------------- topics, channels, types
st.header(t("requests.topics_section"))
windows = cached(q.topic_windows, **f.query(end=f.period.end, weeks=sla.TREND_WEEKS))
trend = sla.topic_trend(windows)
trend["label"] = trend["topic"].map(lambda k: topic_labels.get(k, k))
cur_start = f.period.end - timedelta(weeks=sla.TREND_WEEKS) + timedelta(days=1)
if trend.empty:
    st.info(t("requests.no_requests"))
else:
    shown = trend.copy()
    for col in ("current", "previous"):  # each column's sum is public (the 13-week totals)
        shown[f"{col}_display"] = suppress_table(trend[[col]], [col], role=f.role, fmt=_fmt)[col]
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

left, right = st.columns(2)
for col, field, names, title_key, colour in (
    (left, "channel", channel_labels, "requests.channels_title", None),
    (right, "type", type_labels, "requests.types_title", "#8e44ad"),
):
    counts = cached(q.counts_by, **f.query(start=f.period.start, end=f.period.end, field=field))
    with col:
        if counts.empty:
            st.info(t("requests.no_requests"))
            continue
        counts["label"] = counts["key"].map(lambda k, names=names: names.get(k, k))
        counts["display"] = suppress_table(counts, ["count"], role=f.role, fmt=_fmt)["count"]
        show_chart(share_bar_chart(counts, lang, title=t(title_key), colour=colour),
                   key=f"requests_{field}")
st.caption(t("requests.period_counts_caption", period=period_text(f.period, lang)))

# --------------------------------------------------------------------------- map per 10,000
st.header(t("requests.map_section"))


def _settlement_table() -> pd.DataFrame:
    s = cached(places.settlements, hromada_id=f.hromada_id)
    if f.settlement_ids:
        s = s[s["id"].isin(f.settlement_ids)]
    kw = f.query(field="settlement_id")
    now_c = cached(q.counts_by, **kw, start=f.period.start, end=f.period.end)
    prev_c = cached(q.counts_by, **kw, start=f.previous.start, end=f.previous.end)
    n_now = dict(zip(now_c["key"], now_c["count"], strict=True))
    n_prev = dict(zip(prev_c["key"], prev_c["count"], strict=True))
    out = pd.DataFrame({
        "code": s["code"], "name": s[f"name_{lang}"], "lat": s["lat"], "lon": s["lon"],
        "population": pd.to_numeric(s["population"], errors="coerce"),
        "count": [int(n_now.get(i, 0)) for i in s["id"]],
        "previous": [int(n_prev.get(i, 0)) for i in s["id"]],
    })
    out["rate"] = rate_per_10k(out["count"], out["population"])
    out["change_pct"] = [change_ratio(c, p) for c, p in zip(out["count"], out["previous"], strict=True)]
    out["change_pct"] = pd.to_numeric(out["change_pct"], errors="coerce")
    # The hromada total is public (a KPI tile), so one hidden settlement would follow from the
    # others: suppress_table hides a second one ("…") where needed.
    out["display_count"] = suppress_table(out[["count"]], ["count"], role=f.role, fmt=_fmt)["count"].to_numpy()
    hidden = out["display_count"].map(is_hidden_text)
    out["hidden"] = hidden
    out.loc[hidden, ["rate", "change_pct"]] = float("nan")  # a rate would give the count away
    return out


@st.fragment
def _map_section() -> None:
    table = _settlement_table()
    m = community_map(lang=lang, settlements=table, value_label=t("requests.map_value"),
                      boundaries=boundaries(f.hromada_code))
    show_map(m, key="requests_map", height=560)
    located = table["lat"].notna() & table["lon"].notna()
    st.caption(t("requests.map_caption", drawn=int(located.sum()), total=len(table)))
    notes = []
    for has_xy, pop, small in zip(located, table["population"], table["hidden"], strict=True):
        parts = []
        if not has_xy:
            parts.append(t("requests.note_no_coordinates"))
        if pop != pop:
            parts.append(t("requests.note_no_population"))
        elif small:
            parts.append(t("requests.note_small"))
        notes.append("; ".join(parts))
    shown = pd.DataFrame({
        t("requests.col_settlement"): table["name"],
        t("requests.col_requests"): table["display_count"],
        t("requests.col_rate"): [fmt_num(r, lang, 1) for r in table["rate"]],
        t("requests.col_population"): [fmt_int(p, lang) for p in table["population"]],
        t("requests.col_note"): notes,
    })
    st.dataframe(shown, hide_index=True, width="stretch", height=38 + 35 * len(shown))


_map_section()

# --------------------------------------------------------------------------- deadlines
st.header(t("requests.deadlines_section"))
st.caption(t("requests.deadlines_rule"))
c1, c2 = st.columns(2)
with c1:
    st.metric(t("requests.kpi_overdue_now"), _count_text(now["overdue"]), border=True)
with c2:
    st.metric(t("requests.kpi_at_risk"), _count_text(now["at_risk"]), border=True,
              help=t("requests.kpi_at_risk_help"))

LIST_COLUMNS = {
    "external_id": "col_number", "received_date": "col_received", "due_date": "col_due", "days": None,
    "topic": "col_topic", "type": "col_type", "channel": "col_channel", "settlement": "col_settlement",
    "status": "col_status", "partner": "col_partner", "extended": "col_extended", "collective": "col_collective",
}


def _readable(df: pd.DataFrame, which: str) -> pd.DataFrame:
    """The list with translated labels and headers (the screen and the downloads show the same)."""
    yes, no = t("requests.yes"), t("requests.no")
    out = pd.DataFrame({
        "external_id": df["external_id"],
        "received_date": [fmt_date(d, lang, "short") for d in df["received_date"]],
        "due_date": [fmt_date(d, lang, "short") for d in df["due_date"]],
        "days": df["days"].astype(int),
        "topic": df["topic"].map(lambda k: topic_labels.get(k, k)),
        "type": df["type"].map(lambda k: type_labels.get(k, k)),
        "channel": df["channel"].map(lambda k: channel_labels.get(k, k)),
        "settlement": df[f"settlement_{lang}"].fillna("—"),
        "status": df["status"].map(lambda k: status_labels.get(k, k)),
        "partner": df[f"partner_{lang}"].fillna("—"),
        "extended": df["extended"].map({True: yes, False: no}),
        "collective": df["collective"].map({True: yes, False: no}),
    })
    days_key = "col_days_overdue" if which == "overdue" else "col_days_left"
    return out.rename(columns={k: t(f"requests.{v or days_key}") for k, v in LIST_COLUMNS.items()})


@st.fragment
def _lists_section() -> None:
    for which, title_key, empty_key in (("overdue", "requests.overdue_title", "requests.overdue_none"),
                                        ("at_risk", "requests.at_risk_title", "requests.at_risk_none")):
        st.subheader(t(title_key))
        records = cached(q.deadline_list, role=f.role, **f.query(today=f.today, which=which))
        if records.empty:
            st.success(t(empty_key), icon=":material/check_circle:")
            continue
        table = _readable(records, which)
        st.dataframe(table, hide_index=True, width="stretch", height=min(420, 38 + 35 * len(table)))
        name = f"{which}_{f.hromada_code}_{f.today.isoformat()}"
        d1, d2, _ = st.columns([1, 1, 4])
        with d1:
            st.download_button(t("requests.download_xlsx"), data=partial(xlsx_bytes, table, sheet=t(title_key)),
                               file_name=f"{name}.xlsx", icon=":material/download:", key=f"xlsx_{which}",
                               mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        with d2:
            st.download_button(t("requests.download_csv"), data=partial(csv_bytes, table),
                               file_name=f"{name}.csv", mime="text/csv", icon=":material/download:",
                               key=f"csv_{which}")


if sees_records(f.role):
    _lists_section()
else:
    st.info(t("requests.lists_prosecutor_only"), icon=":material/lock:")

# --------------------------------------------------------------------------- clusters
st.header(t("requests.clusters_section"))
LOOKBACK_DAYS = 365
lookback_start = f.period.start - timedelta(days=LOOKBACK_DAYS)
days = cached(q.topic_settlement_days, **f.query(start=lookback_start, end=f.period.end))
clusters = sla.find_clusters(days)
clusters = clusters[clusters["last"] >= f.period.start] if len(clusters) else clusters
st.caption(t("requests.clusters_rule", gap=sla.CLUSTER_GAP_DAYS, size=sla.CLUSTER_MIN_SIZE))
if clusters.empty:
    st.success(t("requests.clusters_none"), icon=":material/check_circle:")
else:
    s = cached(places.settlements, hromada_id=f.hromada_id)
    names = dict(zip(s["id"], s[f"name_{lang}"], strict=True))
    in_period = days[days["day"] >= f.period.start].groupby(["settlement_id", "topic"])["count"].sum()
    clusters = clusters.assign(in_period=[int(in_period.get((sid, tp), 0))
                                          for sid, tp in zip(clusters["settlement_id"], clusters["topic"], strict=True)])
    clusters = clusters.sort_values(["in_period", "requests"], ascending=False).reset_index(drop=True)
    m1, m2, m3 = st.columns(3)
    with m1:
        st.metric(t("requests.kpi_clusters"), fmt_int(len(clusters), lang), border=True,
                  help=t("requests.kpi_clusters_help"))
    with m2:
        st.metric(t("requests.kpi_cluster_settlements"), fmt_int(clusters["settlement_id"].nunique(), lang),
                  border=True)
    with m3:
        st.metric(t("requests.kpi_cluster_requests"), _count_text(int(clusters["in_period"].sum())), border=True,
                  help=t("requests.kpi_cluster_requests_help"))

    def _first(day: date) -> str:
        # A chain that starts within 60 days of the window's start may have begun before it.
        text = fmt_date(day, lang, "short")
        return f"≤ {text}" if (day - lookback_start).days <= sla.CLUSTER_GAP_DAYS else text

    def _column(col: str) -> pd.Series:  # column sums count as public: protect each column
        return suppress_table(clusters[[col]], [col], role=f.role, fmt=_fmt)[col]

    st.dataframe(pd.DataFrame({
        t("requests.col_settlement"): clusters["settlement_id"].map(lambda i: names.get(i, "—")),
        t("requests.col_topic"): clusters["topic"].map(lambda k: topic_labels.get(k, k)),
        t("requests.col_in_period"): _column("in_period"),
        t("requests.col_requests"): _column("requests"),
        t("requests.col_first"): clusters["first"].map(_first),
        t("requests.col_last"): [fmt_date(d, lang, "short") for d in clusters["last"]],
        t("requests.col_collective"): _column("collective"),
    }), hide_index=True, width="stretch", height=min(460, 38 + 35 * len(clusters)))
    st.caption(t("requests.clusters_first_note", gap=sla.CLUSTER_GAP_DAYS))

# --------------------------------------------------------------------------- link to incidents
st.header(t("requests.linked_section"))
topics_ref = reference_table("request_topics")
linked = topics_ref[topics_ref["incident_category"] != ""]
category_of = dict(zip(linked["key"], linked["incident_category"], strict=True))
category_labels = labels("incident_categories", lang)


@st.fragment
def _linked_section() -> None:
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


_linked_section()
st.caption(t("requests.privacy_note"))
