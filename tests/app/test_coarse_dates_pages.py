"""Pages on real-looking data that ended long ago, with month-only records (issue 18): the weekly review
opens on the last week with data and says so, leaves out the month's records and says how many; the
overview's two-year line starts at the first record; the trends heatmap says what it left out."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from streamlit.testing.v1 import AppTest

from components.filters import kyiv_today
from data_access.db_setup import upgrade_to_head
from data_access.engine import make_engine
from data_access.reference import load_reference
from domain.dates import iso_week_label, week_start
from tests.app.charts import chart_specs
from tests.conftest import ROOT
from tests.factories import add_incidents

TODAY = kyiv_today()
LAST_WEEK = week_start(TODAY) - timedelta(weeks=90)  # the data end 90 weeks ago
FIRST_WEEK = LAST_WEEK - timedelta(weeks=8)
MONTH_ROWS = 3


@pytest.fixture(scope="module")
def old_data_url(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('old') / 'old.db'}"
    engine = make_engine(url)
    upgrade_to_head(engine)
    load_reference(engine)
    tuesday = LAST_WEEK + timedelta(days=1)
    rows = [{"occurred_at": datetime(d.year, d.month, d.day, 15)}
            for d in (FIRST_WEEK + timedelta(days=2), tuesday, tuesday, LAST_WEEK + timedelta(days=3))]
    month = LAST_WEEK.replace(day=1)
    rows += [{"occurred_at": datetime(month.year, month.month, 1), "precision": "month"}] * MONTH_ROWS
    add_incidents(engine, rows, source="police_uk")
    engine.dispose()
    return url


def _open(url: str, monkeypatch, page: str, *, lang: str, params: dict | None = None) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", url)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["lang"] = lang
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.session_state["auth_role"] = "prosecutor"
    at.session_state["auth_user"] = "test-prosecutor"
    at.run()
    if page != "pages/home.py":
        at.switch_page(page)
        at.run()
    assert not at.exception
    return at


def _texts(at) -> str:
    return " ".join([c.value for c in at.caption] + [i.value for i in at.info])


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_weekly_review_opens_on_the_last_week_with_data_and_leaves_out_the_month(old_data_url, monkeypatch, lang):
    at = _open(old_data_url, monkeypatch, "pages/weekly-review.py", lang=lang)
    assert at.selectbox(key="week").value == iso_week_label(LAST_WEEK)
    texts = _texts(at)
    assert ("останньому тижні з даними" if lang == "uk" else "last week with data") in texts
    table = at.dataframe[0].value
    assert table["this_week"].iloc[-1] == 3  # the week's three known days, none of the month's records
    left = "Огляд не враховує записів: 3" if lang == "uk" else "Records the review leaves out: 3,"
    week = "цього тижня могли статися: 3" if lang == "uk" else "possibly in this week: 3"
    assert left in texts and week in texts


def test_overview_line_starts_at_the_first_record(old_data_url, monkeypatch):
    at = _open(old_data_url, monkeypatch, "pages/home.py", lang="en")
    data = chart_specs(at)[0]["data"]
    line = next(d for d in data if d.get("mode") in ("lines", "lines+markers") and d.get("line", {}).get("width") == 3)
    assert str(line["x"][0])[:10] == FIRST_WEEK.isoformat()  # no zero weeks before the data begin


def test_trends_heatmap_says_what_it_left_out(old_data_url, monkeypatch):
    at = _open(old_data_url, monkeypatch, "pages/trends.py", lang="en", params={"categories": "theft", "section": "hours"})
    assert f"Records left out of the weekday × hour chart: {MONTH_ROWS}" in _texts(at)
