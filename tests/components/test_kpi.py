"""The count KPI computation shared by the dashboard's tiles and the meeting pack, against
hand-computed values; the screen's tile and the pack's tile show the same texts."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from display.kpis import count_kpi
from domain.i18n import translate
from reports.figures import _count_kpi

NBSP = "\u00a0"


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
    pack = _count_kpi("incidents", "uk", 12, 8, 3, suppress=True, higher_is_better=False)
    assert (pack["display"], pack["change_display"], pack["year_ago_display"]) == ("12", "+50%", "")
    assert pack["value"] == 12 and pack["previous"] == 8 and pack["change"] == pytest.approx(0.5)
    hidden = _count_kpi("incidents", "uk", 4, 8, 12, suppress=True, higher_is_better=False)
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
    pack = _count_kpi("incidents", lang, value, previous, year_ago, suppress=role != "prosecutor",
                      higher_is_better=False)
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
    pack = _count_kpi("activities", "uk", 3, 2, 4, suppress=True, higher_is_better=True, sensitive=False)
    assert pack["value"] == 3 and pack["display"] == "3" and pack["change_display"] == "+50%"
