"""Writing records: derived columns (Kyiv calendar fields, grid cell, legal due date) and batches.

Every writer of records (import, demo, tests) goes through these, so derived columns are
computed one way only.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import lru_cache

import numpy as np
import pandas as pd
from sqlalchemy import Connection

from data_access import schema
from data_access.reference import reference_table
from domain.dates import KYIV, PRECISIONS, calendar_fields, span_of, to_utc_naive
from domain.geo import CELL_LAT_DEG, CELL_LON_DEG, cell_of
from domain.legal_terms import WorkCalendar, due_for


def upsert(conn: Connection, table):
    """``INSERT`` for the connection's dialect, with ``on_conflict_do_update`` (PostgreSQL and
    SQLite spell it the same way in SQLAlchemy, from different modules)."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(table)


def utc_now() -> datetime:
    """Now as naive UTC (the storage convention)."""
    return datetime.now(UTC).replace(tzinfo=None)


def new_batch(conn: Connection, *, kind: str, source: str, file_name: str | None = None,
              file_hash: str | None = None, created_by: str | None = None, is_demo: bool = False,
              hromada_id: int | None = None) -> int:
    """Open an import batch (for ``hromada_id``, None for one spanning hromadas) and return its id
    (counts are filled in by :func:`close_batch`)."""
    return conn.execute(schema.import_batch.insert().values(
        kind=kind, source=source, file_name=file_name, file_hash=file_hash, created_at=utc_now(),
        created_by=created_by, is_demo=is_demo, status="committed",
        rows_total=0, rows_imported=0, rows_updated=0, rows_rejected=0,
        **({"hromada_id": hromada_id} if hromada_id is not None else {}),  # (tests write batches at old revisions)
    )).inserted_primary_key[0]


def close_batch(conn: Connection, batch_id: int, *, total: int, imported: int, updated: int, rejected: int) -> None:
    """Record a batch's row counts."""
    conn.execute(schema.import_batch.update().where(schema.import_batch.c.id == batch_id).values(
        rows_total=total, rows_imported=imported, rows_updated=updated, rows_rejected=rejected,
    ))


def incident_values(*, occurred_at: datetime, lat: float | None = None, lon: float | None = None,
                    reported_at: datetime | None = None, precision: str = "day", time_known: bool = True,
                    **fields) -> dict:
    """Column values for an incident row: times to naive UTC, Kyiv calendar fields, grid cell.

    ``occurred_at`` may be aware, or naive meaning Kyiv local time. ``precision`` says how exactly the
    date is known (domain.dates.PRECISIONS): a ``month`` or ``year`` date is stored as the first day
    of its month or year, and ``occurred_until`` is the last day it may stand for (the day itself for
    ``day``). ``time_known`` False (always so for a coarse date): only the day is known — stored at
    Kyiv midnight, which is no time of day (the hour views leave such records out).
    """
    time_known = bool(time_known) and precision == "day"
    if not time_known:
        local = occurred_at.astimezone(KYIV) if occurred_at.tzinfo else occurred_at
        first, _last = span_of(local.date(), precision)
        occurred_at = datetime(first.year, first.month, first.day)
    occurred = to_utc_naive(occurred_at)
    cal = calendar_fields(occurred)
    reported = to_utc_naive(reported_at) if reported_at else None
    reg = calendar_fields(reported) if reported else {"date": None, "week": None}
    row, col = cell_of(lat, lon)
    return {
        **fields,
        "occurred_at": occurred,
        "reported_at": reported, "reported_date": reg["date"], "reported_week": reg["week"],
        "occurred_date": cal["date"], "occurred_week": cal["week"],
        "occurred_hour": cal["hour"], "occurred_dow": cal["dow"],
        "occurred_precision": precision, "occurred_time_known": time_known,
        "occurred_until": span_of(cal["date"], precision)[1],
        "lat": lat, "lon": lon, "cell_row": row, "cell_col": col,
    }


def incident_columns(*, occurred_at: pd.Series, precision: pd.Series, time_known: pd.Series,
                     reported_at: pd.Series, lat: pd.Series, lon: pd.Series) -> dict[str, np.ndarray]:
    """:func:`incident_values`' derived columns for a whole batch at once, each a numpy array (NaT, NaN or
    None where missing: datetime64[us] times, datetime64[D] days), equal value for value to what
    :func:`incident_values` gives row by row (``store.upsert_columns`` takes them as they are):
    occurred_at, reported_at, reported_date, reported_week, occurred_date, occurred_week, occurred_hour,
    occurred_dow, occurred_precision, occurred_time_known, occurred_until, lat, lon, cell_row, cell_col.

    ``occurred_at`` / ``reported_at`` are naive Kyiv local times (or aware ones); a local time that
    the clock skipped or showed twice is converted by :func:`domain.dates.to_utc_naive` itself."""
    prec = pd.Series(precision, dtype=object).to_numpy()
    if not np.isin(prec, list(PRECISIONS)).all():
        raise ValueError(f"precision must be one of {PRECISIONS}")
    known = pd.Series(time_known).fillna(False).astype(bool).to_numpy() & (prec == "day")
    local = _kyiv_naive(occurred_at)
    coarse = np.where(prec == "year", local.astype("datetime64[Y]").astype("datetime64[us]"),
                      np.where(prec == "month", local.astype("datetime64[M]").astype("datetime64[us]"),
                               local.astype("datetime64[D]").astype("datetime64[us]")))
    occurred = _utc_naive(np.where(known, local, coarse), occurred_at, as_given=known)
    day, hour, dow = _kyiv_fields(occurred)
    reported_local = _kyiv_naive(reported_at)
    reported = _utc_naive(reported_local, reported_at, as_given=np.ones(len(reported_local), dtype=bool))
    reported_day = _kyiv_fields(reported)[0]
    until = np.where(prec == "year", (day.astype("datetime64[Y]") + 1).astype("datetime64[D]") - 1,
                     np.where(prec == "month", (day.astype("datetime64[M]") + 1).astype("datetime64[D]") - 1, day))
    la = pd.Series(lat, dtype=float).to_numpy()
    lo = pd.Series(lon, dtype=float).to_numpy()
    has_point = ~np.isnan(la) & ~np.isnan(lo)
    cell_row = np.full(len(la), None, dtype=object)
    cell_col = np.full(len(la), None, dtype=object)
    cell_row[has_point] = np.floor(la[has_point] / CELL_LAT_DEG).astype(np.int64).tolist()
    cell_col[has_point] = np.floor(lo[has_point] / CELL_LON_DEG).astype(np.int64).tolist()
    return {
        "occurred_at": occurred, "reported_at": reported,
        "reported_date": reported_day, "reported_week": _monday(reported_day),
        "occurred_date": day, "occurred_week": _monday(day),
        "occurred_hour": hour, "occurred_dow": dow,
        "occurred_precision": prec, "occurred_time_known": known,
        "occurred_until": until, "lat": la, "lon": lo, "cell_row": cell_row, "cell_col": cell_col,
    }


def _kyiv_naive(times: pd.Series) -> np.ndarray:
    """Times as naive Kyiv local datetime64[us] (aware ones converted; NaT where missing)."""
    t = pd.to_datetime(pd.Series(times).reset_index(drop=True))
    if t.dt.tz is not None:
        t = t.dt.tz_convert(KYIV).dt.tz_localize(None)
    return t.to_numpy().astype("datetime64[us]")


def _utc_naive(local: np.ndarray, given: pd.Series, *, as_given: np.ndarray) -> np.ndarray:
    """Naive Kyiv local datetime64 -> naive UTC datetime64[us], as :func:`domain.dates.to_utc_naive`
    (a time shown twice in autumn is the first, summer-time one; a time the clock skipped in spring
    goes through that function itself). Where ``as_given`` and ``given`` is aware, ``given`` is converted."""
    index = pd.DatetimeIndex(local)
    utc = index.tz_localize(KYIV, ambiguous=np.ones(len(index), dtype=bool), nonexistent="NaT") \
        .tz_convert(UTC).tz_localize(None).to_numpy().astype("datetime64[us]")
    original = pd.to_datetime(pd.Series(given).reset_index(drop=True))
    if original.dt.tz is not None:
        direct = as_given & ~np.isnat(local)
        utc[direct] = original[direct].dt.tz_convert(UTC).dt.tz_localize(None).to_numpy().astype("datetime64[us]")
    for i in np.flatnonzero(np.isnat(utc) & ~np.isnat(local)):
        utc[i] = np.datetime64(to_utc_naive(local[i].astype(datetime)), "us")
    return utc


def _kyiv_fields(utc: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Naive UTC datetime64 -> (Kyiv date as datetime64[D], hour, ISO weekday), as calendar_fields."""
    local = pd.DatetimeIndex(utc).tz_localize(UTC).tz_convert(KYIV).tz_localize(None)
    return local.to_numpy().astype("datetime64[D]"), local.hour.to_numpy(), local.day_of_week.to_numpy() + 1


def _monday(days: np.ndarray) -> np.ndarray:
    """datetime64[D] -> the Monday of its ISO week (NaT stays NaT)."""
    return days - ((days.astype("int64") + 3) % 7).astype("timedelta64[D]")  # 1970-01-01 was a Thursday


def request_values(*, received_at: datetime, type: str, topic: str, needs_study: bool | None = None,  # noqa: A002
                   deadline_days: int | None = None, extended_due_date: date | None = None, urgent: bool = False,
                   answered_at: datetime | None = None, sent_by_competence_at: datetime | None = None,
                   erdr_registered_at: datetime | None = None, cal: WorkCalendar | None = None, **fields) -> dict:
    """Column values for a resident request: UTC times, Kyiv dates, the legal due date of its type
    (domain.legal_terms.due_for; raises DeadlineError for a term the law does not allow).

    Naive times mean Kyiv local time. ``needs_study`` None takes the topic's default
    (assets/reference/request_topics.csv); ``cal`` is the hromada's calendar (weekend setting).
    """
    received = to_utc_naive(received_at)
    cal_fields = calendar_fields(received)
    if needs_study is None:
        needs_study = topic_needs_study(topic)
    due = due_for(type, received.replace(tzinfo=UTC), needs_study=needs_study, deadline_days=deadline_days,
                  extended_due=extended_due_date, urgent=urgent, cal=cal)
    answered = to_utc_naive(answered_at) if answered_at else None
    return {
        **fields,
        "type": type, "topic": topic, "needs_study": needs_study, "urgent": bool(urgent),
        "received_at": received, "received_date": cal_fields["date"], "received_week": cal_fields["week"],
        "deadline_days": deadline_days, "extended_due_date": extended_due_date,
        "due_date": due.date() if isinstance(due, datetime) else due,
        "due_at": to_utc_naive(due) if isinstance(due, datetime) else None,
        "answered_at": answered,
        "answered_date": calendar_fields(answered)["date"] if answered else None,
        "sent_by_competence_at": to_utc_naive(sent_by_competence_at) if sent_by_competence_at else None,
        "erdr_registered_at": to_utc_naive(erdr_registered_at) if erdr_registered_at else None,
    }


def topic_needs_study(topic: str | None) -> bool:
    """The topic's default (request_topics.csv ``needs_study``); True (one month) for an unknown topic."""
    return _needs_study_by_topic().get(topic, "true") != "false"


@lru_cache(maxsize=1)
def _needs_study_by_topic() -> dict[str, str]:
    """request_topics.csv's ``needs_study`` by topic key (read once, as ``reference_table`` is)."""
    topics = reference_table("request_topics")
    return dict(zip(topics["key"], topics["needs_study"], strict=True))
