"""CLI command ``requests-sla``: every request's legal term and state on a day, as CSV for checking and
for the office's own records.

    python -m reports requests-sla --as-of YYYY-MM-DD [--hromada CODE] --format csv --out FILE

One row per request received up to that day: external_id, type, received_at (Kyiv time), due
(YYYY-MM-DD for day terms, YYYY-MM-DDTHH:MM Kyiv time for 24/48-hour terms; the sending term for a
request closed by sending it to the competent body), state (on_time, late, open, overdue at the end
of that day), closed_by (answer, sending, erdr), closed_at, privileged, outcome. Rules:
docs/requests-rules.md. Record level: the prosecutor's office; each run is written to the audit log as
the operating-system account.
"""

from __future__ import annotations

import argparse
from datetime import date

import pandas as pd

from data_access.audit import record
from data_access.cli import operator
from data_access.requests import sla_register
from domain.dates import KYIV
from domain.legal_terms import kyiv
from domain.roles import Role
from reports.cli.steps import EXIT_BAD_INPUT, add_csv_output, emit_csv, hromada_parser, open_hromada, say
from reports.exports import csv_text

COLUMNS = ("external_id", "type", "received_at", "due", "state", "closed_by", "closed_at", "privileged", "outcome")


def _kyiv_text(utc_naive) -> str:
    if utc_naive is None or pd.isna(utc_naive):
        return ""
    return pd.Timestamp(utc_naive).tz_localize("UTC").tz_convert(KYIV).strftime("%Y-%m-%dT%H:%M")


def sla_csv(states: pd.DataFrame) -> str:
    """The register (data_access.requests.sla_register) as CSV with COLUMNS, in order of receipt."""
    def text(v) -> str:
        return v if isinstance(v, str) else ""

    rows = [(r.external_id, r.type, _kyiv_text(r.received_at), r.due_text, r.state, text(r.closed_by),
             kyiv(r.closed_at).strftime("%Y-%m-%dT%H:%M") if text(r.closed_by) else "",
             "true" if r.privileged is True else "false", text(r.outcome))
            for r in states.itertuples()]
    return csv_text(COLUMNS, rows)


def _run(args: argparse.Namespace) -> int:
    try:
        as_of = date.fromisoformat(args.as_of)
    except ValueError:
        say(f"Неправильна дата «{args.as_of}»: потрібно РРРР-ММ-ДД.", f"Bad date {args.as_of!r}: expected YYYY-MM-DD.")
        return EXIT_BAD_INPUT
    opened = open_hromada(args)
    if isinstance(opened, int):
        return opened
    engine, hromada = opened
    states = sla_register(engine, role=Role.PROSECUTOR, hromada_id=hromada["id"], as_of=as_of)
    text = sla_csv(states)
    if not emit_csv(engine, text, args.out):
        return EXIT_BAD_INPUT
    record(engine, username=operator(), action="export",
           detail={"what": "requests_sla", "as_of": as_of.isoformat(), "hromada": hromada["code"], "rows": len(states)})
    counts = states["state"].value_counts()
    summary = ", ".join(f"{k} {int(counts.get(k, 0))}" for k in ("on_time", "late", "open", "overdue"))
    say(f"Строки звернень на {as_of.isoformat()} ({hromada['name_uk']}): {len(states)} рядків ({summary}) → {args.out}",
        f"Request terms on {as_of.isoformat()} ({hromada['name_en']}): {len(states)} rows ({summary}) → {args.out}")
    return 0


def register(sub) -> None:
    p = hromada_parser(sub, "requests-sla", help="each request's legal term and state on a day (CSV)")
    p.add_argument("--as-of", required=True, help="the day, YYYY-MM-DD (states at 24:00 Kyiv time)")
    add_csv_output(p)
    p.set_defaults(handler=_run)
