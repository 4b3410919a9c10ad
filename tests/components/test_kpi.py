"""The KPI registry (display.kpis) and the count KPI computation shared by the dashboard's tiles and
the meeting pack, against hand-computed values; the screen's tile and the pack's tile show the same
texts; every message the registry names is in the catalogs."""

from __future__ import annotations

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from display.kpis import (
    KPIS,
    NOTES,
    PREVIOUS,
    PREVIOUS_WAVE,
    YEAR_AGO,
    KpiNumbers,
    Suppression,
    count_kpi,
    kpi_spec,
)
from domain.i18n import catalog, translate
from reports.figures import kpi_tile_texts, pack_kpi

NBSP = "\u00a0"


def _pack(key: str, lang: str, value, previous=None, year_ago=None, *, suppress: bool, **numbers) -> dict:
    """The pack's figure of registry KPI ``key`` for the given raw numbers."""
    spec = kpi_spec(key)
    n = KpiNumbers(value, previous=previous, year_ago=year_ago, **numbers)
    return pack_kpi(spec, spec.shown(n, lang=lang, suppress=suppress), lang)


def test_visible_counts_with_both_changes():
    # 1234 vs 1000: +23.4 % -> "+23%"; 1234 vs 1500 a year ago: -17.7 % -> "−18%"
    k = count_kpi(1234, lang="uk", suppress=True, previous=1000, year_ago=1500)
    assert k.value == 1234 and k.display == f"1{NBSP}234"
    assert k.previous == 1000 and k.previous_display == f"1{NBSP}000"
    assert k.change == pytest.approx(0.234) and k.change_display == "+23%"
    assert k.year_ago_change == pytest.approx(-266 / 1500) and k.year_ago_display == "−18%"
    en = count_kpi(1234, lang="en", suppress=True, previous=1000, year_ago=1500)
    assert en.display == "1,234" and en.change_display == "+23%" and en.year_ago_display == "−18%"


def test_a_small_value_is_hidden_with_every_change():
    k = count_kpi(3, lang="uk", suppress=True, previous=10, year_ago=20)
    assert k.value is None and k.display == "< 5"
    assert k.previous == 10 and k.previous_display == "10"
    assert k.change is None and k.change_display == "" and k.year_ago_change is None and k.year_ago_display == ""


def test_a_small_base_hides_the_changes_but_not_the_value():
    k = count_kpi(12, lang="uk", suppress=True, previous=3, year_ago=8)
    assert k.value == 12 and k.display == "12"
    assert k.previous is None and k.previous_display == "< 5"
    assert k.change is None and k.year_ago_change is None and k.year_ago_display == ""
    only_year = count_kpi(12, lang="uk", suppress=True, previous=8, year_ago=2)
    assert only_year.change == pytest.approx(0.5) and only_year.change_display == "+50%"
    assert only_year.year_ago_change is None and only_year.year_ago_display == ""


def test_the_prosecutor_sees_small_counts_and_their_changes():
    # 12 vs 3: +300 %; 12 vs 4: +200 %
    k = count_kpi(12, lang="uk", suppress=False, previous=3, year_ago=4)
    assert k.previous == 3 and k.previous_display == "3"
    assert k.change == pytest.approx(3.0) and k.change_display == "+300%"
    assert k.year_ago_change == pytest.approx(2.0) and k.year_ago_display == "+200%"
    small = count_kpi(2, lang="uk", suppress=False, previous=4)
    assert small.value == 2 and small.display == "2" and small.change_display == "−50%"


def test_a_zero_base_gives_no_change():
    k = count_kpi(7, lang="uk", suppress=True, previous=0, year_ago=0)
    assert k.display == "7" and k.previous == 0 and k.previous_display == "0"
    assert k.change is None and k.change_display == "" and k.year_ago_change is None and k.year_ago_display == ""
    zero = count_kpi(0, lang="uk", suppress=True, previous=10, year_ago=None)
    assert zero.value == 0 and zero.display == "0" and zero.change == pytest.approx(-1.0)
    assert zero.change_display == "−100%" and zero.year_ago_display == ""


def test_no_comparison_given():
    k = count_kpi(9, lang="en", suppress=True)
    assert k.previous is None and k.previous_display == "" and k.change is None and k.year_ago_display == ""


def test_the_pack_tile_uses_the_same_numbers():
    pack = _pack("incidents", "uk", 12, 8, 3, suppress=True)
    assert (pack["display"], pack["change_display"], pack["year_ago_display"]) == ("12", "+50%", "")
    assert pack["value"] == 12 and pack["previous"] == 8 and pack["change"] == pytest.approx(0.5)
    assert pack["label"] == "Правопорушення" and pack["higher_is_better"] is False and pack["note"] == ""
    hidden = _pack("incidents", "uk", 4, 8, 12, suppress=True)
    assert hidden["value"] is None and hidden["display"] == "< 5" and hidden["change"] is None


def _tile_app():
    from types import SimpleNamespace

    import streamlit as st

    from components.ui import kpi_tile

    args = st.session_state["tile"]
    kpi_tile("label", args["value"], filters=SimpleNamespace(role=args["role"]), base=args["previous"],
             year_ago=args["year_ago"])


@pytest.mark.parametrize("value, previous, year_ago, role", [
    (1234, 1000, 1500, "partner"),
    (3, 10, 20, "partner"),
    (12, 3, 8, "partner"),
    (12, 3, 4, "prosecutor"),
    (7, 0, 0, "partner"),
])
@pytest.mark.parametrize("lang", ["uk", "en"])
def test_screen_and_pack_show_identical_text(value, previous, year_ago, role, lang):
    at = AppTest.from_function(_tile_app, default_timeout=30)
    at.session_state["tile"] = {"value": value, "previous": previous, "year_ago": year_ago, "role": role}
    at.session_state["lang"] = lang
    at.run()
    assert not at.exception
    pack = _pack("incidents", lang, value, previous, year_ago, suppress=role != "prosecutor")
    metric = at.metric[0]
    assert metric.value == pack["display"]
    assert metric.proto.delta == (translate("kpi.vs_previous", lang, change=pack["change_display"].replace("−", "-"))
                                  if pack["change_display"] else "")
    assert at.caption[0].value == (translate("kpi.vs_year_ago", lang, change=pack["year_ago_display"])
                                   if pack["year_ago_display"] else translate("kpi.vs_year_ago_na", lang))


def test_a_count_of_public_events_is_never_suppressed():
    # sensitive=False (partner activities): 3 vs 2 is shown as it is, +50 %; 3 vs 4 a year ago: −25 %
    k = count_kpi(3, lang="uk", suppress=True, previous=2, year_ago=4, sensitive=False)
    assert k.value == 3 and k.display == "3" and k.previous == 2 and k.previous_display == "2"
    assert k.change == pytest.approx(0.5) and k.change_display == "+50%"
    assert k.year_ago_change == pytest.approx(-0.25) and k.year_ago_display == "−25%"
    pack = _pack("activities", "uk", 3, 2, 4, suppress=True)
    assert pack["value"] == 3 and pack["display"] == "3" and pack["change_display"] == "+50%"


# --------------------------------------------------------------------------- the registry


def test_every_registry_message_is_in_the_catalogs():
    keys = [k for spec in KPIS for k in (spec.label, spec.help, spec.pack_label) if k]
    keys += [k for c in (PREVIOUS, YEAR_AGO, PREVIOUS_WAVE) for k in (c.dashboard, c.pack, c.dashboard_missing) if k]
    keys += [k for texts in NOTES.values() for k in (texts.dashboard, texts.pack) if k]
    missing = [k for k in keys if k not in catalog()]
    assert missing == []
    assert len({spec.key for spec in KPIS}) == len(KPIS)
    assert [spec.key for spec in KPIS] == ["incidents", "requests", "overdue_now", "trust", "activities"]


def test_every_registry_data_function_can_be_cached():
    """components.data.cached finds a function again by module and name: it must be a module-level
    data_access function."""
    import importlib

    for spec in KPIS:
        func = spec.compute.func
        assert func.__module__.startswith("data_access."), spec.key
        assert getattr(importlib.import_module(func.__module__), func.__qualname__) is func, spec.key


def test_computations_call_their_data_functions_for_each_period():
    """One ``call`` per period and comparison, with the window's filters; hand-made answers in, the
    registry's numbers out (the page passes components.data.cached, the pack a direct call)."""
    import pandas as pd

    from analytics.periods import Period
    from display.kpis import KpiWindow

    week = Period(date(2026, 11, 16), date(2026, 11, 22))
    window = KpiWindow(query={"hromada_id": 1, "settlement_ids": (3,)}, period=week, previous=week.shifted(-7),
                       year_ago=week.shifted(-364), today=date(2026, 11, 23))
    counts = {week.start: 12, week.shifted(-7).start: 8, week.shifted(-364).start: 3}
    waves = pd.DataFrame({"end_date": [date(2025, 12, 15), date(2026, 7, 14)], "n": [400, 420],
                          "sum_w": [400.0, 420.0], "sum_w2": [400.0, 420.0], "positive_w": [172.0, 202.0]})
    calls = []

    def call(func, /, **kwargs):
        calls.append((func.__name__, kwargs))
        if func.__name__ == "trust_share_by_wave":
            return waves
        if func.__name__ == "open_overdue_now":
            return 7
        n = counts[kwargs["start"]]
        return {"received": n, "overdue": 0} if func.__name__ == "request_counts" else n

    numbers = {spec.key: spec.numbers(call, window) for spec in KPIS}
    assert (numbers["incidents"].value, numbers["incidents"].previous, numbers["incidents"].year_ago) == (12, 8, 3)
    assert (numbers["requests"].value, numbers["requests"].previous) == (12, 8)
    assert numbers["overdue_now"] == KpiNumbers(7, as_of=date(2026, 11, 23))
    trust = numbers["trust"]
    assert trust.value == pytest.approx(202 / 420) and trust.previous == pytest.approx(172 / 400)
    assert trust.low < trust.value < trust.high and trust.as_of == date(2026, 7, 14)
    q = {"hromada_id": 1, "settlement_ids": (3,)}
    assert ("incident_count", {**q, "start": week.start, "end": week.end}) in calls
    assert ("request_counts", {**q, "start": week.start, "end": week.end, "today": date(2026, 11, 23)}) in calls
    assert ("open_overdue_now", {**q, "today": date(2026, 11, 23)}) in calls
    assert ("trust_share_by_wave", {**q, "question_code": "trust_police", "until": week.end}) in calls
    assert len(calls) == 3 + 3 + 1 + 1 + 3  # three periods for each count with comparisons


def test_a_survey_share_and_a_count_now_as_the_pack_words_them():
    trust = _pack("trust", "uk", 0.48, 0.43, suppress=True, low=0.44, high=0.53, as_of=date(2026, 7, 14))
    assert (trust["value"], trust["display"], trust["change_display"]) == (0.48, "48%", "+5,0 в. п.")
    assert trust["change"] == pytest.approx(5.0) and (trust["low"], trust["high"]) == (0.44, 0.53)
    assert trust["note"] == "95 % інтервал 44%–53%; опитування до 14.07.2026"
    assert kpi_tile_texts(trust, "uk") == ("+5,0 в. п.", ["95 % інтервал 44%–53%; опитування до 14.07.2026"])
    none = _pack("trust", "en", None, suppress=True, missing="no_survey")
    assert (none["value"], none["display"], none["note"], none["low"]) == (None, "—", "no survey", None)
    few = _pack("trust", "en", None, suppress=True, missing="too_few")
    assert few["note"] == "effective sample under 30" and kpi_tile_texts(few, "en") == ("", ["effective sample under 30"])
    overdue = _pack("overdue_now", "uk", 3, suppress=True, as_of=date(2026, 11, 23))
    assert (overdue["label"], overdue["display"], overdue["note"]) == ("Прострочені звернення", "< 5",
                                                                       "станом на 23.11.2026")
    assert "low" not in overdue
    incidents = _pack("incidents", "en", 12, 8, 10, suppress=True)
    assert kpi_tile_texts(incidents, "en") == ("+50% vs previous week", ["year ago: +20%"])


def _registry_tile_app():
    import streamlit as st

    from components.ui import show_kpi
    from display.kpis import KpiNumbers, kpi_spec

    args = st.session_state["kpi"]
    spec = kpi_spec(args["key"])
    show_kpi(spec, spec.shown(KpiNumbers(**args["numbers"]), lang=st.session_state["lang"], suppress=True))


@pytest.mark.parametrize("key, numbers, lang, value, delta, captions", [
    ("incidents", {"value": 12, "previous": 8, "year_ago": 15}, "uk", "12", "+50% до попереднього періоду",
     ["Рік тому: −20%"]),
    ("requests", {"value": 3, "previous": 8, "year_ago": 15}, "en", "< 5", "", ["Year ago: no comparison"]),
    ("overdue_now", {"value": 7, "as_of": date(2026, 11, 26)}, "uk", "7", "", ["станом на 26.11.2026"]),  # the day it counts
    ("trust", {"value": 0.48, "previous": 0.5, "low": 0.44, "high": 0.53, "as_of": date(2026, 7, 14)}, "uk", "48%",
     "-2,0 в. п. до попередньої хвилі", ["95 % інтервал: 44%–53%; опитування завершено 14.07.2026"]),
    ("trust", {"value": None, "missing": "no_survey"}, "en", "—", "", ["No survey waves in this period."]),
    ("trust", {"value": None, "missing": "too_few"}, "uk", "—", "",
     ["Ефективна вибірка менше 30 респондентів: оцінка не показується."]),
    ("activities", {"value": 3, "previous": 2, "year_ago": 4}, "en", "3", "+50% vs previous period",
     ["Year ago: −25%"]),
])
def test_a_registry_tile_on_the_dashboard(key, numbers, lang, value, delta, captions):
    """show_kpi words the registry's figure for the dashboard, with the pack's numbers."""
    at = AppTest.from_function(_registry_tile_app, default_timeout=30)
    at.session_state["kpi"] = {"key": key, "numbers": numbers}
    at.session_state["lang"] = lang
    at.run()
    assert not at.exception
    spec = kpi_spec(key)
    metric = at.metric[0]
    assert metric.label == translate(spec.label, lang) and metric.value == value
    assert metric.value == _pack(key, lang, suppress=True, **numbers)["display"]
    assert metric.proto.delta == delta
    assert metric.proto.help == (translate(spec.help, lang) if spec.help else "")
    assert [c.value for c in at.caption] == captions


def test_suppression_follows_the_registry():
    assert {spec.key: spec.suppression for spec in KPIS} == {
        "incidents": Suppression.PEOPLE, "requests": Suppression.PEOPLE, "overdue_now": Suppression.PEOPLE,
        "trust": Suppression.SAMPLE, "activities": Suppression.PUBLIC}
    assert _pack("incidents", "uk", 2, suppress=True)["display"] == "< 5"
    assert _pack("incidents", "uk", 2, suppress=False)["display"] == "2"  # the prosecutor's view
    assert _pack("activities", "uk", 2, suppress=True)["display"] == "2"  # public events
