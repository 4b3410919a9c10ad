"""The requests kind: its row checks and its writer (the hromada's request register into ``resident_request``)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import Connection

from data_access import schema
from data_access.importing.aliases import norm_value
from data_access.importing.checks import Checker
from data_access.importing.messages import error
from data_access.importing.parse import date_or_none, dt_or_none
from data_access.importing.store import Batch, checked_rows, int_or_none, upsert
from data_access.records import request_values, topic_needs_study
from data_access.reference import hromada_calendar
from domain.legal_terms import EXPLICIT_DAYS, DeadlineError, due_for

# domain.legal_terms' error key -> (field, import error code)
_TERM_ERRORS = {
    "deadline.bad_term": ("deadline_days", "bad_deadline_days"),
    "deadline.fixed_by_law": ("deadline_days", "deadline_fixed_by_law"),
    "deadline.extension_before_due": ("extended_due_date", "extension_before_due"),
    "deadline.extension_too_long": ("extended_due_date", "extended_too_long"),
    "deadline.extension_not_allowed": ("extended_due_date", "extension_not_allowed"),
}
_EVENTS = ("answered_at", "sent_by_competence_at", "erdr_registered_at")


def _optional(c: Checker, name: str, empty=None) -> pd.Series:
    return c.values[name] if name in c.values else pd.Series(empty, index=c.frame.index, dtype=object)


def check(c: Checker) -> None:
    """Fields, place and dates; each row's legal term and extension (domain.legal_terms); events not before
    receipt; no sending by competence for a crime report; the partner a task went to; the status."""
    c.parse_all()
    c.settlements()
    for event in _EVENTS:
        c.order("received_at", event)
    if "needs_study" in c.values:  # empty: the topic's default
        c.values["needs_study"] = c.values["needs_study"].astype(object).where(c.raw("needs_study") != "", None)
    days = _optional(c, "deadline_days", np.nan)
    c.add(days.notna() & ~days.between(*EXPLICIT_DAYS), "deadline_days", "bad_deadline_days", value=lambda v: v)
    crime = c.values["type"] == "crime_report"
    c.add(crime & _optional(c, "sent_by_competence_at").notna(), "sent_by_competence_at", "crime_report_not_sent")
    _check_terms(c, days)
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


def _check_terms(c: Checker, days: pd.Series) -> None:
    """Each row's term and extension by its type's legal clock; a row the law does not allow is rejected
    with the reason (never a traceback)."""
    cal = hromada_calendar(c.place.hromada_code)
    study, ext, urgent = _optional(c, "needs_study"), _optional(c, "extended_due_date"), _optional(c, "urgent")
    for idx in c.frame.index:
        kind, received = c.values.at[idx, "type"], c.values.at[idx, "received_at"]
        bad_days = pd.notna(days.at[idx]) and not EXPLICIT_DAYS[0] <= days.at[idx] <= EXPLICIT_DAYS[1]
        if not isinstance(kind, str) or pd.isna(received) or bad_days:
            continue
        needs = study.at[idx] if study.at[idx] is not None else topic_needs_study(c.values.at[idx, "topic"])
        try:
            due_for(kind, received.to_pydatetime(), needs_study=bool(needs),
                    deadline_days=None if pd.isna(days.at[idx]) else int(days.at[idx]),
                    extended_due=date_or_none(ext.at[idx]), urgent=bool(urgent.at[idx]), cal=cal)
        except DeadlineError as err:
            name, code = _TERM_ERRORS[err.key]
            params = {k: str(v) for k, v in err.params.items()}
            c.errors.setdefault(idx, []).append(error(
                name, code, field=c.label(name), value=c.raw(name).at[idx], type=kind, **params))


def write(conn: Connection, values: pd.DataFrame, batch: Batch) -> None:
    """Insert or update the good rows in ``resident_request`` (with the legal due date)."""
    has_fwd = "forwarded_partner_id" in values.columns
    cal = hromada_calendar(conn.execute(schema.hromada.select().where(schema.hromada.c.id == batch.hromada_id))
                           .one().code)
    rows = []
    for r in checked_rows(values):
        fwd = getattr(r, "forwarded_partner_id", None) if has_fwd else None
        days = getattr(r, "deadline_days", None)
        study = getattr(r, "needs_study", None)
        rows.append(request_values(
            received_at=dt_or_none(r.received_at), type=r.type, topic=r.topic,
            needs_study=None if study is None else bool(study), deadline_days=int_or_none(days),
            extended_due_date=date_or_none(getattr(r, "extended_due_date", None)),
            urgent=bool(getattr(r, "urgent", False)), answered_at=dt_or_none(r.answered_at),
            sent_by_competence_at=dt_or_none(getattr(r, "sent_by_competence_at", None)),
            sent_to=getattr(r, "sent_to", None), erdr_registered_at=dt_or_none(getattr(r, "erdr_registered_at", None)),
            outcome=getattr(r, "outcome", None), privileged=bool(getattr(r, "privileged", False)), cal=cal,
            external_id=r.external_id, settlement_id=int_or_none(r.settlement_id),
            channel=r.channel, status=r.status, forwarded_partner_id=int_or_none(fwd),
            forwarded_at=date_or_none(r.received_at) if fwd is not None else None,
            extended_at=None, partner_answered_at=None, collective=bool(r.collective), **batch.columns))
    upsert(conn, schema.resident_request, rows)
