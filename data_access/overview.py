"""Aggregates for the overview page's KPI tiles and trend (all counted in SQL)."""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import Engine, and_, case, func, select

from data_access import schema
from data_access.incidents import in_period
from data_access.places import HromadaSelection, in_hromadas, in_settlements
from data_access.requests import states_on
from domain.dates import KYIV


def incident_count(
    engine: Engine, *, hromada_id: HromadaSelection, start: date, end: date,
    settlement_ids: tuple[int, ...] | None = None, group: str = "community",
) -> int:
    """Incidents that occurred from ``start`` to ``end`` (Kyiv dates, inclusive) in a category group; one
    known only to its month or year counts where the period holds all of it (data_access.incidents.in_period)."""
    i = schema.incident
    q = select(func.count()).where(
        in_hromadas(i.c.hromada_id, hromada_id), in_period(start, end),
        i.c.category_group == group, in_settlements(i.c.settlement_id, settlement_ids),
    )
    with engine.connect() as conn:
        return conn.execute(q).scalar_one()


def request_counts(
    engine: Engine, *, hromada_id: HromadaSelection, start: date, end: date, today: date,
    settlement_ids: tuple[int, ...] | None = None,
) -> dict[str, int]:
    """``received`` from start to end; ``overdue`` = of those, overdue on ``today`` or closed late
    (domain.request_state, each type's legal clock)."""
    states = states_on(engine, hromada_id=hromada_id, as_of=max(today, end), settlement_ids=settlement_ids,
                       closed_since=start)
    received = pd.to_datetime(states["received_at"]).dt.tz_localize("UTC").dt.tz_convert(KYIV).dt.date
    mine = states[(received >= start) & (received <= end)]
    return {"received": len(mine), "overdue": int(mine["state"].isin(["overdue", "late"]).sum())}


def open_overdue_now(
    engine: Engine, *, hromada_id: HromadaSelection, today: date, settlement_ids: tuple[int, ...] | None = None,
) -> int:
    """Requests not closed at the end of ``today`` whose due moment has passed (domain.request_state)."""
    states = states_on(engine, hromada_id=hromada_id, as_of=today, settlement_ids=settlement_ids, closed_since=today)
    return int((states["state"] == "overdue").sum())


def activity_count(
    engine: Engine, *, hromada_id: HromadaSelection, start: date, end: date,
    settlement_ids: tuple[int, ...] | None = None,
) -> int:
    """Partner activities held from ``start`` to ``end``."""
    a = schema.activity
    q = select(func.count()).where(
        in_hromadas(a.c.hromada_id, hromada_id), a.c.date.between(start, end),
        in_settlements(a.c.settlement_id, settlement_ids),
    )
    with engine.connect() as conn:
        return conn.execute(q).scalar_one()


def trust_share_by_wave(
    engine: Engine, *, hromada_id: HromadaSelection, question_code: str, until: date,
    settlement_ids: tuple[int, ...] | None = None,
) -> pd.DataFrame:
    """Weighted share of positive answers to one question per wave ending on or before ``until``.

    Columns: wave_id, wave_code, end_date, n (respondents with a substantive answer),
    sum_w, sum_w2 (weights of those), positive_w (weight of positive answers), dont_know_n.
    The share and its interval are computed in analytics.survey_estimates.
    """
    w, resp, ans, qn = schema.survey_wave, schema.survey_response, schema.survey_answer, schema.survey_question
    substantive = ans.c.dont_know.is_(False)
    q = (
        select(
            w.c.id.label("wave_id"), w.c.code.label("wave_code"), w.c.end_date,
            func.sum(case((substantive, 1), else_=0)).label("n"),
            func.sum(case((substantive, resp.c.weight), else_=0.0)).label("sum_w"),
            func.sum(case((substantive, resp.c.weight * resp.c.weight), else_=0.0)).label("sum_w2"),
            func.sum(case((and_(substantive, ans.c.value >= qn.c.positive_min), resp.c.weight), else_=0.0)).label(
                "positive_w"
            ),
            func.sum(case((substantive, 0), else_=1)).label("dont_know_n"),
        )
        .select_from(ans.join(resp, ans.c.response_id == resp.c.id).join(w, resp.c.wave_id == w.c.id)
                     .join(qn, ans.c.question_id == qn.c.id))
        .where(in_hromadas(w.c.hromada_id, hromada_id), w.c.end_date <= until, qn.c.code == question_code,
               in_settlements(resp.c.settlement_id, settlement_ids))
        .group_by(w.c.id, w.c.code, w.c.end_date)
        .order_by(w.c.end_date)
    )
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(q).all(), columns=[c.name for c in q.selected_columns])
