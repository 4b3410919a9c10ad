"""The folium maps: offline assets only, translated layers and legend, escaped data, small pages."""

from __future__ import annotations

import re

import folium
import numpy as np
import pandas as pd
import pytest

from display.maps import (
    RATE_COLOURS,
    Classes,
    MapChrome,
    activity_map,
    community_map,
    make_classes,
    settlement_code_from_tooltip,
)
from domain.geo import cell_of
from tests.samples import IMG, SCRIPT
from tests.samples import map_settlements as settlements

ASSET_LINK = re.compile(r"<(?:script|link)\b[^>]*\b(?:src|href)\s*=\s*[\"']?(https?:)?//", re.IGNORECASE)


def cells(n: int) -> pd.DataFrame:
    r0, c0 = cell_of(50.45, 29.95)
    side = int(np.ceil(np.sqrt(n)))
    idx = np.arange(n)
    count = (idx % 17) + 1
    return pd.DataFrame({
        "cell_row": r0 + idx // side,
        "cell_col": c0 + idx % side,
        "count": count,
        "display_count": ["< 5" if c < 5 else str(c) for c in count],
    })


def render(m: folium.Map) -> str:
    return m.get_root().render()


def unescaped(page: str) -> str:
    """The page with JSON \\uXXXX escapes turned back into characters (what the browser sees)."""
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda mt: chr(int(mt.group(1), 16)), page)


def layer_names(m: folium.Map) -> list[str]:
    return [child.layer_name for child in m._children.values() if isinstance(child, folium.FeatureGroup)]


def full_map(lang: str = "uk", n_cells: int = 50) -> folium.Map:
    c = cells(n_cells)
    heat = pd.DataFrame({"lat": [50.55, 50.56], "lon": [30.2, 30.21], "weight": [3, 7]})
    points = pd.DataFrame({"lat": [50.55, 50.551], "lon": [30.2, 30.201], "label": [SCRIPT, "ст. 185 КК"]})
    return community_map(lang=lang, settlements=settlements(), value_label="Правопорушення" if lang == "uk" else "Offences",
                         cells=c, heat=heat, points=points)


def test_html_loads_no_asset_from_the_internet():
    page = render(full_map())
    assert not ASSET_LINK.search(page), ASSET_LINK.search(page).group(0)
    assert "/app/static/vendor/leaflet/leaflet.js" in page
    assert "/app/static/vendor/leaflet.markercluster/leaflet.markercluster.js" in page
    assert "/app/static/vendor/leaflet.heat/leaflet_heat.min.js" in page
    for cdn_only in ("jquery", "bootstrap", "font-awesome", "fontawesome", "awesome-markers", "d3.min.js", "d3.v"):
        assert cdn_only not in page.lower()


def test_offline_assets_exist_in_static():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "static" / "vendor"
    for rel in ("leaflet/leaflet.js", "leaflet/leaflet.css", "leaflet/images/layers.png",
                "leaflet.markercluster/leaflet.markercluster.js", "leaflet.markercluster/MarkerCluster.css",
                "leaflet.markercluster/MarkerCluster.Default.css", "leaflet.heat/leaflet_heat.min.js"):
        assert (root / rel).stat().st_size > 0, rel


def test_folium_classes_are_left_unchanged():
    full_map()
    assert any("cdn" in url for _, url in folium.Map.default_js)


@pytest.mark.parametrize(("lang", "names"), [
    ("uk", ["Квадрати ~500 м", "Теплова карта", "Населені пункти", "Назви населених пунктів", "Місця подій"]),
    ("en", ["Grid cells ~500 m", "Heat map", "Settlements", "Settlement names", "Incident locations"]),
])
def test_layers_have_translated_names(lang, names):
    m = full_map(lang)
    assert layer_names(m) == names
    assert any(isinstance(c, folium.LayerControl) for c in m._children.values())
    page = unescaped(render(m))
    for name in names:
        assert name in page


def test_map_has_max_zoom_without_tiles():
    m = full_map()
    assert m.options["max_zoom"] == 18
    assert '"maxZoom": 18' in render(m)


def test_malicious_names_are_escaped():
    page = render(full_map())
    for raw in (SCRIPT, IMG, "<img", "onerror=alert(1)>"):
        assert raw not in page
        assert raw not in unescaped(page)  # not even once the JSON strings are decoded
    # escaped (&lt;), then JSON-encoded by folium (\u0026lt;): shown as text in the browser
    assert "\\u0026lt;script\\u0026gt;alert(1)" in page
    activities = pd.DataFrame({"lat": [50.55], "lon": [30.2], "label": [SCRIPT], "kind_label": [IMG]})
    page = render(activity_map(lang="uk", activities=activities, settlements=settlements()))
    assert SCRIPT not in page and IMG not in page


def test_legend_uses_ukrainian_decimal_comma():
    m = full_map("uk")
    legend = next(c for c in m._children.values() if isinstance(c, MapChrome))
    assert "на 10 000 мешканців" in legend.inner_html
    assert re.search(r"\d+,\d", legend.inner_html)
    assert not re.search(r"\d+\.\d", legend.inner_html)
    assert "немає даних" in legend.inner_html  # a settlement with no rate
    assert "&lt; 5" in legend.inner_html  # suppressed cells have their own class
    assert "32,4" in render(m) or "25,0" in render(m)
    en = next(c for c in full_map("en")._children.values() if isinstance(c, MapChrome))
    assert re.search(r"\d+\.\d", en.inner_html) and "per 10,000 residents" in en.inner_html


def test_tooltip_shows_translated_formatted_values():
    page = render(community_map(lang="uk", settlements=settlements(), value_label="Правопорушення"))
    decoded = unescaped(page)
    assert "На 10 000 мешканців: 32,4" in decoded
    assert "Зміна до попереднього періоду: +25" in decoded
    assert "Правопорушення: &lt; 5" in decoded  # display_count, not the count


def test_cells_layer_has_one_feature_per_row():
    c = cells(123)
    m = community_map(lang="uk", settlements=settlements(), value_label="x", cells=c)
    group = next(ch for ch in m._children.values() if isinstance(ch, folium.FeatureGroup))
    geojson = next(ch for ch in group._children.values() if isinstance(ch, folium.GeoJson))
    features = geojson.data["features"]
    assert len(features) == len(c)
    assert all(f["geometry"]["type"] == "Polygon" for f in features)


def test_html_for_3000_cells_stays_under_2_mb():
    size = len(render(full_map(n_cells=3000)).encode("utf-8"))
    assert size < 2_000_000, size


def test_boundaries_replace_circles_for_matched_settlements():
    s = settlements()
    lat, lon = s.loc[0, "lat"], s.loc[0, "lon"]
    square = [[lon - 0.01, lat - 0.01], [lon + 0.01, lat - 0.01], [lon + 0.01, lat + 0.01], [lon - 0.01, lat + 0.01],
              [lon - 0.01, lat - 0.01]]
    boundaries = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"code": s.loc[0, "code"]}, "geometry": {"type": "Polygon", "coordinates": [square]}},
        {"type": "Feature", "properties": {"code": "UA00000000000000000"}, "geometry": {"type": "Polygon", "coordinates": [square]}},
    ]}
    m = community_map(lang="uk", settlements=s, value_label="x", boundaries=boundaries)
    group = next(ch for ch in m._children.values() if isinstance(ch, folium.FeatureGroup))
    layers = [ch for ch in group._children.values() if isinstance(ch, folium.GeoJson)]
    kinds = sorted(f["geometry"]["type"] for layer in layers for f in layer.data["features"])
    assert kinds == ["Point", "Point", "Point", "Polygon"]  # one polygon, the rest stay circles


def test_clicked_tooltip_text_gives_the_settlement_code():
    assert settlement_code_from_tooltip("\n  [[UA32080030010065311]]Буча Правопорушення: 12") == "UA32080030010065311"
    assert settlement_code_from_tooltip("Буча [[UA1]]") is None
    assert settlement_code_from_tooltip(None) is None
    assert settlement_code_from_tooltip("Правопорушення у цьому квадраті 7") is None


def test_classes_are_quantiles_with_a_small_count_class():
    values = pd.Series([1, 2, 3, 10, 20, 30, 40, 50])
    small = values < 5
    classes = make_classes(values, ("a", "b", "c", "d", "e"), digits=0, small=small)
    assert isinstance(classes, Classes) and classes.small_class
    assert classes.index(2, small=True) == 0
    assert classes.index(50) == len(classes.colours) - 1
    assert make_classes(pd.Series([np.nan]), ("a",), digits=1).edges == ()
    one = make_classes(pd.Series([4.0, 4.0]), ("a", "b", "c"), digits=1)
    assert one.index(4.0) == 0 and len(one.colours) == 1


def test_activity_map_colours_kinds_and_lists_them_in_the_legend():
    activities = pd.DataFrame({"lat": [50.55, 50.56], "lon": [30.2, 30.21], "label": ["Зустріч", "Лекція"],
                               "kind_label": ["Зустріч з мешканцями", "Лекція у школі"]})
    m = activity_map(lang="uk", activities=activities, settlements=settlements())
    assert layer_names(m) == ["Населені пункти", "Назви населених пунктів", "Заходи партнерів"]
    legend = next(c for c in m._children.values() if isinstance(c, MapChrome))
    assert "Зустріч з мешканцями" in legend.inner_html and "Лекція у школі" in legend.inner_html


# --------------------------------------------------------------------------- real boundaries (assets)

OSM = "© OpenStreetMap contributors, ODbL"


def _bucha_boundaries() -> dict:
    import json

    from data_access.reference import HROMADAS_DIR
    from tests.samples import BUCHA_CODE

    return json.loads((HROMADAS_DIR / BUCHA_CODE / "boundaries.geojson").read_text(encoding="utf-8"))


def _every_map_with_bucha_boundaries() -> dict[str, folium.Map]:
    from data_access.reference import boundaries
    from display.survey_charts import settlement_share_map
    from tests.samples import BUCHA_CODE, bucha_settlements

    b = boundaries(BUCHA_CODE)
    s = bucha_settlements()
    acts = pd.DataFrame({"lat": [50.55], "lon": [30.21], "label": ["Зустріч"], "kind_label": ["Зустріч з мешканцями"]})
    return {
        "community": community_map(lang="uk", settlements=s, value_label="Правопорушення", boundaries=b),
        "activity": activity_map(lang="uk", activities=acts, settlements=s, boundaries=b),
        "survey": settlement_share_map(s, "uk", value_label="Почуваються безпечно", boundaries=b),
    }


def test_shipped_bucha_boundaries_are_sourced_osm_outlines():
    fc = _bucha_boundaries()
    assert "darmat1/ukraine-geo-data" in fc["source"] and "ODbL" in fc["licence"] and fc["credit"] == OSM
    levels = [(f["properties"]["level"], f["properties"]["name_uk"]) for f in fc["features"]]
    assert levels[0] == ("hromada", "Бучанська міська територіальна громада")
    assert {name for level, name in levels if level == "settlement"} == {"Буча", "Ворзель"}
    # Small enough to send with every map: the source's three outlines hold ~1,480 vertices.
    from domain.polygons import vertex_count
    assert sum(vertex_count(f["geometry"]) for f in fc["features"]) < 500


@pytest.mark.parametrize("which", ["community", "activity", "survey"])
def test_every_map_draws_the_outline_names_and_credit(which):
    m = _every_map_with_bucha_boundaries()[which]
    page = unescaped(render(m))
    outline = _bucha_boundaries()["features"][0]["geometry"]["coordinates"][0]
    # The hromada outline's vertices are in the page, in folium's GeoJSON ("[lon, lat]").
    for lon, lat in outline[:: max(len(outline) // 5, 1)]:
        assert f"[{lon}, {lat}]" in page, (lon, lat)
    assert OSM in page and "attributionControl.addAttribution" in page
    for name in ("Буча", "Ворзель", "Блиставиця", "Луб&#x27;янка"):  # outlines and located points
        assert f'"{name}"' in page or f"{name}</span>" in page, name
    if which != "survey":  # the survey map has no layer control
        assert "Межі громади й назви" in page
    assert not ASSET_LINK.search(page)


def test_settlement_outlines_are_shaded_and_a_map_without_boundaries_owes_no_credit():
    from data_access.reference import boundaries
    from tests.samples import BUCHA_CODE, bucha_settlements

    m = community_map(lang="uk", settlements=bucha_settlements(), value_label="x", boundaries=boundaries(BUCHA_CODE))
    group = next(ch for ch in m._children.values() if isinstance(ch, folium.FeatureGroup))
    shaded = [f["properties"] for layer in group._children.values() if isinstance(layer, folium.GeoJson)
              for f in layer.data["features"] if f["geometry"]["type"] != "Point"]
    assert len(shaded) == 2 and all(p["c"] in RATE_COLOURS for p in shaded)
    assert OSM not in unescaped(render(community_map(lang="uk", settlements=bucha_settlements(), value_label="x")))


def test_map_payload_with_boundaries_stays_small():
    sizes = {k: len(render(m).encode()) for k, m in _every_map_with_bucha_boundaries().items()}
    assert max(sizes.values()) < 60_000, sizes
