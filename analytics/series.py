"""Time-series helpers: complete weekly series with zero weeks filled in, and the same weeks a year earlier."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pandas as pd


def weeks_between(start: date, end: date) -> list[date]:
    """Mondays of every ISO week that overlaps ``start`` .. ``end``."""
    first = start - timedelta(days=start.weekday())
    return [first + timedelta(weeks=k) for k in range((end - first).days // 7 + 1)]


def complete_weeks(df: pd.DataFrame, start: date, end: date, *, week_col: str = "week",
                   value_cols: tuple[str, ...] = ("count",)) -> pd.DataFrame:
    """Every week from start to end, with 0 where ``df`` has no row."""
    frame = pd.DataFrame({week_col: weeks_between(start, end)})
    if df.empty:
        for col in value_cols:
            frame[col] = 0
        return frame
    merged = frame.merge(df.assign(**{week_col: pd.to_datetime(df[week_col]).dt.date}), on=week_col, how="left")
    for col in value_cols:
        merged[col] = merged[col].fillna(0).astype(int)
    return merged


YEAR = timedelta(weeks=52)


def weekly_with_year_ago(weekly_counts: Callable[[date, date], pd.DataFrame], end: date, *,
                         weeks: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``weeks`` weeks ending with ``end`` and the same weeks 52 weeks earlier, both complete
    (columns week, count); the earlier series' ``week`` is moved forward onto this year's weeks.
    ``weekly_counts(start, end)`` returns the counts (columns week, count) — the dashboard's
    overview and the meeting pack draw the same line from it."""
    start = end - timedelta(weeks=weeks) + timedelta(days=1)
    now = complete_weeks(weekly_counts(start, end), start, end)
    ago = complete_weeks(weekly_counts(start - YEAR, end - YEAR), start - YEAR, end - YEAR)
    return now, ago.assign(week=ago["week"] + YEAR)
