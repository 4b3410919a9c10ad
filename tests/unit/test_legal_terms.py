"""The legal clocks of resident requests at their edges, against dates computed by hand (weekday of
each date checked on a wall calendar: 1 Jan 2026 is a Thursday, 29 Mar 2026 the summer-time Sunday)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from domain.dates import KYIV
from domain.legal_terms import (
    DeadlineError,
    WorkCalendar,
    due_for,
    due_text,
    holidays,
    met,
    passed,
    request_types,
    sending_due,
)
from domain.request_state import request_state

NO_MOVE = WorkCalendar()
MOVE = WorkCalendar(move_off_weekend=True)


def at(y, m, d, hh=10, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=KYIV)


@pytest.mark.parametrize(("received", "due"), [
    (at(2026, 3, 1), date(2026, 3, 16)),  # ЦК art. 253: day 1 is 2 March
    (at(2026, 2, 14), date(2026, 3, 1)),  # 28-day February
    (at(2024, 2, 14), date(2024, 2, 29)),  # leap day
    (at(2026, 12, 17), date(2027, 1, 1)),  # across the year end
    (at(2026, 3, 1, 0, 5), date(2026, 3, 16)),  # just after midnight: still 1 March
])
def test_fifteen_days_for_an_appeal_without_study(received, due):
    assert due_for("complaint", received, needs_study=False, cal=NO_MOVE) == due


@pytest.mark.parametrize(("received", "due"), [
    (at(2026, 2, 1), date(2026, 3, 1)),  # not 3 March (the old 30 days)
    (at(2026, 1, 31), date(2026, 2, 28)),  # February has no 31st: its last day (ЦК art. 254 part 2)
    (at(2024, 1, 31), date(2024, 2, 29)),  # leap year
    (at(2026, 1, 30), date(2026, 2, 28)),
    (at(2026, 3, 31), date(2026, 4, 30)),
    (at(2026, 12, 15), date(2027, 1, 15)),
    (at(2026, 1, 28), date(2026, 2, 28)),
])
def test_one_month_when_study_is_needed(received, due):
    for kind in ("proposal", "statement", "complaint"):
        assert due_for(kind, received, needs_study=True, cal=NO_MOVE) == due


def test_deputy_appeal_ten_days():
    assert due_for("deputy_appeal", at(2026, 12, 25), cal=NO_MOVE) == date(2027, 1, 4)
    assert due_for("deputy_appeal", at(2026, 12, 25), needs_study=True, cal=NO_MOVE) == date(2027, 1, 4)


@pytest.mark.parametrize(("received", "due"), [
    (at(2026, 11, 20), date(2026, 11, 27)),  # Friday -> next Friday
    (at(2026, 11, 25), date(2026, 12, 2)),  # Wednesday -> Wednesday over a weekend
    (at(2026, 11, 28), date(2026, 12, 4)),  # received Saturday: Monday is day 1
    (at(2026, 12, 31), date(2027, 1, 7)),  # 1 January is a working day under martial law
])
def test_public_information_five_working_days(received, due):
    assert due_for("public_information", received, cal=NO_MOVE) == due


def test_holiday_calendar_is_empty_under_martial_law_and_counts_when_filled():
    assert holidays() == frozenset()
    with_holiday = WorkCalendar(frozenset({date(2026, 12, 1)}))
    assert due_for("public_information", at(2026, 11, 25), cal=with_holiday) == date(2026, 12, 3)


def test_hour_clocks_in_kyiv_time_across_midnight_and_summer_time():
    assert due_for("crime_report", at(2026, 11, 25, 22, 15)) == at(2026, 11, 26, 22, 15)
    assert due_for("public_information", at(2026, 11, 25, 23, 30), urgent=True) == at(2026, 11, 27, 23, 30)
    # 24 elapsed hours over the night the clocks go forward: 10:00 EET -> 11:00 EEST
    assert due_for("crime_report", at(2026, 3, 28, 10)) == at(2026, 3, 29, 11)
    # a time given in UTC is read on the Kyiv clock: 21:30 UTC on 25 Nov is 23:30 in Kyiv
    utc = datetime(2026, 11, 25, 21, 30, tzinfo=UTC)
    assert due_text(due_for("crime_report", utc)) == "2026-11-26T23:30"
    assert due_text(date(2026, 3, 1)) == "2026-03-01"


def test_weekend_move_is_a_setting_off_by_default():
    received = at(2026, 11, 6)  # Friday; 15 days -> Saturday 21 November
    assert due_for("complaint", received, needs_study=False) == date(2026, 11, 21)
    assert due_for("complaint", received, needs_study=False, cal=MOVE) == date(2026, 11, 23)
    assert due_for("complaint", at(2026, 1, 31), needs_study=True, cal=MOVE) == date(2026, 3, 2)  # 28 Feb is Sat
    assert due_for("complaint", at(2026, 3, 1), needs_study=False, cal=MOVE) == date(2026, 3, 16)  # Monday stays


def test_explicit_shorter_term_one_to_45_days():
    assert due_for("statement", at(2026, 11, 2), deadline_days=5) == date(2026, 11, 7)
    assert due_for("statement", at(2026, 11, 2), deadline_days=1) == date(2026, 11, 3)
    assert due_for("deputy_appeal", at(2026, 11, 2), deadline_days=3) == date(2026, 11, 5)
    for days in (0, 46, 60):
        with pytest.raises(DeadlineError) as err:
            due_for("statement", at(2026, 11, 2), deadline_days=days)
        assert err.value.key == "deadline.bad_term"
    with pytest.raises(DeadlineError) as err:
        due_for("public_information", at(2026, 11, 2), deadline_days=5)
    assert err.value.key == "deadline.fixed_by_law"


def test_extension_between_the_ordinary_due_date_and_45_days():
    r = at(2026, 1, 20)
    assert due_for("complaint", r, needs_study=True, extended_due=date(2026, 3, 6)) == date(2026, 3, 6)  # day 45
    with pytest.raises(DeadlineError) as err:
        due_for("complaint", r, needs_study=True, extended_due=date(2026, 3, 7))
    assert err.value.key == "deadline.extension_too_long"
    with pytest.raises(DeadlineError) as err:
        due_for("complaint", r, needs_study=False, extended_due=date(2026, 2, 3))  # ordinary due 4 Feb
    assert err.value.key == "deadline.extension_before_due"
    assert due_for("complaint", r, needs_study=False, extended_due=date(2026, 2, 4)) == date(2026, 2, 4)


def test_public_information_extension_up_to_20_working_days():
    r = at(2026, 11, 2)  # Monday; 20 working days end on Monday 30 November
    assert due_for("public_information", r, extended_due=date(2026, 11, 30)) == date(2026, 11, 30)
    with pytest.raises(DeadlineError):
        due_for("public_information", r, extended_due=date(2026, 12, 1))
    for kind in ("deputy_appeal", "crime_report"):
        with pytest.raises(DeadlineError) as err:
            due_for(kind, r, extended_due=date(2026, 11, 10))
        assert err.value.key == "deadline.extension_not_allowed"


def test_sending_by_competence_terms():
    assert sending_due("complaint", at(2026, 11, 20)) == date(2026, 11, 25)  # 5 days (art. 7 part 3)
    assert sending_due("public_information", at(2026, 11, 20)) == date(2026, 11, 27)  # 5 working days
    assert sending_due("crime_report", at(2026, 11, 20)) is None


def test_a_day_term_lasts_until_midnight_in_kyiv():
    due = date(2026, 3, 16)
    assert met(due, at(2026, 3, 16, 23, 59))
    assert not met(due, at(2026, 3, 17, 0, 1))
    assert not met(due, datetime(2026, 3, 16, 22, 30, tzinfo=UTC))  # 00:30 on 17 March in Kyiv
    assert not passed(due, date(2026, 3, 16)) and passed(due, date(2026, 3, 17))
    hours = at(2026, 11, 26, 22, 15)
    assert not passed(hours, date(2026, 11, 25)) and passed(hours, date(2026, 11, 26))


def test_every_type_names_its_legal_source():
    kinds = request_types()
    assert set(kinds) == {"proposal", "statement", "complaint", "deputy_appeal", "public_information",
                          "crime_report"}
    for kind in kinds.values():
        assert "ст." in kind.source_uk and "art." in kind.source_en


def _state(*args, **kw):
    s = request_state(*args, **kw)
    return None if s is None else (s.state, s.closed_by, due_text(s.due))


def test_state_of_an_appeal_answered_on_or_after_its_last_day():
    r = at(2026, 11, 2)  # 15 days -> 17 November
    assert _state("complaint", r, as_of=date(2026, 11, 20), answered_at=at(2026, 11, 17, 18)) == \
        ("on_time", "answer", "2026-11-17")
    assert _state("complaint", r, as_of=date(2026, 11, 20), answered_at=at(2026, 11, 18, 9)) == \
        ("late", "answer", "2026-11-17")
    # an answer dated after the day asked about does not count yet
    assert _state("complaint", r, as_of=date(2026, 11, 16), answered_at=at(2026, 11, 17)) == \
        ("open", None, "2026-11-17")
    assert _state("complaint", r, as_of=date(2026, 11, 17)) == ("open", None, "2026-11-17")
    assert _state("complaint", r, as_of=date(2026, 11, 18)) == ("overdue", None, "2026-11-17")
    assert _state("complaint", r, as_of=date(2026, 11, 1)) is None  # not received yet


def test_state_of_a_request_sent_by_competence_uses_the_sending_term():
    r = at(2026, 11, 2)  # sending term 7 November
    assert _state("complaint", r, as_of=date(2026, 11, 30), sent_by_competence_at=at(2026, 11, 6)) == \
        ("on_time", "sending", "2026-11-07")
    assert _state("complaint", r, as_of=date(2026, 11, 30), sent_by_competence_at=at(2026, 11, 9)) == \
        ("late", "sending", "2026-11-07")  # within 15 days, but the 5-day sending term was missed


def test_state_of_a_crime_report_is_its_erdr_entry_within_24_hours():
    r = at(2026, 11, 25, 22, 15)
    assert _state("crime_report", r, as_of=date(2026, 11, 27), erdr_registered_at=at(2026, 11, 26, 21)) == \
        ("on_time", "erdr", "2026-11-26T22:15")
    assert _state("crime_report", r, as_of=date(2026, 11, 27), erdr_registered_at=at(2026, 11, 26, 23)) == \
        ("late", "erdr", "2026-11-26T22:15")
    assert _state("crime_report", r, as_of=date(2026, 11, 25)) == ("open", None, "2026-11-26T22:15")
    assert _state("crime_report", r, as_of=date(2026, 11, 26), answered_at=at(2026, 11, 26, 9)) == \
        ("overdue", None, "2026-11-26T22:15")  # a letter to the author is no ЄРДР entry
