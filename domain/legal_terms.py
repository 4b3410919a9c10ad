"""Answer deadlines for resident requests under the Law of Ukraine "Про звернення громадян" (art. 20).

An answer is due within 30 days of receipt, or within 15 days where no additional study is
needed; the head of the body may extend the term, but never beyond 45 days from receipt.
Days are Europe/Kyiv calendar days: a request received on 1 March with a 15-day term is due
on 16 March and becomes overdue on 17 March if still unanswered.
"""

from __future__ import annotations

from datetime import date, timedelta

STANDARD_DAYS = 30
NO_STUDY_DAYS = 15
MAX_DAYS = 45
ALLOWED_TERMS = (NO_STUDY_DAYS, STANDARD_DAYS)


class DeadlineError(ValueError):
    """A deadline that the law does not allow (carries a message key for the UI)."""

    def __init__(self, key: str, **params):
        super().__init__(key)
        self.key = key
        self.params = params


def due_date(received: date, deadline_days: int, extended_due: date | None = None) -> date:
    """The date by which the answer is due.

    ``extended_due`` (an extension decided by the head of the body) replaces the ordinary term;
    it may not be before the ordinary due date nor later than 45 days after receipt.
    """
    if deadline_days not in ALLOWED_TERMS:
        raise DeadlineError("deadline.bad_term", days=deadline_days)
    ordinary = received + timedelta(days=deadline_days)
    if extended_due is None:
        return ordinary
    if extended_due < ordinary:
        raise DeadlineError("deadline.extension_before_due")
    if extended_due > received + timedelta(days=MAX_DAYS):
        raise DeadlineError("deadline.extension_too_long", days=MAX_DAYS)
    return extended_due


def is_overdue(due: date, answered: date | None, today: date) -> bool:
    """Still unanswered after the due date has passed."""
    return answered is None and today > due


def answered_on_time(due: date, answered: date | None) -> bool | None:
    """True/False for an answered request, None while unanswered."""
    if answered is None:
        return None
    return answered <= due
