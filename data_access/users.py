"""Built-in accounts: argon2 password hashes, sign-in with lockout, and account management."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

import pandas as pd
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, func, select, update

from data_access import schema
from data_access.audit import record_in
from data_access.records import utc_now
from domain.roles import ROLES, require_admin

MAX_FAILED_ATTEMPTS = 5
LOCKOUT = timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 10
USERNAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{1,99}$")

_hasher = PasswordHasher()  # argon2id with the library's current defaults (salted per hash)
_dummy_hashes: dict[int, str] = {}


def _dummy_hash() -> str:
    """Verified against when the user name is unknown, so a wrong name costs as much time as a
    wrong password (made once per hasher, on first use: no work at import time)."""
    key = id(_hasher)
    if key not in _dummy_hashes:
        _dummy_hashes[key] = _hasher.hash("not a password of anybody")
    return _dummy_hashes[key]


class UserError(ValueError):
    """A user command that cannot be done (unknown user, duplicate name, weak password, bad role)."""


@dataclass(frozen=True)
class LoginResult:
    ok: bool
    username: str | None = None
    role: str | None = None
    display_name: str | None = None
    reason: str = "ok"  # ok / bad_credentials / locked / disabled (never shown to the user)


def hash_password(password: str) -> str:
    """A salted argon2id hash of ``password``."""
    return _hasher.hash(password)


def check_password(password: str) -> None:
    """Raise UserError for a password too short to use."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise UserError(f"unknown role {role!r}; one of: {', '.join(ROLES)}")


def has_accounts(engine: Engine) -> bool:
    """True when at least one account is enabled (else the app runs in the partner-safe demo role)."""
    with engine.connect() as conn:
        n = conn.execute(select(func.count()).select_from(schema.app_user)
                         .where(schema.app_user.c.disabled.is_(False))).scalar_one()
    return n > 0


def add_user(engine: Engine, *, username: str, role: str, password: str, display_name: str | None = None,
             actor: str | None = None) -> None:
    """Create an account. Raises UserError for a bad name, role or password, or a name in use."""
    if not USERNAME_RE.match(username or ""):
        raise UserError("a user name is 2–100 characters: Latin letters, digits, . _ @ -")
    _check_role(role)
    check_password(password)
    with engine.begin() as conn:
        exists = conn.execute(select(schema.app_user.c.id).where(schema.app_user.c.username == username)).first()
        if exists:
            raise UserError(f"user {username!r} exists already")
        conn.execute(schema.app_user.insert().values(
            username=username, display_name=display_name, role=role, password_hash=hash_password(password),
            disabled=False, failed_attempts=0, created_at=utc_now(),
        ))
        record_in(conn, username=actor, action="user_added", detail={"user": username, "role": role})


def _change(engine: Engine, username: str, values: dict, *, action: str, detail: dict, actor: str | None) -> None:
    with engine.begin() as conn:
        done = conn.execute(update(schema.app_user).where(schema.app_user.c.username == username).values(**values))
        if done.rowcount == 0:
            raise UserError(f"no user {username!r}")
        record_in(conn, username=actor, action=action, detail={"user": username, **detail})


def disable_user(engine: Engine, *, username: str, actor: str | None = None) -> None:
    """Disable an account (it can no longer sign in; the row and its audit trail stay)."""
    _change(engine, username, {"disabled": True}, action="user_disabled", detail={}, actor=actor)


def enable_user(engine: Engine, *, username: str, actor: str | None = None) -> None:
    """Enable a disabled account again and clear its lock."""
    _change(engine, username, {"disabled": False, "failed_attempts": 0, "locked_until": None},
            action="user_enabled", detail={}, actor=actor)


def set_role(engine: Engine, *, username: str, role: str, actor: str | None = None) -> None:
    """Give an account another role."""
    _check_role(role)
    _change(engine, username, {"role": role}, action="user_role_changed", detail={"role": role}, actor=actor)


def set_password(engine: Engine, *, username: str, password: str, actor: str | None = None) -> None:
    """Set a new password and clear a lockout."""
    check_password(password)
    _change(engine, username, {"password_hash": hash_password(password), "failed_attempts": 0, "locked_until": None},
            action="user_password_set", detail={}, actor=actor)


def list_users(engine: Engine, *, role: str) -> pd.DataFrame:
    """Every account without its hash — admin role only (the CLI passes "admin").

    Columns: username, display_name, role, disabled, failed_attempts, locked_until, created_at,
    last_login_at (times in naive UTC)."""
    require_admin(role)
    u = schema.app_user.c
    query = select(u.username, u.display_name, u.role, u.disabled, u.failed_attempts, u.locked_until,
                   u.created_at, u.last_login_at).order_by(u.username)
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return pd.DataFrame(rows, columns=["username", "display_name", "role", "disabled", "failed_attempts",
                                       "locked_until", "created_at", "last_login_at"])


def authenticate(engine: Engine, *, username: str, password: str, now: datetime | None = None,
                 client: str | None = None) -> LoginResult:
    """Check a sign-in and audit it (login_ok / login_failed).

    After MAX_FAILED_ATTEMPTS wrong passwords in a row the account is locked for LOCKOUT (stored
    in app_user, so a restart does not lift it); while locked even the right password fails.
    The caller shows one generic message for every failure; ``reason`` is for the audit log."""
    now = now or utc_now()
    username = (username or "").strip()
    u = schema.app_user.c
    detail = {"client": client} if client else {}
    with engine.begin() as conn:
        row = conn.execute(select(u.id, u.username, u.role, u.display_name, u.password_hash, u.disabled,
                                  u.failed_attempts, u.locked_until)
                           .where(u.username == username)).first() if username else None
        if row is None:
            _verify(_dummy_hash(), password)
            record_in(conn, username=username[:100] or None, action="login_failed",
                      detail={**detail, "reason": "unknown_user"}, at=now)
            return LoginResult(False, reason="bad_credentials")
        if row.disabled:
            _verify(_dummy_hash(), password)
            record_in(conn, username=row.username, action="login_failed", detail={**detail, "reason": "disabled"}, at=now)
            return LoginResult(False, reason="disabled")
        if row.locked_until is not None and row.locked_until > now:
            record_in(conn, username=row.username, action="login_failed", detail={**detail, "reason": "locked"}, at=now)
            return LoginResult(False, reason="locked")
        if not _verify(row.password_hash, password):
            conn.execute(update(schema.app_user).where(u.id == row.id)
                         .values(failed_attempts=u.failed_attempts + 1))
            failures = conn.execute(select(u.failed_attempts).where(u.id == row.id)).scalar_one()
            reason = "bad_password"
            if failures >= MAX_FAILED_ATTEMPTS:
                conn.execute(update(schema.app_user).where(u.id == row.id)
                             .values(failed_attempts=0, locked_until=now + LOCKOUT))
                reason = "bad_password_locked"
            record_in(conn, username=row.username, action="login_failed",
                      detail={**detail, "reason": reason, "failures": failures}, at=now)
            return LoginResult(False, reason="locked" if reason == "bad_password_locked" else "bad_credentials")
        values = {"failed_attempts": 0, "locked_until": None, "last_login_at": now}
        if _hasher.check_needs_rehash(row.password_hash):
            values["password_hash"] = hash_password(password)
        conn.execute(update(schema.app_user).where(u.id == row.id).values(**values))
        record_in(conn, username=row.username, action="login_ok", detail=detail, at=now)
        return LoginResult(True, username=row.username, role=row.role, display_name=row.display_name)


def account_state(engine: Engine, *, username: str) -> tuple[str, bool] | None:
    """(role, enabled) of an account, or None when it does not exist — to re-check a session."""
    u = schema.app_user.c
    with engine.connect() as conn:
        row = conn.execute(select(u.role, u.disabled).where(u.username == username)).first()
    return None if row is None else (row.role, not row.disabled)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password or "")
    except (VerificationError, InvalidHashError):
        return False
