"""`python -m data_access init` (load_reference) gives stored incidents the class of their legal
article part as the corrected reference states it; incidents keep their article."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from data_access import schema
from data_access.reference import load_reference
from tests.factories import add_incidents, at


def test_init_corrects_the_class_of_stored_incidents_and_keeps_their_article(engine):
    day = at(date(2026, 11, 2))
    add_incidents(engine, [
        # stored before the correction: fraud part 4 was graded grave; it is especially grave (5–12 years)
        {"external_id": "fraud4", "occurred_at": day, "category": "fraud", "legal_article": "KK-190-4",
         "severity": "grave"},
        # robbery part 4 (7–10 years) stays grave
        {"external_id": "rob4", "occurred_at": day, "category": "robbery", "legal_article": "KK-186-4",
         "severity": "grave"},
        # collaboration part 4 (3–5 years) is non-grave, not grave
        {"external_id": "collab4", "occurred_at": day, "category": "collaboration", "legal_article": "KK-111-1-4",
         "severity": "grave"},
        # part not stated: the class cannot be read from the article, the stored one stays
        {"external_id": "collab", "occurred_at": day, "category": "collaboration", "legal_article": "KK-111-1",
         "severity": "minor"},
        # no article: untouched
        {"external_id": "none", "occurred_at": day, "category": "theft", "severity": "criminal_misdemeanour"},
    ])
    counts = load_reference(engine)
    with engine.connect() as conn:
        got = dict(conn.execute(select(schema.incident.c.external_id,
                                       schema.incident.c.severity + "|" + schema.incident.c.legal_article)).all())
        none_sev = conn.execute(select(schema.incident.c.severity)
                                .where(schema.incident.c.external_id == "none")).scalar_one()
    assert counts["incident_reclassified"] == 2
    assert got["fraud4"] == "especially_grave|KK-190-4"
    assert got["rob4"] == "grave|KK-186-4"
    assert got["collab4"] == "minor|KK-111-1-4"
    assert got["collab"] == "minor|KK-111-1"
    assert none_sev == "criminal_misdemeanour"
    assert load_reference(engine)["incident_reclassified"] == 0  # a second init changes nothing
