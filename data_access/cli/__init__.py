"""The command-line frame shared by `python -m data_access` and `python -m reports`: every module
of a commands package (data_access/cli/, reports/cli/) that has ``register(subparsers)`` adds its
commands; each command gets ``--database-url`` and its handler returns the process exit code."""

from __future__ import annotations

import argparse
import getpass
import importlib
import pkgutil
from types import ModuleType

DATABASE_URL_HELP = "database URL (default: DATABASE_URL, .streamlit/secrets.toml, or sqlite:///data/hromada.db)"


def build_parser(commands: ModuleType, description: str) -> argparse.ArgumentParser:
    """A parser with one subcommand per ``register`` in the modules of the ``commands`` package
    (``data_access.cli`` is run as ``python -m data_access``)."""
    parser = argparse.ArgumentParser(prog=f"python -m {commands.__name__.split('.')[0]}", description=description)
    sub = parser.add_subparsers(dest="command", required=True)
    for name in sorted(m.name for m in pkgutil.iter_modules(commands.__path__)):
        module = importlib.import_module(f"{commands.__name__}.{name}")
        if hasattr(module, "register"):
            module.register(sub)
    for action in sub.choices.values():
        action.add_argument("--database-url", default=None, help=DATABASE_URL_HELP)
    return parser


def run(package: ModuleType, description: str, argv: list[str] | None = None) -> int:
    """Parse ``argv`` and run the chosen command's handler."""
    args = build_parser(package, description).parse_args(argv)
    return int(args.handler(args) or 0)


def operator() -> str:
    """Who runs a command, for the audit log and the import log: the operating-system account
    (``cli:<login>``), never a name typed on the command line."""
    return f"cli:{getpass.getuser()}"
