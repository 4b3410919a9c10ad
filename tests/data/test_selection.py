"""A selection of hromadas (several, a raion, an oblast) counts as one area: every aggregate of Bucha raion's three
hromadas (Bucha, Irpin, Hostomel, added from the codifier and seeded with demo data) equals the sum of the three
hromadas' own figures and an independent count of the raw rows; legal clocks keep each hromada's own calendar;
survey waves stay per hromada."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import date, timedelta

import pandas as pd
import pytest
from sqlalchemy import select

from analytics.periods import Period
from data_access import overview, partners, reference, requests, schema, surveys
from data_access.__main__ import main as cli
from data_access.demo import seed_demo
from data_access.incidents import daily_incident_counts
from data_access.places import selection_ids, settlements
from display.kpis import PER_HROMADA, KpiWindow, direct_call, kpi_spec
from tests.factories import BUCHA

IRPIN, HOSTOMEL = "UA32080150000035443", "UA32080110000056605"
TODAY = date(2026, 11, 16)
START, END = date(2026, 9, 21), date(2026, 11, 15)


@pytest.fixture
def raion(engine, tmp_path, monkeypatch):
    """The three hromadas of Bucha raion with eight weeks of demo data; returns (engine, {code: id})."""
    folder = tmp_path / "hromadas"
    shutil.copytree(reference.HROMADAS_DIR, folder)
    monkeypatch.setattr(reference, "HROMADAS_DIR", folder)
    url = engine.url.render_as_string(hide_password=False)
    for code in (IRPIN, HOSTOMEL):
        assert cli(["add-hromada", code, "--assets-dir", str(folder), "--database-url", url]) == 0
    seed_demo(engine, today=TODAY, weeks=8, hromadas=(BUCHA, IRPIN, HOSTOMEL))
    with engine.connect() as conn:
        ids = dict(conn.execute(select(schema.hromada.c.code, schema.hromada.c.id)).all())
    return engine, ids


def _raw(engine, table) -> pd.DataFrame:
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(select(table)).mappings().all())


def test_the_raion_aggregates_all_three_hromadas(raion):
    engine, ids = raion
    three = tuple(ids[c] for c in (BUCHA, IRPIN, HOSTOMEL))
    assert selection_ids(three) == tuple(sorted(three)) and selection_ids(ids[BUCHA]) == (ids[BUCHA],)

    incidents = _raw(engine, schema.incident)
    in_period = incidents[(incidents["occurred_date"] >= START) & (incidents["occurred_date"] <= END)
                          & (incidents["category_group"] == "community") & (incidents["occurred_precision"] == "day")]
    each = [overview.incident_count(engine, hromada_id=h, start=START, end=END) for h in three]
    assert all(n > 0 for n in each)  # every hromada holds incidents: a sum over one would not test anything
    together = overview.incident_count(engine, hromada_id=three, start=START, end=END)
    assert together == sum(each) == len(in_period)

    by_hromada = daily_incident_counts(engine, hromada_id=three, start=START, end=END, by="hromada")
    assert by_hromada.groupby("hromada")["count"].sum().to_dict() == in_period.groupby("hromada_id").size().to_dict()

    reqs = _raw(engine, schema.resident_request)
    received = reqs[(reqs["received_date"] >= START) & (reqs["received_date"] <= END)]
    topics = requests.counts_by(engine, hromada_id=three, start=START, end=END, field="topic")
    assert topics.set_index("key")["count"].to_dict() == received.groupby("topic").size().to_dict()

    backlog = requests.backlog_on(engine, hromada_id=three, as_of=END)
    parts = [requests.backlog_on(engine, hromada_id=h, as_of=END) for h in three]
    assert backlog == {k: sum(p[k] for p in parts) for k in backlog}
    states = requests.states_on(engine, hromada_id=three, as_of=END)
    assert len(states) == (reqs["received_date"] <= END).sum()  # no request lost between the calendars
    assert states["received_at"].is_monotonic_increasing

    acts = _raw(engine, schema.activity)
    assert overview.activity_count(engine, hromada_id=three, start=START, end=END) == int(
        ((acts["date"] >= START) & (acts["date"] <= END)).sum())
    directory = partners.partner_directory(engine, hromada_id=three, since=START, until=END)
    assert len(directory) == len(_raw(engine, schema.partner))

    places = settlements(engine, hromada_id=three)
    assert set(places["hromada_id"]) == set(three)
    assert len(places) == len(_raw(engine, schema.settlement))


def test_survey_waves_stay_per_hromada_and_the_trust_tile_is_not_pooled(raion):
    engine, ids = raion
    three = tuple(ids[c] for c in (BUCHA, IRPIN, HOSTOMEL))
    waves = surveys.survey_waves(engine, hromada_id=three, until=END)
    assert set(waves["hromada_id"]) == set(three)  # each wave says whose it is
    window = KpiWindow(query={"hromada_id": three, "settlement_ids": None}, period=Period(START, END),
                       previous=Period(START - timedelta(weeks=8), START - timedelta(days=1)),
                       year_ago=Period(START - timedelta(weeks=52), END - timedelta(weeks=52)), today=END)
    trust = kpi_spec("trust")
    numbers = trust.numbers(direct_call(engine), window)
    assert numbers.value is None and numbers.missing == PER_HROMADA
    assert trust.shown(numbers, lang="uk", suppress=True).display == "—"
    one = trust.numbers(direct_call(engine), replace(window, query={"hromada_id": ids[BUCHA], "settlement_ids": None}))
    assert one.value is not None  # one hromada still gets its estimate


def test_figures_that_skip_long_closed_requests_equal_those_from_every_request(raion):
    """The "now" figures and the period's closings read only the requests not closed before the view (a whole
    oblast holds hundreds of thousands of closed ones); they equal the figures from the whole register, and the
    received/closed flow (domain.request_state.closing_days) equals the per-request clocks' closings."""
    from analytics.request_kpis import type_summary
    from data_access.reference import keys
    from domain.request_state import CLOSED_BY, at_risk

    engine, ids = raion
    three = tuple(ids[c] for c in (BUCHA, IRPIN, HOSTOMEL))
    for selection in (ids[BUCHA], three):
        for as_of in (date(2026, 10, 5), END):
            every = requests.states_on(engine, hromada_id=selection, as_of=as_of)
            assert requests.backlog_on(engine, hromada_id=selection, as_of=as_of) == {
                "open": int(every["state"].isin(["open", "overdue"]).sum()),
                "overdue": int((every["state"] == "overdue").sum()), "at_risk": int(at_risk(every).sum())}
            assert overview.open_overdue_now(engine, hromada_id=selection, today=as_of) == int(
                (every["state"] == "overdue").sum())
            since = as_of - timedelta(days=14)
            fewer = requests.states_on(engine, hromada_id=selection, as_of=as_of, closed_since=since)
            assert len(fewer) < len(every) or as_of < END  # early on, nothing had closed yet
            types = keys("request_types")
            pd.testing.assert_frame_equal(type_summary(fewer, start=since, end=as_of, types=types),
                                          type_summary(every, start=since, end=as_of, types=types))
        flow = requests.daily_flow(engine, hromada_id=selection, end=END).set_index("day")
        every = requests.states_on(engine, hromada_id=selection, as_of=END)
        closed = every.loc[every["closed_by"].isin(CLOSED_BY), "closed_at"].map(lambda t: t.date())
        assert flow["answered"][flow["answered"] > 0].to_dict() == closed.value_counts().to_dict()
        assert int(flow["received"].sum()) == len(every)


@pytest.mark.parametrize("day_known", [False, True])
def test_a_selections_date_range_spans_its_hromadas_ranges(raion, day_known):
    from data_access.incident_geo import incident_date_range

    engine, ids = raion
    each = [incident_date_range(engine, hromada_id=ids[code], day_known=day_known) for code in (BUCHA, IRPIN, HOSTOMEL)]
    got = incident_date_range(engine, hromada_id=tuple(ids[c] for c in (BUCHA, IRPIN, HOSTOMEL)), day_known=day_known)
    assert got == (min(first for first, _ in each), max(last for _, last in each))
    assert got[0] is not None and got[0] < got[1]
