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
