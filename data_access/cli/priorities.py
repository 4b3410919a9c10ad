"""CLI commands ``priorities list`` and ``priorities add`` (same validation as the page's form).

    python -m data_access priorities list [--hromada UA...]
    python -m data_access priorities add --title-uk "Освітлення вулиць" --start 2026-01-01 --end 2026-12-31 \\
        --agreed-via meeting --agreed-on 2025-12-12 \\
        --indicator incident_category:burglary:decrease:42:34 --indicator survey_question:safe_dark:increase:0.42:0.52

An indicator is ``kind:ref:direction:baseline:target``; baseline and target may be left empty
(``request_topic:street_lighting:decrease::``). The command line is the server operator's: it
acts with the prosecutor's right to edit priorities and is written to the audit log as the
operating-system account that ran it (``cli:<login>``).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date

from sqlalchemy import select

from data_access import schema
from data_access.cli import operator
from data_access.engine import make_engine
from data_access.priorities import InvalidPriority, PriorityInput, create_priority, indicator_list, priority_list
from domain.i18n import translate
from domain.priority_rules import AGREED_VIA, IndicatorInput
from domain.roles import Role


class BadArgument(ValueError):
    """A command-line value that cannot be read; the message is shown to the user."""


def parse_indicator(text: str) -> IndicatorInput:
    """``kind:ref:direction:baseline:target`` -> IndicatorInput (empty numbers are None)."""
    parts = text.split(":")
    if len(parts) != 5:
        raise BadArgument(f"--indicator {text!r}: expected kind:ref:direction:baseline:target (5 parts, "
                          f"baseline/target may be empty), got {len(parts)}")
    kind, ref, direction, baseline, target = (p.strip() for p in parts)

    def number(value: str, name: str) -> float | None:
        if not value:
            return None
        try:
            return float(value.replace(",", "."))
        except ValueError as exc:
            raise BadArgument(f"--indicator {text!r}: {name} {value!r} is not a number") from exc

    return IndicatorInput(kind=kind or None, ref=ref or None, direction=direction or None,
                          baseline=number(baseline, "baseline"), target=number(target, "target"))


def _date(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise BadArgument(f"{name} {value!r}: expected a date as YYYY-MM-DD") from exc


def _hromada_id(engine, code: str | None) -> int:
    h = schema.hromada
    q = select(h.c.id).order_by(h.c.id)
    if code:
        q = select(h.c.id).where(h.c.code == code)
    with engine.connect() as conn:
        found = conn.execute(q).first()
    if found is None:
        raise BadArgument(f"hromada {code!r} not found" if code else "the database has no hromada (run init)")
    return int(found[0])


def _list(args: argparse.Namespace) -> int:
    engine = make_engine(args.database_url)
    try:
        hid = _hromada_id(engine, args.hromada)
    except BadArgument as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    prios, inds = priority_list(engine, hromada_id=hid), indicator_list(engine, hromada_id=hid)
    if prios.empty:
        print("no priorities")
        return 0
    for p in prios.to_dict("records"):
        demo = " [demo]" if p["is_demo"] else ""
        agreed = f"  agreed: {p['agreed_via'] or '?'} {p['agreed_on'] or ''}".rstrip()
        print(f"{p['id']:>4}  {p['start_date']} – {p['end_date']}  {p['title_uk']}{demo}  (activities: {p['activities']})"
              f"{agreed}")
        for i in inds[inds["priority_id"] == p["id"]].to_dict("records"):
            base = "" if i["baseline"] != i["baseline"] else f"{i['baseline']:g}"
            target = "" if i["target"] != i["target"] else f"{i['target']:g}"
            print(f"        {i['kind']}:{i['ref']}:{i['direction']}:{base}:{target}")
    return 0


def _add(args: argparse.Namespace) -> int:
    try:
        data = PriorityInput(
            title_uk=args.title_uk, title_en=args.title_en, description=args.description,
            start=_date(args.start, "--start"), end=_date(args.end, "--end"),
            agreed_via=args.agreed_via, agreed_on=_date(args.agreed_on, "--agreed-on"),
            indicators=tuple(parse_indicator(x) for x in args.indicator or []),
        )
        engine = make_engine(args.database_url)
        hid = _hromada_id(engine, args.hromada)
        pid = create_priority(engine, role=Role.PROSECUTOR, username=operator(), hromada_id=hid, data=data)
    except BadArgument as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except InvalidPriority as exc:
        print("error: the priority was not saved:", file=sys.stderr)
        for key, params in exc.errors:
            print(f"  - {translate(key, args.lang, **params)}", file=sys.stderr)
        return 2
    print(f"priority {pid} saved: {data.title_uk.strip()} ({len([i for i in data.indicators if not i.is_blank()])} indicators)")
    return 0


def register(sub) -> None:
    p = sub.add_parser("priorities", help="list or add community safety priorities")
    cmds = p.add_subparsers(dest="priorities_command", required=True)
    ls = cmds.add_parser("list", help="priorities with their indicators")
    ls.add_argument("--hromada", default=None, help="KATOTTG code (default: the first hromada)")
    ls.set_defaults(handler=_list)
    add = cmds.add_parser("add", help="add a priority (validated as in the app)")
    add.add_argument("--title-uk", required=True)
    add.add_argument("--title-en", default=None)
    add.add_argument("--description", default=None)
    add.add_argument("--start", required=True, help="YYYY-MM-DD")
    add.add_argument("--end", required=True, help="YYYY-MM-DD")
    add.add_argument("--agreed-via", default=None, choices=AGREED_VIA,
                     help="how residents agreed it: a residents' meeting, the survey or their requests")
    add.add_argument("--agreed-on", default=None, help="YYYY-MM-DD: the day it was agreed")
    add.add_argument("--indicator", action="append", metavar="KIND:REF:DIRECTION:BASELINE:TARGET",
                     help="repeatable; kind is incident_category, request_topic or survey_question")
    add.add_argument("--hromada", default=None, help="KATOTTG code (default: the first hromada)")
    add.add_argument("--lang", default="uk", choices=("uk", "en"), help="language of error messages")
    add.set_defaults(handler=_add)
    for sp in (ls, add):
        # SUPPRESS: a value given before the sub-command (on "priorities") is kept
        sp.add_argument("--database-url", default=argparse.SUPPRESS, help="database URL (default: DATABASE_URL …)")
    p.set_defaults(handler=lambda args: p.print_help() or 2)
