"""The partners kind: its row checks, its writer (into ``partner``) and when its undo is refused."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, func, select

from data_access import schema
from data_access.importing.checks import Checker
from data_access.importing.store import Batch, checked_rows, upsert


def check(c: Checker) -> None:
    """Fields; the English name defaults to the Ukrainian one, active to yes."""
    c.parse_all()
    name_en = c.values.get("name_en")
    c.values["name_en"] = name_en.where(name_en.notna(), c.values["name_uk"]) if name_en is not None else c.values["name_uk"]
    if c.has("active"):
        c.values["active"] = c.values["active"] | (c.raw("active") == "")
    else:
        c.values["active"] = True
    c.duplicates()


def write(conn: Connection, values: pd.DataFrame, batch: Batch) -> None:
    """Insert or update the good rows in ``partner``."""
    upsert(conn, schema.partner, [{**batch.columns, "external_id": r.external_id, "name_uk": r.name_uk,
                                   "name_en": r.name_en, "kind": r.kind, "active": bool(r.active)}
                                  for r in checked_rows(values)])


def refuse_undo(conn: Connection, batch_id: int) -> None:
    """Undo is refused (ValueError ``undo_partners_in_use``) while requests of other batches are
    forwarded to partners of this batch."""
    p, r = schema.partner, schema.resident_request
    used = conn.execute(select(func.count()).select_from(r).join(p, p.c.id == r.c.forwarded_partner_id)
                        .where(p.c.import_batch_id == batch_id, r.c.import_batch_id != batch_id)).scalar_one()
    if used:
        raise ValueError("undo_partners_in_use")
