"""The time zone of an import (issue 18): a choice on the import page and ``--timezone`` on the command
line; times of day recorded in London are stored as Kyiv time."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from data_access import schema
from data_access.__main__ import main as data_cli
from data_access.engine import make_engine
from domain.dates import kyiv_local
from tests.factories import csv_file

LONDON_WINTER = csv_file(["external_id", "occurred_at", "category"], [["tz-page-1", "15.01.2024 23:30", "theft"]])


def _stored(url: str, external_id: str) -> datetime:
    engine = make_engine(url)
    with engine.connect() as conn:
        value = conn.execute(select(schema.incident.c.occurred_at)
                             .where(schema.incident.c.external_id == external_id)).scalar_one()
    engine.dispose()
    return kyiv_local(value).replace(tzinfo=None)


def test_the_import_page_converts_london_times_to_kyiv(open_page, demo_db_url):
    at = open_page("pages/import.py", lang="uk", role="prosecutor")
    # a source of its own: the session's demo database may hold another test's mapping profile for "police"
    at.text_input(key="imp_source_incidents").set_value("london_test").run()
    at.file_uploader(key="imp_file").set_value(("london.csv", LONDON_WINTER, "text/csv")).run()
    assert at.selectbox(key="imp_timezone").value == "Europe/Kyiv"  # the default
    at.selectbox(key="imp_timezone").set_value("Europe/London").run()
    at.button(key="imp_commit").click().run()
    assert not at.exception
    assert _stored(demo_db_url, "tz-page-1") == datetime(2024, 1, 16, 1, 30)


def test_the_import_command_takes_a_timezone(sqlite_engine, tmp_path, capsys):
    url = str(sqlite_engine.url)
    path = tmp_path / "london.csv"
    path.write_bytes(csv_file(["external_id", "occurred_at", "category"], [["tz-cli-1", "2024-07-15 23:30", "theft"]]))
    assert data_cli(["import", "--kind", "incidents", str(path), "--timezone", "Europe/London",
                     "--database-url", url]) == 0
    assert _stored(url, "tz-cli-1") == datetime(2024, 7, 16, 1, 30)  # BST +1 -> Kyiv +3
    assert data_cli(["import", "--kind", "incidents", str(path), "--timezone", "London", "--database-url", url]) == 2
    out = capsys.readouterr().out
    assert "unknown time zone 'London'" in out and "невідомий часовий пояс" in out
