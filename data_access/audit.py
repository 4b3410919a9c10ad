"""The audit log: who signed in (or failed to), imported, exported or edited what, and when."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import Connection, Engine, func, select

from data_access import schema
from data_access.audit_chain import append
from data_access.records import utc_now
from domain.roles import require

ACTIONS = (
    "login_ok", "login_failed", "logout", "session_timeout",
    "import", "import_undo", "export", "pack_made", "edit",
    "user_added", "user_disabled", "user_enabled", "user_role_changed", "user_password_set",
    "user_scope_changed", "scope_denied",
    "backup", "restore",
)


def record_in(conn: Connection, *, username: str | None, action: str, detail: dict | None = None,
              at: datetime | None = None) -> None:
    """Write one audit entry inside an open transaction (so it commits with the change it logs),
    chained onto the entry before it (data_access.audit_chain)."""
    if at is not None and at.tzinfo is not None:
        at = at.astimezone(UTC).replace(tzinfo=None)
    append(conn, at=at or utc_now(), username=(username or None), action=action[:64],
           detail=json.dumps(detail or {}, ensure_ascii=False, default=str, sort_keys=True))


def record(engine: Engine, *, username: str | None, action: str, detail: dict | None = None,
           at: datetime | None = None) -> None:
    """Write one audit entry (``at`` in naive UTC, now by default)."""
    with engine.begin() as conn:
        record_in(conn, username=username, action=action, detail=detail, at=at)


def recent(engine: Engine, *, role: str, limit: int = 200, action: str | None = None,
           username: str | None = None, since: datetime | None = None) -> pd.DataFrame:
    """The newest audit entries, newest first — admin role only (raises AccessDenied otherwise).

    Columns: at (naive UTC), username, action, detail (dict)."""
    require(role, "audit")
    query = select(schema.audit_log.c.at, schema.audit_log.c.username, schema.audit_log.c.action,
                   schema.audit_log.c.detail)
    if action:
        query = query.where(schema.audit_log.c.action == action)
    if username:
        query = query.where(schema.audit_log.c.username == username)
    if since is not None:
        query = query.where(schema.audit_log.c.at >= since)
    query = query.order_by(schema.audit_log.c.at.desc(), schema.audit_log.c.id.desc()).limit(int(limit))
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    df = pd.DataFrame(rows, columns=["at", "username", "action", "detail"])
    df["detail"] = [_parse(d) for d in df["detail"]]
    return df


def _parse(detail: str | None) -> dict:
    if not detail:
        return {}
    try:
        parsed = json.loads(detail)
    except json.JSONDecodeError:
        return {"text": detail}
    return parsed if isinstance(parsed, dict) else {"value": parsed}


def failed_logins(engine: Engine, *, role: str, since: datetime) -> pd.DataFrame:
    """Failed sign-ins since ``since`` per user name, most first — admin role only.

    Columns: username, failures, last_at (naive UTC)."""
    require(role, "audit")
    log = schema.audit_log
    query = (
        select(log.c.username, func.count().label("failures"), func.max(log.c.at).label("last_at"))
        .where(log.c.action == "login_failed", log.c.at >= since)
        .group_by(log.c.username)
        .order_by(func.count().desc(), log.c.username)
    )
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return pd.DataFrame(rows, columns=["username", "failures", "last_at"])


def action_names() -> tuple[str, ...]:
    """Every action this app writes (for filters on the admin page)."""
    return ACTIONS
