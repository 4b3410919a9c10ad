"""The audit log's hash chain: each entry carries the hash of the entry before it, so a changed,
removed or reordered entry shows; :func:`verify` walks the chain (``python -m data_access verify-audit``).

Database triggers (migration 0008) refuse UPDATE and DELETE on ``audit_log``; the chain catches
what someone who can switch the triggers off (a database superuser, the SQLite file's owner) did.
``audit_chain`` (one row) holds the number of entries and the newest hash — removing the newest
entries shows there — and is the lock that serialises appends: :func:`append` updates it first,
so two writers never chain onto the same entry (PostgreSQL row lock; SQLite write lock).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Engine, func, insert, select, update

from data_access import schema

GENESIS = "0" * 64  # the "previous hash" of the first entry
LOG, HEAD = schema.audit_log, schema.audit_chain


def entry_hash(*, prev_hash: str, at: datetime, username: str | None, action: str, detail: str | None) -> str:
    """SHA-256 of the entry's canonical content (sorted-key JSON of its fields and the previous hash)."""
    content = json.dumps({"prev": prev_hash, "at": at.isoformat(sep=" "), "username": username,
                          "action": action, "detail": detail}, sort_keys=True, ensure_ascii=False,
                         separators=(",", ":"))
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def append(conn: Connection, *, at: datetime, username: str | None, action: str, detail: str) -> None:
    """Append one entry inside ``conn``'s open transaction, chained onto the newest one."""
    locked = conn.execute(update(HEAD).where(HEAD.c.id == 1).values(length=HEAD.c.length + 1)).rowcount
    if not locked:  # the head row went missing: start it again from the log as it stands
        last = conn.execute(select(LOG.c.row_hash).order_by(LOG.c.id.desc()).limit(1)).scalar()
        conn.execute(insert(HEAD).values(id=1, length=_count(conn) + 1, last_hash=last or GENESIS))
    prev = conn.execute(select(HEAD.c.last_hash).where(HEAD.c.id == 1)).scalar_one()
    digest = entry_hash(prev_hash=prev, at=at, username=username, action=action, detail=detail)
    conn.execute(insert(LOG).values(at=at, username=username, action=action, detail=detail,
                                    prev_hash=prev, row_hash=digest))
    conn.execute(update(HEAD).where(HEAD.c.id == 1).values(last_hash=digest))


def _count(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(LOG)).scalar_one())


@dataclass(frozen=True)
class ChainReport:
    """``broken_id`` is the first entry whose content or link does not match (None: intact);
    ``reason`` one of: content (changed since written), link (an entry before it was removed or
    changed), missing_tail (the newest entries were removed, or the chain's head row was)."""

    entries: int
    broken_id: int | None = None
    broken_at: datetime | None = None
    reason: str | None = None

    @property
    def intact(self) -> bool:
        return self.reason is None


def verify(engine: Engine, *, chunk: int = 5000) -> ChainReport:
    """Walk the audit log in id order and check every entry's hash and link to the one before."""
    expected_prev, entries, last_id = GENESIS, 0, 0
    cols = (LOG.c.id, LOG.c.at, LOG.c.username, LOG.c.action, LOG.c.detail, LOG.c.prev_hash, LOG.c.row_hash)
    with engine.connect() as conn:
        while True:
            rows = conn.execute(select(*cols).where(LOG.c.id > last_id).order_by(LOG.c.id).limit(chunk)).all()
            for r in rows:
                if r.prev_hash != expected_prev:
                    return ChainReport(entries, r.id, r.at, "link")
                digest = entry_hash(prev_hash=r.prev_hash, at=r.at, username=r.username, action=r.action,
                                    detail=r.detail)
                if digest != r.row_hash:
                    return ChainReport(entries, r.id, r.at, "content")
                expected_prev, entries = r.row_hash, entries + 1
            if len(rows) < chunk:
                break
            last_id = rows[-1].id
        head = conn.execute(select(HEAD.c.length, HEAD.c.last_hash).where(HEAD.c.id == 1)).one_or_none()
    if (head is None and entries) or (head is not None and (head.length != entries or head.last_hash != expected_prev)):
        return ChainReport(entries, None, None, "missing_tail")
    return ChainReport(entries)
