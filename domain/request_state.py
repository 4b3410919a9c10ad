"""The state of one resident request at the end of a given day (24:00 Kyiv time): on_time, late, open, overdue.

A request is closed by the event that ends the office's duty, when it is dated on or before that day:
- a crime report by its entry into ЄРДР (КПК art. 214 part 1: 24 hours);
- any other request by the answer, or by sending it to the competent body — then the sending term
  applies instead of the answer term (Law «Про звернення громадян» art. 7 part 3: 5 days; Law «Про доступ
  до публічної інформації» art. 22 part 3: 5 working days). The earlier of the two closes it.
A closed request is ``on_time`` when it was closed by its due moment, else ``late``; an open one is
``overdue`` once its due moment has passed by the end of the day, else ``open``. Passing a task to a
partner (forwarded_to) closes nothing. The page, the meeting pack, the deadline lists and the
``requests-sla`` export all call :func:`request_state` (through analytics.request_states).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from domain.legal_terms import (
    DeadlineError,
    WorkCalendar,
    due_for,
    kyiv,
    met,
    ordinary_due,
    passed,
    request_types,
    sending_due,
)

STATES = ("on_time", "late", "open", "overdue")
CLOSED_BY = ("answer", "sending", "erdr")


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
    if type_key == "crime_report":
        events = [("erdr", _on_or_before(erdr_registered_at, as_of))]
    else:
        events = [("answer", _on_or_before(answered_at, as_of)),
                  ("sending", _on_or_before(sent_by_competence_at, as_of))]
    events = [(name, at) for name, at in events if at is not None]
    if not events:
        return RequestState(due, "overdue" if passed(due, as_of) else "open", None, None)
    closed_by, closed_at = min(events, key=lambda e: kyiv(e[1]))
    if closed_by == "sending":
        due = sending_due(type_key, received_at, cal) or due
    return RequestState(due, "on_time" if met(due, closed_at) else "late", closed_by, kyiv(closed_at))
