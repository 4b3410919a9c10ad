"""Priorities on SQLite and PostgreSQL: only the prosecutor creates or edits; bad input stores
nothing; a good one is stored with its indicators and an audit entry; indicator counts."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import func, select

from data_access import schema
from data_access.priorities import (
    InvalidPriority,
    PriorityInput,
    create_priority,
    indicator_list,
    indicator_weekly,
    priority_list,
    update_priority,
)
from domain.priority_rules import IndicatorInput as Ind
from domain.roles import AccessDenied
from tests.factories import BUCHA, add_incidents, add_requests, at, ids

GOOD = PriorityInput(title_uk="Освітлення вулиць", title_en="Street lighting", start=date(2026, 1, 1),
                     end=date(2026, 12, 31),
                     indicators=(Ind("incident_category", "burglary", "decrease", 42, 34),
                                 Ind("survey_question", "safe_dark", "increase", 0.42, 0.52), Ind()))


def _count(engine, table) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def test_only_the_prosecutor_may_create(engine):
    h = ids(engine)[BUCHA]
    for role in ("partner", "leadership", "admin", None):
        with pytest.raises(AccessDenied):
            create_priority(engine, role=role, username="x", hromada_id=h, data=GOOD)
    assert _count(engine, schema.priority) == 0


@pytest.mark.parametrize("data, key", [
    (PriorityInput(title_uk="", start=date(2026, 1, 1), end=date(2026, 12, 31)), "prio.err_no_title"),
    (PriorityInput(title_uk="Тиша", start=date(2026, 12, 1), end=date(2026, 1, 1)), "prio.err_end_before_start"),
    (PriorityInput(title_uk="Тиша", start=date(2026, 1, 1), end=date(2026, 12, 31), indicators=(Ind(target=5),)),
     "prio.err_target_without_indicator"),
])
def test_bad_input_stores_nothing(engine, data, key):
    with pytest.raises(InvalidPriority) as exc:
        create_priority(engine, role="prosecutor", username="p", hromada_id=ids(engine)[BUCHA], data=data)
    assert key in [k for k, _ in exc.value.errors]
    assert _count(engine, schema.priority) == 0 and _count(engine, schema.priority_indicator) == 0
    assert _count(engine, schema.audit_log) == 0


def test_good_priority_is_stored_listed_and_audited(engine):
    h = ids(engine)[BUCHA]
    pid = create_priority(engine, role="prosecutor", username="prokuror", hromada_id=h, data=GOOD)
    prios = priority_list(engine, hromada_id=h)
    assert prios["title_uk"].tolist() == ["Освітлення вулиць"] and prios["created_by"].tolist() == ["prokuror"]
    assert not prios["is_demo"].iloc[0]
    inds = indicator_list(engine, hromada_id=h)
    assert inds[["kind", "ref", "direction"]].values.tolist() == [
        ["incident_category", "burglary", "decrease"], ["survey_question", "safe_dark", "increase"]]
    assert inds["baseline"].tolist() == [42.0, 0.42]
    with engine.connect() as conn:
        action, detail = conn.execute(select(schema.audit_log.c.action, schema.audit_log.c.detail)).one()
    assert action == "edit" and json.loads(detail)["id"] == pid

    edited = PriorityInput(title_uk="Освітлення вулиць у селах", start=date(2026, 1, 1), end=date(2027, 6, 30),
                           indicators=(Ind("request_topic", "street_lighting", "decrease", None, None),))
    update_priority(engine, role="prosecutor", username="prokuror", hromada_id=h, priority_id=pid, data=edited)
    assert priority_list(engine, hromada_id=h)["end_date"].tolist() == [date(2027, 6, 30)]
    assert indicator_list(engine, hromada_id=h)["ref"].tolist() == ["street_lighting"]
    assert _count(engine, schema.audit_log) == 2
    with pytest.raises(AccessDenied):
        update_priority(engine, role="partner", username="x", hromada_id=h, priority_id=pid, data=edited)


def test_indicator_weekly_counts(engine):
    h = ids(engine)[BUCHA]
    add_incidents(engine, [{"occurred_at": at(date(2026, 3, 2)), "category": "burglary"},
                           {"occurred_at": at(date(2026, 3, 8)), "category": "burglary"},
                           {"occurred_at": at(date(2026, 3, 9)), "category": "burglary"},
                           {"occurred_at": at(date(2026, 3, 9)), "category": "theft"}])
    add_requests(engine, [{"received_at": at(date(2026, 3, 3)), "topic": "street_lighting"}])
    w = indicator_weekly(engine, hromada_id=h, kind="incident_category", ref="burglary",
                         start=date(2026, 3, 1), end=date(2026, 3, 31))
    assert w.values.tolist() == [[date(2026, 3, 2), 2], [date(2026, 3, 9), 1]]
    r = indicator_weekly(engine, hromada_id=h, kind="request_topic", ref="street_lighting",
                         start=date(2026, 3, 1), end=date(2026, 3, 31))
    assert r["count"].tolist() == [1]


def test_cli_add_validates_and_lists(sqlite_engine, capsys):
    from data_access.__main__ import main

    url = str(sqlite_engine.url)
    assert main(["priorities", "add", "--database-url", url, "--title-uk", "", "--start", "2026-05-01",
                 "--end", "2026-01-01", "--indicator", ":::10:"]) == 2
    err = capsys.readouterr().err
    assert "Вкажіть назву пріоритету українською." in err and "Дата завершення має бути пізнішою" in err
    assert _count(sqlite_engine, schema.priority) == 0
    assert main(["priorities", "add", "--database-url", url, "--title-uk", "Тиша вночі", "--start", "2026-01-01",
                 "--end", "2026-12-31", "--indicator", "incident_category:public_order:decrease:120:90",
                 "--indicator", "request_topic:noise_public_order:decrease::"]) == 0
    assert main(["priorities", "--database-url", url, "list"]) == 0
    out = capsys.readouterr().out
    assert "Тиша вночі" in out and "incident_category:public_order:decrease:120:90" in out
    assert "request_topic:noise_public_order:decrease::" in out
    assert main(["priorities", "add", "--database-url", url, "--title-uk", "X", "--start", "2026-01-01",
                 "--end", "2026-12-31", "--indicator", "incident_category:theft:decrease:ten:5"]) == 2
    assert "is not a number" in capsys.readouterr().err
    import getpass

    from data_access.audit import recent

    edits = recent(sqlite_engine, role="admin", action="edit")  # the actor is who ran the command, not typed
    assert set(edits["username"]) == {f"cli:{getpass.getuser()}"}
