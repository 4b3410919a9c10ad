"""The requests kind: its row checks and its writer (the hromada's request register into ``resident_request``)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import Connection

from data_access import schema
from data_access.importing.aliases import norm_value
from data_access.importing.checks import Checker
from data_access.importing.parse import date_or_none, dt_or_none
from data_access.importing.store import Batch, checked_rows, int_or_none, upsert
from data_access.records import request_values
from data_access.reference import reference_table


def check(c: Checker) -> None:
    """Fields, place and dates; the term from the topic; an extension within 45 days; the partner
    forwarded to; the status from the answer date."""
    c.parse_all()
    c.settlements()
    c.order("received_at", "answered_at")
    topics = reference_table("request_topics").set_index("key")
    days = c.values["deadline_days"] if "deadline_days" in c.values else pd.Series(np.nan, index=c.frame.index)
    c.add(days.notna() & ~days.isin([15, 30, 45]), "deadline_days", "bad_deadline_days", value=lambda v: v)
    default = c.values["topic"].map(lambda k: int(topics.at[k, "deadline_days"]) if isinstance(k, str) else 30)
    c.values["deadline_days"] = days.where(days.notna() & days.isin([15, 30]), default)
    ext = c.values.get("extended_due_date")
    if ext is not None:
        received = c.values["received_at"].dt.normalize()
        c.add(ext.notna() & received.notna() & (ext > received + pd.Timedelta(days=45)),
              "extended_due_date", "extended_too_long", value=lambda v: v)
        c.add(ext.notna() & received.notna() & (ext < received), "extended_due_date", "end_before_start",
              other=c.label("received_at"))
    forwarded = c.values.get("forwarded_to")
    if forwarded is not None:
        pid = forwarded.map(lambda v: c.place.partner_by_key.get(norm_value(v)) if isinstance(v, str) else None)
        c.add(forwarded.notna() & pid.isna(), "forwarded_to", "unknown_partner", value=lambda v: v)
        c.values["forwarded_partner_id"] = pid
    status = c.values["status"] if "status" in c.values else pd.Series(None, index=c.frame.index)
    answered = c.values["answered_at"] if "answered_at" in c.values else pd.Series(pd.NaT, index=c.frame.index)
    inferred = pd.Series(np.where(answered.notna(), "answered", "open"), index=c.frame.index)
    c.values["status"] = status.where(status.notna(), inferred)
    c.add((c.values["status"] == "answered") & answered.isna() & (c.raw("status") != ""), "answered_at",
          "answered_without_date")
    c.duplicates()


def write(conn: Connection, values: pd.DataFrame, batch: Batch) -> None:
    """Insert or update the good rows in ``resident_request`` (with the legal due date)."""
    has_fwd = "forwarded_partner_id" in values.columns
    rows = []
    for r in checked_rows(values):
        fwd = getattr(r, "forwarded_partner_id", None) if has_fwd else None
        rows.append(request_values(
            received_at=dt_or_none(r.received_at), deadline_days=int(r.deadline_days),
            extended_due_date=date_or_none(r.extended_due_date), answered_at=dt_or_none(r.answered_at),
            external_id=r.external_id, settlement_id=int_or_none(r.settlement_id),
            channel=r.channel, type=r.type, topic=r.topic, status=r.status, forwarded_partner_id=int_or_none(fwd),
            forwarded_at=date_or_none(r.received_at) if fwd is not None else None,
            extended_at=None, partner_answered_at=None, collective=bool(r.collective), **batch.columns))
    upsert(conn, schema.resident_request, rows)
