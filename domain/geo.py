"""The ~500 m grid that generalises locations, and distances on the Earth's surface."""

from __future__ import annotations

import math

import numpy as np

# Grid cells of about 500 m x 500 m around 50° N: 0.0045° of latitude ≈ 500 m,
# 0.007° of longitude ≈ 500 m at 50° N. Cells are indexed from (0, 0) at lat 0, lon 0.
CELL_LAT_DEG = 0.0045
CELL_LON_DEG = 0.007

EARTH_RADIUS_M = 6_371_008.8


def cell_of(lat: float | None, lon: float | None) -> tuple[int | None, int | None]:
    """The grid cell (row, col) that contains a point; (None, None) without a point."""
    if lat is None or lon is None or (isinstance(lat, float) and math.isnan(lat)):
        return None, None
    return math.floor(lat / CELL_LAT_DEG), math.floor(lon / CELL_LON_DEG)


def cell_bounds(row: int, col: int) -> tuple[float, float, float, float]:
    """(south, west, north, east) of a grid cell."""
    return (row * CELL_LAT_DEG, col * CELL_LON_DEG, (row + 1) * CELL_LAT_DEG, (col + 1) * CELL_LON_DEG)


def cell_center(row: int, col: int) -> tuple[float, float]:
    """(lat, lon) of a grid cell's centre."""
    return (row + 0.5) * CELL_LAT_DEG, (col + 0.5) * CELL_LON_DEG


def haversine_m(lat1, lon1, lat2, lon2):
    """Great-circle distance in metres (vectorised over numpy arrays)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp = p2 - p1
    dl = np.radians(np.asarray(lon2) - np.asarray(lon1))
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def bounding_box(lat: float, lon: float, radius_m: float) -> tuple[float, float, float, float]:
    """(lat_min, lat_max, lon_min, lon_max) that contains the circle (a cheap SQL pre-filter)."""
    dlat = math.degrees(radius_m / EARTH_RADIUS_M) * 1.01
    dlon = dlat / max(math.cos(math.radians(lat)), 1e-6)
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon
