"""Resident requests: answer times, on-time share, backlog, topic trends and repeat clusters.

Definitions (shown on the page and used by the meeting pack):

- *Days to answer* = answered_date − received_date in Europe/Kyiv calendar days (an answer on
  the day of receipt takes 0 days). Partner answer time = partner_answered_at − forwarded_at.
- *Percentiles* use numpy's default ``method="linear"`` (Hyndman & Fan type 7, the same as
  Excel's PERCENTILE.INC and ``statistics.quantiles(method="inclusive")``): the median of
  2, 3, 10, 40 is 6.5 days and the 90th percentile is 31.
- *On time*, *late*, *open*, *overdue*: each request's state by its type's legal clock
  (domain.request_state; rules in docs/requests-rules.md). *Open* on a date: received by that day and
  not closed (answer, sending by competence, ЄРДР entry) by that day.
- *Topic trend*: requests in the last 13 weeks against the 13 weeks before; a rise is marked
  only when the exact binomial test (analytics.significance) gives p < 0.05.
- *Cluster* (a repeated problem): requests on the same topic from the same settlement, each
  received within 60 days of the previous one; a chain of 3 or more requests is a cluster.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from analytics.series import weeks_between
from analytics.significance import count_change_p, is_significant

PERCENTILE_METHOD = "linear"
CLUSTER_GAP_DAYS = 60
CLUSTER_MIN_SIZE = 3
TREND_WEEKS = 13


@dataclass(frozen=True)
class AnswerTimes:
    """Median and 90th percentile of answer times (days); None when nothing was answered."""

    n: int
    median: float | None
    p90: float | None


def percentile(values, q: float, counts=None) -> float | None:
    """The ``q``-th percentile (0–100) of ``values`` repeated ``counts`` times, numpy 'linear'."""
    vals = np.asarray(values, dtype=float)
    if counts is not None:
        vals = np.repeat(vals, np.asarray(counts, dtype=int))
    if vals.size == 0:
        return None
    return float(np.percentile(vals, q, method=PERCENTILE_METHOD))


def answer_times(freq: pd.DataFrame) -> AnswerTimes:
    """Median and p90 from a frequency table with columns days, count (data_access.requests.answer_days)."""
    if freq is None or freq.empty:
        return AnswerTimes(0, None, None)
    days, counts = freq["days"].to_numpy(), freq["count"].to_numpy()
    return AnswerTimes(int(counts.sum()), percentile(days, 50, counts), percentile(days, 90, counts))


def share(part: int, whole: int) -> float | None:
    """part / whole, or None when there is no whole."""
    return part / whole if whole else None


def weekly_flow(daily: pd.DataFrame, start: date, end: date) -> pd.DataFrame:
    """Received and answered per ISO week from ``start`` to ``end``.

    ``daily``: day, received, answered. Returns week (Monday), received, answered for every
    week overlapping the range (zeros filled in); days outside start..end are not counted.
    """
    weeks = pd.DataFrame({"week": weeks_between(start, end)})
    if daily.empty:
        return weeks.assign(received=0, answered=0)
    d = daily[(daily["day"] >= start) & (daily["day"] <= end)].copy()
    d["week"] = [day - timedelta(days=day.weekday()) for day in d["day"]]
    sums = d.groupby("week", as_index=False)[["received", "answered"]].sum()
    out = weeks.merge(sums, on="week", how="left").fillna({"received": 0, "answered": 0})
    return out.astype({"received": int, "answered": int})


def backlog_by_week(daily: pd.DataFrame, start: date, end: date) -> pd.DataFrame:
    """Requests open at the end of each ISO week from ``start`` to ``end`` (the Sunday, or
    ``end`` for the last, possibly incomplete, week).

    ``daily`` must hold every day from the first request up to ``end`` (day, received,
    answered). Open at t = received on or before t − answered on or before t.
    Returns week (Monday), as_of, open.
    """
    weeks = weeks_between(start, end)
    as_of = [min(w + timedelta(days=6), end) for w in weeks]
    if daily.empty:
        return pd.DataFrame({"week": weeks, "as_of": as_of, "open": 0})
    d = daily.sort_values("day")
    days = pd.to_datetime(d["day"]).to_numpy()
    cum = (d["received"] - d["answered"]).cumsum().to_numpy()
    idx = np.searchsorted(days, pd.to_datetime(pd.Series(as_of)).to_numpy(), side="right") - 1
    open_ = np.where(idx >= 0, cum[np.clip(idx, 0, None)], 0)
    return pd.DataFrame({"week": weeks, "as_of": as_of, "open": open_.astype(int)})


def topic_trend(windows: pd.DataFrame) -> pd.DataFrame:
    """Each topic's change between two equal windows (columns topic, current, previous).

    Adds change (ratio, None where previous is 0), p_value (exact binomial, p = 0.5), rising
    and falling (significant at 5 %). Sorted by current, largest first.
    """
    out = windows.copy()
    out["change"] = [(c - p) / p if p else None for c, p in zip(out["current"], out["previous"], strict=True)]
    out["p_value"] = [count_change_p(int(c), int(p)) for c, p in zip(out["current"], out["previous"], strict=True)]
    sig = out["p_value"].map(is_significant).astype(bool)
    out["rising"] = sig & (out["current"] > out["previous"])
    out["falling"] = sig & (out["current"] < out["previous"])
    return out.sort_values(["current", "topic"], ascending=[False, True]).reset_index(drop=True)


def find_clusters(days: pd.DataFrame, *, gap_days: int = CLUSTER_GAP_DAYS,
                  min_size: int = CLUSTER_MIN_SIZE) -> pd.DataFrame:
    """Chains of requests on the same topic from the same settlement, each within ``gap_days``
    of the previous one, with at least ``min_size`` requests.

    ``days``: settlement_id, topic, day, count, collective (data_access.requests.
    topic_settlement_days). Returns settlement_id, topic, first, last, requests, collective,
    sorted by requests (largest first), then last (newest first).
    """
    cols = ["settlement_id", "topic", "first", "last", "requests", "collective"]
    if days is None or days.empty:
        return pd.DataFrame(columns=cols)
    rows = []
    for (settlement_id, topic), g in days.sort_values("day").groupby(["settlement_id", "topic"], sort=False):
        chain_first = prev = None
        n = coll = 0
        for day, count, collective in zip(g["day"], g["count"], g["collective"], strict=True):
            if prev is not None and (day - prev).days > gap_days:
                if n >= min_size:
                    rows.append((settlement_id, topic, chain_first, prev, n, coll))
                chain_first, n, coll = day, 0, 0
            if chain_first is None:
                chain_first = day
            n += int(count)
            coll += int(collective)
            prev = day
        if n >= min_size:
            rows.append((settlement_id, topic, chain_first, prev, n, coll))
    out = pd.DataFrame(rows, columns=cols)
    return out.sort_values(["requests", "last"], ascending=[False, False]).reset_index(drop=True)


def monthly(daily: pd.DataFrame, start: date, end: date, value_cols: tuple[str, ...]) -> pd.DataFrame:
    """Daily counts summed into calendar months from ``start`` to ``end``.

    Returns month (first day, date) and ``value_cols`` for every month (zeros filled in).
    """
    first = date(start.year, start.month, 1)
    months = [d.date() for d in pd.date_range(first, end, freq="MS")]
    frame = pd.DataFrame({"month": months})
    if daily.empty:
        return frame.assign(**{c: 0 for c in value_cols})
    d = daily[(daily["day"] >= start) & (daily["day"] <= end)].copy()
    d["month"] = [date(x.year, x.month, 1) for x in d["day"]]
    sums = d.groupby("month", as_index=False)[list(value_cols)].sum()
    out = frame.merge(sums, on="month", how="left").fillna({c: 0 for c in value_cols})
    return out.astype({c: int for c in value_cols})



def clusters_in_period(days: pd.DataFrame, start: date) -> pd.DataFrame:
    """The clusters (:func:`find_clusters`) whose last request came on or after ``start``, with
    ``in_period``: the requests on the cluster's topic from its settlement since ``start``.
    Sorted by in_period, then requests (largest first)."""
    clusters = find_clusters(days)
    clusters = clusters[clusters["last"] >= start] if len(clusters) else clusters
    if clusters.empty:
        return clusters.assign(in_period=pd.Series(dtype="int64"))
    since = days[days["day"] >= start].groupby(["settlement_id", "topic"])["count"].sum()
    clusters = clusters.assign(in_period=[int(since.get((sid, tp), 0))
                                          for sid, tp in zip(clusters["settlement_id"], clusters["topic"], strict=True)])
    return clusters.sort_values(["in_period", "requests"], ascending=False).reset_index(drop=True)


def requests_per_settlement(settlements: pd.DataFrame, current: pd.DataFrame, previous: pd.DataFrame) -> pd.DataFrame:
    """``settlements`` (data_access.places.settlements: id, code, name_uk, name_en, lat, lon,
    population …) in their order, with ``count`` and ``prev_count``: the requests of each from two
    per-settlement counts (key = settlement id, count; data_access.requests.counts_by), 0 where
    absent. ``population`` becomes numeric (NaN where unknown). Requests with no settlement are
    not in any row. The input of analytics.rates.settlement_rates."""
    n_now = dict(zip(current["key"], current["count"], strict=True))
    n_prev = dict(zip(previous["key"], previous["count"], strict=True))
    return settlements.assign(
        population=pd.to_numeric(settlements["population"], errors="coerce"),
        count=[int(n_now.get(i, 0)) for i in settlements["id"]],
        prev_count=[int(n_prev.get(i, 0)) for i in settlements["id"]],
    ).reset_index(drop=True)
