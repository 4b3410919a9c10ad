"""The legal clocks of resident requests: how a term is counted and when each type's answer is due.

Sources (also on every row of assets/reference/request_types.csv and in docs/requests-rules.md):

- Civil Code of Ukraine (ЦК) art. 253: a term starts on the day after the date or event that
  begins it — a 15-day term from a request received on 1 March ends on 16 March.
- ЦК art. 254 part 2: a term in months ends on the same day number of the last month, or on that
  month's last day when it has no such number (31 January + 1 month = 28/29 February).
- ЦК art. 254 part 5: a term whose last day is a weekend or holiday ends on the next working day.
  A hromada setting (``move_deadline_off_weekend`` in its hromada.toml), off by default: offices
  count the law's terms in calendar days without moving them.
- ЦК art. 255: the last day of a term lasts until 24:00 — a day term is met by anything done on
  its last day (Kyiv time).
- Working days: Monday to Friday, less the public holidays of assets/reference/holidays.csv,
  which is empty while martial law lasts (Law No. 2136-IX art. 6 part 6: КЗпП art. 73 on
  holidays does not apply, holidays are working days).
- Hour terms (КПК art. 214 part 1: 24 hours; Law «Про доступ до публічної інформації» art. 20
  part 2: 48 hours) are elapsed hours from the moment of receipt, shown in Kyiv time.
"""

from __future__ import annotations

import calendar
import csv
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from pathlib import Path

from domain.dates import KYIV

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "assets" / "reference"
UNITS = {"d": "days", "m": "months", "wd": "working_days", "h": "hours"}
EXPLICIT_DAYS = (1, 45)  # an explicit term in calendar days (Law «Про звернення громадян» art. 20 parts 1–2)
OUTCOMES = ("satisfied", "refused", "explained", "left_without_consideration")


class DeadlineError(ValueError):
    """A term that the law does not allow (carries a message key for the UI and its parameters)."""

    def __init__(self, key: str, **params):
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass(frozen=True)
class WorkCalendar:
    """Which days are working days, and whether a term ending on a day off moves (ЦК art. 254 part 5)."""

    holidays: frozenset[date] = field(default_factory=frozenset)
    move_off_weekend: bool = False

    def is_working(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.holidays

    def next_working(self, day: date) -> date:
        """``day`` itself when it is a working day, else the first working day after it."""
        while not self.is_working(day):
            day += timedelta(days=1)
        return day


@dataclass(frozen=True)
class Term:
    """A length of time as the law states it: ``15d``, ``1m``, ``5wd``, ``24h``."""

    length: int
    unit: str  # days / months / working_days / hours

    @classmethod
    def parse(cls, text: str) -> Term | None:
        text = (text or "").strip()
        if not text:
            return None
        for suffix in sorted(UNITS, key=len, reverse=True):
            if text.endswith(suffix) and text[: -len(suffix)].isdigit():
                return cls(int(text[: -len(suffix)]), UNITS[suffix])
        raise ValueError(f"not a term like 15d, 1m, 5wd or 24h: {text!r}")

    @property
    def in_hours(self) -> bool:
        return self.unit == "hours"

    def end(self, received_at: datetime, cal: WorkCalendar) -> date | datetime:
        """The last day of the term (a Kyiv date), or its last moment for hour terms (aware, Kyiv)."""
        if self.unit == "hours":
            return plus_hours(received_at, self.length)
        start = kyiv(received_at).date()
        if self.unit == "working_days":
            return plus_working_days(start, self.length, cal)
        end = plus_days(start, self.length) if self.unit == "days" else plus_months(start, self.length)
        return cal.next_working(end) if cal.move_off_weekend else end


def kyiv(moment: datetime) -> datetime:
    """An aware datetime in Kyiv time (a naive one is taken as Kyiv local time)."""
    return moment.replace(tzinfo=KYIV) if moment.tzinfo is None else moment.astimezone(KYIV)


def plus_days(start: date, days: int) -> date:
    """The last day of a term of ``days`` calendar days begun by ``start`` (ЦК art. 253: counting
    begins the next day, so the term's n-th day is start + n)."""
    return start + timedelta(days=days)


def plus_months(start: date, months: int) -> date:
    """The last day of a term of ``months`` months begun by ``start`` (ЦК art. 254 part 2)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def plus_working_days(start: date, days: int, cal: WorkCalendar) -> date:
    """The ``days``-th working day after ``start`` (counting begins the next day, ЦК art. 253)."""
    day, left = start, days
    while left > 0:
        day += timedelta(days=1)
        if cal.is_working(day):
            left -= 1
    return day


def plus_hours(received_at: datetime, hours: int) -> datetime:
    """``hours`` elapsed hours after ``received_at`` (aware; naive means Kyiv), in Kyiv time.
    Counted on the UTC clock, so a change to or from summer time does not add or remove an hour."""
    return (kyiv(received_at).astimezone(UTC) + timedelta(hours=hours)).astimezone(KYIV)


@dataclass(frozen=True)
class RequestType:
    """One row of assets/reference/request_types.csv: the clocks of a type of request."""

    key: str
    term: Term  # the ordinary term
    study_term: Term | None  # when the request needs additional study (ordinary appeals: one month)
    urgent_term: Term | None  # when it is urgent (public information: 48 hours)
    max_term: Term | None  # the longest an extension may reach, counted from receipt; None: no extension
    sending_term: Term | None  # to send it to the competent body; None: not sent, entered (crime reports)
    explicit_days: bool  # an explicit term in calendar days (deadline_days) may replace the ordinary one
    source_uk: str
    source_en: str


@lru_cache(maxsize=1)
def request_types() -> dict[str, RequestType]:
    """key -> RequestType, from assets/reference/request_types.csv."""
    with (REFERENCE_DIR / "request_types.csv").open(encoding="utf-8", newline="") as fh:
        return {r["key"]: RequestType(
            r["key"], Term.parse(r["term"]), Term.parse(r["study_term"]), Term.parse(r["urgent_term"]),
            Term.parse(r["max_term"]), Term.parse(r["sending_term"]), r["explicit_days"] == "true",
            r["source_uk"], r["source_en"]) for r in csv.DictReader(fh)}


@lru_cache(maxsize=1)
def holidays() -> frozenset[date]:
    """The public holidays that are not working days (assets/reference/holidays.csv; empty under martial law)."""
    with (REFERENCE_DIR / "holidays.csv").open(encoding="utf-8", newline="") as fh:
        return frozenset(date.fromisoformat(r["date"]) for r in csv.DictReader(fh))


def work_calendar(move_off_weekend: bool = False) -> WorkCalendar:
    """The calendar of the reference holidays with the hromada's weekend setting."""
    return WorkCalendar(holidays(), move_off_weekend)


def ordinary_due(kind: RequestType, received_at: datetime, *, needs_study: bool | None, deadline_days: int | None,
                 urgent: bool, cal: WorkCalendar) -> date | datetime:
    """The due date (or moment, for hour terms) before any extension.

    Ordinary appeals: 15 days, one month when the request needs additional study (Law «Про звернення
    громадян» art. 20 part 1), or an explicit term of 1–45 calendar days (art. 20 part 2: shortened on the
    author's demand). Deputies' appeals: 10 days. Public information: 5 working days, 48 hours when urgent.
    Crime reports: 24 hours to the ЄРДР entry.
    """
    if deadline_days is not None:
        if not kind.explicit_days:
            raise DeadlineError("deadline.fixed_by_law")
        if not EXPLICIT_DAYS[0] <= deadline_days <= EXPLICIT_DAYS[1]:
            raise DeadlineError("deadline.bad_term", days=deadline_days)
        return Term(deadline_days, "days").end(received_at, cal)
    term = kind.term
    if urgent and kind.urgent_term:
        term = kind.urgent_term
    elif needs_study and kind.study_term:
        term = kind.study_term
    return term.end(received_at, cal)


def check_extension(kind: RequestType, received_at: datetime, ordinary: date | datetime, extended: date,
                    cal: WorkCalendar) -> None:
    """Raise DeadlineError unless ``extended`` lies between the ordinary due date and the law's maximum
    counted from receipt (ordinary appeals: 45 days in total, art. 20 part 1; public information:
    20 working days, art. 20 part 4). A future extension date is valid."""
    if kind.max_term is None or isinstance(ordinary, datetime):
        raise DeadlineError("deadline.extension_not_allowed")
    if extended < ordinary:
        raise DeadlineError("deadline.extension_before_due", due=ordinary.isoformat())
    latest = Term(kind.max_term.length, kind.max_term.unit).end(received_at, WorkCalendar(cal.holidays))
    if extended > latest:
        raise DeadlineError("deadline.extension_too_long", latest=latest.isoformat())


def due_for(type_key: str, received_at: datetime, *, needs_study: bool | None = None,
            deadline_days: int | None = None, extended_due: date | None = None, urgent: bool = False,
            cal: WorkCalendar | None = None) -> date | datetime:
    """The due date of an answer (a Kyiv date), or the due moment of an hour term (aware, Kyiv).

    Raises DeadlineError for a term or an extension the law does not allow.
    """
    cal = cal or WorkCalendar()
    kind = request_types()[type_key]
    ordinary = ordinary_due(kind, received_at, needs_study=needs_study, deadline_days=deadline_days,
                            urgent=urgent, cal=cal)
    if extended_due is None:
        return ordinary
    check_extension(kind, received_at, ordinary, extended_due, cal)
    return extended_due


def sending_due(type_key: str, received_at: datetime, cal: WorkCalendar | None = None) -> date | None:
    """The last day to send a request to the competent body (Law «Про звернення громадян» art. 7 part 3:
    5 days; public information: 5 working days, Law «Про доступ до публічної інформації» art. 22 part 3);
    None for a type that is not sent on (a crime report is entered into ЄРДР, КПК art. 214)."""
    term = request_types()[type_key].sending_term
    return None if term is None else term.end(received_at, cal or WorkCalendar())


def met(due: date | datetime, done_at: datetime) -> bool:
    """Whether something done at ``done_at`` met ``due``: a day term lasts until 24:00 of its last day,
    Kyiv time (ЦК art. 255 part 1); an hour term ends at its moment."""
    done = kyiv(done_at)
    return done <= due if isinstance(due, datetime) else done.date() <= due


def passed(due: date | datetime, as_of: date) -> bool:
    """Whether ``due`` had passed by the end of ``as_of`` (24:00 Kyiv time)."""
    if isinstance(due, datetime):
        return due < datetime.combine(as_of + timedelta(days=1), datetime.min.time(), KYIV)
    return due < as_of


def due_text(due: date | datetime) -> str:
    """``YYYY-MM-DD`` for a day term, ``YYYY-MM-DDTHH:MM`` (Kyiv time) for an hour term."""
    return kyiv(due).strftime("%Y-%m-%dT%H:%M") if isinstance(due, datetime) else due.isoformat()
