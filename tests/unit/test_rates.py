"""Rate per 10,000 residents: right where the population is known, NaN (never invented) elsewhere."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analytics.rates import HIDDEN_WEIGHT, cells_for_role, rate_per_10k, settlement_rates


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


def _frame(counts, prev, population):
    return pd.DataFrame({"count": counts, "prev_count": prev, "population": population})


def test_settlement_rates_for_the_prosecutor_show_everything():
    out = settlement_rates(_frame([40, 3, 0], [47, 1, 2], [37321, 1172, None]), suppress=False)
    assert out["display_count"].tolist() == ["40", "3", "0"]
    assert out["rate"].iloc[0] == pytest.approx(40 / 37321 * 10_000)
    assert out["rate"].iloc[1] == pytest.approx(3 / 1172 * 10_000)
    assert math.isnan(out["rate"].iloc[2]) and out["rate_note"].iloc[2] == "no_population"
    assert out["change_pct"].iloc[0] == pytest.approx((40 - 47) / 47)
    assert out["change_pct"].iloc[2] == pytest.approx(-1.0)


def test_settlement_rates_hide_small_counts_their_rates_and_changes():
    out = settlement_rates(_frame([40, 3, 2, 12], [47, 8, 0, 10], [37321, 1172, 2627, 6859]), suppress=True)
    assert out.loc[1, "display_count"] == "< 5" and out.loc[2, "display_count"] == "< 5"
    assert math.isnan(out.loc[1, "rate"]) and out.loc[1, "rate_note"] == "small"  # 3 / 1172 would give it away
    assert math.isnan(out.loc[1, "change_pct"])
    # the shown counts never let a hidden one be worked out from the total (40 + 3 + 2 + 12)
    assert out["hidden"].sum() != 1


def test_a_single_small_settlement_gets_a_complementary_hidden_neighbour():
    out = settlement_rates(_frame([40, 3, 9, 12], [40, 10, 9, 12], [1, 1, 1, 1]), suppress=True)
    assert out["display_count"].tolist().count("< 5") == 1
    assert "…" in out["display_count"].tolist()  # otherwise total − shown = the hidden 3


def test_cells_for_role_small_cells_and_heat_weight():
    cells = pd.DataFrame({"cell_row": [1, 2, 3, 4], "cell_col": [1, 1, 1, 1], "count": [12, 2, 3, 7]})
    prosecutor = cells_for_role(cells, suppress=False)
    assert prosecutor["display_count"].tolist() == ["12", "2", "3", "7"]
    assert prosecutor["weight"].tolist() == [12, 2, 3, 7]
    partner = cells_for_role(cells, suppress=True)
    assert partner["display_count"].tolist()[1:3] == ["< 5", "< 5"]
    assert partner["weight"].tolist()[1:3] == [HIDDEN_WEIGHT, HIDDEN_WEIGHT]  # heat does not tell 2 from 3
    assert partner["display_count"].iloc[0] == "12"
