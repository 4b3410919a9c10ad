"""An independent calculation of the weekly review's flags (docs/flags.md), written from the
documented rules and not from analytics/: plain date loops, the beta-binomial written out with
log-gamma functions, scipy's binomtest where the dispersion is 1, and statsmodels' Benjamini–Hochberg.
Tests compare the code under test with this."""

from __future__ import annotations

import itertools
import math
import statistics
from datetime import date, timedelta

from scipy.stats import binomtest, norm, t
from statsmodels.stats.multitest import multipletests


def between(days: dict[date, int], start: date, end: date) -> int:
    return sum(n for d, n in days.items() if start <= d <= end)


DF_52 = 2 * 51 ** 2 / (3 * 52 - 4)  # degrees of freedom of the successive-difference variance of 52 weeks
ALLOWANCE_52 = (t.ppf(1 - 0.05 / 20 / 2, DF_52) / norm.ppf(1 - 0.05 / 20 / 2)) ** 2  # (t_df / z)² at 0.25 %


def dispersion_of(days: dict[date, int], monday: date) -> float:
    """Week-to-week variance (half the mean squared successive difference) over the mean of the 52
    weekly sums before the week of ``monday``, times (t_df/z)², at least 1."""
    weeks = [between(days, monday - timedelta(weeks=k), monday - timedelta(weeks=k) + timedelta(days=6))
             for k in range(52, 0, -1)]
    mean = statistics.mean(weeks)
    if mean == 0:
        return 1.0
    successive = sum((b - a) ** 2 for a, b in itertools.pairwise(weeks)) / (len(weeks) - 1) / 2
    return max(1.0, successive / mean * ALLOWANCE_52)


def _log_beta(a: float, b: float) -> float:
    return math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)


def two_sided_p(x: int, y: int, weeks_x: float, weeks_y: float, phi: float) -> float | None:
    """Same weekly rate in both periods? Beta-binomial (NB1 with variance phi·mean, the common mean
    estimated from both periods), binomial where phi is 1."""
    n = x + y
    if n == 0:
        return None
    if phi == 1.0:
        return binomtest(x, n, weeks_x / (weeks_x + weeks_y)).pvalue
    mean = n / (weeks_x + weeks_y)
    a, b = weeks_x * mean / (phi - 1), weeks_y * mean / (phi - 1)

    def pmf(k: int) -> float:
        log_choose = math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)
        return math.exp(log_choose + _log_beta(k + a, n - k + b) - _log_beta(a, b))

    probs = [pmf(k) for k in range(n + 1)]
    return min(1.0, sum(q for q in probs if q <= probs[x] * (1 + 1e-7)))


def bh(p_values: list[float | None]) -> list[float | None]:
    present = [i for i, p in enumerate(p_values) if p is not None]
    out: list[float | None] = [None] * len(p_values)
    if present:
        adjusted = multipletests([p_values[i] for i in present], method="fdr_bh")[1]
        for i, q in zip(present, adjusted, strict=True):
            out[i] = float(q)
    return out


def expected_flags(rows: dict[str, dict[date, int]], monday: date, *, ytd: tuple[date, date],
                   ytd_last_year: tuple[date, date]) -> dict[str, dict]:
    """Per row (in order; include the total row yourself if the table has one): p_week, q_week,
    p_ytd, q_ytd, flag_week, flag_ytd, phi."""
    sunday = monday + timedelta(days=6)
    len_this = (ytd[1] - ytd[0]).days + 1
    len_last = (ytd_last_year[1] - ytd_last_year[0]).days + 1
    out, p_week, p_ytd = {}, [], []
    for key, days in rows.items():
        phi = dispersion_of(days, monday)
        this = between(days, monday, sunday)
        four = between(days, monday - timedelta(days=28), monday - timedelta(days=1))
        p_week.append(two_sided_p(this, four, 1, 4, phi))
        p_ytd.append(two_sided_p(between(days, *ytd), between(days, *ytd_last_year), len_this / 7, len_last / 7,
                                 phi))
        out[key] = {"phi": phi}
    for (_key, row), pw, qw, py, qy in zip(out.items(), p_week, bh(p_week), p_ytd, bh(p_ytd), strict=True):
        row.update(p_week=pw, q_week=qw, p_ytd=py, q_ytd=qy,
                   flag_week=qw is not None and qw < 0.05, flag_ytd=qy is not None and qy < 0.05)
    return out
