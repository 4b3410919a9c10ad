"""Counts per hromada of a selection (several hromadas, a raion, an oblast) for comparing them fairly."""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import Engine, func, select

from data_access import schema
from data_access.incidents import in_period

COLUMNS = ["hromada_id", "code", "name_uk", "name_en", "raion_uk", "raion_en", "oblast_uk", "oblast_en",
           "population", "population_date", "incidents"]


def incidents_by_hromada(engine: Engine, *, hromada_ids: tuple[int, ...], start: date, end: date,
                         group: str = "community", categories: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Incidents that occurred from ``start`` to ``end`` (Kyiv dates, inclusive; one known only to its month
    or year counts where the period holds all of it, data_access.incidents.in_period) in each hromada of
    ``hromada_ids``, in a category group (or only ``categories``); every hromada of the selection is a row,
    0 where it has none. Columns: see COLUMNS (``population`` may be empty: the rate is then not known)."""
    h, i = schema.hromada, schema.incident
    counted = select(i.c.hromada_id, func.count().label("incidents")).where(
        i.c.hromada_id.in_(hromada_ids), in_period(start, end), i.c.category_group == group)
    if categories:
        counted = counted.where(i.c.category.in_(categories))
    counted = counted.group_by(i.c.hromada_id).subquery()
    q = (select(h.c.id.label("hromada_id"), h.c.code, h.c.name_uk, h.c.name_en, h.c.raion_uk, h.c.raion_en,
                h.c.oblast_uk, h.c.oblast_en, h.c.population, h.c.population_date,
                func.coalesce(counted.c.incidents, 0).label("incidents"))
         .outerjoin(counted, counted.c.hromada_id == h.c.id).where(h.c.id.in_(hromada_ids)).order_by(h.c.name_uk))
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(q).all(), columns=COLUMNS)
