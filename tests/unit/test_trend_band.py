"""The expected-range band of the weekly charts (analytics.series.trend_band) against a calculation
written here, and its privacy rule: every band comes from counts that are shown."""

from __future__ import annotations

import math
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm, t

from analytics.series import trend_band
from tests.independent_flags import ALLOWANCE_52, two_sided_p

START = date(2025, 11, 17)


def _lines(now_counts: list, ago_counts: list) -> tuple[pd.DataFrame, pd.DataFrame]:
    weeks = [START + timedelta(weeks=k) for k in range(len(now_counts))]
    now = pd.DataFrame({"week": weeks, "count": pd.array(now_counts, dtype="Float64")})
    ago = pd.DataFrame({"week": weeks, "count": pd.array(ago_counts, dtype="Float64")})
    return now, ago


def _phi(history: list[float]) -> float:
    """Week-to-week variance over the mean, times the allowance for 52 weeks, at least 1."""
    pairs = [(a, b) for a, b in zip(history, history[1:], strict=False)]
    mssd = sum((b - a) ** 2 for a, b in pairs) / len(pairs) / 2
    return max(1.0, mssd / (sum(history) / len(history)) * ALLOWANCE_52)


def test_band_is_the_four_week_mean_plus_minus_the_spread_and_a_spike_is_marked():
    rng = np.random.default_rng(5)
    ago = [int(v) for v in rng.poisson(12, 52)]
    now = [int(v) for v in rng.poisson(12, 52)]
    now[30] = 40  # a spike
    band = trend_band(*_lines(now, ago)).set_index("week")
    series = ago + now
    for k in (0, 10, 30, 51):
        i = 52 + k
        history = series[i - 52:i]
        expected = sum(series[i - 4:i]) / 4
        half = 1.96 * math.sqrt(_phi(history) * expected * 1.25)
        row = band.loc[START + timedelta(weeks=k)]
        assert row["expected"] == pytest.approx(expected)
        assert row["low"] == pytest.approx(max(0.0, expected - half)) and row["high"] == pytest.approx(expected + half)
    spike = band.loc[START + timedelta(weeks=30)]
    p = two_sided_p(40, sum(series[82 - 4:82]), 1, 4, _phi(series[82 - 52:82]))
    assert p < 0.05 / 20 and spike["flag"] == 1 and spike["high"] < 40
    assert (band["flag"] != 0).sum() <= 3  # ordinary Poisson weeks are rarely marked


def test_no_band_next_to_a_hidden_week_and_no_mark_on_it():
    rng = np.random.default_rng(6)
    ago = [int(v) for v in rng.poisson(8, 52)]
    now: list = [int(v) for v in rng.poisson(8, 52)]
    now[20] = None  # hidden (1–4, or hidden so that a small one cannot be worked out)
    band = trend_band(*_lines(now, ago))
    assert band["low"].iloc[21:25].isna().all() and band["high"].iloc[21:25].isna().all()
    assert band["low"].iloc[[19, 20, 25]].notna().all()  # the hidden week itself has a band from the weeks before it
    assert band["flag"].iloc[20] == 0 and math.isnan(band["p"].iloc[20])
    # a later week's spread leaves the hidden week out, with the two differences that touch it
    series = ago + now
    history = series[82 - 52:82]
    pairs = [(a, b) for a, b in zip(history, history[1:], strict=False) if a is not None and b is not None]
    shown = [v for v in history if v is not None]
    phi = max(1.0, sum((b - a) ** 2 for a, b in pairs) / len(pairs) / 2 / (sum(shown) / len(shown))
              * _allowance(len(pairs) + 1))
    expected = sum(series[78:82]) / 4
    assert band["high"].iloc[30] == pytest.approx(expected + 1.96 * math.sqrt(phi * expected * 1.25))


def _allowance(weeks: int) -> float:
    df = 2 * (weeks - 1) ** 2 / (3 * weeks - 4)
    return (t.ppf(1 - 0.0025 / 2, df) / norm.ppf(1 - 0.0025 / 2)) ** 2


def test_too_few_shown_weeks_give_no_band():
    now: list = [None if k % 2 else 9 for k in range(52)]
    band = trend_band(*_lines(now, [None] * 52))
    assert band["low"].isna().all() and (band["flag"] == 0).all()
