"""GeoJSON polygons in plain numpy: point in polygon (with a margin in metres), distance to the
edge, centroid, bounds, and Douglas–Peucker simplification for a small map payload.

Coordinates are GeoJSON order, ``[lon, lat]`` in WGS84 degrees. Distances use a local
equirectangular projection around the point (error well under 1 % across a hromada, tens of km),
which is plenty for a margin of tens or hundreds of metres.
"""

from __future__ import annotations

import math

import numpy as np

from domain.geo import EARTH_RADIUS_M

M_PER_DEG = math.pi * EARTH_RADIUS_M / 180.0  # metres per degree of latitude (≈ 111.2 km)


def polygons_of(geometry: dict | None) -> list[list[np.ndarray]]:
    """The polygons of a Polygon or MultiPolygon geometry: each a list of rings, each ring an
    (n, 2) array of [lon, lat]; the first ring is the outer one, the rest are holes. Other
    geometry types (points, lines) have no polygons."""
    if not geometry:
        return []
    kind, coords = geometry.get("type"), geometry.get("coordinates") or []
    if kind == "Polygon":
        parts = [coords]
    elif kind == "MultiPolygon":
        parts = coords
    else:
        return []
    return [[np.asarray(ring, dtype=float)[:, :2] for ring in poly if len(ring) >= 4] for poly in parts if poly]


def _ring_contains(ring: np.ndarray, lons: np.ndarray, lats: np.ndarray) -> np.ndarray:
    """Even–odd ray casting for many points at once (one pass over the ring's edges)."""
    inside = np.zeros(lons.shape, dtype=bool)
    for (x1, y1), (x2, y2) in zip(ring[:-1], ring[1:], strict=True):
        if y1 == y2:
            continue
        crosses = (y1 > lats) != (y2 > lats)
        x_at = x1 + (lats - y1) * (x2 - x1) / (y2 - y1)
        inside ^= crosses & (lons < x_at)
    return inside


def contains_points(geometry: dict | None, lats, lons) -> np.ndarray:
    """For each point: inside the (Multi)Polygon and outside its holes."""
    lats, lons = np.asarray(lats, dtype=float), np.asarray(lons, dtype=float)
    out = np.zeros(lats.shape, dtype=bool)
    for poly in polygons_of(geometry):
        if not poly:
            continue
        inside = _ring_contains(poly[0], lons, lats)
        for hole in poly[1:]:
            inside &= ~_ring_contains(hole, lons, lats)
        out |= inside
    return out


def contains(geometry: dict | None, lat: float, lon: float) -> bool:
    """True when the point lies inside the (Multi)Polygon and outside its holes."""
    return bool(contains_points(geometry, [lat], [lon])[0])


def distance_to_edge_points_m(geometry: dict | None, lats, lons) -> np.ndarray:
    """For each point: metres to the nearest edge of the (Multi)Polygon (inf without polygons)."""
    lats, lons = np.asarray(lats, dtype=float), np.asarray(lons, dtype=float)
    best = np.full(lats.shape, np.inf)
    kx = M_PER_DEG * np.cos(np.radians(lats))
    for poly in polygons_of(geometry):
        for ring in poly:
            for (x1, y1), (x2, y2) in zip(ring[:-1], ring[1:], strict=True):
                ax, ay = (x1 - lons) * kx, (y1 - lats) * M_PER_DEG
                dx, dy = (x2 - x1) * kx, (y2 - y1) * M_PER_DEG
                length2 = dx * dx + dy * dy
                with np.errstate(divide="ignore", invalid="ignore"):
                    t = np.where(length2 > 0, -(ax * dx + ay * dy) / length2, 0.0)
                t = np.clip(t, 0.0, 1.0)
                np.minimum(best, np.hypot(ax + t * dx, ay + t * dy), out=best)
    return best


def distance_to_edge_m(geometry: dict | None, lat: float, lon: float) -> float:
    """Metres from the point to the nearest edge of the (Multi)Polygon (inf without polygons)."""
    return float(distance_to_edge_points_m(geometry, [lat], [lon])[0])


def within_points(geometry: dict | None, lats, lons, margin_m: float = 0.0) -> np.ndarray:
    """For each point: inside the polygon, or outside it by at most ``margin_m`` metres."""
    lats, lons = np.asarray(lats, dtype=float), np.asarray(lons, dtype=float)
    inside = contains_points(geometry, lats, lons)
    box = bounds([geometry])
    if margin_m > 0 and box is not None and not inside.all():
        # Only points within the margin of the bounding box can be within the margin of an edge.
        dlat = margin_m / M_PER_DEG
        dlon = dlat / max(math.cos(math.radians(max(abs(box[0]), abs(box[2])))), 1e-6)
        near = (~inside & (lats >= box[0] - dlat) & (lats <= box[2] + dlat)
                & (lons >= box[1] - dlon) & (lons <= box[3] + dlon))
        inside[near] = distance_to_edge_points_m(geometry, lats[near], lons[near]) <= margin_m
    return inside


def within(geometry: dict | None, lat: float, lon: float, margin_m: float = 0.0) -> bool:
    """Inside the polygon, or outside it by at most ``margin_m`` metres."""
    return bool(within_points(geometry, [lat], [lon], margin_m)[0])


def _ring_area_centroid(ring: np.ndarray) -> tuple[float, float, float]:
    """Signed shoelace area (degrees², fine for weights) and centroid (lon, lat) of a ring."""
    x0, y0 = ring[0]
    x, y = ring[:, 0] - x0, ring[:, 1] - y0  # relative to a vertex: no cancellation at 30°, 50°
    x2, y2 = np.roll(x, -1), np.roll(y, -1)
    cross = x * y2 - x2 * y
    area = cross.sum() / 2.0
    if area == 0:
        return 0.0, float(x.mean() + x0), float(y.mean() + y0)
    return (area, float(((x + x2) * cross).sum() / (6 * area) + x0),
            float(((y + y2) * cross).sum() / (6 * area) + y0))


def centroid(geometry: dict | None) -> tuple[float, float] | None:
    """(lat, lon) of the area-weighted centroid of the (Multi)Polygon, holes subtracted; None
    without polygons. (For a crescent-shaped area it may fall outside; see ``label_point``.)"""
    total = sx = sy = 0.0
    for poly in polygons_of(geometry):
        for i, ring in enumerate(poly):
            area, cx, cy = _ring_area_centroid(ring)
            weight = abs(area) * (-1 if i else 1)
            total += weight
            sx += weight * cx
            sy += weight * cy
    if total == 0:
        return None
    return sy / total, sx / total


def label_point(geometry: dict | None) -> tuple[float, float] | None:
    """(lat, lon) where a name label goes: the centroid when it lies inside the area, otherwise
    the middle of the widest inside stretch of the east–west line through the centroid."""
    c = centroid(geometry)
    if c is None or contains(geometry, *c):
        return c
    lat = c[0]
    xs = []
    for poly in polygons_of(geometry):
        for ring in poly:
            x, y = ring[:, 0], ring[:, 1]
            x2, y2 = np.roll(x, -1), np.roll(y, -1)
            crosses = (y > lat) != (y2 > lat)
            with np.errstate(divide="ignore", invalid="ignore"):
                xs += list((x + (lat - y) * (x2 - x) / (y2 - y))[crosses])
    xs.sort()
    spans = [(b - a, (a + b) / 2) for a, b in zip(xs[::2], xs[1::2], strict=False)]
    return (lat, max(spans)[1]) if spans else c


def bounds(geometries) -> tuple[float, float, float, float] | None:
    """(south, west, north, east) of all polygon vertices of the given geometries, or None."""
    rings = [ring for g in geometries for poly in polygons_of(g) for ring in poly]
    if not rings:
        return None
    allpts = np.concatenate(rings)
    return (float(allpts[:, 1].min()), float(allpts[:, 0].min()), float(allpts[:, 1].max()), float(allpts[:, 0].max()))


def _douglas_peucker(xy: np.ndarray, tolerance: float) -> np.ndarray:
    """Indices kept by Douglas–Peucker on an open polyline (iterative, no recursion limit)."""
    keep = np.zeros(len(xy), dtype=bool)
    keep[0] = keep[-1] = True
    stack = [(0, len(xy) - 1)]
    while stack:
        start, end = stack.pop()
        if end <= start + 1:
            continue
        a, b = xy[start], xy[end]
        seg = b - a
        pts = xy[start + 1:end] - a
        norm = math.hypot(*seg)
        if norm == 0:
            d = np.hypot(pts[:, 0], pts[:, 1])
        else:
            d = np.abs(seg[0] * pts[:, 1] - seg[1] * pts[:, 0]) / norm
        i = int(np.argmax(d))
        if d[i] > tolerance:
            mid = start + 1 + i
            keep[mid] = True
            stack += [(start, mid), (mid, end)]
    return np.flatnonzero(keep)


def simplify_ring(ring, tolerance_m: float, digits: int = 5) -> list[list[float]] | None:
    """A closed ring simplified by Douglas–Peucker (tolerance in metres), coordinates rounded to
    ``digits`` decimals (5 ≈ 1 m); None when fewer than 3 distinct corners would remain."""
    pts = np.asarray(ring, dtype=float)[:, :2]
    if len(pts) < 4:
        return None
    lat0 = float(pts[:, 1].mean())
    xy = np.column_stack([pts[:, 0] * M_PER_DEG * math.cos(math.radians(lat0)), pts[:, 1] * M_PER_DEG])
    # A closed ring has no natural end points: split it at the vertex farthest from the first one.
    far = int(np.argmax(np.hypot(*(xy - xy[0]).T)))
    first = _douglas_peucker(xy[:far + 1], tolerance_m)
    second = _douglas_peucker(xy[far:], tolerance_m) + far
    idx = np.concatenate([first, second[1:]])
    out = np.round(pts[idx], digits)
    out = out[np.r_[True, np.any(np.diff(out, axis=0) != 0, axis=1)]]  # no repeated vertices
    if len(out) < 4:
        return None
    out[-1] = out[0]
    return out.tolist()


def simplify_geometry(geometry: dict, tolerance_m: float, digits: int = 5) -> dict | None:
    """A (Multi)Polygon simplified ring by ring; holes and parts that collapse are dropped;
    None when nothing is left. Returns a Polygon for one part, else a MultiPolygon."""
    parts = []
    for poly in polygons_of(geometry):
        rings = [simplify_ring(r, tolerance_m, digits) for r in poly]
        if rings and rings[0] is not None:
            parts.append([rings[0]] + [r for r in rings[1:] if r is not None])
    if not parts:
        return None
    if len(parts) == 1:
        return {"type": "Polygon", "coordinates": parts[0]}
    return {"type": "MultiPolygon", "coordinates": parts}


def vertex_count(geometry: dict | None) -> int:
    """Number of vertices of a (Multi)Polygon (for size reports)."""
    return sum(len(ring) for poly in polygons_of(geometry) for ring in poly)
