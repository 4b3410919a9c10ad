"""Weighted survey estimates with honest 95 % intervals, computed from weight sums.

Method (said once, shown on the survey page):

- Unequal weights cost precision. Every interval here uses **Kish's effective sample size**
  n_eff = (Σw)² / Σw² (not a linearised variance): the sample behaves like a simple random
  sample of n_eff people.
- **Share** of positive answers p = Σw[positive] / Σw: Wilson's score interval at n_eff; its
  standard error (for comparing waves) is √(p(1−p)/n_eff).
- **Mean** of a scale ȳ = Σwy / Σw: weighted variance s² = Σw(y−ȳ)² / Σw, standard error
  √(s² / (n_eff − 1)), normal interval ȳ ± 1.96·SE.
- **Balance** (trust − distrust, as Ukrainian trust polls report it) is the mean of a
  +1 / 0 / −1 variable over the same respondents: ȳ = p₊ − p₋, s² = (p₊ + p₋) − ȳ², then as
  for a mean. The interval therefore accounts for the two shares coming from the same people.
- **Change between waves**: independent samples; difference d = a − b with
  SE = √(SE_a² + SE_b²); the change *exceeds the uncertainty* when the 95 % interval
  d ± 1.96·SE excludes 0.
- "Don't know" answers are excluded from every share, mean and balance; their weighted share
  among all who were asked is reported separately.
- Nothing is estimated for a group whose **effective** size n_eff is under 30 (DESIGN.md; the
  rule itself is ``domain.visibility.survey_group_hidden``): 30 respondents with one heavy weight
  can behave like 4 (Kish 1965, *Survey Sampling*). The estimate carries the reason instead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from domain.visibility import MIN_SURVEY_GROUP, survey_group_hidden

MIN_RESPONDENTS = MIN_SURVEY_GROUP  # the smallest effective (Kish) size that is estimated
Z95 = 1.959963984540054
TOO_FEW = "survey.too_few"  # message key (common.toml)
MEASURES = ("share", "mean", "balance")


@dataclass(frozen=True)
class ShareEstimate:
    share: float | None
    low: float | None
    high: float | None
    n: int
    n_eff: float
    reason: str | None = None  # message key when no estimate is shown
    se: float | None = None

    @property
    def value(self) -> float | None:
        return self.share


@dataclass(frozen=True)
class Estimate:
    """A weighted mean or balance with its 95 % interval (``value`` None when not shown)."""

    value: float | None
    low: float | None
    high: float | None
    se: float | None
    n: int
    n_eff: float
    reason: str | None = None


@dataclass(frozen=True)
class Change:
    """The change between two waves: ``diff`` = later − earlier, its 95 % interval and whether
    that interval excludes zero (``exceeds`` None when either wave has no estimate)."""

    diff: float | None
    low: float | None
    high: float | None
    exceeds: bool | None


def kish_n_eff(sum_w: float, sum_w2: float) -> float:
    """Kish's effective sample size (Σw)² / Σw² (0 for no weight)."""
    return (sum_w * sum_w / sum_w2) if sum_w2 > 0 else 0.0


def wilson(p: float, n_eff: float, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a proportion at an (effective) sample size."""
    denom = 1 + z * z / n_eff
    centre = (p + z * z / (2 * n_eff)) / denom
    half = z * math.sqrt(p * (1 - p) / n_eff + z * z / (4 * n_eff * n_eff)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def _too_few(n: int, sum_w: float, sum_w2: float) -> bool:
    """No estimate without weight or when the effective size n_eff (never above n) is under 30."""
    if n <= 0 or sum_w <= 0 or sum_w2 <= 0:
        return True
    return survey_group_hidden(min(kish_n_eff(sum_w, sum_w2), float(n)))


def share_from_sums(positive_w: float, sum_w: float, sum_w2: float, n: int) -> ShareEstimate:
    """Weighted share Σw[positive] / Σw with its 95 % Wilson interval at Kish n_eff; no
    estimate for an effective size n_eff < 30."""
    n_eff = kish_n_eff(sum_w, sum_w2)
    if _too_few(n, sum_w, sum_w2):
        return ShareEstimate(None, None, None, int(n), n_eff, TOO_FEW)
    p = min(max(positive_w / sum_w, 0.0), 1.0)
    low, high = wilson(p, n_eff)
    return ShareEstimate(p, low, high, int(n), n_eff, se=math.sqrt(p * (1 - p) / n_eff))


def mean_from_sums(sum_wy: float, sum_wy2: float, sum_w: float, sum_w2: float, n: int) -> Estimate:
    """Weighted mean Σwy / Σw with a normal 95 % interval, SE = √(s² / (n_eff − 1)) (Kish)."""
    n_eff = kish_n_eff(sum_w, sum_w2)
    if _too_few(n, sum_w, sum_w2) or n_eff <= 1:
        return Estimate(None, None, None, None, int(n), n_eff, TOO_FEW)
    mean = sum_wy / sum_w
    var = max(sum_wy2 / sum_w - mean * mean, 0.0)
    se = math.sqrt(var / (n_eff - 1))
    return Estimate(mean, mean - Z95 * se, mean + Z95 * se, se, int(n), n_eff)


def balance_from_sums(positive_w: float, negative_w: float, sum_w: float, sum_w2: float, n: int) -> Estimate:
    """Share positive − share negative, as the mean of a +1/0/−1 variable (same respondents)."""
    est = mean_from_sums(positive_w - negative_w, positive_w + negative_w, sum_w, sum_w2, n)
    if est.value is None:
        return est
    return Estimate(est.value, max(est.low, -1.0), min(est.high, 1.0), est.se, est.n, est.n_eff)


def change_between(later_value: float | None, later_se: float | None,
                   earlier_value: float | None, earlier_se: float | None) -> Change:
    """Difference of two independent estimates with its 95 % interval."""
    if None in (later_value, later_se, earlier_value, earlier_se):
        return Change(None, None, None, None)
    diff = later_value - earlier_value
    se = math.sqrt(later_se ** 2 + earlier_se ** 2)
    low, high = diff - Z95 * se, diff + Z95 * se
    return Change(diff, low, high, bool(low > 0 or high < 0))


def dont_know_share(dont_know_w: float, sum_w: float) -> float | None:
    """Weighted share of "don't know" among all who were asked (substantive weight ``sum_w``)."""
    total = dont_know_w + sum_w
    return dont_know_w / total if total > 0 else None


def estimate_row(row, measure: str) -> dict:
    """One row of weight sums (see data_access.surveys.answer_sums) -> the estimate's fields:
    value, low, high, se, n, n_eff, dk_share, reason."""
    n = int(row["n"])
    sum_w, sum_w2 = float(row["sum_w"]), float(row["sum_w2"])
    if measure == "share":
        est = share_from_sums(float(row["positive_w"]), sum_w, sum_w2, n)
    elif measure == "mean":
        est = mean_from_sums(float(row["sum_wy"]), float(row["sum_wy2"]), sum_w, sum_w2, n)
    elif measure == "balance":
        est = balance_from_sums(float(row["positive_w"]), float(row["negative_w"]), sum_w, sum_w2, n)
    else:
        raise ValueError(f"measure must be one of {MEASURES}, not {measure!r}")
    return {
        "value": est.value, "low": est.low, "high": est.high, "se": est.se, "n": n,
        "n_eff": est.n_eff, "dk_share": dont_know_share(float(row["dont_know_w"]), sum_w),
        "reason": est.reason,
    }


ESTIMATE_COLUMNS = ("value", "low", "high", "se", "n", "n_eff", "dk_share", "reason")


def estimate_frame(sums: pd.DataFrame, measure: str = "share") -> pd.DataFrame:
    """``sums`` with the estimate's columns added (see :func:`estimate_row`); rows kept in order.
    A group with an effective size under 30 keeps its row, with ``value`` NaN and ``reason`` set."""
    out = sums.copy().reset_index(drop=True)
    rows = [estimate_row(r, measure) for r in sums.to_dict("records")]
    for col in ESTIMATE_COLUMNS:
        values = [r[col] for r in rows]
        out[col] = pd.Series(values, dtype="float64" if col not in ("reason", "n") else "object")
    out["n"] = out["n"].astype(int) if len(out) else out["n"]
    return out


def wave_changes(estimates: pd.DataFrame, *, by: tuple[str, ...] = ("question_code",)) -> pd.DataFrame:
    """For estimates per wave (columns end_date, value, se and ``by``), the change from each
    wave to the one before it within the same ``by`` group.

    Adds columns prev_value, diff, diff_low, diff_high, exceeds (True / False / None)."""
    out = estimates.sort_values([*by, "end_date"]).copy()
    prev_value = out.groupby(list(by), sort=False)["value"].shift(1)
    prev_se = out.groupby(list(by), sort=False)["se"].shift(1)
    changes = [
        change_between(_num(v), _num(s), _num(pv), _num(ps))
        for v, s, pv, ps in zip(out["value"], out["se"], prev_value, prev_se, strict=True)
    ]
    out["prev_value"] = prev_value
    out["diff"] = [c.diff for c in changes]
    out["diff_low"] = [c.low for c in changes]
    out["diff_high"] = [c.high for c in changes]
    out["exceeds"] = pd.Series([c.exceeds for c in changes], index=out.index, dtype="object")
    for col in ("diff", "diff_low", "diff_high"):
        out[col] = pd.to_numeric(out[col], errors="coerce")
    return out


def _num(value) -> float | None:
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) else value
