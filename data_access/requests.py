"""Resident requests (звернення громадян): SQL aggregates for the requests page and the
record-level deadline lists (prosecutor role only).

Dates are the stored Europe/Kyiv calendar columns (``received_date``, ``answered_date``,
``due_date``; ``forwarded_at`` and ``partner_answered_at`` are dates). The schema holds no
applicant name, phone or address: nothing here can return personal data.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pandas as pd
from sqlalchemy import Engine, Integer, and_, case, func, literal, or_, select, union_all
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement

from data_access import schema
from data_access.places import HromadaSelection, in_hromadas, in_settlements
from data_access.reference import hromada_calendar
from domain.legal_terms import WorkCalendar, kyiv
from domain.request_state import (
    CLOCK_COLUMNS,
    CLOSING_EVENTS,
    OTHER_CLOSING_EVENTS,
    at_risk,
    closing_days,
    deadline_rows,
    request_states,
)
from domain.roles import require_records

GROUP_FIELDS = ("topic", "channel", "type", "settlement_id")


class days_between(FunctionElement):  # noqa: N801 - reads like a SQL function
    """Whole calendar days from the second date to the first (``later − earlier``)."""

    type = Integer()
    inherit_cache = True


@compiles(days_between)
def _days_between_default(element, compiler, **kw):
    later, earlier = list(element.clauses)
    return f"({compiler.process(later, **kw)} - {compiler.process(earlier, **kw)})"


@compiles(days_between, "sqlite")
def _days_between_sqlite(element, compiler, **kw):
    later, earlier = list(element.clauses)
    return (f"CAST(julianday({compiler.process(later, **kw)}) - "
            f"julianday({compiler.process(earlier, **kw)}) AS INTEGER)")


def _where(r, hromada_id: HromadaSelection, settlement_ids: tuple[int, ...] | None):
    return and_(in_hromadas(r.c.hromada_id, hromada_id), in_settlements(r.c.settlement_id, settlement_ids))


def _not_closed_before(r, since: date):
    """Requests that were still open at the start of ``since`` or closed from then on (the closing events of
    domain.request_state.CLOSING_EVENTS), a day early to
    cover Kyiv time against the stored UTC: a request closed before a view's period cannot change its figures, and
    leaving it out spares its legal clock (a whole oblast holds hundreds of thousands of closed requests)."""
    cut = datetime.combine(since - timedelta(days=1), time())

    def none_or_after(col):
        return or_(col.is_(None), col >= cut)

    special = [and_(r.c.type == type_key, *(none_or_after(r.c[column]) for column, _ in events))
               for type_key, events in CLOSING_EVENTS.items()]
    return or_(*special, and_(r.c.type.not_in(list(CLOSING_EVENTS)),
                              *(none_or_after(r.c[column]) for column, _ in OTHER_CLOSING_EVENTS)))


def _frame(conn, q) -> pd.DataFrame:
    return pd.DataFrame(conn.execute(q).all(), columns=[c.name for c in q.selected_columns])


def _two_daily_series(engine: Engine, first, second, names: tuple[str, str]) -> pd.DataFrame:
    """Two daily counts side by side: ``first`` and ``second`` select (day, names[0], names[1])
    with the other count as 0; columns: day (date), names[0], names[1]; only days with either."""
    a, b = names
    both = union_all(first, second).subquery()
    q = (select(both.c.day, func.sum(both.c[a]).label(a), func.sum(both.c[b]).label(b))
         .group_by(both.c.day).order_by(both.c.day))
    with engine.connect() as conn:
        out = _frame(conn, q)
    if out.empty:
        return pd.DataFrame({"day": pd.Series(dtype=object), a: pd.Series(dtype=int), b: pd.Series(dtype=int)})
    out["day"] = pd.to_datetime(out["day"]).dt.date
    return out.astype({a: int, b: int})


def period_counts(engine: Engine, *, hromada_id: HromadaSelection, start: date, end: date,
                  settlement_ids: tuple[int, ...] | None = None) -> dict[str, int]:
    """Counts for the KPI tiles of one period (Kyiv dates, inclusive).

    ``received`` (received in the period), ``forwarded`` (of those, a task passed to a partner) and
    ``collective``, ``answered`` (answers given in the period, whenever received), ``partner_answered``
    (partner answers given in the period); by the legal clocks (domain.request_state): ``closed`` (requests
    closed in the period by an answer, sending by competence or ЄРДР entry), ``closed_on_time`` (of those,
    on time), ``answered_on_time`` (closed by an answer, on time), ``sent_by_competence`` (closed by sending).
    """
    r = schema.resident_request
    received = r.c.received_date.between(start, end)
    answered = r.c.answered_date.between(start, end)
    q = select(
        func.coalesce(func.sum(case((received, 1), else_=0)), 0).label("received"),
        func.coalesce(func.sum(case((and_(received, r.c.forwarded_partner_id.is_not(None)), 1), else_=0)), 0)
        .label("forwarded"),
        func.coalesce(func.sum(case((and_(received, r.c.collective.is_(True)), 1), else_=0)), 0).label("collective"),
        func.coalesce(func.sum(case((answered, 1), else_=0)), 0).label("answered"),
        func.coalesce(func.sum(case((r.c.partner_answered_at.between(start, end), 1), else_=0)), 0)
        .label("partner_answered"),
    ).where(_where(r, hromada_id, settlement_ids))
    with engine.connect() as conn:
        row = conn.execute(q).one()
    out = {k: int(v) for k, v in row._mapping.items()}
    states = states_on(engine, hromada_id=hromada_id, as_of=end, settlement_ids=settlement_ids, closed_since=start)
    closed_day = pd.Series([kyiv(t).date() if t is not None and not pd.isna(t) else None for t in states["closed_at"]],
                           index=states.index, dtype=object)
    in_period = closed_day.map(lambda d: d is not None and start <= d <= end)
    on_time = in_period & (states["state"] == "on_time")
    by_answer = states["closed_by"] == "answer"
    out.update(answered_on_time=int((on_time & by_answer).sum()), closed=int(in_period.sum()),
               closed_on_time=int(on_time.sum()), sent_by_competence=int((in_period & (states["closed_by"] == "sending")).sum()))
    return out


def answer_days(engine: Engine, *, hromada_id: HromadaSelection, start: date, end: date,
                settlement_ids: tuple[int, ...] | None = None, partner: bool = False) -> pd.DataFrame:
    """How long answers given from ``start`` to ``end`` took, as a frequency table.

    Columns: days (answered_date − received_date, calendar days), count. With ``partner``:
    partner answers given in the period, days = partner_answered_at − forwarded_at.
    """
    r = schema.resident_request
    if partner:
        done, began = r.c.partner_answered_at, r.c.forwarded_at
    else:
        done, began = r.c.answered_date, r.c.received_date
    days = days_between(done, began).label("days")
    q = (select(days, func.count().label("count"))
         .where(_where(r, hromada_id, settlement_ids), done.between(start, end), began.is_not(None))
         .group_by(days).order_by(days))
    with engine.connect() as conn:
        out = _frame(conn, q)
    return out.astype({"days": int, "count": int})


def _calendars(conn, hromada_id: HromadaSelection) -> dict[int, WorkCalendar]:
    """Each selected hromada's working-day calendar (they may differ: hromada.toml's settings)."""
    h = schema.hromada
    rows = conn.execute(select(h.c.id, h.c.code).where(in_hromadas(h.c.id, hromada_id))).all()
    return {int(r.id): hromada_calendar(r.code) for r in rows}


def _states(frame: pd.DataFrame, calendars: dict[int, WorkCalendar], as_of: date) -> pd.DataFrame:
    """domain.request_state.request_states for requests of one or several hromadas, each judged on its own
    hromada's calendar; rows keep their order (received_at)."""
    distinct = list(dict.fromkeys(calendars.values()))  # hromadas share a calendar unless their settings differ
    if len(distinct) <= 1:
        return request_states(frame, as_of=as_of, cal=distinct[0] if distinct else None)
    which = frame["hromada_id"].map(lambda h: distinct.index(calendars[int(h)]))
    parts = [request_states(frame[which == k], as_of=as_of, cal=cal) for k, cal in enumerate(distinct)]
    return pd.concat(parts).sort_index()


def request_clocks(engine: Engine, *, hromada_id: HromadaSelection, until: date, settlement_ids: tuple[int, ...] | None = None,
                   records: bool = False, closed_since: date | None = None) -> tuple[pd.DataFrame, dict[int, WorkCalendar]]:
    """What the legal clocks need of every request received up to ``until`` (Kyiv date), with each selected
    hromada's working-day calendar by hromada id (data_access.reference.hromada_calendar).

    Columns: domain.request_state.CLOCK_COLUMNS (times naive UTC), topic, privileged, outcome, settlement_id,
    forwarded_partner_id, forwarded_at, hromada_id. With ``records`` (callers check the role): also external_id,
    received_date, channel, status, collective, deadline_days, extended_due_date, sent_to, settlement_uk/_en,
    partner_uk/_en. Raw rows, not an aggregate: each request's term follows its own type and dates, which
    SQL cannot count (one month, working days, hours in Kyiv time). ``closed_since``: leave out the requests closed
    before that day (:func:`_not_closed_before`).
    """
    r, s, p = schema.resident_request, schema.settlement, schema.partner
    cols = [r.c[c] for c in (*CLOCK_COLUMNS, "topic", "privileged", "outcome", "settlement_id",
                             "forwarded_partner_id", "forwarded_at", "hromada_id")]
    source = r
    if records:
        cols += [r.c.external_id, r.c.received_date, r.c.channel, r.c.status, r.c.collective, r.c.sent_to,
                 s.c.name_uk.label("settlement_uk"), s.c.name_en.label("settlement_en"),
                 p.c.name_uk.label("partner_uk"), p.c.name_en.label("partner_en")]
        source = r.outerjoin(s, r.c.settlement_id == s.c.id).outerjoin(p, r.c.forwarded_partner_id == p.c.id)
    q = (select(*cols).select_from(source)
         .where(_where(r, hromada_id, settlement_ids), r.c.received_date <= until,
                _not_closed_before(r, closed_since) if closed_since else True).order_by(r.c.received_at))
    with engine.connect() as conn:
        out = _frame(conn, q)
        cal = _calendars(conn, hromada_id)
    for col in ("needs_study", "urgent", "privileged"):
        out[col] = out[col].astype(object).where(out[col].notna(), None)
    return out, cal


def states_on(engine: Engine, *, hromada_id: HromadaSelection, as_of: date,
              settlement_ids: tuple[int, ...] | None = None, closed_since: date | None = None) -> pd.DataFrame:
    """Every request received by ``as_of`` with its state at the end of that day
    (domain.request_state.request_states: due, due_text, in_hours, state, closed_by, closed_at, days_left)
    and type, topic, privileged, outcome, settlement_id, forwarded_partner_id — no record identifiers.
    ``closed_since``: only the requests not closed before that day (the others cannot change a view of the
    period from that day on)."""
    frame, cals = request_clocks(engine, hromada_id=hromada_id, until=as_of, settlement_ids=settlement_ids,
                                 closed_since=closed_since)
    return _states(frame, cals, as_of)


def backlog_on(engine: Engine, *, hromada_id: HromadaSelection, as_of: date,
               settlement_ids: tuple[int, ...] | None = None) -> dict[str, int]:
    """The state of the office on the evening of ``as_of`` (domain.request_state).

    ``open``: received by then and not closed by then (answer, sending by competence, ЄРДР entry);
    ``overdue``: of those, past their due moment; ``at_risk``: of those, not overdue and due within
    the next 5 days (an open 24/48-hour term always).
    """
    states = states_on(engine, hromada_id=hromada_id, as_of=as_of, settlement_ids=settlement_ids, closed_since=as_of)
    return {"open": int(states["state"].isin(["open", "overdue"]).sum()),
            "overdue": int((states["state"] == "overdue").sum()), "at_risk": int(at_risk(states).sum())}


def daily_flow(engine: Engine, *, hromada_id: HromadaSelection, end: date,
               settlement_ids: tuple[int, ...] | None = None) -> pd.DataFrame:
    """Requests received and requests closed per day, from the first request up to ``end``.

    Columns: day (date), received, answered (closed that day by an answer, sending by competence or
    ЄРДР entry: domain.request_state.closing_days, the same events as the legal clocks). Only days with either;
    the cumulative sums give the open backlog at any date (analytics.requests_sla.backlog_by_week).
    """
    r = schema.resident_request
    q = (select(*(r.c[c] for c in ("type", "received_at", "answered_at", "sent_by_competence_at",
                                   "erdr_registered_at")))
         .where(_where(r, hromada_id, settlement_ids), r.c.received_date <= end))
    with engine.connect() as conn:
        days = closing_days(_frame(conn, q), as_of=end)
    out = pd.concat([days["received_day"].value_counts().rename("received"),
                     days["closed_day"].dropna().value_counts().rename("answered")], axis=1).fillna(0)
    if out.empty:
        return pd.DataFrame({"day": pd.Series(dtype=object), "received": pd.Series(dtype=int),
                             "answered": pd.Series(dtype=int)})
    out = out.rename_axis("day").reset_index().sort_values("day").reset_index(drop=True)
    return out.astype({"received": int, "answered": int})


def counts_by(engine: Engine, *, hromada_id: HromadaSelection, start: date, end: date, field: str,
              settlement_ids: tuple[int, ...] | None = None) -> pd.DataFrame:
    """Requests received in the period per ``field`` (topic, channel, type or settlement_id).

    Columns: key, count (keys with no request are absent; requests with no settlement have
    key None when ``field`` is settlement_id).
    """
    if field not in GROUP_FIELDS:
        raise ValueError(f"cannot group requests by {field!r}")
    r = schema.resident_request
    col = r.c[field]
    q = (select(col.label("key"), func.count().label("count"))
         .where(_where(r, hromada_id, settlement_ids), r.c.received_date.between(start, end))
         .group_by(col).order_by(func.count().desc()))
    with engine.connect() as conn:
        return _frame(conn, q)


def topic_windows(engine: Engine, *, hromada_id: HromadaSelection, end: date, weeks: int = 13,
                  settlement_ids: tuple[int, ...] | None = None) -> pd.DataFrame:
    """Requests per topic in the ``weeks`` weeks ending ``end`` and in the ``weeks`` before.

    Columns: topic, current, previous.
    """
    r = schema.resident_request
    cur_start = end - timedelta(weeks=weeks) + timedelta(days=1)
    prev_start = cur_start - timedelta(weeks=weeks)
    q = (select(
        r.c.topic,
        func.sum(case((r.c.received_date >= cur_start, 1), else_=0)).label("current"),
        func.sum(case((r.c.received_date < cur_start, 1), else_=0)).label("previous"),
    ).where(_where(r, hromada_id, settlement_ids), r.c.received_date.between(prev_start, end))
        .group_by(r.c.topic))
    with engine.connect() as conn:
        out = _frame(conn, q)
    return out.astype({"current": int, "previous": int})


def topic_settlement_days(engine: Engine, *, hromada_id: HromadaSelection, start: date, end: date,
                          settlement_ids: tuple[int, ...] | None = None) -> pd.DataFrame:
    """Requests per settlement, topic and day received (input of the cluster rule).

    Columns: settlement_id, topic, day, count, collective (how many of them were collective).
    Requests with no settlement are left out: a cluster is tied to a place.
    """
    r = schema.resident_request
    q = (select(r.c.settlement_id, r.c.topic, r.c.received_date.label("day"), func.count().label("count"),
                func.sum(case((r.c.collective.is_(True), 1), else_=0)).label("collective"))
         .where(_where(r, hromada_id, settlement_ids), r.c.received_date.between(start, end),
                r.c.settlement_id.is_not(None))
         .group_by(r.c.settlement_id, r.c.topic, r.c.received_date)
         .order_by(r.c.settlement_id, r.c.topic, r.c.received_date))
    with engine.connect() as conn:
        out = _frame(conn, q)
    out["day"] = pd.to_datetime(out["day"]).dt.date if len(out) else out["day"]
    return out.astype({"count": int, "collective": int}) if len(out) else out


def requests_and_incidents(engine: Engine, *, hromada_id: HromadaSelection, start: date, end: date, topic: str,
                           category: str, settlement_ids: tuple[int, ...] | None = None) -> pd.DataFrame:
    """Requests on ``topic`` and incidents of the matching ``category`` per day, for a chart by month
    (analytics.requests_sla.monthly): an incident known only to its month is on the month's first day,
    one known only to its year is left out.

    Columns: day (date), requests, incidents. Only days with either.
    """
    r, i = schema.resident_request, schema.incident
    req = (select(r.c.received_date.label("day"), func.count().label("requests"), literal(0).label("incidents"))
           .where(_where(r, hromada_id, settlement_ids), r.c.topic == topic, r.c.received_date.between(start, end))
           .group_by(r.c.received_date))
    inc = (select(i.c.occurred_date.label("day"), literal(0).label("requests"), func.count().label("incidents"))
           .where(in_hromadas(i.c.hromada_id, hromada_id), in_settlements(i.c.settlement_id, settlement_ids),
                  i.c.category == category, i.c.occurred_date.between(start, end), i.c.occurred_precision != "year")
           .group_by(i.c.occurred_date))
    return _two_daily_series(engine, req, inc, ("requests", "incidents"))


def deadline_list(engine: Engine, *, role: str, hromada_id: HromadaSelection, today: date, which: str,
                  settlement_ids: tuple[int, ...] | None = None) -> pd.DataFrame:
    """Requests not closed at the end of ``today`` that are overdue (``which="overdue"``) or at risk
    (``which="at_risk"``: due within the next 5 days), privileged requests first, then the most overdue /
    the soonest due (domain.request_state.deadline_rows).

    Prosecutor role only. Columns: request_clocks' record columns, due, due_text, in_hours, state, days
    (days overdue, or days left), extended (bool). No personal data: the schema has none.
    """
    require_records(role)
    if which not in ("overdue", "at_risk"):
        raise ValueError(f"unknown list {which!r}")
    frame, cals = request_clocks(engine, hromada_id=hromada_id, until=today, settlement_ids=settlement_ids,
                                 records=True, closed_since=today)
    out = deadline_rows(_states(frame, cals, today), which)
    out["extended"] = out["extended_due_date"].notna()
    out["collective"] = out["collective"].astype(bool)
    out["received_date"] = pd.to_datetime(out["received_date"]).dt.date
    return out


def sla_register(engine: Engine, *, role: str, hromada_id: HromadaSelection, as_of: date) -> pd.DataFrame:
    """One row per request received by ``as_of`` with its due term and state at the end of that day, for
    the ``requests-sla`` export (record level: prosecutor role). Columns: request_clocks' record columns
    and domain.request_state.request_states' columns."""
    require_records(role)
    frame, cals = request_clocks(engine, hromada_id=hromada_id, until=as_of, records=True)
    return _states(frame, cals, as_of)
