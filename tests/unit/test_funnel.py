"""Comparing hromadas (analytics/funnel.py) against independent calculations: Garwood's table, the Poisson
distribution's own quantiles, and the cases the comparison exists for."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import poisson

from analytics.funnel import compare, count_limits, dispersion, funnel_curves, poisson_interval


def _table(rows: list[tuple[str, int, float | None]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["name_uk", "incidents", "population"])


def test_exact_interval_matches_garwoods_table():
    low, high = poisson_interval([0, 10, 100])
    assert low[0] == 0 and high[0] == pytest.approx(3.689, abs=1e-3)  # Garwood (1936): 0 -> 0 – 3.689
    assert (low[1], high[1]) == (pytest.approx(4.795, abs=1e-3), pytest.approx(18.390, abs=1e-3))
    assert (low[2], high[2]) == (pytest.approx(81.364, abs=1e-3), pytest.approx(121.627, abs=1e-3))


@pytest.mark.parametrize("expected", [0.8, 3.0, 12.5, 60.0, 400.0])
def test_limits_lie_between_the_discrete_poisson_quantiles(expected):
    for level in (0.95, 0.998):
        low, high = count_limits([expected], level)
        a = (1 - level) / 2
        upper_q, lower_q = poisson.ppf(1 - a, expected), poisson.ppf(a, expected)  # independent: scipy's own
        assert upper_q - 1 <= high[0] <= upper_q
        assert max(lower_q - 1, 0) <= low[0] <= lower_q


def test_three_incidents_in_a_small_hromada_are_not_the_worst():
    """The issue's case: a village with 3 offences has the highest rate, but the funnel says it is chance."""
    ranked, info = compare(_table([("Мала", 3, 900.0), ("Середня", 30, 20_000.0), ("Велика", 140, 90_000.0),
                                   ("Інша", 25, 18_000.0)]))
    assert ranked.iloc[0]["name_uk"] == "Мала"  # ranked first by rate ...
    assert ranked.iloc[0]["position"] == "within"  # ... yet within the limits
    pooled = (3 + 30 + 140 + 25) / (900 + 20_000 + 90_000 + 18_000) * 10_000
    assert info["pooled_rate"] == pytest.approx(pooled)
    assert ranked.set_index("name_uk").loc["Велика", "rate"] == pytest.approx(140 / 90_000 * 10_000)


def test_a_real_excess_is_marked_and_a_missing_population_gets_no_rate():
    ranked, info = compare(_table([("Висока", 90, 20_000.0), ("A", 30, 20_000.0), ("B", 28, 19_000.0),
                                   ("C", 33, 21_000.0), ("Без населення", 12, None)]))
    by = ranked.set_index("name_uk")
    assert by.loc["Висока", "position"] == "high"
    assert {by.loc[n, "position"] for n in "ABC"} <= {"within", "lowered"}
    assert np.isnan(by.loc["Без населення", "rate"]) and pd.isna(by.loc["Без населення", "position"])
    assert info["compared"] == 4
    assert ranked.iloc[-1]["name_uk"] == "Без населення"


def test_overdispersion_widens_the_limits_only_when_hromadas_really_differ():
    rng = np.random.default_rng(7)
    pops = rng.integers(3_000, 60_000, 30).astype(float)
    poisson_counts = rng.poisson(pops * 15 / 10_000)
    expected = pops * poisson_counts.sum() / pops.sum()
    assert dispersion(poisson_counts, expected) < 1.6  # Poisson data: about 1 (floored at 1)
    spread = rng.poisson(pops * 15 / 10_000 * rng.gamma(2.0, 0.5, 30))  # real differences between hromadas
    expected = pops * spread.sum() / pops.sum()
    phi = dispersion(spread, expected)
    assert phi > 2
    plain_low, plain_high = count_limits([50.0], 0.95)
    wide_low, wide_high = count_limits([50.0], 0.95, phi)
    assert wide_low[0] < plain_low[0] and wide_high[0] > plain_high[0]
    assert dispersion([10, 50], [30, 30]) == 1.0  # too few hromadas: no estimate


def test_funnel_lines_narrow_as_population_grows():
    curves = funnel_curves(15.0, [2_000, 100_000])
    width = curves["high_95"] - curves["low_95"]
    assert width.iloc[0] > width.iloc[-1] > 0
    assert (curves["low_998"] <= curves["low_95"]).all() and (curves["high_998"] >= curves["high_95"]).all()
