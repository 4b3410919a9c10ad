"""AppTest fixtures: one demo database per test session, and a helper that opens a page."""

from __future__ import annotations

import inspect
import shutil
from datetime import date
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from streamlit.testing.v1 import AppTest

from data_access.db_setup import upgrade_to_head
from data_access.engine import make_engine
from data_access.reference import load_reference
from data_access.users import add_user
from tests.conftest import ROOT

DEMO_TODAY = date(2026, 11, 25)


@pytest.fixture(scope="session", autouse=True)
def _static_charts_keep_their_figures():
    """tests/app/charts.py: a static chart's figure stays readable by chart_specs."""
    import components.ui
    from tests.app.charts import recording

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(components.ui, "static_chart", recording(components.ui.static_chart))
        yield


@pytest.fixture(scope="session")
def demo_db_url(tmp_path_factory) -> str:
    """A SQLite database seeded with demo data up to DEMO_TODAY (shortened where the generator allows)."""
    from data_access.demo import seed_demo

    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}"
    engine = make_engine(url)
    upgrade_to_head(engine)
    load_reference(engine)
    kwargs = {"today": DEMO_TODAY}
    if "weeks" in inspect.signature(seed_demo).parameters:
        kwargs["weeks"] = 120  # enough for a year-to-date against last year
    seed_demo(engine, **kwargs)
    engine.dispose()
    return url


@pytest.fixture
def open_page(demo_db_url, monkeypatch):
    """``open_page("pages/x.py", lang="en", role="prosecutor")`` -> the AppTest after the page ran."""
    monkeypatch.setenv("DATABASE_URL", demo_db_url)

    def _open(page: str, *, lang: str = "uk", role: str | None = None, params: dict | None = None) -> AppTest:
        return run_page(page, lang=lang, role=role, params=params)

    return _open


def run_page(page: str, *, lang: str = "uk", role: str | None = None, user: str | None = None,
             params: dict | None = None, timeout: int = 120) -> AppTest:
    """Run app.py as ``role`` (signed in as ``user``, default "test-<role>") with the URL ``params``, then switch
    to ``page``; the AppTest after the page ran (DATABASE_URL names the database)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    at.query_params["lang"] = lang
    for key, value in (params or {}).items():
        at.query_params[key] = value
    if role:
        at.session_state["auth_role"] = role
        at.session_state["auth_user"] = user or f"test-{role}"
    at.run()
    if page != "pages/home.py":
        at.switch_page(page)
        at.run()
    return at


@pytest.fixture
def with_accounts(demo_db_url, tmp_path, monkeypatch):
    """A copy of the demo database with one prosecutor account ("olena") as the app's database, and
    PUBLIC_ACCESS unset: the default once accounts exist (public_page)."""
    monkeypatch.setattr("data_access.users._hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    target = tmp_path / "accounts.db"
    shutil.copy(Path(demo_db_url.removeprefix("sqlite:///")), target)
    url = f"sqlite:///{target}"
    engine = make_engine(url)
    add_user(engine, username="olena", role="prosecutor", password="correct horse battery")
    engine.dispose()
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.delenv("PUBLIC_ACCESS", raising=False)
    return url
