"""Access by decision (issue 14): PUBLIC_ACCESS says what a visitor who has not signed in opens.
With accounts and no setting only the sign-in page opens — no data page, no presentation —;
``partner_view`` keeps the partner-safe dashboard; the demo without accounts stays open."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from domain.roles import PublicAccess, Role, public_access, visitor_role
from tests.app.charts import chart_specs
from tests.conftest import ROOT

WELCOME = "Дані дашборда доступні після входу"



def _visit(page: str | None = None, **params) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    assert not at.exception
    return at


def _shows_data(at: AppTest) -> bool:
    return bool(at.metric) or bool(chart_specs(at)) or bool(at.dataframe)


def test_the_rule():
    assert public_access(None, has_accounts=True) == PublicAccess.PUBLIC_PAGE
    assert public_access(None, has_accounts=False) == PublicAccess.PARTNER_VIEW
    assert public_access(" Partner_View ", has_accounts=True) == PublicAccess.PARTNER_VIEW
    with pytest.raises(ValueError):
        public_access("everything", has_accounts=True)
    assert visitor_role(PublicAccess.PARTNER_VIEW) == Role.PARTNER
    assert visitor_role(PublicAccess.PUBLIC_PAGE) == visitor_role(PublicAccess.NONE) == Role.PUBLIC


def test_with_accounts_a_visitor_gets_the_sign_in_page_only(with_accounts):
    at = _visit()
    assert WELCOME in " ".join(i.value for i in at.info)
    assert not _shows_data(at)
    assert "filters" not in at.session_state  # no data filters drawn, no data read


@pytest.mark.parametrize("page", ["pages/home.py", "pages/map.py", "pages/partnership.py"])
def test_a_deep_link_to_a_data_page_does_not_open_it(with_accounts, page):
    """The visitor's navigation holds the sign-in page and the residents' public report card only
    (issue 22); a URL to any other page falls back to the sign-in (Streamlit serves the default
    page for a path outside the navigation)."""
    at = _visit()
    with pytest.raises(ValueError, match="Known pages") as refused:
        at.switch_page(page)
    known = re.findall(r"'([^']+\.py)'", str(refused.value).split("Known pages:")[1])
    assert known and {Path(k).name for k in known} == {"sign-in.py", "public.py"}


def test_the_presentation_needs_a_sign_in(with_accounts):
    at = _visit(mode="present")
    assert "Щоб увімкнути режим показу на екрані, спершу увійдіть." in " ".join(i.value for i in at.info)
    assert not _shows_data(at)


def test_an_unknown_setting_closes_rather_than_opens(with_accounts, monkeypatch):
    monkeypatch.setenv("PUBLIC_ACCESS", "everyone")
    assert not _shows_data(_visit())


def test_partner_view_by_decision(with_accounts, monkeypatch):
    monkeypatch.setenv("PUBLIC_ACCESS", "partner_view")
    at = _visit()
    assert _shows_data(at) and at.session_state["filters"].role == Role.PARTNER


def test_the_demo_without_accounts_stays_open(demo_db_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", demo_db_url)
    monkeypatch.delenv("PUBLIC_ACCESS", raising=False)
    assert _shows_data(_visit())


def test_signed_in_opens_the_dashboard(with_accounts):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state["auth_role"], at.session_state["auth_user"] = Role.PROSECUTOR, "olena"
    at.session_state["auth_source"] = "password"
    at.run()
    assert _shows_data(at)
