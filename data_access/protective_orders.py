"""Domestic-violence protective orders counted by kind: issued, breached, repeat victims (aggregates only;
the table has no field that identifies a person)."""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import Engine, case, func, select

from data_access import schema
from data_access.places import HromadaSelection, in_hromadas, in_settlements

PO = schema.protective_order


def protective_order_counts(engine: Engine, *, hromada_id: HromadaSelection, start: date, end: date,
                            settlement_ids: tuple[int, ...] | None = None) -> pd.DataFrame:
    """Orders issued from ``start`` to ``end`` (inclusive) by kind.

    Columns: kind (key of assets/reference/protective_order_kinds.csv), orders, breached (of those
    orders, how many were breached, whenever), repeat_victims (orders protecting a person who had
    an earlier order). Only kinds with at least one order are listed."""
    q = (
        select(PO.c.kind, func.count().label("orders"),
               func.coalesce(func.sum(case((PO.c.breached, 1), else_=0)), 0).label("breached"),
               func.coalesce(func.sum(case((PO.c.repeat_victim, 1), else_=0)), 0).label("repeat_victims"))
        .where(in_hromadas(PO.c.hromada_id, hromada_id), PO.c.issued_date >= start, PO.c.issued_date <= end,
               in_settlements(PO.c.settlement_id, settlement_ids))
        .group_by(PO.c.kind).order_by(PO.c.kind)
    )
    with engine.connect() as conn:
        rows = conn.execute(q).all()
    out = pd.DataFrame(rows, columns=["kind", "orders", "breached", "repeat_victims"])
    return out.astype({"orders": int, "breached": int, "repeat_victims": int})
