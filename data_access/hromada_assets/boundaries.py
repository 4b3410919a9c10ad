"""The hromada's ``boundaries.geojson``: its outline and its settlements' outlines from the
OSM-derived source (geo_source.py), simplified (Douglas–Peucker) to keep the map payload small,
with the source and the ODbL licence in the file and in ``SOURCE.md`` beside it.

Feature properties: ``level`` ("hromada" | "settlement" | "settlement_point"), ``code`` (KATOTTG),
``name_uk``, ``name_en``, ``osm`` (the OSM object), ``label`` ([lon, lat] where the name goes;
settlement outlines). A "settlement_point" is the OSM admin-centre or label node of a settlement
that has no outline in the source: the settlement's coordinates, not drawn as an area.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from data_access.hromada_assets.geo_source import CREDIT, LICENCE, SOURCE_NAME, GeoSource, find_hromada
from domain import polygons

TOLERANCE_M = 30.0  # Douglas–Peucker tolerance; coordinates rounded to 5 decimals (≈ 1 m)
# A settlement outline or point is used only when it lies in the hromada (or this close to it):
# a name shared with a village across the border must not be drawn here.
SETTLEMENT_MARGIN_M = 1000.0
FILE_NAME = "boundaries.geojson"


def _key(name: str) -> str:
    return " ".join(name.replace("’", "'").replace("ʼ", "'").casefold().split())


@dataclass
class BoundaryResult:
    """What the build found: the FeatureCollection, a position per settlement code (lat, lon,
    how it was found) and the settlements the source has no outline for."""

    collection: dict
    positions: dict[str, tuple[float, float, str]] = field(default_factory=dict)
    without_outline: list[str] = field(default_factory=list)
    source_files: list[str] = field(default_factory=list)


def _osm_points(fc: dict) -> dict[str, tuple[float, float, str]]:
    """name key -> (lat, lon, note) of the admin-centre / label nodes of a hromada file."""
    out = {}
    for f in fc.get("features", []):
        geom = f.get("geometry") or {}
        if geom.get("type") != "Point":
            continue
        lon, lat = geom["coordinates"][:2]
        for rel in (f.get("properties") or {}).get("@relations", []):
            name = (rel.get("reltags") or {}).get("name")
            if name and rel.get("role") in ("admin_centre", "label"):
                osm = (f.get("properties") or {}).get("@id", "node")
                out.setdefault(_key(name), (round(float(lat), 6), round(float(lon), 6), f"OSM {rel['role']} {osm}"))
    return out


def build_boundaries(source: GeoSource, *, hromada: dict, settlements: list[dict],
                     tolerance_m: float = TOLERANCE_M) -> BoundaryResult:
    """``hromada``: code, name_uk, name_en, oblast_uk, raion_uk (codifier names, «Київська»);
    ``settlements``: dicts with code, name_uk, name_en. Settlements are matched by name inside
    the hromada file; an outline is kept only when its label point is in the hromada."""
    raion_file, outline, hromada_file = find_hromada(source, hromada["code"], oblast_uk=hromada["oblast_uk"],
                                                     raion_uk=hromada["raion_uk"])
    h_geom = polygons.simplify_geometry(outline["geometry"], tolerance_m)
    features = [{"type": "Feature", "geometry": h_geom, "properties": {
        "level": "hromada", "code": hromada["code"], "name_uk": hromada["name_uk"], "name_en": hromada["name_en"],
        "osm": (outline.get("properties") or {}).get("@id")}}]
    result = BoundaryResult({}, source_files=[raion_file] + ([hromada_file] if hromada_file else []))
    by_name: dict[str, list[dict]] = {}
    for s in settlements:
        by_name.setdefault(_key(s["name_uk"]), []).append(s)
    fc = source.read(hromada_file) if hromada_file else {"features": []}
    points = _osm_points(fc)
    outlined: set[str] = set()
    for f in fc.get("features", []):
        props = f.get("properties") or {}
        matches = by_name.get(_key(str(props.get("name", ""))), [])
        if len(matches) != 1 or matches[0]["code"] in outlined:
            continue  # not a settlement of the codifier here, or an ambiguous name
        geom = polygons.simplify_geometry(f.get("geometry") or {}, tolerance_m)
        spot = polygons.label_point(geom)
        if geom is None or spot is None or not polygons.within(outline["geometry"], *spot, SETTLEMENT_MARGIN_M):
            continue
        s = matches[0]
        outlined.add(s["code"])
        features.append({"type": "Feature", "geometry": geom, "properties": {
            "level": "settlement", "code": s["code"], "name_uk": s["name_uk"], "name_en": s["name_en"],
            "osm": props.get("@id"), "label": [round(spot[1], 5), round(spot[0], 5)]}})
        lat, lon = polygons.centroid(geom)
        result.positions[s["code"]] = (round(float(lat), 6), round(float(lon), 6), f"centroid of the OSM outline {props.get('@id')}")
    for s in settlements:
        if s["code"] in outlined:
            continue
        result.without_outline.append(s["code"])
        point = points.get(_key(s["name_uk"]))
        if point and polygons.within(outline["geometry"], point[0], point[1], SETTLEMENT_MARGIN_M):
            result.positions[s["code"]] = point
            features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [point[1], point[0]]},
                             "properties": {"level": "settlement_point", "code": s["code"], "name_uk": s["name_uk"],
                                            "name_en": s["name_en"], "osm": point[2].split()[-1]}})
    result.collection = {
        "type": "FeatureCollection",
        "source": f"{SOURCE_NAME} ({', '.join('geodata/' + n for n in result.source_files)}"
                  + (f", commit {rev}" if (rev := source.revision()) else "") + "), derived from OpenStreetMap",
        "licence": LICENCE,
        "credit": CREDIT,
        "simplified": f"Douglas–Peucker, tolerance {tolerance_m:g} m, coordinates rounded to 5 decimals",
        "features": features,
    }
    return result


def write_boundaries(folder: Path, result: BoundaryResult, *, names: dict[str, str]) -> Path:
    """Write ``boundaries.geojson`` and ``SOURCE.md`` into ``folder``; ``names``: code -> name
    of every settlement, for the note on those without an outline."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / FILE_NAME
    path.write_text(json.dumps(result.collection, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    fc = result.collection
    outlined = [f["properties"]["name_uk"] for f in fc["features"] if f["properties"]["level"] == "settlement"]
    missing = [names.get(c, c) + (" (point: OSM node)" if c in result.positions else " (no point either)")
               for c in result.without_outline]
    (folder / "SOURCE.md").write_text(
        f"# Boundaries of this hromada\n\n"
        f"`{FILE_NAME}`: {fc['source']}; built {date.today().isoformat()} by "
        f"`python -m data_access add-hromada`.\n\n"
        f"- Licence: {fc['licence']}.\n- Every map that draws these outlines credits «{CREDIT}».\n"
        f"- Simplified: {fc['simplified']}.\n"
        f"- Hromada outline: OSM {fc['features'][0]['properties']['osm']}.\n"
        f"- Settlement outlines: {', '.join(outlined) or 'none'}.\n"
        f"- No settlement outline in the source (a circle on the map where coordinates are known): "
        f"{', '.join(missing) or 'none'}.\n", encoding="utf-8")
    return path


def positions_from(collection: dict) -> dict[str, tuple[float, float, str]]:
    """Settlement code -> (lat, lon, how it was found) from a boundaries file: the centroid of
    its outline, else its OSM node."""
    out = {}
    for f in collection.get("features", []):
        props = f.get("properties") or {}
        geom = f.get("geometry") or {}
        if props.get("level") == "settlement" and (c := polygons.centroid(geom)):
            out[props["code"]] = (round(c[0], 6), round(c[1], 6), f"centroid of the OSM outline {props.get('osm')}")
        elif props.get("level") == "settlement_point" and geom.get("type") == "Point":
            lon, lat = geom["coordinates"][:2]
            out.setdefault(props["code"], (lat, lon, f"OSM node {props.get('osm')}"))
    return out
