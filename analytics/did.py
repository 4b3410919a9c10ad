"""Did it help? Incidents around a place-based activity before and after it, against the rest of
the hromada over the same weeks (a simple difference-in-differences with an exact test).

Method (shown on the page, tested in tests/unit/test_did.py):

- **Offences**: by default the street and property offences of ``STREET_CATEGORIES``.
- **Area**: incidents with coordinates within ``radius`` metres (haversine) of the activity's
  point; **rest**: incidents with coordinates elsewhere in the hromada. Incidents without
  coordinates take no part (they cannot be placed on either side).
- **Windows**: the ``N`` whole weeks (7·N days) before the activity date, and the 7·N days from
  the activity date on. ``N`` is limited to the whole weeks that have passed since the activity
  (and the data before it), so both windows have the same length.
- **Ratios**: change in the area ``a₁/a₀``, in the rest ``r₁/r₀``; the difference-in-differences
  ratio ``(a₁/a₀) ÷ (r₁/r₀)`` (< 1: the area improved relative to the rest). The expected count
  after, had the area followed the rest, is ``a₀·r₁/r₀``.
- **Exact test**: given the area's total ``a₀ + a₁``, its after count ``a₁`` would follow
  Binomial(a₀ + a₁, p) with ``p = r₁ / (r₀ + r₁)`` if the area changed like the rest; a
  two-sided p-value under ``ALPHA`` (0.05) says the change is unlikely to be noise. If the rest
  has no incidents at all, p = ½ (equal windows).
- **Verdict**: ``too_few`` when ``a₀ + a₁ < MIN_AREA_TOTAL`` (10): with fewer incidents no test
  can tell a real change from chance, so nothing is claimed; else ``decreased`` / ``increased``
  when the test says so, ``no_clear_change`` otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from analytics.significance import ALPHA, binomial_p

MIN_AREA_TOTAL = 10
VERDICTS = ("too_few", "decreased", "increased", "no_clear_change")
RADII_M = (250, 500, 750, 1000, 1500)
WEEK_CHOICES = (8, 13, 26, 52)
# Offences that situational prevention (lighting, CCTV, patrols, clearing a space) aims at: they
# happen in public or around homes and depend on being seen. The default set to compare; the
# page lets the user choose others. Domestic violence, fraud, traffic offences are left out: a
# street light does not change them, and mixing them in dilutes any effect.
STREET_CATEGORIES = ("theft", "burglary", "robbery", "vehicle_theft", "property_damage", "hooliganism",
                     "public_order", "drugs")


def windows(activity_date: date, weeks: int) -> tuple[tuple[date, date], tuple[date, date]]:
    """((before_start, before_end), (after_start, after_end)), each 7·weeks days, inclusive."""
    before = (activity_date - timedelta(weeks=weeks), activity_date - timedelta(days=1))
    after = (activity_date, activity_date + timedelta(weeks=weeks) - timedelta(days=1))
    return before, after


def max_weeks(activity_date: date, *, data_start: date, data_end: date) -> int:
    """The most whole weeks both windows can have with data from ``data_start`` to ``data_end``."""
    after = ((data_end - activity_date).days + 1) // 7
    before = (activity_date - data_start).days // 7
    return max(min(after, before), 0)


@dataclass(frozen=True)
class DidResult:
    area_before: int
    area_after: int
    rest_before: int
    rest_after: int
    area_ratio: float | None  # a1 / a0
    rest_ratio: float | None  # r1 / r0
    did_ratio: float | None  # (a1 / a0) / (r1 / r0)
    expected_after: float | None  # a0 · r1 / r0
    p_value: float | None
    verdict: str  # one of VERDICTS


def _ratio(after: int, before: int) -> float | None:
    return after / before if before > 0 else None


def did_result(area_before: int, area_after: int, rest_before: int, rest_after: int, *,
               alpha: float = ALPHA, min_total: int = MIN_AREA_TOTAL) -> DidResult:
    """The comparison of the area's change with the rest's, and its honest verdict."""
    a0, a1, r0, r1 = (int(x) for x in (area_before, area_after, rest_before, rest_after))
    area_ratio, rest_ratio = _ratio(a1, a0), _ratio(r1, r0)
    did = area_ratio / rest_ratio if area_ratio is not None and rest_ratio else None
    expected = a0 * r1 / r0 if r0 > 0 else None
    total = a0 + a1
    if total < min_total:
        return DidResult(a0, a1, r0, r1, area_ratio, rest_ratio, did, expected, None, "too_few")
    p_rest = r1 / (r0 + r1) if r0 + r1 > 0 else 0.5
    p_value = binomial_p(a1, total, p_rest)
    if p_value is not None and p_value < alpha:
        verdict = "decreased" if a1 < total * p_rest else "increased"
    else:
        verdict = "no_clear_change"
    return DidResult(a0, a1, r0, r1, area_ratio, rest_ratio, did, expected, p_value, verdict)


def periods(daily: pd.DataFrame, activity_date: date, weeks: int) -> pd.DataFrame:
    """Daily counts (columns date, area, rest; days without incidents may be missing) summed
    into 7-day periods counted from the activity date: period_week −N..N−1 (−1 = the 7 days
    before the activity, 0 = the activity day and the 6 after it), week_start (first day), area,
    rest. Every period is present (0 where nothing happened); days outside are ignored."""
    out = pd.DataFrame({"period_week": np.arange(-weeks, weeks)})
    out["week_start"] = [activity_date + timedelta(weeks=int(k)) for k in out["period_week"]]
    if daily.empty:
        out["area"] = 0
        out["rest"] = 0
        return out
    d = daily.copy()
    days = (pd.to_datetime(d["date"]) - pd.Timestamp(activity_date)).dt.days
    d["period_week"] = np.floor_divide(days.to_numpy(), 7)
    d = d[(d["period_week"] >= -weeks) & (d["period_week"] < weeks)]
    sums = d.groupby("period_week")[["area", "rest"]].sum()
    out = out.merge(sums, left_on="period_week", right_index=True, how="left")
    out[["area", "rest"]] = out[["area", "rest"]].fillna(0).astype(int)
    return out


def result_from_periods(table: pd.DataFrame) -> DidResult:
    """``did_result`` from the output of :func:`periods` (negative period_week = before)."""
    before = table["period_week"] < 0
    return did_result(int(table.loc[before, "area"].sum()), int(table.loc[~before, "area"].sum()),
                      int(table.loc[before, "rest"].sum()), int(table.loc[~before, "rest"].sum()))


def indexed(weekly: pd.DataFrame) -> pd.DataFrame:
    """Weekly counts (columns period_week: −N..N−1 relative to the activity, week_start, area,
    rest) with each series indexed to its own mean over the weeks before (= 100). Adds
    area_index and rest_index (NaN where the before-mean is 0)."""
    out = weekly.copy()
    before = out["period_week"] < 0
    for col in ("area", "rest"):
        base = out.loc[before, col].mean() if before.any() else float("nan")
        out[f"{col}_index"] = out[col] / base * 100 if base and base == base else float("nan")
    return out
