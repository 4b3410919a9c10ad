"""``python -m reports weekly-review``: exact columns, dot decimals, true/false flags, the same
figures as analytics.review.weekly_review, clear errors, and a demo warning on stderr."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import pytest
from scipy.stats import binomtest

from data_access.records import new_batch
from reports.__main__ import main
from reports.exports import csv_bytes, neutralise_formula
from tests.factories import BUCHA, add_incidents
from tests.independent_flags import expected_flags

COLUMNS = ("category,this_week,previous_week,avg_4_weeks,same_week_last_year,ytd,ytd_last_year,"
           "change_vs_previous_pct,change_vs_ytd_last_year_pct,flag_week,flag_ytd,p_week,q_week,p_ytd,q_ytd")


@pytest.fixture
def db(sqlite_engine):
    add_incidents(sqlite_engine, [
        *[{"occurred_at": datetime(2026, 11, 17, 10), "category": "theft"}] * 12,  # 2026-W47
        *[{"occurred_at": datetime(2026, 11, 10, 10), "category": "theft"}] * 2,  # previous week
        {"occurred_at": datetime(2026, 10, 21, 10), "category": "theft"},
        *[{"occurred_at": datetime(2025, 11, 18, 10), "category": "fraud"}] * 3,  # 2025-W47
        {"occurred_at": datetime(2026, 11, 18, 10), "category": "explosive_objects", "category_group": "war"},
    ])
    return str(sqlite_engine.url)


def _run(capsys, *args) -> tuple[int, str, str]:
    code = main(["weekly-review", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def _assert_flags(rows: dict[str, dict]) -> None:
    """p/q/flags of the rows with counts against tests/independent_flags.py; rows without counts are empty."""
    theft = {date(2026, 11, 17): 12, date(2026, 11, 10): 2, date(2026, 10, 21): 1}
    fraud = {date(2025, 11, 18): 3}
    expected = expected_flags({"theft": theft, "fraud": fraud, "all": theft | fraud}, date(2026, 11, 16),
                              ytd=(date(2026, 1, 1), date(2026, 11, 22)),
                              ytd_last_year=(date(2025, 1, 1), date(2025, 11, 22)))
    for key, row in rows.items():
        for column in ("p_week", "q_week", "p_ytd", "q_ytd"):
            want = expected[key][column] if key in expected else None
            assert (row[column] == "") == (want is None), (key, column)
            if want is not None:
                assert float(row[column]) == pytest.approx(want, rel=1e-5), (key, column)
        for column in ("flag_week", "flag_ytd"):
            assert row[column] == ("true" if key in expected and expected[key][column] else "false"), (key, column)
    assert expected["theft"]["flag_week"]  # 12 against 3 over four weeks, from a quiet history
    assert binomtest(12, 15, 0.2).pvalue < 0.05


def test_csv_columns_and_figures(db, capsys, tmp_path):
    out = tmp_path / "w47.csv"
    code, _, err = _run(capsys, "--week", "2026-W47", "--hromada", BUCHA, "--format", "csv", "--out", str(out),
                        "--database-url", db)
    assert code == 0, err
    text = out.read_text(encoding="utf-8")
    assert next(csv.reader(io.StringIO(text))) == COLUMNS.split(",")  # every field quoted
    assert text.splitlines()[0] == ",".join(f'"{c}"' for c in COLUMNS.split(","))
    rows = {r["category"]: r for r in csv.DictReader(io.StringIO(text))}
    assert list(rows)[-1] == "all" and "explosive_objects" not in rows
    theft = rows["theft"]
    assert (theft["this_week"], theft["previous_week"], theft["avg_4_weeks"]) == ("12", "2", "0.75")
    assert theft["change_vs_previous_pct"] == "500.0"
    _assert_flags(rows)
    assert theft["ytd"] == "15" and theft["ytd_last_year"] == "0" and theft["change_vs_ytd_last_year_pct"] == ""
    fraud = rows["fraud"]
    assert fraud["same_week_last_year"] == "3" and fraud["change_vs_ytd_last_year_pct"] == "-100.0"
    assert rows["all"]["this_week"] == "12" and rows["robbery"]["change_vs_previous_pct"] == ""
    assert "WARNING" not in err  # no demo data in this database


def test_war_group_has_its_own_table(db, capsys):
    code, out, _ = _run(capsys, "--week", "2026-W47", "--group", "war", "--out", "-", "--database-url", db)
    rows = {r["category"]: r for r in csv.DictReader(io.StringIO(out))}
    assert code == 0 and rows["explosive_objects"]["this_week"] == "1" and rows["all"]["this_week"] == "1"
    assert "theft" not in rows


@pytest.mark.parametrize("week", ["2026-47", "2026-W60", "next week"])
def test_bad_week_is_a_clear_message(db, capsys, week):
    code, out, err = _run(capsys, "--week", week, "--out", "-", "--database-url", db)
    assert code == 2 and out == ""
    assert "Неправильний тиждень" in err and "expected an ISO week like 2026-W47" in err


def test_unknown_hromada(db, capsys):
    code, _, err = _run(capsys, "--week", "2026-W47", "--hromada", "UA99", "--out", "-", "--database-url", db)
    assert code == 2 and "UA99" in err and "Traceback" not in err


def test_demo_data_warning_on_stderr_only(sqlite_engine, capsys):
    with sqlite_engine.begin() as conn:
        new_batch(conn, kind="demo", source="demo", is_demo=True)
    code, out, err = _run(capsys, "--week", "2026-W47", "--out", "-", "--database-url", str(sqlite_engine.url))
    assert code == 0 and "WARNING: the database holds demo data" in err and "demo" not in out.lower()


def test_record_csv_is_excel_safe():
    import pandas as pd

    data = csv_bytes(pd.DataFrame({"Опис": ["=1+1", "+380", "-x", "@SUM", "звичайний"]}))
    assert data.startswith("\ufeff".encode())
    text = data.decode("utf-8-sig")
    assert "'=1+1" in text and "'+380" in text and "'-x" in text and "'@SUM" in text and '\n"звичайний"' in text
    assert neutralise_formula(5) == 5


def test_week_default_is_the_last_complete_week(db, capsys):
    code, _, err = _run(capsys, "--out", "-", "--database-url", db)
    assert code == 0 and "-W" in err


def test_shared_steps_refuse_an_unready_database_and_an_unwritable_file(db, capsys, tmp_path):
    """reports/cli/steps.py: every command stops with 3 on a database that is not ready and with 2
    when its output cannot be written, saying why in both languages."""
    code, _, err = _run(capsys, "--week", "2026-W47", "--out", "-", "--database-url", f"sqlite:///{tmp_path / 'no.db'}")
    assert code == 3 and "python -m data_access init" in err
    code = main(["meeting-pack", "--week", "2026-W47", "--format", "pdf", "--out", str(tmp_path / "a.pdf"),
                 "--database-url", f"sqlite:///{tmp_path / 'no.db'}"])
    assert code == 3 and "The database is not ready" in capsys.readouterr().err
    code, _, err = _run(capsys, "--week", "2026-W47", "--out", str(tmp_path), "--database-url", db)
    assert code == 2 and "Не вдається записати файл" in err and f"Cannot write {tmp_path}" in err


def test_year_to_date_against_the_occupation_is_noted_and_not_flagged(sqlite_engine, capsys):
    """2023-W20 of Bucha: last year's year to date holds 27.02–31.03.2022 (assets/…/hromada.toml), so the
    year-to-date rise (40 against 4) is not flagged, and stderr says why in both languages."""
    add_incidents(sqlite_engine, [
        *[{"occurred_at": datetime(2023, 3, 1 + k, 10), "category": "theft"} for k in range(20)],
        *[{"occurred_at": datetime(2023, 4, 1 + k, 10), "category": "theft"} for k in range(20)],
        *[{"occurred_at": datetime(2022, 4, 10 + k, 10), "category": "theft"} for k in range(4)],
    ])
    url = str(sqlite_engine.url)
    code, out, err = _run(capsys, "--week", "2023-W20", "--hromada", BUCHA, "--out", "-", "--database-url", url)
    theft = {r["category"]: r for r in csv.DictReader(io.StringIO(out))}["theft"]
    assert code == 0 and theft["ytd"] == "40" and theft["ytd_last_year"] == "4"
    assert theft["flag_ytd"] == "false" and theft["p_ytd"] == "" and theft["q_ytd"] == ""
    assert binomtest(40, 44, 0.5).pvalue < 1e-6  # without the occupation this would be flagged
    assert "період окупації" in err and "period of occupation" in err and "ytd_last_year" in err
    code, _, err = _run(capsys, "--week", "2026-W20", "--hromada", BUCHA, "--out", "-", "--database-url", url)
    assert code == 0 and "occupation" not in err
