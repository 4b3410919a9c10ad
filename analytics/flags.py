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
import pandas as pd
from scipy.special import betaln, gammaln
from scipy.stats import norm
from scipy.stats import t as student_t

HISTORY_WEEKS = 52
FDR = 0.05  # false discovery rate of one column of one review table (Benjamini & Hochberg 1995)
TYPICAL_ROWS = 20  # rows of a review table, for the estimation allowance of the dispersion
BAND_Z = 1.96  # the expected-range band of the weekly charts: about 95 % of ordinary weeks fall inside
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
    are fewer than three weeks or no counts. NaN weeks (hidden or unknown) are left out, with the
    differences that touch them."""
    values = np.asarray(weekly_counts, dtype="float64")
    known = values[~np.isnan(values)]
    differences = np.diff(values)
    differences = differences[~np.isnan(differences)]
    if len(known) < 3 or len(differences) < 2 or known.mean() <= 0:
        return 1.0
    week_to_week = float(np.mean(differences ** 2) / 2)
    return max(1.0, week_to_week / known.mean() * estimation_allowance(len(differences) + 1))


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


FLAG_LEVEL = FDR / TYPICAL_ROWS  # a lone change in a table of ~20 rows is flagged below this p (q = p·20)
MIN_BAND_HISTORY = 26  # weeks with a shown count among the 52 before, for a band


def weekly_band(counts: Sequence[float], *, first: int = 0, z: float = BAND_Z) -> pd.DataFrame:
    """The expected range of each week ``first``.. of a consecutive weekly series (NaN where a count is
    hidden or unknown), from the model of the week flag: the expected count is the mean of the four
    weeks before, the spread ``phi`` (:func:`dispersion`) that of the 52 weeks before, and the band
    expected ± z·sqrt(phi·expected·(1 + 1/4)) (the week's own spread and that of the four-week mean;
    low ≥ 0). Every figure comes from the counts given, so a band drawn from a suppressed series
    reveals no hidden count: a week whose four weeks before are not all shown, or with fewer than
    ``MIN_BAND_HISTORY`` shown weeks among its 52, has no band.

    Columns (one row per week from ``first``): expected, low, high (NaN without a band), p (the week
    test of :func:`change_p`; NaN where the week's count is not shown), flag (+1 / −1 where p is below
    ``FLAG_LEVEL`` — what the weekly review flags when this is the only changed row of about 20 —,
    else 0)."""
    values = np.asarray(counts, dtype="float64")
    rows = []
    for i in range(first, len(values)):
        prior = values[max(0, i - 4):i]
        history = values[max(0, i - HISTORY_WEEKS):i]
        row = {"expected": np.nan, "low": np.nan, "high": np.nan, "p": np.nan, "flag": 0}
        if len(prior) == 4 and not np.isnan(prior).any() and np.count_nonzero(~np.isnan(history)) >= MIN_BAND_HISTORY:
            phi = dispersion(history)
            expected = float(prior.mean())
            half = z * float(np.sqrt(phi * expected * (1 + 1 / 4)))
            row.update(expected=expected, low=max(0.0, expected - half), high=expected + half)
            if not np.isnan(values[i]):
                p = change_p(int(values[i]), int(prior.sum()), current_weeks=1, base_weeks=4, phi=phi)
                row["p"] = np.nan if p is None else p
                if p is not None and p < FLAG_LEVEL:
                    row["flag"] = int(np.sign(values[i] - expected))
        rows.append(row)
    return pd.DataFrame(rows, columns=["expected", "low", "high", "p", "flag"])
