"""``python -m reports survey-estimates``: exact columns, and every figure equal to an independent
calculation on the raw answers — weighted share, Kish's n_eff, Wilson's interval at n_eff — with a
settlement of 30 respondents and one heavy weight hidden (n_eff ≈ 3.8), clear errors."""

from __future__ import annotations

import csv
import io
import math
from datetime import date

import numpy as np
import pandas as pd
import pytest

from data_access.importing.survey_loader import load_survey_wave
from reports.__main__ import main
from tests.factories import BUCHA, BUCHA_CITY, VORZEL, ids

COLUMNS = ["question", "group", "estimate", "ci_low", "ci_high", "n", "n_eff", "shown"]
Z = 1.959963984540054
POSITIVE_MIN = {"trust_police": 4, "safe_dark": 3}  # assets/reference/survey_questions.csv


def _respondents() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    n_city, n_vorzel = 200, 30
    n = n_city + n_vorzel
    weight = rng.uniform(0.5, 2.0, n).round(3)
    weight[n_city] = 40.0  # one very heavy weight among Vorzel's 30
    trust = rng.integers(1, 6, n).astype(object)
    trust[rng.random(n) < 0.1] = "важко відповісти"
    return pd.DataFrame({
        "respondent_id": [f"p{i}" for i in range(n)],
        "settlement": [BUCHA_CITY] * n_city + [VORZEL] * n_vorzel,
        "age_group": rng.choice(["18-29", "30-44", "45-59", "60+"], n),
        "gender": rng.choice(["female", "male"], n),
        "weight": weight,
        "trust_police": trust,
        "safe_dark": rng.integers(1, 5, n),
    })


@pytest.fixture
def db(sqlite_engine):
    frame = _respondents()
    result = load_survey_wave(sqlite_engine, frame.astype(str), hromada_id=ids(sqlite_engine)[BUCHA],
                              wave_code="2026-1", name_uk="Хвиля 1", name_en="Wave 1", start_date=date(2026, 3, 1),
                              end_date=date(2026, 3, 31), source="test")
    assert result.rows_rejected == 0
    return str(sqlite_engine.url), frame


def _by_hand(frame: pd.DataFrame, question: str) -> dict:
    """Weighted share of positive answers, Kish's n_eff and Wilson's 95 % interval at n_eff."""
    answers = frame[question].astype(str)
    ok = frame[answers != "важко відповісти"]
    w, y = ok["weight"].astype(float).to_numpy(), ok[question].astype(float).to_numpy()
    n_eff = w.sum() ** 2 / (w ** 2).sum()
    p = w[y >= POSITIVE_MIN[question]].sum() / w.sum()
    centre = (p + Z * Z / (2 * n_eff)) / (1 + Z * Z / n_eff)
    half = Z * math.sqrt(p * (1 - p) / n_eff + Z * Z / (4 * n_eff ** 2)) / (1 + Z * Z / n_eff)
    return {"n": len(ok), "n_eff": n_eff, "estimate": p, "ci_low": centre - half, "ci_high": centre + half}


def _read(path) -> tuple[list[str], dict]:
    text = path.read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    return next(csv.reader(io.StringIO(text))), {(r["question"], r["group"]): r for r in rows}


def test_csv_matches_an_independent_calculation(db, capsys, tmp_path):
    url, frame = db
    out = tmp_path / "survey.csv"
    code = main(["survey-estimates", "--wave", "2026-1", "--hromada", BUCHA, "--format", "csv", "--out", str(out),
                 "--database-url", url])
    err = capsys.readouterr().err
    assert code == 0, err
    header, rows = _read(out)
    assert header == COLUMNS
    groups = {
        "all": frame, BUCHA_CITY: frame[frame["settlement"] == BUCHA_CITY], VORZEL: frame[frame["settlement"] == VORZEL],
        "female": frame[frame["gender"] == "female"], "60+": frame[frame["age_group"] == "60+"],
    }
    for question in POSITIVE_MIN:
        for group, part in groups.items():
            row, want = rows[(question, group)], _by_hand(part, question)
            assert int(row["n"]) == want["n"]
            assert float(row["n_eff"]) == pytest.approx(want["n_eff"], abs=0.006)
            if want["n_eff"] < 30:
                assert row["shown"] == "false" and row["estimate"] == row["ci_low"] == row["ci_high"] == ""
                continue
            assert row["shown"] == "true"
            for col in ("estimate", "ci_low", "ci_high"):
                assert float(row[col]) == pytest.approx(want[col], abs=1e-6), (question, group, col)
    # Vorzel: 30 asked about the dark, one of them weighing 40: effective size about 4, hidden
    vorzel = rows[("safe_dark", VORZEL)]
    assert vorzel["n"] == "30" and float(vorzel["n_eff"]) < 5 and vorzel["shown"] == "false"
    assert rows[("safe_dark", "all")]["shown"] == "true"
    assert [k[1] for k in rows if k[0] == "trust_police"][0] == "all"
    assert "2026-1" in err


def test_unknown_wave_is_a_clear_message(db, capsys, tmp_path):
    url, _ = db
    code = main(["survey-estimates", "--wave", "2019-9", "--format", "csv", "--out", str(tmp_path / "x.csv"),
                 "--database-url", url])
    err = capsys.readouterr().err
    assert code == 2 and "2019-9" in err and "Хвилі опитування" in err
    assert not (tmp_path / "x.csv").exists()
