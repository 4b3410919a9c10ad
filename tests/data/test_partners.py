"""Partner and activity queries on SQLite and PostgreSQL: directory, counts, pairs, lists and the
incident counts around a place (area vs rest) against hand-made fixtures."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine

from analytics import did
from data_access import partners as q
from data_access import schema
from data_access.records import new_batch
from domain.roles import AccessDenied
from tests.factories import BUCHA, BUCHA_CITY, VORZEL, add_incidents, at, ids

SPOT = (50.5410, 30.1490)  # Vorzel


def _seed(engine: Engine) -> dict[str, int]:
    """Three partners, four activities: police+school twice, police+ngo once, one with no partner."""
    k = ids(engine)
    with engine.begin() as conn:
        batch = new_batch(conn, kind="activities", source="test")
        pid = {}
        for key, name, kind in (("police", "Поліція", "police"), ("school", "Ліцей № 1", "school"),
                                ("ngo", "ГО «Безпека»", "ngo")):
            pid[key] = conn.execute(schema.partner.insert().values(
                source="test", external_id=key, import_batch_id=batch, hromada_id=k[BUCHA],
                name_uk=name, name_en=name + " (en)", kind=kind, active=True)).inserted_primary_key[0]
        acts = [
            ("a1", date(2026, 3, 2), "lighting", VORZEL, *SPOT, 5, ("police", "school")),
            ("a2", date(2026, 5, 10), "school_lecture", BUCHA_CITY, None, None, 40, ("police", "school")),
            ("a3", date(2026, 9, 1), "patrol", BUCHA_CITY, 50.55, 30.21, 6, ("police", "ngo")),
            ("a4", date(2026, 9, 2), "meeting", BUCHA_CITY, None, None, None, ()),
        ]
        for ext, day, kind, settle, lat, lon, people, partners in acts:
            aid = conn.execute(schema.activity.insert().values(
                source="test", external_id=ext, import_batch_id=batch, hromada_id=k[BUCHA], date=day, kind=kind,
                title_uk=f"Захід {ext}", settlement_id=k[settle], lat=lat, lon=lon, participants=people,
            )).inserted_primary_key[0]
            for p in partners:
                conn.execute(schema.activity_partner.insert().values(activity_id=aid, partner_id=pid[p]))
    return {**k, **pid}


def test_directory_counts_and_last_activity(engine):
    k = _seed(engine)
    d = q.partner_directory(engine, hromada_id=k[BUCHA], since=date(2026, 8, 1), until=date(2026, 11, 1))
    by = d.set_index("id")
    assert by.loc[k["police"], "activities_total"] == 3 and by.loc[k["police"], "activities_recent"] == 1
    assert by.loc[k["school"], "activities_recent"] == 0 and by.loc[k["school"], "last_activity"] == date(2026, 5, 10)
    assert by.loc[k["ngo"], "activities_total"] == 1
    # the school is the one partner without activity since 01.08
    assert d.loc[d["activities_recent"] == 0, "id"].tolist() == [k["school"]]


def test_counts_pairs_and_days(engine):
    k = _seed(engine)
    c = q.partner_activity_counts(engine, hromada_id=k[BUCHA], start=date(2026, 1, 1), end=date(2026, 12, 31))
    assert c.set_index("partner_id")["activities"].to_dict() == {k["police"]: 3, k["school"]: 2, k["ngo"]: 1}
    assert c.set_index("partner_id").loc[k["police"], "participants"] == 5 + 40 + 6
    pairs = q.partner_pairs(engine, hromada_id=k[BUCHA], start=date(2026, 1, 1), end=date(2026, 12, 31))
    got = {(min(a, b), max(a, b)): n for a, b, n in pairs.itertuples(index=False)}
    assert got == {tuple(sorted((k["police"], k["school"]))): 2, tuple(sorted((k["police"], k["ngo"]))): 1}
    days = q.activity_by_day_kind(engine, hromada_id=k[BUCHA], start=date(2026, 9, 1), end=date(2026, 9, 30))
    assert days["activities"].sum() == 2 and days["participants"].sum() == 6  # NULL participants count 0


def test_activity_list_names_partners_and_filters(engine):
    k = _seed(engine)
    acts = q.activity_list(engine, hromada_id=k[BUCHA], start=date(2026, 1, 1), end=date(2026, 12, 31))
    assert acts["title_uk"].tolist() == ["Захід a4", "Захід a3", "Захід a2", "Захід a1"]  # newest first
    row = acts.set_index("title_uk").loc["Захід a3"]
    assert set(row["partners_uk"].split("; ")) == {"Поліція", "ГО «Безпека»"} and row["n_partners"] == 2
    assert acts.set_index("title_uk").loc["Захід a4", "partners_uk"] == ""
    only = q.activity_list(engine, hromada_id=k[BUCHA], kinds=("lighting",), settlement_ids=(k[VORZEL],))
    assert only["title_uk"].tolist() == ["Захід a1"] and only["settlement_uk"].tolist() == ["Ворзель"]
    placed = q.place_based_activities(engine, hromada_id=k[BUCHA], kinds=("lighting", "patrol", "cctv"))
    assert placed["title_uk"].tolist() == ["Захід a3", "Захід a1"]


def test_incidents_near_counts_area_and_rest_without_returning_points(engine):
    k = _seed(engine)
    lat, lon = SPOT
    north_300 = lat + 300 / 111_195  # ~300 m north: inside 500 m
    north_700 = lat + 700 / 111_195  # ~700 m north: outside
    rows = [
        {"occurred_at": at(date(2026, 2, 20)), "lat": north_300, "lon": lon, "settlement": VORZEL},
        {"occurred_at": at(date(2026, 2, 20)), "lat": north_700, "lon": lon, "settlement": VORZEL},
        {"occurred_at": at(date(2026, 3, 3)), "lat": lat, "lon": lon, "settlement": VORZEL},
        {"occurred_at": at(date(2026, 3, 3)), "lat": 50.55, "lon": 30.21},
        {"occurred_at": at(date(2026, 3, 3))},  # no point: in neither
        {"occurred_at": at(date(2026, 3, 4)), "lat": lat, "lon": lon, "settlement": VORZEL, "category": "fraud"},
        {"occurred_at": at(date(2026, 3, 4)), "lat": lat, "lon": lon, "category": "explosive_objects",
         "category_group": "war"},
    ]
    add_incidents(engine, rows)
    daily = q.incidents_near_daily(engine, role="prosecutor", hromada_id=k[BUCHA], lat=lat, lon=lon, radius_m=500,
                                   start=date(2026, 2, 1), end=date(2026, 3, 31))
    assert set(daily.columns) == {"date", "area", "rest"}
    got = {d: (a, r) for d, a, r in daily.itertuples(index=False)}
    assert got == {date(2026, 2, 20): (1, 1), date(2026, 3, 3): (1, 1), date(2026, 3, 4): (1, 0)}
    theft_only = q.incidents_near_daily(engine, role="prosecutor", hromada_id=k[BUCHA], lat=lat, lon=lon, radius_m=500,
                                        start=date(2026, 2, 1), end=date(2026, 3, 31), categories=("theft",))
    assert theft_only["area"].sum() == 2 and theft_only["rest"].sum() == 2
    res = did.result_from_periods(did.periods(daily, date(2026, 3, 2), 2))
    assert (res.area_before, res.area_after, res.rest_before, res.rest_after) == (1, 2, 1, 1)
    assert res.verdict == "too_few"
    # Other roles get the window totals only, the same figures as the prosecutor's weeks add up to.
    totals = q.incidents_near_totals(engine, hromada_id=k[BUCHA], lat=lat, lon=lon, radius_m=500,
                                     before=(date(2026, 2, 16), date(2026, 3, 1)), after=(date(2026, 3, 2), date(2026, 3, 15)))
    assert totals == {"area_before": 1, "area_after": 2, "rest_before": 1, "rest_after": 1}
    for role in ("partner", "leadership", "admin", None):
        with pytest.raises(AccessDenied):
            q.incidents_near_daily(engine, role=role, hromada_id=k[BUCHA], lat=lat, lon=lon, radius_m=500,
                                   start=date(2026, 2, 1), end=date(2026, 3, 31))


def test_the_plan_recorded_on_an_activity_and_the_place_history(engine):
    k = _seed(engine)
    with engine.begin() as conn:
        conn.execute(schema.activity.update().where(schema.activity.c.external_id == "a1").values(
            did_radius_m=750, did_weeks=13, did_categories="theft;burglary"))
    placed = q.place_based_activities(engine, hromada_id=k[BUCHA], kinds=("lighting", "patrol"))
    a1 = placed.set_index("title_uk").loc["Захід a1"]
    assert (a1["did_radius_m"], a1["did_weeks"], a1["did_categories"]) == (750, 13, "theft;burglary")
    a3 = placed.set_index("title_uk").loc["Захід a3"]
    assert a3["did_radius_m"] is None or a3["did_radius_m"] != a3["did_radius_m"]  # not recorded
    lat, lon = SPOT
    add_incidents(engine, [
        {"occurred_at": at(date(2026, 1, 5)), "lat": lat, "lon": lon, "settlement": VORZEL},  # period 0
        {"occurred_at": at(date(2026, 2, 1)), "lat": lat, "lon": lon, "settlement": VORZEL},  # period 0 (last day)
        {"occurred_at": at(date(2026, 2, 2)), "lat": lat, "lon": lon, "settlement": VORZEL},  # period 1
        {"occurred_at": at(date(2026, 2, 2)), "lat": lat + 0.02, "lon": lon, "settlement": VORZEL},  # 2.2 km: out
        {"occurred_at": at(date(2026, 2, 2)), "lat": lat, "lon": lon, "settlement": VORZEL, "category": "fraud"},
        {"occurred_at": at(date(2026, 3, 2)), "lat": lat, "lon": lon, "settlement": VORZEL},  # after the 2 periods
    ])
    blocks = q.incidents_near_blocks(engine, hromada_id=k[BUCHA], lat=lat, lon=lon, radius_m=500,
                                     first=date(2026, 1, 5), block_days=28, blocks=2, categories=("theft",))
    assert blocks["block_start"].tolist() == [date(2026, 1, 5), date(2026, 2, 2)]
    assert blocks["block_end"].tolist() == [date(2026, 2, 1), date(2026, 3, 1)]
    assert blocks["area"].tolist() == [2, 1]
    every = q.incidents_near_blocks(engine, hromada_id=k[BUCHA], lat=lat, lon=lon, radius_m=500,
                                    first=date(2026, 1, 5), block_days=28, blocks=2)
    assert every["area"].tolist() == [2, 2]  # the fraud counts among all community offences
