"""Two app servers on one database: a write from another process (the import command) shows on
each server's next page run, without clearing any cache — the pages key their caches on the
database's data version (data_access/data_version.py)."""

from __future__ import annotations

import os
import subprocess
import sys

from streamlit.testing.v1 import AppTest

from data_access.data_version import data_version
from data_access.db_setup import upgrade_to_head
from data_access.engine import make_engine
from data_access.reference import load_reference
from tests.conftest import ROOT

HEADER = "external_id,occurred_at,settlement_code,category,status\n"
BUCHA_CITY = "UA32080070010087821"


def _server(url: str) -> AppTest:
    """One app server's session: the overview as a prosecutor, in English."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["lang"] = "en"
    at.session_state["auth_role"] = "prosecutor"
    at.session_state["auth_user"] = "test-prosecutor"
    return at


def _data_as_of(at: AppTest) -> str:
    lines = [c.value for c in at.caption if "Data as of" in c.value]
    assert lines, [c.value for c in at.caption]
    return lines[0].split(" · ")[0]


def _import_command(url: str, path) -> None:
    """The import command in its own process, as a scheduled job runs it."""
    env = {**os.environ, "DATABASE_URL": url}
    done = subprocess.run([sys.executable, "-m", "data_access", "import", "--kind", "incidents", str(path),
                           "--source", "police"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


def test_an_import_from_the_command_line_shows_on_both_servers_next_run(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    engine = make_engine(url)
    upgrade_to_head(engine)
    load_reference(engine)
    from data_access.importing.pipeline import import_file
    from domain.roles import Role

    first = (HEADER + f"A-1,2026-11-03T10:00:00,{BUCHA_CITY},theft,registered\n").encode()
    assert import_file(engine, role=Role.PROSECUTOR, kind="incidents", content=first, file_name="first.csv",
                       source="police").imported == 1
    monkeypatch.setenv("DATABASE_URL", url)

    server_a, server_b = _server(url), _server(url)
    for at in (server_a, server_b):
        at.run()
        assert not at.exception
        assert _data_as_of(at) == "Data as of 3 November 2026"

    version_before = data_version(engine)
    later = tmp_path / "later.csv"
    later.write_text(HEADER + f"A-2,2026-11-20T09:30:00,{BUCHA_CITY},fraud,registered\n", encoding="utf-8")
    _import_command(url, later)
    assert data_version(engine) > version_before

    server_b.run()  # the next page run of the server that did not import: no cache was cleared
    assert not server_b.exception
    assert _data_as_of(server_b) == "Data as of 20 November 2026"
    server_a.run()
    assert _data_as_of(server_a) == "Data as of 20 November 2026"
    engine.dispose()


def test_every_writing_transaction_moves_the_data_version():
    """Writers open their transactions through data_version.writing; only the audit log, sign-in
    throttling and migrations (nothing a page caches) and restore (which sets the version itself)
    use engine.begin() directly."""
    allowed = {"audit.py", "sign_in.py", "db_setup.py", "data_version.py", "backup.py", "backup_postgres.py"}
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "data_access").rglob("*.py")
                 if p.name not in allowed and "engine.begin()" in p.read_text(encoding="utf-8")]
    assert offenders == []


def test_an_import_and_its_undo_each_move_the_data_version(engine):
    from data_access.importing.pipeline import import_file, undo_batch
    from domain.roles import Role

    before = data_version(engine)
    content = (HEADER + f"B-1,2026-11-03T10:00:00,{BUCHA_CITY},theft,registered\n").encode()
    result = import_file(engine, role=Role.PROSECUTOR, kind="incidents", content=content, file_name="b.csv",
                         source="police")
    assert result.imported == 1
    after_import = data_version(engine)
    assert after_import > before
    undo_batch(engine, result.batch_id, role=Role.PROSECUTOR, username="olena")
    assert data_version(engine) > after_import
