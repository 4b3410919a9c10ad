"""CLI command ``monthly-review``: incidents per category for one month against the month before, the
same month a year earlier and the year to date, as CSV for a scheduled job.

    python -m reports monthly-review --month 2024-12 [--hromada CODE[,CODE…] | --raion 'Область|Район' | --oblast NAME]
        --format csv --out FILE

Columns: category, this_month, previous_month, same_month_last_year, ytd, ytd_last_year; one row per
category of the reference list and an ``all`` row. Records known only to their month count here (the
weekly review leaves them out); those known only to their year count in a year to date that ends in
December. Full figures (the prosecutor's office), no small-count suppression, as weekly-review.
"""

from __future__ import annotations

import argparse

from data_access.incident_months import monthly_category_counts
from domain.dates import MONTH_PERIODS, parse_month
from reports.cli.steps import EXIT_BAD_INPUT, add_csv_output, emit_csv, hromada_parser, open_hromada, say
from reports.exports import csv_text


def _run(args: argparse.Namespace) -> int:
    try:
        month = parse_month(args.month)
    except ValueError:
        say(f"Неправильний місяць «{args.month}»: потрібен місяць на кшталт 2024-12.",
            f"Bad month {args.month!r}: expected a month like 2024-12.")
        return EXIT_BAD_INPUT
    opened = open_hromada(args)
    if isinstance(opened, int):
        return opened
    engine, hromada = opened
    table = monthly_category_counts(engine, hromada_id=hromada["id"], month=month)
    columns = ["category", *MONTH_PERIODS]
    if not emit_csv(engine, csv_text(columns, table[columns].itertuples(index=False)), args.out):
        return EXIT_BAD_INPUT
    say(f"Огляд місяця {month:%Y-%m} ({hromada['name_uk']}): {len(table)} рядків → {args.out}",
        f"Monthly review {month:%Y-%m} ({hromada['name_en']}): {len(table)} rows → {args.out}")
    return 0


def register(sub) -> None:
    p = hromada_parser(sub, "monthly-review", selection=True, help="incidents per category for one month against the month before, "
                                                   "the same month last year and the year to date, as CSV")
    p.add_argument("--month", required=True, help="the month, YYYY-MM (e.g. 2024-12)")
    add_csv_output(p)
    p.set_defaults(handler=_run)
