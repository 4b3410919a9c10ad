"""Kyiv calendar: local time, ISO weeks (Monday first), as Ukrainian offices count them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

KYIV = ZoneInfo("Europe/Kyiv")


def to_utc_naive(value: datetime) -> datetime:
    """A timezone-aware datetime (or a naive one meant as Kyiv local time) as naive UTC."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=KYIV)
    return value.astimezone(UTC).replace(tzinfo=None)


def kyiv_local(utc_naive: datetime) -> datetime:
    """Naive UTC (as stored) to an aware Europe/Kyiv datetime."""
    return utc_naive.replace(tzinfo=UTC).astimezone(KYIV)


def week_start(day: date) -> date:
    """Monday of the ISO week that contains ``day``."""
    return day - timedelta(days=day.weekday())


def calendar_fields(utc_naive: datetime) -> dict:
    """The Kyiv calendar fields stored beside an event time: date, ISO week Monday, hour,
    day of week (1 = Monday)."""
    local = kyiv_local(utc_naive)
    d = local.date()
    return {"date": d, "week": week_start(d), "hour": local.hour, "dow": local.isoweekday()}


# How exactly a record's date is known: its day, only its month, or only its year. A coarse date is
# stored as the first day of its month or year; whether the time of day is known is stored apart.
PRECISIONS = ("day", "month", "year")


def coarsest(a: str, b: str) -> str:
    """The coarser of two precisions (PRECISIONS)."""
    return max(a, b, key=PRECISIONS.index)


def span_of(day: date, precision: str) -> tuple[date, date]:
    """The first and last day a date of ``precision`` may stand for: the day itself, its month, or its year
    (ValueError for an unknown precision)."""
    if precision == "day":
        return day, day
    if precision == "month":
        first = day.replace(day=1)
        following = (first + timedelta(days=32)).replace(day=1)
        return first, following - timedelta(days=1)
    if precision == "year":
        return date(day.year, 1, 1), date(day.year, 12, 31)
    raise ValueError(f"precision must be one of {PRECISIONS}, not {precision!r}")


MONTH_PERIODS = ("this_month", "previous_month", "same_month_last_year", "ytd", "ytd_last_year")


def month_periods(month: date) -> dict[str, tuple[date, date]]:
    """The periods a monthly review compares (first and last day each, :data:`MONTH_PERIODS` order) for
    the month holding ``month``: the month, the one before, the same month a year earlier, the year to
    the month's end, and the same stretch a year earlier."""
    first, last = span_of(month, "month")
    previous = span_of(first - timedelta(days=1), "month")
    year_ago = span_of(first.replace(year=first.year - 1), "month")
    return {"this_month": (first, last), "previous_month": previous, "same_month_last_year": year_ago,
            "ytd": (date(first.year, 1, 1), last), "ytd_last_year": (date(first.year - 1, 1, 1), year_ago[1])}


def parse_month(text: str) -> date:
    """``2024-12`` -> 1 December 2024. Raises ValueError on anything else."""
    try:
        return datetime.strptime(text.strip(), "%Y-%m").date()
    except (ValueError, AttributeError) as exc:
        raise ValueError(f"not a month like 2024-12: {text!r}") from exc


def iso_week_monday(week: str) -> date:
    """``2026-W47`` -> the Monday of that ISO week. Raises ValueError on a bad string."""
    try:
        year_s, week_s = week.upper().split("-W")
        return date.fromisocalendar(int(year_s), int(week_s), 1)
    except (ValueError, AttributeError) as exc:
        raise ValueError(f"not an ISO week like 2026-W47: {week!r}") from exc


def iso_week_label(monday: date) -> str:
    """The Monday of an ISO week -> ``2026-W47``."""
    y, w, _ = monday.isocalendar()
    return f"{y}-W{w:02d}"
