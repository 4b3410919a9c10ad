"""Reporting periods: the chosen period, the one before it, and the same period a year earlier.

Presets count whole ISO weeks (Monday first, Europe/Kyiv), ending with the last complete week:
``week`` (1), ``4weeks`` (4), ``quarter`` (13), ``year`` (52). A week-based period a year
earlier is shifted by 52 weeks so weekdays line up; a custom period by one calendar year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

PRESET_WEEKS = {"week": 1, "4weeks": 4, "quarter": 13, "year": 52}
PERIOD_KINDS = (*PRESET_WEEKS, "custom")


@dataclass(frozen=True)
class Period:
    """Inclusive calendar dates ``start`` .. ``end``."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def shifted(self, days: int) -> Period:
        return Period(self.start + timedelta(days=days), self.end + timedelta(days=days))


def last_complete_week_end(today: date) -> date:
    """The Sunday that ends the last complete ISO week before ``today``."""
    return today - timedelta(days=today.weekday() + 1)


def preset_period(kind: str, today: date) -> Period:
    """The period for a preset, ending with the last complete week before ``today``."""
    weeks = PRESET_WEEKS[kind]
    end = last_complete_week_end(today)
    return Period(end - timedelta(days=7 * weeks - 1), end)


def previous_period(period: Period) -> Period:
    """The period of the same length just before ``period``."""
    return period.shifted(-period.days)


def _minus_one_year(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def year_earlier(period: Period, *, week_aligned: bool) -> Period:
    """The same period a year earlier: 52 weeks back when ``week_aligned``, else one calendar year."""
    if week_aligned:
        return period.shifted(-364)
    return Period(_minus_one_year(period.start), _minus_one_year(period.end))


def resolve_period(kind: str, today: date, custom: tuple[date, date] | None = None) -> Period:
    """The period for the filter choice; a custom range is ordered and may not end after today."""
    if kind in PRESET_WEEKS or custom is None:
        return preset_period(kind if kind in PRESET_WEEKS else "4weeks", today)
    start, end = sorted(custom)
    return Period(start, min(end, today))


def change_ratio(current: float | None, base: float | None) -> float | None:
    """(current − base) / base, or None where the base is 0 or missing (never ∞)."""
    if current is None or base is None or base == 0 or base != base or current != current:
        return None
    return (current - base) / base


@dataclass(frozen=True)
class Quarter:
    """A calendar quarter counted in whole ISO weeks: ``period`` runs from the Monday of the week
    that holds the quarter's first Thursday to the Sunday of the week that holds its last
    Thursday (the ISO rule that gives a week to the year of its Thursday), 13 or 14 weeks."""

    year: int
    number: int  # 1..4
    period: Period


def _quarter_weeks(year: int, number: int) -> Period:
    first = date(year, 3 * number - 2, 1)
    after = date(year + (number == 4), 1 if number == 4 else 3 * number + 1, 1)
    first_thursday = first + timedelta(days=(3 - first.weekday()) % 7)
    last_day = after - timedelta(days=1)
    last_thursday = last_day - timedelta(days=(last_day.weekday() - 3) % 7)
    return Period(first_thursday - timedelta(days=3), last_thursday + timedelta(days=3))


def last_full_quarter(today: date) -> Quarter:
    """The latest quarter whose last week ended before ``today`` (whole ISO weeks: figures outside
    the prosecutor role come only from fixed periods of whole weeks, domain.visibility.picks_dates)."""
    year, number = today.year, (today.month - 1) // 3 + 1
    while True:
        period = _quarter_weeks(year, number)
        if period.end < today:
            return Quarter(year, number, period)
        year, number = (year - 1, 4) if number == 1 else (year, number - 1)
