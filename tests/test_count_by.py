"""Counting date (issue 16, part 3): incidents counted by the date they occurred (default) or were
registered (reported_at, in the Kyiv calendar) — the CLI and the data functions on both backends,
each against a count written here by hand (the pages: tests/app/test_count_date.py)."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta

import pandas as pd
import pytest

from data_access import incident_geo as geo
from data_access.incidents import daily_incident_counts
from reports.__main__ import main
from tests.factories import BUCHA, add_incidents, ids

W47 = date(2026, 11, 16)
# (occurred, reported) as Kyiv local times, category
ROWS = [
    (datetime(2026, 11, 17, 10), datetime(2026, 11, 17, 12), "theft"),  # both in W47
    (datetime(2026, 11, 12, 10), datetime(2026, 11, 18, 9), "theft"),  # occurred W46, registered W47
    (datetime(2026, 11, 13, 10), datetime(2026, 11, 16, 0, 30), "theft"),  # registered 00:30 Monday W47
    (datetime(2026, 11, 18, 10), datetime(2026, 11, 24, 8), "theft"),  # occurred W47, registered W48
    (datetime(2026, 11, 19, 10), None, "theft"),  # W47, registration time unknown
    (datetime(2026, 11, 20, 10), datetime(2026, 11, 20, 11), "fraud"),  # both in W47
]


def _rows() -> list[dict]:
    return [{"occurred_at": occ, "reported_at": rep, "category": cat} for occ, rep, cat in ROWS]


def _by_hand(week_monday: date, which: int, category: str | None = None) -> int:
    """Incidents whose occurred (0) or reported (1) Kyiv date falls in the ISO week."""
    n = 0
    for row in ROWS:
        when = row[which]
        if when is None or (category and row[2] != category):
            continue
        if week_monday <= when.date() <= week_monday + timedelta(days=6):
            n += 1
    return n


@pytest.fixture
def db(sqlite_engine):
    add_incidents(sqlite_engine, _rows())
    return str(sqlite_engine.url)


def _review(capsys, url: str, tmp_path, *extra) -> dict[str, dict]:
    out = tmp_path / "w.csv"
    code = main(["weekly-review", "--week", "2026-W47", "--hromada", BUCHA, "--out", str(out), "--database-url", url,
                 *extra])
    err = capsys.readouterr().err
    assert code == 0, err
    return {r["category"]: r for r in csv.DictReader(io.StringIO(out.read_text(encoding="utf-8")))}


def test_cli_counts_by_the_chosen_date(db, capsys, tmp_path):
    occurred = _review(capsys, db, tmp_path)
    default = _review(capsys, db, tmp_path, "--count-by", "occurred")
    registered = _review(capsys, db, tmp_path, "--count-by", "registered")
    assert occurred == default  # the default is unchanged: by date occurred
    for rows, which in ((occurred, 0), (registered, 1)):
        assert int(rows["theft"]["this_week"]) == _by_hand(W47, which, "theft")
        assert int(rows["theft"]["previous_week"]) == _by_hand(W47 - timedelta(weeks=1), which, "theft")
        assert int(rows["all"]["this_week"]) == _by_hand(W47, which)
    assert (occurred["theft"]["this_week"], registered["theft"]["this_week"]) == ("3", "3")
    assert (occurred["theft"]["previous_week"], registered["theft"]["previous_week"]) == ("2", "0")
    with pytest.raises(SystemExit) as stop:
        main(["weekly-review", "--week", "2026-W47", "--count-by", "reported", "--out", "-", "--database-url", db])
    assert stop.value.code == 2 and "occurred" in capsys.readouterr().err


def test_data_functions_on_both_backends(engine):
    add_incidents(engine, _rows())
    hromada = ids(engine)[BUCHA]
    for count_by, which in (("occurred", 0), ("registered", 1)):
        daily = daily_incident_counts(engine, hromada_id=hromada, start=W47 - timedelta(weeks=1),
                                      end=W47 + timedelta(days=13), count_by=count_by)
        by_day = daily.groupby("day")["count"].sum().to_dict()
        want: dict[date, int] = {}
        for row in ROWS:
            if row[which] is not None:
                want[row[which].date()] = want.get(row[which].date(), 0) + 1
        assert by_day == want, count_by
        weekly = geo.incident_counts(engine, by=("week",), hromada_id=hromada, start=W47 - timedelta(weeks=1),
                                     end=W47 + timedelta(days=13), count_by=count_by)
        got = dict(zip(pd.to_datetime(weekly["week"]).dt.date, weekly["count"], strict=True))
        expected = {w: _by_hand(w, which) for w in (W47 - timedelta(weeks=1), W47, W47 + timedelta(weeks=1))}
        assert got == {w: n for w, n in expected.items() if n}, count_by
    with pytest.raises(ValueError):
        daily_incident_counts(engine, hromada_id=hromada, start=W47, end=W47, count_by="reported")
