"""Weighted shares, means, balances, intervals and wave changes against independent calculations
(statsmodels' DescrStatsW / proportion_confint, scipy, and a hand-checked example)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm
from statsmodels.stats.proportion import proportion_confint
from statsmodels.stats.weightstats import DescrStatsW

from analytics.survey_estimates import (
    balance_from_sums,
    change_between,
    estimate_frame,
    mean_from_sums,
    share_from_sums,
    wave_changes,
)

Z = norm.ppf(0.975)


def _kish_descr(y: np.ndarray, w: np.ndarray) -> DescrStatsW:
    """DescrStatsW with weights rescaled to sum to Kish's n_eff: its std_mean is then the
    Kish standard error √(s²_w / (n_eff − 1)) and zconfint_mean the normal interval."""
    n_eff = w.sum() ** 2 / (w * w).sum()
    return DescrStatsW(y, weights=w * n_eff / w.sum())


def _sample(seed: int, n: int = 400):
    rng = np.random.default_rng(seed)
    w = rng.uniform(0.4, 2.5, size=n)  # unequal weights
    y = rng.integers(1, 6, size=n).astype(float)  # a 1..5 scale
    return w, y


def test_weighted_share_and_kish_interval():
    rng = np.random.default_rng(7)
    w = rng.uniform(0.4, 2.5, size=400)
    y = (rng.uniform(size=400) < 0.35).astype(float)
    est = share_from_sums(float((w * y).sum()), float(w.sum()), float((w * w).sum()), 400)
    d = DescrStatsW(y, weights=w)
    assert est.share == pytest.approx(d.mean)
    n_eff = w.sum() ** 2 / (w * w).sum()
    assert est.n_eff == pytest.approx(n_eff)
    low, high = proportion_confint(d.mean * n_eff, n_eff, alpha=0.05, method="wilson")
    assert (est.low, est.high) == (pytest.approx(low), pytest.approx(high))
    assert est.se == pytest.approx(math.sqrt(d.mean * (1 - d.mean) / n_eff))
    assert est.n_eff < 400  # unequal weights cost precision


def test_hand_checked_share_with_two_weights():
    # 30 people with weight 1 say yes, 30 with weight 3 say no: p = 30/120 = 0.25,
    # n_eff = 120² / (30·1 + 30·9) = 14400 / 300 = 48; Wilson at n = 48, x = 12.
    est = share_from_sums(30.0, 120.0, 300.0, 60)
    assert est.share == pytest.approx(0.25)
    assert est.n_eff == pytest.approx(48.0)
    low, high = proportion_confint(12, 48, alpha=0.05, method="wilson")
    assert est.low == pytest.approx(low) and est.high == pytest.approx(high)
    assert est.low == pytest.approx(0.1492, abs=1e-4) and est.high == pytest.approx(0.3878, abs=1e-4)
    # half as many people with the same weights: n_eff = 24 < 30, so no estimate at all
    assert share_from_sums(15.0, 60.0, 150.0, 30).share is None


def test_weighted_mean_with_kish_interval():
    w, y = _sample(11)
    est = mean_from_sums(float((w * y).sum()), float((w * y * y).sum()), float(w.sum()), float((w * w).sum()), len(y))
    d = _kish_descr(y, w)
    assert est.value == pytest.approx(np.average(y, weights=w))
    assert est.se == pytest.approx(d.std_mean)
    low, high = d.zconfint_mean(alpha=0.05)
    assert (est.low, est.high) == (pytest.approx(low), pytest.approx(high))


def test_trust_balance_is_the_mean_of_plus_minus_one():
    w, y = _sample(5)
    pos, neg = y >= 4, y <= 2
    z = pos.astype(float) - neg.astype(float)
    est = balance_from_sums(float(w[pos].sum()), float(w[neg].sum()), float(w.sum()), float((w * w).sum()), len(y))
    share_pos = np.average(pos, weights=w)
    share_neg = np.average(neg, weights=w)
    assert est.value == pytest.approx(share_pos - share_neg)
    d = _kish_descr(z, w)
    assert est.se == pytest.approx(d.std_mean)
    low, high = d.zconfint_mean(alpha=0.05)
    assert (est.low, est.high) == (pytest.approx(low), pytest.approx(high))
    # the two shares come from the same people: the balance's SE is not √(se₊² + se₋²)
    n_eff = w.sum() ** 2 / (w * w).sum()
    naive = math.sqrt(share_pos * (1 - share_pos) / n_eff + share_neg * (1 - share_neg) / n_eff)
    assert est.se > naive


def test_no_estimate_under_30_respondents():
    est = share_from_sums(10.0, 29.0, 29.0, 29)
    assert est.share is None and est.reason == "survey.too_few"
    assert share_from_sums(10.0, 30.0, 30.0, 30).share == pytest.approx(1 / 3)
    assert mean_from_sums(80.0, 250.0, 29.0, 29.0, 29).value is None
    assert balance_from_sums(10.0, 5.0, 29.0, 29.0, 29).reason == "survey.too_few"


def test_thirty_respondents_with_one_heavy_weight_are_not_estimated():
    # 29 respondents of weight 1 and one of weight 30: n = 30, but (Σw)² / Σw² = 59² / 929 ≈ 3.75
    w = np.array([1.0] * 29 + [30.0])
    positive = np.array([1] * 10 + [0] * 19 + [1])
    sum_w, sum_w2 = float(w.sum()), float((w * w).sum())
    assert sum_w ** 2 / sum_w2 == pytest.approx(3481 / 929)
    est = share_from_sums(float((w * positive).sum()), sum_w, sum_w2, 30)
    assert est.share is None and est.reason == "survey.too_few"
    assert est.n == 30 and est.n_eff == pytest.approx(3481 / 929)
    assert mean_from_sums(100.0, 400.0, sum_w, sum_w2, 30).value is None
    # the same 30 people with equal weights are estimated
    assert share_from_sums(11.0, 30.0, 30.0, 30).share == pytest.approx(11 / 30)
    # 40 respondents whose effective size is just under 30 are hidden; just over 30, shown
    w40 = np.array([1.0] * 39 + [4.0])  # (43)² / 55 ≈ 33.6
    assert share_from_sums(20.0, float(w40.sum()), float((w40 ** 2).sum()), 40).share is not None
    w40b = np.array([1.0] * 39 + [5.0])  # (44)² / 64 = 30.25
    assert share_from_sums(20.0, float(w40b.sum()), float((w40b ** 2).sum()), 40).share is not None
    w40c = np.array([1.0] * 38 + [5.0, 2.0])  # (45)² / 67 ≈ 30.2
    w40d = np.array([1.0] * 38 + [6.0, 2.0])  # (46)² / 78 ≈ 27.1
    assert share_from_sums(20.0, float(w40c.sum()), float((w40c ** 2).sum()), 40).share is not None
    assert share_from_sums(20.0, float(w40d.sum()), float((w40d ** 2).sum()), 40).share is None


def test_change_between_independent_waves():
    a = share_from_sums(300.0, 500.0, 520.0, 500)  # 60 %
    b = share_from_sums(250.0, 500.0, 540.0, 500)  # 50 %
    ch = change_between(a.share, a.se, b.share, b.se)
    se = math.sqrt(0.6 * 0.4 / a.n_eff + 0.5 * 0.5 / b.n_eff)
    assert ch.diff == pytest.approx(0.1)
    assert (ch.low, ch.high) == (pytest.approx(0.1 - Z * se), pytest.approx(0.1 + Z * se))
    assert ch.exceeds is True
    small = change_between(0.52, a.se, 0.50, b.se)
    assert small.exceeds is False and small.low < 0 < small.high
    assert change_between(0.5, 0.02, None, None).exceeds is None


def test_estimate_frame_keeps_small_groups_and_reports_dont_know():
    sums = pd.DataFrame([
        # 40 answered (weights sum 40), 10 said "don't know" with weight 10
        {"question_code": "q", "end_date": "2026-01-31", "n": 40, "sum_w": 40.0, "sum_w2": 40.0, "sum_wy": 100.0,
         "sum_wy2": 300.0, "positive_w": 20.0, "negative_w": 10.0, "dont_know_n": 10, "dont_know_w": 10.0},
        {"question_code": "q", "end_date": "2026-07-31", "n": 12, "sum_w": 12.0, "sum_w2": 12.0, "sum_wy": 30.0,
         "sum_wy2": 90.0, "positive_w": 6.0, "negative_w": 3.0, "dont_know_n": 1, "dont_know_w": 1.0},
    ])
    est = estimate_frame(sums, "share")
    assert est.loc[0, "value"] == pytest.approx(0.5)  # don't know excluded from the share
    assert est.loc[0, "dk_share"] == pytest.approx(0.2)  # 10 of 50 asked
    assert math.isnan(est.loc[1, "value"]) and est.loc[1, "reason"] == "survey.too_few"
    changes = wave_changes(est)
    assert changes["exceeds"].tolist() == [None, None]  # no comparison with a group under 30
    with pytest.raises(ValueError):
        estimate_frame(sums, "median")
