"""Deployment settings: from the environment, else from ``.streamlit/secrets.toml`` (one place for both)."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from sqlalchemy import Engine

from domain.roles import PublicAccess, public_access

REPO_ROOT = Path(__file__).resolve().parent.parent
SECRETS_FILE = REPO_ROOT / ".streamlit" / "secrets.toml"


def deployment_setting(name: str) -> str | None:
    """``name`` from the environment, else from .streamlit/secrets.toml, else None."""
    if os.environ.get(name):
        return os.environ[name]
    if SECRETS_FILE.exists():
        with SECRETS_FILE.open("rb") as fh:
            value = tomllib.load(fh).get(name)
        if value:
            return str(value)
    return None


def deployment_public_access(engine: Engine, *, setting: str | None) -> PublicAccess:
    """The ``PUBLIC_ACCESS`` ``setting`` (none | public_page | partner_view; read it with
    :func:`deployment_setting`), or its default: the public pages only once accounts exist, the
    partner-safe demo while there are none (domain.roles.public_access). An unknown value closes
    the dashboard to visitors (``none``) rather than opening it."""
    from data_access.users import has_accounts

    try:
        return public_access(setting, has_accounts=has_accounts(engine))
    except ValueError:
        return PublicAccess.NONE
