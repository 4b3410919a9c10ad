"""The state of one resident request at the end of a given day (24:00 Kyiv time): on_time, late, open, overdue.

A request is closed by the event that ends the office's duty, when it is dated on or before that day:
- a crime report by its entry into ЄРДР (КПК art. 214 part 1: 24 hours);
- any other request by the answer, or by sending it to the competent body — then the sending term
  applies instead of the answer term (Law «Про звернення громадян» art. 7 part 3: 5 days; Law «Про доступ
  до публічної інформації» art. 22 part 3: 5 working days). The earlier of the two closes it.
A closed request is ``on_time`` when it was closed by its due moment, else ``late``; an open one is
``overdue`` once its due moment has passed by the end of the day, else ``open``. Passing a task to a
partner (forwarded_to) closes nothing. The page, the meeting pack, the deadline lists and the
``requests-sla`` export all call :func:`request_state` (for a register: :func:`request_states`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import pandas as pd

from domain.dates import KYIV
from domain.legal_terms import (
    DeadlineError,
    WorkCalendar,
    due_for,
    due_text,
    kyiv,
    met,
    ordinary_due,
    passed,
    request_types,
    sending_due,
)

STATES = ("on_time", "late", "open", "overdue")
CLOSED_BY = ("answer", "sending", "erdr")
# The events that close a request, as (stored column, closed_by), the earliest of them on or before the day (see the
# module docstring): a crime report only by its ЄРДР entry (КПК art. 214 part 1); any other request by the answer
# or the sending by competence (Law «Про звернення громадян» art. 7 part 3; Law «Про доступ до публічної
# інформації» art. 22 part 3). The per-request clock, the register-wide closing days and the SQL that leaves
# long-closed requests out (data_access.requests) all read this table.
CLOSING_EVENTS = {"crime_report": (("erdr_registered_at", "erdr"),)}
OTHER_CLOSING_EVENTS = (("answered_at", "answer"), ("sent_by_competence_at", "sending"))


def closing_events(type_key: str) -> tuple[tuple[str, str], ...]:
    """(stored column, closed_by) of the events that close a request of ``type_key``."""
    return CLOSING_EVENTS.get(type_key, OTHER_CLOSING_EVENTS)


@dataclass(frozen=True)
class RequestState:
    """``due``: the date (day terms) or Kyiv moment (hour terms) that applies; ``closed_by``: answer /
    sending / erdr, None while open; ``closed_at``: the closing event's time (Kyiv)."""

    due: date | datetime
    state: str
    closed_by: str | None
    closed_at: datetime | None


def _on_or_before(moment: datetime | None, as_of: date) -> datetime | None:
    return moment if moment is not None and kyiv(moment).date() <= as_of else None


def closing_days(requests: pd.DataFrame, *, as_of: date) -> pd.DataFrame:
    """The Kyiv day each request was received and the day it was closed, for a whole register at once: the same
    closing events as :func:`request_state` (ЄРДР entry for a crime report; else the earlier of the answer and the
    sending by competence; only events on or before ``as_of``), without the due terms, which a count of received
    and closed requests per day does not need. ``requests``: CLOCK_COLUMNS (times naive UTC, as stored); rows
    received after ``as_of`` are dropped. Columns: received_day, closed_day (dates; None while open)."""
    last = pd.Timestamp(as_of)

    def day(column: str) -> pd.Series:  # Kyiv calendar day, as a datetime64 at midnight (NaT when not recorded)
        stamps = pd.to_datetime(requests[column], errors="coerce")
        return stamps.dt.tz_localize("UTC").dt.tz_convert(KYIV).dt.tz_localize(None).dt.normalize()

    received = day("received_at")

    def earliest(events: tuple[tuple[str, str], ...]) -> pd.Series:
        return pd.concat([day(column).where(lambda d: d <= last) for column, _ in events], axis=1).min(axis=1)

    closed = earliest(OTHER_CLOSING_EVENTS)
    for type_key, events in CLOSING_EVENTS.items():
        closed = closed.mask(requests["type"] == type_key, earliest(events))
    keep = received <= last
    return pd.DataFrame({
        "received_day": received[keep].dt.date,
        "closed_day": closed[keep].dt.date.astype(object).where(closed[keep].notna(), None),
    })


def request_state(type_key: str, received_at: datetime, *, as_of: date, needs_study: bool | None = None,
                  deadline_days: int | None = None, extended_due: date | None = None, urgent: bool = False,
                  answered_at: datetime | None = None, sent_by_competence_at: datetime | None = None,
                  erdr_registered_at: datetime | None = None, cal: WorkCalendar | None = None) -> RequestState | None:
    """The request's state at the end of ``as_of``; None when it was received after that day.

    Times may be aware or naive (naive means Kyiv local time). An extension the calendar no longer allows
    (a holiday list that changed after the import) falls back to the ordinary term.
    """
    cal = cal or WorkCalendar()
    if kyiv(received_at).date() > as_of:
        return None
    try:
        due = due_for(type_key, received_at, needs_study=needs_study, deadline_days=deadline_days,
                      extended_due=extended_due, urgent=urgent, cal=cal)
    except DeadlineError:
        due = ordinary_due(request_types()[type_key], received_at, needs_study=needs_study,
                           deadline_days=deadline_days, urgent=urgent, cal=cal)
    moments = {"answered_at": answered_at, "sent_by_competence_at": sent_by_competence_at,
               "erdr_registered_at": erdr_registered_at}
    events = [(name, at) for column, name in closing_events(type_key)
              if (at := _on_or_before(moments[column], as_of)) is not None]
    if not events:
        return RequestState(due, "overdue" if passed(due, as_of) else "open", None, None)
    closed_by, closed_at = min(events, key=lambda e: kyiv(e[1]))
    if closed_by == "sending":
        due = sending_due(type_key, received_at, cal) or due
    return RequestState(due, "on_time" if met(due, closed_at) else "late", closed_by, kyiv(closed_at))


AT_RISK_DAYS = 5  # an open request due within this many days (day terms) is at risk; an hour term always is
CLOCK_COLUMNS = ("type", "received_at", "needs_study", "deadline_days", "extended_due_date", "urgent", "answered_at",
                 "sent_by_competence_at", "erdr_registered_at")


def _utc(value) -> datetime | None:
    """A stored naive-UTC time (Timestamp, datetime or NaT) as an aware datetime."""
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).to_pydatetime().replace(tzinfo=UTC)


def _opt(value):
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else value


def request_states(requests: pd.DataFrame, *, as_of: date, cal: WorkCalendar | None = None) -> pd.DataFrame:
    """The requests received by the end of ``as_of``, each with its state then.

    ``requests`` holds at least CLOCK_COLUMNS (times naive UTC, as stored; data_access.requests.
    request_clocks). Adds: due (a Kyiv date, or an aware Kyiv datetime for 24/48-hour terms), due_text
    (YYYY-MM-DD or YYYY-MM-DDTHH:MM), in_hours, state (on_time / late / open / overdue), closed_by
    (answer / sending / erdr / None), closed_at, days_left (open: whole days to the due date, negative
    when overdue; hour terms: days to the due moment's date).
    """
    rows, keep = [], []
    for idx, r in zip(requests.index, requests.itertuples(index=False), strict=True):
        s = request_state(
            r.type, _utc(r.received_at), as_of=as_of, needs_study=_opt(r.needs_study),
            deadline_days=None if _opt(r.deadline_days) is None else int(r.deadline_days),
            extended_due=None if _opt(r.extended_due_date) is None else pd.Timestamp(r.extended_due_date).date(),
            urgent=bool(_opt(r.urgent)), answered_at=_utc(r.answered_at),
            sent_by_competence_at=_utc(r.sent_by_competence_at), erdr_registered_at=_utc(r.erdr_registered_at),
            cal=cal)
        if s is None:
            continue
        keep.append(idx)
        day = kyiv(s.due).date() if isinstance(s.due, datetime) else s.due
        rows.append((s.due, due_text(s.due), isinstance(s.due, datetime), s.state, s.closed_by, s.closed_at,
                     (day - as_of).days))
    cols = ["due", "due_text", "in_hours", "state", "closed_by", "closed_at", "days_left"]
    added = pd.DataFrame(rows, columns=cols, index=keep)
    return pd.concat([requests.loc[keep], added], axis=1)


def state_counts(states: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """Counts of each state (columns on_time, late, open, overdue, and closed = on_time + late), overall
    or per ``by`` (e.g. type); zeros filled in."""
    if by is None:
        counts = states["state"].value_counts().reindex(list(STATES), fill_value=0).to_frame().T
    else:
        counts = pd.crosstab(states[by], states["state"]).reindex(columns=list(STATES), fill_value=0)
    counts = counts.astype(int)
    counts["closed"] = counts["on_time"] + counts["late"]
    return counts


def at_risk(states: pd.DataFrame) -> pd.Series:
    """Open requests due within AT_RISK_DAYS days (an open hour term is always at risk)."""
    return (states["state"] == "open") & (states["in_hours"] | (states["days_left"] <= AT_RISK_DAYS))


def deadline_rows(states: pd.DataFrame, which: str) -> pd.DataFrame:
    """The overdue (``which="overdue"``) or at-risk list: privileged requests first (Law «Про звернення
    громадян» art. 20: considered first), then the most overdue / the soonest due. Adds ``days``: days
    overdue, or days left."""
    if which not in ("overdue", "at_risk"):
        raise ValueError(f"unknown list {which!r}")
    mask = states["state"] == "overdue" if which == "overdue" else at_risk(states)
    out = states[mask].copy()
    out["days"] = (-out["days_left"] if which == "overdue" else out["days_left"]).astype(int)
    privileged = out["privileged"].astype(bool) if "privileged" in out else False
    out["_first"] = ~privileged
    out["_when"] = [kyiv(d) if isinstance(d, datetime) else datetime.combine(d + timedelta(days=1), time(), KYIV)
                    for d in out["due"]]
    out = out.sort_values(["_first", "_when", "external_id"])
    return out.drop(columns=["_first", "_when"]).reset_index(drop=True)
