"""CLI command ``meeting-pack``: the partner-safe meeting pack of a week as PPTX or PDF, recorded
with the figures it showed (for a job that runs every Monday morning).

    python -m reports meeting-pack --week 2026-W47 [--hromada CODE] [--lang uk|en] --format pptx|pdf --out FILE
    python -m reports meeting-pack --format poster [--paper A4|A3] [--base-url URL] --out poster.pdf

``--format poster``: the residents' report card (the public page /public, issue 22) as a printable
PDF poster with a QR code to the page, its figures taken on the Monday after the review week — the
day the public page takes them on in that week. The page's address is ``--base-url`` (default: the
deployment setting PUBLIC_BASE_URL, else http://localhost:8501) + ``/public?hromada=CODE``. A
poster holds only public figures and is not recorded as a meeting pack.

Exit codes: 0 done; 2 bad input (week, hromada, output path); 3 database not ready; 4 the pack
could not be rendered (a blank picture, no Chromium, no Cyrillic font) — nothing is written then.
"""

from __future__ import annotations

import argparse
from datetime import timedelta
from pathlib import Path

from data_access.cli import operator
from domain.dates import iso_week_label
from reports.cli.steps import EXIT_BAD_INPUT, open_review, review_parser, say, write_output
from reports.frozen import FORMATS, make_pack
from reports.images import BlankImageError, BrowserMissingError
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
    if args.format == POSTER:
        return _poster(args, review, out)
    try:
        pack = make_pack(review.engine, hromada_id=hromada["id"], week_monday=monday, lang=args.lang, fmt=args.format,
                         created_by=operator())
    except BrowserMissingError as exc:
        say(f"Матеріали до зустрічі не підготовлено: {exc.message('uk')}", f"No meeting materials made: {exc.message('en')}")
        return EXIT_RENDER
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


POSTER = "poster"


def _poster(args: argparse.Namespace, review, out: Path) -> int:
    from data_access.settings import deployment_setting
    from display.kpis import direct_call
    from display.public_card import public_card
    from reports.poster import build_poster, page_url

    base = args.base_url or deployment_setting("PUBLIC_BASE_URL") or "http://localhost:8501"
    card = public_card(direct_call(review.engine), hromada=review.hromada, lang=args.lang,
                       as_of=review.monday + timedelta(days=7))
    url = page_url(base, hromada_code=review.hromada["code"], lang=args.lang)
    try:
        content = build_poster(card, url=url, paper=args.paper)
    except FontMissingError as exc:
        say(f"Плакат не створено: {exc}", f"No poster made: {exc}")
        return EXIT_RENDER
    if not write_output(out, content):
        return EXIT_BAD_INPUT
    if card.is_demo:
        say("УВАГА: плакат містить демо-дані і так позначений.", "WARNING: the poster holds demo data and says so.")
    say(f"Плакат для мешканців ({review.hromada['name_uk']}, {args.paper}) → {out}; сторінка: {url}",
        f"Residents' poster ({review.hromada['name_en']}, {args.paper}) → {out}; page: {url}")
    return 0


def register(sub) -> None:
    p = review_parser(sub, "meeting-pack", help="the partner-safe meeting pack of a week as PPTX or PDF (recorded)")
    p.add_argument("--lang", choices=["uk", "en"], default="uk", help="language of the pack (default: uk)")
    p.add_argument("--format", choices=[*FORMATS, POSTER], required=True,
                   help="pptx or pdf: the meeting pack; poster: the residents' report card as a PDF poster")
    p.add_argument("--paper", choices=["A4", "A3"], default="A4", help="poster only: paper size (default: A4)")
    p.add_argument("--base-url", default=None, help="poster only: the dashboard's public address for the QR code")
    p.add_argument("--out", required=True, help="output file")
    p.set_defaults(handler=_run)
