"""Community safety priorities: reading them with their indicators, the indicators' data
(counts per week, survey weight sums per wave), and creating or editing them (prosecutor role,
validated, audited)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import Engine, and_, delete, func, select

from data_access import audit, schema
from data_access.data_version import writing
from data_access.incidents import precise_to
from data_access.overview import trust_share_by_wave
from data_access.records import utc_now
from data_access.reference import keys
from domain.priority_rules import IndicatorInput, validate_priority
from domain.roles import require

PR, PI, A = schema.priority, schema.priority_indicator, schema.activity


class InvalidPriority(ValueError):
    """A priority that may not be stored; ``errors`` lists (message key, params)."""

    def __init__(self, errors: list[tuple[str, dict]]):
        super().__init__("; ".join(key for key, _ in errors))
        self.errors = errors


@dataclass(frozen=True)
class PriorityInput:
    title_uk: str | None
    start: date | None
    end: date | None
    indicators: tuple[IndicatorInput, ...] = ()
    title_en: str | None = None
    description: str | None = None
    agreed_via: str | None = None  # meeting / survey / requests (domain.priority_rules.AGREED_VIA)
    agreed_on: date | None = None


def known_refs() -> dict[str, set[str]]:
    """What an indicator may point at: incident categories, request topics, survey questions."""
    return {
        "incident_category": set(keys("incident_categories")),
        "request_topic": set(keys("request_topics")),
        "survey_question": set(keys("survey_questions")),
    }


def validate(data: PriorityInput) -> list[tuple[str, dict]]:
    """Every problem of ``data`` as (message key, params); empty when it may be stored."""
    return validate_priority(title_uk=data.title_uk, title_en=data.title_en, start=data.start, end=data.end,
                             indicators=list(data.indicators), known_refs=known_refs(),
                             agreed_via=data.agreed_via or None, agreed_on=data.agreed_on)


def priority_list(engine: Engine, *, hromada_id: int) -> pd.DataFrame:
    """The hromada's priorities, earliest start first.

    Columns: id, title_uk, title_en, description, start_date, end_date, created_by, updated_at,
    is_demo, agreed_via (meeting / survey / requests, None when not recorded), agreed_on,
    activities (linked activities, any date)."""
    q = (
        select(PR.c.id, PR.c.title_uk, PR.c.title_en, PR.c.description, PR.c.start_date, PR.c.end_date,
               PR.c.created_by, PR.c.updated_at, PR.c.is_demo, PR.c.agreed_via, PR.c.agreed_on,
               func.count(A.c.id).label("activities"))
        .select_from(PR.outerjoin(A, A.c.priority_id == PR.c.id))
        .where(PR.c.hromada_id == hromada_id)
        .group_by(PR.c.id, PR.c.title_uk, PR.c.title_en, PR.c.description, PR.c.start_date, PR.c.end_date,
                  PR.c.created_by, PR.c.updated_at, PR.c.is_demo, PR.c.agreed_via, PR.c.agreed_on)
        .order_by(PR.c.start_date, PR.c.id)
    )
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(q).all(), columns=[c.name for c in q.selected_columns])


def indicator_list(engine: Engine, *, hromada_id: int) -> pd.DataFrame:
    """Indicators of the hromada's priorities. Columns: id, priority_id, kind, ref, direction,
    baseline, target (baseline/target NaN when not set). Ordered by priority, then id."""
    q = (
        select(PI.c.id, PI.c.priority_id, PI.c.kind, PI.c.ref, PI.c.direction, PI.c.baseline, PI.c.target)
        .select_from(PI.join(PR, PR.c.id == PI.c.priority_id))
        .where(PR.c.hromada_id == hromada_id)
        .order_by(PI.c.priority_id, PI.c.id)
    )
    with engine.connect() as conn:
        df = pd.DataFrame(conn.execute(q).all(), columns=[c.name for c in q.selected_columns])
    for col in ("baseline", "target"):
        df[col] = pd.to_numeric(df[col], errors="coerce").astype(float)
    return df


def indicator_weekly(engine: Engine, *, hromada_id: int, kind: str, ref: str, start: date, end: date,
                     settlement_ids: tuple[int, ...] | None = None) -> pd.DataFrame:
    """Weekly counts of an incident category or a request topic. Columns: week (Monday), count;
    only weeks with a count (fill with analytics.series.complete_weeks)."""
    from data_access.places import in_settlements

    precise = True
    if kind == "incident_category":
        t, week, day, col, settle = (schema.incident, schema.incident.c.occurred_week, schema.incident.c.occurred_date,
                                     schema.incident.c.category, schema.incident.c.settlement_id)
        precise = precise_to("day")  # a month or year only has no week
    elif kind == "request_topic":
        r = schema.resident_request
        t, week, day, col, settle = r, r.c.received_week, r.c.received_date, r.c.topic, r.c.settlement_id
    else:
        raise ValueError(f"no weekly counts for indicator kind {kind!r}")
    q = (select(week.label("week"), func.count().label("count"))
         .where(t.c.hromada_id == hromada_id, col == ref, day.between(start, end), precise,
                in_settlements(settle, settlement_ids))
         .group_by(week).order_by(week))
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(q).all(), columns=["week", "count"])


def indicator_waves(engine: Engine, *, hromada_id: int, ref: str, until: date,
                    settlement_ids: tuple[int, ...] | None = None) -> pd.DataFrame:
    """Weight sums of a survey question per wave ending on or before ``until`` (see
    data_access.overview.trust_share_by_wave for the columns)."""
    return trust_share_by_wave(engine, hromada_id=hromada_id, question_code=ref, until=until,
                               settlement_ids=settlement_ids)


def indicator_data(engine: Engine, *, hromada_id: int, kind: str, ref: str, start: date, end: date,
                   settlement_ids: tuple[int, ...] | None = None) -> pd.DataFrame:
    """The data behind one indicator, the single source of the priority statuses
    (analytics.priorities.priorities_with_status) on the page and in the meeting pack.

    incident_category / request_topic: weekly counts from ``start`` to ``end`` (columns week,
    count; only weeks with a count, see :func:`indicator_weekly`). survey_question: weight sums
    per wave ending on or before ``end`` (``start`` is not used; see :func:`indicator_waves`)."""
    if kind == "survey_question":
        return indicator_waves(engine, hromada_id=hromada_id, ref=ref, until=end, settlement_ids=settlement_ids)
    return indicator_weekly(engine, hromada_id=hromada_id, kind=kind, ref=ref, start=start, end=end,
                            settlement_ids=settlement_ids)


def _check(role: str, data: PriorityInput) -> None:
    require(role, "edit_priorities")
    errors = validate(data)
    if errors:
        raise InvalidPriority(errors)


def _indicator_rows(priority_id: int, data: PriorityInput) -> list[dict]:
    return [{"priority_id": priority_id, "kind": ind.kind, "ref": ind.ref, "direction": ind.direction,
             "baseline": ind.baseline, "target": ind.target}
            for ind in data.indicators if not ind.is_blank()]


def _clean(text: str | None) -> str | None:
    text = (text or "").strip()
    return text or None


def create_priority(engine: Engine, *, role: str, username: str | None, hromada_id: int,
                    data: PriorityInput) -> int:
    """Store a new priority with its indicators and an audit entry; returns its id.

    Raises AccessDenied unless ``role`` may edit priorities (prosecutor), InvalidPriority (and
    stores nothing) when the input is not valid."""
    _check(role, data)
    now = utc_now()
    with writing(engine) as conn:
        pid = conn.execute(PR.insert().values(
            hromada_id=hromada_id, title_uk=data.title_uk.strip(), title_en=_clean(data.title_en),
            description=_clean(data.description), start_date=data.start, end_date=data.end,
            agreed_via=data.agreed_via or None, agreed_on=data.agreed_on,
            created_by=username, created_at=now, updated_at=now, is_demo=False,
        )).inserted_primary_key[0]
        rows = _indicator_rows(pid, data)
        if rows:
            conn.execute(PI.insert(), rows)
        audit.record_in(conn, username=username, action="edit",
                        detail={"object": "priority", "op": "create", "id": pid, "title_uk": data.title_uk.strip(),
                                "indicators": len(rows)})
    return int(pid)


def update_priority(engine: Engine, *, role: str, username: str | None, hromada_id: int, priority_id: int,
                    data: PriorityInput) -> None:
    """Replace a priority's fields and indicators (same rules as :func:`create_priority`).
    Raises LookupError when the priority is not one of the hromada's."""
    _check(role, data)
    with writing(engine) as conn:
        found = conn.execute(select(PR.c.id).where(and_(PR.c.id == priority_id, PR.c.hromada_id == hromada_id))).first()
        if found is None:
            raise LookupError(f"priority {priority_id} not found")
        conn.execute(PR.update().where(PR.c.id == priority_id).values(
            title_uk=data.title_uk.strip(), title_en=_clean(data.title_en), description=_clean(data.description),
            start_date=data.start, end_date=data.end, agreed_via=data.agreed_via or None, agreed_on=data.agreed_on,
            updated_at=utc_now(),
        ))
        conn.execute(delete(PI).where(PI.c.priority_id == priority_id))
        rows = _indicator_rows(priority_id, data)
        if rows:
            conn.execute(PI.insert(), rows)
        audit.record_in(conn, username=username, action="edit",
                        detail={"object": "priority", "op": "update", "id": priority_id,
                                "title_uk": data.title_uk.strip(), "indicators": len(rows)})
