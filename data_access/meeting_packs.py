"""Stored meeting packs: every generated PPTX / PDF with the figures it showed ("frozen figures")."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

import pandas as pd
from sqlalchemy import Engine, func, select

from data_access import schema
from data_access.audit import record_in
from data_access.data_version import writing

MP = schema.meeting_pack
LIST_COLUMNS = ("id", "hromada_id", "week", "lang", "format", "data_as_of", "created_at", "created_by", "file_hash")


def file_hash(content: bytes) -> str:
    """SHA-256 of a file, hex."""
    return hashlib.sha256(content).hexdigest()


def save_pack(engine: Engine, *, hromada_id: int, week: str, lang: str, fmt: str, data_as_of: datetime,
              figures: dict, content: bytes, created_by: str | None = None,
              created_at: datetime | None = None) -> int:
    """Store a generated pack (the file and the figures it showed); returns its id."""
    values = {
        "hromada_id": hromada_id, "week": week, "lang": lang, "format": fmt, "data_as_of": data_as_of,
        "created_at": created_at or datetime.now().replace(microsecond=0), "created_by": created_by,
        "figures": json.dumps(figures, ensure_ascii=False, sort_keys=True), "file_hash": file_hash(content),
        "file": content,
    }
    with writing(engine) as conn:
        pack_id = int(conn.execute(MP.insert().values(**values).returning(MP.c.id)).scalar_one())
        record_in(conn, username=created_by, action="pack_made", detail={
            "pack_id": pack_id, "hromada_id": hromada_id, "week": week, "lang": lang, "format": fmt,
            "bytes": len(content)})
    return pack_id


def packs_made_since(engine: Engine, *, created_by: str, since: datetime) -> int:
    """How many packs ``created_by`` made since ``since`` (the clock of ``created_at``: server local)."""
    q = select(func.count()).select_from(MP).where(MP.c.created_by == created_by, MP.c.created_at >= since)
    with engine.connect() as conn:
        return int(conn.execute(q).scalar_one())


def pack_list(engine: Engine, *, hromada_id: int, week: str | None = None, limit: int = 50) -> pd.DataFrame:
    """Stored packs of a hromada (of one ISO week when given), newest first.

    Columns: id, hromada_id, week, lang, format, data_as_of, created_at, created_by, file_hash."""
    q = select(*[MP.c[c] for c in LIST_COLUMNS]).where(MP.c.hromada_id == hromada_id)
    if week is not None:
        q = q.where(MP.c.week == week)
    q = q.order_by(MP.c.created_at.desc(), MP.c.id.desc()).limit(limit)
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(q).all(), columns=list(LIST_COLUMNS))


def pack_file(engine: Engine, *, pack_id: int) -> tuple[bytes, str, str] | None:
    """(content, format, file_hash) of a stored pack exactly as it was made, or None."""
    q = select(MP.c.file, MP.c.format, MP.c.file_hash).where(MP.c.id == pack_id)
    with engine.connect() as conn:
        row = conn.execute(q).first()
    return None if row is None else (bytes(row.file), row.format, row.file_hash)


def pack_record(engine: Engine, *, pack_id: int) -> dict | None:
    """A stored pack's fields without the file, with ``figures`` parsed from JSON; None if absent."""
    q = select(*[MP.c[c] for c in LIST_COLUMNS], MP.c.figures).where(MP.c.id == pack_id)
    with engine.connect() as conn:
        row = conn.execute(q).mappings().first()
    if row is None:
        return None
    out = dict(row)
    out["figures"] = json.loads(out["figures"])
    return out
