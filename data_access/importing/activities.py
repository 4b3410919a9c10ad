"""The activities kind: its row checks and its writer (partner activities into ``activity``, with their partners)."""

from __future__ import annotations

import re

import pandas as pd
from sqlalchemy import Connection, delete, select

from data_access import schema
from data_access.importing.aliases import accepted_values, norm_value, value_lookup
from data_access.importing.checks import Checker
from data_access.importing.parse import date_or_none
from data_access.importing.store import Batch, checked_rows, int_or_none, number_or_none, upsert


def check(c: Checker) -> None:
    """Fields, place and coordinates; a possible number of participants; partners known by id or name."""
    c.parse_all()
    c.settlements()
    c.coordinates()
    part = c.values.get("participants")
    if part is not None:
        c.add(part.notna() & ((part < 0) | (part > 100000)), "participants", "impossible_value", value=lambda v: v)
    partners = c.values.get("partners")
    if partners is not None:
        def resolve(text):
            if not isinstance(text, str):
                return ()
            names = [p.strip() for p in re.split(r"[;\n|]", text) if p.strip()]
            return tuple(c.place.partner_by_key.get(norm_value(n)) for n in names)
        ids = partners.map(resolve)
        c.add(ids.map(lambda t: any(x is None for x in t)), "partners", "unknown_partner", value=lambda v: v)
        c.values["partner_ids"] = ids
    _did_plan(c)
    c.duplicates()


# "Did it help?" planned in advance (analytics.did.planned_choice): limits of a possible plan
DID_RADIUS_M = (50, 5000)
DID_WEEKS = (1, 104)


def _did_plan(c: Checker) -> None:
    """The radius (50–5000 m), weeks (1–104) and incident categories (keys or labels separated by
    ``;``, stored as keys) chosen for "did it help?" when the activity was planned."""
    for name, (low, high) in (("did_radius_m", DID_RADIUS_M), ("did_weeks", DID_WEEKS)):
        v = c.values.get(name)
        if v is not None:
            c.add(v.notna() & ((v < low) | (v > high)), name, "impossible_value", value=lambda x: x)
    cats = c.values.get("did_categories")
    if cats is None:
        return
    lookup = value_lookup("incident_categories")

    def keys(text):
        if not isinstance(text, str):
            return None
        found = [lookup.get(norm_value(p.strip())) for p in re.split(r"[;\n|]", text) if p.strip()]
        return None if any(k is None for k in found) else ";".join(dict.fromkeys(found)) or None

    parsed = cats.map(keys)
    accepted = {"uk": accepted_values("incident_categories", "uk"), "en": accepted_values("incident_categories", "en")}
    c.add(cats.notna() & parsed.isna(), "did_categories", "unknown_code", value=lambda v: v, accepted=accepted)
    c.values["did_categories"] = parsed


def write(conn: Connection, values: pd.DataFrame, batch: Batch) -> None:
    """Insert or update the good rows in ``activity`` and link each to its partners."""
    upsert(conn, schema.activity, [{
        **batch.columns, "external_id": r.external_id, "date": date_or_none(r.date), "kind": r.kind,
        "title_uk": r.title_uk, "title_en": r.title_en, "settlement_id": int_or_none(r.settlement_id),
        "location": r.location, "lat": number_or_none(r.lat), "lon": number_or_none(r.lon),
        "participants": int_or_none(r.participants), "priority_id": None,
        "did_radius_m": int_or_none(getattr(r, "did_radius_m", None)),
        "did_weeks": int_or_none(getattr(r, "did_weeks", None)),
        "did_categories": getattr(r, "did_categories", None) or None,
    } for r in checked_rows(values)])
    _link_partners(conn, batch.source, values)


def _link_partners(conn: Connection, source: str, values: pd.DataFrame) -> None:
    if "partner_ids" not in values.columns:
        return
    a = schema.activity
    ids = values["external_id"].tolist()
    by_ext: dict[str, int] = {}
    for start in range(0, len(ids), 900):
        chunk = ids[start:start + 900]
        by_ext.update(conn.execute(select(a.c.external_id, a.c.id).where(a.c.source == source, a.c.external_id.in_(chunk))).all())
    activity_ids = list(by_ext.values())
    for start in range(0, len(activity_ids), 900):
        conn.execute(delete(schema.activity_partner).where(schema.activity_partner.c.activity_id.in_(activity_ids[start:start + 900])))
    links = [{"activity_id": by_ext[ext], "partner_id": pid}
             for ext, pids in zip(values["external_id"], values["partner_ids"], strict=True)
             for pid in dict.fromkeys(pids or ())]
    if links:
        conn.execute(schema.activity_partner.insert(), links)
