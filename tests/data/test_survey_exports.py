"""Survey exports of the tools hromadas use (issue 18, part 8): the KoboToolbox and Google Forms
examples of docs/examples/ (made in this project) import with their profile, once with --mapping and
--save-profile and then with the saved profile alone; answers given as the scale's labels become
its values, a Google Forms file without IDs and weights gets IDs from its content and weight 1."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import select

from data_access import schema
from data_access.__main__ import main as cli
from tests.conftest import ROOT

EXAMPLES = ROOT / "docs" / "examples"
WAVE = ["--wave-code", "2026-10", "--wave-name", "Опитування, жовтень 2026", "--wave-start", "2026-10-01",
        "--wave-end", "2026-10-20"]


def _import(engine, name: str, source: str, *extra: str) -> int:
    url = engine.url.render_as_string(hide_password=False)
    return cli(["import", "--kind", "survey", str(EXAMPLES / f"{name}.csv"), "--source", source, *WAVE, *extra,
                "--database-url", url])


def _answers(engine) -> pd.DataFrame:
    r, a, q = schema.survey_response, schema.survey_answer, schema.survey_question
    with engine.connect() as conn:
        rows = conn.execute(select(r.c.external_id, r.c.weight, r.c.age_group, r.c.gender, q.c.code, a.c.value,
                                   a.c.dont_know).join(a, a.c.response_id == r.c.id)
                            .join(q, q.c.id == a.c.question_id)).all()
    return pd.DataFrame(rows, columns=["id", "weight", "age_group", "gender", "question", "value", "dont_know"])


@pytest.mark.parametrize("name", ["kobo_safety_survey", "google_forms_safety_survey"])
def test_an_export_is_refused_without_its_profile(engine, name, capsys):
    assert _import(engine, name, "tool") == 2
    out = capsys.readouterr().out
    assert "lacks required columns: respondent_id, settlement, age_group, gender, weight" in out
    assert "--mapping" in out and "Не розпізнано:" in out


def test_kobo_export_with_labels_imports_with_its_saved_profile(engine, capsys):
    profile = str(EXAMPLES / "kobo_safety_survey.profile.json")
    assert _import(engine, "kobo_safety_survey", "kobo", "--mapping", profile, "--save-profile") == 0
    assert capsys.readouterr().out.startswith("imported 5, updated 0, rejected 0")
    got = _answers(engine)
    first = got[got["id"] == "2026-10:310001"].set_index("question")
    assert first.loc["safe_day", "value"] == 3 and first.loc["trust_police", "value"] == 4  # "Радше …" labels
    assert first.loc["aware_programme", "value"] == 1 and first["weight"].iloc[0] == pytest.approx(1.12)
    assert first["age_group"].iloc[0] == "30-44" and first["gender"].iloc[0] == "female"
    assert got[(got["id"] == "2026-10:310003") & (got["question"] == "trust_police")]["dont_know"].item()
    assert _import(engine, "kobo_safety_survey", "kobo") == 0  # the saved profile, no --mapping
    assert capsys.readouterr().out.startswith("imported 0, updated 5, rejected 0")


def test_google_forms_export_without_ids_or_weights_imports_with_its_saved_profile(engine, capsys):
    profile = str(EXAMPLES / "google_forms_safety_survey.profile.json")
    assert _import(engine, "google_forms_safety_survey", "google_forms", "--mapping", profile, "--save-profile") == 0
    out = capsys.readouterr().out
    assert out.startswith("imported 5, updated 0, rejected 0")
    assert "personal-data columns not stored: Адреса електронної пошти" in out
    got = _answers(engine)
    assert set(got["weight"]) == {1.0} and got["id"].str.startswith("2026-10:gen-").all()
    assert sorted(got.loc[got["question"] == "would_report", "value"].tolist()) == [2, 3, 4, 4, 5]
    assert got.groupby("id")["gender"].first().isna().sum() == 1  # "Не хочу відповідати" left empty
    assert _import(engine, "google_forms_safety_survey", "google_forms") == 0
    assert capsys.readouterr().out.startswith("imported 0, updated 5, rejected 0")  # the same IDs again
