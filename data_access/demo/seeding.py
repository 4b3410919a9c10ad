"""Seed, delete and summarise the demo data set."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import numpy as np
from sqlalchemy import Engine, delete, func, select, update

from data_access import reference, schema
from data_access.data_version import writing
from data_access.db_setup import refresh_statistics
from data_access.demo.bulk_load import indexes_deferred
from data_access.demo.frame import (
    DEFAULT_WEEKS,
    DEMO,
    SYNTHETIC_PREFIX,
    read_reference,
    time_frame,
    today_kyiv,
    uses_copy_text,
)
from data_access.demo.hromadas import drop_unused_synthetic, place_from_db, real_hromada_codes, synthetic_place
from data_access.demo.incidents import incident_rows
from data_access.demo.partners import add_activities, add_partners
from data_access.demo.priorities import add_priorities
from data_access.demo.resident_requests import request_rows
from data_access.demo.survey import add_survey
from data_access.demo.writer import DirectWriter, can_draw_ahead, drawn_ahead, send_copies


def delete_demo(conn) -> None:
    """Delete every demo row (FK-safe order); non-demo rows are left alone."""
    b = schema.import_batch
    demo_batches = select(b.c.id).where(b.c.is_demo.is_(True))
    act = select(schema.activity.c.id).where(schema.activity.c.import_batch_id.in_(demo_batches))
    conn.execute(delete(schema.activity_partner).where(schema.activity_partner.c.activity_id.in_(act)))
    conn.execute(delete(schema.activity).where(schema.activity.c.import_batch_id.in_(demo_batches)))
    demo_prio = select(schema.priority.c.id).where(schema.priority.c.is_demo.is_(True))
    conn.execute(update(schema.activity).where(schema.activity.c.priority_id.in_(demo_prio)).values(priority_id=None))
    conn.execute(delete(schema.priority_indicator).where(schema.priority_indicator.c.priority_id.in_(demo_prio)))
    conn.execute(delete(schema.priority).where(schema.priority.c.is_demo.is_(True)))
    resp = select(schema.survey_response.c.id).where(schema.survey_response.c.import_batch_id.in_(demo_batches))
    conn.execute(delete(schema.survey_answer).where(schema.survey_answer.c.response_id.in_(resp)))
    for table in (schema.survey_response, schema.survey_wave, schema.resident_request, schema.incident):
        conn.execute(delete(table).where(table.c.import_batch_id.in_(demo_batches)))
    conn.execute(delete(schema.partner).where(schema.partner.c.import_batch_id.in_(demo_batches)))
    conn.execute(delete(schema.rejected_row).where(schema.rejected_row.c.import_batch_id.in_(demo_batches)))
    conn.execute(delete(b).where(b.c.is_demo.is_(True)))


def seed_demo(engine: Engine, *, scale: int = 1, seed: int = 2026, today: date | None = None,
              weeks: int = DEFAULT_WEEKS, hromadas: tuple[str, ...] | None = None) -> dict[str, int]:
    """Replace the demo data set with a fresh deterministic one; returns rows inserted per table.

    ``scale`` hromadas (1 = the real hromada from assets, 2..N the other real hromadas in code
    order, then synthetic ones), or exactly the real ``hromadas`` given by KATOTTG code (each
    with the random stream of its place in code order, so its data is the same either way).
    ``weeks`` ISO weeks before the week of ``today`` (default: the current date in Europe/Kyiv)
    through yesterday. Reference data (``load_reference``) is loaded first when a real hromada
    is missing.
    """
    if scale < 1:
        raise ValueError("scale must be at least 1")
    if weeks < 1:
        raise ValueError("weeks must be at least 1")
    today = today or today_kyiv()
    frame = time_frame(today, weeks)
    real_codes = real_hromada_codes()
    unknown = [c for c in (hromadas or ()) if c not in real_codes]
    if unknown:
        raise ValueError(f"not a hromada in assets/hromadas: {', '.join(unknown)} (add it with add-hromada)")
    numbers = sorted(real_codes.index(c) + 1 for c in hromadas) if hromadas else list(range(1, scale + 1))
    with engine.connect() as conn:
        have = set(conn.execute(select(schema.hromada.c.code)).scalars().all())
    if not {real_codes[n - 1] for n in numbers if n <= len(real_codes)} <= have:
        reference.load_reference(engine)
    counts: dict[str, int] = {}

    def tally(part: dict[str, int]) -> None:
        for k, v in part.items():
            counts[k] = counts.get(k, 0) + v

    with writing(engine) as conn:
        delete_demo(conn)
        ref = read_reference(conn)
        now = datetime.now(UTC).replace(tzinfo=None)
        batch_id = conn.execute(schema.import_batch.insert().values(
            kind=DEMO, source=DEMO, file_name=None, created_at=now, created_by="seed-demo",
            rows_total=0, rows_imported=0, rows_updated=0, rows_rejected=0, is_demo=True, status="committed",
            notes=f"demo data: {'hromadas ' + ', '.join(hromadas) if hromadas else f'scale {scale}'}, seed {seed}, "
                  f"{frame.start}..{today - timedelta(days=1)}",
        )).inserted_primary_key[0]
        tally({"import_batch": 1})
        keep_synthetic = {f"{SYNTHETIC_PREFIX}{i:04d}" for i in numbers}
        drop_unused_synthetic(conn, keep_synthetic)
        with indexes_deferred(conn):
            # the places first (they read and write hromadas and settlements on the seed's connection), then the
            # records of each (demo.writer)
            places = []
            for number in numbers:
                rng_place = np.random.default_rng([seed, number, 0])
                place = None
                if number <= len(real_codes):
                    place = place_from_db(conn, number, real_codes[number - 1], rng_place)
                if place is None:
                    place = synthetic_place(conn, number, rng_place, today)
                    tally({"hromada": 1, "settlement": len(place.settlements)})
                places.append(place)

            def draw(out, index: int) -> dict[str, int]:
                return _hromada_records(out, places[index], ref=ref, frame=frame, batch_id=batch_id, seed=seed,
                                        weeks=weeks)

            if uses_copy_text(conn) and can_draw_ahead():  # drawn in a worker while the server stores the last
                for items, part in drawn_ahead(engine, len(places), draw):
                    send_copies(conn, items)
                    tally(part)
            else:
                direct = DirectWriter(conn)
                for index in range(len(places)):
                    tally(draw(direct, index))
        total = sum(v for k, v in counts.items() if k not in ("import_batch", "hromada", "settlement"))
        conn.execute(schema.import_batch.update().where(schema.import_batch.c.id == batch_id)
                     .values(rows_total=total, rows_imported=total))
    refresh_statistics(engine)
    return counts


def _hromada_records(out, place, *, ref, frame, batch_id: int, seed: int, weeks: int) -> dict[str, int]:
    """Draw and store (through the writer ``out``) the records of one place; returns rows per table."""
    counts: dict[str, int] = {}

    def tally(part: dict[str, int]) -> None:
        for k, v in part.items():
            counts[k] = counts.get(k, 0) + v

    number = place.number
    incidents = incident_rows(np.random.default_rng([seed, number, 1]), place, ref, frame, batch_id)
    tally({"incident": out.insert(schema.incident, incidents)})
    partner_ids, partner_kinds = add_partners(out, place, ref, batch_id)
    tally({"partner": len(partner_ids)})
    requests = request_rows(np.random.default_rng([seed, number, 2]), place, ref, frame, batch_id, partner_ids)
    tally({"resident_request": out.insert(schema.resident_request, requests)})
    tally(add_survey(out, np.random.default_rng([seed, number, 3]), place, ref, frame, batch_id, weeks))
    priority_ids, pc = add_priorities(out, place, ref, frame, incidents, requests)
    tally(pc)
    del incidents, requests
    tally(add_activities(out, np.random.default_rng([seed, number, 4]), place, ref, frame, batch_id,
                         partner_ids, partner_kinds, priority_ids))
    return counts


def demo_summary(engine: Engine) -> dict[str, object]:
    """Whether demo data is present and when it was generated (for pages that label demo data)."""
    b = schema.import_batch
    with engine.connect() as conn:
        row = conn.execute(select(func.max(b.c.created_at), func.count()).where(b.c.is_demo.is_(True))).one()
    return {"has_demo": bool(row[1]), "created_at": row[0]}
