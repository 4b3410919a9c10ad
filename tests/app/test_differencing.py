"""A determined visitor's attacks on the "< 5" promise (issue 14), performed as a partner: two periods
a day apart, a settlement set and its complement, a share times its total, a median of two answers,
the tables of two consecutive review weeks, a KPI tile minus the weekly line. None recovers a count
of 1–4 (the prosecutor, who sees everything, is the control that the attack would have worked)."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from analytics.periods import PRESET_WEEKS
from analytics.review import COUNT_COLUMNS, suppress_review, weekly_review
from analytics.series import suppress_trend, weekly_with_year_ago
from data_access import incident_geo as geo
from data_access.engine import make_engine
from data_access.incidents import daily_incident_counts
from data_access.places import settlements
from domain.visibility import is_small, median_hidden, share_hidden
from reports.weekly_review import category_keys

PARTNER, PROSECUTOR = "partner", "prosecutor"


def _incidents_tile(at) -> str:
    return next(m.value for m in at.metric if m.label in ("Правопорушення", "Offences"))


def test_two_periods_a_day_apart_give_nothing_away(open_page):
    """`?period=custom&from=…&to=2026-11-20` showed 17 and one day less 16: one offence on the 20th."""
    days = [{"period": "custom", "from": "2026-11-14", "to": end} for end in ("2026-11-20", "2026-11-19")]
    partner = [open_page("pages/home.py", params=p) for p in days]
    assert _incidents_tile(partner[0]) == _incidents_tile(partner[1])  # the URL's dates are not a partner's choice
    assert "custom" not in partner[0].sidebar.selectbox(key="_w_period_uk").options
    prosecutor = [open_page("pages/home.py", params=p, role=PROSECUTOR) for p in days]
    assert _incidents_tile(prosecutor[0]) != _incidents_tile(prosecutor[1])  # the attack, where it is allowed


def test_a_settlement_set_and_its_complement_give_nothing_away(open_page, demo_db_url):
    """All settlements showed 68 and all but one 66: the hidden "< 5" was 2."""
    codes = settlements(make_engine(demo_db_url), hromada_id=1)["code"].tolist()
    views = [{"settlements": ",".join(codes)}, {"settlements": ",".join(codes[:-1])}]
    partner = [open_page("pages/home.py", params=p) for p in views]
    assert _incidents_tile(partner[0]) == _incidents_tile(partner[1]) == _incidents_tile(open_page("pages/home.py"))
    assert not partner[0].sidebar.multiselect  # no settlement set to choose
    prosecutor = [open_page("pages/home.py", params=p, role=PROSECUTOR) for p in views]
    assert len(prosecutor[0].sidebar.multiselect) == 1


@pytest.mark.parametrize(("part", "whole", "hidden"), [
    (2, 41, True),  # "5 % forwarded" of 41 received is 2
    (39, 41, True),  # "95 % on time" of 41 leaves 2 late
    (0, 41, False), (41, 41, False), (10, 41, False),
    (3, 3, True),  # a share of 3 cases
])
def test_a_share_times_its_total_gives_no_small_count(part, whole, hidden):
    assert share_hidden(part, whole, suppress=True) is hidden
    assert share_hidden(part, whole, suppress=False) is False


def test_a_median_of_two_answers_is_not_shown():
    assert median_hidden(2, suppress=True) and not median_hidden(5, suppress=True)
    assert not median_hidden(2, suppress=False)


def test_the_requests_page_shows_no_share_that_multiplies_into_a_small_count(open_page):
    at = open_page("pages/resident-requests.py")
    received = next(m.value for m in at.metric if m.label == "Отримано звернень")
    forwarded = next(m.value for m in at.metric if m.label.startswith("Завдання партнерам"))  # the share tile comes first
    if forwarded.endswith("%") and received.replace("\u00a0", "").isdigit():
        n = int(received.replace("\u00a0", ""))
        share = float(forwarded.rstrip("%").replace(",", ".").strip()) / 100
        assert not is_small(round(n * share)) and not is_small(n - round(n * share))


def _review(engine, monday: date, role: str) -> pd.DataFrame:
    periods_span = (monday - timedelta(weeks=60), monday + timedelta(days=6))
    counts = daily_incident_counts(engine, hromada_id=1, start=periods_span[0], end=periods_span[1], group="community")
    table = weekly_review(counts, monday, keys=category_keys("community"))
    values, _ = suppress_review(table, role=role)
    return values.set_index("category")


def test_the_tables_of_two_consecutive_weeks_give_no_small_week_away(demo_db_url):
    """Year to date of week W minus year to date of W−1 is week W; the four weeks before W minus those
    before W−1 is week W−1 minus week W−5. Over 30 review weeks of the demo, as a partner."""
    engine = make_engine(demo_db_url)
    mondays = [date(2026, 11, 16) - timedelta(weeks=k) for k in range(31)][::-1]
    tables = {m: _review(engine, m, PARTNER) for m in mondays}
    truth = {m: _review(engine, m, PROSECUTOR) for m in mondays}
    attempts = recovered = 0
    for later, earlier in zip(mondays[1:], mondays[:-1], strict=True):
        a, b = tables[later], tables[earlier]
        for key in a.index:
            if later.year == earlier.year and a.at[key, "ytd"] is not None and b.at[key, "ytd"] is not None:
                attempts += 1
                recovered += is_small(a.at[key, "ytd"] - b.at[key, "ytd"])
            five_back = tables.get(earlier - timedelta(weeks=4))
            if a.at[key, "sum_4_weeks"] is not None and b.at[key, "sum_4_weeks"] is not None \
                    and five_back is not None and five_back.at[key, "this_week"] is not None:
                attempts += 1
                recovered += is_small(a.at[key, "sum_4_weeks"] - b.at[key, "sum_4_weeks"]
                                      + five_back.at[key, "this_week"])
    assert attempts > 100 and recovered == 0
    # the control: the same subtraction on the prosecutor's tables finds small weeks
    small = sum(is_small(truth[w].at[k, "ytd"] - truth[v].at[k, "ytd"])
                for w, v in zip(mondays[1:], mondays[:-1], strict=True) if w.year == v.year for k in truth[w].index)
    assert small > 0
    assert all(col in tables[mondays[-1]].columns for col in COUNT_COLUMNS)


def test_a_kpi_tile_minus_the_weekly_line_gives_no_small_week_away(demo_db_url):
    """Every fixed period's tile (and the period before it, and a year earlier) is a published sum of
    weeks on the overview's line: no such window may hide exactly one week, and the linear audit
    of domain.visibility pins none down."""
    engine = make_engine(demo_db_url)
    for category in ("fraud", "burglary", None):  # a sparse series tests the rule, the total the usual case
        def weekly(start, end, category=category):
            return geo.incident_counts(engine, by=("week",), hromada_id=1, start=start, end=end,
                                       categories=(category,) if category else None)

        now, ago = weekly_with_year_ago(weekly, date(2026, 11, 22), weeks=104)
        shown_now, shown_ago = suppress_trend(now, ago, suppress=True)
        series = pd.concat([shown_ago["count"].iloc[:52], shown_now["count"]], ignore_index=True)
        true = pd.concat([ago["count"].iloc[:52], now["count"]], ignore_index=True)
        n = len(series)
        for length in PRESET_WEEKS.values():
            for first, last in ((n - length, n - 1), (n - 2 * length, n - length - 1), (n - 52 - length, n - 53)):
                window = series.iloc[first:last + 1]
                # a lone hidden week of 1–4 in a window would be the tile minus the visible weeks,
                # unless the tile itself is hidden (its sum 1–4)
                hidden = window[window.isna()].index
                if len(hidden) == 1 and is_small(true.iloc[hidden[0]]):
                    assert is_small(true.iloc[first:last + 1].sum()), (category, length, first)
        assert not any(is_small(v) for v in series.dropna())
