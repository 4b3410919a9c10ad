"""Periods and the significance test against independent calculations."""

from __future__ import annotations

from datetime import date

import pytest
from scipy import stats

from analytics.periods import Period, change_ratio, preset_period, previous_period, resolve_period, year_earlier
from analytics.significance import count_change_p, is_significant


def test_last_full_week_ends_on_the_sunday_before_today():
    # Wednesday 25 Nov 2026 -> the week 16–22 Nov (ISO 2026-W47)
    p = preset_period("week", date(2026, 11, 25))
    assert (p.start, p.end) == (date(2026, 11, 16), date(2026, 11, 22))
    assert p.start.isocalendar()[:2] == (2026, 47)
    # on a Monday the week just ended counts as the last full week
    assert preset_period("week", date(2026, 11, 23)).end == date(2026, 11, 22)


def test_four_weeks_previous_and_year_ago():
    p = preset_period("4weeks", date(2026, 11, 25))
    assert p == Period(date(2026, 10, 26), date(2026, 11, 22)) and p.days == 28
    assert previous_period(p) == Period(date(2026, 9, 28), date(2026, 10, 25))
    ago = year_earlier(p, week_aligned=True)
    assert ago.start.weekday() == 0 and (p.start - ago.start).days == 364


def test_custom_period_is_ordered_and_capped_at_today():
    today = date(2026, 11, 25)
    p = resolve_period("custom", today, (date(2026, 12, 31), date(2026, 11, 1)))
    assert p == Period(date(2026, 11, 1), today)
    leap = year_earlier(Period(date(2024, 2, 29), date(2024, 3, 1)), week_aligned=False)
    assert leap == Period(date(2023, 2, 28), date(2023, 3, 1))


def test_change_ratio_is_none_for_a_zero_base():
    assert change_ratio(5, 0) is None
    assert change_ratio(6, 4) == pytest.approx(0.5)


def test_three_to_five_is_noise_but_ten_to_thirty_is_not():
    assert not is_significant(count_change_p(5, 3))
    p = count_change_p(30, 10)
    assert p == pytest.approx(stats.binomtest(30, 40, 0.5).pvalue)
    assert is_significant(p)
    assert count_change_p(0, 0) is None
