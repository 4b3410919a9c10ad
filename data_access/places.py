"""Hromadas and settlements as the filters and maps need them."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, select

from data_access import schema

# One hromada (its id) or a selection of them (a tuple of ids: several hromadas, a raion, an oblast). Every
# aggregate data function takes it as ``hromada_id`` and counts the selection as one area; what cannot be
# pooled across hromadas (survey estimates, priorities, meeting packs) takes one id.
HromadaSelection = int | tuple[int, ...]


def selection_ids(hromada_id: HromadaSelection) -> tuple[int, ...]:
    """The ids of a selection, sorted (one id gives a tuple of one)."""
    if isinstance(hromada_id, (tuple, list, set, frozenset)):
        return tuple(sorted({int(h) for h in hromada_id}))
    return (int(hromada_id),)


def in_hromadas(column, hromada_id: HromadaSelection):
    """A WHERE clause limiting ``column`` (a hromada id column) to one hromada or a selection."""
    ids = selection_ids(hromada_id)
    return column == ids[0] if len(ids) == 1 else column.in_(ids)


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


def settlements(engine: Engine, *, hromada_id: HromadaSelection) -> pd.DataFrame:
    """The settlements of one hromada or of a selection. Columns: id, code, name_uk, name_en, kind, population,
    population_date, population_includes_idp, lat, lon, hromada_id. Ordered: city first, then by population."""
    s = schema.settlement
    q = (
        select(
            s.c.id, s.c.code, s.c.name_uk, s.c.name_en, s.c.kind, s.c.population, s.c.population_date,
            s.c.population_includes_idp, s.c.lat, s.c.lon, s.c.hromada_id,
        )
        .where(in_hromadas(s.c.hromada_id, hromada_id))
        .order_by(s.c.population.desc().nulls_last(), s.c.name_uk)
    )
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(q).mappings().all(), columns=[c.name for c in q.selected_columns])


def in_settlements(column, settlement_ids: tuple[int, ...] | None):
    """A WHERE clause limiting ``column`` to the chosen settlements (None = all)."""
    return column.in_(settlement_ids) if settlement_ids else True
