"""Import messages in English name the hromada's settlements in English (issue 18, part 7)."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import select

from data_access import schema
from data_access.importing.pipeline import import_file
from domain.roles import Role
from tests.factories import csv_file


def test_an_unknown_settlement_lists_the_accepted_names_in_each_language(engine):
    content = csv_file(["external_id", "occurred_at", "category", "settlement"],
                       [["x-1", "17.11.2026 10:00", "theft", "Springfield"]])
    result = import_file(engine, role=Role.PROSECUTOR, kind="incidents", content=content, file_name="x.csv",
                         source="t", now=datetime(2026, 11, 20, 12))
    assert result.rejected == 1
    with engine.connect() as conn:
        [error] = json.loads(conn.execute(select(schema.rejected_row.c.errors)).scalar_one())
    assert "Bucha" in error["message_en"] and "Vorzel" in error["message_en"]
    assert not any("\u0400" <= ch <= "\u04ff" for ch in error["message_en"].split("Accepted:")[1])
    assert "Буча" in error["message_uk"] and "Ворзель" in error["message_uk"]
