"""The database going away: every page shows a clear notice (what happened, what to do) that
retries on its own, never a traceback; when the database is back the same server draws pages again
without a restart. A throwaway PostgreSQL cluster (initdb/pg_ctl in a temporary folder, on a free
port) is stopped and started around AppTest runs."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from data_access.db_setup import upgrade_to_head
from data_access.engine import make_engine
from data_access.importing.pipeline import import_file
from data_access.reference import load_reference
from domain.roles import Role
from tests.conftest import ROOT

HEADER = "external_id,occurred_at,settlement_code,category,status\n"


def _texts(at: AppTest) -> str:
    return " ".join(str(e.value) for kind in ("title", "error", "markdown", "caption") for e in getattr(at, kind))


def _session(lang: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["lang"] = lang
    at.session_state["auth_role"] = "prosecutor"
    at.session_state["auth_user"] = "test-prosecutor"
    return at


def test_pages_show_the_outage_and_work_again_when_the_database_is_back(cluster, monkeypatch):
    engine = make_engine(cluster.url)
    upgrade_to_head(engine)
    load_reference(engine)
    content = (HEADER + "O-1,2026-11-12T10:00:00,UA32080070010087821,theft,registered\n").encode()
    assert import_file(engine, role=Role.PROSECUTOR, kind="incidents", content=content, file_name="o.csv",
                       source="police").imported == 1
    engine.dispose()
    monkeypatch.setenv("DATABASE_URL", cluster.url)

    at = _session("en")
    at.run()
    assert not at.exception
    assert "Data as of 12 November 2026" in _texts(at)

    cluster.stop()
    for page in ("pages/home.py", "pages/map.py"):  # any page in the address gets the notice
        at.switch_page(page)
        at.run()
        assert not at.exception, at.exception
        shown = _texts(at)
        assert "The database cannot be reached right now" in shown
        assert "tries again by itself every 10 s" in shown and "tell the administrator" in shown
        assert "Traceback" not in shown and "Data as of" not in shown

    fresh = _session("uk")  # a screen opened during the outage, in Ukrainian
    fresh.run()
    assert not fresh.exception and "База даних зараз недоступна" in _texts(fresh)

    cluster.start()
    at.switch_page("pages/home.py")
    at.run()  # what the notice's retry does: the same server, no restart, pooled connections renewed
    assert not at.exception
    shown = _texts(at)
    assert "cannot be reached" not in shown and "Data as of 12 November 2026" in shown


def test_a_connection_lost_in_the_middle_of_a_run_shows_the_notice(tmp_path, monkeypatch):
    from sqlalchemy.exc import OperationalError

    url = f"sqlite:///{tmp_path / 'mid.db'}"
    engine = make_engine(url)
    upgrade_to_head(engine)
    load_reference(engine)
    engine.dispose()
    monkeypatch.setenv("DATABASE_URL", url)

    def lost(*_args, **_kwargs):
        raise OperationalError("SELECT max(occurred_date) FROM incident", {},
                               Exception("server closed the connection unexpectedly"))

    monkeypatch.setattr("data_access.status.freshness", lost)  # the frame's "data as of" query
    at = _session("en")
    at.run()
    assert not at.exception
    assert "The database cannot be reached right now" in _texts(at)
