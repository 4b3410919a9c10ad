"""The overview page renders its KPI tiles and trend chart from the demo data, in both languages."""

from __future__ import annotations

import json

import pytest


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_overview_renders_kpis_and_chart(open_page, lang):
    at = open_page("pages/overview.py", lang=lang)
    assert not at.exception
    labels = [m.label for m in at.metric]
    expected = "Правопорушення" if lang == "uk" else "Offences"
    assert expected in labels and len(labels) == 5
    assert at.metric[0].value not in ("0", "—")  # demo data fills the tile
    charts = [json.loads(el.proto.spec) for el in at.get("plotly_chart")]
    assert charts and len(charts[0]["data"]) == 2  # this year + the same weeks a year ago
    banner = " ".join(w.value for w in at.warning)
    assert ("Демо-дані" if lang == "uk" else "Demo data") in banner


def test_database_missing_shows_the_fix_not_a_traceback(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'none.db'}")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception
    assert "Базу даних ще не створено." in [e.value for e in at.error]
    assert any("python -m data_access init" in c.value for c in at.code)


def test_activities_tile_shows_a_small_count_as_the_pack_does(open_page, demo_db_url):
    """Partner activities are public events: a partner sees their exact count on the overview tile,
    the same text as the meeting pack's tile for that week (offences stay suppressed)."""
    from datetime import date, timedelta

    from data_access.engine import make_engine
    from data_access.overview import activity_count
    from reports.figures import kpi, pack_figures

    engine = make_engine(demo_db_url)
    mondays = (date(2026, 11, 16) - timedelta(weeks=n) for n in range(104))
    week = next(m for m in mondays
                if 0 < activity_count(engine, hromada_id=1, start=m, end=m + timedelta(days=6)) < 5)
    at = open_page("pages/overview.py", lang="uk", params={
        "period": "custom", "from": week.isoformat(), "to": (week + timedelta(days=6)).isoformat()})
    assert not at.exception
    fig = pack_figures(engine, hromada_id=1, week_monday=week, lang="uk")
    pack = kpi(fig, "activities")
    assert pack["value"] is not None and 0 < pack["value"] < 5  # a small count, shown as it is
    assert at.metric[4].value == pack["display"] == str(pack["value"])
    assert at.metric[0].value == kpi(fig, "incidents")["display"]
