"""Weighted shares and intervals against statsmodels' DescrStatsW (an independent calculation)."""

from __future__ import annotations

import numpy as np
import pytest
from statsmodels.stats.proportion import proportion_confint
from statsmodels.stats.weightstats import DescrStatsW

from analytics.survey_estimates import share_from_sums


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
    assert est.n_eff < 400  # unequal weights cost precision


def test_no_estimate_under_30_respondents():
    est = share_from_sums(10.0, 29.0, 29.0, 29)
    assert est.share is None and est.reason == "survey.too_few"
    assert share_from_sums(10.0, 30.0, 30.0, 30).share == pytest.approx(1 / 3)
