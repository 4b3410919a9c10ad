"""Command line for scheduled reports: `python -m reports <command>` (no browser, no Streamlit).

Commands live in ``reports/cli_*.py`` modules, each with ``register(subparsers)``; the handler
gets the parsed arguments and returns the process exit code.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

import reports


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m reports", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for mod in sorted(m.name for m in pkgutil.iter_modules(reports.__path__) if m.name.startswith("cli_")):
        importlib.import_module(f"reports.{mod}").register(sub)
    for action in sub.choices.values():
        action.add_argument("--database-url", default=None, help="database URL (default: DATABASE_URL or the SQLite demo)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.handler(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
