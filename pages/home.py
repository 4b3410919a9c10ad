"""Overview: the first screen of a weekly review — KPI tiles and the incident trend."""

import streamlit as st

from analytics.series import since_data_start, suppress_trend, trend_band, weekly_with_year_ago
from components.coarse_dates import left_out_note
from components.data import cached
from components.filters import current_filters
from components.focus import focus_hromada
from components.meeting_pack import meeting_pack_section, present_link
from components.poster_download import poster_download
from components.state import t
from components.ui import page_header, show_chart, show_kpi
from data_access import incident_geo as q
from display.charts import weekly_trend_chart
from display.kpis import KPIS, KpiWindow
from display.summaries import weekly_summary
from domain.visibility import suppresses_small_counts

TREND_WEEKS = 104

f = current_filters()
page_header("overview.title", filters=f)
suppress = suppresses_small_counts(f.role)

window = KpiWindow(query=f.query(), period=f.period, previous=f.previous, year_ago=f.year_ago, today=f.today)
for col, spec in zip(st.columns(len(KPIS)), KPIS, strict=True):
    with col:
        show_kpi(spec, spec.figure(cached, window, lang=f.lang, suppress=suppress))

weeks, ago = weekly_with_year_ago(
    lambda start, end: cached(q.incident_counts, **f.query(by=("week",), start=start, end=end)), f.period.end,
    weeks=TREND_WEEKS)
weeks, ago = suppress_trend(weeks, ago, suppress=suppress)  # no hidden week follows from a KPI tile's sum
weeks, ago = since_data_start(weeks, ago, cached(q.incident_date_range, hromada_id=f.selection, day_known=True)[0])
show_chart(weekly_trend_chart(weeks, f.lang, title=t("overview.trend_title"),
                              value_label=t("kpi.incidents.label"), last_year=ago,
                              band=trend_band(weeks, ago)),  # from the line as shown: no hidden week in it
           summary=weekly_summary(weeks, f.lang, what=t("kpi.incidents.label")), first_screen=True)
st.caption(t("overview.trend_caption"))
if len(weeks):
    left_out_note(f, unit="day", start=weeks["week"].iloc[0], end=f.period.end)
left_out_note(f, unit="period", start=f.period.start, end=f.period.end)

if f.several:  # the shared screen, the residents' poster and the meeting pack are each one hromada's
    st.caption(t("overview.one_hromada_for_pack"))
one = focus_hromada(f, key="pack_hromada")
present_link(one)
poster_download(one)
meeting_pack_section(one)
