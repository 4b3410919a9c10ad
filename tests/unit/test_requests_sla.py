"""Request deadlines and SLA statistics against independent calculations (plain Python,
statistics.quantiles, scipy's binomial test)."""

from __future__ import annotations

import random
import statistics
from datetime import date, timedelta

import pandas as pd
import pytest
from scipy.stats import binomtest

from analytics import requests_sla as sla
from reports.exports import csv_bytes, neutralise_formula, xlsx_bytes


def test_percentiles_match_statistics_quantiles_inclusive():
    rng = random.Random(7)
    for n in (1, 2, 3, 4, 10, 37, 200):
        values = [rng.randint(0, 45) for _ in range(n)]
        assert sla.percentile(values, 50) == pytest.approx(statistics.median(values))
        if n >= 2:
            p90 = statistics.quantiles(values, n=10, method="inclusive")[8]
            assert sla.percentile(values, 90) == pytest.approx(p90)
    assert sla.percentile([], 50) is None


def test_answer_times_from_a_frequency_table_equal_the_raw_values():
    raw = [2, 3, 10, 40]
    assert sla.percentile(raw, 50) == 6.5 and sla.percentile(raw, 90) == pytest.approx(31.0)
    raw = [0, 0, 5, 5, 5, 12, 29, 29, 31, 44]
    freq = pd.Series(raw).value_counts().rename_axis("days").reset_index(name="count")
    times = sla.answer_times(freq)
    assert times.n == 10
    assert times.median == pytest.approx(statistics.median(raw)) == 8.5
    assert times.p90 == pytest.approx(statistics.quantiles(raw, n=10, method="inclusive")[8])
    assert sla.answer_times(pd.DataFrame(columns=["days", "count"])) == sla.AnswerTimes(0, None, None)


def test_share_is_none_without_a_whole():
    assert sla.share(3, 12) == pytest.approx(0.25)
    assert sla.share(3, 0) is None


def _brute_backlog(received: list[date], answered: list[date | None], as_of: date) -> int:
    return sum(1 for r, a in zip(received, answered, strict=True) if r <= as_of and (a is None or a > as_of))


def test_backlog_at_the_end_of_each_week_equals_a_count_of_open_requests():
    rng = random.Random(3)
    start = date(2026, 8, 1)
    received = [start + timedelta(days=rng.randint(0, 100)) for _ in range(120)]
    answered = [None if rng.random() < 0.15 else r + timedelta(days=rng.randint(0, 40)) for r in received]
    daily = pd.DataFrame({"day": received + [a for a in answered if a],
                          "received": [1] * 120 + [0] * sum(a is not None for a in answered),
                          "answered": [0] * 120 + [1] * sum(a is not None for a in answered)})
    daily = daily.groupby("day", as_index=False).sum()
    end = date(2026, 11, 11)  # a Wednesday: the last week ends on that day
    out = sla.backlog_by_week(daily, date(2026, 9, 1), end)
    assert out["week"].iloc[0] == date(2026, 8, 31) and out["as_of"].iloc[-1] == end
    for week, as_of, n_open in out.itertuples(index=False):
        assert as_of == min(week + timedelta(days=6), end)
        assert n_open == _brute_backlog(received, answered, as_of)


def test_weekly_flow_counts_only_days_in_range():
    daily = pd.DataFrame({"day": [date(2026, 11, 1), date(2026, 11, 2), date(2026, 11, 3), date(2026, 11, 20)],
                          "received": [5, 2, 1, 4], "answered": [0, 1, 3, 2]})
    out = sla.weekly_flow(daily, date(2026, 11, 2), date(2026, 11, 15))
    assert out["week"].tolist() == [date(2026, 11, 2), date(2026, 11, 9)]
    assert out["received"].tolist() == [3, 0] and out["answered"].tolist() == [4, 0]


def test_topic_trend_marks_only_significant_rises():
    windows = pd.DataFrame({"topic": ["a", "b", "c", "d"], "current": [30, 6, 5, 0], "previous": [12, 3, 15, 0]})
    out = sla.topic_trend(windows).set_index("topic")
    for _topic, row in out.iterrows():
        n = row.current + row.previous
        if n:
            assert row.p_value == pytest.approx(binomtest(row.current, n, 0.5).pvalue)
        else:
            assert pd.isna(row.p_value)  # nothing to test
    assert out.loc["a", "rising"] and not out.loc["b", "rising"]  # 6 vs 3 is noise
    assert out.loc["c", "falling"] and not out.loc["c", "rising"]
    assert out.loc["a", "change"] == pytest.approx(1.5) and pd.isna(out.loc["d", "change"])
    assert list(out.index) == ["a", "b", "c", "d"]


def _days(rows):
    return pd.DataFrame(rows, columns=["settlement_id", "topic", "day", "count", "collective"])


def test_cluster_is_a_chain_of_three_each_within_60_days():
    d = date(2026, 1, 1)
    rows = [
        (1, "lighting", d, 1, 0),
        (1, "lighting", d + timedelta(days=60), 1, 1),  # exactly 60 days: same chain
        (1, "lighting", d + timedelta(days=120), 2, 0),  # two on one day
        (1, "lighting", d + timedelta(days=181), 1, 0),  # 61 days later: a new chain (of 1)
        (2, "lighting", d, 1, 0), (2, "lighting", d + timedelta(days=10), 1, 0),  # only two
        (1, "noise", d, 1, 0), (1, "noise", d + timedelta(days=70), 1, 0), (1, "noise", d + timedelta(days=80), 1, 0),
    ]
    out = sla.find_clusters(_days(rows))
    assert len(out) == 1
    c = out.iloc[0]
    assert (c.settlement_id, c.topic, c.first, c.last, c.requests, c.collective) == (
        1, "lighting", d, d + timedelta(days=120), 4, 1)


def test_two_chains_of_one_pair_are_both_found_and_sorted_by_size():
    d = date(2026, 1, 1)
    rows = [(3, "drugs", d + timedelta(days=k), 1, 0) for k in (0, 5, 9)]
    rows += [(3, "drugs", d + timedelta(days=k), 1, 0) for k in (200, 210, 220, 230)]
    out = sla.find_clusters(_days(rows))
    assert out["requests"].tolist() == [4, 3]
    assert out["first"].tolist() == [d + timedelta(days=200), d]
    assert sla.find_clusters(_days([])).empty


def test_clusters_in_period_keep_only_recent_chains_and_count_their_requests_since_the_start():
    d = date(2026, 1, 1)
    rows = [(3, "drugs", d + timedelta(days=k), 1, 0) for k in (0, 5, 9)]  # over before the period
    rows += [(3, "drugs", d + timedelta(days=k), 1, 0) for k in (200, 210, 220, 230)]  # 2 of 4 in the period
    rows += [(4, "noise", d + timedelta(days=k), 2, 1) for k in (190, 200, 225)]  # 1 day of 3 in the period
    out = sla.clusters_in_period(_days(rows), d + timedelta(days=220))
    assert list(zip(out["settlement_id"], out["in_period"], out["requests"], strict=True)) == [(4, 2, 6), (3, 2, 4)]
    assert sla.clusters_in_period(_days(rows), d + timedelta(days=300)).empty
    assert "in_period" in sla.clusters_in_period(_days([]), d).columns


def test_requests_per_settlement_in_the_settlements_order_with_zeros():
    settlements = pd.DataFrame({"id": [7, 3, 9], "code": ["a", "b", "c"], "population": [37321, None, "1172"]},
                               index=[4, 0, 11])
    now = pd.DataFrame({"key": [3, None, 7], "count": [5, 2, 1]})
    before = pd.DataFrame({"key": [9], "count": [4]})
    out = sla.requests_per_settlement(settlements, now, before)
    assert out["code"].tolist() == ["a", "b", "c"] and list(out.index) == [0, 1, 2]
    assert out["count"].tolist() == [1, 5, 0] and out["prev_count"].tolist() == [0, 0, 4]
    assert out["population"].iloc[0] == 37321 and out["population"].isna().tolist() == [False, True, False]


def test_monthly_fills_empty_months():
    daily = pd.DataFrame({"day": [date(2026, 1, 31), date(2026, 3, 1)], "requests": [2, 1], "incidents": [0, 4]})
    out = sla.monthly(daily, date(2026, 1, 1), date(2026, 3, 15), ("requests", "incidents"))
    assert out["month"].tolist() == [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)]
    assert out["requests"].tolist() == [2, 0, 1] and out["incidents"].tolist() == [0, 0, 4]


def test_exports_neutralise_formulas_and_keep_cyrillic():
    df = pd.DataFrame({"Тема": ["=HYPERLINK(\"x\")", "+1", "-2", "@a", "Буча"], "n": [1, 2, 3, 4, 5]})
    assert neutralise_formula("=1+1") == "'=1+1" and neutralise_formula(5) == 5
    csv = csv_bytes(df)
    assert csv.startswith(b"\xef\xbb\xbf")
    text = csv.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and '\n"\'+1";' in text and "Буча" in text
    from io import BytesIO

    from openpyxl import load_workbook

    ws = load_workbook(BytesIO(xlsx_bytes(df, sheet="Прострочені"))).active
    assert ws.title == "Прострочені"
    assert ws["A2"].value == "'=HYPERLINK(\"x\")" and ws["A2"].data_type == "s"
    assert ws["A6"].value == "Буча" and ws["B6"].value == 5


def test_bars_of_hidden_counts_are_empty_and_labelled():
    from display.request_charts import share_bar_chart, topic_chart

    counts = pd.DataFrame({"label": ["Гаряча лінія", "Пошта", "Інше"], "count": [30, 3, 2],
                           "display": ["30", "< 5", "< 5"]})
    fig = share_bar_chart(counts, "uk")
    bars = dict(zip(fig.data[0].y, zip(fig.data[0].x, fig.data[0].text, strict=True), strict=True))
    assert bars["Пошта"] == (0, "< 5") and bars["Інше"] == (0, "< 5")
    assert bars["Гаряча лінія"][0] == 30 and bars["Гаряча лінія"][1].startswith("30 (86")
    trend = pd.DataFrame({"label": ["Шахрайство", "Наркотики"], "current": [30, 4], "previous": [12, 9],
                          "rising": [True, False], "falling": [False, False],
                          "current_display": ["30", "< 5"], "previous_display": ["12", "9"]})
    fig = topic_chart(trend, "en")
    current = dict(zip(fig.data[1].y, zip(fig.data[1].x, fig.data[1].text, strict=True), strict=True))
    assert current["Наркотики"] == (0, "< 5")
    assert current["Шахрайство"][0] == 30 and "▲ rising" in current["Шахрайство"][1]
