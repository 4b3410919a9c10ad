"""The counting-date switch on the weekly review and trends pages: the prosecutor's switch changes
the week's total to what a count by hand from the raw demo rows says; other roles have no switch."""

from __future__ import annotations

import math
from datetime import UTC, date, timedelta
from zoneinfo import ZoneInfo

import pandas as pd
from sqlalchemy import text

KYIV = ZoneInfo("Europe/Kyiv")


def _demo_week(url: str, week_monday: date) -> tuple[int, int]:
    """Community incidents of hromada 1 in the ISO week by occurred date and by the Kyiv date of
    reported_at (converted here from the stored UTC time)."""
    from data_access.engine import make_engine

    engine = make_engine(url)
    with engine.connect() as conn:
        df = pd.read_sql(text("SELECT occurred_date, reported_at FROM incident WHERE hromada_id = 1 "
                              "AND category_group = 'community'"), conn)
    engine.dispose()
    end = week_monday + timedelta(days=6)
    occurred = pd.to_datetime(df["occurred_date"]).dt.date
    reported = [None if v is None or v != v else pd.Timestamp(v).to_pydatetime().replace(tzinfo=UTC)
                .astimezone(KYIV).date() for v in df["reported_at"]]
    by_occ = int(((occurred >= week_monday) & (occurred <= end)).sum())
    by_reg = sum(1 for d in reported if d is not None and week_monday <= d <= end)
    return by_occ, by_reg


def test_the_weekly_review_switch_changes_the_total_as_a_count_by_hand_says(open_page, demo_db_url):
    week = "2026-W46"
    by_occ, by_reg = _demo_week(demo_db_url, date(2026, 11, 9))
    assert by_occ != by_reg  # the demo's registration delays move incidents between weeks
    at = open_page("pages/weekly-review.py", lang="uk", role="prosecutor", params={"week": week})
    assert not at.exception
    assert at.dataframe[0].value["this_week"].iloc[-1] == by_occ
    at.segmented_control(key="count_by").set_value("registered").run()
    assert not at.exception
    assert at.dataframe[0].value["this_week"].iloc[-1] == by_reg
    assert at.query_params["count_by"] == ["registered"] or at.query_params["count_by"] == "registered"
    assert any("за датою реєстрації" in c.value for c in at.caption)
    partner = open_page("pages/weekly-review.py", lang="uk", params={"week": week})
    assert not [w for w in partner.segmented_control if w.key == "count_by"]
    total = partner.dataframe[0].value["this_week"].iloc[-1]
    assert total == by_occ or (total == -math.inf and by_occ < 5)


def test_trends_page_counts_weeks_by_registration_for_the_prosecutor(open_page):
    at = open_page("pages/trends.py", lang="uk", role="prosecutor")
    assert not at.exception
    at.segmented_control(key="count_by").set_value("registered").run()
    assert not at.exception
    assert any("за датою реєстрації" in c.value for c in at.caption)
    partner = open_page("pages/trends.py", lang="uk")
    assert not [w for w in partner.segmented_control if w.key == "count_by"]
