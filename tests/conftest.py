"""Shared fixtures: a fresh, migrated database per test on SQLite and (when TEST_DATABASE_URL is
set) on PostgreSQL, with the reference data from assets loaded."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from sqlalchemy import text

from data_access.db_setup import upgrade_to_head
from data_access.engine import make_engine
from data_access.reference import load_reference

ROOT = Path(__file__).resolve().parent.parent
REQUIRE_FULL = bool(os.environ.get("REQUIRE_FULL_TESTS"))


def skip_or_fail(reason: str) -> None:
    """Skip on a developer machine; fail in CI, where every kind of test must run."""
    if REQUIRE_FULL:
        pytest.fail(f"REQUIRE_FULL_TESTS is set but {reason}")
    pytest.skip(reason)


def _sqlite_engine(tmp_path):
    return make_engine(f"sqlite:///{tmp_path / 'test.db'}"), None


def _postgres_engine():
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        skip_or_fail("TEST_DATABASE_URL is not set (PostgreSQL tests)")
    schema_name = f"t_{uuid.uuid4().hex[:12]}"
    admin = make_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema_name}"'))
    admin.dispose()
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    from data_access.engine import normalise_url

    # the schema travels in the URL, so a CLI given str(engine.url) reaches the same schema
    test_url = make_url(normalise_url(url)).update_query_dict({"options": f"-csearch_path={schema_name}"})
    engine = create_engine(test_url)
    return engine, schema_name


def _drop_pg_schema(schema_name: str) -> None:
    admin = make_engine(os.environ["TEST_DATABASE_URL"])
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema_name}" CASCADE'))
    admin.dispose()


@pytest.fixture(autouse=True)
def navigation_mode(monkeypatch):
    """AppTest starts every run as a fresh server's first request, in Streamlit's old multipage mode,
    where an address names a page file that runs without app.py (it then reruns through app.py,
    losing the click that started the run). A server leaves that mode on its first run for good:
    AppTest runs are made to start as every later request does."""
    from streamlit.runtime.pages_manager import PagesManager

    class AfterTheFirstRequest(PagesManager):
        def __init__(self, *args, **kwargs):
            PagesManager.uses_pages_directory = False
            super().__init__(*args, **kwargs)

    monkeypatch.setattr("streamlit.testing.v1.app_test.PagesManager", AfterTheFirstRequest)


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path):
    """A migrated database with reference data and no records, on each backend."""
    if request.param == "sqlite":
        eng, schema_name = _sqlite_engine(tmp_path)
    else:
        eng, schema_name = _postgres_engine()
    upgrade_to_head(eng)
    load_reference(eng)
    yield eng
    eng.dispose()
    if schema_name:
        _drop_pg_schema(schema_name)


@pytest.fixture
def sqlite_engine(tmp_path):
    """A migrated SQLite database with reference data (for tests that need one backend only)."""
    eng, _ = _sqlite_engine(tmp_path)
    upgrade_to_head(eng)
    load_reference(eng)
    yield eng
    eng.dispose()
