"""add-hromada: the codifier's hromada with every settlement (code, kind, names in the official
transliteration), its OSM boundaries from a local copy or the shipped file, coordinates from the
outlines, empty populations; the new hromada's map draws its outline; demo data can be seeded for it."""

from __future__ import annotations

import json
import shutil
from datetime import date

import pandas as pd
import pytest
from sqlalchemy import select

from data_access import reference, schema
from data_access.__main__ import main as cli
from data_access.demo import seed_demo
from data_access.hromada_assets.boundaries import build_boundaries, write_boundaries
from data_access.hromada_assets.geo_source import GeoSource, slug
from display.maps import community_map
from domain import polygons

IRPIN, HOSTOMEL = "UA32080150000035443", "UA32080110000056605"
# Copied by hand from the codifier (order No. 290 in the edition of order No. 48 of 19.01.2024):
# code -> (name, kind); English names by CMU Resolution No. 55.
EXPECTED = {
    IRPIN: {
        "UA32080150010049888": ("Ірпінь", "Irpin", "city"),
        "UA32080150020053280": ("Діброва", "Dibrova", "village"),
        "UA32080150030095828": ("Забуччя", "Zabuchchia", "village"),
        "UA32080150040020615": ("Козинці", "Kozyntsi", "village"),
        "UA32080150050013069": ("Михайлівка-Рубежівка", "Mykhailivka-Rubezhivka", "village"),
    },
    HOSTOMEL: {
        "UA32080110010033149": ("Гостомель", "Hostomel", "settlement"),
        "UA32080110020078708": ("Горенка", "Horenka", "village"),
        "UA32080110030014030": ("Мощун", "Moshchun", "village"),
        "UA32080110040015037": ("Озера", "Ozera", "village"),
    },
}


@pytest.fixture
def assets(tmp_path, monkeypatch):
    """A copy of assets/hromadas (Bucha, and the boundary files shipped for Irpin and Hostomel)
    that the app reads instead of the repository's."""
    folder = tmp_path / "hromadas"
    shutil.copytree(reference.HROMADAS_DIR, folder)
    monkeypatch.setattr(reference, "HROMADAS_DIR", folder)
    return folder


def _settlements(engine, code: str) -> pd.DataFrame:
    h, s = schema.hromada, schema.settlement
    with engine.connect() as conn:
        rows = conn.execute(select(s.c.code, s.c.name_uk, s.c.name_en, s.c.kind, s.c.population, s.c.lat, s.c.lon)
                            .join(h, h.c.id == s.c.hromada_id).where(h.c.code == code)).mappings().all()
    return pd.DataFrame(rows).set_index("code")


def test_add_hromada_by_name_and_code_gives_the_codifier_settlements(engine, assets, capsys):
    url = engine.url.render_as_string(hide_password=False)
    assert cli(["add-hromada", "Ірпінська", "--assets-dir", str(assets), "--database-url", url]) == 0
    assert cli(["add-hromada", HOSTOMEL, "--assets-dir", str(assets), "--database-url", url]) == 0
    out = capsys.readouterr().out
    assert "19.01.2024 № 48" in out and "Ірпінська міська територіальна громада" in out
    for code, expected in EXPECTED.items():
        got = _settlements(engine, code)
        assert {c: (r.name_uk, r.name_en, r.kind) for c, r in got.iterrows()} == expected
        assert got["population"].isna().all()  # not in the codifier: left empty, never invented
    with engine.connect() as conn:
        h = {r.code: r for r in conn.execute(select(schema.hromada))}
    assert h[HOSTOMEL].name_uk == "Гостомельська селищна територіальна громада"
    assert h[IRPIN].name_en == "Irpin urban hromada"
    assert {h[c].raion_uk for c in h} == {"Бучанський район"} and {h[c].raion_en for c in h} == {"Bucha raion"}
    # Coordinates: Irpin from the centroid of its OSM outline (inside it), Moshchun from its OSM node.
    irpin_outline = json.loads((assets / IRPIN / "boundaries.geojson").read_text(encoding="utf-8"))["features"][1]
    lat, lon = _settlements(engine, IRPIN).loc["UA32080150010049888", ["lat", "lon"]]
    assert polygons.contains(irpin_outline["geometry"], lat, lon)
    moshchun = _settlements(engine, HOSTOMEL).loc["UA32080110030014030"]
    assert (round(moshchun.lat, 4), round(moshchun.lon, 4)) == (50.6046, 30.3081)
    notes = pd.read_csv(assets / IRPIN / "settlements.csv", dtype=str)["source"]
    assert notes.str.contains("Population: not in the codifier").all()


def test_the_new_hromadas_map_draws_its_outline_and_demo_data_can_be_seeded(engine, assets):
    url = engine.url.render_as_string(hide_password=False)
    for code in EXPECTED:
        assert cli(["add-hromada", code, "--assets-dir", str(assets), "--database-url", url]) == 0
    s = _settlements(engine, HOSTOMEL).reset_index().rename(columns={"name_uk": "name"})
    m = community_map(lang="uk", settlements=s.assign(count=1, rate=float("nan"), change_pct=float("nan")),
                      value_label="x", boundaries=reference.boundaries(HOSTOMEL))
    page = m.get_root().render()
    first = reference.boundaries(HOSTOMEL)["features"][0]["geometry"]["coordinates"][0][0]
    assert f"[{first[0]}, {first[1]}]" in page and "OpenStreetMap contributors, ODbL" in page
    assert "Озера" in page and "Мощун" in page
    counts = seed_demo(engine, today=date(2026, 11, 16), weeks=8, hromadas=(IRPIN, HOSTOMEL))
    assert counts["incident"] > 0
    h, i = schema.hromada, schema.incident
    with engine.connect() as conn:
        seeded = set(conn.execute(select(h.c.code).join(schema.settlement, schema.settlement.c.hromada_id == h.c.id)
                                  .join(i, i.c.settlement_id == schema.settlement.c.id).distinct()).scalars())
    assert seeded == {IRPIN, HOSTOMEL}  # Bucha is not seeded when hromadas are named


def test_refusals_say_why(engine, assets, capsys):
    url = engine.url.render_as_string(hide_password=False)
    assert cli(["add-hromada", "Миколаївська", "--assets-dir", str(assets), "--no-load"]) == 1
    assert "give the code" in capsys.readouterr().out
    assert cli(["add-hromada", "Бучанська", "--assets-dir", str(assets), "--no-load"]) == 1
    assert "--force" in capsys.readouterr().out  # curated Bucha data is not overwritten
    assert cli(["seed-demo", "--hromada", "UA00000000000000000", "--database-url", url]) == 1
    assert "add-hromada" in capsys.readouterr().out


def test_boundaries_from_a_local_copy_match_settlements_by_name_inside_the_hromada(tmp_path):
    def square(lon, lat, d):
        return {"type": "Polygon", "coordinates": [[[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d],
                                                    [lon, lat]]]}

    raion = f"{slug('Київська область')}.{slug('Бучанський район')}"
    assert raion == "kyyivska_oblast.buchanskyy_rayon"
    (tmp_path / "geodata").mkdir()
    (tmp_path / "geodata" / f"{raion}.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"katotth": "UA1", "name": "Тестова сільська громада", "@id": "relation/1"},
         "geometry": square(30.0, 50.0, 0.1)}]}), encoding="utf-8")
    (tmp_path / "geodata" / f"{raion}.testova_silska_hromada.geojson").write_text(json.dumps({
        "type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {"name": "Луб’янка", "@id": "relation/2"},
             "geometry": square(30.01, 50.01, 0.01)},
            {"type": "Feature", "properties": {"name": "Далеке", "@id": "relation/3"},  # outside the hromada
             "geometry": square(31.0, 51.0, 0.01)},
            {"type": "Feature", "properties": {"@id": "node/4", "@relations": [
                {"role": "admin_centre", "rel": 5, "reltags": {"name": "Вузлове"}}]},
             "geometry": {"type": "Point", "coordinates": [30.05, 50.05]}}]}), encoding="utf-8")
    settlements = [{"code": c, "name_uk": n, "name_en": n} for c, n in
                   (("S1", "Луб'янка"), ("S2", "Далеке"), ("S3", "Вузлове"), ("S4", "Безмежне"))]
    result = build_boundaries(GeoSource(tmp_path), hromada={
        "code": "UA1", "name_uk": "Тестова", "name_en": "Testova", "oblast_uk": "Київська", "raion_uk": "Бучанський"},
        settlements=settlements)
    levels = [(f["properties"]["level"], f["properties"]["code"]) for f in result.collection["features"]]
    assert levels == [("hromada", "UA1"), ("settlement", "S1"), ("settlement_point", "S3")]
    assert result.positions["S3"][:2] == (50.05, 30.05) and "S2" not in result.positions
    write_boundaries(tmp_path / "out", result, names={s["code"]: s["name_uk"] for s in settlements})
    note = (tmp_path / "out" / "SOURCE.md").read_text(encoding="utf-8")
    assert "ODbL" in note and "Безмежне (no point either)" in note
