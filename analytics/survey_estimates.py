"""Weighted survey shares with 95 % intervals from weight sums (Kish effective sample size).

The design effect of unequal weights is taken into account through Kish's effective sample
size n_eff = (Σw)² / Σw²; the interval is Wilson's score interval at n_eff. Groups with fewer
than 30 respondents get no estimate (DESIGN.md).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

MIN_RESPONDENTS = 30
Z95 = 1.959963984540054


@dataclass(frozen=True)
class ShareEstimate:
    share: float | None
    low: float | None
    high: float | None
    n: int
    n_eff: float
    reason: str | None = None  # message key when no estimate is shown


def wilson(p: float, n_eff: float, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a proportion at an (effective) sample size."""
    denom = 1 + z * z / n_eff
    centre = (p + z * z / (2 * n_eff)) / denom
    half = z * math.sqrt(p * (1 - p) / n_eff + z * z / (4 * n_eff * n_eff)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def share_from_sums(positive_w: float, sum_w: float, sum_w2: float, n: int) -> ShareEstimate:
    """Weighted share Σw[positive] / Σw with its 95 % interval; no estimate for n < 30."""
    if n < MIN_RESPONDENTS or sum_w <= 0 or sum_w2 <= 0:
        n_eff = (sum_w * sum_w / sum_w2) if sum_w2 > 0 else 0.0
        return ShareEstimate(None, None, None, int(n), n_eff, "survey.too_few")
    p = positive_w / sum_w
    n_eff = sum_w * sum_w / sum_w2
    low, high = wilson(p, n_eff)
    return ShareEstimate(p, low, high, int(n), n_eff)
