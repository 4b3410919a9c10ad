"""Partners and their joint activities: directory, counts by partner, kind and month, who works
with whom, activity lists (public events) and the incident counts around a place-based activity."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
from sqlalchemy import Engine, and_, case, func, select

from data_access import schema
from data_access.incidents import precise_to
from data_access.places import HromadaSelection, in_hromadas, in_settlements
from domain.geo import bounding_box, haversine_m
from domain.roles import require_records

A, AP, P, S, PR = schema.activity, schema.activity_partner, schema.partner, schema.settlement, schema.priority


def _frame(conn, q) -> pd.DataFrame:
    return pd.DataFrame(conn.execute(q).all(), columns=[c.name for c in q.selected_columns])


def _in_period(start: date | None, end: date | None):
    conds = []
    if start is not None:
        conds.append(A.c.date >= start)
    if end is not None:
        conds.append(A.c.date <= end)
    return and_(True, *conds)


def partner_directory(engine: Engine, *, hromada_id: HromadaSelection, since: date, until: date) -> pd.DataFrame:
    """Every partner of the hromada with its activity.

    Columns: id, name_uk, name_en, kind, active, activities_total (ever, up to ``until``),
    activities_recent (from ``since`` to ``until``), last_activity (date or None).
    Ordered by kind, then Ukrainian name."""
    recent = func.sum(case((A.c.date >= since, 1), else_=0))
    q = (
        select(P.c.id, P.c.name_uk, P.c.name_en, P.c.kind, P.c.active,
               func.count(A.c.id).label("activities_total"),
               func.coalesce(recent, 0).label("activities_recent"),
               func.max(A.c.date).label("last_activity"))
        .select_from(P.outerjoin(AP, AP.c.partner_id == P.c.id)
                     .outerjoin(A, and_(A.c.id == AP.c.activity_id, A.c.date <= until)))
        .where(in_hromadas(P.c.hromada_id, hromada_id))
        .group_by(P.c.id, P.c.name_uk, P.c.name_en, P.c.kind, P.c.active)
        .order_by(P.c.kind, P.c.name_uk)
    )
    with engine.connect() as conn:
        df = _frame(conn, q)
    df["activities_total"] = df["activities_total"].astype(int)
    df["activities_recent"] = df["activities_recent"].astype(int)
    return df


def partner_activity_counts(engine: Engine, *, hromada_id: HromadaSelection, start: date, end: date,
                            settlement_ids: tuple[int, ...] | None = None) -> pd.DataFrame:
    """Activities per partner from ``start`` to ``end``.

    Columns: partner_id, name_uk, name_en, kind, activities, participants (sum of the
    activities' participants; an activity counts once for each of its partners). Most first."""
    q = (
        select(P.c.id.label("partner_id"), P.c.name_uk, P.c.name_en, P.c.kind,
               func.count(A.c.id).label("activities"),
               func.coalesce(func.sum(A.c.participants), 0).label("participants"))
        .select_from(P.join(AP, AP.c.partner_id == P.c.id).join(A, A.c.id == AP.c.activity_id))
        .where(in_hromadas(P.c.hromada_id, hromada_id), A.c.date.between(start, end),
               in_settlements(A.c.settlement_id, settlement_ids))
        .group_by(P.c.id, P.c.name_uk, P.c.name_en, P.c.kind)
        .order_by(func.count(A.c.id).desc(), P.c.name_uk)
    )
    with engine.connect() as conn:
        return _frame(conn, q)


def activity_by_day_kind(engine: Engine, *, hromada_id: HromadaSelection, start: date, end: date,
                         settlement_ids: tuple[int, ...] | None = None) -> pd.DataFrame:
    """Activities per day and kind (months are formed from it in analytics/pages).

    Columns: date, kind, activities, participants (NULL participants count as 0)."""
    q = (
        select(A.c.date, A.c.kind, func.count().label("activities"),
               func.coalesce(func.sum(A.c.participants), 0).label("participants"))
        .where(in_hromadas(A.c.hromada_id, hromada_id), A.c.date.between(start, end),
               in_settlements(A.c.settlement_id, settlement_ids))
        .group_by(A.c.date, A.c.kind)
        .order_by(A.c.date, A.c.kind)
    )
    with engine.connect() as conn:
        return _frame(conn, q)


def partner_pairs(engine: Engine, *, hromada_id: HromadaSelection, start: date, end: date,
                  settlement_ids: tuple[int, ...] | None = None) -> pd.DataFrame:
    """Joint activities of every pair of partners (each pair once, partner_a < partner_b).

    Columns: partner_a, partner_b, joint."""
    a, b = AP.alias("a"), AP.alias("b")
    q = (
        select(a.c.partner_id.label("partner_a"), b.c.partner_id.label("partner_b"),
               func.count().label("joint"))
        .select_from(a.join(b, and_(a.c.activity_id == b.c.activity_id, a.c.partner_id < b.c.partner_id))
                     .join(A, A.c.id == a.c.activity_id))
        .where(in_hromadas(A.c.hromada_id, hromada_id), A.c.date.between(start, end),
               in_settlements(A.c.settlement_id, settlement_ids))
        .group_by(a.c.partner_id, b.c.partner_id)
    )
    with engine.connect() as conn:
        return _frame(conn, q)


ACTIVITY_COLUMNS = ("id", "date", "kind", "title_uk", "title_en", "settlement_id", "settlement_uk",
                    "settlement_en", "location", "lat", "lon", "participants", "priority_id",
                    "priority_uk", "priority_en")


def activity_list(engine: Engine, *, hromada_id: HromadaSelection, start: date | None = None, end: date | None = None,
                  settlement_ids: tuple[int, ...] | None = None, priority_id: int | None = None,
                  kinds: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Joint activities (public events: what, when, where, who; no personal data), newest first.

    Columns: id, date, kind, title_uk, title_en, settlement_id, settlement_uk, settlement_en,
    location, lat, lon, participants, priority_id, priority_uk, priority_en, partners_uk,
    partners_en (partner names joined with "; ", in Ukrainian name order), n_partners."""
    q = (
        select(A.c.id, A.c.date, A.c.kind, A.c.title_uk, A.c.title_en, A.c.settlement_id,
               S.c.name_uk.label("settlement_uk"), S.c.name_en.label("settlement_en"), A.c.location,
               A.c.lat, A.c.lon, A.c.participants, A.c.priority_id,
               PR.c.title_uk.label("priority_uk"), PR.c.title_en.label("priority_en"))
        .select_from(A.outerjoin(S, S.c.id == A.c.settlement_id).outerjoin(PR, PR.c.id == A.c.priority_id))
        .where(in_hromadas(A.c.hromada_id, hromada_id), _in_period(start, end),
               in_settlements(A.c.settlement_id, settlement_ids))
        .order_by(A.c.date.desc(), A.c.id.desc())
    )
    if priority_id is not None:
        q = q.where(A.c.priority_id == priority_id)
    if kinds:
        q = q.where(A.c.kind.in_(kinds))
    links = (
        select(AP.c.activity_id, P.c.name_uk, P.c.name_en)
        .select_from(AP.join(P, P.c.id == AP.c.partner_id).join(A, A.c.id == AP.c.activity_id))
        .where(in_hromadas(A.c.hromada_id, hromada_id), _in_period(start, end),
               in_settlements(A.c.settlement_id, settlement_ids))
        .order_by(AP.c.activity_id, P.c.name_uk)
    )
    with engine.connect() as conn:
        df = _frame(conn, q)
        names = _frame(conn, links)
    if names.empty:
        df["partners_uk"], df["partners_en"], df["n_partners"] = "", "", 0
        return df
    grouped = names.groupby("activity_id").agg(
        partners_uk=("name_uk", "; ".join), partners_en=("name_en", "; ".join), n_partners=("name_uk", "size"))
    df = df.merge(grouped, left_on="id", right_index=True, how="left")
    df[["partners_uk", "partners_en"]] = df[["partners_uk", "partners_en"]].fillna("")
    df["n_partners"] = df["n_partners"].fillna(0).astype(int)
    return df


def place_based_activities(engine: Engine, *, hromada_id: HromadaSelection, kinds: tuple[str, ...]) -> pd.DataFrame:
    """Activities of the given (place-based) kinds that have a point, newest first, any date.

    Columns: id, date, kind, title_uk, title_en, settlement_uk, settlement_en, location, lat, lon,
    priority_id, did_radius_m, did_weeks, did_categories (the "did it help?" choice recorded when
    the activity was planned; None when not recorded)."""
    q = (
        select(A.c.id, A.c.date, A.c.kind, A.c.title_uk, A.c.title_en, S.c.name_uk.label("settlement_uk"),
               S.c.name_en.label("settlement_en"), A.c.location, A.c.lat, A.c.lon, A.c.priority_id,
               A.c.did_radius_m, A.c.did_weeks, A.c.did_categories)
        .select_from(A.outerjoin(S, S.c.id == A.c.settlement_id))
        .where(in_hromadas(A.c.hromada_id, hromada_id), A.c.kind.in_(kinds), A.c.lat.is_not(None), A.c.lon.is_not(None))
        .order_by(A.c.date.desc(), A.c.id.desc())
    )
    with engine.connect() as conn:
        return _frame(conn, q)


def _near_daily(engine: Engine, *, hromada_id: HromadaSelection, lat: float, lon: float, radius_m: float, start: date,
                end: date, categories: tuple[str, ...] | None, group: str) -> pd.DataFrame:
    """Located incidents per day within ``radius_m`` of (lat, lon) and elsewhere in the hromada
    (columns date, area, rest; days with none are absent). The exact points are read (pre-filtered
    by a bounding box in SQL, refined by haversine here) but never returned."""
    i = schema.incident
    base = [in_hromadas(i.c.hromada_id, hromada_id), i.c.occurred_date.between(start, end), precise_to("day"),
            i.c.lat.is_not(None), i.c.lon.is_not(None)]
    base.append(i.c.category.in_(categories) if categories else i.c.category_group == group)
    lat_min, lat_max, lon_min, lon_max = bounding_box(lat, lon, radius_m)
    box = select(i.c.occurred_date, i.c.lat, i.c.lon).where(
        *base, i.c.lat.between(lat_min, lat_max), i.c.lon.between(lon_min, lon_max))
    totals = (select(i.c.occurred_date.label("date"), func.count().label("total"))
              .where(*base).group_by(i.c.occurred_date))
    with engine.connect() as conn:
        near = pd.DataFrame(conn.execute(box).all(), columns=["date", "lat", "lon"])
        total = pd.DataFrame(conn.execute(totals).all(), columns=["date", "total"])
    if total.empty:
        return pd.DataFrame({"date": [], "area": [], "rest": []})
    inside = near[haversine_m(near["lat"].to_numpy(float), near["lon"].to_numpy(float), lat, lon) <= radius_m] \
        if len(near) else near
    area = inside.groupby("date").size().rename("area")
    out = total.merge(area, left_on="date", right_index=True, how="left")
    out["area"] = out["area"].fillna(0).astype(int)
    out["rest"] = (out["total"] - out["area"]).astype(int)
    return out[["date", "area", "rest"]].sort_values("date").reset_index(drop=True)


def incidents_near_daily(engine: Engine, *, role: str, hromada_id: HromadaSelection, lat: float, lon: float, radius_m: float,
                         start: date, end: date, categories: tuple[str, ...] | None = None,
                         group: str = "community") -> pd.DataFrame:
    """Incidents with coordinates per day, within ``radius_m`` of (lat, lon) and elsewhere in the
    hromada, from ``start`` to ``end`` — the prosecutor only: a day's count within a few hundred
    metres of a named place points at people (AccessDenied for other roles; they get
    :func:`incidents_near_totals`). ``categories`` None = every category of ``group``.

    Columns: date, area, rest (days with no located incident are absent)."""
    require_records(role)
    return _near_daily(engine, hromada_id=hromada_id, lat=lat, lon=lon, radius_m=radius_m, start=start, end=end,
                       categories=categories, group=group)


def incidents_near_totals(engine: Engine, *, hromada_id: HromadaSelection, lat: float, lon: float, radius_m: float,
                          before: tuple[date, date], after: tuple[date, date],
                          categories: tuple[str, ...] | None = None, group: str = "community") -> dict[str, int]:
    """The four totals of "did it help?" for any role: located incidents within ``radius_m`` of
    (lat, lon) and in the rest of the hromada, in the ``before`` and ``after`` windows (inclusive).
    Keys: area_before, area_after, rest_before, rest_after (the page hides small ones by role)."""
    daily = _near_daily(engine, hromada_id=hromada_id, lat=lat, lon=lon, radius_m=radius_m, start=before[0],
                        end=after[1], categories=categories, group=group)
    days = pd.to_datetime(daily["date"]).dt.date if len(daily) else pd.Series(dtype="object")
    out = {}
    for name, (first, last) in (("before", before), ("after", after)):
        inside = daily[(days >= first) & (days <= last)] if len(daily) else daily
        out[f"area_{name}"] = int(inside["area"].sum()) if len(inside) else 0
        out[f"rest_{name}"] = int(inside["rest"].sum()) if len(inside) else 0
    return out


def incidents_near_blocks(engine: Engine, *, hromada_id: HromadaSelection, lat: float, lon: float, radius_m: float,
                          first: date, block_days: int, blocks: int, categories: tuple[str, ...] | None = None,
                          group: str = "community") -> pd.DataFrame:
    """Located incidents within ``radius_m`` of (lat, lon) in ``blocks`` consecutive periods of
    ``block_days`` days from ``first`` (the area's longer history for "did it help?"; for any role:
    the page hides small ones by role).

    Columns: block_start, block_end, area (every period present, 0 where none)."""
    starts = [first + timedelta(days=k * block_days) for k in range(blocks)]
    out = pd.DataFrame({"block_start": starts, "block_end": [s + timedelta(days=block_days - 1) for s in starts]})
    end = first + timedelta(days=blocks * block_days - 1)
    daily = _near_daily(engine, hromada_id=hromada_id, lat=lat, lon=lon, radius_m=radius_m, start=first, end=end,
                        categories=categories, group=group)
    area = [0] * blocks
    for day, n in zip(pd.to_datetime(daily["date"]).dt.date if len(daily) else [], daily["area"], strict=True):
        k = (day - first).days // block_days
        if 0 <= k < blocks:
            area[k] += int(n)
    out["area"] = area
    return out
