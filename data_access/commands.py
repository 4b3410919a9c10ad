"""The command-line frame shared by `python -m data_access` and `python -m reports`: every
``<package>/cli_*.py`` module adds its commands with ``register(subparsers)``; each command gets
``--database-url`` and its handler returns the process exit code."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
from types import ModuleType

DATABASE_URL_HELP = "database URL (default: DATABASE_URL, .streamlit/secrets.toml, or sqlite:///data/hromada.db)"


def build_parser(package: ModuleType, description: str) -> argparse.ArgumentParser:
    """A parser with one subcommand per ``register`` in the package's ``cli_*`` modules."""
    parser = argparse.ArgumentParser(prog=f"python -m {package.__name__}", description=description)
    sub = parser.add_subparsers(dest="command", required=True)
    for mod in sorted(m.name for m in pkgutil.iter_modules(package.__path__) if m.name.startswith("cli_")):
        importlib.import_module(f"{package.__name__}.{mod}").register(sub)
    for action in sub.choices.values():
        action.add_argument("--database-url", default=None, help=DATABASE_URL_HELP)
    return parser


def run(package: ModuleType, description: str, argv: list[str] | None = None) -> int:
    """Parse ``argv`` and run the chosen command's handler."""
    args = build_parser(package, description).parse_args(argv)
    return int(args.handler(args) or 0)
