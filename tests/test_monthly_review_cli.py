"""``python -m reports monthly-review``: per category, the month, the month before, the same month a year
earlier and the years to date — equal to an independent count of the raw file imported, month-only and
year-only rows included where their whole month or year is in the period; clear errors."""

from __future__ import annotations

import csv
import io
import random
import re
from datetime import date, datetime

import pandas as pd
import pytest

from data_access.importing.pipeline import import_file
from data_access.incident_months import monthly_category_counts
from domain.roles import Role
from reports.__main__ import main
from tests.factories import BUCHA, csv_file, ids

COLUMNS = ["category", "this_month", "previous_month", "same_month_last_year", "ytd", "ytd_last_year"]
CATEGORIES = ("theft", "robbery", "fraud")


def _raw_rows(seed: int = 18) -> list[list[str]]:
    """Incidents of 2023–2024 written as police.uk and others write dates: a month only (2024-12,
    12.2024), a day with or without a time, a year only (2024)."""
    rng = random.Random(seed)
    rows = []
    for n in range(400):
        year, month, day = rng.choice((2023, 2024)), rng.randint(1, 12), rng.randint(1, 28)
        written = rng.choice((f"{year}-{month:02d}", f"{month:02d}.{year}", f"{day:02d}.{month:02d}.{year} 10:30",
                              f"{year}-{month:02d}-{day:02d}", str(year)))
        rows.append([f"pol-{n}", written, rng.choice(CATEGORIES)])
    return rows


def _independent_count(rows: list[list[str]], year: int, month: int) -> pd.DataFrame:
    """The expected table, counted from the raw strings without the product's parsing."""
    def year_month(text: str) -> tuple[int, int | None]:
        for pattern, y, m in ((r"^(\d{4})-(\d{2})$", 1, 2), (r"^(\d{2})\.(\d{4})$", 2, 1),
                              (r"^\d{2}\.(\d{2})\.(\d{4})", 2, 1), (r"^(\d{4})-(\d{2})-\d{2}$", 1, 2)):
            found = re.match(pattern, text)
            if found:
                return int(found.group(y)), int(found.group(m))
        return int(text), None  # a year only

    frame = pd.DataFrame([(*year_month(r[1]), r[2]) for r in rows], columns=["year", "month", "category"])
    prev_year, prev_month = (year, month - 1) if month > 1 else (year - 1, 12)
    known = frame["month"].notna()

    def ytd(y: int) -> pd.Series:  # a year-only row belongs to a year to date only when it runs to December
        return (frame["year"] == y) & ((known & (frame["month"] <= month)) | (~known & (month == 12)))

    masks = {"this_month": (frame["year"] == year) & (frame["month"] == month),
             "previous_month": (frame["year"] == prev_year) & (frame["month"] == prev_month),
             "same_month_last_year": (frame["year"] == year - 1) & (frame["month"] == month),
             "ytd": ytd(year), "ytd_last_year": ytd(year - 1)}
    out = pd.DataFrame({name: frame[mask].groupby("category").size() for name, mask in masks.items()})
    out = out.reindex(list(CATEGORIES)).fillna(0).astype(int)
    out.loc["all"] = out.sum()
    return out


@pytest.fixture
def police_db(sqlite_engine):
    rows = _raw_rows()
    result = import_file(sqlite_engine, role=Role.PROSECUTOR, kind="incidents", source="police_uk",
                         content=csv_file(["Crime ID", "Month", "Crime type"], rows), file_name="street.csv",
                         mapping={"external_id": "Crime ID", "occurred_at": "Month", "category": "Crime type"},
                         now=datetime(2026, 11, 20, 12))
    assert (result.imported, result.rejected) == (400, 0)
    return str(sqlite_engine.url), rows


@pytest.mark.parametrize("month", ["2024-12", "2024-11", "2024-01"])
def test_monthly_review_equals_an_independent_count_of_the_raw_file(police_db, month, tmp_path, capsys):
    url, rows = police_db
    out = tmp_path / "monthly.csv"
    assert main(["monthly-review", "--month", month, "--hromada", BUCHA, "--format", "csv", "--out", str(out),
                 "--database-url", url]) == 0
    assert "Monthly review" in capsys.readouterr().err
    text = out.read_text(encoding="utf-8")
    assert text.splitlines()[0].replace('"', "") == ",".join(COLUMNS)
    got = pd.DataFrame(list(csv.DictReader(io.StringIO(text)))).set_index("category").astype(int)
    assert list(got.index)[-1] == "all"
    year, m = map(int, month.split("-"))
    expected = _independent_count(rows, year, m)
    assert got.loc[expected.index, COLUMNS[1:]].to_dict() == expected[COLUMNS[1:]].to_dict()
    assert got.drop(index=[*CATEGORIES, "all"]).to_numpy().sum() == 0  # no other category holds a record


def test_the_data_function_on_both_databases(engine):
    from tests.factories import add_incidents

    add_incidents(engine, [{"occurred_at": datetime(2024, 12, 1), "precision": "month"},
                           {"occurred_at": datetime(2024, 12, 31, 23, 50)},
                           {"occurred_at": datetime(2024, 1, 1), "precision": "year", "category": "fraud"},
                           {"occurred_at": datetime(2023, 12, 5, 8), "category": "fraud"}])
    table = monthly_category_counts(engine, hromada_id=ids(engine)[BUCHA], month=date(2024, 12, 1)).set_index("category")
    assert table.loc["theft", COLUMNS[1:]].tolist() == [2, 0, 0, 2, 0]
    assert table.loc["fraud", COLUMNS[1:]].tolist() == [0, 0, 1, 1, 1]
    assert table.loc["all", COLUMNS[1:]].tolist() == [2, 0, 1, 3, 1]


def test_a_bad_month_says_what_is_expected(sqlite_engine, capsys):
    code = main(["monthly-review", "--month", "12/2024", "--out", "-", "--database-url", str(sqlite_engine.url)])
    err = capsys.readouterr().err
    assert code == 2 and "2024-12" in err and "місяць" in err and "Traceback" not in err


def test_weekly_review_of_a_week_inside_the_month_counts_none_of_its_month_rows(police_db, tmp_path, capsys):
    url, rows = police_db
    out = tmp_path / "weekly.csv"
    assert main(["weekly-review", "--week", "2024-W50", "--hromada", BUCHA, "--out", str(out),
                 "--database-url", url]) == 0
    err = capsys.readouterr().err
    monday, sunday = date(2024, 12, 9), date(2024, 12, 15)
    in_week = left_out = 0
    for _id, written, _category in rows:  # every category of the raw file is a community one
        day = re.match(r"^(\d{2})\.(\d{2})\.(\d{4})", written) or re.match(r"^(\d{4})-(\d{2})-(\d{2})$", written)
        if day:
            parts = [int(g) for g in day.groups()]
            d = date(parts[2], parts[1], parts[0]) if written[2] == "." else date(*parts)
            in_week += monday <= d <= sunday
        else:
            left_out += written in ("2024-12", "12.2024", "2024")  # a month or year holding the week
    table = {r["category"]: r for r in csv.DictReader(io.StringIO(out.read_text(encoding="utf-8")))}
    assert int(table["all"]["this_week"]) == in_week
    assert left_out > 0 and f"Records left out: {left_out}," in err and f"Не враховано записів: {left_out}" in err
