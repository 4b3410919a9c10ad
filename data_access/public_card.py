"""The data of the residents' public report card (pages/public.py, the poster): only what a visitor
who has not signed in may see — aggregates of whole hromadas, public events, the hromada's
published contacts. Nothing here returns a record, free text typed about a request or an
incident, or a place finer than a settlement (docs/privacy.md, "The public report card").

The other figures of the card come from the partner-safe functions the dashboard already has
(data_access.requests.counts_by, data_access.surveys, data_access.priorities.indicator_data,
data_access.incidents.hromada_by_code),
always for the whole hromada; display.public_card puts them together and applies
domain.visibility.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date

import pandas as pd
from sqlalchemy import Engine, and_, func, select

from data_access import schema
from data_access.reference import HROMADAS_DIR

A, PR = schema.activity, schema.priority


def _frame(conn, q) -> pd.DataFrame:
    return pd.DataFrame(conn.execute(q).all(), columns=[c.name for c in q.selected_columns])


def current_priorities(engine: Engine, *, hromada_id: int, on: date) -> pd.DataFrame:
    """The hromada's priorities running on ``on`` (start ≤ on ≤ end), earliest start first — the
    fields a resident may read, without the description or who typed it.

    Columns: id, title_uk, title_en, start_date, end_date, agreed_via, agreed_on, is_demo."""
    q = (select(PR.c.id, PR.c.title_uk, PR.c.title_en, PR.c.start_date, PR.c.end_date, PR.c.agreed_via,
                PR.c.agreed_on, PR.c.is_demo)
         .where(PR.c.hromada_id == hromada_id, PR.c.start_date <= on, PR.c.end_date >= on)
         .order_by(PR.c.start_date, PR.c.id))
    with engine.connect() as conn:
        return _frame(conn, q)


def public_activities_by_day(engine: Engine, *, hromada_id: int, start: date, end: date,
                             kinds: tuple[str, ...]) -> pd.DataFrame:
    """Partner activities of the public ``kinds`` (public events) linked to a priority, per priority,
    day and kind, from ``start`` to ``end`` (months are formed from it in display.public_card).
    No title, place or point leaves this function.

    Columns: priority_id, date, kind, activities."""
    q = (select(A.c.priority_id, A.c.date, A.c.kind, func.count().label("activities"))
         .where(and_(A.c.hromada_id == hromada_id, A.c.priority_id.is_not(None), A.c.date.between(start, end),
                     A.c.kind.in_(kinds)))
         .group_by(A.c.priority_id, A.c.date, A.c.kind)
         .order_by(A.c.priority_id, A.c.date, A.c.kind))
    with engine.connect() as conn:
        out = _frame(conn, q)
    out["activities"] = out["activities"].astype(int)
    return out


def prosecutor_contacts(hromada_code: str) -> dict | None:
    """The ``[community_prosecutor]`` table of ``assets/hromadas/<code>/hromada.toml``: office,
    address, phone, email (each ``*_uk`` / ``*_en`` where it has words), ``reception`` (list of
    days, hours, place) and ``mobile_reception`` (the same plus a settlement code), ``demo``
    (True while the file holds placeholders). None when the file has no such table."""
    if not re.fullmatch(r"UA\d{17}", hromada_code or ""):  # a code from a URL names a folder: nothing else
        return None
    path = HROMADAS_DIR / hromada_code / "hromada.toml"
    if not path.exists():
        return None
    with path.open("rb") as fh:
        found = tomllib.load(fh).get("community_prosecutor")
    if not found:
        return None
    return {**found, "demo": bool(found.get("demo", False)), "reception": list(found.get("reception", [])),
            "mobile_reception": list(found.get("mobile_reception", []))}
