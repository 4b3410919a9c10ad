"""The overview page renders its KPI tiles and trend chart from the demo data, in both languages."""

from __future__ import annotations

import base64
import math

import numpy as np
import pytest

from analytics.flags import MIN_BAND_HISTORY
from tests.app.charts import chart_specs


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_overview_renders_kpis_and_chart(open_page, lang):
    at = open_page("pages/home.py", lang=lang)
    assert not at.exception
    labels = [m.label for m in at.metric]
    expected = "Правопорушення" if lang == "uk" else "Offences"
    assert expected in labels and len(labels) == 5
    assert at.metric[0].value not in ("0", "—")  # demo data fills the tile
    charts = chart_specs(at)
    lines = [d for d in charts[0]["data"] if d.get("mode") != "markers" and d.get("line", {}).get("width", 1) != 0]
    assert len(lines) == 2  # this year + the same weeks a year ago
    assert any(d.get("fill") == "tonexty" for d in charts[0]["data"])  # the expected range
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


def _review_week(monkeypatch, monday) -> dict:
    """URL parameters for the ISO week starting ``monday`` as a partner sees it: the fixed period
    "last full week" on the Monday after it (custom dates are the prosecutor's only)."""
    from datetime import timedelta

    monkeypatch.setattr("components.filters.kyiv_today", lambda: monday + timedelta(days=7))
    return {"period": "week"}


def test_activities_tile_shows_a_small_count_as_the_pack_does(open_page, demo_db_url, monkeypatch):
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
    at = open_page("pages/home.py", lang="uk", params=_review_week(monkeypatch, week))
    assert not at.exception
    fig = pack_figures(engine, hromada_id=1, week_monday=week, lang="uk")
    pack = kpi(fig, "activities")
    assert pack["value"] is not None and 0 < pack["value"] < 5  # a small count, shown as it is
    assert at.metric[4].value == pack["display"] == str(pack["value"])
    assert at.metric[0].value == kpi(fig, "incidents")["display"]


def test_tiles_follow_the_registry_and_match_the_pack_of_the_same_week(open_page, demo_db_url, monkeypatch):
    """One computation (display.kpis) for the page and the pack: for the week 2026-W47 the tiles show
    the pack's values and changes, in the registry's order and with its labels."""
    from datetime import date

    from data_access.engine import make_engine
    from display.kpis import KPIS
    from domain.i18n import translate
    from reports.figures import kpi, pack_figures

    at = open_page("pages/home.py", lang="en", params=_review_week(monkeypatch, date(2026, 11, 16)))
    assert not at.exception
    assert [m.label for m in at.metric] == [translate(spec.label, "en") for spec in KPIS]
    fig = pack_figures(make_engine(demo_db_url), hromada_id=1, week_monday=date(2026, 11, 16), lang="en")
    shown = {spec.key: m for spec, m in zip(KPIS, at.metric, strict=True)}
    for key in ("incidents", "requests", "trust", "activities"):  # overdue_now is counted on another day
        assert shown[key].value == kpi(fig, key)["display"], key
        change = kpi(fig, key)["change_display"].replace("−", "-")
        assert change and change in shown[key].proto.delta, key


def test_a_new_registry_entry_reaches_the_page_the_pack_and_the_screen(open_page, demo_db_url, monkeypatch,
                                                                       request):
    """The recipe of display/kpis.py: a registry entry, its data function and its messages are all a
    KPI needs to appear on the overview, in the pack's figures and on the shared screen."""
    from datetime import date

    from components.data import clear_cache
    from data_access import requests as rq
    from data_access.engine import make_engine
    from display import kpis
    from domain.i18n import catalog
    from domain.visibility import display_count
    from reports import figures

    answered = kpis.KpiSpec(key="answered", label="kpi.answered.label",
                            compute=kpis.PeriodCount(rq.period_counts, column="answered"), fmt=kpis.fmt_int,
                            suppression=kpis.Suppression.PEOPLE, higher_is_better=True,
                            comparisons=(kpis.PREVIOUS, kpis.YEAR_AGO))
    monkeypatch.setitem(catalog(), "kpi.answered.label", {"uk": "Надано відповідей", "en": "Answers given"})
    registry = (*kpis.KPIS, answered)
    for module in (kpis, figures):
        monkeypatch.setattr(module, "KPIS", registry)
    clear_cache()  # the shared screen's figures are cached: none made with another registry, before or after
    request.addfinalizer(clear_cache)

    at = open_page("pages/home.py", lang="en", params=_review_week(monkeypatch, date(2026, 11, 16)))
    assert not at.exception
    labels = [m.label for m in at.metric]
    assert len(labels) == 6 and labels[-1] == "Answers given"
    engine = make_engine(demo_db_url)
    answers = rq.period_counts(engine, hromada_id=1, start=date(2026, 11, 16), end=date(2026, 11, 22))["answered"]
    fig = figures.pack_figures(engine, hromada_id=1, week_monday=date(2026, 11, 16), lang="en")
    pack = figures.kpi(fig, "answered")
    assert pack["label"] == "Answers given" and pack["key"] == fig["kpis"][-1]["key"]
    assert at.metric[-1].value == pack["display"] == display_count(answers, suppress=True, fmt=str)
    screen = open_page("pages/home.py", lang="en", params={"mode": "present", "interval": "600"})
    assert not screen.exception
    assert "Answers given" in [m.label for m in screen.metric]



def _values(v) -> list:
    """A plotly array as a list with None for a gap (plotly may send numbers as a typed array)."""
    if isinstance(v, dict) and "bdata" in v:
        v = np.frombuffer(base64.b64decode(v["bdata"]), dtype=v["dtype"]).tolist()
    return [None if x is None or (isinstance(x, float) and math.isnan(x)) else x for x in v]


def _trace(data: list[dict], **match) -> dict | None:
    return next((d for d in data if all(d.get(k) == v for k, v in match.items())), None)


def check_band(data: list[dict]) -> tuple[int, int, int]:
    """A trend chart's expected range is drawn only where the four weeks before are on the chart, and no
    ▲ / ▼ sits on a hidden week. Returns (weeks, weeks with a band, hidden weeks)."""
    ago = next(d for d in data if d.get("line", {}).get("dash") == "dot")
    line = next(d for d in data if d.get("mode") in ("lines", "lines+markers") and d.get("line", {}).get("width") == 3)
    high = _trace(data, fill="tonexty")
    line_y = _values(line["y"])
    shown = _values(ago["y"])[:52] + line_y  # the 52 weeks before the line, then the line
    with_band = [k for k, v in enumerate(_values(high["y"])) if v is not None] if high else []
    for k in with_band:
        assert all(v is not None for v in shown[52 + k - 4:52 + k]), k
    hidden = {x for x, v in zip(_values(line["x"]), line_y, strict=True) if v is None}
    marks = [d for d in data if d.get("mode") == "markers"]
    assert not any(x in hidden for d in marks for x in _values(d["x"]))
    return len(line_y), len(with_band), len(hidden)


def test_prosecutor_trend_has_a_band_on_every_week(open_page):
    at = open_page("pages/home.py", lang="en", role="prosecutor")
    assert not at.exception
    data = chart_specs(at)[0]["data"]
    weeks, with_band, hidden = check_band(data)
    # weeks before the demo data begin are gaps, not zeros (issue 18): a week gets its band once
    # MIN_BAND_HISTORY weeks of data lie before it
    ago = next(d for d in data if d.get("line", {}).get("dash") == "dot")
    before = sum(v is not None for v in _values(ago["y"])[:52])  # data weeks before the line
    assert 0 < before < 52
    assert weeks == 104 and with_band == 104 - max(0, MIN_BAND_HISTORY - before) and hidden == 0
