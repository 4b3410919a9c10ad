"""Request aggregates and deadline lists on SQLite and PostgreSQL, against plain-Python counts
of small hand-made fixtures."""

from __future__ import annotations

import statistics
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import inspect

from analytics import requests_sla as sla
from data_access import requests as q
from domain.roles import AccessDenied
from tests.factories import BUCHA, BUCHA_CITY, VORZEL, add_incidents, add_requests, at, ids

TODAY = date(2026, 11, 25)
START, END = date(2026, 10, 26), date(2026, 11, 22)

# (received, term, answered, topic, settlement, forwarded (days after receipt, partner answer days later))
ROWS = [
    (date(2026, 10, 26), 30, date(2026, 10, 30), "street_lighting", BUCHA_CITY, None),  # 4 days
    (date(2026, 10, 27), 15, date(2026, 11, 12), "noise_public_order", BUCHA_CITY, None),  # 16 days: late
    (date(2026, 10, 31), 30, date(2026, 11, 20), "street_lighting", VORZEL, (2, 10)),  # 20 days
    (date(2026, 11, 1), 30, None, "street_lighting", VORZEL, None),  # open, due 1 Dec
    (date(2026, 11, 5), 15, None, "fraud", BUCHA_CITY, None),  # due 20 Nov: overdue 5 days
    (date(2026, 11, 8), 15, None, "fraud", BUCHA_CITY, None),  # due 23 Nov: overdue 2 days
    (date(2026, 11, 12), 15, None, "drugs", VORZEL, (1, None)),  # due 27 Nov: at risk (2 days left)
    (date(2026, 11, 22), 30, date(2026, 11, 22), "drugs", BUCHA_CITY, None),  # 0 days
    (date(2026, 9, 20), 30, date(2026, 10, 28), "other", BUCHA_CITY, None),  # received before: answered in, 38 days
    (date(2026, 10, 1), 30, None, "other", BUCHA_CITY, None),  # previous period, open, due 31 Oct
    (date(2026, 11, 23), 15, None, "fraud", None, None),  # after END, no settlement; at risk? due 8 Dec: no
]


@pytest.fixture
def seeded(engine):
    known = ids(engine)
    from sqlalchemy import insert

    from data_access import schema
    from data_access.records import new_batch

    with engine.begin() as conn:
        batch = new_batch(conn, kind="partners", source="test")
        partner_id = conn.execute(insert(schema.partner).values(
            source="test", external_id="p1", import_batch_id=batch, hromada_id=known[BUCHA],
            name_uk="Бучанське РУП", name_en="Bucha police department", kind="police", active=True,
        )).inserted_primary_key[0]
    rows = []
    for n, (received, term, answered, topic, settlement, fwd) in enumerate(ROWS):
        row = {"received_at": at(received, 10), "deadline_days": term, "topic": topic, "settlement": settlement,
               "external_id": f"R-{n:02d}", "status": "answered" if answered else "in_progress",
               "collective": n == 2}
        if answered:
            row["answered_at"] = at(answered, 15)
        if fwd:
            row["forwarded_partner_id"] = partner_id
            row["forwarded_at"] = received + timedelta(days=fwd[0])
            if fwd[1] is not None:
                row["partner_answered_at"] = received + timedelta(days=fwd[0] + fwd[1])
        rows.append(row)
    add_requests(engine, rows)
    return engine, known


def _in(d, a=START, b=END):
    return d is not None and a <= d <= b


def test_period_counts_match_plain_python(seeded):
    engine, known = seeded
    out = q.period_counts(engine, hromada_id=known[BUCHA], start=START, end=END)
    dues = [r + timedelta(days=t) for r, t, *_ in ROWS]
    assert out["received"] == sum(_in(r) for r, *_ in ROWS) == 8
    assert out["answered"] == sum(_in(row[2]) for row in ROWS) == 5
    assert out["answered_on_time"] == sum(_in(row[2]) and row[2] <= due for row, due in zip(ROWS, dues, strict=True))
    assert out["answered_on_time"] == 3  # 16-day answer to a 15-day term and the 38-day one are late
    assert out["forwarded"] == 2 and out["collective"] == 1 and out["partner_answered"] == 1


def test_answer_days_percentiles_match_statistics(seeded):
    engine, known = seeded
    freq = q.answer_days(engine, hromada_id=known[BUCHA], start=START, end=END)
    raw = [(a - r).days for r, _, a, *_ in ROWS if _in(a)]
    assert sorted(raw) == [0, 4, 16, 20, 38]
    assert dict(zip(freq["days"], freq["count"], strict=True)) == {d: raw.count(d) for d in set(raw)}
    times = sla.answer_times(freq)
    assert times.median == statistics.median(raw) == 16
    assert times.p90 == pytest.approx(statistics.quantiles(raw, n=10, method="inclusive")[8])  # 30.8
    partner = q.answer_days(engine, hromada_id=known[BUCHA], start=START, end=END, partner=True)
    assert partner.to_dict("records") == [{"days": 10, "count": 1}]


def test_settlement_filter(seeded):
    engine, known = seeded
    out = q.period_counts(engine, hromada_id=known[BUCHA], start=START, end=END, settlement_ids=(known[VORZEL],))
    assert out["received"] == 3 and out["answered"] == 1


def test_backlog_on_a_date_against_brute_force(seeded):
    engine, known = seeded
    for as_of in (date(2026, 10, 31), date(2026, 11, 15), TODAY):
        out = q.backlog_on(engine, hromada_id=known[BUCHA], as_of=as_of)
        open_rows = [(r, t) for r, t, a, *_ in ROWS if r <= as_of and (a is None or a > as_of)]
        assert out["open"] == len(open_rows)
        assert out["overdue"] == sum(r + timedelta(days=t) < as_of for r, t in open_rows)
        assert out["at_risk"] == sum(as_of <= r + timedelta(days=t) <= as_of + timedelta(days=5) for r, t in open_rows)
    now = q.backlog_on(engine, hromada_id=known[BUCHA], as_of=TODAY)
    assert now == {"open": 6, "overdue": 3, "at_risk": 1}


def test_daily_flow_gives_the_backlog_of_each_week(seeded):
    engine, known = seeded
    daily = q.daily_flow(engine, hromada_id=known[BUCHA], end=END)
    assert daily["received"].sum() == 10 and daily["answered"].sum() == 5
    weeks = sla.backlog_by_week(daily, START, END)
    for as_of, n_open in zip(weeks["as_of"], weeks["open"], strict=True):
        assert n_open == sum(1 for r, _, a, *_ in ROWS if r <= as_of and (a is None or a > as_of))


def test_counts_by_and_topic_windows(seeded):
    engine, known = seeded
    topics = q.counts_by(engine, hromada_id=known[BUCHA], start=START, end=END, field="topic")
    assert dict(zip(topics["key"], topics["count"], strict=True)) == {
        "street_lighting": 3, "noise_public_order": 1, "fraud": 2, "drugs": 2}
    places = q.counts_by(engine, hromada_id=known[BUCHA], start=START, end=END, field="settlement_id")
    assert dict(zip(places["key"], places["count"], strict=True)) == {known[BUCHA_CITY]: 5, known[VORZEL]: 3}
    with pytest.raises(ValueError):
        q.counts_by(engine, hromada_id=known[BUCHA], start=START, end=END, field="status; DROP TABLE x")
    w = q.topic_windows(engine, hromada_id=known[BUCHA], end=END, weeks=4).set_index("topic")
    assert w.loc["other", "previous"] == 1 and w.loc["other", "current"] == 0
    assert w.loc["street_lighting", "current"] == 3


def test_clusters_from_the_database(seeded):
    engine, known = seeded
    add_requests(engine, [{"received_at": at(date(2026, 8, 1) + timedelta(days=20 * k)), "topic": "street_lighting",
                           "settlement": VORZEL, "external_id": f"C-{k}"} for k in range(3)])
    days = q.topic_settlement_days(engine, hromada_id=known[BUCHA], start=date(2026, 1, 1), end=END)
    clusters = sla.find_clusters(days)
    assert len(clusters) == 1
    c = clusters.iloc[0]
    assert (c.settlement_id, c.topic, c.requests, c.collective) == (known[VORZEL], "street_lighting", 5, 1)
    assert (c.first, c.last) == (date(2026, 8, 1), date(2026, 11, 1))


def test_requests_and_incidents_side_by_side(seeded):
    engine, known = seeded
    add_incidents(engine, [{"occurred_at": datetime(2026, 11, 5, 9), "category": "fraud"},
                           {"occurred_at": datetime(2026, 11, 5, 18), "category": "fraud"},
                           {"occurred_at": datetime(2026, 11, 6, 9), "category": "theft"}])
    out = q.requests_and_incidents(engine, hromada_id=known[BUCHA], start=START, end=END, topic="fraud",
                                   category="fraud").set_index("day")
    assert out.loc[date(2026, 11, 5)].tolist() == [1, 2]
    assert out.loc[date(2026, 11, 8)].tolist() == [1, 0]
    assert out["incidents"].sum() == 2


def test_deadline_lists_are_prosecutor_only_and_sorted(seeded):
    engine, known = seeded
    with pytest.raises(AccessDenied):
        q.deadline_list(engine, role="leadership", hromada_id=known[BUCHA], today=TODAY, which="overdue")
    overdue = q.deadline_list(engine, role="prosecutor", hromada_id=known[BUCHA], today=TODAY, which="overdue")
    assert overdue["external_id"].tolist() == ["R-09", "R-04", "R-05"]  # most days overdue first
    assert overdue["days"].tolist() == [25, 5, 2]
    risk = q.deadline_list(engine, role="prosecutor", hromada_id=known[BUCHA], today=TODAY, which="at_risk")
    assert risk["external_id"].tolist() == ["R-06"] and risk["days"].tolist() == [2]
    assert risk["partner_uk"].tolist() == ["Бучанське РУП"] and risk["settlement_en"].tolist() == ["Vorzel"]


def test_the_schema_has_no_field_for_personal_data(engine):
    columns = {c["name"] for c in inspect(engine).get_columns("resident_request")}
    personal = {"name", "applicant", "applicant_name", "first_name", "last_name", "phone", "email", "address",
                "tax_number", "birth_date", "description", "text"}
    assert not columns & personal
