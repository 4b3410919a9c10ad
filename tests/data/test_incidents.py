"""Incident queries of the weekly review on SQLite and PostgreSQL: Kyiv-time days and weeks,
category groups, settlements, and the records behind a number (prosecutor only)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from analytics.review import weekly_review
from data_access.incidents import daily_incident_counts, hromada_by_code, incident_records
from domain.roles import AccessDenied
from tests.factories import BUCHA, VORZEL, add_incidents, ids

MONDAY = date(2026, 11, 16)


def _seed(engine):
    add_incidents(engine, [
        # Sunday 22.11 23:30 Kyiv (21:30 UTC): still the review week
        {"occurred_at": datetime(2026, 11, 22, 23, 30), "category": "theft", "description": "=HYPERLINK(\"x\")"},
        # Monday 23.11 00:30 Kyiv (22:30 UTC on Sunday): the next week, not this one
        {"occurred_at": datetime(2026, 11, 23, 0, 30), "category": "theft"},
        {"occurred_at": datetime(2026, 11, 16, 9), "category": "fraud", "settlement": VORZEL},
        {"occurred_at": datetime(2026, 11, 17, 9), "category": "fraud", "settlement": None},
        {"occurred_at": datetime(2026, 11, 18, 9), "category": "explosive_objects", "category_group": "war"},
        {"occurred_at": datetime(2025, 11, 18, 9), "category": "theft", "description": "<b>бійка</b>"},
    ])


def test_daily_counts_use_kyiv_days_and_groups(engine):
    _seed(engine)
    hid = ids(engine)[BUCHA]
    counts = daily_incident_counts(engine, hromada_id=hid, start=date(2025, 1, 1), end=date(2026, 11, 30))
    assert set(counts["category"]) == {"theft", "fraud"}  # war kept out of the community group
    table = weekly_review(counts, MONDAY, keys=["theft", "fraud"]).set_index("category")
    assert table.loc["theft", "this_week"] == 1  # the Monday 00:30 one belongs to the next week
    assert table.loc["theft", "same_week_last_year"] == 1
    assert table.loc["all", "this_week"] == 3
    war = daily_incident_counts(engine, hromada_id=hid, start=MONDAY, end=date(2026, 11, 22), group="war")
    assert war["count"].sum() == 1


def test_counts_by_settlement_keep_incidents_without_one(engine):
    _seed(engine)
    known = ids(engine)
    counts = daily_incident_counts(engine, hromada_id=known[BUCHA], start=MONDAY, end=date(2026, 11, 22),
                                   by="settlement", category="fraud")
    assert sorted(counts["settlement"].astype("object").where(counts["settlement"].notna(), None),
                  key=str) == [known[VORZEL], None]
    only_vorzel = daily_incident_counts(engine, hromada_id=known[BUCHA], start=MONDAY, end=date(2026, 11, 22),
                                        settlement_ids=(known[VORZEL],))
    assert only_vorzel["count"].sum() == 1


@pytest.mark.parametrize("role", ["partner", "leadership", "admin"])
def test_records_refused_outside_the_prosecutor_role(engine, role):
    _seed(engine)
    with pytest.raises(AccessDenied):
        incident_records(engine, role=role, hromada_id=ids(engine)[BUCHA], start=MONDAY, end=date(2026, 11, 22))


def test_records_behind_a_number(engine):
    _seed(engine)
    hid = ids(engine)[BUCHA]
    rows = incident_records(engine, role="prosecutor", hromada_id=hid, start=MONDAY, end=date(2026, 11, 22),
                            group="community")
    assert rows.attrs["total"] == 3 and len(rows) == 3
    assert rows.iloc[0]["occurred_at"] == datetime(2026, 11, 22, 23, 30)  # newest first, Kyiv local time
    assert rows.iloc[0]["description"] == "=HYPERLINK(\"x\")"  # raw text: the page escapes/neutralises it
    no_place = incident_records(engine, role="prosecutor", hromada_id=hid, start=MONDAY, end=date(2026, 11, 22),
                                no_settlement=True)
    assert list(no_place["category"]) == ["fraud"] and no_place["settlement_uk"].isna().all()
    limited = incident_records(engine, role="prosecutor", hromada_id=hid, start=MONDAY, end=date(2026, 11, 22),
                               limit=1)
    assert len(limited) == 1 and limited.attrs["total"] == 4


def test_hromada_by_code(engine):
    assert hromada_by_code(engine)["code"] == BUCHA
    assert hromada_by_code(engine, code=BUCHA)["name_uk"].startswith("Бучанська")
    assert hromada_by_code(engine, code="UA00") is None
