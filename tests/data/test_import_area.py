"""Imported points are checked against the hromada's OSM outline (with a margin in metres), not a
box around its settlements; a row without a settlement gets the settlement whose outline holds it."""

from __future__ import annotations

import json
import math
from datetime import datetime

from sqlalchemy import select

from data_access import schema
from data_access.importing.pipeline import import_file
from data_access.reference import HROMADAS_DIR
from domain.roles import Role
from tests.factories import BUCHA_CITY, VORZEL, ids

NOW = datetime(2026, 11, 20, 12, 0)
BUCHA = "UA32080070000050759"
M_PER_DEG_LAT = math.pi * 6_371_008.8 / 180


def _features() -> list[dict]:
    return json.loads((HROMADAS_DIR / BUCHA / "boundaries.geojson").read_text(encoding="utf-8"))["features"]


def _west_of_westmost_vertex(metres: float) -> tuple[float, float]:
    """A point ``metres`` due west of the outline's westernmost vertex: every point of the area
    lies east of that vertex, so the point is exactly ``metres`` from the area."""
    ring = _features()[0]["geometry"]["coordinates"][0]
    lon, lat = min(ring)
    return lat, lon - metres / (M_PER_DEG_LAT * math.cos(math.radians(lat)))


def _import(engine, rows: list[tuple]) -> dict[str, dict]:
    lines = ["external_id,occurred_at,lat,lon,settlement,category"]
    lines += [f"{eid},01.11.2026,{lat:.7f},{lon:.7f},{place},theft" for eid, lat, lon, place in rows]
    r = import_file(engine, role=Role.PROSECUTOR, kind="incidents", content="\n".join(lines).encode(),
                    file_name="area.csv", source="test", now=NOW)
    out = {}
    with engine.connect() as conn:
        for eid, sid in conn.execute(select(schema.incident.c.external_id, schema.incident.c.settlement_id)):
            out[eid] = {"settlement_id": sid}
        for raw, errors in conn.execute(select(schema.rejected_row.c.raw, schema.rejected_row.c.errors)):
            data = raw if isinstance(raw, dict) else json.loads(raw)
            eid = next(v for k, v in data.items() if "external" in k or k == "external_id")
            out[eid] = {"errors": [e["code"] for e in (errors if isinstance(errors, list) else json.loads(errors))]}
    assert r.imported + r.rejected == len(rows)
    return out


def test_points_just_outside_the_outline_are_kept_within_the_margin_only(engine):
    near, far = _west_of_westmost_vertex(100), _west_of_westmost_vertex(400)
    irpin_centre = (50.5206777, 30.2448725)  # OSM admin_centre of Irpin: inside the old 5 km box, ~2 km outside
    got = _import(engine, [("near", *near, ""), ("far", *far, ""), ("irpin", *irpin_centre, "")])
    assert "settlement_id" in got["near"]  # 100 m beyond the boundary, within the default 300 m
    assert got["far"] == {"errors": ["outside_outline"]}
    assert got["irpin"] == {"errors": ["outside_outline"]}


def test_margin_is_a_deployment_setting(engine, monkeypatch):
    monkeypatch.setenv("BOUNDARY_MARGIN_M", "0")
    got = _import(engine, [("near", *_west_of_westmost_vertex(100), "")])
    assert got["near"] == {"errors": ["outside_outline"]}
    monkeypatch.setenv("BOUNDARY_MARGIN_M", "500")
    got = _import(engine, [("far", *_west_of_westmost_vertex(400), "")])
    assert "settlement_id" in got["far"]


def test_a_row_without_a_settlement_gets_the_one_whose_outline_holds_its_point(engine):
    by_code = {f["properties"]["code"]: f["properties"]["label"] for f in _features()[1:]}
    vorzel_lon, vorzel_lat = by_code[VORZEL]
    bucha_lon, bucha_lat = by_code[BUCHA_CITY]
    lubianka = (50.65389, 30.17083)  # in the hromada, in no settlement outline (none in the source)
    got = _import(engine, [("v", vorzel_lat, vorzel_lon, ""), ("b", bucha_lat, bucha_lon, ""),
                           ("named", vorzel_lat, vorzel_lon, "Буча"), ("l", *lubianka, "")])
    sid = ids(engine)
    assert got["v"]["settlement_id"] == sid[VORZEL]
    assert got["b"]["settlement_id"] == sid[BUCHA_CITY]
    assert got["named"]["settlement_id"] == sid[BUCHA_CITY]  # a named settlement is never overridden
    assert got["l"]["settlement_id"] is None


def test_swapped_coordinates_are_still_recognised_against_the_outline(engine):
    lon, lat = _features()[1]["properties"]["label"]
    got = _import(engine, [("s", lon, lat, "")])
    assert got["s"] == {"errors": ["swapped_coordinates"]}
