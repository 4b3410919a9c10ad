"""Coarse dates in imports: a month or a year only is stored with its precision (police.uk's ``Month``),
a precision column makes a date coarser, a date without a time is no 00:00, and times recorded in
another time zone are converted to Kyiv time."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from data_access import schema
from data_access.importing.pipeline import import_file
from domain.dates import kyiv_local
from domain.roles import Role
from tests.factories import csv_file

NOW = datetime(2026, 11, 20, 12, 0)
HEADER = ["external_id", "occurred_at", "category"]


def _import(engine, rows, *, header=HEADER, **kw):
    return import_file(engine, role=Role.PROSECUTOR, kind="incidents", content=csv_file(header, rows),
                       file_name="coarse.csv", source="police_uk", now=NOW, **kw)


def _stored(engine) -> dict[str, tuple]:
    i = schema.incident
    with engine.connect() as conn:
        rows = conn.execute(select(i.c.external_id, i.c.occurred_at, i.c.occurred_date, i.c.occurred_until,
                                   i.c.occurred_precision, i.c.occurred_time_known)).all()
    return {r.external_id: (kyiv_local(r.occurred_at).replace(tzinfo=None), r.occurred_date, r.occurred_until,
                            r.occurred_precision, r.occurred_time_known) for r in rows}


def test_month_and_year_values_are_stored_with_their_precision(engine):
    result = _import(engine, [
        ["m-iso", "2024-12", "theft"], ["m-dot", "12.2024", "theft"], ["y", "2024", "theft"],
        ["day", "17.12.2024", "theft"], ["day-time", "17.12.2024 23:10", "theft"], ["midnight", "2024-12-17 00:00", "theft"],
    ])
    assert (result.imported, result.rejected) == (6, 0)
    got = _stored(engine)
    assert got["m-iso"] == (datetime(2024, 12, 1), date(2024, 12, 1), date(2024, 12, 31), "month", False)
    assert got["m-dot"] == got["m-iso"]
    assert got["y"] == (datetime(2024, 1, 1), date(2024, 1, 1), date(2024, 12, 31), "year", False)
    assert got["day"] == (datetime(2024, 12, 17), date(2024, 12, 17), date(2024, 12, 17), "day", False)
    assert got["day-time"] == (datetime(2024, 12, 17, 23, 10), date(2024, 12, 17), date(2024, 12, 17), "day", True)
    assert got["midnight"][3:] == ("day", True)  # a time written as 00:00 is a known time


def test_a_precision_column_makes_a_date_coarser_never_finer(engine):
    result = _import(engine, [["a", "17.12.2024 10:00", "theft", "month"], ["b", "2024-12", "theft", "день"],
                              ["c", "03.05.2024", "theft", "рік"], ["d", "03.05.2024 08:00", "theft", ""]],
                     header=[*HEADER, "occurred_precision"])
    assert (result.imported, result.rejected) == (4, 0)
    got = _stored(engine)
    assert got["a"][1:] == (date(2024, 12, 1), date(2024, 12, 31), "month", False)
    assert got["b"][3] == "month"  # "day" beside a month-only date cannot invent the day
    assert got["c"][1:] == (date(2024, 1, 1), date(2024, 12, 31), "year", False)
    assert got["d"][3:] == ("day", True)


def test_a_month_where_a_day_is_needed_is_rejected_with_its_reason(engine):
    result = _import(engine, [["a", "17.12.2024", "theft", "2024-12"]], header=[*HEADER, "reported_at"])
    assert result.rejected == 1
    with engine.connect() as conn:
        errors = conn.execute(select(schema.rejected_row.c.errors)).scalar_one()
    assert "лише місяць або рік" in errors and "only a month or a year" in errors


def test_times_recorded_in_london_are_stored_as_kyiv_time(engine):
    result = _import(engine, [
        ["winter", "2024-01-15 23:30", "theft"],  # GMT+0 -> Kyiv +2: 01:30 the next day
        ["summer", "2024-07-15 23:30", "theft"],  # BST +1 -> Kyiv +3: 01:30 the next day
        ["summer-noon", "15.07.2024 12:00", "theft"],  # -> 14:00
        ["no-time", "15.01.2024", "theft"],  # a date without a time is not shifted
        ["month", "2024-01", "theft"],
        ["offset", "2024-01-15T23:30:00+00:00", "theft"],  # an explicit offset is used as given
    ], timezone="Europe/London")
    assert (result.imported, result.rejected) == (6, 0)
    got = _stored(engine)
    assert got["winter"][:2] == (datetime(2024, 1, 16, 1, 30), date(2024, 1, 16))
    assert got["summer"][:2] == (datetime(2024, 7, 16, 1, 30), date(2024, 7, 16))
    assert got["summer-noon"][0] == datetime(2024, 7, 15, 14, 0)
    assert got["no-time"][:2] == (datetime(2024, 1, 15), date(2024, 1, 15))
    assert got["month"][1] == date(2024, 1, 1)
    assert got["offset"][0] == datetime(2024, 1, 16, 1, 30)


def test_kyiv_is_the_default_and_an_unknown_zone_refuses_the_file(engine):
    _import(engine, [["k", "2024-01-15 23:30", "theft"]])
    assert _stored(engine)["k"][0] == datetime(2024, 1, 15, 23, 30)
    refused = _import(engine, [["x", "2024-01-15 23:30", "theft"]], timezone="Europe/Atlantis")
    assert refused.exit_code == 2
    assert "Europe/Atlantis" in refused.refused.message_en and "часовий пояс" in refused.refused.message_uk


# --------------------------------------------------------------------------- the views

DEC = [  # police.uk-like: four thefts known to the day and time, three known only to December, one to 2024
    {"occurred_at": datetime(2024, 12, 10, 14, 0)}, {"occurred_at": datetime(2024, 12, 11, 22, 0)},
    {"occurred_at": datetime(2024, 12, 12, 9, 0), "category": "robbery", "severity": "grave"},
    {"occurred_at": datetime(2024, 12, 17), "time_known": False},  # a day without a time
    *[{"occurred_at": datetime(2024, 12, 1), "precision": "month"}] * 3,
    {"occurred_at": datetime(2024, 1, 1), "precision": "year"},
]


def test_week_views_leave_out_month_rows_and_say_how_many(engine):
    from analytics.review import weekly_review
    from data_access.incidents import coarse_left_out, daily_incident_counts
    from tests.factories import BUCHA, add_incidents, ids

    add_incidents(engine, DEC)
    hromada = ids(engine)[BUCHA]
    monday = date(2024, 12, 9)  # 2024-W50, inside December
    counts = daily_incident_counts(engine, hromada_id=hromada, start=date(2023, 1, 1), end=date(2024, 12, 31))
    table = weekly_review(counts, monday, keys=["theft", "robbery"], total_key="all").set_index("category")
    assert table.loc["all", "this_week"] == 3  # the three known days of that week, none of the month's rows
    assert table.loc["theft", "this_week"] == 2
    assert counts["count"].sum() == 4  # every row known to its day, and only those
    week = {"hromada_id": hromada, "start": monday, "end": date(2024, 12, 15)}
    assert coarse_left_out(engine, **week, unit="day") == 4  # three of December + one of 2024
    assert coarse_left_out(engine, **week, unit="day", category="robbery") == 0


def test_the_hour_view_leaves_out_rows_without_a_time(engine):
    from data_access.incident_geo import incident_counts
    from data_access.incidents import coarse_left_out
    from tests.factories import BUCHA, add_incidents, ids

    add_incidents(engine, DEC)
    q = {"hromada_id": ids(engine)[BUCHA], "start": date(2024, 12, 1), "end": date(2024, 12, 31)}
    grid = incident_counts(engine, by=("dow", "hour"), **q)
    assert grid["count"].sum() == 3 and 0 not in set(grid["hour"])  # nothing piles up at midnight
    assert coarse_left_out(engine, **q, unit="hour") == 5  # the day without a time, 3 months, 1 year
    weekly = incident_counts(engine, by=("week",), **q)
    assert weekly["count"].sum() == 4


def test_period_counts_take_a_month_only_where_the_period_holds_it(engine):
    from data_access.incidents import coarse_left_out
    from data_access.overview import incident_count
    from tests.factories import BUCHA, add_incidents, ids

    add_incidents(engine, DEC)
    h = ids(engine)[BUCHA]
    assert incident_count(engine, hromada_id=h, start=date(2024, 12, 1), end=date(2024, 12, 31)) == 7
    assert incident_count(engine, hromada_id=h, start=date(2024, 1, 1), end=date(2024, 12, 31)) == 8
    assert incident_count(engine, hromada_id=h, start=date(2024, 12, 9), end=date(2024, 12, 15)) == 3
    assert incident_count(engine, hromada_id=h, start=date(2024, 12, 2), end=date(2025, 1, 5)) == 4
    assert coarse_left_out(engine, hromada_id=h, start=date(2024, 12, 2), end=date(2025, 1, 5), unit="period") == 4


def test_clock_changes_in_the_source_time_zone():
    """01:30 on 27.10.2024 happens twice in London: the first (BST) one is taken — 00:30 UTC, 03:30 in
    Kyiv; 01:30 on 31.03.2024 does not exist there: it moves on to 02:00 BST — 04:00 in Kyiv."""
    import pandas as pd

    from data_access.importing.parse import parse_dates

    got = parse_dates(pd.Series(["2024-10-27 01:30", "31.03.2024 01:30"]), timezone="Europe/London")
    assert got.at.tolist() == [pd.Timestamp("2024-10-27 03:30"), pd.Timestamp("2024-03-31 04:00")]
    assert not got.bad.any()


def test_counting_by_registration_keeps_a_month_only_occurrence_registered_on_a_day(engine):
    from data_access.incidents import coarse_left_out, daily_incident_counts
    from tests.factories import BUCHA, add_incidents, ids

    add_incidents(engine, [{"occurred_at": datetime(2024, 12, 1), "precision": "month",
                            "reported_at": datetime(2024, 12, 10, 9)}])
    q = {"hromada_id": ids(engine)[BUCHA], "start": date(2024, 12, 9), "end": date(2024, 12, 15)}
    assert daily_incident_counts(engine, **q, count_by="registered")["count"].sum() == 1
    assert coarse_left_out(engine, **q, unit="day", count_by="registered") == 0
    assert daily_incident_counts(engine, **q)["count"].sum() == 0
    assert coarse_left_out(engine, **q, unit="day") == 1
