"""Hromadas and settlements as the filters and maps need them."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, select

from data_access import schema


def hromadas(engine: Engine) -> pd.DataFrame:
    """Columns: id, code, name_uk, name_en, raion_uk, raion_en, oblast_uk, oblast_en, population, population_date,
    population_includes_idp, center_lat, center_lon. Ordered by Ukrainian name."""
    h = schema.hromada
    q = select(
        h.c.id, h.c.code, h.c.name_uk, h.c.name_en, h.c.raion_uk, h.c.raion_en, h.c.oblast_uk, h.c.oblast_en,
        h.c.population,
        h.c.population_date, h.c.population_includes_idp, h.c.center_lat, h.c.center_lon,
    ).order_by(h.c.id)
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(q).mappings().all(), columns=[c.name for c in q.selected_columns])


def settlements(engine: Engine, *, hromada_id: int) -> pd.DataFrame:
    """Columns: id, code, name_uk, name_en, kind, population, population_date,
    population_includes_idp, lat, lon. Ordered: city first, then by population."""
    s = schema.settlement
    q = (
        select(
            s.c.id, s.c.code, s.c.name_uk, s.c.name_en, s.c.kind, s.c.population, s.c.population_date,
            s.c.population_includes_idp, s.c.lat, s.c.lon,
        )
        .where(s.c.hromada_id == hromada_id)
        .order_by(s.c.population.desc().nulls_last(), s.c.name_uk)
    )
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(q).mappings().all(), columns=[c.name for c in q.selected_columns])


def in_settlements(column, settlement_ids: tuple[int, ...] | None):
    """A WHERE clause limiting ``column`` to the chosen settlements (None = all)."""
    return column.in_(settlement_ids) if settlement_ids else True
