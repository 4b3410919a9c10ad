"""Command line: `python -m data_access <command>`; every command accepts --database-url.

Commands live in ``data_access/cli_*.py`` modules, each with ``register(subparsers)``; the
handler gets the parsed arguments and returns the process exit code.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

import data_access


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m data_access", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for mod in sorted(m.name for m in pkgutil.iter_modules(data_access.__path__) if m.name.startswith("cli_")):
        importlib.import_module(f"data_access.{mod}").register(sub)
    for action in sub.choices.values():
        action.add_argument(
            "--database-url",
            default=None,
            help="database URL (default: DATABASE_URL, .streamlit/secrets.toml, or sqlite:///data/hromada.db)",
        )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.handler(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
