"""Time-series helpers: complete weekly series with zero weeks filled in."""

from __future__ import annotations

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
