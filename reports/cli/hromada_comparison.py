"""CLI command ``hromada-comparison``: the comparison page's table (offences per 10,000 residents with exact
95 % intervals and the funnel position against the selection's average) as CSV.

    python -m reports hromada-comparison --from YYYY-MM-DD --to YYYY-MM-DD [--hromada CODE]
        [--level raion|oblast] --format csv --out FILE

Columns: code, name_uk, name_en, population, incidents, rate_per_10k, rate_low, rate_high, position
(high/raised/within/lowered/low, empty without a population), then a row ``all`` with the selection's
total and average. Full figures (the prosecutor's office), no small-count suppression; the method is
analytics/funnel.py. Messages go to stderr in Ukrainian and English.
"""

from __future__ import annotations

import argparse
from datetime import date

from analytics.funnel import comparison, selection
from data_access.comparison import incidents_by_hromada
from data_access.places import hromadas
from reports.cli.steps import EXIT_BAD_INPUT, add_csv_output, emit_csv, hromada_parser, open_hromada, say
from reports.exports import csv_text

COLUMNS = ("code", "name_uk", "name_en", "population", "incidents", "rate_per_10k", "rate_low", "rate_high",
           "position")


def _num(value, digits: int = 2) -> str:
    return "" if value is None or value != value else f"{value:.{digits}f}"


def comparison_csv(ranked, info: dict) -> str:
    rows = [(r.code, r.name_uk, r.name_en, "" if r.population != r.population or r.population is None
             else str(int(r.population)), str(int(r.incidents)), _num(r.rate), _num(r.rate_low), _num(r.rate_high),
             r.position if isinstance(r.position, str) else "") for r in ranked.itertuples()]
    rows.append(("all", "", "", "", str(int(ranked["incidents"].sum())), _num(info["pooled_rate"]), "", "", ""))
    return csv_text(COLUMNS, rows)


def _run(args: argparse.Namespace) -> int:
    try:
        start, end = date.fromisoformat(args.date_from), date.fromisoformat(args.date_to)
    except ValueError:
        say("Неправильна дата: потрібно РРРР-ММ-ДД.", "Bad date: expected YYYY-MM-DD.")
        return EXIT_BAD_INPUT
    if end < start:
        say("Кінець періоду раніше за його початок.", "The period ends before it starts.")
        return EXIT_BAD_INPUT
    opened = open_hromada(args)
    if isinstance(opened, int):
        return opened
    engine, hromada = opened
    chosen = selection(hromadas(engine), hromada_id=hromada["id"], level=args.level)
    table = incidents_by_hromada(engine, hromada_ids=tuple(int(i) for i in chosen["id"]), start=start, end=end)
    ranked, info = comparison(table, suppress=False)
    if not emit_csv(engine, comparison_csv(ranked, info), args.out):
        return EXIT_BAD_INPUT
    say(f"Порівняння громад ({len(ranked)}) → {args.out}", f"Hromadas compared ({len(ranked)}) → {args.out}")
    return 0


def register(sub) -> None:
    p = hromada_parser(sub, "hromada-comparison",
                       help="hromadas of a raion or oblast compared: offences per 10,000 with intervals, as CSV")
    p.add_argument("--from", dest="date_from", required=True, help="first day, YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", required=True, help="last day, YYYY-MM-DD")
    p.add_argument("--level", choices=["raion", "oblast"], default="raion",
                   help="compare with the hromadas of its raion (default) or of its oblast")
    add_csv_output(p)
    p.set_defaults(handler=_run)
