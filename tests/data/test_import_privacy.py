"""Importing and undoing check the role in the data layer, whoever calls, and audit the actor and
their role (issue 14)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from data_access import schema
from data_access.importing.pipeline import import_file, undo_batch
from domain.roles import AccessDenied, Role
from tests.data.test_importing import NOW


def _run(engine, content: bytes, *, kind: str = "incidents", role: str = Role.PROSECUTOR, **kw):
    return import_file(engine, role=role, kind=kind, content=content, file_name="f.csv", source="test", now=NOW,
                       created_by="o.kovalenko", **kw)


def _count(engine, table) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


# -- who may import and undo -----------------------------------------------------------------------
GOOD = b"external_id,occurred_at,category\n1,01.11.2026,theft\n"


@pytest.mark.parametrize("role", [Role.LEADERSHIP, Role.PARTNER, Role.ADMIN, Role.PUBLIC, None, "root"])
def test_only_the_prosecutor_imports(engine, role):
    with pytest.raises(AccessDenied):
        _run(engine, GOOD, role=role)
    assert _count(engine, schema.import_batch) == 0 and _count(engine, schema.audit_log) == 0


@pytest.mark.parametrize("role", [Role.LEADERSHIP, Role.PARTNER, Role.PUBLIC, None, "", "Prosecutor", "root"])
def test_undo_is_refused_to_roles_without_the_right(engine, role):
    r = _run(engine, GOOD)
    with pytest.raises(AccessDenied):
        undo_batch(engine, r.batch_id, role=role, username="someone")
    assert _count(engine, schema.incident) == 1


def test_import_and_undo_are_audited_with_actor_and_role(engine):
    r = _run(engine, GOOD)
    undo_batch(engine, r.batch_id, role=Role.ADMIN, username="a.admin")
    with engine.connect() as conn:
        rows = conn.execute(select(schema.audit_log.c.action, schema.audit_log.c.username, schema.audit_log.c.detail)
                            .order_by(schema.audit_log.c.id)).all()
    assert [(a, u, json.loads(d)["role"]) for a, u, d in rows] == [
        ("import", "o.kovalenko", Role.PROSECUTOR), ("import_undo", "a.admin", Role.ADMIN)]
    assert json.loads(rows[1].detail)["deleted"] == {"incident": 1}
