"""The priority status rule and the validation of a priority, against hand-computed numbers."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from analytics import priorities as rule
from domain.priority_rules import IndicatorInput as Ind
from domain.priority_rules import validate_priority

KNOWN = {"incident_category": {"burglary", "theft"}, "request_topic": {"street_lighting"},
         "survey_question": {"safe_dark"}}


def _errors(**kw):
    base = {"title_uk": "Освітлення", "start": date(2026, 1, 1), "end": date(2026, 12, 31), "indicators": []}
    base.update(kw)
    return [key for key, _ in validate_priority(known_refs=KNOWN, **base)]


def test_decrease_on_track_exactly_on_the_path_and_off_just_above():
    # baseline 100, target 80, half the term gone: the path says 90 by now
    on = rule.indicator_status(direction="decrease", baseline=100, target=80, current=90, elapsed=0.5)
    assert on.status == "on_track" and on.expected_value == pytest.approx(90) and on.progress == pytest.approx(0.5)
    off = rule.indicator_status(direction="decrease", baseline=100, target=80, current=91, elapsed=0.5)
    assert off.status == "off_track" and off.progress == pytest.approx(9 / 20)


def test_increase_share_and_worse_than_baseline():
    # 0.42 -> 0.52 a quarter of the way: needs ≥ 0.445; 0.45 moved 0.03 ≥ 0.025
    assert rule.indicator_status(direction="increase", baseline=0.42, target=0.52, current=0.45,
                                 elapsed=0.25).status == "on_track"
    assert rule.indicator_status(direction="increase", baseline=0.42, target=0.52, current=0.44,
                                 elapsed=0.25).status == "off_track"
    # before the start nothing is expected, but getting worse is still off track
    assert rule.indicator_status(direction="decrease", baseline=50, target=40, current=50, elapsed=0).status == "on_track"
    assert rule.indicator_status(direction="decrease", baseline=50, target=40, current=52, elapsed=0).status == "off_track"


def test_no_data_cases():
    s = rule.indicator_status(direction="decrease", baseline=10, target=8, current=None, elapsed=0.5,
                              reason="prio.reason_few_respondents")
    assert s.status == "no_data" and s.reason == "prio.reason_few_respondents"
    s = rule.indicator_status(direction="decrease", baseline=None, target=8, current=5, elapsed=0.5)
    assert s.status == "no_data" and s.reason == "prio.reason_no_target"


def test_priority_status_is_the_worst_indicator():
    assert rule.priority_status(["on_track", "off_track", "no_data"]) == "off_track"
    assert rule.priority_status(["on_track", "no_data"]) == "on_track"
    assert rule.priority_status(["no_data", "no_data"]) == "no_data"
    assert rule.priority_status([]) == "no_data"


def test_window_elapsed_and_annualised():
    # Wednesday 25.11.2026: the last 13 complete weeks are 24.08 – 22.11
    assert rule.window(date(2026, 11, 25)) == (date(2026, 8, 24), date(2026, 11, 22))
    # a priority that ended on Wednesday 07.10.2026: the window ends with that week
    assert rule.window(date(2026, 11, 25), end=date(2026, 10, 7)) == (date(2026, 7, 13), date(2026, 10, 11))
    assert rule.elapsed_share(date(2026, 1, 1), date(2026, 12, 31), date(2026, 7, 2)) == pytest.approx(182 / 364)
    assert rule.elapsed_share(date(2026, 1, 1), date(2026, 12, 31), date(2025, 7, 2)) == 0.0
    assert rule.elapsed_share(date(2026, 1, 1), date(2026, 12, 31), date(2027, 7, 2)) == 1.0
    assert rule.annualised(10) == pytest.approx(40.0)


def test_count_current_sums_only_the_window():
    weekly = pd.DataFrame({"week": [date(2026, 8, 17), date(2026, 8, 24), date(2026, 9, 7), date(2026, 11, 16),
                                    date(2026, 11, 23)], "count": [100, 2, 3, 5, 100]})
    cur = rule.count_current(weekly, date(2026, 8, 24), date(2026, 11, 22))
    assert cur.raw_count == 10 and cur.value == pytest.approx(40.0)
    empty = rule.count_current(weekly.iloc[0:0], date(2026, 8, 24), date(2026, 11, 22))
    assert empty.raw_count == 0 and empty.value == 0.0  # no incidents is a real zero


def test_survey_current_latest_wave_and_its_limits():
    waves = pd.DataFrame({"end_date": [date(2025, 6, 1), date(2026, 6, 1)], "positive_w": [20.0, 45.0],
                          "sum_w": [50.0, 100.0], "sum_w2": [60.0, 120.0], "n": [50, 100]})
    cur = rule.survey_current(waves, since=date(2025, 1, 1))
    assert cur.value == pytest.approx(0.45) and cur.as_of == date(2026, 6, 1) and cur.n == 100
    few = waves.assign(n=[50, 29])
    assert rule.survey_current(few, since=date(2025, 1, 1)).reason == "prio.reason_few_respondents"
    assert rule.survey_current(waves, since=date(2026, 7, 1)).reason == "prio.reason_no_wave"
    assert rule.survey_current(waves.iloc[0:0], since=date(2025, 1, 1)).value is None


def test_rolling_annualised():
    weekly = pd.DataFrame({"week": pd.date_range("2026-01-05", periods=14, freq="7D"), "count": [1] * 13 + [14]})
    out = rule.rolling_annualised(weekly)
    assert out["value"].isna().sum() == 12
    assert out["value"].iloc[12] == pytest.approx(52.0) and out["value"].iloc[13] == pytest.approx(26 * 4)


def test_validation_messages():
    assert _errors() == []
    assert _errors(title_uk="  ") == ["prio.err_no_title"]
    assert _errors(start=date(2026, 5, 1), end=date(2026, 1, 1)) == ["prio.err_end_before_start"]
    assert _errors(end=None) == ["prio.err_no_dates"]
    assert _errors(indicators=[Ind(target=10)]) == ["prio.err_target_without_indicator"]
    assert _errors(indicators=[Ind(kind="incident_category", ref="burglary", direction="decrease",
                                   baseline=42, target=34)]) == []
    assert _errors(indicators=[Ind(kind="incident_category", ref="burglary", direction="decrease",
                                   baseline=42, target=50)]) == ["prio.err_target_direction"]
    assert _errors(indicators=[Ind(kind="survey_question", ref="safe_dark", direction="increase",
                                   baseline=42, target=52)]) == ["prio.err_share_range"]
    assert _errors(indicators=[Ind(kind="incident_category", ref="nope", direction="decrease")]) == [
        "prio.err_unknown_ref"]
    assert _errors(indicators=[Ind(), Ind(kind="request_topic", ref="street_lighting", direction="decrease")]) == []
    assert _errors(title_uk="", start=date(2026, 5, 1), end=date(2026, 1, 1), indicators=[Ind(target=1)]) == [
        "prio.err_no_title", "prio.err_end_before_start", "prio.err_target_without_indicator"]


def test_priorities_with_status_feeds_the_rule_from_one_data_function():
    # today Monday 6.7.2026: the window is the 13 weeks 6.4.–5.7.2026; elapsed 185/364 of 2026.
    # Burglaries: 2 a week in the window = 26 -> 104 per year, baseline 100, target 80 (decrease):
    # moved the wrong way -> off track. The survey question has no wave -> no data. Priority: off track.
    prios = pd.DataFrame({"id": [1], "title_uk": ["Тиша"], "start_date": [date(2026, 1, 1)],
                          "end_date": [date(2026, 12, 31)]})
    inds = pd.DataFrame({"id": [10, 11], "priority_id": [1, 1], "kind": ["incident_category", "survey_question"],
                         "ref": ["burglary", "safe_dark"], "direction": ["decrease", "increase"],
                         "baseline": [100.0, 0.5], "target": [80.0, float("nan")]})
    calls = []

    def data(*, kind, ref, start, end):
        calls.append((kind, ref, start, end))
        if kind == "survey_question":
            return pd.DataFrame(columns=["end_date", "positive_w", "sum_w", "sum_w2", "n"])
        weeks = pd.date_range(date(2026, 4, 6), date(2026, 6, 29), freq="7D").date
        return pd.DataFrame({"week": list(weeks) + [date(2026, 3, 30)], "count": [2] * len(weeks) + [50]})

    [result] = rule.priorities_with_status(prios, inds, today=date(2026, 7, 6), indicator_data=data)
    assert calls == [("incident_category", "burglary", date(2025, 10, 2), date(2026, 7, 5)),
                     ("survey_question", "safe_dark", date(2025, 10, 2), date(2026, 7, 5))]
    assert result.window == (date(2026, 4, 6), date(2026, 7, 5)) and result.status == "off_track"
    burglary, survey = result.indicators
    assert burglary.current.raw_count == 26 and burglary.current.value == pytest.approx(104)
    assert burglary.status.status == "off_track" and burglary.status.expected == pytest.approx(185 / 364)
    assert len(burglary.data) == 40 and burglary.data["count"].sum() == 76  # complete weeks from 2.10.2025
    assert survey.status.status == "no_data" and survey.target is None
    assert rule.priorities_with_status(prios.iloc[0:0], inds, today=date(2026, 7, 6), indicator_data=data) == []
