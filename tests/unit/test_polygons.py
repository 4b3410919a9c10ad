"""Point in polygon with a margin, distances, centroids and simplification (domain/polygons.py),
checked against hand-computed shapes."""

from __future__ import annotations

import math

import numpy as np

from domain import polygons

# A 0.02° square (≈ 1.42 km east–west, 2.22 km north–south at 50° N) with a 0.01° hole.
LAT0, LON0 = 50.0, 30.0
SQUARE = [[LON0, LAT0], [LON0 + 0.02, LAT0], [LON0 + 0.02, LAT0 + 0.02], [LON0, LAT0 + 0.02], [LON0, LAT0]]
HOLE = [[LON0 + 0.005, LAT0 + 0.005], [LON0 + 0.015, LAT0 + 0.005], [LON0 + 0.015, LAT0 + 0.015],
        [LON0 + 0.005, LAT0 + 0.015], [LON0 + 0.005, LAT0 + 0.005]]
WITH_HOLE = {"type": "Polygon", "coordinates": [SQUARE, HOLE]}
M_PER_DEG_LAT = math.pi * 6_371_008.8 / 180


def test_inside_outside_and_in_the_hole():
    assert polygons.contains(WITH_HOLE, LAT0 + 0.002, LON0 + 0.002)
    assert not polygons.contains(WITH_HOLE, LAT0 + 0.01, LON0 + 0.01)  # in the hole
    assert not polygons.contains(WITH_HOLE, LAT0 - 0.001, LON0 + 0.01)
    multi = {"type": "MultiPolygon", "coordinates": [[SQUARE], [[[x + 1, y] for x, y in SQUARE]]]}
    assert polygons.contains(multi, LAT0 + 0.01, LON0 + 1.01)
    assert not polygons.contains({"type": "Point", "coordinates": [LON0, LAT0]}, LAT0, LON0)


def test_margin_in_metres_south_of_the_edge():
    # 100 m south of the southern edge: 100 / 111,195 m per degree of latitude.
    lat = LAT0 - 100 / M_PER_DEG_LAT
    d = polygons.distance_to_edge_m(WITH_HOLE, lat, LON0 + 0.01)
    assert abs(d - 100) < 0.5
    assert not polygons.within(WITH_HOLE, lat, LON0 + 0.01, margin_m=90)
    assert polygons.within(WITH_HOLE, lat, LON0 + 0.01, margin_m=110)
    assert not polygons.within(WITH_HOLE, lat, LON0 + 0.01)


def test_centroid_bounds_and_label_point():
    square = {"type": "Polygon", "coordinates": [SQUARE]}
    lat, lon = polygons.centroid(square)
    assert abs(lat - (LAT0 + 0.01)) < 1e-9 and abs(lon - (LON0 + 0.01)) < 1e-9
    assert polygons.bounds([square]) == (LAT0, LON0, LAT0 + 0.02, LON0 + 0.02)
    # The frame around the hole: the centroid is in the hole, the label point is not.
    spot = polygons.label_point(WITH_HOLE)
    assert polygons.contains(WITH_HOLE, *spot)


def test_simplification_drops_wiggles_within_the_tolerance_and_keeps_corners():
    # The square's southern edge with 200 points wiggling ±5 m north–south.
    xs = np.linspace(LON0, LON0 + 0.02, 200)
    wiggle = [[x, LAT0 + (5 if i % 2 else -5) / M_PER_DEG_LAT] for i, x in enumerate(xs)]
    ring = wiggle + SQUARE[2:4] + [wiggle[0]]
    simple = polygons.simplify_geometry({"type": "Polygon", "coordinates": [ring]}, tolerance_m=20)
    kept = simple["coordinates"][0]
    assert len(kept) <= 6 and kept[0] == kept[-1]
    assert [LON0 + 0.02, LAT0 + 0.02] in kept and [LON0, LAT0 + 0.02] in kept
    # A tolerance below the wiggle keeps them.
    fine = polygons.simplify_geometry({"type": "Polygon", "coordinates": [ring]}, tolerance_m=2)
    assert polygons.vertex_count(fine) > 150
    # A ring smaller than the tolerance disappears.
    tiny = [[LON0, LAT0], [LON0 + 1e-5, LAT0], [LON0 + 1e-5, LAT0 + 1e-5], [LON0, LAT0]]
    assert polygons.simplify_geometry({"type": "Polygon", "coordinates": [tiny]}, tolerance_m=50) is None
