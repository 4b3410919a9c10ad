"""Flags that don't cry wolf: overdispersed exact tests of a count change and the
Benjamini–Hochberg correction across the rows of one review table (docs/flags.md).

The model (one per table row: a category or a settlement, and the total)
-------------------------------------------------------------------------
Weekly counts of the row vary more than a Poisson count would (series of offences, batch
registrations). Their *dispersion* ``phi`` is the variance-to-mean ratio of the row's weekly counts
over the ``HISTORY_WEEKS`` (52) ISO weeks before the review week — the quasi-Poisson dispersion
(McCullagh & Nelder 1989, ch. 6 and 9) estimated from the row's own history. The variance is the
week-to-week one (half the mean squared difference of consecutive weeks, von Neumann et al. 1941),
so a season, a trend or a lasting rise is not mistaken for noise and does not hide itself. It is
multiplied by a small allowance for being estimated from 52 weeks (:func:`estimation_allowance`,
1.166) and floored at 1 (never narrower than Poisson); a row with no counts in that history has
``phi`` = 1.

A period of ``u`` weeks then counts like a negative binomial with mean ``u·mu`` and variance
``phi·u·mu`` (the "NB1" form, the quasi-Poisson variance). For two periods of ``u1`` and ``u2``
weeks with the same weekly rate ``mu`` — estimated, as the hypothesis says, by the total of both
periods over ``u1 + u2`` weeks — the current period's count given that total follows a beta-binomial
distribution with parameters ``u1·mu/(phi−1)`` and ``u2·mu/(phi−1)`` (the negative-binomial analogue of the conditional binomial test of two Poisson
counts; Johnson, Kemp & Kotz, *Univariate Discrete Distributions*, 3rd ed., 2005). With ``phi`` = 1
it is the exact binomial test the review used before, so a row that is as regular as Poisson is
tested exactly as before. The two-sided p-value sums every outcome no more likely than the observed
one (as scipy's ``binomtest``).

Correction for the number of rows: the p-values of one table's rows (the week column and the
year-to-date column separately) are adjusted by Benjamini & Hochberg (1995); a row is flagged when
its adjusted value ``q`` is below ``FDR`` (0.05). With no real change anywhere, the chance that a
table shows any flag in a column is then at most about 5 %.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from scipy.special import betaln, gammaln
from scipy.stats import norm
from scipy.stats import t as student_t

HISTORY_WEEKS = 52
FDR = 0.05  # false discovery rate of one column of one review table (Benjamini & Hochberg 1995)
TYPICAL_ROWS = 20  # rows of a review table, for the estimation allowance of the dispersion
BAND_Z = 1.96  # the expected-range band of the weekly charts: 95 % of ordinary weeks fall inside
_TIES = 1 + 1e-7  # relative tolerance for "no more likely than the observed outcome" (as scipy's binomtest)


@lru_cache(maxsize=64)
def estimation_allowance(weeks: int) -> float:
    """(t_df / z)² at the two-sided level ``FDR / TYPICAL_ROWS``: how much wider a test must be when
    its dispersion is estimated from ``weeks`` weeks rather than known (the t-for-normal exchange of
    quasi-likelihood inference, McCullagh & Nelder 1989, ch. 9). ``df`` = 2(n−1)²/(3n−4), the degrees of
    freedom of the successive-difference variance (von Neumann et al. 1941): 34 for 52 weeks, 1.166."""
    df = 2 * (weeks - 1) ** 2 / (3 * weeks - 4)
    level = 1 - FDR / TYPICAL_ROWS / 2
    return float((student_t.ppf(level, df) / norm.ppf(level)) ** 2)


def dispersion(weekly_counts: Sequence[float]) -> float:
    """The dispersion a row is tested with: the week-to-week variance of its weekly counts (half the
    mean squared difference of consecutive weeks, so that a trend, a season or a lasting rise does not
    count as noise) over their mean, times :func:`estimation_allowance`, floored at 1; 1 when there
    are fewer than three weeks or no counts."""
    values = np.asarray(weekly_counts, dtype="float64")
    if len(values) < 3 or values.mean() <= 0:
        return 1.0
    week_to_week = float(np.mean(np.diff(values) ** 2) / 2)
    return max(1.0, week_to_week / values.mean() * estimation_allowance(len(values)))


def change_p(current: int, base: int, *, current_weeks: float, base_weeks: float, phi: float = 1.0) -> float | None:
    """Two-sided p-value that ``current`` (over ``current_weeks``) and ``base`` (over ``base_weeks``)
    come from the same weekly rate, allowing for dispersion ``phi``. None when there is nothing to
    test (both 0)."""
    n = int(current) + int(base)
    if n <= 0:
        return None
    share = current_weeks / (current_weeks + base_weeks)
    if phi <= 1.0:  # Poisson: the exact binomial test (as scipy's binomtest, vectorised)
        k = np.arange(n + 1)
        pmf = np.exp(_log_choose(n, k) + k * np.log(share) + (n - k) * np.log1p(-share))
    else:
        weekly_mean = n / (current_weeks + base_weeks)  # the common rate the hypothesis supposes
        size = weekly_mean / (phi - 1.0)  # NB1: variance phi·mean <=> negative binomial size mean/(phi−1)
        pmf = _betabinom_pmf(n, current_weeks * size, base_weeks * size)
    observed = pmf[int(current)]
    return float(min(1.0, pmf[pmf <= observed * _TIES].sum()))


def _betabinom_pmf(n: int, a: float, b: float) -> np.ndarray:
    """P(X = k), k = 0..n, for X ~ BetaBinomial(n, a, b) (as scipy.stats.betabinom, vectorised)."""
    k = np.arange(n + 1)
    return np.exp(_log_choose(n, k) + betaln(k + a, n - k + b) - betaln(a, b))


def _log_choose(n: int, k: np.ndarray) -> np.ndarray:
    return gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1)


def bh_adjust(p_values: Sequence[float | None]) -> list[float | None]:
    """Benjamini–Hochberg adjusted p-values (q-values) of one family; None stays None and is not
    counted among the tests. q_(i) = min over j ≥ i of p_(j)·m/j, capped at 1."""
    present = [(i, float(p)) for i, p in enumerate(p_values) if p is not None and p == p]
    out: list[float | None] = [None] * len(p_values)
    m = len(present)
    if not m:
        return out
    order = sorted(present, key=lambda item: item[1])
    running = 1.0
    for rank in range(m, 0, -1):
        index, p = order[rank - 1]
        running = min(running, p * m / rank)
        out[index] = running
    return out


def review_flags(*, this_week, sum_4_weeks, ytd, ytd_last_year, phi, ytd_weeks: float,
                 ytd_last_year_weeks: float) -> dict[str, list]:
    """The tests of one review table, row by row (sequences of equal length, one entry per row):
    ``p_week``, ``q_week``, ``flag_week``, ``p_ytd``, ``q_ytd``, ``flag_ytd`` (p/q None where a row has
    no counts to test; a flag means q < FDR)."""
    p_week = [change_p(a, b, current_weeks=1, base_weeks=4, phi=f)
              for a, b, f in zip(this_week, sum_4_weeks, phi, strict=True)]
    p_ytd = [change_p(a, b, current_weeks=ytd_weeks, base_weeks=ytd_last_year_weeks, phi=f)
             for a, b, f in zip(ytd, ytd_last_year, phi, strict=True)]
    q_week, q_ytd = bh_adjust(p_week), bh_adjust(p_ytd)
    return {"p_week": p_week, "q_week": q_week, "flag_week": [q is not None and q < FDR for q in q_week],
            "p_ytd": p_ytd, "q_ytd": q_ytd, "flag_ytd": [q is not None and q < FDR for q in q_ytd]}


def expected_range(prior_weeks: Sequence[float], phi: float, *, z: float = BAND_Z) -> tuple[float, float, float]:
    """(expected, low, high) for a week's count given the weeks before it (their mean is the expected
    count, as in the week test) and the row's dispersion ``phi``: expected ± z·sqrt(phi·expected·(1 + 1/k))
    for k prior weeks (the week's own spread plus that of the mean it is compared with), low ≥ 0."""
    values = np.asarray(prior_weeks, dtype="float64")
    k = len(values)
    if k == 0:
        return float("nan"), float("nan"), float("nan")
    mean = float(values.mean())
    half = z * float(np.sqrt(max(phi, 1.0) * mean * (1 + 1 / k)))
    return mean, max(0.0, mean - half), mean + half
