"""Is a change in counts real or noise? Exact binomial tests on Poisson counts (DESIGN.md)."""

from __future__ import annotations

from scipy.stats import binomtest

ALPHA = 0.05


def binomial_p(successes: int, trials: int, p: float) -> float | None:
    """Two-sided exact binomial test p-value; None when there is nothing to test (0 trials)."""
    if trials <= 0:
        return None
    return float(binomtest(int(successes), int(trials), p, alternative="two-sided").pvalue)


def count_change_p(current: int, base: int, base_share: float = 0.5) -> float | None:
    """p-value that ``current`` differs from ``base`` beyond chance.

    Two Poisson counts compared through the conditional binomial: given the total, ``current``
    follows Binomial(current + base, p) with p = exposure share of the current period
    (0.5 for equal periods; 1/5 for one week against the four before it).
    """
    return binomial_p(current, current + base, base_share)


def is_significant(p_value: float | None, alpha: float = ALPHA) -> bool:
    """True when the p-value exists and is below ``alpha``."""
    return p_value is not None and p_value < alpha
