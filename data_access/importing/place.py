"""The hromada an import goes into: its id, and its settlements, bounds and partners for the row checks."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import Connection, Engine, func, select

from data_access import schema
from data_access.importing.aliases import norm_value

EXPAND_KM = 5.0
KM_PER_DEG_LAT = 111.0


@dataclass(frozen=True)
class Place:
    """What the checks need to know about the hromada being imported into."""

    hromada_id: int
    settlement_by_code: dict[str, int]
    settlement_by_name: dict[str, int]
    settlement_names: str  # accepted names for messages
    bounds: tuple[float, float, float, float] | None  # south, west, north, east (expanded)
    partner_by_key: dict[str, int] = field(default_factory=dict)  # normalised external id or name -> id
    hromada_code: str | None = None  # KATOTTG code (its hromada.toml holds the request-deadline settings)


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
    """Settlements, bounds and partners of a hromada, for the row checks."""
    s = schema.settlement
    rows = conn.execute(select(s.c.id, s.c.code, s.c.name_uk, s.c.name_en, s.c.lat, s.c.lon)
                        .where(s.c.hromada_id == hromada_id).order_by(s.c.name_uk)).all()
    by_name: dict[str, int] = {}
    for r in rows:
        for name in (r.name_uk, r.name_en):
            by_name[norm_value(name)] = r.id
    h = conn.execute(select(schema.hromada.c.center_lat, schema.hromada.c.center_lon, schema.hromada.c.code)
                     .where(schema.hromada.c.id == hromada_id)).one()
    bounds = bounds_of([(r.lat, r.lon) for r in rows] + [(h.center_lat, h.center_lon)])
    p = schema.partner
    partners: dict[str, int] = {}
    for r in conn.execute(select(p.c.id, p.c.external_id, p.c.name_uk, p.c.name_en).where(p.c.hromada_id == hromada_id)):
        for key in (r.name_en, r.name_uk, r.external_id):
            partners[norm_value(key)] = r.id
    return Place(hromada_id, {r.code.upper(): r.id for r in rows}, by_name, ", ".join(r.name_uk for r in rows),
                 bounds, partners, h.code)


def default_hromada_id(conn: Connection) -> int:
    return conn.execute(select(func.min(schema.hromada.c.id))).scalar_one()


def hromada_id_for(engine: Engine, code: str | None) -> int | None:
    """The id of the hromada with KATOTTG ``code`` (or the first hromada when no code is given)."""
    with engine.connect() as conn:
        if not code:
            return default_hromada_id(conn)
        return conn.execute(select(schema.hromada.c.id).where(schema.hromada.c.code == code)).scalar_one_or_none()
