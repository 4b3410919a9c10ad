"""Built-in accounts: hashes, the password rule, sign-in with growing waits per client (never a lock
anyone can trigger), management, the audit log."""

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
from data_access.sign_in import (
    FREE_CLIENT_FAILURES,
    FREE_FAILURES,
    MAX_WAIT,
    authenticate,
    client_address,
    wait_after,
)
from data_access.users import (
    UserError,
    add_user,
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
    assert log["username"].isna().tolist() == [True, False, False]  # an unknown name is not written down
    assert log["username"].tolist()[1:] == ["olena", "olena"]
    assert log["detail"][0]["reason"] == "unknown_user"


def test_waits_grow_and_are_capped():
    waits = [wait_after(n, FREE_FAILURES).total_seconds() for n in range(FREE_FAILURES + 12)]
    assert waits[:FREE_FAILURES] == [0] * FREE_FAILURES
    assert waits[FREE_FAILURES:FREE_FAILURES + 4] == [1, 2, 4, 8]
    assert max(waits) == MAX_WAIT.total_seconds() == 900


def test_guessing_slows_the_guesser_not_the_owner_and_survives_a_restart(engine):
    """Anyone could lock any account for 15 minutes (issue 14): now the waits fall on the client
    that guesses; the owner on another device signs in at once."""
    add_user(engine, username="olena", role="prosecutor", password=PASSWORD)
    for n in range(FREE_FAILURES):
        r = authenticate(engine, username="olena", password=f"guess {n}", now=NOW, client="10.0.0.66")
        assert r.reason == "bad_credentials"
    assert r.retry_after == 1  # the next attempt from there waits a second
    early = authenticate(engine, username="olena", password=PASSWORD, now=NOW, client="10.0.0.66")
    assert (early.ok, early.reason, early.retry_after) == (False, "throttled", 1)
    owner = authenticate(engine, username="olena", password=PASSWORD, now=NOW, client="10.0.0.7")
    assert owner.ok
    # A new engine (a restarted server) still makes the guesser wait: the counts are in the database.
    fresh = make_engine(str(engine.url)) if engine.dialect.name == "sqlite" else engine
    wrong = authenticate(fresh, username="olena", password="guess", now=NOW + timedelta(seconds=1), client="10.0.0.66")
    assert wrong.reason == "bad_credentials" and wrong.retry_after == 2
    assert authenticate(fresh, username="olena", password=PASSWORD, now=NOW + timedelta(seconds=3),
                        client="10.0.0.66").ok
    failures = failed_logins(engine, role="admin", since=NOW - timedelta(days=1))
    assert failures.set_index("username")["failures"].to_dict() == {"olena": FREE_FAILURES + 2}


def test_the_client_behind_a_proxy_is_the_proxys_header_only_when_trusted():
    assert client_address("203.0.113.5", None, header=None, trusted=None) == "203.0.113.5"
    # a proxy on this machine (Streamlit sees no peer address) that sets X-Real-IP
    assert client_address(None, "198.51.100.7", header="X-Real-IP", trusted=None) == "198.51.100.7"
    assert client_address("10.0.0.2", "198.51.100.7, 10.0.0.2", header="X-Real-IP", trusted="10.0.0.2") == \
        "198.51.100.7"
    # a visitor who sends the header himself, straight to the app: ignored
    assert client_address("203.0.113.5", "1.2.3.4", header="X-Real-IP", trusted="10.0.0.2") == "203.0.113.5"
    assert client_address(None, "1.2.3.4", header=None, trusted=None) is None  # no header named: not believed


def test_a_client_spraying_many_names_is_slowed_down(engine):
    for n in range(FREE_CLIENT_FAILURES):
        assert authenticate(engine, username=f"name{n}", password="x", now=NOW, client="10.0.0.66").reason \
            == "bad_credentials"
    assert authenticate(engine, username="another", password="x", now=NOW, client="10.0.0.66").reason == "throttled"
    assert authenticate(engine, username="another", password="x", now=NOW, client="10.0.0.9").reason \
        == "bad_credentials"


def test_every_answer_costs_one_password_check(engine, monkeypatch):
    """Same work, so the same time, whether the name exists, the account is disabled, the password
    is wrong, the attempt is throttled or it succeeds."""
    import data_access.sign_in as sign_in

    calls = []
    real = sign_in.verify_password
    monkeypatch.setattr(sign_in, "verify_password", lambda h, p: calls.append(h) or real(h, p))
    add_user(engine, username="olena", role="prosecutor", password=PASSWORD)
    add_user(engine, username="ivan", role="partner", password=PASSWORD)
    disable_user(engine, username="ivan")
    attempts = [("nobody", PASSWORD), ("ivan", PASSWORD), ("olena", "wrong"), ("olena", "wrong"), ("olena", "wrong"),
                ("olena", PASSWORD), ("olena", PASSWORD)]
    reasons = []
    for username, password in attempts:
        before = len(calls)
        reasons.append(authenticate(engine, username=username, password=password, now=NOW, client="c").reason)
        assert len(calls) == before + 1
    assert reasons == ["bad_credentials", "disabled", "bad_credentials", "bad_credentials", "bad_credentials",
                       "throttled", "throttled"]


def test_a_password_typed_as_the_name_is_never_stored(engine):
    secret = "MySecretPassw0rd!2026"
    authenticate(engine, username=secret, password="x", now=NOW, client="10.0.0.5")
    with engine.connect() as conn:
        stored = [str(v) for table in (schema.audit_log, schema.login_throttle)
                  for row in conn.execute(select(table)).all() for v in row]
    assert stored and not any(secret in v for v in stored)


def test_a_successful_sign_in_resets_the_failure_count(engine):
    add_user(engine, username="olena", role="prosecutor", password=PASSWORD)
    later = NOW
    for _ in range(2):
        for _ in range(FREE_FAILURES - 1):
            assert authenticate(engine, username="olena", password="nope", now=later).reason == "bad_credentials"
        assert authenticate(engine, username="olena", password=PASSWORD, now=later).ok  # never made to wait
        later += timedelta(minutes=1)
    assert _user_row(engine, "olena").failed_attempts == 0


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
    ({"username": "olena", "role": "partner", "password": "password1234"}, "too easy to guess"),
    ({"username": "olena", "role": "partner", "password": "qwertyuiop123"}, "too easy to guess"),
    ({"username": "olena.kovalenko", "role": "partner", "password": "olena.kovalenko1"}, "too easy to guess"),
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
