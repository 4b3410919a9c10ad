"""Did it help? Incidents around a place-based activity before and after it, against the rest of
the hromada over the same weeks (a difference-in-differences of counts with an exact test), and
the threats to reading it as an effect.

Method (shown on the page, tested in tests/unit/test_did.py, docs/flags.md "Did it help?"):

- **Choice made in advance**: the radius, the window and the categories are those recorded on the
  activity when it was planned (``activity.did_radius_m``, ``did_weeks``, ``did_categories``),
  else the house defaults (:data:`DEFAULT_RADIUS_M`, :data:`DEFAULT_WEEKS`,
  :data:`DEFAULT_CATEGORIES`). Only the prosecutor may try others, and is told that such a
  result is exploratory (trying radii and windows until one "works" finds effects in noise).
- **Area**: incidents with coordinates within ``radius`` metres (haversine) of the activity's
  point; **rest**: incidents with coordinates elsewhere in the hromada. Incidents without
  coordinates take no part (they cannot be placed on either side).
- **Windows**: the ``N`` whole weeks (7·N days) before the activity date, and the 7·N days from
  the activity date on (both windows the same length).
- **Ratio of ratios** ``(a₁/a₀) ÷ (r₁/r₀) = a₁·r₀ / (a₀·r₁)`` (< 1: the area improved relative to
  the rest), the odds ratio of the 2×2 table area/rest × before/after. Its 95 % interval is the
  exact conditional (Cornfield) interval (``scipy.stats.contingency.odds_ratio``, conditional).
- **Exact test conditional on both sites' counts**: with Poisson counts and no effect, given the
  area's total a₀+a₁ and the rest's total r₀+r₁, both after-shares estimate the same proportion;
  conditioning also on the after total a₁+r₁ removes it, and a₁ is hypergeometric — Fisher's
  exact test (Breslow & Day 1980, ch. 4; for Poisson rate ratios Przyborowski & Wilenski 1940).
  p = min(1, 2·min(P(X ≤ a₁), P(X ≥ a₁))), the central two-sided p-value that agrees with the
  interval: p < 0.05 exactly when the interval leaves out 1. The earlier test took the rest's
  ratio r₁/r₀ as exact and gave 12–25 % false "changes" when the rest is small; this one holds 5 %
  (simulation in the tests; figures in docs/flags.md).
- **Verdict**: ``too_few`` when ``a₀ + a₁ < MIN_AREA_TOTAL`` (10); else ``decreased`` /
  ``increased`` when p < ``ALPHA`` (0.05), ``no_clear_change`` otherwise.
- **Threats** (:func:`threats`), stated with the verdict: ``regression`` — the window before was
  unusually high against the area's own longer history (12 four-week periods before it; a site
  chosen after a spike falls back anyway); ``detection`` — drugs and public-order offences are
  included (patrols and cameras raise their detection, so they may rise when safety improves);
  ``unplanned`` / ``no_plan`` — the choice differs from the plan, or no plan was recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd
from scipy.stats import binom, hypergeom
from scipy.stats.contingency import odds_ratio

from analytics.significance import ALPHA

MIN_AREA_TOTAL = 10
VERDICTS = ("too_few", "decreased", "increased", "no_clear_change")
RADII_M = (250, 500, 750, 1000, 1500)
WEEK_CHOICES = (8, 13, 26, 52)
# Offences that situational prevention (lighting, CCTV, patrols, clearing a space) aims at: they
# happen in public or around homes and depend on being seen. Domestic violence, fraud, traffic
# offences are left out: a street light does not change them, and mixing them in dilutes any effect.
STREET_CATEGORIES = ("theft", "burglary", "robbery", "vehicle_theft", "property_damage", "hooliganism",
                     "public_order", "drugs")
# Offences mostly found by the police rather than reported by victims: a patrol or a camera raises
# their count where it works (a "detection effect"), so a rise is no sign of failure. Not in the
# default set; a warning when chosen.
DETECTION_CATEGORIES = ("public_order", "drugs")
DEFAULT_CATEGORIES = tuple(k for k in STREET_CATEGORIES if k not in DETECTION_CATEGORIES)
DEFAULT_RADIUS_M = 500
DEFAULT_WEEKS = 26
HISTORY_BLOCKS = 12  # the area's longer history: 12 periods of 4 weeks before the window
HISTORY_BLOCK_DAYS = 28
THREATS = ("regression", "detection", "unplanned", "no_plan")


@dataclass(frozen=True)
class DidPlan:
    """The radius, window and categories of "did it help?" for one activity; ``recorded`` False when
    the activity carries no plan and the house defaults stand in."""

    radius_m: int
    weeks: int
    categories: tuple[str, ...]
    recorded: bool


def parse_categories(text) -> tuple[str, ...]:
    """Category keys from the stored text (separated by ``;`` or ``,``), in their order, no repeats."""
    if text is None or text != text:
        return ()
    return tuple(dict.fromkeys(k.strip() for k in str(text).replace(",", ";").split(";") if k.strip()))


def planned_choice(radius_m=None, weeks=None, categories=None) -> DidPlan:
    """The plan recorded on an activity (its did_radius_m, did_weeks, did_categories); the house
    defaults for any part not recorded (``recorded`` True only when all three were)."""
    def _int(v):
        return None if v is None or v != v else int(v)

    r, w, c = _int(radius_m), _int(weeks), parse_categories(categories)
    return DidPlan(r or DEFAULT_RADIUS_M, w or DEFAULT_WEEKS, c or DEFAULT_CATEGORIES,
                   recorded=bool(r and w and c))


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


def short_side(activity_date: date, weeks: int, *, data_start: date, data_end: date) -> str | None:
    """Why ``weeks`` before and after cannot be compared: "after" while the weeks after the activity
    have not all passed (or been loaded), "before" when the data do not reach that far back; None when
    they can."""
    if (data_end - activity_date).days + 1 < 7 * weeks:
        return "after"
    if (activity_date - data_start).days < 7 * weeks:
        return "before"
    return None


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
    ratio_low: float | None = None  # 95 % exact conditional interval of did_ratio
    ratio_high: float | None = None


def _ratio(after: int, before: int) -> float | None:
    return after / before if before > 0 else None


def conditional_p(a0: int, a1: int, r0: int, r1: int) -> float:
    """Fisher's exact test of the 2×2 table area/rest × before/after, central two-sided:
    a₁ given every margin is hypergeometric when the area changed like the rest."""
    total, area, after = a0 + a1 + r0 + r1, a0 + a1, a1 + r1
    low = float(hypergeom.cdf(a1, total, area, after))
    high = float(hypergeom.sf(a1 - 1, total, area, after))
    return min(1.0, 2 * min(low, high))


def ratio_interval(a0: int, a1: int, r0: int, r1: int) -> tuple[float | None, float | None]:
    """The exact conditional 95 % interval of a₁·r₀ / (a₀·r₁) (0 and ∞ as bounds where the data
    allow); (None, None) when one site has no incidents at all (nothing to compare)."""
    if a0 + a1 == 0 or r0 + r1 == 0:
        return None, None
    ci = odds_ratio([[a1, a0], [r1, r0]], kind="conditional").confidence_interval(1 - ALPHA)
    return float(ci.low), float(ci.high)


def did_result(area_before: int, area_after: int, rest_before: int, rest_after: int, *,
               alpha: float = ALPHA, min_total: int = MIN_AREA_TOTAL, with_interval: bool = True) -> DidResult:
    """The comparison of the area's change with the rest's, and its honest verdict (the interval,
    ~30 ms of root finding, left out with ``with_interval=False``: the verdict does not need it)."""
    a0, a1, r0, r1 = (int(x) for x in (area_before, area_after, rest_before, rest_after))
    area_ratio, rest_ratio = _ratio(a1, a0), _ratio(r1, r0)
    did = area_ratio / rest_ratio if area_ratio is not None and rest_ratio else None
    expected = a0 * r1 / r0 if r0 > 0 else None
    low, high = ratio_interval(a0, a1, r0, r1) if with_interval else (None, None)
    if a0 + a1 < min_total:
        return DidResult(a0, a1, r0, r1, area_ratio, rest_ratio, did, expected, None, "too_few", low, high)
    p_value = conditional_p(a0, a1, r0, r1)
    if p_value < alpha:
        verdict = "decreased" if a1 * r0 < a0 * r1 else "increased"
    else:
        verdict = "no_clear_change"
    return DidResult(a0, a1, r0, r1, area_ratio, rest_ratio, did, expected, p_value, verdict, low, high)


def history_window(before_start: date, *, blocks: int = HISTORY_BLOCKS,
                   block_days: int = HISTORY_BLOCK_DAYS) -> tuple[date, date]:
    """The first and last day of the area's longer history: ``blocks`` × ``block_days`` days that
    end the day before the window before the activity begins."""
    return before_start - timedelta(days=blocks * block_days), before_start - timedelta(days=1)


def history_blocks(blocks: pd.DataFrame, *, data_start: date | None) -> pd.DataFrame:
    """The history's periods (columns block_start, block_end, area; from
    data_access.partners.incidents_near_blocks) with ``area`` NaN for a period that begins before
    the data do — no data is not zero."""
    out = blocks.copy()
    out["area"] = pd.to_numeric(out["area"]).astype(float)
    if data_start is not None and len(out):
        out.loc[[s < data_start for s in out["block_start"]], "area"] = np.nan
    return out


def before_unusually_high(area_before: int, before_days: int, history: pd.DataFrame, *,
                          alpha: float = ALPHA) -> bool | None:
    """Was the window before the activity unusually high against the area's own history (the
    periods with data)? Given a₀ + H, a₀ would be Binomial(a₀ + H, d₀ / (d₀ + d_H)) at a steady
    rate; True when the upper tail P(X ≥ a₀) is under ``alpha``. None without any history."""
    known = history[history["area"].notna()]
    hist_days = int(sum((e - s).days + 1 for s, e in zip(known["block_start"], known["block_end"], strict=True)))
    if hist_days == 0 or before_days <= 0:
        return None
    h = int(known["area"].sum())
    n = int(area_before) + h
    if n == 0:
        return False
    return bool(binom.sf(int(area_before) - 1, n, before_days / (before_days + hist_days)) < alpha)


def threats(*, categories: tuple[str, ...] | None, plan: DidPlan, radius_m: int, weeks: int,
            spike_before: bool | None) -> tuple[str, ...]:
    """The threats to reading the result as the activity's effect, in :data:`THREATS` order.
    ``categories`` None or empty = every category (the detection-driven ones included)."""
    out = []
    if spike_before:
        out.append("regression")
    if not categories or any(k in DETECTION_CATEGORIES for k in categories):
        out.append("detection")
    chosen = (int(radius_m), int(weeks), tuple(sorted(categories or ())))
    if not plan.recorded:
        out.append("no_plan")
    elif chosen != (plan.radius_m, plan.weeks, tuple(sorted(plan.categories))):
        out.append("unplanned")
    return tuple(out)


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
