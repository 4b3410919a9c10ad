"""Survey exports from KoboToolbox and Google Forms (the example files of docs/examples/) import as they
come: headers and answer labels recognised, ids and weights supplied, personal data left out, re-imports
updating."""

from __future__ import annotations

import csv
import json
from datetime import date

from openpyxl import load_workbook
from sqlalchemy import func, select

from data_access import schema
from data_access.importing.pipeline import import_file
from domain.roles import Role
from tests.conftest import ROOT
from tests.factories import BUCHA, ids

EXAMPLES = ROOT / "docs" / "examples"
KOBO = EXAMPLES / "survey_kobotoolbox.xlsx"
GOOGLE = EXAMPLES / "survey_google_forms.csv"
WAVE = {"wave_code": "2026-10", "name_uk": "Жовтень 2026", "name_en": "October 2026",
        "start_date": date(2026, 10, 1), "end_date": date(2026, 10, 31)}
GOOGLE_PROFILE = {"columns": {"Наскільки ви довіряєте поліції?": "trust_police"}}


def _import(engine, path, *, source, profile=None):
    settings = {**WAVE, **({"profile": profile} if profile else {})}
    return import_file(engine, role=Role.PROSECUTOR, kind="survey", content=path.read_bytes(), file_name=path.name,
                       source=source, hromada_id=ids(engine)[BUCHA], settings=settings)


def _answers(engine, code: str) -> dict[object, int]:
    a, q = schema.survey_answer, schema.survey_question
    with engine.connect() as conn:
        rows = conn.execute(select(a.c.value, a.c.dont_know, func.count()).join(q, q.c.id == a.c.question_id)
                            .where(q.c.code == code).group_by(a.c.value, a.c.dont_know)).all()
    return {("dk" if dk else value): n for value, dk, n in rows}


def _count(engine, table) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def test_kobotoolbox_xml_export_imports_with_group_paths_numeric_ages_and_its_uuid(engine):
    result = _import(engine, KOBO, source="kobo")
    assert result.refused is None
    assert (result.total, result.imported, result.rejected) == (24, 23, 1)
    sheet = load_workbook(KOBO, read_only=True).active
    header, *rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    col = {h: i for i, h in enumerate(header)}
    kept = [r for r in rows if int(r[col["demographics/age"]]) >= 18]
    expected = {}
    for r in kept:  # an independent count of the file's safe_dark answers
        v = r[col["safety/safe_dark"]]
        key = "dk" if v == "dk" else int(v)
        expected[key] = expected.get(key, 0) + 1
    assert _answers(engine, "safe_dark") == expected and expected["dk"] == 2
    with engine.connect() as conn:
        rejected = conn.execute(select(schema.rejected_row.c.row_number, schema.rejected_row.c.errors)).one()
        ext = set(conn.execute(select(schema.survey_response.c.external_id)).scalars())
    assert rejected.row_number == 8 and "16" in json.loads(rejected.errors)[0]["message_uk"]
    assert f"2026-10:{rows[0][col['_uuid']]}" in ext  # the respondent is Kobo's submission uuid
    again = _import(engine, KOBO, source="kobo")
    assert (again.imported, again.updated, again.rejected) == (0, 23, 1)
    assert _count(engine, schema.survey_response) == 23


def test_google_forms_export_labels_generated_ids_equal_weights_and_no_email(engine):
    result = _import(engine, GOOGLE, source="google_forms", profile=GOOGLE_PROFILE)
    assert result.refused is None
    assert result.personal_columns == ["Адреса електронної пошти"]
    assert (result.total, result.imported, result.rejected) == (20, 20, 0)  # two answers in one second: both
    with GOOGLE.open(encoding="utf-8") as fh:
        raw = list(csv.DictReader(fh))
    scale = {"Зовсім не довіряю": 1, "Радше не довіряю": 2, "І довіряю, і не довіряю": 3, "Радше довіряю": 4,
             "Повністю довіряю": 5}
    expected: dict[int, int] = {}
    for r in raw:
        value = scale[r["Наскільки ви довіряєте поліції?"]]
        expected[value] = expected.get(value, 0) + 1
    assert _answers(engine, "trust_police") == expected
    yes = sum(r["Чи чули ви про програму «Прокурор громади»?"] == "Так" for r in raw)
    assert _answers(engine, "aware_programme") == {1: yes, 0: len(raw) - yes}
    assert _answers(engine, "safe_day")["dk"] == sum(r[
        "Наскільки безпечно ви почуваєтеся у своєму населеному пункті вдень?"] == "Важко відповісти" for r in raw)
    with engine.connect() as conn:
        weights = set(conn.execute(select(schema.survey_response.c.weight)).scalars())
        stored = " ".join(conn.execute(select(schema.import_batch.c.notes)).scalars())
    assert weights == {1.0}
    assert "respondent0@example.org" not in stored and '"equal_weights": true' in stored
    again = _import(engine, GOOGLE, source="google_forms", profile=GOOGLE_PROFILE)
    assert (again.imported, again.updated) == (0, 20)


def test_a_question_worded_differently_is_not_guessed_and_is_listed_as_ignored(engine):
    result = _import(engine, GOOGLE, source="google_forms")
    assert result.imported == 20
    assert "Наскільки ви довіряєте поліції?" in result.ignored_columns
    assert _answers(engine, "trust_police") == {}
