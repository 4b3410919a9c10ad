"""Rate per 10,000 residents: right where the population is known, NaN (never invented) elsewhere."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analytics.rates import rate_per_10k


def test_scalar_rate_matches_hand_calculation():
    # Bucha: 37 incidents among 37,321 residents -> 37 / 37321 * 10000 = 9.9140...
    assert rate_per_10k(37, 37321) == pytest.approx(37 / 37321 * 10_000)
    assert rate_per_10k(0, 6859) == 0.0


@pytest.mark.parametrize("population", [None, 0, -5, float("nan"), "", "unknown"])
def test_missing_or_zero_population_gives_nan(population):
    assert math.isnan(rate_per_10k(12, population))


def test_missing_count_gives_nan():
    assert math.isnan(rate_per_10k(None, 1000))


def test_series_rate_is_elementwise_and_keeps_the_index():
    counts = pd.Series([37, 3, 8, 0], index=["a", "b", "c", "d"])
    population = pd.Series([37321, None, 0, 1172], index=["a", "b", "c", "d"])
    out = rate_per_10k(counts, population)
    assert list(out.index) == ["a", "b", "c", "d"]
    expected = np.array([37 * 10_000 / 37321, np.nan, np.nan, 0.0])
    np.testing.assert_allclose(out.to_numpy(dtype=float), expected, equal_nan=True)


def test_object_population_column_from_a_database():
    out = rate_per_10k(pd.Series([5, 5]), pd.Series([None, 2500], dtype=object))
    assert math.isnan(out.iloc[0]) and out.iloc[1] == pytest.approx(20.0)
