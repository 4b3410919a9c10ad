"""Sign-in: checking a password, with growing waits per client and per account-and-client.

Why not a lock on the account (the first version): five wrong passwords from anywhere locked the
account for 15 minutes, so anyone could lock anybody out, and a locked account answered at once,
telling a stranger that the name exists. Now (OWASP Authentication Cheat Sheet, NIST SP 800-63B
§5.2.2 "rate limiting"):

* failures are counted per client address (``client:<address>``) and per account and client
  (``account:<id>:<address>``); the legitimate user on another client is never slowed down by
  somebody else's guessing;
* after ``FREE_FAILURES`` failures the next attempt from there must wait 1 s, then 2, 4, 8 … up
  to ``MAX_WAIT`` (a client gets ``FREE_CLIENT_FAILURES`` before it waits: an office shares one
  address); an attempt made too early is refused without looking at the password;
* a successful sign-in clears the account-and-client counter; counters older than ``FORGET_AFTER``
  are forgotten;
* every answer costs one argon2 verification, whether the name exists, the account is disabled,
  the password is wrong or the attempt is throttled, so timing tells nothing;
* a name that matches no account is never written anywhere (people type passwords into the
  name field): the audit entry has no user name, only the reason.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, Engine, case, delete, select, update

from data_access import schema
from data_access.audit import record_in
from data_access.records import upsert, utc_now
from data_access.users import dummy_hash, hash_password, needs_rehash, verify_password

FREE_FAILURES = 3
FREE_CLIENT_FAILURES = 20
MAX_WAIT = timedelta(minutes=15)
FORGET_AFTER = timedelta(hours=24)
UNKNOWN_CLIENT = "unknown"


@dataclass(frozen=True)
class LoginResult:
    ok: bool
    username: str | None = None
    role: str | None = None
    display_name: str | None = None
    reason: str = "ok"  # ok / bad_credentials / disabled / throttled (for the audit log, never shown)
    retry_after: int = 0  # seconds until the next attempt from this client is looked at


def client_address(peer: str | None, forwarded: str | None, *, header: str | None, trusted: str | None) -> str | None:
    """Whom to count a failed sign-in against. Streamlit sees the TCP peer (``peer``; None for a
    peer on this machine). Behind a reverse proxy everybody would be the proxy, so a deployment
    names the header its proxy sets (``CLIENT_ADDRESS_HEADER``, e.g. X-Real-IP) and the header's
    value (``forwarded``) is believed only from a proxy on this machine or one listed in
    ``trusted`` (``TRUSTED_PROXIES``, comma-separated) — from anyone else it is a forgery."""
    proxies = {p.strip() for p in (trusted or "").split(",") if p.strip()}
    if header and forwarded and forwarded.strip() and (peer is None or peer in proxies):
        return forwarded.split(",")[0].strip()[:100]
    return peer or None


def wait_after(failures: int, free: int) -> timedelta:
    """How long the next attempt waits after ``failures`` failures when ``free`` come free:
    0, …, 0, 1 s, 2 s, 4 s … capped at MAX_WAIT."""
    if failures < free:
        return timedelta(0)
    return min(timedelta(seconds=2 ** min(failures - free, 20)), MAX_WAIT)


def _keys(client: str, account_id: int | None) -> dict[str, int]:
    """Throttle keys of an attempt and the failures each lets through free."""
    keys = {f"client:{client}": FREE_CLIENT_FAILURES}
    if account_id is not None:
        keys[f"account:{account_id}:{client}"] = FREE_FAILURES
    return keys


def _counters(conn: Connection, keys: dict[str, int], now: datetime) -> dict[str, tuple[int, datetime]]:
    t = schema.login_throttle.c
    rows = conn.execute(select(t.key, t.failures, t.last_failed_at).where(t.key.in_(list(keys)))).all()
    return {r.key: (r.failures, r.last_failed_at) for r in rows if now - r.last_failed_at < FORGET_AFTER}


def _retry_after(counters: dict[str, tuple[int, datetime]], keys: dict[str, int], now: datetime) -> int:
    waits = [(last + wait_after(failures, keys[key]) - now).total_seconds()
             for key, (failures, last) in counters.items()]
    return max(0, math.ceil(max(waits, default=0)))


def _count_failure(conn: Connection, keys: dict[str, int], counters: dict, now: datetime) -> None:
    """One more failure on each key, atomically (two servers may count at once); a counter older
    than FORGET_AFTER starts again at 1."""
    t = schema.login_throttle
    for key in keys:
        stmt = upsert(conn, t).values(key=key, failures=1, last_failed_at=now)
        stale = t.c.last_failed_at < now - FORGET_AFTER
        conn.execute(stmt.on_conflict_do_update(index_elements=["key"], set_={
            "failures": case((stale, 1), else_=t.c.failures + 1), "last_failed_at": now}))
        counters[key] = (counters.get(key, (0, now))[0] + 1, now)


def authenticate(engine: Engine, *, username: str, password: str, now: datetime | None = None,
                 client: str | None = None) -> LoginResult:
    """Check a sign-in, count a failure where it came from, and audit it (login_ok / login_failed).
    The caller shows one message for every failure (and, when ``retry_after`` > 0, when to try
    again); ``reason`` is for the audit log only."""
    now = now or utc_now()
    seen_from = {"client": client[:120]} if client else {}  # for the audit log: only an address that was seen
    client = (client or UNKNOWN_CLIENT)[:120]
    username = (username or "").strip()
    u = schema.app_user.c
    with engine.begin() as conn:
        row = conn.execute(select(u.id, u.username, u.role, u.display_name, u.password_hash, u.disabled)
                           .where(u.username == username)).first() if username else None
        keys = _keys(client, row.id if row is not None else None)
        counters = _counters(conn, keys, now)
        known = row.username if row is not None else None  # an unknown name is never stored
        wait = _retry_after(counters, keys, now)
        if wait:
            verify_password(dummy_hash(), password)
            record_in(conn, username=known, action="login_failed",
                      detail={**seen_from, "reason": "throttled"}, at=now)
            return LoginResult(False, reason="throttled", retry_after=wait)
        usable = row is not None and not row.disabled
        if not verify_password(row.password_hash if usable else dummy_hash(), password) or not usable:
            reason = "unknown_user" if row is None else "disabled" if row.disabled else "bad_password"
            _count_failure(conn, keys, counters, now)
            if row is not None:
                conn.execute(update(schema.app_user).where(u.id == row.id)
                             .values(failed_attempts=schema.app_user.c.failed_attempts + 1))
            record_in(conn, username=known, action="login_failed", detail={**seen_from, "reason": reason}, at=now)
            return LoginResult(False, reason="disabled" if reason == "disabled" else "bad_credentials",
                               retry_after=_retry_after(counters, keys, now))
        values = {"failed_attempts": 0, "last_login_at": now}
        if needs_rehash(row.password_hash):
            values["password_hash"] = hash_password(password)
        conn.execute(update(schema.app_user).where(u.id == row.id).values(**values))
        conn.execute(delete(schema.login_throttle).where(schema.login_throttle.c.key == f"account:{row.id}:{client}"))
        record_in(conn, username=row.username, action="login_ok", detail=seen_from, at=now)
        return LoginResult(True, username=row.username, role=row.role, display_name=row.display_name)
