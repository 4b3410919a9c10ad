"""The audit log is append-only: triggers refuse UPDATE and DELETE on both databases, and an entry
changed or removed behind the triggers' back (superuser, or the SQLite file's owner) is named by
``python -m data_access verify-audit``; entries written at the same moment still form one chain."""

from __future__ import annotations

import threading
from datetime import datetime

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from data_access import schema
from data_access.__main__ import main as cli
from data_access.audit import record

LOG = schema.audit_log


def _url(engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def _five_entries(engine) -> list[int]:
    for n in range(5):
        record(engine, username=f"user{n}", action="export", detail={"file": f"f{n}.csv"},
               at=datetime(2026, 11, 20, 10, n, 0, 123456))
    with engine.connect() as conn:
        return list(conn.execute(select(LOG.c.id).order_by(LOG.c.id)).scalars())


def _behind_the_triggers(engine, statement: str, **params) -> None:
    """What someone who can switch the triggers off does."""
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("ALTER TABLE audit_log DISABLE TRIGGER USER"))
            conn.execute(text(statement), params)
            conn.execute(text("ALTER TABLE audit_log ENABLE TRIGGER USER"))
        else:
            triggers = conn.execute(text("SELECT sql FROM sqlite_master WHERE type = 'trigger' "
                                         "AND tbl_name = 'audit_log'")).scalars().all()
            assert len(triggers) == 2
            conn.execute(text("DROP TRIGGER audit_log_no_update"))
            conn.execute(text("DROP TRIGGER audit_log_no_delete"))
            conn.execute(text(statement), params)
            for sql in triggers:
                conn.execute(text(sql))


def test_update_delete_and_truncate_are_refused(engine):
    ids = _five_entries(engine)
    attempts = ["UPDATE audit_log SET username = 'nobody' WHERE id = :id", "DELETE FROM audit_log WHERE id = :id"]
    if engine.dialect.name == "postgresql":
        attempts.append("TRUNCATE audit_log")
    for statement in attempts:
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
            conn.execute(text(statement), {"id": ids[2]})
    with engine.connect() as conn:
        assert conn.execute(select(LOG.c.username).order_by(LOG.c.id)).scalars().all() == [f"user{n}" for n in range(5)]
    assert cli(["verify-audit", "--database-url", _url(engine)]) == 0


def test_a_changed_or_removed_entry_is_named_by_verify_audit(engine, capsys):
    ids = _five_entries(engine)
    assert cli(["verify-audit", "--database-url", _url(engine)]) == 0
    assert "intact: 5 entries" in capsys.readouterr().out
    _behind_the_triggers(engine, "DELETE FROM audit_log WHERE id = :id", id=ids[4])
    assert cli(["verify-audit", "--database-url", _url(engine)]) == 1
    assert "the newest entries were removed" in capsys.readouterr().out
    _behind_the_triggers(engine, "UPDATE audit_log SET detail = :d WHERE id = :id", d='{"file": "other.csv"}', id=ids[2])
    assert cli(["verify-audit", "--database-url", _url(engine)]) == 1
    out = capsys.readouterr().out
    assert f"first broken entry id {ids[2]} " in out and "changed after it was written" in out
    _behind_the_triggers(engine, "DELETE FROM audit_log WHERE id = :id", id=ids[1])
    assert cli(["verify-audit", "--database-url", _url(engine)]) == 1
    out = capsys.readouterr().out  # the entry after the hole
    assert f"first broken entry id {ids[2]} " in out and "an entry before it was removed" in out


def test_entries_written_at_the_same_moment_form_one_chain(engine):
    start = threading.Barrier(4)
    failures: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            start.wait()
            for k in range(10):
                record(engine, username=f"w{n}", action="export", detail={"k": k})
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            failures.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(LOG)).scalar_one() == 40
        prev = conn.execute(select(LOG.c.prev_hash).order_by(LOG.c.id)).scalars().all()
    assert len(set(prev)) == 40  # no two entries chained onto the same one
    assert cli(["verify-audit", "--database-url", _url(engine)]) == 0


def test_entries_written_before_the_chain_existed_are_chained_by_the_migration(engine):
    from alembic import command

    from data_access.db_setup import _config, upgrade_to_head

    cfg = _config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0003")
    with engine.begin() as conn:
        for n in range(3):
            conn.execute(text("INSERT INTO audit_log (at, username, action, detail) VALUES (:at, :u, 'login_ok', '{}')"),
                         {"at": datetime(2026, 11, 1, 9, n), "u": f"old{n}"})
    upgrade_to_head(engine)
    record(engine, username="new", action="logout")
    assert cli(["verify-audit", "--database-url", _url(engine)]) == 0
    _behind_the_triggers(engine, "UPDATE audit_log SET username = 'someone' WHERE username = 'old0'")
    assert cli(["verify-audit", "--database-url", _url(engine)]) == 1
