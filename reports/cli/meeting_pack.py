"""CLI command ``meeting-pack``: the partner-safe meeting pack of a week as PPTX or PDF, recorded
with the figures it showed (for a job that runs every Monday morning).

    python -m reports meeting-pack --week 2026-W47 [--hromada CODE] [--lang uk|en] --format pptx|pdf --out FILE

Exit codes: 0 done; 2 bad input (week, hromada, output path); 3 database not ready; 4 the pack
could not be rendered (a blank picture, no Chromium, no Cyrillic font) — nothing is written then.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from data_access.cli import operator
from domain.dates import iso_week_label
from reports.cli.steps import EXIT_BAD_INPUT, open_review, review_parser, say, write_output
from reports.frozen import FORMATS, make_pack
from reports.images import BlankImageError
from reports.pdf_pack import FontMissingError

EXIT_RENDER = 4


def _run(args: argparse.Namespace) -> int:
    out = Path(args.out)
    if not out.parent.exists():
        say(f"Папки {out.parent} не існує.", f"The folder {out.parent} does not exist.")
        return EXIT_BAD_INPUT
    review = open_review(args)
    if isinstance(review, int):
        return review
    monday, hromada = review.monday, review.hromada
    try:
        pack = make_pack(review.engine, hromada_id=hromada["id"], week_monday=monday, lang=args.lang, fmt=args.format,
                         created_by=operator())
    except (BlankImageError, FontMissingError) as exc:
        say(f"Матеріали до зустрічі не підготовлено: {exc}", f"No meeting materials made: {exc}")
        return EXIT_RENDER
    if not write_output(out, pack.content):
        return EXIT_BAD_INPUT
    if pack.figures.get("is_demo"):
        say("УВАГА: база даних містить демо-дані; матеріали позначено «Демо-дані».",
            "WARNING: the database holds demo data; the materials are labelled as demo data.")
    say(f"Матеріали до зустрічі {iso_week_label(monday)} ({hromada['name_uk']}, {args.format}) → {out}; записано №{pack.pack_id}",
        f"Meeting materials {iso_week_label(monday)} ({hromada['name_en']}, {args.format}) → {out}; recorded #{pack.pack_id}")
    return 0


def register(sub) -> None:
    p = review_parser(sub, "meeting-pack", help="the partner-safe meeting pack of a week as PPTX or PDF (recorded)")
    p.add_argument("--lang", choices=["uk", "en"], default="uk", help="language of the pack (default: uk)")
    p.add_argument("--format", choices=list(FORMATS), required=True)
    p.add_argument("--out", required=True, help="output file")
    p.set_defaults(handler=_run)
