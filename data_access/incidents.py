"""Incident queries for the weekly review: daily counts by category or settlement, the records
behind a number (prosecutor role only), and small look-ups the review needs."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
from sqlalchemy import Engine, and_, func, select

from data_access import schema
from data_access.places import HromadaSelection, in_hromadas, in_settlements
from domain.dates import kyiv_local
from domain.roles import require_records

BY_COLUMNS = {"category": "category", "settlement": "settlement_id", "hromada": "hromada_id"}
# Which date an incident is counted on: when it happened (the default) or when it was registered
# (reported_at), as the official reports (ЄРДР, the Prosecutor General's «Єдиний звіт») count.
COUNT_BY = ("occurred", "registered")


def counting_columns(count_by: str = "occurred"):
    """(Kyiv date column, ISO-week Monday column) of incident for ``count_by`` (ValueError if unknown).
    By registration, an incident with no reported_at has no date and is not counted."""
    if count_by not in COUNT_BY:
        raise ValueError(f"count_by must be one of {COUNT_BY}, not {count_by!r}")
    i = schema.incident
    return (i.c.occurred_date, i.c.occurred_week) if count_by == "occurred" else (i.c.reported_date, i.c.reported_week)


def precise_to(unit: str):
    """SQL condition: the incident's occurrence is known at least to ``unit`` — ``"day"`` (its day:
    what day and week buckets need) or ``"hour"`` (its day and time of day: the weekday × hour view).
    A record known only to its month or year (or, for ``hour``, a day without a time) is left out of
    such a view, and the view says how many (:func:`coarse_left_out`)."""
    i = schema.incident
    if unit == "day":
        return i.c.occurred_precision == "day"
    if unit == "hour":
        return and_(i.c.occurred_precision == "day", i.c.occurred_time_known.is_(True))
    raise ValueError(f"unit must be day or hour, not {unit!r}")


def _day_known(count_by: str):
    """What a count by day needs: the occurrence's day, when counting by occurrence (a registration date
    is always a day)."""
    return precise_to("day") if count_by == "occurred" else True


def _until(count_by: str):
    """The last day an incident's counting date may stand for (a registration date is always a day)."""
    i = schema.incident
    return i.c.occurred_until if count_by == "occurred" else i.c.reported_date


def in_period(start: date, end: date, count_by: str = "occurred"):
    """SQL condition: the incident counts in the period ``start`` .. ``end`` — its date, and for a date
    known only to its month or year that whole month or year, lies in the period. So a month counts in
    any period that holds the month (a month, a quarter, a year) and in no week."""
    day, _week = counting_columns(count_by)
    # day <= end follows from the span's end <= end; it is written out so that the date index has both bounds
    return and_(day.between(start, end), _until(count_by) <= end)


def coarse_left_out(
    engine: Engine, *, hromada_id: HromadaSelection, start: date, end: date, unit: str,
    settlement_ids: tuple[int, ...] | None = None, categories: tuple[str, ...] | None = None,
    group: str | None = "community", category: str | None = None, count_by: str = "occurred",
) -> int:
    """How many incidents of the filters that may have happened from ``start`` to ``end`` a view left out
    because their date is coarser than its unit: ``"day"`` (day and week views: a month or year only),
    ``"hour"`` (the weekday × hour view: also a day without a time), ``"period"`` (a count over the
    period: a month or year reaching outside it)."""
    i = schema.incident
    day, _week = counting_columns(count_by)
    # a span reaches back at most a year: the lower bound lets the date index serve the query
    overlaps = and_(day.between(start - timedelta(days=366), end), _until(count_by) >= start)
    if unit == "period":
        left = ~in_period(start, end, count_by)
    else:
        left = ~precise_to(unit)
        if unit == "day" and count_by != "occurred":
            return 0  # a registration date is always a day
    q = select(func.count()).where(
        in_hromadas(i.c.hromada_id, hromada_id), overlaps, left, in_settlements(i.c.settlement_id, settlement_ids),
        i.c.category_group == group if group else True,
        i.c.category == category if category else True,
        i.c.category.in_(categories) if categories else True,
    )
    with engine.connect() as conn:
        return int(conn.execute(q).scalar_one())


def daily_incident_counts(
    engine: Engine, *, hromada_id: HromadaSelection, start: date, end: date, by: str = "category",
    settlement_ids: tuple[int, ...] | None = None, group: str | None = "community", category: str | None = None,
    count_by: str = "occurred",
) -> pd.DataFrame:
    """Incidents per Kyiv calendar day from ``start`` to ``end`` (inclusive), counted in SQL.

    ``by`` = ``"category"``, ``"settlement"`` or ``"hromada"`` (a selection's "by hromada" cut); ``group`` limits to a category group
    (``community`` / ``war``; None = both); ``category`` to one category; ``count_by`` the day an
    incident counts on (:data:`COUNT_BY`: occurred, the default, or registered). Counting by occurrence,
    incidents known only to their month or year are not counted (:func:`coarse_left_out`).
    Columns: day (date), category, settlement (settlement id, None for incidents without a settlement) or
    hromada (hromada id), count (int). Only days with incidents.
    """
    if by not in BY_COLUMNS:
        raise ValueError(f"by must be one of {sorted(BY_COLUMNS)}")
    i = schema.incident
    key = i.c[BY_COLUMNS[by]]
    day, _week = counting_columns(count_by)
    q = (
        select(day.label("day"), key.label(by), func.count().label("count"))
        .where(
            in_hromadas(i.c.hromada_id, hromada_id), day.between(start, end), _day_known(count_by),
            in_settlements(i.c.settlement_id, settlement_ids),
            i.c.category_group == group if group else True,
            i.c.category == category if category else True,
        )
        .group_by(day, key)
        .order_by(day, key)
    )
    with engine.connect() as conn:
        df = pd.DataFrame(conn.execute(q).all(), columns=["day", by, "count"])
    df["day"] = pd.to_datetime(df["day"]).dt.date
    df["count"] = df["count"].astype("int64")
    if by in ("settlement", "hromada"):
        df[by] = df[by].astype("Int64")
    return df


RECORD_COLUMNS = ["id", "occurred_at", "settlement_id", "settlement_uk", "settlement_en", "category",
                  "legal_article", "status", "description"]


def incident_records(
    engine: Engine, *, role: str, hromada_id: HromadaSelection, start: date, end: date, category: str | None = None,
    settlement_ids: tuple[int, ...] | None = None, group: str | None = None, no_settlement: bool = False,
    limit: int = 500, count_by: str = "occurred",
) -> pd.DataFrame:
    """The incidents behind a number (prosecutor role only: raises AccessDenied otherwise).

    Filters as :func:`daily_incident_counts` (so a record known only to its month or year is not
    among them either); ``no_settlement`` keeps only incidents without a settlement. Newest first, at most ``limit`` rows; ``attrs["total"]`` holds how many match.
    Columns: id, occurred_at (Europe/Kyiv local time, naive), settlement_id, settlement_uk,
    settlement_en, category, legal_article, status, description (raw free text: escape it).
    """
    require_records(role)
    i, s = schema.incident, schema.settlement
    day, _week = counting_columns(count_by)
    where = [
        in_hromadas(i.c.hromada_id, hromada_id), day.between(start, end), _day_known(count_by),
        in_settlements(i.c.settlement_id, settlement_ids),
        i.c.category_group == group if group else True,
        i.c.category == category if category else True,
        i.c.settlement_id.is_(None) if no_settlement else True,
    ]
    q = (
        select(i.c.id, i.c.occurred_at, i.c.settlement_id, s.c.name_uk, s.c.name_en, i.c.category,
               i.c.legal_article, i.c.status, i.c.description)
        .select_from(i.outerjoin(s, i.c.settlement_id == s.c.id))
        .where(*where)
        .order_by(i.c.occurred_at.desc(), i.c.id.desc())
        .limit(limit)
    )
    with engine.connect() as conn:
        rows = conn.execute(q).all()
        total = conn.execute(select(func.count()).select_from(i).where(*where)).scalar_one()
    df = pd.DataFrame(rows, columns=RECORD_COLUMNS)
    df["occurred_at"] = [kyiv_local(v).replace(tzinfo=None) for v in df["occurred_at"]]
    df["settlement_id"] = df["settlement_id"].astype("Int64")
    df.attrs["total"] = int(total)
    return df


def hromada_by_code(engine: Engine, *, code: str | None = None) -> dict | None:
    """``{id, code, name_uk, name_en}`` of the hromada with KATOTTG ``code`` (None: the first by
    id), or None when there is no such hromada."""
    h = schema.hromada
    q = select(h.c.id, h.c.code, h.c.name_uk, h.c.name_en).order_by(h.c.id).limit(1)
    if code:
        q = q.where(h.c.code == code)
    with engine.connect() as conn:
        row = conn.execute(q).mappings().first()
    return dict(row) if row else None
