"""Built-in accounts: argon2 password hashes, the password rule, and account management (sign-in: data_access.sign_in)."""

from __future__ import annotations

import re

import pandas as pd
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, delete, func, select, update

from data_access import schema
from data_access.audit import record_in
from data_access.data_version import writing
from data_access.records import utc_now
from domain.roles import ROLES, require_admin

MIN_PASSWORD_LENGTH = 10
MIN_STRENGTH = 3  # zxcvbn score 0..4; 3 = "safely unguessable" for an online attack and a slow hash
USERNAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{1,99}$")

_hasher = PasswordHasher()  # argon2id with the library's current defaults (salted per hash)
_dummy_hashes: dict[int, str] = {}


def dummy_hash() -> str:
    """Verified against when the user name is unknown, so a wrong name costs as much time as a
    wrong password (made once per hasher, on first use: no work at import time)."""
    key = id(_hasher)
    if key not in _dummy_hashes:
        _dummy_hashes[key] = _hasher.hash("not a password of anybody")
    return _dummy_hashes[key]


class UserError(ValueError):
    """A user command that cannot be done (unknown user, duplicate name, weak password, bad role)."""


def hash_password(password: str) -> str:
    """A salted argon2id hash of ``password``."""
    return _hasher.hash(password)


def check_password(password: str, *, username: str = "", display_name: str | None = None) -> None:
    """Raise UserError for a password too short or too common to use.

    NIST SP 800-63B §5.1.1.2: at least 8 characters (here 10), checked against lists of common
    and compromised passwords, dictionary words and context-specific words (the user's own name),
    no composition rules. zxcvbn (Dropbox's estimator, MIT; its frequency lists hold the common
    passwords of public breach corpora) does the checking: below score 3 a password is refused
    with its warning."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")
    from zxcvbn import zxcvbn

    result = zxcvbn(password[:100], user_inputs=[x for x in (username, display_name, "prosecutor", "hromada",
                                                             "bucha", "прокурор") if x])
    if result["score"] < MIN_STRENGTH:
        warning = result["feedback"].get("warning") or "it is easy to guess"
        raise UserError(f"the password is too easy to guess ({warning.rstrip('.')}): use a longer phrase "
                        "of unrelated words")


def verify_password(password_hash: str, password: str) -> bool:
    """True when ``password`` matches the argon2 hash (False for a damaged hash)."""
    try:
        return _hasher.verify(password_hash, password or "")
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with older argon2 parameters than the current ones."""
    return _hasher.check_needs_rehash(password_hash)


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
    check_password(password, username=username, display_name=display_name)
    with writing(engine) as conn:
        exists = conn.execute(select(schema.app_user.c.id).where(schema.app_user.c.username == username)).first()
        if exists:
            raise UserError(f"user {username!r} exists already")
        conn.execute(schema.app_user.insert().values(
            username=username, display_name=display_name, role=role, password_hash=hash_password(password),
            disabled=False, failed_attempts=0, created_at=utc_now(),
        ))
        record_in(conn, username=actor, action="user_added", detail={"user": username, "role": role})


def _change(engine: Engine, username: str, values: dict, *, action: str, detail: dict, actor: str | None,
            forget_failures: bool = False) -> None:
    u = schema.app_user.c
    with writing(engine) as conn:
        account_id = conn.execute(select(u.id).where(u.username == username)).scalar()
        if account_id is None:
            raise UserError(f"no user {username!r}")
        conn.execute(update(schema.app_user).where(u.id == account_id).values(**values))
        if forget_failures:
            conn.execute(delete(schema.login_throttle).where(
                schema.login_throttle.c.key.like(f"account:{int(account_id)}:%")))
        record_in(conn, username=actor, action=action, detail={"user": username, **detail})


def disable_user(engine: Engine, *, username: str, actor: str | None = None) -> None:
    """Disable an account (it can no longer sign in; the row and its audit trail stay)."""
    _change(engine, username, {"disabled": True}, action="user_disabled", detail={}, actor=actor)


def enable_user(engine: Engine, *, username: str, actor: str | None = None) -> None:
    """Enable a disabled account again and forget its failed sign-ins."""
    _change(engine, username, {"disabled": False, "failed_attempts": 0}, action="user_enabled", detail={},
            actor=actor, forget_failures=True)


def set_role(engine: Engine, *, username: str, role: str, actor: str | None = None) -> None:
    """Give an account another role."""
    _check_role(role)
    _change(engine, username, {"role": role}, action="user_role_changed", detail={"role": role}, actor=actor)


def set_password(engine: Engine, *, username: str, password: str, actor: str | None = None) -> None:
    """Set a new password and forget the account's failed sign-ins."""
    check_password(password, username=username)
    _change(engine, username, {"password_hash": hash_password(password), "failed_attempts": 0},
            action="user_password_set", detail={}, actor=actor, forget_failures=True)


def list_users(engine: Engine, *, role: str) -> pd.DataFrame:
    """Every account without its hash — admin role only (the CLI passes "admin").

    Columns: username, display_name, role, disabled, failed_attempts (wrong passwords since the
    last sign-in), created_at, last_login_at (times in naive UTC)."""
    require_admin(role)
    u = schema.app_user.c
    query = select(u.username, u.display_name, u.role, u.disabled, u.failed_attempts, u.created_at,
                   u.last_login_at).order_by(u.username)
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return pd.DataFrame(rows, columns=["username", "display_name", "role", "disabled", "failed_attempts",
                                       "created_at", "last_login_at"])


def account_state(engine: Engine, *, username: str) -> tuple[str, bool] | None:
    """(role, enabled) of an account, or None when it does not exist — to re-check a session."""
    u = schema.app_user.c
    with engine.connect() as conn:
        row = conn.execute(select(u.role, u.disabled).where(u.username == username)).first()
    return None if row is None else (row.role, not row.disabled)
