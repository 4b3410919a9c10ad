"""Demo data generator: deterministic, labelled as demo, realistic, and showing the documented patterns."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pandas as pd
import pytest
from sqlalchemy import func, select

from data_access import schema
from data_access.demo import BUCHA_CITY, BUCHA_CODE, BUCHA_HOTSPOTS, VORZEL, seed_demo
from data_access.reference import reference_table
from domain.dates import calendar_fields, week_start
from domain.geo import cell_of
from domain.legal_terms import due_for
from domain.request_state import request_states

TODAY = date(2026, 6, 17)  # a Wednesday
RECORD_TABLES = (schema.incident, schema.resident_request, schema.partner, schema.survey_wave,
                 schema.survey_response, schema.activity)


def _df(engine, stmt) -> pd.DataFrame:
    with engine.connect() as conn:
        result = conn.execute(stmt)
        return pd.DataFrame(result.mappings().all(), columns=list(result.keys()))


def _count(engine, table) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def _first_incidents(engine, n: int = 25) -> list[tuple]:
    t = schema.incident
    cols = [c for c in t.c if c.name not in ("id", "import_batch_id", "hromada_id", "settlement_id")]
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(*cols).order_by(t.c.external_id).limit(n)).all()]


def _population(engine, code: str = BUCHA_CODE) -> int:
    s, h = schema.settlement, schema.hromada
    with engine.connect() as conn:
        pops = conn.execute(select(s.c.population).join(h, h.c.id == s.c.hromada_id).where(h.c.code == code)).scalars()
        return sum(p if p is not None else 500 for p in pops)


def _settlement_id(engine, code: str) -> int:
    with engine.connect() as conn:
        return conn.execute(select(schema.settlement.c.id).where(schema.settlement.c.code == code)).scalar_one()


@pytest.fixture
def seeded(engine):
    """The full default demo (156 weeks, scale 1) with a fixed today."""
    counts = seed_demo(engine, today=TODAY)
    return engine, counts


def test_reseeding_is_deterministic_and_does_not_duplicate(seeded):
    engine, counts = seeded
    first_rows = _first_incidents(engine)
    table_counts = {t.name: _count(engine, t) for t in RECORD_TABLES}
    again = seed_demo(engine, today=TODAY)
    assert again == counts
    assert _first_incidents(engine) == first_rows
    assert {t.name: _count(engine, t) for t in RECORD_TABLES} == table_counts
    assert counts["incident"] == table_counts["incident"]
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(schema.import_batch)).scalar_one() == 1


def test_reseeding_keeps_non_demo_rows(engine):
    seed_demo(engine, today=TODAY, weeks=8)
    with engine.begin() as conn:
        hid = conn.execute(select(schema.hromada.c.id).where(schema.hromada.c.code == BUCHA_CODE)).scalar_one()
        batch = conn.execute(schema.import_batch.insert().values(
            kind="incidents", source="police", created_at=pd.Timestamp("2026-06-01").to_pydatetime(),
            rows_total=1, rows_imported=1, rows_updated=0, rows_rejected=0, is_demo=False, status="committed",
        )).inserted_primary_key[0]
        occurred = pd.Timestamp("2026-06-01 10:00").to_pydatetime()
        cal = calendar_fields(occurred)
        conn.execute(schema.incident.insert().values(
            source="police", external_id="real-1", import_batch_id=batch, hromada_id=hid, occurred_at=occurred,
            occurred_date=cal["date"], occurred_week=cal["week"], occurred_hour=cal["hour"], occurred_dow=cal["dow"],
            occurred_until=cal["date"],
            category="theft", category_group="community", severity="grave", status="registered",
            domestic_violence=False, minors_involved=False,
        ))
    seed_demo(engine, today=TODAY, weeks=8)
    real = _df(engine, select(schema.incident.c.external_id).where(schema.incident.c.source == "police"))
    assert real["external_id"].tolist() == ["real-1"]
    batches = _df(engine, select(schema.import_batch.c.id, schema.import_batch.c.is_demo))
    assert sorted(batches["is_demo"].tolist()) == [False, True]


def test_every_record_belongs_to_the_one_demo_batch(seeded):
    engine, counts = seeded
    batches = _df(engine, select(schema.import_batch))
    assert len(batches) == 1
    batch = batches.iloc[0]
    assert (batch["kind"], batch["source"], bool(batch["is_demo"])) == ("demo", "demo", True)
    for table in RECORD_TABLES:
        rows = _df(engine, select(table.c.source, table.c.external_id, table.c.import_batch_id))
        assert len(rows) > 0, table.name
        assert set(rows["import_batch_id"]) == {batch["id"]}, table.name
        assert set(rows["source"]) == {"demo"}, table.name
        assert rows["external_id"].is_unique, table.name
    priorities = _df(engine, select(schema.priority.c.is_demo))
    assert priorities["is_demo"].all()
    assert counts["survey_answer"] == _count(engine, schema.survey_answer)


def test_span_covers_three_years_through_yesterday(seeded):
    engine, _ = seeded
    inc = _df(engine, select(func.min(schema.incident.c.occurred_date).label("first"),
                             func.max(schema.incident.c.occurred_date).label("last")))
    first, last = pd.Timestamp(inc.loc[0, "first"]).date(), pd.Timestamp(inc.loc[0, "last"]).date()
    assert first >= week_start(TODAY) - timedelta(weeks=156)
    assert first <= date(TODAY.year - 2, 1, 1)
    assert last == TODAY - timedelta(days=1)


def test_stored_calendar_fields_and_cells_match_geo(seeded):
    engine, _ = seeded
    inc = _df(engine, select(schema.incident).order_by(schema.incident.c.external_id).limit(400))
    for r in inc.itertuples():
        cal = calendar_fields(pd.Timestamp(r.occurred_at).to_pydatetime())
        assert (cal["date"], cal["week"], cal["hour"], cal["dow"]) == (
            pd.Timestamp(r.occurred_date).date(), pd.Timestamp(r.occurred_week).date(), r.occurred_hour, r.occurred_dow)
        if not pd.isna(r.lat):
            assert cell_of(r.lat, r.lon) == (r.cell_row, r.cell_col)
        assert r.reported_at >= r.occurred_at


def test_incident_rates_categories_and_articles_are_realistic(seeded):
    engine, _ = seeded
    inc = _df(engine, select(schema.incident.c.settlement_id, schema.incident.c.category,
                             schema.incident.c.category_group, schema.incident.c.legal_article,
                             schema.incident.c.severity, schema.incident.c.lat, schema.incident.c.description))
    per10k = _population(engine) / 10000
    weekly = len(inc) / 156 / per10k
    assert 2.0 <= weekly <= 6.0, weekly
    criminal_per_year = (inc["severity"] != "administrative").sum() / 3 / per10k
    assert 80 <= criminal_per_year <= 140, criminal_per_year
    cats = reference_table("incident_categories")
    assert set(inc["category"]) <= set(cats["key"])
    assert inc["category"].value_counts().index[0] == "theft"
    groups = dict(zip(cats["key"], cats["group"], strict=True))
    assert (inc["category"].map(groups) == inc["category_group"]).all()
    arts = reference_table("legal_articles").set_index("code")
    with_art = inc.dropna(subset=["legal_article"])
    assert (arts.loc[with_art["legal_article"], "category"].to_numpy() == with_art["category"].to_numpy()).all()
    assert (arts.loc[with_art["legal_article"], "severity"].to_numpy() == with_art["severity"].to_numpy()).all()
    settlements = _df(engine, select(schema.settlement.c.id, schema.settlement.c.lat))
    known = set(settlements.loc[settlements["lat"].notna(), "id"])
    in_known = inc["settlement_id"].isin(known)
    assert 0.08 <= inc.loc[in_known, "lat"].isna().mean() <= 0.16
    assert inc.loc[~in_known, "lat"].isna().all()  # no invented positions for unplaced villages
    assert (inc["category_group"] == "war").sum() > 0
    assert inc["description"].str.len().max() < 120


def test_hot_spot_near_bucha_station(seeded):
    engine, _ = seeded
    city = _settlement_id(engine, BUCHA_CITY)
    inc = _df(engine, select(schema.incident.c.lat, schema.incident.c.lon)
              .where(schema.incident.c.settlement_id == city, schema.incident.c.lat.is_not(None)))
    _, lat0, lon0, *_ = BUCHA_HOTSPOTS[0]
    dist_m = 111320 * ((inc["lat"] - lat0) ** 2 + ((inc["lon"] - lon0) * math.cos(math.radians(lat0))) ** 2) ** 0.5
    near = (dist_m < 300).mean()
    # points spread evenly over a city would put well under 2 % within 300 m of one place
    assert near > 0.05, near


def test_fraud_rises_over_the_last_months(seeded):
    engine, _ = seeded
    inc = _df(engine, select(schema.incident.c.occurred_date).where(schema.incident.c.category == "fraud"))
    d = pd.to_datetime(inc["occurred_date"])
    end = pd.Timestamp(TODAY)
    recent = ((d >= end - pd.DateOffset(months=6)) & (d < end)).sum()
    earlier = ((d >= end - pd.DateOffset(years=2, months=6)) & (d < end - pd.DateOffset(years=2))).sum()
    assert recent > 1.2 * earlier, (recent, earlier)


def test_lighting_in_vorzel_cuts_evening_street_crime(seeded):
    engine, _ = seeded
    vorzel = _settlement_id(engine, VORZEL)
    lighting = _df(engine, select(schema.activity.c.date, schema.activity.c.lat, schema.activity.c.priority_id)
                   .where(schema.activity.c.kind == "lighting", schema.activity.c.settlement_id == vorzel))
    assert len(lighting) == 1 and lighting.loc[0, "lat"] is not None and lighting.loc[0, "priority_id"] is not None
    installed = pd.Timestamp(lighting.loc[0, "date"])
    inc = _df(engine, select(schema.incident.c.occurred_date, schema.incident.c.occurred_hour).where(
        schema.incident.c.settlement_id == vorzel,
        schema.incident.c.category.in_(["theft", "burglary", "robbery", "property_damage", "hooliganism"])))
    inc = inc[(inc["occurred_hour"] >= 19) | (inc["occurred_hour"] <= 2)]
    d = pd.to_datetime(inc["occurred_date"])
    start = pd.Timestamp(week_start(TODAY) - timedelta(weeks=156))
    before = (d < installed).sum() / (installed - start).days
    after = (d >= installed).sum() / (pd.Timestamp(TODAY) - installed).days
    assert after < 0.6 * before, (before, after)
    reqs = _df(engine, select(schema.resident_request.c.received_date).where(
        schema.resident_request.c.settlement_id == vorzel, schema.resident_request.c.topic == "street_lighting"))
    assert (pd.to_datetime(reqs["received_date"]) < installed).sum() >= 5


def test_requests_deadlines_overdue_and_forwarding(seeded):
    engine, _ = seeded
    req = _df(engine, select(schema.resident_request))
    per_week = len(req) / 156
    assert 8 <= per_week <= 25, per_week
    topics = reference_table("request_topics").set_index("key")
    assert set(req["topic"]) <= set(topics.index)
    assert set(req["channel"]) <= set(reference_table("request_channels")["key"])
    assert set(req["type"]) <= set(reference_table("request_types")["key"])
    assert set(req["status"]) <= set(reference_table("request_statuses")["key"])
    shares = req["type"].value_counts(normalize=True)
    assert set(shares.index) == set(reference_table("request_types")["key"])  # every type, each a real share
    assert 0.3 <= shares["statement"] <= 0.55 and 0.02 <= shares["deputy_appeal"] <= 0.08, shares
    for r in req.itertuples():
        ext = None if pd.isna(r.extended_due_date) else pd.Timestamp(r.extended_due_date).date()
        received = pd.Timestamp(r.received_at).tz_localize("UTC").to_pydatetime()
        due = due_for(r.type, received, needs_study=r.needs_study,
                      deadline_days=None if pd.isna(r.deadline_days) else int(r.deadline_days),
                      extended_due=ext, urgent=bool(r.urgent))
        if r.type in ("crime_report",) or (r.type == "public_information" and r.urgent):
            assert pd.Timestamp(r.due_at).tz_localize("UTC") == pd.Timestamp(due)
        else:
            assert pd.Timestamp(r.due_date).date() == due
        if ext is not None:
            assert ext <= received.date() + timedelta(days=45)
    crime = req[req["type"] == "crime_report"]
    assert crime["answered_at"].isna().all() and crime["sent_by_competence_at"].isna().all()
    entered = crime.dropna(subset=["erdr_registered_at"])
    hours = (pd.to_datetime(entered["erdr_registered_at"]) - pd.to_datetime(entered["received_at"])).dt.total_seconds() / 3600
    assert 0.01 <= (hours > 24).mean() <= 0.08 and (hours > 0).all()
    sent = req.dropna(subset=["sent_by_competence_at"])
    assert 0.04 <= len(sent) / len(req) <= 0.1 and sent["answered_at"].isna().all()
    answered = req.dropna(subset=["answered_date"])
    assert (answered["status"] == "answered").all()
    assert (pd.to_datetime(answered["answered_date"]) < pd.Timestamp(TODAY)).all()
    late = (pd.to_datetime(answered["answered_date"]) > pd.to_datetime(answered["due_date"])).mean()
    assert 0.03 <= late <= 0.15, late
    recent = req[pd.to_datetime(req["received_date"]) >= pd.Timestamp(TODAY) - pd.Timedelta(days=120)]
    overdue = request_states(recent, as_of=TODAY)["state"] == "overdue"
    assert 0.03 <= overdue.mean() <= 0.10, overdue.mean()
    assert req["forwarded_partner_id"].notna().sum() > 0.05 * len(req)
    assert req["extended_at"].notna().sum() > 0
    assert req["collective"].sum() > 0


def test_survey_waves_weights_and_trends(seeded):
    engine, _ = seeded
    r, w, a, q = schema.survey_response, schema.survey_wave, schema.survey_answer, schema.survey_question
    resp = _df(engine, select(w.c.start_date, r.c.weight, r.c.age_group, r.c.gender).join(w, w.c.id == r.c.wave_id))
    sizes = resp.groupby("start_date").size()
    assert len(sizes) >= 6
    assert sizes.between(400, 700).all(), sizes
    assert resp["weight"].between(0.4, 2.5).all()
    assert abs(resp["weight"].mean() - 1) < 0.01
    assert set(resp["age_group"]) == set(reference_table("age_groups")["key"])
    ans = _df(engine, select(q.c.code, q.c.positive_min, w.c.start_date, a.c.value, a.c.dont_know)
              .join(q, q.c.id == a.c.question_id).join(r, r.c.id == a.c.response_id).join(w, w.c.id == r.c.wave_id))
    assert set(ans["code"]) == set(reference_table("survey_questions")["code"])
    dk = ans.groupby("code")["dont_know"].mean()
    assert dk.between(0.03, 0.15).all(), dk
    assert ans.loc[ans["dont_know"].astype(bool), "value"].isna().all()
    given = ans[~ans["dont_know"].astype(bool)].copy()
    given["positive"] = given["value"] >= given["positive_min"]
    share = given.groupby(["code", "start_date"])["positive"].mean().unstack()
    assert share.loc["trust_police"].iloc[-1] > share.loc["trust_police"].iloc[0] + 0.05
    assert share.loc["aware_programme"].iloc[0] < 0.25 and share.loc["aware_programme"].iloc[-1] > 0.35
    assert share.loc["trust_courts"].max() < 0.25


def test_partners_priorities_and_activities(seeded):
    engine, _ = seeded
    partners = _df(engine, select(schema.partner.c.name_uk, schema.partner.c.kind))
    assert len(partners) >= 20 and partners["name_uk"].is_unique
    assert set(partners["kind"]) <= set(reference_table("partner_kinds")["key"])
    prio = _df(engine, select(schema.priority.c.id, schema.priority.c.start_date, schema.priority.c.end_date,
                              schema.priority.c.agreed_via, schema.priority.c.agreed_on))
    assert 4 <= len(prio) <= 6
    assert set(prio["agreed_via"]) == {"meeting", "survey", "requests"}  # a priority for each source kind (issue 22)
    assert (pd.to_datetime(prio["agreed_on"]) < pd.to_datetime(prio["start_date"])).all()
    ind = _df(engine, select(schema.priority_indicator))
    assert set(prio["id"]) == set(ind["priority_id"])
    valid = {"incident_category": set(reference_table("incident_categories")["key"]),
             "request_topic": set(reference_table("request_topics")["key"]),
             "survey_question": set(reference_table("survey_questions")["code"])}
    for r in ind.itertuples():
        assert r.ref in valid[r.kind]
        assert r.direction in ("increase", "decrease")
    act = _df(engine, select(schema.activity.c.id, schema.activity.c.kind, schema.activity.c.priority_id))
    assert 3 <= len(act) / 156 <= 12
    assert set(act["kind"]) <= set(reference_table("activity_kinds")["key"])
    assert act["priority_id"].notna().mean() > 0.3
    links = _df(engine, select(schema.activity_partner))
    per_activity = links.groupby("activity_id").size()
    assert set(per_activity.index) == set(act["id"]) and per_activity.between(1, 4).all()


def test_scale_adds_synthetic_hromadas_and_reseed_removes_them(engine):
    counts3 = seed_demo(engine, scale=3, today=TODAY, weeks=10)
    h = _df(engine, select(schema.hromada.c.id, schema.hromada.c.code, schema.hromada.c.name_uk))
    demo = h[h["code"].str.startswith("DEMO-")].sort_values("code")
    assert demo["code"].tolist() == ["DEMO-0002", "DEMO-0003"]
    assert demo["name_uk"].tolist() == ["Демо-громада 2", "Демо-громада 3"]
    settlements = _df(engine, select(schema.settlement.c.hromada_id))
    per = settlements[settlements["hromada_id"].isin(demo["id"])].groupby("hromada_id").size()
    assert per.between(5, 15).all()
    inc = _df(engine, select(schema.incident.c.hromada_id))
    assert set(demo["id"]) <= set(inc["hromada_id"])
    bucha_id = int(h.loc[h["code"] == BUCHA_CODE, "id"].iloc[0])
    bucha_incidents = int((inc["hromada_id"] == bucha_id).sum())
    counts1 = seed_demo(engine, scale=1, today=TODAY, weeks=10)
    assert counts1["incident"] == bucha_incidents  # hromada 1 does not depend on the scale
    assert counts3["incident"] > counts1["incident"]
    codes = _df(engine, select(schema.hromada.c.code))["code"]
    assert not codes.str.startswith("DEMO-").any()


def test_indexes_and_foreign_keys_are_back_after_seeding(engine):
    """PostgreSQL drops the big tables' secondary indexes and foreign keys while the demo is written
    (``demo.bulk_load``) and builds them again: afterwards the database has every one it had before,
    and the keys hold (a demo row that pointed nowhere would have failed the seed)."""
    from sqlalchemy import inspect

    def names(eng) -> dict[str, set[str]]:
        insp = inspect(eng)
        return {t.name: {i["name"] for i in insp.get_indexes(t.name)} | {k["name"] for k in insp.get_foreign_keys(t.name)}
                for t in schema.metadata.sorted_tables}

    before = names(engine)
    seed_demo(engine, today=TODAY, weeks=8)
    after = names(engine)
    assert after == before
    assert "ix_survey_answer_question" in after["survey_answer"]
    assert "fk_survey_answer_response_id_survey_response" in after["survey_answer"]
    orphans = select(func.count()).select_from(schema.survey_answer).where(
        ~schema.survey_answer.c.response_id.in_(select(schema.survey_response.c.id)))
    with engine.connect() as conn:
        assert conn.execute(orphans).scalar_one() == 0
        assert conn.execute(select(func.count()).select_from(schema.survey_answer)).scalar_one() > 1000


def test_a_database_with_real_imports_is_seeded_without_locking_its_tables(engine):
    """Dropping indexes and keys locks the tables until the seed commits: only a demo or benchmark database takes
    that way; one that holds a committed real import keeps them (its pages keep reading while demo data changes)."""
    from datetime import datetime

    from data_access.demo.bulk_load import indexes_deferred
    from tests.factories import add_incidents

    postgres = engine.dialect.name == "postgresql"
    with engine.begin() as conn, indexes_deferred(conn) as dropped:
        assert dropped is postgres  # nothing real stored yet: the bulk way on PostgreSQL
    add_incidents(engine, [{"occurred_at": datetime(2026, 11, 2, 10)}], source="police")
    with engine.begin() as conn, indexes_deferred(conn) as dropped:
        assert dropped is False


@pytest.mark.parametrize("engine", ["postgresql"], indirect=True)  # SQLite inserts row by row either way
def test_copy_text_from_columns_stores_the_rows_that_row_by_row_copy_stores(engine, monkeypatch):
    """On PostgreSQL the demo's big tables go in as one COPY text built per column (``demo.frame.copy_text``);
    a seed the old way (psycopg's ``write_row`` for every row) stores the same rows, ids and keys included."""
    from sqlalchemy import text

    from data_access.demo import frame

    demo_tables = [t for t in schema.metadata.sorted_tables if "id" in t.c and t.name not in ("hromada", "settlement")]

    def sequences(conn) -> dict[str, tuple]:
        out = {}
        for t in demo_tables:
            seq = conn.execute(text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": t.name}).scalar()
            if seq:
                out[seq] = tuple(conn.execute(text("SELECT last_value, is_called FROM " + seq)).one())  # noqa: S608 - a sequence name from the catalog
        return out

    def stored() -> dict[str, list[tuple]]:
        with engine.connect() as conn:
            return {t.name: [tuple(r) for r in conn.execute(
                select(*(c for c in t.c if c.name not in ("created_at", "updated_at"))).order_by(*t.primary_key.columns))]
                    for t in schema.metadata.sorted_tables if t.name != "data_version"}  # counts writes

    with engine.connect() as conn:
        start = sequences(conn)
    fast = seed_demo(engine, scale=3, today=TODAY, weeks=30)
    by_columns = stored()
    with engine.begin() as conn:  # the second seed takes the same ids from the sequences
        for seq, (value, called) in start.items():
            conn.execute(text("SELECT setval(:s, :v, :c)"), {"s": seq, "v": value, "c": called})
    monkeypatch.setattr(frame, "COPY_TEXT", False)
    assert seed_demo(engine, scale=3, today=TODAY, weeks=30) == fast
    row_by_row = stored()
    assert fast["incident"] > 300 and fast["activity_partner"] > 50 and fast["survey_answer"] > 1000
    for name, rows in by_columns.items():
        assert rows == row_by_row[name], name


@pytest.mark.parametrize("engine", ["postgresql"], indirect=True)  # COPY is PostgreSQL's
def test_copy_text_escapes_and_nulls_like_psycopg(engine):
    """Tabs, newlines, backslashes, NULLs, NaN, NaT, dates and timestamps survive the column-built COPY text."""
    from datetime import datetime

    import numpy as np
    from sqlalchemy import Boolean as Bool
    from sqlalchemy import Column, Date, DateTime, Float, Integer, MetaData, Table, Text

    from data_access.demo.frame import Columns, insert_columns

    t = Table("copy_probe", MetaData(), Column("a", Text), Column("b", Integer), Column("c", Float),
              Column("d", Date), Column("e", DateTime), Column("f", Bool), Column("g", Date), Column("h", Text), Column("i", Integer))
    texts = ["tab\there", "line\nbreak\r\n", "back\\slash \\N", None, "Київ"]
    with engine.begin() as conn:
        t.create(conn)
        insert_columns(conn, t, Columns({
            "a": texts, "b": np.array([1, -2, 0, 2**31 - 1, 7]), "c": np.array([0.1, np.nan, 1e-5, 50.548891, -0.0]),
            "d": np.array(["2026-01-01", "NaT", "2024-02-29", "2026-11-26", "2026-12-31"], dtype="datetime64[D]"),
            "e": np.array(["2026-03-29T01:30:00.123456", "NaT", "2026-01-01", "2026-01-01T23:59:59", "NaT"],
                          dtype="datetime64[us]"),
            "f": np.array([True, False, True, False, True]), "g": [date(2026, 1, 2), None, None, date(2026, 1, 3), None],
            "h": "same\tfor all", "i": np.array([3, -1, 2, 3, 0])}, 5))
        got = conn.execute(select(t).order_by(t.c.b)).all()
    assert [r.i for r in got] == [-1, 2, 3, 0, 3]  # ordered by b: a short range of numbers is looked up
    assert [tuple(r)[:-1] for r in got] == sorted([
        ("tab\there", 1, 0.1, date(2026, 1, 1), datetime(2026, 3, 29, 1, 30, 0, 123456), True, date(2026, 1, 2),
         "same\tfor all"),
        ("line\nbreak\r\n", -2, None, None, None, False, None, "same\tfor all"),
        ("back\\slash \\N", 0, 1e-5, date(2024, 2, 29), datetime(2026, 1, 1), True, None, "same\tfor all"),
        (None, 2**31 - 1, 50.548891, date(2026, 11, 26), datetime(2026, 1, 1, 23, 59, 59), False, date(2026, 1, 3),
         "same\tfor all"),
        ("Київ", 7, -0.0, date(2026, 12, 31), None, True, None, "same\tfor all")], key=lambda r: r[1])


def test_a_seed_that_fails_midway_stores_nothing(engine, monkeypatch):
    """An error while one hromada is drawn (on PostgreSQL in the worker process) stops the seed and its
    transaction rolls back: the previous demo stays as it was."""
    from data_access.demo import seeding

    before = seed_demo(engine, scale=2, today=TODAY, weeks=8)
    stored = {t.name: _count(engine, t) for t in RECORD_TABLES}
    first = _first_incidents(engine)
    real_rows = seeding.incident_rows

    def failing(rng, place, *args):
        if place.number == 3:
            raise RuntimeError("drawing failed")
        return real_rows(rng, place, *args)

    monkeypatch.setattr(seeding, "incident_rows", failing)
    with pytest.raises(RuntimeError, match="drawing failed"):
        seed_demo(engine, scale=4, today=TODAY, weeks=8)
    assert {t.name: _count(engine, t) for t in RECORD_TABLES} == stored
    assert _first_incidents(engine) == first
    assert before["incident"] == stored["incident"]
