"""Weight sums per wave × question (× group) summed in SQL equal the sums over the raw answers,
and the estimates built from them equal statsmodels' on the raw data (both backends)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.proportion import proportion_confint
from statsmodels.stats.weightstats import DescrStatsW

from analytics.survey_estimates import estimate_frame
from data_access.importing.survey_loader import load_survey_wave
from data_access.surveys import answer_sums, survey_questions, survey_waves
from tests.factories import BUCHA, BUCHA_CITY, VORZEL, ids


def _respondents(seed: int, n: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    trust = rng.integers(1, 6, n).astype(object)
    trust[rng.random(n) < 0.12] = "важко відповісти"
    return pd.DataFrame({
        "respondent_id": [f"p{i}" for i in range(n)],
        "settlement": np.where(np.arange(n) < n - 20, BUCHA_CITY, VORZEL),  # Vorzel: 20, under 30
        "age_group": rng.choice(["18-29", "30-44", "45-59", "60+"], n),
        "gender": rng.choice(["female", "male"], n),
        "weight": rng.uniform(0.4, 2.5, n).round(3),
        "trust_police": trust,
    })


@pytest.fixture
def survey(engine):
    hromada = ids(engine)[BUCHA]
    frames = {}
    for k, (code, end, n) in enumerate((("W1", date(2025, 6, 30), 150), ("W2", date(2026, 1, 31), 160))):
        frames[code] = _respondents(k, n)
        result = load_survey_wave(engine, frames[code].astype(str), hromada_id=hromada, wave_code=code,
                                  name_uk=f"Хвиля {code}", name_en=f"Wave {code}", start_date=end.replace(day=1),
                                  end_date=end, source="test")
        assert result.rows_rejected == 0
    return engine, hromada, frames


def _raw(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    dk = frame["trust_police"] == "важко відповісти"
    ok = frame[~dk].assign(y=lambda d: d["trust_police"].astype(float))
    return ok, frame[dk]


def test_sums_match_the_raw_answers(survey):
    engine, hromada, frames = survey
    sums = answer_sums(engine, hromada_id=hromada, question_codes=("trust_police",))
    assert sums["wave_code"].tolist() == ["W1", "W2"]
    for row in sums.to_dict("records"):
        ok, dk = _raw(frames[row["wave_code"]])
        w, y = ok["weight"].to_numpy(), ok["y"].to_numpy()
        assert row["n"] == len(ok) and row["dont_know_n"] == len(dk)
        assert row["sum_w"] == pytest.approx(w.sum()) and row["sum_w2"] == pytest.approx((w * w).sum())
        assert row["sum_wy"] == pytest.approx((w * y).sum()) and row["sum_wy2"] == pytest.approx((w * y * y).sum())
        assert row["positive_w"] == pytest.approx(w[y >= 4].sum())
        assert row["negative_w"] == pytest.approx(w[y <= 2].sum())
        assert row["dont_know_w"] == pytest.approx(dk["weight"].sum())


def test_estimates_from_sql_sums_equal_statsmodels_on_raw_data(survey):
    engine, hromada, frames = survey
    est = estimate_frame(answer_sums(engine, hromada_id=hromada, question_codes=("trust_police",)), "share")
    ok, dk = _raw(frames["W2"])
    w, y = ok["weight"].to_numpy(), (ok["y"].to_numpy() >= 4).astype(float)
    n_eff = w.sum() ** 2 / (w * w).sum()
    d = DescrStatsW(y, weights=w)
    low, high = proportion_confint(d.mean * n_eff, n_eff, method="wilson")
    last = est.iloc[-1]
    assert last["value"] == pytest.approx(d.mean)
    assert (last["low"], last["high"]) == (pytest.approx(low), pytest.approx(high))
    assert last["dk_share"] == pytest.approx(dk["weight"].sum() / frames["W2"]["weight"].sum())


def test_groups_settlement_filter_and_group_under_30(survey):
    engine, hromada, frames = survey
    known = ids(engine)
    by_place = estimate_frame(answer_sums(engine, hromada_id=hromada, by="settlement",
                                          question_codes=("trust_police",)), "share")
    vorzel = by_place[(by_place["wave_code"] == "W2") & (by_place["group"] == VORZEL)].iloc[0]
    assert vorzel["n"] < 30 and np.isnan(vorzel["value"]) and vorzel["reason"] == "survey.too_few"
    by_gender = answer_sums(engine, hromada_id=hromada, by="gender", wave_ids=(2,), question_codes=("trust_police",))
    ok, dk = _raw(frames["W2"])
    assert dict(zip(by_gender["group"], by_gender["n"], strict=True)) == ok.groupby("gender").size().to_dict()
    only_vorzel = answer_sums(engine, hromada_id=hromada, settlement_ids=(known[VORZEL],),
                              question_codes=("trust_police",))
    assert only_vorzel["n"].sum() + only_vorzel["dont_know_n"].sum() == 40  # 20 per wave
    with pytest.raises(ValueError):
        answer_sums(engine, hromada_id=hromada, by="name")


def test_waves_and_questions(survey):
    engine, hromada, _ = survey
    waves = survey_waves(engine, hromada_id=hromada)
    assert waves["code"].tolist() == ["W1", "W2"] and waves["respondents"].tolist() == [150, 160]
    assert survey_waves(engine, hromada_id=hromada, until=date(2025, 12, 31))["code"].tolist() == ["W1"]
    questions = survey_questions(engine)
    assert questions["code"].iloc[0] == "safe_day"
    assert set(questions.loc[questions["theme"] == "trust", "institution"]) >= {"police", "court"}
