"""Which hromadas an account may see: its scope (some hromadas, a raion, an oblast, or all), set by an
admin, audited, and enforced here before any data function runs for a signed-in user.

An account without scope rows sees every hromada. A scope row names a hromada by its KATOTTG code, a raion
as "<oblast_uk>|<raion_uk>" (raion names repeat across oblasts) or an oblast by its Ukrainian name; a
hromada added later inside a scoped raion or oblast is in scope at once.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from sqlalchemy import Connection, Engine, delete, or_, select, tuple_

from data_access import schema
from data_access.audit import record, record_in
from data_access.data_version import writing
from domain.roles import AccessDenied, require_admin

LEVELS = ("hromada", "raion", "oblast")
RAION_SEPARATOR = "|"
SCOPED_ARGUMENTS = ("hromada_id", "hromada_ids")  # the data functions' arguments that name hromadas


class ScopeError(ValueError):
    """A scope that names no known hromada, raion or oblast (message in English for the CLI; the admin
    page offers only known values)."""


def raion_key(oblast_uk: str, raion_uk: str) -> str:
    return f"{oblast_uk}{RAION_SEPARATOR}{raion_uk}"


def _account_id(conn: Connection, username: str) -> int | None:
    return conn.execute(select(schema.app_user.c.id).where(schema.app_user.c.username == username)).scalar()


def scope_rows(engine: Engine, *, username: str) -> list[tuple[str, str]]:
    """(level, value) rows of an account's scope, ordered; empty = every hromada."""
    s, u = schema.app_user_scope, schema.app_user
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(
            select(s.c.level, s.c.value).join(u, u.c.id == s.c.user_id).where(u.c.username == username)
            .order_by(s.c.level, s.c.value)).all()]


def allowed_hromada_ids(engine: Engine, *, username: str | None) -> frozenset[int] | None:
    """The ids of the hromadas ``username`` may see; None = every hromada (no scope, or nobody signed in:
    what an anonymous visitor sees is decided by the role rules, domain.visibility)."""
    if not username:
        return None
    rows = scope_rows(engine, username=username)
    if not rows:
        return None
    h = schema.hromada.c
    by_level = {level: [v for lv, v in rows if lv == level] for level in LEVELS}
    raions = [tuple(v.split(RAION_SEPARATOR, 1)) for v in by_level["raion"] if RAION_SEPARATOR in v]
    clauses = [h.code.in_(by_level["hromada"]), h.oblast_uk.in_(by_level["oblast"])]
    if raions:
        clauses.append(tuple_(h.oblast_uk, h.raion_uk).in_(raions))
    with engine.connect() as conn:
        return frozenset(conn.execute(select(h.id).where(or_(*clauses))).scalars())


_UNSET = object()


def require_in_scope(engine: Engine, *, username: str | None, arguments: dict, allowed=_UNSET) -> None:
    """Raise AccessDenied (and write it to the audit log) when ``arguments`` of a data function name a
    hromada outside ``username``'s scope. Every page's data call passes through here
    (components.data.cached), before its cache is looked at. ``allowed``: the account's
    :func:`allowed_hromada_ids` when the caller holds them already (cached per data version)."""
    asked = set()
    for name in SCOPED_ARGUMENTS:
        value = arguments.get(name)
        if value is None:
            continue
        asked |= {int(v) for v in (value if isinstance(value, (list, tuple, set, frozenset)) else (value,))}
    if not asked:
        return
    if allowed is _UNSET:
        allowed = allowed_hromada_ids(engine, username=username)
    if allowed is None or asked <= allowed:
        return
    record(engine, username=username, action="scope_denied", detail={"hromada_ids": sorted(asked - allowed)})
    raise AccessDenied(f"user {username!r} may not see hromada {sorted(asked - allowed)}")


def hromadas_in_scope(hromadas: pd.DataFrame, allowed: frozenset[int] | None) -> pd.DataFrame:
    """The rows of a hromada table (column ``id``) an account may see."""
    return hromadas if allowed is None else hromadas[hromadas["id"].isin(allowed)]


def scope_choices(engine: Engine) -> dict[str, list[str]]:
    """What a scope can name: hromada codes, raion keys and oblast names present in the database."""
    h = schema.hromada.c
    with engine.connect() as conn:
        rows = conn.execute(select(h.code, h.raion_uk, h.oblast_uk).order_by(h.oblast_uk, h.raion_uk, h.code)).all()
    return {"hromada": [r.code for r in rows],
            "raion": sorted({raion_key(r.oblast_uk, r.raion_uk) for r in rows if r.oblast_uk and r.raion_uk}),
            "oblast": sorted({r.oblast_uk for r in rows if r.oblast_uk})}


def set_scope(engine: Engine, *, role: str, username: str, hromadas: Iterable[str] = (), raions: Iterable[str] = (),
              oblasts: Iterable[str] = (), actor: str | None = None) -> list[tuple[str, str]]:
    """Replace an account's scope (admin role only; nothing given = every hromada) and log it. A hromada
    code, raion key or oblast name not in the database raises ScopeError. Returns the new rows."""
    require_admin(role)
    wanted = sorted({("hromada", v) for v in hromadas} | {("raion", v) for v in raions}
                    | {("oblast", v) for v in oblasts})
    known = scope_choices(engine)
    unknown = [f"{level} {value!r}" for level, value in wanted if value not in known[level]]
    if unknown:
        raise ScopeError("not in the database: " + ", ".join(unknown))
    s = schema.app_user_scope
    with writing(engine) as conn:
        account = _account_id(conn, username)
        if account is None:
            raise ScopeError(f"no user {username!r}")
        before = [tuple(r) for r in conn.execute(select(s.c.level, s.c.value).where(s.c.user_id == account)
                                                 .order_by(s.c.level, s.c.value)).all()]
        conn.execute(delete(s).where(s.c.user_id == account))
        if wanted:
            conn.execute(s.insert(), [{"user_id": account, "level": lv, "value": v} for lv, v in wanted])
        record_in(conn, username=actor, action="user_scope_changed", detail={
            "user": username, "before": [f"{lv}:{v}" for lv, v in before],
            "after": [f"{lv}:{v}" for lv, v in wanted]})
    return wanted
