"""Did it help? The before/after comparison against hand-computed numbers (Fisher's exact test and
the exact conditional interval written out here), a seeded simulation of the false-change rate
with no effect, the threats, the 7-day periods and the distance."""

from __future__ import annotations

import math
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import brentq
from scipy.stats import binomtest

from analytics import did
from domain import geo


def _fisher_central(a0: int, a1: int, r0: int, r1: int) -> float:
    """Fisher's exact test by hand: a₁ given every margin of the 2×2 table is hypergeometric;
    central two-sided p = 2 · the smaller tail, at most 1."""
    area, after, total = a0 + a1, a1 + r1, a0 + a1 + r0 + r1
    support = range(max(0, after - (total - area)), min(area, after) + 1)
    pmf = {x: math.comb(area, x) * math.comb(total - area, after - x) / math.comb(total, after) for x in support}
    low = sum(v for x, v in pmf.items() if x <= a1)
    high = sum(v for x, v in pmf.items() if x >= a1)
    return min(1.0, 2 * min(low, high))


def _cornfield(a0: int, a1: int, r0: int, r1: int) -> tuple[float, float]:
    """The exact conditional 95 % interval of the odds ratio a₁r₀ / (a₀r₁) by hand: the ψ at which
    each tail of Fisher's noncentral hypergeometric distribution of a₁ holds 2.5 %."""
    area, after, total = a0 + a1, a1 + r1, a0 + a1 + r0 + r1
    xs = list(range(max(0, after - (total - area)), min(area, after) + 1))

    def tail(psi: float, upper: bool) -> float:
        logs = [math.log(math.comb(area, x)) + math.log(math.comb(total - area, after - x)) + x * math.log(psi)
                for x in xs]
        top = max(logs)
        w = [math.exp(v - top) for v in logs]
        part = sum(wi for x, wi in zip(xs, w, strict=True) if (x >= a1 if upper else x <= a1))
        return part / sum(w)

    low = brentq(lambda lp: tail(math.exp(lp), True) - 0.025, -20, 20)
    high = brentq(lambda lp: tail(math.exp(lp), False) - 0.025, -20, 20)
    return math.exp(low), math.exp(high)


def test_clear_decrease_against_a_large_flat_rest():
    res = did.did_result(40, 15, 2000, 2000)
    assert res.area_ratio == pytest.approx(15 / 40)
    assert res.rest_ratio == pytest.approx(1.0)
    assert res.did_ratio == pytest.approx(15 / 40)
    assert res.expected_after == pytest.approx(40.0)
    assert res.p_value == pytest.approx(_fisher_central(40, 15, 2000, 2000), rel=1e-9)
    low, high = _cornfield(40, 15, 2000, 2000)
    assert (res.ratio_low, res.ratio_high) == (pytest.approx(low, rel=1e-4), pytest.approx(high, rel=1e-4))
    assert res.p_value < 0.05 and high < 1 and res.verdict == "decreased"


def test_a_small_rest_is_not_taken_as_exact():
    # 20 → 8 near the place while the rest went 12 → 12: the old test (rest ratio exact) said
    # "decreased" (p ≈ 0.036); with the rest's own chance allowed for, the change may be chance
    res = did.did_result(20, 8, 12, 12)
    old = 2 * sum(math.comb(28, k) for k in range(9)) / 2 ** 28
    assert old < 0.05
    assert res.p_value == pytest.approx(_fisher_central(20, 8, 12, 12), rel=1e-9)
    assert res.p_value > 0.05 and res.verdict == "no_clear_change"
    low, high = _cornfield(20, 8, 12, 12)
    assert res.ratio_low == pytest.approx(low, rel=1e-4) and res.ratio_high == pytest.approx(high, rel=1e-4)
    assert res.ratio_low < 1 < res.ratio_high  # the interval agrees with the test


def test_rest_falling_too_is_taken_into_account():
    # the area halves, but so does the rest: no change relative to the hromada
    res = did.did_result(30, 15, 300, 150)
    assert res.did_ratio == pytest.approx(1.0)
    assert res.expected_after == pytest.approx(15.0)
    assert res.p_value == pytest.approx(_fisher_central(30, 15, 300, 150), rel=1e-9)
    assert res.verdict == "no_clear_change"


def test_increase_with_unequal_rest():
    res = did.did_result(5, 20, 100, 100)
    assert res.p_value == pytest.approx(_fisher_central(5, 20, 100, 100), rel=1e-9)
    assert res.verdict == "increased" and res.did_ratio == pytest.approx(4.0)
    assert res.ratio_low > 1


def test_too_few_to_say_below_ten_incidents_in_the_area():
    res = did.did_result(6, 0, 300, 300)  # a 100 % fall, but only 6 incidents
    assert res.verdict == "too_few" and res.p_value is None
    assert res.area_ratio == 0.0
    assert did.did_result(5, 5, 100, 100).verdict != "too_few"  # 10 is enough to test


def test_no_rest_incidents_means_nothing_to_compare_with():
    res = did.did_result(15, 3, 0, 0)
    assert res.rest_ratio is None and res.did_ratio is None and res.expected_after is None
    assert res.p_value == 1.0 and res.verdict == "no_clear_change"
    assert res.ratio_low is None and res.ratio_high is None


def _simulate(rng: np.random.Generator, runs: int, area_mean: float, rest_mean: float,
              effect: float = 1.0) -> tuple[float, float]:
    """Share of runs with a "change" verdict (among those with enough incidents to test), for
    did_result and for the old test that took the rest's ratio as exact (written here)."""
    new = old = tested = 0
    for _ in range(runs):
        a0, a1, r0, r1 = rng.poisson([area_mean, area_mean * effect, rest_mean, rest_mean])
        if a0 + a1 < did.MIN_AREA_TOTAL:
            continue
        tested += 1
        new += did.did_result(a0, a1, r0, r1, with_interval=False).verdict in ("decreased", "increased")
        p_rest = r1 / (r0 + r1) if r0 + r1 else 0.5
        old += binomtest(int(a1), int(a0 + a1), p_rest).pvalue < 0.05
    return new / tested, old / tested


@pytest.mark.parametrize(("area_mean", "rest_mean"), [(10, 10), (15, 8), (20, 30), (12, 400)])
def test_no_false_change_more_often_than_five_percent(area_mean, rest_mean):
    """Seeded simulation with no real effect (Poisson counts, the same rates before and after):
    "decreased"/"increased" at most 5 % of the time. With a small rest, the old test did not hold it."""
    rng = np.random.default_rng(16_000 + area_mean * 1000 + rest_mean)
    new, old = _simulate(rng, 400, area_mean, rest_mean)
    assert new <= 0.05, new
    if rest_mean <= 10:
        assert old > 0.08, old  # the simulation can tell a test that cries wolf


def test_a_real_halving_is_found():
    rng = np.random.default_rng(1616)
    found, _ = _simulate(rng, 300, 60, 2000, effect=0.5)  # 60 → 30 near the place
    assert found >= 0.8, found


def test_planned_choice_and_house_defaults():
    plan = did.planned_choice(750, 13, "theft; burglary;theft")
    assert plan == did.DidPlan(750, 13, ("theft", "burglary"), recorded=True)
    none = did.planned_choice(None, float("nan"), None)
    assert (none.radius_m, none.weeks, none.recorded) == (500, 26, False)
    assert "drugs" not in none.categories and "public_order" not in none.categories and "theft" in none.categories


def test_threats_named_in_the_verdict():
    plan = did.planned_choice(500, 26, "theft;burglary")
    assert did.threats(categories=("theft", "burglary"), plan=plan, radius_m=500, weeks=26, spike_before=False) == ()
    assert did.threats(categories=("burglary", "theft"), plan=plan, radius_m=500, weeks=26,
                       spike_before=True) == ("regression",)
    assert did.threats(categories=("theft", "drugs"), plan=plan, radius_m=500, weeks=26,
                       spike_before=None) == ("detection", "unplanned")
    assert did.threats(categories=(), plan=plan, radius_m=500, weeks=26, spike_before=False) == ("detection",
                                                                                              "unplanned")
    assert did.threats(categories=("theft", "burglary"), plan=plan, radius_m=250, weeks=26,
                       spike_before=False) == ("unplanned",)
    assert "no_plan" in did.threats(categories=did.DEFAULT_CATEGORIES, plan=did.planned_choice(), radius_m=500,
                                    weeks=26, spike_before=False)


def test_a_window_before_well_above_the_history_is_a_spike():
    first, last = did.history_window(date(2026, 3, 2))
    assert (first, last) == (date(2026, 3, 2) - timedelta(days=336), date(2026, 3, 1))
    starts = [first + timedelta(days=28 * k) for k in range(12)]
    blocks = pd.DataFrame({"block_start": starts, "block_end": [s + timedelta(days=27) for s in starts],
                           "area": [3] * 12})
    # the first two periods begin before the data: no data, not zero
    hist = did.history_blocks(blocks, data_start=starts[2])
    assert hist["area"].isna().tolist() == [True, True] + [False] * 10
    # history: 30 in 280 days; 13 weeks (91 days) before with 25: P(X ≥ 25 | 55, 91/371) by hand
    tail = sum(math.comb(55, k) * (91 / 371) ** k * (280 / 371) ** (55 - k) for k in range(25, 56))
    assert tail < 0.05
    assert did.before_unusually_high(25, 91, hist) is True
    assert did.before_unusually_high(11, 91, hist) is False  # about the usual 9.75
    assert did.before_unusually_high(5, 91, blocks.assign(area=float("nan"))) is None


def test_periods_count_seven_day_blocks_from_the_activity_date():
    day = date(2026, 3, 2)
    daily = pd.DataFrame({
        "date": [date(2026, 2, 16), date(2026, 2, 22), date(2026, 2, 23), date(2026, 3, 1), date(2026, 3, 2),
                 date(2026, 3, 15), date(2026, 3, 16), date(2026, 2, 15)],
        "area": [1, 2, 3, 4, 5, 6, 100, 100],  # the last two lie outside the four periods
        "rest": [10, 20, 30, 40, 50, 60, 100, 100],
    })
    table = did.periods(daily, day, 2)
    assert table["period_week"].tolist() == [-2, -1, 0, 1]
    assert table["week_start"].tolist() == [date(2026, 2, 16), date(2026, 2, 23), date(2026, 3, 2), date(2026, 3, 9)]
    assert table["area"].tolist() == [3, 7, 5, 6]
    assert table["rest"].tolist() == [30, 70, 50, 60]
    res = did.result_from_periods(table)
    assert (res.area_before, res.area_after, res.rest_before, res.rest_after) == (10, 11, 100, 110)
    idx = did.indexed(table)
    assert idx["area_index"].tolist() == pytest.approx([60.0, 140.0, 100.0, 120.0])


def test_windows_and_available_weeks():
    (b0, b1), (a0, a1) = did.windows(date(2026, 3, 2), 4)
    assert (b0, b1, a0, a1) == (date(2026, 2, 2), date(2026, 3, 1), date(2026, 3, 2), date(2026, 3, 29))
    assert did.max_weeks(date(2026, 3, 2), data_start=date(2025, 1, 1), data_end=date(2026, 3, 29)) == 4
    assert did.max_weeks(date(2026, 3, 2), data_start=date(2026, 2, 20), data_end=date(2026, 12, 1)) == 1
    assert did.max_weeks(date(2026, 3, 2), data_start=date(2025, 1, 1), data_end=date(2026, 3, 5)) == 0


def test_haversine_and_bounding_box():
    one_degree = 2 * math.pi * geo.EARTH_RADIUS_M / 360
    assert geo.haversine_m(50.0, 30.0, 51.0, 30.0) == pytest.approx(one_degree, rel=1e-9)
    assert geo.haversine_m(0.0, 0.0, 0.0, 1.0) == pytest.approx(one_degree, rel=1e-9)
    lat_min, lat_max, lon_min, lon_max = geo.bounding_box(50.54, 30.15, 500)
    # the box holds the circle: its edges are at least 500 m away from the centre
    assert geo.haversine_m(50.54, 30.15, lat_max, 30.15) >= 500
    assert geo.haversine_m(50.54, 30.15, 50.54, lon_min) >= 500
    assert lat_min < 50.54 < lat_max and lon_min < 30.15 < lon_max


def test_why_a_planned_window_cannot_run_yet():
    """26 weeks = 182 days. An activity on 1 June 2026 with data from 1 January 2026 to 30 November 2026:
    151 days before it (too little history); the same activity with data from 1 January 2025 but only
    to 29 November 2026 (182 days after would need the data through 29 November: day 1 is 1 June)."""
    act = date(2026, 6, 1)
    assert did.short_side(act, 26, data_start=date(2026, 1, 1), data_end=date(2026, 11, 30)) == "before"
    assert did.short_side(act, 26, data_start=date(2025, 1, 1), data_end=date(2026, 11, 29)) is None
    assert did.short_side(act, 26, data_start=date(2025, 1, 1), data_end=date(2026, 11, 28)) == "after"
    assert did.short_side(act, 26, data_start=date(2025, 12, 1), data_end=date(2026, 11, 29)) is None  # 182 days
    assert did.short_side(act, 26, data_start=date(2025, 12, 2), data_end=date(2026, 11, 29)) == "before"
