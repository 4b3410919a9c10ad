"""Command line for scheduled reports: `python -m reports <command>` (no browser, no Streamlit).

Commands live in ``reports/cli/*.py`` modules, each with ``register(subparsers)``; the handler
gets the parsed arguments and returns the process exit code.
"""

from __future__ import annotations

import sys

from data_access.cli import run
from reports import cli


def main(argv: list[str] | None = None) -> int:
    return run(cli, __doc__.splitlines()[0], argv)


if __name__ == "__main__":
    sys.exit(main())
