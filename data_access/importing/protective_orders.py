"""The protective_orders kind: domestic-violence protective orders (Law No. 2229-VIII «Про запобігання
та протидію домашньому насильству»: urgent barring orders by the police, art. 25; restrictive orders
by a court, art. 26) with their breaches (КУпАП art. 173-2, КК art. 390-1). No field names a person:
whether the protected person had an earlier order is the source's yes/no ``repeat_victim``."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection

from data_access import schema
from data_access.importing.checks import Checker
from data_access.importing.parse import FALSE, date_or_none
from data_access.importing.store import Batch, checked_rows, int_or_none, upsert
from domain.dates import week_start


def check(c: Checker) -> None:
    """Fields and place; a breach cannot precede the order; a breach date means the order was breached."""
    c.parse_all()
    c.settlements()
    c.order("issued_date", "breach_date")
    breach_date = c.values.get("breach_date")
    if breach_date is not None:
        breached = c.values["breached"] if "breached" in c.values else pd.Series(False, index=c.frame.index)
        said_no = c.raw("breached").str.lower().isin(FALSE - {""})
        c.add(breach_date.notna() & said_no, "breach_date", "breach_date_without_breach", value=lambda v: v)
        c.values["breached"] = breached | breach_date.notna()
    c.duplicates()


def write(conn: Connection, values: pd.DataFrame, batch: Batch) -> None:
    """Insert or update the good rows in ``protective_order``."""
    rows = []
    for r in checked_rows(values):
        issued = date_or_none(r.issued_date)
        rows.append({
            **batch.columns, "external_id": r.external_id, "settlement_id": int_or_none(r.settlement_id),
            "issued_date": issued, "issued_week": week_start(issued), "kind": r.kind,
            "breached": bool(getattr(r, "breached", False)), "breach_date": date_or_none(getattr(r, "breach_date", None)),
            "repeat_victim": bool(getattr(r, "repeat_victim", False)),
        })
    upsert(conn, schema.protective_order, rows)
