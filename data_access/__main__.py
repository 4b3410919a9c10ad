"""Command line: `python -m data_access <command>`; every command accepts --database-url.

Commands live in ``data_access/cli/*.py`` modules, each with ``register(subparsers)``; the
handler gets the parsed arguments and returns the process exit code.
"""

from __future__ import annotations

import sys

from data_access import cli
from data_access.cli import run


def main(argv: list[str] | None = None) -> int:
    return run(cli, __doc__.splitlines()[0], argv)


if __name__ == "__main__":
    sys.exit(main())
