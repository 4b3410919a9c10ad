"""Overview: the first screen of a weekly review — KPI tiles and the incident trend."""

from datetime import timedelta

import streamlit as st

from analytics.series import complete_weeks
from analytics.survey_estimates import share_from_sums
from components.data import cached
from components.filters import current_filters
from components.presentation import meeting_pack_section, present_link
from components.state import t
from components.ui import kpi_tile, page_header, show_chart
from data_access import overview as q
from display.charts import weekly_trend_chart
from display.formats import fmt_date, fmt_num, fmt_pct
from domain.visibility import hide_small, suppresses_small_counts

TRUST_QUESTION = "trust_police"

f = current_filters()
page_header("overview.title", filters=f)


def _incidents(period):
    return cached(q.incident_count, **f.query(start=period.start, end=period.end))


def _requests(period):
    return cached(q.request_counts, **f.query(start=period.start, end=period.end, today=f.today))


def _activities(period):
    return cached(q.activity_count, **f.query(start=period.start, end=period.end))


cols = st.columns(5)
with cols[0]:
    kpi_tile(t("overview.kpi_incidents"), _incidents(f.period), filters=f, base=_incidents(f.previous),
             year_ago=_incidents(f.year_ago), help=t("overview.kpi_incidents_help"))
with cols[1]:
    kpi_tile(t("overview.kpi_requests"), _requests(f.period)["received"], filters=f,
             base=_requests(f.previous)["received"], year_ago=_requests(f.year_ago)["received"],
             higher_is_better=True)
with cols[2]:
    kpi_tile(t("overview.kpi_overdue_now"), cached(q.open_overdue_now, **f.query(today=f.today)), filters=f,
             help=t("overview.kpi_overdue_help"))
with cols[3]:
    waves = cached(q.trust_share_by_wave, **f.query(question_code=TRUST_QUESTION, until=f.period.end))
    if waves.empty:
        st.metric(t("overview.kpi_trust"), "—", border=True)
        st.caption(t("overview.no_survey"))
    else:
        last = waves.iloc[-1]
        est = share_from_sums(last.positive_w, last.sum_w, last.sum_w2, int(last.n))
        prev = None
        if len(waves) > 1:
            p = waves.iloc[-2]
            prev = share_from_sums(p.positive_w, p.sum_w, p.sum_w2, int(p.n))
        delta = None
        if est.share is not None and prev is not None and prev.share is not None:
            points = (est.share - prev.share) * 100
            delta = t("overview.trust_delta", change=("+" if points > 0 else "") + fmt_num(points, f.lang, 1))
        st.metric(t("overview.kpi_trust"), fmt_pct(est.share, f.lang) if est.share is not None else "—",
                  delta=delta, border=True, help=t("overview.kpi_trust_help"))
        if est.share is None:
            st.caption(t("survey.too_few"))
        else:
            st.caption(t("overview.trust_caption", low=fmt_pct(est.low, f.lang), high=fmt_pct(est.high, f.lang),
                         date=fmt_date(last.end_date, f.lang, "short")))
with cols[4]:
    kpi_tile(t("overview.kpi_activities"), _activities(f.period), filters=f, base=_activities(f.previous),
             year_ago=_activities(f.year_ago), higher_is_better=True, sensitive=False)  # public events

start = f.period.end - timedelta(weeks=104) + timedelta(days=1)
weeks = complete_weeks(cached(q.weekly_incident_counts, **f.query(start=start, end=f.period.end)),
                       start, f.period.end)
ago_start, ago_end = start - timedelta(weeks=52), f.period.end - timedelta(weeks=52)
ago = complete_weeks(cached(q.weekly_incident_counts, **f.query(start=ago_start, end=ago_end)), ago_start, ago_end)
ago["week"] = ago["week"] + timedelta(weeks=52)
suppress = suppresses_small_counts(f.role)
weeks["count"], ago["count"] = hide_small(weeks["count"], suppress=suppress), hide_small(ago["count"], suppress=suppress)
show_chart(weekly_trend_chart(weeks, f.lang, title=t("overview.trend_title"),
                              value_label=t("overview.kpi_incidents"), last_year=ago))
st.caption(t("overview.trend_caption"))

present_link(f)
meeting_pack_section(f)
