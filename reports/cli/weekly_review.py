"""CLI command ``weekly-review``: the weekly review table as CSV for a scheduled job.

    python -m reports weekly-review --week 2026-W47 [--hromada CODE[,CODE…] | --raion 'Область|Район' | --oblast NAME]
        [--group war]
        [--count-by occurred|registered] --format csv --out FILE

Full figures (the prosecutor's office), no small-count suppression. Incidents known only to their month
or year are not in a week: stderr says how many the week left out. Messages go to stderr in
Ukrainian and English; a warning is printed there when the database holds demo data.
"""

from __future__ import annotations

import argparse
from datetime import timedelta

from analytics.review import occupation_touches, review_periods
from data_access.incidents import COUNT_BY, coarse_left_out
from domain.dates import iso_week_label
from reports.cli.steps import EXIT_BAD_INPUT, add_csv_output, emit_csv, open_review, review_parser, say
from reports.weekly_review import hromada_occupation, review_csv, review_table


def _run(args: argparse.Namespace) -> int:
    review = open_review(args)
    if isinstance(review, int):
        return review
    monday, hromada = review.monday, review.hromada
    table = review_table(review.engine, hromada_id=hromada["id"], week_monday=monday, group=args.group,
                         count_by=args.count_by)
    text = review_csv(table)
    touched = occupation_touches(review_periods(monday), hromada_occupation(review.engine, hromada["id"]))
    if touched:
        say(f"УВАГА: порівняння {', '.join(touched)} охоплюють період окупації громади; "
            "порівняння з початку року не позначено (flag_ytd = false, p_ytd і q_ytd порожні).",
            f"NOTE: the comparisons {', '.join(touched)} touch the hromada's period of occupation; "
            "the year-to-date comparison is not flagged (flag_ytd = false, p_ytd and q_ytd empty).")
    left = coarse_left_out(review.engine, hromada_id=hromada["id"], start=monday, end=monday + timedelta(days=6),
                           unit="day", group=args.group, count_by=args.count_by)
    if left:
        say(f"Не враховано записів: {left} — їхня дата відома лише з точністю до місяця або року "
            "(їх враховує python -m reports monthly-review).",
            f"Records left out: {left}, whose date is known only to the month or year "
            "(python -m reports monthly-review counts them).")
    if not emit_csv(review.engine, text, args.out):
        return EXIT_BAD_INPUT
    say(f"Огляд тижня {iso_week_label(monday)} ({hromada['name_uk']}): {len(table)} рядків → {args.out}",
        f"Weekly review {iso_week_label(monday)} ({hromada['name_en']}): {len(table)} rows → {args.out}")
    return 0


def register(sub) -> None:
    p = review_parser(sub, "weekly-review", selection=True, help="the weekly review table (counts, changes, flags) as CSV")
    p.add_argument("--group", choices=["community", "war"], default="community",
                   help="category group (default: community; war-related categories have their own table)")
    p.add_argument("--count-by", choices=list(COUNT_BY), default="occurred",
                   help="count incidents by the date they occurred (default) or were registered (reported_at), "
                        "as official reports count")
    add_csv_output(p)
    p.set_defaults(handler=_run)
