"""How far to trust this week's figures: per source, freshness, missing places, late reports, open rejections."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
from sqlalchemy import Engine, and_, case, func, select

from data_access import schema
from data_access.places import HromadaSelection, in_hromadas

QUALITY_COLUMNS = ["kind", "source", "records", "newest_record", "last_import", "no_coordinates",
                   "no_settlement", "recent", "late", "rejected_open"]
LATE_DAYS = 7
RECENT_WEEKS = 12


def _late_condition(conn, reported, occurred, days: int):
    if conn.dialect.name == "postgresql":
        return reported > occurred + timedelta(days=days)
    return func.julianday(reported) - func.julianday(occurred) > days


def source_quality(engine: Engine, *, hromada_id: HromadaSelection, today: date, late_days: int = LATE_DAYS,
                   recent_weeks: int = RECENT_WEEKS) -> pd.DataFrame:
    """One row per (kind, source) of the hromada's records. Columns:
    kind (incidents / requests / activities), source, records, newest_record (date of the newest
    event), last_import (UTC time of the source's last committed batch of that kind),
    no_coordinates and no_settlement (counts of records without them; None where the kind has no
    coordinates), recent (records of the last ``recent_weeks`` weeks), late (of those, reported more
    than ``late_days`` days after they occurred — late data that changes past weeks; None for kinds
    without a report date), rejected_open (rejected rows of the source awaiting a fix)."""
    since = today - timedelta(weeks=recent_weeks)
    i, r, a = schema.incident, schema.resident_request, schema.activity
    b, rr = schema.import_batch, schema.rejected_row
    out = []
    with engine.connect() as conn:
        late = _late_condition(conn, i.c.reported_at, i.c.occurred_at, late_days)
        q = (select(i.c.source, func.count(), func.max(i.c.occurred_date),
                    func.sum(case((i.c.lat.is_(None), 1), else_=0)),
                    func.sum(case((i.c.settlement_id.is_(None), 1), else_=0)),
                    func.sum(case((i.c.occurred_date >= since, 1), else_=0)),
                    func.sum(case((and_(i.c.occurred_date >= since, i.c.reported_at.is_not(None), late), 1), else_=0)))
             .where(in_hromadas(i.c.hromada_id, hromada_id)).group_by(i.c.source))
        for row in conn.execute(q):
            out.append(["incidents", row[0], row[1], row[2], None, row[3], row[4], row[5], row[6]])
        q = (select(r.c.source, func.count(), func.max(r.c.received_date), func.sum(case((r.c.settlement_id.is_(None), 1), else_=0)),
                    func.sum(case((r.c.received_date >= since, 1), else_=0)))
             .where(in_hromadas(r.c.hromada_id, hromada_id)).group_by(r.c.source))
        for row in conn.execute(q):
            out.append(["requests", row[0], row[1], row[2], None, None, row[3], row[4], None])
        q = (select(a.c.source, func.count(), func.max(a.c.date), func.sum(case((a.c.lat.is_(None), 1), else_=0)),
                    func.sum(case((a.c.settlement_id.is_(None), 1), else_=0)), func.sum(case((a.c.date >= since, 1), else_=0)))
             .where(in_hromadas(a.c.hromada_id, hromada_id)).group_by(a.c.source))
        for row in conn.execute(q):
            out.append(["activities", row[0], row[1], row[2], None, row[3], row[4], row[5], None])
        last = {(k, s): t for k, s, t in conn.execute(
            select(b.c.kind, b.c.source, func.max(b.c.created_at)).where(b.c.status == "committed").group_by(b.c.kind, b.c.source))}
        rejected = dict(conn.execute(
            select(b.c.source, func.count()).join(b, b.c.id == rr.c.import_batch_id)
            .where(rr.c.resolved.is_(False), b.c.status == "committed").group_by(b.c.source)).all())
    frame = pd.DataFrame(out, columns=[c for c in QUALITY_COLUMNS if c != "rejected_open"])
    demo_kinds = {"demo"}
    frame["last_import"] = [last.get((k, s)) or (last.get(("demo", s)) if s in demo_kinds else None)
                            for k, s in zip(frame["kind"], frame["source"], strict=True)]
    frame["rejected_open"] = frame["source"].map(lambda s: int(rejected.get(s, 0)))
    for col in ("records", "no_coordinates", "no_settlement", "recent", "late"):
        frame[col] = frame[col].astype("Int64")
    return frame.sort_values(["kind", "source"]).reset_index(drop=True)
