"""CLI command ``meeting-pack``: the partner-safe meeting pack of a week as PPTX or PDF, recorded
with the figures it showed (for a job that runs every Monday morning).

    python -m reports meeting-pack --week 2026-W47 [--hromada CODE] [--lang uk|en] --format pptx|pdf --out FILE

Exit codes: 0 done; 2 bad input (week, hromada, output path); 3 database not ready; 4 the pack
could not be rendered (a blank picture, no Chromium, no Cyrillic font) — nothing is written then.
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
from data_access.status import database_state
from reports.frozen import FORMATS, make_pack
from reports.images import BlankImageError
from reports.pdf_pack import FontMissingError

EXIT_BAD_INPUT = 2
EXIT_DATABASE = 3
EXIT_RENDER = 4


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
    out = Path(args.out)
    if not out.parent.exists():
        _say(f"Папки {out.parent} не існує.", f"The folder {out.parent} does not exist.")
        return EXIT_BAD_INPUT
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
    try:
        pack = make_pack(engine, hromada_id=hromada["id"], week_monday=monday, lang=args.lang, fmt=args.format,
                         created_by=args.created_by)
    except (BlankImageError, FontMissingError) as exc:
        _say(f"Пакет не створено: {exc}", f"No pack made: {exc}")
        return EXIT_RENDER
    try:
        out.write_bytes(pack.content)
    except OSError as exc:
        _say(f"Не вдається записати файл {out}: {exc.strerror}.", f"Cannot write {out}: {exc.strerror}.")
        return EXIT_BAD_INPUT
    if pack.figures.get("is_demo"):
        _say("УВАГА: база даних містить демо-дані; пакет позначено «Демо-дані».",
             "WARNING: the database holds demo data; the pack is labelled as demo data.")
    _say(f"Пакет зустрічі {iso_week_label(monday)} ({hromada['name_uk']}, {args.format}) → {out}; записано №{pack.pack_id}",
         f"Meeting pack {iso_week_label(monday)} ({hromada['name_en']}, {args.format}) → {out}; recorded #{pack.pack_id}")
    return 0


def register(sub) -> None:
    p = sub.add_parser("meeting-pack", help="the partner-safe meeting pack of a week as PPTX or PDF (recorded)")
    p.add_argument("--week", default=None, help="ISO week, e.g. 2026-W47 (default: the last complete week)")
    p.add_argument("--hromada", default=None, help="KATOTTG code of the hromada (default: the first one)")
    p.add_argument("--lang", choices=["uk", "en"], default="uk", help="language of the pack (default: uk)")
    p.add_argument("--format", choices=list(FORMATS), required=True)
    p.add_argument("--out", required=True, help="output file")
    p.add_argument("--created-by", default="cli", help="who made the pack (recorded with it)")
    p.set_defaults(handler=_run)
