"""CLI command ``survey-estimates``: the weighted survey estimates of one wave as CSV.

    python -m reports survey-estimates --wave CODE [--hromada CODE] --format csv --out FILE

Columns question, group, estimate, ci_low, ci_high, n, n_eff, shown (reports.survey_estimates).
Full figures for the prosecutor's office; ``shown`` says whether the page shows the estimate
(Kish's effective size n_eff at least 30). Exit codes: 0 done; 2 bad input; 3 database not ready.
"""

from __future__ import annotations

import argparse

from data_access.surveys import survey_wave_by_code
from reports.cli.steps import EXIT_BAD_INPUT, add_csv_output, emit_csv, hromada_parser, open_hromada, say
from reports.survey_estimates import estimates_csv, estimates_table


def _run(args: argparse.Namespace) -> int:
    opened = open_hromada(args)
    if isinstance(opened, int):
        return opened
    engine, hromada = opened
    wave = survey_wave_by_code(engine, hromada_id=hromada["id"], code=args.wave)
    if wave is None:
        say(f"Хвилі опитування з кодом «{args.wave}» у громаді {hromada['name_uk']} немає.",
            f"No survey wave with code {args.wave!r} in {hromada['name_en']}.")
        return EXIT_BAD_INPUT
    table = estimates_table(engine, hromada_id=hromada["id"], wave_id=wave["wave_id"])
    text = estimates_csv(table)
    if not emit_csv(engine, text, args.out):
        return EXIT_BAD_INPUT
    hidden = int((~table["shown"]).sum()) if len(table) else 0
    say(f"Оцінки хвилі {wave['code']} ({hromada['name_uk']}): {len(table)} рядків, з них {hidden} не показуються "
        f"(ефективна вибірка менше 30) → {args.out}",
        f"Estimates of wave {wave['code']} ({hromada['name_en']}): {len(table)} rows, {hidden} not shown "
        f"(effective sample under 30) → {args.out}")
    return 0


def register(sub) -> None:
    p = hromada_parser(sub, "survey-estimates", help="weighted survey estimates of one wave (with n and n_eff) as CSV")
    p.add_argument("--wave", required=True, help="code of the survey wave")
    add_csv_output(p)
    p.set_defaults(handler=_run)
