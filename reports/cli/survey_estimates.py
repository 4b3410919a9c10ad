"""CLI command ``survey-estimates``: the weighted survey estimates of one wave as CSV.

    python -m reports survey-estimates --wave CODE [--hromada CODE] --format csv --out FILE

Columns question, group, estimate, ci_low, ci_high, n, n_eff, shown (reports.survey_estimates).
Full figures for the prosecutor's office; ``shown`` says whether the page shows the estimate
(Kish's effective size n_eff at least 30). Exit codes: 0 done; 2 bad input; 3 database not ready.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from data_access.status import freshness
from data_access.surveys import survey_wave_by_code
from reports.cli.steps import EXIT_BAD_INPUT, EXIT_DATABASE, find_hromada, ready_engine, say, write_output
from reports.survey_estimates import estimates_csv, estimates_table


def _run(args: argparse.Namespace) -> int:
    engine = ready_engine(args.database_url)
    if engine is None:
        return EXIT_DATABASE
    hromada = find_hromada(engine, args.hromada)
    if hromada is None:
        return EXIT_BAD_INPUT
    wave = survey_wave_by_code(engine, hromada_id=hromada["id"], code=args.wave)
    if wave is None:
        say(f"Хвилі опитування з кодом «{args.wave}» у громаді {hromada['name_uk']} немає.",
            f"No survey wave with code {args.wave!r} in {hromada['name_en']}.")
        return EXIT_BAD_INPUT
    table = estimates_table(engine, hromada_id=hromada["id"], wave_id=wave["wave_id"])
    text = estimates_csv(table)
    if freshness(engine).has_demo:
        say("УВАГА: база даних містить демо-дані; цифри не описують реальних подій.",
            "WARNING: the database holds demo data; the figures describe no real events.")
    if args.out == "-":
        sys.stdout.write(text)
    elif not write_output(Path(args.out), text):
        return EXIT_BAD_INPUT
    hidden = int((~table["shown"]).sum()) if len(table) else 0
    say(f"Оцінки хвилі {wave['code']} ({hromada['name_uk']}): {len(table)} рядків, з них {hidden} не показуються "
        f"(ефективна вибірка менше 30) → {args.out}",
        f"Estimates of wave {wave['code']} ({hromada['name_en']}): {len(table)} rows, {hidden} not shown "
        f"(effective sample under 30) → {args.out}")
    return 0


def register(sub) -> None:
    p = sub.add_parser("survey-estimates", help="weighted survey estimates of one wave (with n and n_eff) as CSV")
    p.add_argument("--wave", required=True, help="code of the survey wave")
    p.add_argument("--hromada", default=None, help="KATOTTG code of the hromada (default: the first one)")
    p.add_argument("--format", choices=["csv"], default="csv")
    p.add_argument("--out", required=True, help="output file, or - for standard output")
    p.set_defaults(handler=_run)
