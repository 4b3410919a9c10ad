"""The same demo data on SQLite and PostgreSQL gives the same figures (issue 2: "init on an empty
PostgreSQL database, then seed-demo, then the dashboard pointed at it shows the same figures")."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from analytics.periods import preset_period, previous_period
from data_access import incident_geo as geo
from data_access import overview as q
from data_access.db_setup import upgrade_to_head
from data_access.demo import seed_demo
from data_access.incidents import daily_incident_counts
from data_access.places import hromadas
from data_access.reference import load_reference
from tests.conftest import _drop_pg_schema, _postgres_engine

TODAY = date(2026, 11, 25)


def _figures(engine) -> dict:
    hromada_id = int(hromadas(engine)["id"].iloc[0])
    period = preset_period("4weeks", TODAY)
    prev = previous_period(period)
    figures = {
        "incidents": q.incident_count(engine, hromada_id=hromada_id, start=period.start, end=period.end),
        "incidents_prev": q.incident_count(engine, hromada_id=hromada_id, start=prev.start, end=prev.end),
        "war": q.incident_count(engine, hromada_id=hromada_id, start=period.start, end=period.end, group="war"),
        "requests": q.request_counts(engine, hromada_id=hromada_id, start=period.start, end=period.end, today=TODAY),
        "overdue_now": q.open_overdue_now(engine, hromada_id=hromada_id, today=TODAY),
        "activities": q.activity_count(engine, hromada_id=hromada_id, start=period.start, end=period.end),
    }
    weekly = geo.incident_counts(engine, by=("week",), hromada_id=hromada_id, start=date(2026, 1, 1), end=period.end)
    trust = q.trust_share_by_wave(engine, hromada_id=hromada_id, question_code="trust_police", until=TODAY)
    daily = daily_incident_counts(engine, hromada_id=hromada_id, start=date(2026, 1, 1), end=period.end)
    return figures, weekly, trust, daily


def test_sqlite_and_postgresql_show_the_same_figures(sqlite_engine):
    pg, schema_name = _postgres_engine()
    try:
        upgrade_to_head(pg)
        load_reference(pg)
        counts = {}
        for name, eng in (("sqlite", sqlite_engine), ("postgresql", pg)):
            counts[name] = seed_demo(eng, today=TODAY, weeks=60)
        assert counts["sqlite"] == counts["postgresql"]
        lite, post = _figures(sqlite_engine), _figures(pg)
        assert lite[0] == post[0], (lite[0], post[0])
        assert lite[0]["incidents"] > 0 and lite[0]["requests"]["received"] > 0
        for a, b in zip(lite[1:], post[1:], strict=True):
            a = a.reset_index(drop=True)
            b = b.reset_index(drop=True)
            for col in a.columns:
                if pd.api.types.is_float_dtype(a[col]) or pd.api.types.is_float_dtype(b[col]):
                    assert a[col].astype(float).round(6).tolist() == pytest.approx(b[col].astype(float).round(6).tolist())
                else:
                    assert [str(v) for v in a[col]] == [str(v) for v in b[col]], col
    finally:
        pg.dispose()
        _drop_pg_schema(schema_name)
