"""Sign-in in the sidebar: demo mode without accounts, sign-in, generic failure, growing waits for
the guessing client (not a lock on the account), logout, session timeout — in Ukrainian and English."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from data_access import schema
from data_access.audit import recent
from data_access.engine import make_engine
from data_access.sign_in import FREE_FAILURES
from data_access.users import add_user
from tests.conftest import ROOT

PASSWORD = "correct horse battery"
LABELS = {
    "uk": {"user": "Ім'я користувача", "password": "Пароль", "submit": "Увійти", "out": "Вийти"},
    "en": {"user": "User name", "password": "Password", "submit": "Sign in", "out": "Sign out"},
}


@pytest.fixture(autouse=True)
def english_outside_the_script(request, monkeypatch):
    """AppTest formats a selectbox's value with the page's ``format_func`` between runs, outside
    the script, where session state (and so the chosen language) is not readable: pin ``t()`` to
    the test's language so an English session can rerun."""
    lang = getattr(request.node, "callspec", None) and request.node.callspec.params.get("lang")
    if lang == "en":
        monkeypatch.setattr("components.state.current_lang", lambda: "en")


@pytest.fixture
def accounts_db(demo_db_url, tmp_path, monkeypatch):
    """A private copy of the demo database with a prosecutor, a partner and an admin account."""
    monkeypatch.setattr("data_access.users._hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    source = Path(demo_db_url.removeprefix("sqlite:///"))
    target = tmp_path / "accounts.db"
    shutil.copy(source, target)
    url = f"sqlite:///{target}"
    engine = make_engine(url)
    add_user(engine, username="olena", role="prosecutor", password=PASSWORD, display_name="Олена Коваленко")
    add_user(engine, username="ivan", role="partner", password=PASSWORD)
    add_user(engine, username="admin", role="admin", password=PASSWORD)
    monkeypatch.setenv("DATABASE_URL", url)
    yield engine
    engine.dispose()


def _app(lang: str) -> AppTest:
    """The app after its first run, switched to ``lang`` with the sidebar's language control (a
    ``lang`` query parameter alone does not survive AppTest's reruns here)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    if lang != "uk":
        at.sidebar.get("button_group")[0].set_value(lang)
        at.run()
    assert not at.exception
    return at


def _sign_in(at: AppTest, lang: str, username: str, password: str) -> AppTest:
    labels = LABELS[lang]
    next(w for w in at.sidebar.text_input if w.label == labels["user"]).input(username)
    next(w for w in at.sidebar.text_input if w.label == labels["password"]).input(password)
    next(b for b in at.sidebar.button if b.label == labels["submit"]).click()
    at.run()
    assert not at.exception
    return at


def _sidebar_text(at: AppTest) -> str:
    return " ".join([c.value for c in at.sidebar.caption] + [e.value for e in at.sidebar.error]
                    + [i.value for i in at.sidebar.info])


@pytest.mark.parametrize("lang, note", [
    ("uk", "Демонстраційний режим: показано лише знеособлені дані для партнерів"),
    ("en", "Demo mode: only anonymised partner data is shown"),
])
def test_without_accounts_the_app_runs_partner_safe_and_says_so(demo_db_url, monkeypatch, lang, note):
    monkeypatch.setenv("DATABASE_URL", demo_db_url)
    at = _app(lang)
    assert note in _sidebar_text(at)
    assert "auth_role" not in at.session_state  # nobody signed in -> current_role() is partner
    assert not [b for b in at.sidebar.button if b.label in (LABELS[lang]["submit"], LABELS[lang]["out"])]


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_sign_in_and_out(accounts_db, lang):
    at = _app(lang)
    assert not at.metric  # accounts exist and PUBLIC_ACCESS is unset: a visitor sees the sign-in page only
    assert ("після входу" if lang == "uk" else "after signing in") in " ".join(i.value for i in at.info)
    at = _sign_in(at, lang, "olena", PASSWORD)
    assert at.metric  # the dashboard opens
    assert at.session_state["auth_role"] == "prosecutor" and at.session_state["auth_user"] == "olena"
    role_text = "прокурор" if lang == "uk" else "prosecutor"
    assert f"Олена Коваленко ({role_text})" in _sidebar_text(at)
    next(b for b in at.sidebar.button if b.label == LABELS[lang]["out"]).click()
    at.run()
    assert "auth_role" not in at.session_state
    actions = recent(accounts_db, role="admin")["action"].tolist()
    assert actions[:2] == ["logout", "login_ok"]


@pytest.mark.parametrize("lang, message", [
    ("uk", "Неправильне ім'я користувача або пароль."),
    ("en", "Wrong user name or password."),
])
def test_wrong_password_and_unknown_user_get_the_same_message(accounts_db, lang, message):
    at = _sign_in(_app(lang), lang, "olena", "not the password")
    first = _sidebar_text(at)
    assert message in first and "auth_role" not in at.session_state
    at = _sign_in(at, lang, "nobody-here", "not the password")
    assert message in _sidebar_text(at)


@pytest.mark.parametrize("lang, wait_text", [("uk", "Наступну спробу можна зробити через"),
                                             ("en", "You can try again in")])
def test_repeated_failures_make_this_client_wait_but_never_lock_the_account(accounts_db, lang, wait_text, monkeypatch):
    from datetime import timedelta

    import data_access.sign_in as throttle

    # the first wait is 1 s; on a loaded machine a page run takes longer, so the test makes it a minute
    monkeypatch.setattr(throttle, "wait_after", lambda failures, free: timedelta(minutes=1) * (failures >= free))
    at = _app(lang)
    for n in range(FREE_FAILURES):
        at = _sign_in(at, lang, "olena", f"guess {n}")
    assert wait_text in _sidebar_text(at)  # told when to try again
    at = _sign_in(at, lang, "olena", PASSWORD)  # too early from this client: not even checked
    assert "auth_role" not in at.session_state
    with accounts_db.connect() as conn:
        columns = set(schema.app_user.c.keys())
        throttled = conn.execute(select(schema.login_throttle.c.key)).scalars().all()
    assert "locked_until" not in columns and throttled  # the waits are the client's, in the database
    # The owner on another device (AppTest has no client address; the server sees another one) gets in.
    import data_access.sign_in as sign_in

    assert sign_in.authenticate(accounts_db, username="olena", password=PASSWORD, client="10.1.2.3").ok


@pytest.mark.parametrize("lang, message", [
    ("uk", "Сеанс завершено після 30 хвилин бездіяльності."),
    ("en", "The session ended after 30 minutes of inactivity."),
])
def test_idle_session_times_out(accounts_db, lang, message):
    at = _sign_in(_app(lang), lang, "olena", PASSWORD)
    assert at.session_state["auth_role"] == "prosecutor"
    at.session_state["auth_last_activity"] = time.time() - 31 * 60
    at.run()
    assert "auth_role" not in at.session_state
    assert message in _sidebar_text(at)
    assert recent(accounts_db, role="admin")["action"].tolist()[0] == "session_timeout"


def test_a_disabled_account_is_signed_out_on_the_next_click(accounts_db):
    from data_access.users import disable_user

    at = _sign_in(_app("uk"), "uk", "olena", PASSWORD)
    disable_user(accounts_db, username="olena")
    at.run()
    assert "auth_role" not in at.session_state
    assert "обліковий запис вимкнено" in " ".join(w.value for w in at.sidebar.warning)
