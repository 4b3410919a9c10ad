"""Where the demo happens: the real and synthetic hromadas, their settlements and hot spots."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd
from sqlalchemy import and_, delete, exists, select

from data_access import reference, schema
from data_access.demo.frame import KM_PER_DEG_LAT, MISSING_POPULATION, SYNTHETIC_PREFIX

BUCHA_CODE = "UA32080070000050759"
BUCHA_CITY = "UA32080070010087821"
VORZEL = "UA32080070030073716"
BUCHA_HOTSPOTS = [  # (settlement code, lat, lon, weight, sigma_m, label)
    (BUCHA_CITY, 50.54889, 30.22139, 0.40, 110, "Залізнична станція Буча"),
    (BUCHA_CITY, 50.5530, 30.2135, 0.35, 110, "Торговельний район у центрі міста"),
    (BUCHA_CITY, 50.5455, 30.2040, 0.25, 110, "Міський парк"),
]
BUCHA_LIGHTING_SPOT = (VORZEL, 50.5410, 30.1490, 1.0, 200, "Неосвітлені вулиці, Ворзель")
SETTLEMENT_COLUMNS = ["id", "code", "name_uk", "name_en", "kind", "population", "lat", "lon"]


@dataclass
class Hotspot:
    """A place where street offences cluster (or, for the lighting spot, the unlit streets)."""

    settlement: int  # index into Place.settlements
    lat: float
    lon: float
    weight: float
    sigma_m: float
    label: str


@dataclass
class Place:
    """One hromada of the demo with its settlements (largest first) and hot spots."""

    number: int  # 1 = the real hromada
    hromada_id: int
    code: str
    name_uk: str
    settlements: pd.DataFrame  # id, code, name_uk, name_en, kind, population, lat, lon (largest first)
    hotspots: list[Hotspot] = field(default_factory=list)
    lighting_spot: Hotspot | None = None
    lighting_settlement: int | None = None

    @property
    def population(self) -> int:
        return int(self.settlements["population"].sum())


def real_hromada_codes() -> list[str]:
    """Codes of the real hromadas shipped in assets (hromada 1 of the demo is the first)."""
    return [p.name for p in reference.hromada_dirs()]


def place_from_db(conn, number: int, code: str, rng: np.random.Generator) -> Place | None:
    """The hromada ``code`` as stored, with hot spots; None when it or its settlements are missing."""
    h = conn.execute(select(schema.hromada).where(schema.hromada.c.code == code)).mappings().first()
    if h is None:
        return None
    s = schema.settlement
    st = pd.DataFrame(conn.execute(select(*(s.c[c] for c in SETTLEMENT_COLUMNS))
                                   .where(s.c.hromada_id == h["id"]).order_by(s.c.code)).mappings().all(),
                      columns=SETTLEMENT_COLUMNS)
    if st.empty:
        return None
    st["population"] = st["population"].fillna(MISSING_POPULATION).astype(int)
    st["lat"] = pd.to_numeric(st["lat"], errors="coerce").astype(float)  # NaN: position not known
    st["lon"] = pd.to_numeric(st["lon"], errors="coerce").astype(float)
    st = st.sort_values(["population", "code"], ascending=[False, True], kind="stable").reset_index(drop=True)
    place = Place(number, int(h["id"]), code, h["name_uk"], st)
    _add_hotspots(place, rng)
    return place


def _km_away(lat0: float, lon0: float, r_km: float, angle: float) -> tuple[float, float]:
    """The point ``r_km`` kilometres from (lat0, lon0) in direction ``angle`` (radians from east)."""
    return (lat0 + r_km * math.sin(angle) / KM_PER_DEG_LAT,
            lon0 + r_km * math.cos(angle) / (KM_PER_DEG_LAT * math.cos(math.radians(lat0))))


def _add_hotspots(place: Place, rng: np.random.Generator) -> None:
    st = place.settlements
    pos = {c: i for i, c in enumerate(st["code"])}
    if place.code == BUCHA_CODE and BUCHA_CITY in pos:
        place.hotspots = [Hotspot(pos[code], *spot) for code, *spot in BUCHA_HOTSPOTS]
        if VORZEL in pos:
            code, *spot = BUCHA_LIGHTING_SPOT
            place.lighting_settlement = pos[code]
            place.lighting_spot = Hotspot(pos[code], *spot)
    else:
        # Around the largest settlement whose position is known (none known: no hot spots and no
        # lighting spot — no place is made up).
        located = [i for i in range(len(st)) if math.isfinite(st.loc[i, "lat"]) and math.isfinite(st.loc[i, "lon"])]
        if not located:
            return
        first = located[0]
        lat0, lon0 = float(st.loc[first, "lat"]), float(st.loc[first, "lon"])
        labels = ["Залізнична станція", "Ринок", "Парк"]
        for i, w in enumerate((0.4, 0.35, 0.25)):
            la, lo = _km_away(lat0, lon0, rng.uniform(0.5, 1.5), rng.uniform(0, 2 * math.pi))
            place.hotspots.append(Hotspot(first, round(la, 5), round(lo, 5), w, 110, labels[i]))
        if len(located) < 2:
            return
    if place.lighting_settlement is None and len(st) > 1:
        i = next(i for i in range(1, len(st)) if math.isfinite(st.loc[i, "lat"]) and math.isfinite(st.loc[i, "lon"])
                 and i != place.hotspots[0].settlement) if place.code != BUCHA_CODE else 1
        la, lo = float(st.loc[i, "lat"]) + 0.003, float(st.loc[i, "lon"]) + 0.004
        place.lighting_settlement = i
        place.lighting_spot = Hotspot(i, round(la, 5), round(lo, 5), 1.0, 200, f"Неосвітлені вулиці, {st.loc[i, 'name_uk']}")


def synthetic_place(conn, number: int, rng: np.random.Generator, today: date) -> Place:
    """Create or update the synthetic hromada ``number`` (DEMO-NNNN) and its settlements."""
    code = f"{SYNTHETIC_PREFIX}{number:04d}"
    total = int(round(math.exp(rng.uniform(math.log(5000), math.log(150000)))))
    n_set = int(rng.integers(5, 16))
    shares = rng.dirichlet(np.full(n_set - 1, 1.5)) * rng.uniform(0.3, 0.6)
    shares = np.concatenate([[1 - shares.sum()], shares])
    pops = np.maximum(np.round(shares * total).astype(int), 80)
    lat0, lon0 = rng.uniform(45.5, 52.0), rng.uniform(23.0, 40.0)
    hrow = {"code": code, "name_uk": f"Демо-громада {number}", "name_en": f"Demo hromada {number}",
            "raion_uk": "Демо-район", "raion_en": "Demo raion", "oblast_uk": "Демо-область", "oblast_en": "Demo oblast",
            "population": int(pops.sum()), "population_date": today, "population_includes_idp": False,
            "population_source": "demo: synthetic", "center_lat": round(lat0, 5), "center_lon": round(lon0, 5)}
    hid = conn.execute(select(schema.hromada.c.id).where(schema.hromada.c.code == code)).scalar()
    if hid is None:
        hid = conn.execute(schema.hromada.insert().values(**hrow)).inserted_primary_key[0]
    else:
        conn.execute(schema.hromada.update().where(schema.hromada.c.id == hid).values(**hrow))
    main_kind = "city" if pops[0] >= 10000 else "settlement"
    rows = []
    for i in range(n_set):
        r_km, ang = (0.0, 0.0) if i == 0 else (rng.uniform(3, 15), rng.uniform(0, 2 * math.pi))
        la, lo = _km_away(lat0, lon0, r_km, ang)
        kind = main_kind if i == 0 else "village"
        name_uk = f"Демо-місто {number}" if i == 0 and kind == "city" else (
            f"Демо-селище {number}" if i == 0 else f"Демо-село {number}-{i + 1}")
        name_en = f"Demo town {number}" if i == 0 else f"Demo village {number}-{i + 1}"
        rows.append({"hromada_id": hid, "code": f"{code}-{i + 1:02d}", "name_uk": name_uk, "name_en": name_en,
                     "kind": kind, "population": int(pops[i]), "population_date": today,
                     "population_includes_idp": False, "population_source": "demo: synthetic",
                     "lat": round(la, 5), "lon": round(lo, 5)})
    existing = dict(conn.execute(select(schema.settlement.c.code, schema.settlement.c.id)
                                 .where(schema.settlement.c.hromada_id == hid)).all())
    for row in rows:
        if row["code"] in existing:
            conn.execute(schema.settlement.update().where(schema.settlement.c.id == existing[row["code"]]).values(**row))
        else:
            conn.execute(schema.settlement.insert().values(**row))
    stale = [sid for c, sid in existing.items() if c not in {r["code"] for r in rows}]
    if stale:
        _delete_unreferenced(conn, schema.settlement, stale)
    place = place_from_db(conn, number, code, rng)
    assert place is not None
    return place


def _delete_unreferenced(conn, table, ids: list[int]) -> None:
    """Delete rows of ``table`` by id unless some other table still refers to them."""
    conds = [table.c.id.in_(ids)]
    for other in schema.metadata.sorted_tables:
        for fk in other.foreign_keys:
            if fk.column.table is table and other is not table:
                conds.append(~exists().where(fk.parent == table.c.id))
    conn.execute(delete(table).where(and_(*conds)))


def drop_unused_synthetic(conn, keep: set[str]) -> None:
    """Delete synthetic hromadas (and their settlements) not in ``keep`` unless something refers to them."""
    h = schema.hromada
    stale = conn.execute(select(h.c.id, h.c.code).where(h.c.code.like(f"{SYNTHETIC_PREFIX}%"))).all()
    stale_ids = [hid for hid, code in stale if code not in keep]
    if not stale_ids:
        return
    sids = conn.execute(select(schema.settlement.c.id).where(schema.settlement.c.hromada_id.in_(stale_ids))).scalars().all()
    if sids:
        _delete_unreferenced(conn, schema.settlement, list(sids))
    _delete_unreferenced(conn, h, stale_ids)
