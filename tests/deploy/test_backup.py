"""Backup -> restore -> verify round trips on SQLite and PostgreSQL: the restored database holds
exactly the backed-up rows and revision, an older backup is migrated to this version's schema, and
a damaged backup changes nothing."""

from __future__ import annotations

from datetime import datetime

from alembic import command
from sqlalchemy import func, select, text

from data_access import schema
from data_access.__main__ import main as cli
from data_access.audit import record
from data_access.data_version import data_version
from data_access.db_setup import _config, current_revision, head_revision, upgrade_to_head
from data_access.importing.pipeline import import_file
from domain.roles import Role

HEADER = "external_id,occurred_at,settlement_code,category,status\n"
BUCHA_CITY = "UA32080070010087821"


def _url(engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def _import(engine, *ids: str) -> None:
    rows = "".join(f"{i},2026-11-0{n + 1}T10:00:00,{BUCHA_CITY},theft,registered\n" for n, i in enumerate(ids))
    result = import_file(engine, role=Role.PROSECUTOR, kind="incidents", content=(HEADER + rows).encode(),
                         file_name="i.csv", source="police", created_by="olena")
    assert result.imported + result.updated == len(ids)


def _incident_ids(engine) -> list[str]:
    with engine.connect() as conn:
        return list(conn.execute(select(schema.incident.c.external_id).order_by(schema.incident.c.external_id)).scalars())


def _count(engine, table) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def test_backup_then_restore_brings_back_exactly_the_backed_up_rows(engine, tmp_path, capsys):
    _import(engine, "A-1", "A-2", "A-3")
    settlements = _count(engine, schema.settlement)
    out = tmp_path / "daily.backup"
    assert cli(["backup", "--out", str(out), "--database-url", _url(engine)]) == 0
    assert "backup verified" in capsys.readouterr().out
    assert oct(out.stat().st_mode & 0o777) == "0o600"

    _import(engine, "B-1", "B-2")  # the bad day: rows that must go again
    version_before = data_version(engine)
    assert _incident_ids(engine) == ["A-1", "A-2", "A-3", "B-1", "B-2"]

    assert cli(["restore", str(out), "--database-url", _url(engine)]) == 0
    assert "restored and verified" in capsys.readouterr().out
    assert _incident_ids(engine) == ["A-1", "A-2", "A-3"]
    assert _count(engine, schema.settlement) == settlements
    assert current_revision(engine) == head_revision()
    assert data_version(engine) > version_before  # no server keeps a cached page of the bad day
    assert cli(["verify-audit", "--database-url", _url(engine)]) == 0  # the restore itself is audited
    with engine.connect() as conn:
        actions = conn.execute(select(schema.audit_log.c.action).order_by(schema.audit_log.c.id)).scalars().all()
    assert actions == ["import", "restore"]  # the backup's own entry came after its snapshot

    out.write_bytes(out.read_bytes()[:-10] + b"0123456789")  # a damaged copy changes nothing
    _import(engine, "C-1")
    assert cli(["restore", str(out), "--database-url", _url(engine)]) == 1
    assert "does not match its manifest" in capsys.readouterr().out
    assert cli(["restore", str(tmp_path / "nowhere.backup"), "--database-url", _url(engine)]) == 1
    assert "no backup file" in capsys.readouterr().out
    assert _incident_ids(engine) == ["A-1", "A-2", "A-3", "C-1"]


def test_an_older_backup_is_migrated_on_restore(engine, tmp_path, capsys):
    cfg = _config()
    with engine.begin() as conn:  # the database as version 0003 of the code left it
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0003")
        conn.execute(text("INSERT INTO audit_log (at, username, action, detail) VALUES (:at, 'old', 'login_ok', '{}')"),
                     {"at": datetime(2026, 11, 1, 9, 0)})
    out = tmp_path / "old.backup"
    assert cli(["backup", "--out", str(out), "--database-url", _url(engine)]) == 0
    assert "revision 0003" in capsys.readouterr().out

    upgrade_to_head(engine)
    _import(engine, "N-1")
    record(engine, username="new", action="logout")
    assert cli(["restore", str(out), "--database-url", _url(engine)]) == 0
    assert f"schema now at {head_revision()}" in capsys.readouterr().out
    assert current_revision(engine) == head_revision()
    assert _incident_ids(engine) == []
    with engine.connect() as conn:
        users = conn.execute(select(schema.audit_log.c.username).order_by(schema.audit_log.c.id)).scalars().all()
    assert users[0] == "old" and "new" not in users
    assert cli(["verify-audit", "--database-url", _url(engine)]) == 0
    _import(engine, "N-2")  # the migrated database takes new data
    assert _incident_ids(engine) == ["N-2"]
