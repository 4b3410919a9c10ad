"""Built-in accounts: hashes, sign-in, lockout that survives a restart, management, the audit log."""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from data_access import schema
from data_access.__main__ import main as cli
from data_access.audit import failed_logins, recent, record
from data_access.engine import make_engine
from data_access.users import (
    LOCKOUT,
    MAX_FAILED_ATTEMPTS,
    UserError,
    add_user,
    authenticate,
    disable_user,
    has_accounts,
    list_users,
    set_password,
    set_role,
)
from domain.roles import AccessDenied

NOW = datetime(2099, 11, 25, 9, 0)  # after the account rows' real creation time
PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch):
    """Argon2 with small cost parameters: the same code path, milliseconds instead of seconds."""
    monkeypatch.setattr("data_access.users._hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


def _user_row(engine, username):
    with engine.connect() as conn:
        return conn.execute(select(schema.app_user).where(schema.app_user.c.username == username)).one()


def test_password_is_stored_as_a_salted_argon2_hash(engine):
    assert not has_accounts(engine)
    add_user(engine, username="olena", role="prosecutor", password=PASSWORD)
    add_user(engine, username="petro", role="partner", password=PASSWORD)
    assert has_accounts(engine)
    a, b = _user_row(engine, "olena").password_hash, _user_row(engine, "petro").password_hash
    assert a.startswith("$argon2id$") and PASSWORD not in a
    assert a != b  # same password, different salt


def test_sign_in_gives_the_role_and_audits_it(engine):
    add_user(engine, username="olena", role="prosecutor", password=PASSWORD, display_name="Олена")
    result = authenticate(engine, username="olena", password=PASSWORD, now=NOW)
    assert (result.ok, result.role, result.display_name) == (True, "prosecutor", "Олена")
    assert _user_row(engine, "olena").last_login_at == NOW
    bad = authenticate(engine, username="olena", password="wrong", now=NOW)
    unknown = authenticate(engine, username="nobody", password=PASSWORD, now=NOW)
    assert not bad.ok and not unknown.ok
    assert bad.reason == unknown.reason == "bad_credentials"  # the screen cannot tell them apart
    log = recent(engine, role="admin", since=NOW)
    assert log["action"].tolist() == ["login_failed", "login_failed", "login_ok"]
    assert log["username"].tolist() == ["nobody", "olena", "olena"]
    assert log["detail"][0]["reason"] == "unknown_user"


def test_lockout_after_five_failures_survives_a_restart(engine, tmp_path):
    add_user(engine, username="olena", role="prosecutor", password=PASSWORD)
    for n in range(MAX_FAILED_ATTEMPTS - 1):
        assert authenticate(engine, username="olena", password=f"guess {n}", now=NOW).reason == "bad_credentials"
    assert _user_row(engine, "olena").failed_attempts == MAX_FAILED_ATTEMPTS - 1
    assert authenticate(engine, username="olena", password="guess 5", now=NOW).reason == "locked"
    assert _user_row(engine, "olena").locked_until == NOW + LOCKOUT
    # A new engine (a restarted server) still refuses even the right password while locked.
    fresh = make_engine(str(engine.url)) if engine.dialect.name == "sqlite" else engine
    assert not authenticate(fresh, username="olena", password=PASSWORD, now=NOW + timedelta(minutes=14)).ok
    ok = authenticate(fresh, username="olena", password=PASSWORD, now=NOW + LOCKOUT + timedelta(seconds=1))
    assert ok.ok
    row = _user_row(engine, "olena")
    assert row.failed_attempts == 0 and row.locked_until is None
    failures = failed_logins(engine, role="admin", since=NOW - timedelta(days=1))
    assert failures.set_index("username")["failures"].to_dict() == {"olena": 6}


def test_a_successful_sign_in_resets_the_failure_count(engine):
    add_user(engine, username="olena", role="prosecutor", password=PASSWORD)
    for _ in range(3):
        authenticate(engine, username="olena", password="nope", now=NOW)
    assert authenticate(engine, username="olena", password=PASSWORD, now=NOW).ok
    for _ in range(3):
        authenticate(engine, username="olena", password="nope", now=NOW)
    assert authenticate(engine, username="olena", password=PASSWORD, now=NOW).ok  # 3 + 3 never locked


def test_disabled_role_change_and_new_password(engine):
    add_user(engine, username="olena", role="partner", password=PASSWORD)
    set_role(engine, username="olena", role="leadership")
    assert authenticate(engine, username="olena", password=PASSWORD, now=NOW).role == "leadership"
    set_password(engine, username="olena", password="another long one")
    assert not authenticate(engine, username="olena", password=PASSWORD, now=NOW).ok
    disable_user(engine, username="olena")
    assert authenticate(engine, username="olena", password="another long one", now=NOW).reason == "disabled"
    assert not has_accounts(engine)


@pytest.mark.parametrize("kwargs, message", [
    ({"username": "o", "role": "partner", "password": PASSWORD}, "user name"),
    ({"username": "olena", "role": "boss", "password": PASSWORD}, "unknown role"),
    ({"username": "olena", "role": "partner", "password": "short"}, "at least 10"),
])
def test_bad_accounts_are_refused(engine, kwargs, message):
    with pytest.raises(UserError, match=message):
        add_user(engine, **kwargs)


def test_duplicate_and_unknown_users(engine):
    add_user(engine, username="olena", role="partner", password=PASSWORD)
    with pytest.raises(UserError, match="exists"):
        add_user(engine, username="olena", role="partner", password=PASSWORD)
    with pytest.raises(UserError, match="no user"):
        set_role(engine, username="ghost", role="partner")


def test_users_and_audit_are_for_admins_only(engine):
    add_user(engine, username="olena", role="partner", password=PASSWORD)
    for role in ("prosecutor", "leadership", "partner", None, "root"):
        with pytest.raises(AccessDenied):
            list_users(engine, role=role)
        with pytest.raises(AccessDenied):
            recent(engine, role=role)
        with pytest.raises(AccessDenied):
            failed_logins(engine, role=role, since=NOW)
    users = list_users(engine, role="admin")
    assert "password_hash" not in users.columns
    assert users["username"].tolist() == ["olena"]


def test_audit_filters_and_detail(engine):
    record(engine, username="olena", action="import", detail={"file": "інциденти.csv", "rows": 120}, at=NOW)
    record(engine, username="olena", action="export", detail={"what": "records"}, at=NOW + timedelta(hours=1))
    record(engine, username="ivan", action="export", detail={}, at=NOW + timedelta(hours=2))
    assert recent(engine, role="admin", action="export")["username"].tolist() == ["ivan", "olena"]
    assert recent(engine, role="admin", username="olena", limit=1)["action"].tolist() == ["export"]
    imported = recent(engine, role="admin", action="import")
    assert imported["detail"][0] == {"file": "інциденти.csv", "rows": 120}
    assert imported["at"][0] == NOW


def test_cli_manages_users_without_a_password_in_argv(engine, monkeypatch, capsys):
    url = engine.url.render_as_string(hide_password=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert cli(["users", "add", "--username", "olena", "--role", "prosecutor", "--password-stdin",
                "--database-url", url]) == 0
    monkeypatch.setenv("NEW_PW", "from the environment")
    assert cli(["users", "set-password", "--username", "olena", "--password-env", "NEW_PW", "--database-url", url]) == 0
    assert authenticate(engine, username="olena", password="from the environment", now=NOW).ok
    assert cli(["users", "set-role", "--username", "olena", "--role", "leadership", "--database-url", url]) == 0
    assert cli(["users", "disable", "--username", "olena", "--database-url", url]) == 0
    assert cli(["users", "list", "--database-url", url]) == 0
    out = capsys.readouterr().out
    assert "olena" in out and "leadership" in out and "disabled" in out and "$argon2" not in out
    assert cli(["users", "set-role", "--username", "ghost", "--role", "partner", "--database-url", url]) == 2
    assert "no user" in capsys.readouterr().err
    actions = recent(engine, role="admin")["action"].tolist()
    assert {"user_added", "user_password_set", "user_role_changed", "user_disabled"} <= set(actions)
    assert all(json.dumps(d) for d in recent(engine, role="admin")["detail"])
