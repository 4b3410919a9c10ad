"""Did it help? The before/after comparison against hand-computed numbers, including the
"too few to say" case, the 7-day periods and the distance."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest

from analytics import did
from domain import geo


def _binom_two_sided(k: int, n: int, p: float) -> float:
    """Exact two-sided binomial p-value by hand: the total probability of every outcome no more
    likely than the one observed (the method scipy uses)."""
    pmf = [math.comb(n, i) * p ** i * (1 - p) ** (n - i) for i in range(n + 1)]
    return min(1.0, sum(q for q in pmf if q <= pmf[k] * (1 + 1e-7)))


def test_clear_decrease_against_a_flat_rest():
    res = did.did_result(20, 8, 200, 200)
    assert res.area_ratio == pytest.approx(0.4)
    assert res.rest_ratio == pytest.approx(1.0)
    assert res.did_ratio == pytest.approx(0.4)
    assert res.expected_after == pytest.approx(20.0)
    # symmetric p = 1/2: twice the lower tail, 2 · Σ_{k≤8} C(28, k) / 2^28
    by_hand = 2 * sum(math.comb(28, k) for k in range(9)) / 2 ** 28
    assert res.p_value == pytest.approx(by_hand, rel=1e-9)
    assert by_hand < 0.05 and res.verdict == "decreased"


def test_rest_falling_too_is_taken_into_account():
    # the area halves, but so does the rest: no change relative to the hromada
    res = did.did_result(30, 15, 300, 150)
    assert res.did_ratio == pytest.approx(1.0)
    assert res.expected_after == pytest.approx(15.0)
    assert res.p_value == pytest.approx(_binom_two_sided(15, 45, 150 / 450), rel=1e-9)
    assert res.verdict == "no_clear_change"


def test_increase_with_unequal_rest():
    res = did.did_result(5, 20, 100, 100)
    assert res.p_value == pytest.approx(2 * sum(math.comb(25, k) for k in range(20, 26)) / 2 ** 25, rel=1e-9)
    assert res.verdict == "increased" and res.did_ratio == pytest.approx(4.0)


def test_too_few_to_say_below_ten_incidents_in_the_area():
    res = did.did_result(6, 0, 300, 300)  # a 100 % fall, but only 6 incidents
    assert res.verdict == "too_few" and res.p_value is None
    assert res.area_ratio == 0.0
    assert did.did_result(5, 5, 100, 100).verdict != "too_few"  # 10 is enough to test


def test_no_rest_incidents_means_equal_windows():
    res = did.did_result(15, 3, 0, 0)
    assert res.rest_ratio is None and res.did_ratio is None and res.expected_after is None
    assert res.p_value == pytest.approx(2 * sum(math.comb(18, k) for k in range(4)) / 2 ** 18, rel=1e-9)
    assert res.verdict == "decreased"


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
