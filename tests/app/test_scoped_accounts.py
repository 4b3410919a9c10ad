"""An account scoped to one hromada sees only it on every page: the hromada filter offers nothing else,
a URL naming another hromada opens its own, and a data call for another hromada is refused."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from data_access import schema
from data_access.engine import make_engine
from data_access.scopes import set_scope
from display.navigation import PAGES
from domain.roles import Role
from tests.conftest import ROOT
from tests.factories import BUCHA

IRPIN = "UA32080150000035443"
IRPIN_NAME = "Ірпінська міська територіальна громада"
PROSECUTOR_PAGES = [s.file for s in PAGES if Role.PROSECUTOR in s.roles and not s.public]


@pytest.fixture
def scoped(with_accounts):
    """The demo database with a second hromada (Irpin, same raion) and "olena" limited to Bucha."""
    engine = make_engine(with_accounts)
    with engine.begin() as conn:
        conn.execute(schema.hromada.insert().values(
            code=IRPIN, name_uk=IRPIN_NAME, name_en="Irpin urban hromada", raion_uk="Бучанський район",
            raion_en="Bucha raion", oblast_uk="Київська область", oblast_en="Kyiv oblast"))
    set_scope(engine, role=Role.ADMIN, username="olena", hromadas=[BUCHA], actor="admin")
    engine.dispose()
    return with_accounts


def _open(page: str, user: str, **params) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    at.session_state["auth_role"] = Role.PROSECUTOR
    at.session_state["auth_user"] = user
    at.run()
    if page != "pages/home.py":
        at.switch_page(page)
        at.run()
    return at


def _hromada_options(at: AppTest) -> list[str]:
    box = next(s for s in at.sidebar.selectbox if s.key == "_w_hromada_uk")
    return list(box.options)


@pytest.mark.parametrize("page", PROSECUTOR_PAGES)
def test_a_scoped_account_sees_only_its_hromada_on_every_page(scoped, page):
    at = _open(page, "olena", hromada=IRPIN)
    assert not at.exception
    assert _hromada_options(at) == ["Бучанська міська територіальна громада"]
    assert at.session_state["filters"].hromada_code == BUCHA
    shown = " ".join(str(e.value) for kind in ("markdown", "caption", "title", "header", "subheader", "info")
                     for e in getattr(at, kind))
    assert IRPIN_NAME not in shown


def test_an_account_without_scope_is_offered_both(scoped):
    at = _open("pages/home.py", "someone-else", hromada=IRPIN)
    assert not at.exception
    assert IRPIN_NAME in _hromada_options(at)
    assert at.session_state["filters"].hromada_code == IRPIN


def test_a_data_call_for_another_hromada_is_refused_on_the_page(scoped):
    """A page that asked for another hromada's data (a bug, or a crafted session) gets the refusal
    notice, not the data, and the audit log keeps the attempt."""
    at = _open("pages/home.py", "olena")
    engine = make_engine(scoped)
    with engine.connect() as conn:
        irpin_id = conn.execute(select(schema.hromada.c.id).where(schema.hromada.c.code == IRPIN)).scalar_one()
    script = f"""
import streamlit as st
from components.data import cached
from components.shell import outage_guard
from datetime import date
from data_access.overview import incident_count
st.session_state["auth_user"] = "olena"
with outage_guard():
    cached(incident_count, hromada_id={irpin_id}, start=date(2026, 1, 1), end=date(2026, 11, 1))
    st.write("DATA SHOWN")
"""
    probe = AppTest.from_string(script, default_timeout=60)
    probe.run()
    assert not probe.exception
    assert "DATA SHOWN" not in " ".join(m.value for m in probe.markdown)
    assert "не входить до переліку" in probe.error[0].value
    with engine.connect() as conn:
        actions = list(conn.execute(select(schema.audit_log.c.action)).scalars())
    engine.dispose()
    assert "scope_denied" in actions
    assert at.session_state["filters"].hromada_code == BUCHA
