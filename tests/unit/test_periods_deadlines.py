"""Periods, legal deadlines and the significance test against independent calculations."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from scipy import stats

from analytics.periods import Period, change_ratio, preset_period, previous_period, resolve_period, year_earlier
from analytics.significance import count_change_p, is_significant
from domain.legal_terms import DeadlineError, answered_on_time, due_date, is_overdue


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


@pytest.mark.parametrize(
    ("received", "days", "expected"),
    [
        (date(2026, 1, 31), 30, date(2026, 3, 2)),  # across a short February
        (date(2024, 1, 31), 30, date(2024, 3, 1)),  # leap year
        (date(2026, 12, 20), 15, date(2027, 1, 4)),  # across the year end
        (date(2026, 4, 30), 15, date(2026, 5, 15)),
    ],
)
def test_due_dates_by_the_law(received, days, expected):
    assert due_date(received, days) == expected
    assert due_date(received, days) == received + timedelta(days=days)  # independent: plain calendar days


def test_extension_is_capped_at_45_days():
    r = date(2026, 3, 1)
    assert due_date(r, 30, date(2026, 4, 15)) == date(2026, 4, 15)  # exactly 45 days
    with pytest.raises(DeadlineError) as err:
        due_date(r, 30, date(2026, 4, 16))
    assert err.value.key == "deadline.extension_too_long"
    with pytest.raises(DeadlineError):
        due_date(r, 30, date(2026, 3, 20))
    with pytest.raises(DeadlineError):
        due_date(r, 20)


def test_overdue_and_on_time():
    due = date(2026, 3, 16)
    assert not is_overdue(due, None, date(2026, 3, 16))
    assert is_overdue(due, None, date(2026, 3, 17))
    assert answered_on_time(due, date(2026, 3, 16)) is True
    assert answered_on_time(due, date(2026, 3, 17)) is False
    assert answered_on_time(due, None) is None


def test_three_to_five_is_noise_but_ten_to_thirty_is_not():
    assert not is_significant(count_change_p(5, 3))
    p = count_change_p(30, 10)
    assert p == pytest.approx(stats.binomtest(30, 40, 0.5).pvalue)
    assert is_significant(p)
    assert count_change_p(0, 0) is None
