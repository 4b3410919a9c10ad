"""Every map of the product draws the hromada's OSM outline and settlement outlines with names,
and credits OpenStreetMap: the map page, requests, survey, partners, the presentation's map
screen and the meeting pack's map."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

OSM = "© OpenStreetMap contributors, ODbL"


def _scripts(at) -> list[str]:
    maps = [c for c in at.get("component_instance") if "leaflet" in c.proto.json_args.lower()]
    scripts = [json.loads(c.proto.json_args)["script"] for c in maps]
    return [re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), s) for s in scripts]


def _assert_outlined(script: str) -> None:
    from data_access.reference import boundaries

    features = boundaries("UA32080070000050759")["features"]
    assert script.count('"level": "hromada"') == 1  # the hromada outline, once
    for f in features[:3]:  # the hromada's, Bucha's and Vorzel's outlines: a vertex of each
        lon, lat = f["geometry"]["coordinates"][0][3]
        assert f"[{lon}, {lat}]" in script, f["properties"]["name_uk"]
    assert "Ворзель" in script and OSM in script


@pytest.mark.parametrize(("page", "role", "params"), [
    ("pages/map.py", None, {}),
    ("pages/resident-requests.py", "prosecutor", {"section": "map"}),
    ("pages/trust-survey.py", None, {"section": "breakdown"}),
    ("pages/partnership.py", None, {"section": "activities"}),
    ("pages/home.py", None, {"mode": "present", "interval": "600", "screen": "map"}),
])
def test_every_map_draws_the_outline_with_the_osm_credit(open_page, page, role, params):
    at = open_page(page, lang="uk", role=role, params=params)
    assert not at.exception
    scripts = _scripts(at)
    assert scripts, f"{page}: no map"
    for script in scripts:
        _assert_outlined(script)


def test_the_meeting_pack_map_draws_the_outline(demo_db_url):
    from data_access.engine import make_engine
    from reports.figures import pack_figures
    from reports.images import pack_map

    engine = make_engine(demo_db_url)
    figures = pack_figures(engine, hromada_id=1, week_monday=date(2026, 11, 16), lang="uk")
    _assert_outlined(pack_map(figures).get_root().render().replace("\\u00a9", "©"))
