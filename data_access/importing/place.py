"""The hromada an import goes into: its id, and its settlements, area and partners for the row checks.

The area is the hromada's outline from ``assets/hromadas/<code>/boundaries.geojson`` (OSM) with a
margin of ``BOUNDARY_MARGIN_M`` metres (deployment setting, default 300 m: GPS error, the 30 m
simplification and OSM's own accuracy). A hromada without an outline falls back to the box around
its settlement points, widened by 5 km.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import Connection, Engine, func, select

from data_access import schema
from data_access.importing.aliases import norm_value
from data_access.reference import boundaries
from data_access.settings import deployment_setting
from domain import polygons

EXPAND_KM = 5.0
KM_PER_DEG_LAT = 111.0
DEFAULT_MARGIN_M = 300.0


@dataclass(frozen=True)
class Place:
    """What the checks need to know about the hromada being imported into."""

    hromada_id: int
    settlement_by_code: dict[str, int]
    settlement_by_name: dict[str, int]
    settlement_names: dict[str, str]  # accepted names for messages: {"uk": "Буча, …", "en": "Bucha, …"}
    bounds: tuple[float, float, float, float] | None  # south, west, north, east (expanded)
    partner_by_key: dict[str, int] = field(default_factory=dict)  # normalised external id or name -> id
    hromada_code: str | None = None  # KATOTTG code (its hromada.toml holds the request-deadline settings)
    outline: dict | None = None  # the hromada's (Multi)Polygon; when given it replaces ``bounds``
    margin_m: float = DEFAULT_MARGIN_M
    settlement_outlines: tuple[tuple[int, dict], ...] = ()  # (settlement id, (Multi)Polygon)

    def inside(self, lats, lons) -> np.ndarray:
        """For each point: within the hromada (outline + margin, else the widened box)."""
        lats, lons = np.asarray(lats, dtype=float), np.asarray(lons, dtype=float)
        if self.outline is not None:
            return polygons.within_points(self.outline, lats, lons, self.margin_m)
        if self.bounds is None:
            return np.ones(lats.shape, dtype=bool)
        south, west, north, east = self.bounds
        return (lats >= south) & (lats <= north) & (lons >= west) & (lons <= east)

    def settlement_at(self, lats, lons) -> np.ndarray:
        """For each point: the id of the settlement whose outline contains it, else NaN."""
        out = np.full(np.shape(lats), np.nan)
        for sid, geometry in self.settlement_outlines:
            hit = np.isnan(out) & polygons.contains_points(geometry, lats, lons)
            out[hit] = sid
        return out


def margin_m() -> float:
    """The ``BOUNDARY_MARGIN_M`` setting in metres (default 300; a bad value is the default)."""
    value = deployment_setting("BOUNDARY_MARGIN_M")
    try:
        return max(float(value), 0.0) if value else DEFAULT_MARGIN_M
    except ValueError:
        return DEFAULT_MARGIN_M


def bounds_of(points: list[tuple[float, float]], expand_km: float = EXPAND_KM):
    """The bounding box of ``points`` expanded by ``expand_km`` on each side (None without points)."""
    pts = [(a, b) for a, b in points if a is not None and b is not None]
    if not pts:
        return None
    lats = [p[0] for p in pts]
    lons = [p[1] for p in pts]
    dlat = expand_km / KM_PER_DEG_LAT
    dlon = expand_km / (KM_PER_DEG_LAT * np.cos(np.radians(np.mean(lats))))
    return (min(lats) - dlat, min(lons) - dlon, max(lats) + dlat, max(lons) + dlon)


def place(conn: Connection, hromada_id: int) -> Place:
    """Settlements, area (outline or bounds) and partners of a hromada, for the row checks."""
    s = schema.settlement
    rows = conn.execute(select(s.c.id, s.c.code, s.c.name_uk, s.c.name_en, s.c.lat, s.c.lon)
                        .where(s.c.hromada_id == hromada_id).order_by(s.c.name_uk)).all()
    by_name: dict[str, int] = {}
    for r in rows:
        for name in (r.name_uk, r.name_en):
            by_name[norm_value(name)] = r.id
    h = conn.execute(select(schema.hromada.c.code, schema.hromada.c.center_lat, schema.hromada.c.center_lon)
                     .where(schema.hromada.c.id == hromada_id)).one()
    bounds = bounds_of([(r.lat, r.lon) for r in rows] + [(h.center_lat, h.center_lon)])
    shapes = boundaries(h.code) or {}
    levels = [((f.get("properties") or {}).get("level"), (f.get("properties") or {}).get("code"), f.get("geometry"))
              for f in shapes.get("features", [])]
    outline = next((g for level, _, g in levels if level == "hromada" and polygons.polygons_of(g)), None)
    ids = {r.code: r.id for r in rows}
    settlement_outlines = tuple((ids[code], g) for level, code, g in levels
                                if level == "settlement" and code in ids and polygons.polygons_of(g))
    p = schema.partner
    partners: dict[str, int] = {}
    for r in conn.execute(select(p.c.id, p.c.external_id, p.c.name_uk, p.c.name_en).where(p.c.hromada_id == hromada_id)):
        for key in (r.name_en, r.name_uk, r.external_id):
            partners[norm_value(key)] = r.id
    names = {"uk": ", ".join(r.name_uk for r in rows),
             "en": ", ".join(r.name_en or r.name_uk for r in sorted(rows, key=lambda r: r.name_en or r.name_uk))}
    return Place(hromada_id, {r.code.upper(): r.id for r in rows}, by_name, names,
                 bounds, partners, h.code, outline=outline, margin_m=margin_m(), settlement_outlines=settlement_outlines)


def default_hromada_id(conn: Connection) -> int:
    return conn.execute(select(func.min(schema.hromada.c.id))).scalar_one()


def hromada_id_for(engine: Engine, code: str | None) -> int | None:
    """The id of the hromada with KATOTTG ``code`` (or the first hromada when no code is given)."""
    with engine.connect() as conn:
        if not code:
            return default_hromada_id(conn)
        return conn.execute(select(schema.hromada.c.id).where(schema.hromada.c.code == code)).scalar_one_or_none()
