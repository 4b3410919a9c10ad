"""Domestic-violence protective orders: imported as counts with breaches and repeat victims, no
person named; a breach before the order is rejected with its reason; undo removes the batch."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select

from data_access import schema
from data_access.importing.pipeline import import_file, undo_batch
from data_access.protective_orders import protective_order_counts
from domain.roles import Role
from tests.factories import BUCHA, ids

NOW = datetime(2026, 11, 20, 12, 0)
FILE = """external_id;issued_date;kind;settlement;breached;breach_date;repeat_victim
PO-1;02.11.2026;urgent_barring;Буча;так;04.11.2026;ні
PO-2;03.11.2026;urgent_barring;Ворзель;ні;;так
PO-3;05.11.2026;restrictive;Буча;;10.11.2026;так
PO-4;06.11.2026;restrictive;Буча;ні;;ні
PO-5;09.11.2026;urgent_barring;Буча;так;08.11.2026;ні
PO-6;15.10.2026;urgent_barring;Буча;ні;;ні
"""


def _import(engine, content: str):
    return import_file(engine, role=Role.PROSECUTOR, kind="protective_orders", content=content.encode("utf-8"),
                       file_name="orders.csv", source="police", now=NOW)


def test_orders_are_counted_by_kind_with_breaches_and_repeat_victims(engine):
    result = _import(engine, FILE)
    # PO-5: the breach (08.11) precedes the order (09.11): rejected with its reason, kept in the log
    assert (result.imported, result.rejected) == (5, 1)
    with engine.connect() as conn:
        reasons = conn.execute(select(schema.rejected_row.c.errors)).scalar_one()
    assert "breach_date" in reasons and "end_before_start" in reasons
    counts = protective_order_counts(engine, hromada_id=ids(engine)[BUCHA], start=date(2026, 11, 1),
                                     end=date(2026, 11, 30)).set_index("kind")
    # independent tally of the file above (PO-6 is October, PO-5 rejected)
    assert counts.loc["urgent_barring"].to_dict() == {"orders": 2, "breached": 1, "repeat_victims": 1}
    # PO-3 gives a breach date with an empty 'breached': a breach date marks the order breached
    assert counts.loc["restrictive"].to_dict() == {"orders": 2, "breached": 1, "repeat_victims": 1}
    columns = {c.name for c in schema.protective_order.columns}
    assert not columns & {"name", "victim", "victim_name", "offender", "address", "phone", "birth_date"}


def test_a_breach_date_with_breached_no_is_rejected_and_undo_removes_the_batch(engine):
    result = _import(engine, "external_id;issued_date;kind;breached;breach_date\nX-1;02.11.2026;restrictive;ні;05.11.2026\n"
                             "X-2;02.11.2026;обмежувальний припис;так;05.11.2026\n")
    assert (result.imported, result.rejected) == (1, 1)
    with engine.connect() as conn:
        assert conn.execute(select(schema.protective_order.c.kind)).scalar_one() == "restrictive"  # label accepted
    undo_batch(engine, result.batch_id, role=Role.PROSECUTOR, username="test")
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(schema.protective_order)).scalar_one() == 0
