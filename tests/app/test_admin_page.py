"""The admin page: users without hashes, failed sign-ins, the audit log — admins only."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from data_access.sign_in import authenticate
from tests.app.test_auth import _app, accounts_db, english_outside_the_script  # noqa: F401, F811 (fixtures)
from tests.conftest import ROOT

TEXT = {
    "uk": {"title": "Користувачі та аудит", "users": "Користувачі", "audit": "Журнал аудиту",
           "failed": "Невдалі спроби входу за добу", "action": "невдала спроба входу"},
    "en": {"title": "Users and audit", "users": "Users", "audit": "Audit log",
           "failed": "Failed sign-ins, last 24 h", "action": "failed sign-in"},
}


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_admin_sees_users_failed_sign_ins_and_the_log(accounts_db, lang):  # noqa: F811
    authenticate(accounts_db, username="olena", password="wrong password")
    authenticate(accounts_db, username="nobody", password="wrong password")
    at = _app(lang)
    at.session_state["auth_role"] = "admin"
    at.session_state["auth_user"] = "test-admin"
    at.run()
    at.switch_page("pages/users-audit.py")
    at.run()
    assert not at.exception
    words = TEXT[lang]
    assert words["title"] in [t.value for t in at.title]
    assert [words["users"], words["audit"]] == [s.value for s in at.header if s.value in (words["users"], words["audit"])]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[words["failed"]] == "2"
    frames = [df.value for df in at.dataframe]
    users = frames[0]
    assert sorted(users.iloc[:, 0]) == ["admin", "ivan", "olena"]
    assert not any("hash" in str(c).lower() for c in users.columns)
    assert not users.astype(str).apply(lambda col: col.str.contains(r"\$argon2")).any().any()
    log = frames[-1]
    assert words["action"] in set(log.iloc[:, 2])


@pytest.mark.parametrize("role", ["partner", "leadership", "prosecutor"])
def test_other_roles_are_refused_even_when_the_page_file_runs(accounts_db, role):  # noqa: F811
    at = AppTest.from_file(str(ROOT / "pages" / "users-audit.py"), default_timeout=60)
    at.session_state["auth_role"] = role
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == ["Ця сторінка доступна лише адміністраторам."]
    assert not at.dataframe


def test_the_admin_page_is_not_in_the_navigation_for_a_partner(accounts_db):  # noqa: F811
    at = _app("uk")
    with pytest.raises(ValueError, match="Could not find a navigation page") as err:
        at.switch_page("pages/users-audit.py")
    assert "pages/import-log.py" not in str(err.value) and "pages/import.py" not in str(err.value)


def test_admin_limits_an_account_to_a_hromada_on_the_page(accounts_db):  # noqa: F811
    from data_access.scopes import scope_rows

    at = _app("uk")
    at.session_state["auth_role"] = "admin"
    at.session_state["auth_user"] = "test-admin"
    at.run()
    at.switch_page("pages/users-audit.py")
    at.run()
    at.selectbox(key="scope_user").select("olena").run()
    at.multiselect(key="scope_hromada_olena").select("UA32080070000050759").run()
    at.button(key="scope_save").click().run()
    assert not at.exception
    assert "Доступ облікового запису olena змінено: Бучанська міська територіальна громада." in at.success[0].value
    assert scope_rows(accounts_db, username="olena") == [("hromada", "UA32080070000050759")]
    users = at.dataframe[0].value
    assert users.set_index(users.columns[0]).loc["olena", "Доступ до громад"] == "Бучанська міська територіальна громада"
    assert users.set_index(users.columns[0]).loc["ivan", "Доступ до громад"] == "усі громади"
