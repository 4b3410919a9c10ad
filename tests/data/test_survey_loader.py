"""Loading a survey wave: rows kept or rejected with reasons, don't-know tokens, re-import updates."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
from sqlalchemy import func, select

from data_access import schema
from data_access.importing.survey_loader import load_survey_wave
from tests.factories import BUCHA, BUCHA_CITY, ids

WAVE = {"wave_code": "2026-H1", "name_uk": "Хвиля 1", "name_en": "Wave 1", "start_date": date(2026, 3, 1),
        "end_date": date(2026, 3, 20), "source": "test-survey", "file_name": "wave1.xlsx"}


def _frame(rows: list[dict]) -> pd.DataFrame:
    base = {"respondent_id": "", "settlement": BUCHA_CITY, "age_group": "30-44", "gender": "female", "weight": "1"}
    return pd.DataFrame([{**base, **r} for r in rows], dtype=str)


def _count(engine, table, *where) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table).where(*where)).scalar_one()


def test_rows_loaded_dont_know_kept_and_bad_rows_rejected_with_reasons(engine):
    frame = _frame([
        {"respondent_id": "r1", "safe_dark": "3", "trust_police": "5"},
        {"respondent_id": "r2", "settlement": "Ворзель", "weight": "1,5", "safe_dark": "Важко відповісти",
         "trust_police": "dk"},
        {"respondent_id": "r3", "settlement": "Luby'anka", "safe_dark": "2"},  # unknown settlement
        {"respondent_id": "r4", "safe_dark": "7", "trust_police": "99"},  # outside the 1..4 scale
        {"respondent_id": "r5", "weight": "0", "gender": "alien", "safe_dark": "1"},  # two errors
        {"respondent_id": "r6", "settlement": "vorzel", "age_group": "60 років і старше", "safe_dark": "",
         "trust_police": "не знаю", "notes": "free text is ignored"},
    ])
    result = load_survey_wave(engine, frame, hromada_id=ids(engine)[BUCHA], **WAVE)
    assert result.ok and result.rows_total == 6
    assert (result.rows_imported, result.rows_updated, result.rows_rejected) == (3, 0, 3)
    assert result.ignored_columns == ["notes"]
    assert _count(engine, schema.survey_response) == 3
    assert _count(engine, schema.survey_answer, schema.survey_answer.c.dont_know.is_(True)) == 3
    assert _count(engine, schema.survey_answer) == 5  # r6 left safe_dark empty: not asked
    with engine.connect() as conn:
        rejected = conn.execute(select(schema.rejected_row.c.row_number, schema.rejected_row.c.errors)
                                .order_by(schema.rejected_row.c.row_number)).all()
        batch = conn.execute(select(schema.import_batch).where(schema.import_batch.c.id == result.batch_id)).one()
        weight = conn.execute(select(schema.survey_response.c.weight)
                              .where(schema.survey_response.c.external_id == "2026-H1:r2")).scalar_one()
    assert [r.row_number for r in rejected] == [3, 4, 5]
    errors = {r.row_number: json.loads(r.errors) for r in rejected}
    assert errors[3][0]["field"] == "settlement" and "Luby'anka" in errors[3][0]["message_uk"]
    assert errors[4][0]["message_uk"].startswith("Відповідь «7» на питання safe_dark поза шкалою 1–4")
    assert {e["field"] for e in errors[5]} == {"weight", "gender"}
    assert (batch.kind, batch.rows_total, batch.rows_imported, batch.rows_rejected) == ("survey", 6, 3, 3)
    assert weight == 1.5


def test_reimport_updates_instead_of_duplicating(engine):
    hromada = ids(engine)[BUCHA]
    load_survey_wave(engine, _frame([{"respondent_id": "a", "safe_dark": "1"}]), hromada_id=hromada, **WAVE)
    again = load_survey_wave(engine, _frame([{"respondent_id": "a", "safe_dark": "4"},
                                             {"respondent_id": "b", "safe_dark": "2"}]), hromada_id=hromada, **WAVE)
    assert (again.rows_imported, again.rows_updated) == (1, 1)
    assert _count(engine, schema.survey_wave) == 1 and _count(engine, schema.survey_response) == 2
    with engine.connect() as conn:
        values = sorted(conn.execute(select(schema.survey_answer.c.value)).scalars().all())
    assert values == [2, 4]


def test_file_level_problems_write_nothing(engine):
    hromada = ids(engine)[BUCHA]
    no_weight = pd.DataFrame([{"respondent_id": "1", "settlement": "", "age_group": "", "gender": "", "x": "1"}])
    result = load_survey_wave(engine, no_weight, hromada_id=hromada, **WAVE)
    assert not result.ok and result.batch_id is None
    codes = [e["code"] for e in result.file_errors]
    assert codes == ["missing_columns", "no_question_columns"]
    assert "weight" in result.file_errors[0]["message_uk"] and result.file_errors[0]["message_en"]
    dup = _frame([{"respondent_id": "1", "safe_dark": "1"}, {"respondent_id": "1", "safe_dark": "2"}])
    result = load_survey_wave(engine, dup, hromada_id=hromada, **{**WAVE, "end_date": date(2026, 2, 1)})
    assert [e["code"] for e in result.file_errors] == ["bad_dates"]
    assert _count(engine, schema.import_batch) == 0
    result = load_survey_wave(engine, dup, hromada_id=hromada, **WAVE)
    assert result.rows_rejected == 2  # the same respondent twice: both kept for a person to resolve
