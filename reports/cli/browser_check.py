"""CLI command ``browser-check``: says (in Ukrainian and English) when this machine has no browser to draw
the meeting pack's charts and map, and what to install; the dashboard itself needs none, so it always
exits 0. ``make run`` calls it once at start.

    python -m reports browser-check
"""

from __future__ import annotations

import argparse

from domain.i18n import translate
from reports.cli.steps import say
from reports.images import browser_problem


def _run(args: argparse.Namespace) -> int:
    problem = browser_problem()
    if problem is not None:
        say(f"{problem.message('uk')} {translate('pack.run_no_browser', 'uk')}",
            f"{problem.message('en')} {translate('pack.run_no_browser', 'en')}")
    return 0


def register(sub) -> None:
    p = sub.add_parser("browser-check", help="say what to install when the meeting pack has no browser to draw with")
    p.set_defaults(handler=_run)
