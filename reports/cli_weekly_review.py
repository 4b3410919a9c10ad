"""CLI command ``weekly-review``: the weekly review table as CSV for a scheduled job.

    python -m reports weekly-review --week 2026-W47 [--hromada CODE] [--group war] --format csv --out FILE

Full figures (the prosecutor's office), no small-count suppression. Messages go to stderr in
Ukrainian and English; a warning is printed there when the database holds demo data.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

from analytics.periods import last_complete_week_end
from data_access.engine import make_engine
from data_access.geo import KYIV, iso_week_label, iso_week_monday, week_start
from data_access.incidents import hromada_by_code
from data_access.status import database_state, freshness
from reports.weekly_review import review_csv, review_table

EXIT_BAD_INPUT = 2
EXIT_DATABASE = 3


def _say(uk: str, en: str) -> None:
    print(f"{uk} / {en}", file=sys.stderr)


def _run(args: argparse.Namespace) -> int:
    if args.week:
        try:
            monday = iso_week_monday(args.week)
        except ValueError:
            _say(f"Неправильний тиждень «{args.week}»: потрібен ISO-тиждень на кшталт 2026-W47.",
                 f"Bad week {args.week!r}: expected an ISO week like 2026-W47.")
            return EXIT_BAD_INPUT
    else:
        monday = week_start(last_complete_week_end(datetime.now(KYIV).date()))
    engine = make_engine(args.database_url)
    state = database_state(engine)
    if state.state != "ready":
        _say(f"База даних не готова ({state.state}). Виконайте: python -m data_access init",
             f"The database is not ready ({state.state}). Run: python -m data_access init")
        return EXIT_DATABASE
    hromada = hromada_by_code(engine, code=args.hromada)
    if hromada is None:
        _say(f"Громаду з кодом «{args.hromada}» не знайдено в базі даних.",
             f"No hromada with code {args.hromada!r} in the database.")
        return EXIT_BAD_INPUT
    table = review_table(engine, hromada_id=hromada["id"], week_monday=monday, group=args.group)
    text = review_csv(table)
    if freshness(engine).has_demo:
        _say("УВАГА: база даних містить демо-дані; цифри не описують реальних подій.",
             "WARNING: the database holds demo data; the figures describe no real events.")
    if args.out == "-":
        sys.stdout.write(text)
    else:
        try:
            Path(args.out).write_text(text, encoding="utf-8")
        except OSError as exc:
            _say(f"Не вдається записати файл {args.out}: {exc.strerror}.", f"Cannot write {args.out}: {exc.strerror}.")
            return EXIT_BAD_INPUT
    _say(f"Огляд тижня {iso_week_label(monday)} ({hromada['name_uk']}): {len(table)} рядків → {args.out}",
         f"Weekly review {iso_week_label(monday)} ({hromada['name_en']}): {len(table)} rows → {args.out}")
    return 0


def register(sub) -> None:
    p = sub.add_parser("weekly-review", help="the weekly review table (counts, changes, flags) as CSV")
    p.add_argument("--week", default=None, help="ISO week, e.g. 2026-W47 (default: the last complete week)")
    p.add_argument("--hromada", default=None, help="KATOTTG code of the hromada (default: the first one)")
    p.add_argument("--group", choices=["community", "war"], default="community",
                   help="category group (default: community; war-related categories have their own table)")
    p.add_argument("--format", choices=["csv"], default="csv")
    p.add_argument("--out", required=True, help="output file, or - for standard output")
    p.set_defaults(handler=_run)
