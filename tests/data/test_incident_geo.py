"""Incident aggregates for the map and trends pages, on hand-made records (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from data_access import incident_geo as geo
from domain.geo import cell_of
from domain.roles import AccessDenied
from tests.factories import BUCHA, BUCHA_CITY, VORZEL, add_incidents, at, ids

START, END = date(2026, 11, 2), date(2026, 11, 29)  # four ISO weeks, Monday .. Sunday
PREV_START, PREV_END = date(2026, 10, 5), date(2026, 11, 1)
STATION = (50.54889, 30.22139)
PARK = (50.5455, 30.2040)

ROWS = [
    # Bucha city: 3 at the station (same cell), 1 in the park, 1 without a point; all theft
    *[{"occurred_at": at(date(2026, 11, 3), 20), "lat": STATION[0], "lon": STATION[1]} for _ in range(3)],
    {"occurred_at": at(date(2026, 11, 10), 9), "lat": PARK[0], "lon": PARK[1], "category": "fraud"},
    {"occurred_at": at(date(2026, 11, 29), 23), "category": "fraud"},
    # Vorzel: 2 now, 1 in the previous period
    {"occurred_at": at(date(2026, 11, 15), 21), "settlement": VORZEL, "lat": 50.541, "lon": 30.149,
     "category": "burglary", "severity": "grave"},
    {"occurred_at": at(date(2026, 11, 16), 2), "settlement": VORZEL, "category": "burglary", "severity": "grave"},
    {"occurred_at": at(date(2026, 10, 20), 12), "settlement": VORZEL, "lat": 50.541, "lon": 30.149},
    # no settlement at all, and a war-related record (never in community counts)
    {"occurred_at": at(date(2026, 11, 20), 12), "settlement": None},
    {"occurred_at": at(date(2026, 11, 5), 12), "category": "explosive_objects", "category_group": "war",
     "severity": "administrative", "lat": STATION[0], "lon": STATION[1]},
    # outside both periods
    {"occurred_at": at(date(2026, 11, 30), 0)},
    {"occurred_at": at(date(2026, 10, 4), 23)},
]


@pytest.fixture
def db(engine):
    add_incidents(engine, ROWS)
    return engine, ids(engine)[BUCHA]


def _q(hromada_id, **extra):
    return {"hromada_id": hromada_id, "start": START, "end": END, **extra}


def test_settlement_counts_now_and_before_every_settlement_listed(db):
    engine, h = db
    df = geo.settlement_counts(engine, **_q(h, prev_start=PREV_START, prev_end=PREV_END))
    by_code = {(c if c == c else None): (n, p) for c, n, p in zip(df["code"], df["count"], df["prev_count"],
                                                                   strict=True)}
    assert by_code[BUCHA_CITY] == (5, 0)
    assert by_code[VORZEL] == (2, 1)
    assert by_code[None] == (1, 0)  # the incident with no settlement is kept, not dropped
    assert len(df) == 14 + 1  # every settlement of the hromada + the "no settlement" row
    assert df["count"].sum() == 8  # 11 community rows in range minus 2 outside, minus war
    assert df.loc[df["code"] == BUCHA_CITY, "population"].iloc[0] == 37321


def test_settlement_counts_filter_by_category_and_settlement(db):
    engine, h = db
    known = ids(engine)
    df = geo.settlement_counts(engine, **_q(h, prev_start=PREV_START, prev_end=PREV_END, categories=("fraud",),
                                            settlement_ids=(known[BUCHA_CITY],)))
    assert df[["code", "count"]].values.tolist() == [[BUCHA_CITY, 2]]


def test_cells_count_points_per_500m_cell(db):
    engine, h = db
    df = geo.cell_counts(engine, **_q(h))
    got = {(r, c): n for r, c, n in df.itertuples(index=False)}
    expected = Counter([cell_of(*STATION)] * 3 + [cell_of(*PARK), cell_of(50.541, 30.149)])
    assert got == dict(expected)
    assert geo.unlocated_count(engine, **_q(h)) == 3  # fraud without point, Vorzel burglary, no settlement
    war = geo.cell_counts(engine, **_q(h, group="war"))
    assert war["count"].tolist() == [1]


def test_points_only_for_the_prosecutor_and_capped(db):
    engine, h = db
    with pytest.raises(AccessDenied):
        geo.incident_points(engine, role="partner", **_q(h))
    with pytest.raises(AccessDenied):
        geo.incident_points(engine, role="leadership", **_q(h))
    pts = geo.incident_points(engine, role="prosecutor", **_q(h))
    assert len(pts) == 5 and pts["lat"].notna().all()
    capped = geo.incident_points(engine, role="prosecutor", limit=2, **_q(h))
    assert len(capped) == 3  # limit + 1 says "more than the limit"


def test_weekly_dow_hour_and_composition(db):
    engine, h = db
    weekly = geo.incident_counts(engine, by=("week", "category"), **_q(h))
    got = {(str(w), c): n for w, c, n in weekly.itertuples(index=False)}
    assert got[("2026-11-02", "theft")] == 3
    assert got[("2026-11-09", "fraud")] == 1
    assert got[("2026-11-09", "burglary")] == 1  # Sunday 15 Nov belongs to the week of Monday 9 Nov
    assert got[("2026-11-16", "burglary")] == 1
    assert sum(got.values()) == 8
    dh = geo.incident_counts(engine, by=("dow", "hour"), **_q(h))
    cells = {(d, hr): n for d, hr, n in dh.itertuples(index=False)}
    assert cells[(2, 20)] == 3  # Tuesday 3 Nov, 20:00 Kyiv
    assert cells[(7, 23)] == 1  # Sunday 29 Nov, 23:00 Kyiv (still inside the period)
    cross = geo.incident_counts(engine, by=("category", "severity"), **_q(h))
    assert cross.groupby("severity")["count"].sum().to_dict() == {"grave": 2, "minor": 6}
    assert geo.incident_date_range(engine, hromada_id=h) == (date(2026, 10, 4), date(2026, 11, 30))
