"""Resident requests per type and outcome, from each request's state (domain.request_state.request_states):
a crime report late by hours and a complaint late by days are counted each in its own unit."""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pandas as pd

from domain.legal_terms import kyiv
from domain.request_state import at_risk

SUMMARY_COLUMNS = ("type", "received", "closed", "on_time", "late", "open", "overdue", "at_risk", "late_median",
                   "late_unit")


def _day(moment) -> date | None:
    if moment is None or pd.isna(moment):
        return None
    return kyiv(moment).date()


def _lateness(due, closed_at) -> float:
    """How late a closing was: hours for an hour term (a Kyiv moment), whole days for a day term."""
    if isinstance(due, datetime):
        return (kyiv(closed_at) - due).total_seconds() / 3600
    return float((kyiv(closed_at).date() - due).days)


def type_summary(states: pd.DataFrame, *, start: date, end: date, types: list[str]) -> pd.DataFrame:
    """One row per request type in ``types`` order, from states on the day the figures describe (``end``
    or later: states of requests closed by then do not change).

    received: received from ``start`` to ``end``; closed / on_time / late: closed in that period (by an
    answer, sending by competence or ЄРДР entry); open / overdue / at_risk: not closed at the states' day;
    late_median: the median lateness of the late ones, in late_unit ("hours" for 24/48-hour terms, else
    "days"; NaN without late ones).
    """
    received = states["received_at"].map(lambda t: _day(pd.Timestamp(t).tz_localize("UTC").to_pydatetime()))
    closed_day = states["closed_at"].map(_day)
    in_period = closed_day.map(lambda d: d is not None and start <= d <= end)
    risky = at_risk(states)
    rows = []
    for kind in types:
        mine = states["type"] == kind
        closed = states[mine & in_period]
        late = closed[closed["state"] == "late"]
        hours = bool(closed["in_hours"].any()) if len(closed) else bool(states.loc[mine, "in_hours"].any())
        lateness = [_lateness(d, c) for d, c in zip(late["due"], late["closed_at"], strict=True)]
        rows.append((kind, int((mine & received.between(start, end)).sum()), len(closed),
                     int((closed["state"] == "on_time").sum()), len(late),
                     int((mine & states["state"].isin(["open", "overdue"])).sum()),
                     int((mine & (states["state"] == "overdue")).sum()), int((mine & risky).sum()),
                     float(np.median(lateness)) if lateness else None, "hours" if hours else "days"))
    return pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS))


def outcome_counts(states: pd.DataFrame, *, start: date, end: date) -> pd.DataFrame:
    """Requests answered from ``start`` to ``end`` per outcome. Columns: key (the outcome, "unknown" where
    the register gives none), count; largest first."""
    answered = states[(states["closed_by"] == "answer")
                      & states["closed_at"].map(lambda t: (d := _day(t)) is not None and start <= d <= end)]
    keys = answered["outcome"].map(lambda v: v if isinstance(v, str) else "unknown")
    counts = keys.value_counts().rename_axis("key").reset_index(name="count")
    return counts.astype({"count": int})
