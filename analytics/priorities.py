"""Community safety priorities: the status rule (on track / off track / no data); the rules a priority must satisfy are domain.priority_rules.

The status rule (documented here, shown on the page, tested in tests/unit/test_priorities.py):

1. **Current value** of an indicator, in the same unit as its baseline and target:
   - incident category / request topic: the count in the last ``WINDOW_WEEKS`` (13) complete ISO
     weeks, annualised (× 52 / 13), i.e. "per year", as the baseline (a year's count) is kept;
   - survey question: the weighted share of positive answers in the latest wave
     (``analytics.survey_estimates.share_from_sums``, a share 0..1).
   The window ends with the last complete week before the day of the review, or with the
   priority's end date if that is earlier.
2. **Expected progress**: the share of the priority's time elapsed, ``e = (as_of − start) /
   (end − start)`` clipped to 0..1 (a linear path from baseline to target).
3. An indicator is **on track** when it has moved from the baseline toward the target by at
   least ``e`` of the way: with ``s = +1`` for "increase" and ``−1`` for "decrease",
   ``s·(current − baseline) ≥ e·s·(target − baseline)``. Otherwise it is **off track**.
4. **No data** when the indicator has no data in the window (no incidents *and* no requests are
   counted as 0 — a real zero — but a survey question without a wave in the priority's time, a
   survey group under 30 respondents, or a missing baseline or target gives no data).
5. A priority's status is the **worst** of its indicators (off track before on track); "no data"
   only when every indicator has no data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

import pandas as pd

from analytics.series import complete_weeks
from analytics.survey_estimates import share_from_sums
from domain.priority_rules import sign

WINDOW_WEEKS = 13
WEEKS_PER_YEAR = 52
STATUSES = ("on_track", "off_track", "no_data")
EPS = 1e-9


# --------------------------------------------------------------------------- status rule


def window(today: date, *, end: date | None = None, weeks: int = WINDOW_WEEKS) -> tuple[date, date]:
    """The last ``weeks`` complete ISO weeks before the week of ``today`` (Monday .. Sunday),
    ending no later than the week that holds ``end`` (a priority's end date) when given."""
    this_monday = today - timedelta(days=today.weekday())
    last_sunday = this_monday - timedelta(days=1)
    if end is not None and end < last_sunday:
        last_sunday = end + timedelta(days=6 - end.weekday())
    return last_sunday - timedelta(weeks=weeks) + timedelta(days=1), last_sunday


def annualised(count: float, weeks: int = WINDOW_WEEKS) -> float:
    """A count over ``weeks`` weeks expressed per year (× 52 / weeks)."""
    return float(count) * WEEKS_PER_YEAR / weeks


def elapsed_share(start: date, end: date, as_of: date) -> float:
    """Share of a priority's time elapsed on ``as_of`` (0 before the start, 1 after the end)."""
    total = (end - start).days
    if total <= 0:
        return 1.0
    return min(max((as_of - start).days / total, 0.0), 1.0)


@dataclass(frozen=True)
class IndicatorStatus:
    status: str  # on_track / off_track / no_data
    progress: float | None  # share of the way from baseline to target achieved (1 = reached)
    expected: float  # share of the way expected by now (time elapsed)
    expected_value: float | None  # where the linear path says the value should be by now
    reason: str | None = None  # message key when no data


def indicator_status(*, direction: str, baseline: float | None, target: float | None,
                     current: float | None, elapsed: float, reason: str | None = None) -> IndicatorStatus:
    """On track when the value moved from baseline toward target by at least ``elapsed`` of the way."""
    if baseline is None or target is None or baseline != baseline or target != target:
        return IndicatorStatus("no_data", None, elapsed, None, "prio.reason_no_target")
    expected_value = baseline + elapsed * (target - baseline)
    if current is None or current != current:
        return IndicatorStatus("no_data", None, elapsed, expected_value, reason or "prio.reason_no_data")
    s = sign(direction)
    moved = s * (current - baseline)
    needed = s * (target - baseline)
    progress = moved / needed if needed > 0 else None
    on = moved + EPS >= elapsed * needed
    return IndicatorStatus("on_track" if on else "off_track", progress, elapsed, expected_value)


def priority_status(statuses: list[str]) -> str:
    """Worst of the indicators' statuses: off track, then on track; no data only if all are."""
    if "off_track" in statuses:
        return "off_track"
    if "on_track" in statuses:
        return "on_track"
    return "no_data"


def rolling_annualised(weekly: pd.DataFrame, weeks: int = WINDOW_WEEKS) -> pd.DataFrame:
    """For a complete weekly series (week, count) the annualised sum of the last ``weeks``
    weeks at each week (NaN until ``weeks`` weeks are available). Adds columns ``window_count``
    and ``value``."""
    out = weekly.copy()
    out["window_count"] = out["count"].rolling(weeks, min_periods=weeks).sum()
    out["value"] = out["window_count"] * WEEKS_PER_YEAR / weeks
    return out


# --------------------------------------------------------------------------- current values


@dataclass(frozen=True)
class CurrentValue:
    value: float | None  # in the baseline's unit (per year, or a share 0..1)
    raw_count: int | None  # counts: the count in the window (for small-count suppression)
    as_of: date | None  # counts: the window's last day; survey: the wave's end date
    n: int | None = None  # survey: respondents with a substantive answer
    reason: str | None = None  # message key when value is None


def count_current(weekly: pd.DataFrame, win_start: date, win_end: date, weeks: int = WINDOW_WEEKS) -> CurrentValue:
    """Annualised count of the weeks (column week = Monday, count) from ``win_start`` to
    ``win_end``; no weeks with a count mean a real zero."""
    w = pd.to_datetime(weekly["week"]).dt.date if len(weekly) else pd.Series([], dtype=object)
    inside = weekly[(w >= win_start) & (w <= win_end)] if len(weekly) else weekly
    count = int(inside["count"].sum()) if len(inside) else 0
    return CurrentValue(annualised(count, weeks), count, win_end)


def survey_current(waves: pd.DataFrame, *, since: date) -> CurrentValue:
    """The weighted positive share of the latest wave (columns end_date, positive_w, sum_w,
    sum_w2, n) that ended on or after ``since`` (the priority's start); no data without such a
    wave or with fewer than 30 respondents (analytics.survey_estimates.share_from_sums)."""
    if waves.empty:
        return CurrentValue(None, None, None, None, "prio.reason_no_wave")
    last = waves.sort_values("end_date").iloc[-1]
    end_date = pd.Timestamp(last["end_date"]).date()
    if end_date < since:
        return CurrentValue(None, None, end_date, int(last["n"]), "prio.reason_no_wave")
    est = share_from_sums(float(last["positive_w"]), float(last["sum_w"]), float(last["sum_w2"]), int(last["n"]))
    if est.share is None:
        return CurrentValue(None, None, end_date, int(last["n"]), "prio.reason_few_respondents")
    return CurrentValue(est.share, None, end_date, int(last["n"]))


# --------------------------------------------------------------------------- priorities with their status


@dataclass(frozen=True)
class IndicatorResult:
    indicator: dict  # a row of data_access.priorities.indicator_list
    baseline: float | None
    target: float | None
    data: pd.DataFrame  # counts: complete weekly series (week, count) from trend_start; survey: the waves
    current: CurrentValue
    status: IndicatorStatus


@dataclass(frozen=True)
class PriorityResult:
    priority: dict  # a row of data_access.priorities.priority_list
    status: str  # on_track / off_track / no_data (priority_status of the indicators)
    window: tuple[date, date]  # the weeks the counts' current values cover
    trend_start: date  # first week of the counts' series (a window before the priority or the window)
    indicators: list[IndicatorResult] = field(default_factory=list)


def _value(x) -> float | None:
    return None if x is None or x != x else x


def evaluate_priority(priority: dict, indicators: pd.DataFrame, *, today: date,
                      indicator_data: Callable[..., pd.DataFrame]) -> PriorityResult:
    """The status of one priority on ``today`` and, per indicator, its current value and status
    (rule in the module docstring). ``indicator_data(kind=, ref=, start=, end=)`` returns
    data_access.priorities.indicator_data for the chosen hromada (and settlements)."""
    win_start, win_end = window(today, end=priority["end_date"])
    as_of = min(win_end, priority["end_date"])
    elapsed = elapsed_share(priority["start_date"], priority["end_date"], as_of)
    trend_start = min(priority["start_date"], win_start) - timedelta(weeks=WINDOW_WEEKS)
    results = []
    for ind in indicators.to_dict("records"):
        kind = ind["kind"]
        if kind == "survey_question":
            data = indicator_data(kind=kind, ref=ind["ref"], start=trend_start, end=as_of)
            cur = survey_current(data, since=priority["start_date"])
        else:
            data = complete_weeks(indicator_data(kind=kind, ref=ind["ref"], start=trend_start, end=win_end),
                                  trend_start, win_end)
            cur = count_current(data, win_start, win_end)
        baseline, target = _value(ind["baseline"]), _value(ind["target"])
        status = indicator_status(direction=ind["direction"], baseline=baseline, target=target,
                                  current=cur.value, elapsed=elapsed, reason=cur.reason)
        results.append(IndicatorResult(ind, baseline, target, data, cur, status))
    return PriorityResult(priority, priority_status([r.status.status for r in results]), (win_start, win_end),
                          trend_start, results)


def priorities_with_status(priorities: pd.DataFrame, indicators: pd.DataFrame, *, today: date,
                           indicator_data: Callable[..., pd.DataFrame]) -> list[PriorityResult]:
    """Every priority (data_access.priorities.priority_list, in its order) with its status on
    ``today``: the one computation behind the priorities page and the meeting pack. ``indicators``
    is data_access.priorities.indicator_list; ``indicator_data`` as in :func:`evaluate_priority`."""
    return [evaluate_priority(prio, indicators[indicators["priority_id"] == prio["id"]], today=today,
                              indicator_data=indicator_data)
            for prio in priorities.to_dict("records")]
