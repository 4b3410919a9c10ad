"""Comparing hromadas fairly: rates per 10,000 residents with exact 95 % intervals, and a funnel plot's
control limits around the selection's average, so a small hromada is not called the worst on three
incidents (Spiegelhalter, "Funnel plots for comparing institutional performance", Statistics in Medicine
24 (2005) 1185–1202).

A hromada's count ``y`` is compared with ``E`` = the selection's pooled rate × its population. Limits for
``E`` are the Poisson distribution's quantiles at 95 % and 99.8 %; a hromada beyond the
99.8 % limit is "clearly" above or below the average, beyond 95 % "somewhat". Counts spread more than Poisson
between real hromadas (over-dispersion): with at least ``MIN_FOR_DISPERSION`` hromadas the dispersion
``phi`` is estimated from their z-scores winsorised at 10 % (Spiegelhalter 2005, section 4.1) and, when above
1, the limits become ``E ± z·sqrt(phi·E)`` (normal approximation, multiplicative over-dispersion).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import chi2, norm, poisson

from analytics.rates import PER
from domain.visibility import VISIBLE, flags_in_total

CONFIDENCE = (0.95, 0.998)
MIN_FOR_DISPERSION = 10
WINSOR = 0.10


def poisson_interval(count, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Exact (Garwood) interval of a Poisson mean given observed ``count`` (array or scalar)."""
    k = np.asarray(count, dtype=float)
    alpha = 1 - level
    low = np.where(k > 0, chi2.ppf(alpha / 2, 2 * np.maximum(k, 1e-12)) / 2, 0.0)
    high = chi2.ppf(1 - alpha / 2, 2 * k + 2) / 2
    return low, high


def _poisson_quantile(p: float, e: np.ndarray) -> np.ndarray:
    """The ``p`` quantile of Poisson(``e``), interpolated between counts so the funnel's lines are smooth
    (Spiegelhalter 2005, appendix A.1.1)."""
    y = poisson.ppf(p, e)
    at, below = poisson.cdf(y, e), poisson.cdf(y - 1, e)
    step = np.where(at > below, (at - p) / np.where(at > below, at - below, 1.0), 0.0)
    return np.maximum(y - step, 0.0)


def count_limits(expected, level: float, phi: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """Control limits for a count whose expectation is ``expected``: exact Poisson quantiles (interpolated)
    when ``phi`` ≤ 1, else ``E ± z·sqrt(phi·E)`` floored at 0."""
    e = np.asarray(expected, dtype=float)
    alpha = 1 - level
    if phi <= 1:
        return _poisson_quantile(alpha / 2, e), _poisson_quantile(1 - alpha / 2, e)
    z = norm.ppf(1 - alpha / 2)
    spread = z * np.sqrt(phi * e)
    return np.maximum(e - spread, 0.0), e + spread


def dispersion(counts, expected) -> float:
    """Multiplicative over-dispersion ``phi`` from winsorised z-scores (1.0 when too few rows or none)."""
    y, e = np.asarray(counts, dtype=float), np.asarray(expected, dtype=float)
    keep = e > 0
    if keep.sum() < MIN_FOR_DISPERSION:
        return 1.0
    z = (y[keep] - e[keep]) / np.sqrt(e[keep])
    low, high = np.quantile(z, [WINSOR, 1 - WINSOR])
    return float(max(np.mean(np.clip(z, low, high) ** 2), 1.0))


def compare(table: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """``table``: one row per hromada with ``incidents`` and ``population`` (may be empty). Returns the rows
    with ``rate``, ``rate_low``, ``rate_high`` (per 10,000, exact 95 %), ``expected`` and ``position``
    (``high``/``raised``/``within``/``lowered``/``low``; ``None`` without a population), ranked by rate, and
    the selection's ``pooled_rate`` (per 10,000), ``phi`` and ``compared`` (hromadas with a population)."""
    out = table.copy()
    pop = pd.to_numeric(out["population"], errors="coerce").astype(float)
    pop = pop.where(pop > 0)
    y = out["incidents"].astype(float)
    known = pop.notna()
    pooled = y[known].sum() / pop[known].sum() if known.any() else float("nan")
    out["rate"] = y * PER / pop
    low, high = poisson_interval(y)
    out["rate_low"], out["rate_high"] = low * PER / pop, high * PER / pop
    out["expected"] = pooled * pop
    phi = dispersion(y[known], out.loc[known, "expected"])
    position = pd.Series(None, index=out.index, dtype=object)
    position[known] = "within"
    for level, above, below in ((CONFIDENCE[0], "raised", "lowered"), (CONFIDENCE[1], "high", "low")):
        lo, hi = count_limits(out.loc[known, "expected"], level, phi)
        position[known & (y > pd.Series(hi, index=out.index[known]).reindex(out.index))] = above
        position[known & (y < pd.Series(lo, index=out.index[known]).reindex(out.index))] = below
    out["position"] = position
    out = out.sort_values(["rate", "name_uk"], ascending=[False, True], na_position="last")
    return out.reset_index(drop=True), {"pooled_rate": pooled * PER, "phi": phi, "compared": int(known.sum())}


def funnel_curves(pooled_rate: float, populations, phi: float = 1.0, points: int = 120) -> pd.DataFrame:
    """The funnel's limit lines as rates per 10,000 over a population range: columns population,
    low_95, high_95, low_998, high_998."""
    pops = np.asarray([p for p in populations if p == p and p > 0], dtype=float)
    if len(pops) == 0 or not pooled_rate == pooled_rate:
        return pd.DataFrame(columns=["population", "low_95", "high_95", "low_998", "high_998"])
    grid = np.geomspace(max(pops.min() * 0.8, 100), pops.max() * 1.2, points)
    e = pooled_rate / PER * grid
    out = {"population": grid}
    for level, tag in zip(CONFIDENCE, ("95", "998"), strict=True):
        lo, hi = count_limits(e, level, phi)
        out[f"low_{tag}"], out[f"high_{tag}"] = lo * PER / grid, hi * PER / grid
    return pd.DataFrame(out)


LEVELS = ("raion", "oblast", "chosen")


def selection(hromadas: pd.DataFrame, *, hromada_id: int, level: str, codes=()) -> pd.DataFrame:
    """The hromadas compared with ``hromada_id``: those of its raion, of its oblast, or ``codes`` (level
    "chosen"). ``hromadas``: data_access.places.hromadas (already limited to the account's scope)."""
    here = hromadas[hromadas["id"] == hromada_id].iloc[0]
    if level == "raion":
        return hromadas[(hromadas["raion_uk"] == here["raion_uk"]) & (hromadas["oblast_uk"] == here["oblast_uk"])]
    if level == "oblast":
        return hromadas[hromadas["oblast_uk"] == here["oblast_uk"]]
    return hromadas[hromadas["code"].isin(list(codes))]


def comparison(table: pd.DataFrame, *, suppress: bool) -> tuple[pd.DataFrame, dict]:
    """:func:`compare` as a role sees it: with ``suppress`` (everybody but the prosecutor), hromadas with a
    count of 1–4 and the complementary ones (domain.visibility.flags_in_total) are taken out before the
    average, so that the average times the population shown never holds a hidden count; they follow the
    ranked rows with their ``flag`` ("small"/"secondary") and no rate. Every row has ``flag``."""
    flags = flags_in_total(table["incidents"].to_numpy(), suppress=suppress)
    shown = flags == VISIBLE
    ranked, info = compare(table[shown])
    hidden = table[~shown].assign(flag=flags[~shown])
    return pd.concat([ranked.assign(flag=VISIBLE), hidden], ignore_index=True), info
