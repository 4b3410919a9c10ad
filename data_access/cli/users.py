"""CLI command `users`: add, list, disable, enable, set-role, set-password, set-scope (built-in accounts).

Passwords never go on the command line: they are read with a prompt (getpass), from standard
input (``--password-stdin``) or from an environment variable named with ``--password-env``.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from data_access.cli import operator
from data_access.engine import make_engine
from data_access.scopes import ScopeError, raion_key, scope_rows, set_scope
from data_access.users import UserError, add_user, disable_user, enable_user, list_users, set_password, set_role
from domain.roles import ROLES, Role


def _read_password(args: argparse.Namespace) -> str:
    if args.password_env:
        value = os.environ.get(args.password_env)
        if not value:
            raise UserError(f"environment variable {args.password_env} is not set or empty")
        return value
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("password: ")
    if getpass.getpass("again: ") != first:
        raise UserError("the two passwords differ")
    return first


def _run(args: argparse.Namespace) -> int:
    engine = make_engine(args.database_url)
    try:
        if args.users_command == "add":
            add_user(engine, username=args.username, role=args.role, password=_read_password(args),
                     display_name=args.display_name, actor=operator())
            print(f"user {args.username} added with role {args.role}")
        elif args.users_command == "list":
            df = list_users(engine, role=Role.ADMIN)
            if df.empty:
                print("no accounts: the dashboard runs in the partner-safe demo role")
            for row in df.astype(object).where(df.notna(), None).itertuples(index=False):
                state = "disabled" if row.disabled else "active"
                scope = "; ".join(f"{lv} {v}" for lv, v in scope_rows(engine, username=row.username)) or "all hromadas"
                print(f"{row.username:24} {row.role:11} {state:9} last login: {row.last_login_at or '—'}"
                      + (f"  ({row.display_name})" if row.display_name else "") + f"  scope: {scope}")
        elif args.users_command == "disable":
            disable_user(engine, username=args.username, actor=operator())
            print(f"user {args.username} disabled")
        elif args.users_command == "enable":
            enable_user(engine, username=args.username, actor=operator())
            print(f"user {args.username} enabled")
        elif args.users_command == "set-role":
            set_role(engine, username=args.username, role=args.role, actor=operator())
            print(f"user {args.username} now has role {args.role}")
        elif args.users_command == "set-password":
            set_password(engine, username=args.username, password=_read_password(args), actor=operator())
            print(f"password of {args.username} set; any lockout cleared")
        elif args.users_command == "set-scope":
            rows = set_scope(engine, role=Role.ADMIN, username=args.username, hromadas=args.hromada,
                             raions=[raion_key(*r.split("/", 1)) if "/" in r else r for r in args.raion],
                             oblasts=args.oblast, actor=operator())
            print(f"user {args.username} now sees " + ("; ".join(f"{lv} {v}" for lv, v in rows) or "every hromada"))
    except (UserError, ScopeError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    return 0


def _password_options(p: argparse.ArgumentParser) -> None:
    group = p.add_mutually_exclusive_group()
    group.add_argument("--password-stdin", action="store_true", help="read the password from the first line of stdin")
    group.add_argument("--password-env", metavar="VAR", help="read the password from environment variable VAR")


def register(sub) -> None:
    p = sub.add_parser("users", help="manage built-in accounts (add, list, disable, enable, set-role, set-password)")
    p.set_defaults(handler=_run)
    users = p.add_subparsers(dest="users_command", required=True)
    add = users.add_parser("add", help="create an account (the password is prompted for)")
    add.add_argument("--username", required=True)
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--display-name", default=None)
    _password_options(add)
    users.add_parser("list", help="list accounts (never their hashes)")
    for name, text in (("disable", "disable an account"), ("enable", "enable an account and clear its lock")):
        q = users.add_parser(name, help=text)
        q.add_argument("--username", required=True)
    q = users.add_parser("set-role", help="change an account's role")
    q.add_argument("--username", required=True)
    q.add_argument("--role", required=True, choices=ROLES)
    q = users.add_parser("set-password", help="set a new password (clears a lockout)")
    q.add_argument("--username", required=True)
    _password_options(q)
    q = users.add_parser("set-scope", help="limit an account to hromadas, raions or oblasts (replaces its scope; "
                         "none given = every hromada)")
    q.add_argument("--username", required=True)
    q.add_argument("--hromada", action="append", default=[], metavar="CODE", help="a hromada's KATOTTG code")
    q.add_argument("--raion", action="append", default=[], metavar="OBLAST/RAION",
                   help="a raion as 'Київська область/Бучанський район' (Ukrainian names)")
    q.add_argument("--oblast", action="append", default=[], metavar="NAME", help="an oblast's Ukrainian name")
    for q in users.choices.values():  # also accept --database-url after the subcommand
        q.add_argument("--database-url", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
