"""The PostgreSQL roles of docs/deploy.md, set up with its commands and deploy/postgres-grants.sql in
a cluster of their own: the writer imports from the command line; a server on the pages' role
draws pages and signs people in, but cannot change a record — an import or an edit there is refused
by the database (the page then says where it is done: components.shell.outage_guard)."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import ProgrammingError
from streamlit.testing.v1 import AppTest

from data_access import schema
from data_access.__main__ import main as cli
from data_access.engine import make_engine
from data_access.importing.pipeline import import_file
from data_access.sign_in import authenticate
from data_access.status import refused_permission
from domain.roles import Role
from tests.conftest import ROOT

CSV = ("external_id,occurred_at,settlement_code,category,status\n"
       "R-1,2026-11-16T10:00:00,UA32080070010087821,theft,registered\n")
PASSWORD = "Kvitka-na-pidvikonni-2026"


def _command(url: str, *args: str) -> None:
    """``python -m data_access ARGS --database-url URL`` (run in this process: quicker than a new one)."""
    assert cli([*args, "--database-url", url]) == 0


@pytest.fixture(scope="module")
def roles(cluster, tmp_path_factory):
    """docs/deploy.md, "PostgreSQL": three roles, the database owned by the owner, the grants — as an older
    deployment made them, without TEMPORARY for the writer: imports then take the statement path instead of
    COPY through a temporary table (data_access.importing.store), and must store the same."""
    cluster.psql("postgres", "postgres", "-c", "CREATE ROLE hromada_owner LOGIN",
                 "-c", "CREATE ROLE hromada_writer LOGIN", "-c", "CREATE ROLE hromada_pages LOGIN",
                 "-c", "CREATE DATABASE hromada OWNER hromada_owner",
                 "-c", "REVOKE ALL ON DATABASE hromada FROM PUBLIC",
                 "-c", "GRANT CONNECT ON DATABASE hromada TO hromada_writer, hromada_pages")
    owner = cluster.url_for("hromada", "hromada_owner")
    _command(owner, "init")
    cluster.psql("hromada", "hromada_owner", "-v", "writer=hromada_writer", "-v", "pages=hromada_pages",
                 "-f", str(ROOT / "deploy" / "postgres-grants.sql"))
    writer = cluster.url_for("hromada", "hromada_writer")
    data = tmp_path_factory.mktemp("roles") / "incidents.csv"
    data.write_text(CSV, encoding="utf-8")
    _command(writer, "import", "--kind", "incidents", str(data), "--source", "police")
    os.environ["HROMADA_TEST_PW"] = PASSWORD
    try:
        _command(writer, "users", "add", "--username", "olena", "--role", "prosecutor", "--password-env",
                 "HROMADA_TEST_PW")
    finally:
        del os.environ["HROMADA_TEST_PW"]
    return {"owner": owner, "writer": writer, "pages": cluster.url_for("hromada", "hromada_pages")}


def test_the_pages_role_reads_and_signs_in_but_changes_no_record(roles):
    pages = make_engine(roles["pages"])
    assert authenticate(pages, username="olena", password=PASSWORD, client="10.0.0.7").ok
    assert not authenticate(pages, username="olena", password="wrong password", client="10.0.0.7").ok
    with pytest.raises(ProgrammingError) as refused, pages.begin() as conn:
        conn.execute(text("DELETE FROM incident"))
    assert refused_permission(refused.value)
    with pytest.raises(ProgrammingError) as refused:
        import_file(pages, role=Role.PROSECUTOR, kind="incidents", content=CSV.replace("R-1", "R-2").encode(),
                    file_name="x.csv", source="police")
    assert refused_permission(refused.value)
    with pages.connect() as conn:
        assert conn.execute(select(schema.incident.c.external_id)).scalars().all() == ["R-1"]
        assert conn.execute(select(func.count()).select_from(schema.audit_log)
                            .where(schema.audit_log.c.action.in_(["login_ok", "login_failed"]))).scalar_one() == 2
    pages.dispose()
    _command(roles["owner"], "verify-audit")


def test_a_server_on_the_pages_role_draws_the_pages(roles, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", roles["pages"])
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["lang"] = "en"
    at.session_state["auth_role"] = "prosecutor"
    at.session_state["auth_user"] = "olena"
    at.run()
    assert not at.exception
    assert any("Data as of 16 November 2026" in c.value for c in at.caption)
    at.switch_page("pages/map.py")
    at.run()
    assert not at.exception


def test_a_first_import_on_the_writers_role_keeps_the_indexes_it_may_not_drop(roles, monkeypatch):
    """A first import into a nearly empty table drops its indexes and keys while it copies (importing.store) only
    where the role owns the tables; the writer does not, so the drop is refused and it imports the ordinary way."""
    from data_access.importing import store
    from tests.factories import index_deferrals

    monkeypatch.setattr(store, "DEFERRED_INDEXES_FROM", 1)
    rows = "".join(f"W-{i},2026-11-16T10:00:00,UA32080070010087821,theft,registered\n" for i in range(3))
    writer = make_engine(roles["writer"])
    with index_deferrals(monkeypatch) as seen:
        result = import_file(writer, role=Role.PROSECUTOR, kind="incidents",
                             content=(CSV.splitlines()[0] + "\n" + rows).encode(), file_name="w.csv",
                             source="police-writer")
    with writer.connect() as conn:
        stored = conn.execute(select(schema.incident.c.external_id).where(schema.incident.c.source == "police-writer")
                              .order_by(schema.incident.c.external_id)).scalars().all()
    writer.dispose()
    assert seen == [False]
    assert (result.imported, result.rejected, stored) == (3, 0, ["W-0", "W-1", "W-2"])
