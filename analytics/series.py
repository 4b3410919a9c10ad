"""Time-series helpers: complete weekly series with zero weeks filled in, and the same weeks a year earlier."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pandas as pd

from analytics.flags import HISTORY_WEEKS, weekly_band
from analytics.periods import PRESET_WEEKS
from domain.visibility import VISIBLE, hide_small, series_flags


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


def since_data_start(now: pd.DataFrame, ago: pd.DataFrame, data_start: date | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The weekly line and its year-ago line (weekly_with_year_ago) from the week of ``data_start`` on:
    no zeros drawn before the first record; the year-ago line is a gap (NaN) where its own week lies
    before the data start. ``data_start`` None (no data): unchanged."""
    if data_start is None:
        return now, ago
    first = data_start - timedelta(days=data_start.weekday())
    keep = (pd.to_datetime(now["week"]).dt.date >= first).to_numpy()
    ago = ago.assign(count=pd.to_numeric(ago["count"], errors="coerce").astype("float64"))
    ago.loc[(pd.to_datetime(ago["week"]).dt.date - YEAR < first).to_numpy(), "count"] = float("nan")
    return now[keep].reset_index(drop=True), ago[keep].reset_index(drop=True)


def suppress_trend(now: pd.DataFrame, ago: pd.DataFrame, *, suppress: bool) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The weekly line and its year-ago line (weekly_with_year_ago; both ending with the last complete
    week) as a role may see them: counts NaN where hidden. Outside the prosecutor role a week of 1–4
    is hidden, and so is one more wherever a published sum — the KPI tile of a fixed period (last
    week, 4, 13, 52 weeks), the period before it, the same period a year earlier — would otherwise
    give a hidden week away (domain.visibility.series_flags)."""
    if not suppress:
        return now, ago
    weeks = len(now)
    if weeks < 52 or len(ago) != weeks:  # not weekly_with_year_ago's shape: each small week on its own
        return (now.assign(count=hide_small(now["count"], suppress=True)),
                ago.assign(count=hide_small(ago["count"], suppress=True)))
    series = pd.concat([ago["count"].iloc[:52], now["count"]], ignore_index=True)  # oldest first, each week once
    n, windows = len(series), []
    for length in PRESET_WEEKS.values():
        windows += [(n - length, n - 1), (n - 2 * length, n - length - 1), (n - 52 - length, n - 53)]
    shown = series.where(series_flags(series.to_numpy(), windows) == VISIBLE)
    return now.assign(count=shown.iloc[52:].to_numpy()), ago.assign(count=shown.iloc[:weeks].to_numpy())


def trend_band(now: pd.DataFrame, ago: pd.DataFrame | None) -> pd.DataFrame:
    """The expected range of every week of a weekly line (analytics.flags.weekly_band: the model of the
    weekly review's flag), computed from the line as shown — NaN or None where a count is hidden — so
    that no band gives a hidden count away. ``ago`` is the year-ago line of weekly_with_year_ago (its
    first 52 weeks are the 52 weeks before ``now``'s first when ``now`` has 52 weeks or more).
    Columns: week, expected, low, high, p, flag (+1 / −1 / 0)."""
    shown = pd.to_numeric(now["count"], errors="coerce").astype("float64")
    before = pd.Series(dtype="float64")
    if ago is not None and len(now) >= HISTORY_WEEKS and len(ago) >= HISTORY_WEEKS:
        before = pd.to_numeric(ago["count"].iloc[:HISTORY_WEEKS], errors="coerce").astype("float64")
    series = pd.concat([before, shown], ignore_index=True).to_numpy(dtype="float64", na_value=float("nan"))
    band = weekly_band(series, first=len(before))
    band.insert(0, "week", list(now["week"]))
    return band
