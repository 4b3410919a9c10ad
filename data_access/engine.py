"""Database engine: which database to use (DATABASE_URL), and connection settings per dialect."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, create_engine, event

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE_PATH = REPO_ROOT / "data" / "hromada.db"


def database_url(explicit: str | None = None) -> str:
    """The database to use: an explicit URL, else DATABASE_URL from the environment, else
    ``DATABASE_URL`` in ``.streamlit/secrets.toml``, else the embedded SQLite demo file."""
    if explicit:
        return normalise_url(explicit)
    from data_access.settings import deployment_setting

    configured = deployment_setting("DATABASE_URL")
    return normalise_url(configured) if configured else f"sqlite:///{DEFAULT_SQLITE_PATH}"


def normalise_url(url: str) -> str:
    """Spell PostgreSQL URLs with the psycopg 3 driver explicitly."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def describe_url(url: str) -> str:
    """The URL without its password, for messages and the status command."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _private_file(path: Path) -> None:
    """Create the SQLite file (and its folder) for its owner only, or tighten one that is not:
    it holds offences and requests, and a shared machine's other users must not read it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    info = path.stat()
    if info.st_mode & 0o077 and info.st_uid == os.getuid():
        path.chmod(0o600)


def make_engine(url: str | None = None, *, read_only: bool = False) -> Engine:
    """An engine for ``url`` (see :func:`database_url`).

    SQLite: the file is readable by its owner only (0600; SQLite gives its -wal and -shm files the
    same mode), WAL journal, foreign keys and a busy timeout on every connection. PostgreSQL:
    psycopg 3, optionally a read-only session with a statement timeout; connections are checked
    before use (pool_pre_ping), so pages work again as soon as a restarted server is back.
    """
    url = database_url(url)
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1] if "///" in url else ""
        if path and path != ":memory:":
            _private_file(Path(path))
        engine = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # noqa: ANN001
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        return engine
    connect_args: dict = {"connect_timeout": 5}  # an unreachable server fails a page run in seconds, not minutes
    if read_only:
        connect_args["options"] = "-c default_transaction_read_only=on -c statement_timeout=15000"
    return create_engine(url, pool_pre_ping=True, connect_args=connect_args)
