"""Per-type figures and outcomes of resident requests against counts written out by hand."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd

from analytics.request_kpis import outcome_counts, type_summary
from domain.request_state import request_states

START, END = date(2026, 11, 16), date(2026, 11, 22)


def _utc(y, m, d, hh=8, mm=0):  # stored times are naive UTC (Kyiv = UTC+2 in November)
    return datetime(y, m, d, hh, mm)


def _frame(rows):
    base = {"needs_study": False, "deadline_days": None, "extended_due_date": None, "urgent": False,
            "answered_at": None, "sent_by_competence_at": None, "erdr_registered_at": None, "outcome": None,
            "privileged": False}
    return pd.DataFrame([{**base, **r} for r in rows])


STATES = request_states(_frame([
    # crime reports: 24 hours; one entered 6 hours late, one 1 hour early, one still open and overdue
    {"type": "crime_report", "received_at": _utc(2026, 11, 16, 8), "erdr_registered_at": _utc(2026, 11, 17, 14)},
    {"type": "crime_report", "received_at": _utc(2026, 11, 17, 8), "erdr_registered_at": _utc(2026, 11, 18, 7)},
    {"type": "crime_report", "received_at": _utc(2026, 11, 20, 8)},
    # complaints: 15 days; one answered 3 days late in the period, one on time, one sent on, one at risk
    {"type": "complaint", "received_at": _utc(2026, 10, 31), "answered_at": _utc(2026, 11, 18),
     "outcome": "refused"},
    {"type": "complaint", "received_at": _utc(2026, 11, 5), "answered_at": _utc(2026, 11, 19),
     "outcome": "explained"},
    {"type": "complaint", "received_at": _utc(2026, 11, 16), "sent_by_competence_at": _utc(2026, 11, 18)},
    {"type": "complaint", "received_at": _utc(2026, 11, 10)},
]), as_of=date(2026, 11, 22))


def test_each_type_counted_in_its_own_unit():
    s = type_summary(STATES, start=START, end=END, types=["crime_report", "complaint", "deputy_appeal"]) \
        .set_index("type")
    crime = s.loc["crime_report"]
    assert (crime.received, crime.closed, crime.on_time, crime.late, crime.open, crime.overdue) == (3, 2, 1, 1, 1, 1)
    assert crime.late_median == 6.0 and crime.late_unit == "hours"
    c = s.loc["complaint"]
    assert (c.received, c.closed, c.on_time, c.late, c.open, c.overdue, c.at_risk) == (1, 3, 2, 1, 1, 0, 1)
    assert c.late_median == 3.0 and c.late_unit == "days"  # due 15 Nov, answered 18 Nov
    assert s.loc["deputy_appeal"].received == 0 and pd.isna(s.loc["deputy_appeal"].late_median)


def test_outcomes_of_the_answers_given_in_the_period():
    counts = outcome_counts(STATES, start=START, end=END)
    assert dict(zip(counts["key"], counts["count"], strict=True)) == {"refused": 1, "explained": 1}
