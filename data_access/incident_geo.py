"""Incident aggregates for the map and trends pages: per settlement, per ~500 m grid cell, per
week and category, per weekday and hour, by category and severity — all counted in SQL — and
exact points for the prosecutor role only (capped)."""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import Engine, case, func, select

from data_access import schema
from data_access.incidents import counting_columns, in_period, precise_to
from data_access.places import HromadaSelection, in_hromadas, in_settlements, selection_ids
from domain.roles import require_records

POINT_LIMIT = 2000


def _where(*, hromada_id: HromadaSelection, start: date, end: date, settlement_ids: tuple[int, ...] | None,
           categories: tuple[str, ...] | None, group: str | None, count_by: str = "occurred") -> list:
    """The WHERE clauses every function here shares (dates are Kyiv calendar dates, inclusive, of
    the occurrence or, with ``count_by="registered"``, of the registration; an occurrence known only
    to its month or year counts where the period holds the whole month or year:
    data_access.incidents.in_period)."""
    i = schema.incident
    clauses = [in_hromadas(i.c.hromada_id, hromada_id), in_period(start, end, count_by),
               in_settlements(i.c.settlement_id, settlement_ids)]
    if group:
        clauses.append(i.c.category_group == group)
    if categories:
        clauses.append(i.c.category.in_(categories))
    return clauses


def _frame(conn, q) -> pd.DataFrame:
    return pd.DataFrame(conn.execute(q).all(), columns=[c.name for c in q.selected_columns])


def incident_date_range(engine: Engine, *, hromada_id: HromadaSelection, day_known: bool = False) -> tuple[date | None, date | None]:
    """First and last Kyiv date with an incident in the hromada ((None, None) when none): charts
    show no zeros before the data begin. ``day_known``: only incidents whose day is known (what
    day and week views count)."""
    i = schema.incident
    ids = selection_ids(hromada_id)
    if len(ids) == 1:
        q = select(func.min(i.c.occurred_date), func.max(i.c.occurred_date)).where(
            i.c.hromada_id == ids[0], precise_to("day") if day_known else True)
    else:
        # Each hromada's first and last date, then the extremes: two probes of ix_incident_hromada_date per
        # hromada. One min/max over `hromada_id IN (…)` read every incident of the selection (0.6–0.8 s for
        # an oblast of 69 hromadas at national scale, benchmarks, issue 23).
        h = schema.hromada

        def edge(agg):
            return (select(agg(i.c.occurred_date))
                    .where(i.c.hromada_id == h.c.id, precise_to("day") if day_known else True).scalar_subquery())

        per = select(edge(func.min).label("first"), edge(func.max).label("last")).where(h.c.id.in_(ids)).subquery()
        q = select(func.min(per.c.first), func.max(per.c.last))
    with engine.connect() as conn:
        first, last = conn.execute(q).one()
    return first, last


def settlement_counts(
    engine: Engine, *, hromada_id: HromadaSelection, start: date, end: date, prev_start: date, prev_end: date,
    settlement_ids: tuple[int, ...] | None = None, categories: tuple[str, ...] | None = None,
    group: str | None = "community",
) -> pd.DataFrame:
    """Incidents per settlement in the period and in the previous period.

    Columns: settlement_id (None for incidents with no settlement), code, name_uk, name_en,
    kind, population, population_date, lat, lon, count, prev_count. Every settlement of the
    hromada (or of ``settlement_ids``) has a row, with 0 where nothing happened; incidents
    with no settlement get one extra row (code None) so that no incident is silently dropped.
    """
    i, s = schema.incident, schema.settlement
    in_now = in_period(start, end)
    in_prev = in_period(prev_start, prev_end)
    lo, hi = min(start, prev_start), max(end, prev_end)
    counts_q = (
        select(
            i.c.settlement_id,
            func.coalesce(func.sum(case((in_now, 1), else_=0)), 0).label("count"),
            func.coalesce(func.sum(case((in_prev, 1), else_=0)), 0).label("prev_count"),
        )
        .where(*_where(hromada_id=hromada_id, start=lo, end=hi, settlement_ids=settlement_ids,
                       categories=categories, group=group))
        .group_by(i.c.settlement_id)
    )
    places_q = (
        select(s.c.id.label("settlement_id"), s.c.code, s.c.name_uk, s.c.name_en, s.c.kind, s.c.population,
               s.c.population_date, s.c.lat, s.c.lon)
        .where(in_hromadas(s.c.hromada_id, hromada_id), in_settlements(s.c.id, settlement_ids))
        .order_by(s.c.population.desc().nulls_last(), s.c.name_uk)
    )
    with engine.connect() as conn:
        counts = _frame(conn, counts_q)
        places = _frame(conn, places_q)
    known = counts[counts["settlement_id"].notna()]
    out = places.merge(known, on="settlement_id", how="left")
    unplaced = counts[counts["settlement_id"].isna()]
    if len(unplaced) and (unplaced["count"].sum() or unplaced["prev_count"].sum()):
        out = pd.concat([out, unplaced.assign(settlement_id=None)], ignore_index=True)
    for col in ("count", "prev_count"):
        out[col] = pd.to_numeric(out[col], errors="coerce").fillna(0).astype(int)
    return out


def cell_counts(
    engine: Engine, *, hromada_id: HromadaSelection, start: date, end: date,
    settlement_ids: tuple[int, ...] | None = None, categories: tuple[str, ...] | None = None,
    group: str | None = "community",
) -> pd.DataFrame:
    """Incidents per ~500 m grid cell (domain.geo). Columns: cell_row, cell_col, count.
    Incidents without a point have no cell and are not in this frame (see
    :func:`unlocated_count`)."""
    i = schema.incident
    q = (
        select(i.c.cell_row, i.c.cell_col, func.count().label("count"))
        .where(*_where(hromada_id=hromada_id, start=start, end=end, settlement_ids=settlement_ids,
                       categories=categories, group=group),
               i.c.cell_row.is_not(None), i.c.cell_col.is_not(None))
        .group_by(i.c.cell_row, i.c.cell_col)
        .order_by(i.c.cell_row, i.c.cell_col)
    )
    with engine.connect() as conn:
        return _frame(conn, q)


def unlocated_count(
    engine: Engine, *, hromada_id: HromadaSelection, start: date, end: date,
    settlement_ids: tuple[int, ...] | None = None, categories: tuple[str, ...] | None = None,
    group: str | None = "community",
) -> int:
    """Incidents in the filters that have no point (no grid cell): counted, never drawn."""
    i = schema.incident
    q = select(func.count()).where(
        *_where(hromada_id=hromada_id, start=start, end=end, settlement_ids=settlement_ids,
                categories=categories, group=group),
        i.c.cell_row.is_(None),
    )
    with engine.connect() as conn:
        return int(conn.execute(q).scalar_one())


def incident_points(
    engine: Engine, *, role: str, hromada_id: HromadaSelection, start: date, end: date,
    settlement_ids: tuple[int, ...] | None = None, categories: tuple[str, ...] | None = None,
    group: str | None = "community", limit: int = POINT_LIMIT,
) -> pd.DataFrame:
    """Exact incident points — prosecutor role only (raises AccessDenied otherwise).

    Columns: lat, lon, category, occurred_date. At most ``limit + 1`` rows, newest first: more
    than ``limit`` rows means "too many to read on a map" and the caller shows cells instead.
    """
    require_records(role)
    i = schema.incident
    q = (
        select(i.c.lat, i.c.lon, i.c.category, i.c.occurred_date)
        .where(*_where(hromada_id=hromada_id, start=start, end=end, settlement_ids=settlement_ids,
                       categories=categories, group=group),
               i.c.lat.is_not(None), i.c.lon.is_not(None))
        .order_by(i.c.occurred_date.desc(), i.c.id.desc())
        .limit(limit + 1)
    )
    with engine.connect() as conn:
        return _frame(conn, q)


# What incidents can be counted by (the stored Kyiv calendar fields and the codes).
DIMENSIONS = {
    "week": schema.incident.c.occurred_week,  # Monday of the ISO week, Kyiv
    "dow": schema.incident.c.occurred_dow,  # 1 = Monday .. 7 = Sunday, Kyiv
    "hour": schema.incident.c.occurred_hour,  # 0..23, Kyiv
    "category": schema.incident.c.category,
    "severity": schema.incident.c.severity,
}


def incident_counts(
    engine: Engine, *, by: tuple[str, ...], hromada_id: HromadaSelection, start: date, end: date,
    settlement_ids: tuple[int, ...] | None = None, categories: tuple[str, ...] | None = None,
    group: str | None = "community", count_by: str = "occurred",
) -> pd.DataFrame:
    """Incidents counted per combination of ``by`` (names from :data:`DIMENSIONS`: week, dow,
    hour, category, severity). Columns: the ``by`` names, count. Only the combinations that
    occur, ordered by ``by`` (analytics.series.complete_weeks fills empty weeks; the trends page
    sums category × severity into either composition). Counting by week or weekday leaves out
    incidents known only to their month or year, by hour also those without a time of day
    (data_access.incidents.coarse_left_out counts them). ``count_by="registered"`` counts each
    incident in the period and week of its registration (weekday and hour stay those of the
    occurrence); one without a registration time is then not counted."""
    unknown = [name for name in by if name not in DIMENSIONS]
    if unknown or not by:
        raise ValueError(f"cannot count incidents by {unknown or by}; choose from {sorted(DIMENSIONS)}")
    dims = {**DIMENSIONS, "week": counting_columns(count_by)[1]}
    precision = ([precise_to("hour")] if "hour" in by
                 else [precise_to("day")] if "dow" in by or ("week" in by and count_by == "occurred") else [])
    keys = [dims[name].label(name) for name in by]
    columns = [dims[name] for name in by]
    q = (
        select(*keys, func.count().label("count"))
        .where(*_where(hromada_id=hromada_id, start=start, end=end, settlement_ids=settlement_ids,
                       categories=categories, group=group, count_by=count_by), *precision)
        .group_by(*columns)
        .order_by(*columns)
    )
    with engine.connect() as conn:
        return _frame(conn, q)
