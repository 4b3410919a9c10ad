"""Overview: the first screen of a weekly review — KPI tiles and the incident trend."""

from datetime import timedelta

import streamlit as st

from analytics.series import complete_weeks
from components.data import cached
from components.filters import current_filters
from components.meeting_pack import meeting_pack_section, present_link
from components.state import t
from components.ui import page_header, show_chart, show_kpi
from data_access import overview as q
from display.charts import weekly_trend_chart
from display.kpis import KPIS, KpiWindow
from domain.visibility import hide_small, suppresses_small_counts

f = current_filters()
page_header("overview.title", filters=f)
suppress = suppresses_small_counts(f.role)

window = KpiWindow(query=f.query(), period=f.period, previous=f.previous, year_ago=f.year_ago, today=f.today)
for col, spec in zip(st.columns(len(KPIS)), KPIS, strict=True):
    with col:
        show_kpi(spec, spec.figure(cached, window, lang=f.lang, suppress=suppress))

start = f.period.end - timedelta(weeks=104) + timedelta(days=1)
weeks = complete_weeks(cached(q.weekly_incident_counts, **f.query(start=start, end=f.period.end)),
                       start, f.period.end)
ago_start, ago_end = start - timedelta(weeks=52), f.period.end - timedelta(weeks=52)
ago = complete_weeks(cached(q.weekly_incident_counts, **f.query(start=ago_start, end=ago_end)), ago_start, ago_end)
ago["week"] = ago["week"] + timedelta(weeks=52)
weeks["count"], ago["count"] = hide_small(weeks["count"], suppress=suppress), hide_small(ago["count"], suppress=suppress)
show_chart(weekly_trend_chart(weeks, f.lang, title=t("overview.trend_title"),
                              value_label=t("kpi.incidents.label"), last_year=ago))
st.caption(t("overview.trend_caption"))

present_link(f)
meeting_pack_section(f)
