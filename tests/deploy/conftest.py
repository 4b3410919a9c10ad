"""A throwaway PostgreSQL cluster of its own (initdb/pg_ctl in a temporary folder, on a free port) for
the tests that stop the database or create roles, which the shared test server must not see."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.conftest import skip_or_fail


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """A PostgreSQL cluster of its own; initdb and postgres refuse to run as root, so as root they
    run as the ``postgres`` account."""

    def __init__(self) -> None:
        self.initdb, self.pg_ctl = shutil.which("initdb") or "", shutil.which("pg_ctl") or ""
        for name in ("initdb", "pg_ctl"):
            if not Path(getattr(self, name)).exists():
                found = Path(f"/usr/local/bin/{name}")
                setattr(self, name, str(found) if found.exists() else "")
        if not (self.initdb and self.pg_ctl):
            skip_or_fail("initdb/pg_ctl are not installed (the outage test needs a throwaway PostgreSQL cluster)")
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            if not shutil.which("runuser"):
                skip_or_fail("running as root without runuser: initdb cannot run as root")
            self.as_user = ["runuser", "-u", "postgres", "--"]
        self.base = Path(tempfile.mkdtemp(prefix="pg-outage-"))
        if self.as_user:
            shutil.chown(self.base, "postgres")
        self.port = _free_port()
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"
        self._run(self.initdb, "-D", str(self.base / "data"), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                  "--no-sync")

    def url_for(self, database: str, user: str = "postgres") -> str:
        return f"postgresql+psycopg://{user}@127.0.0.1:{self.port}/{database}"

    def psql(self, database: str, user: str, *args: str) -> str:
        """psql as ``user`` (trust authentication) with ``args`` (-c SQL, -f FILE, -v name=value)."""
        done = subprocess.run(["psql", "-X", "-q", "-h", "127.0.0.1", "-p", str(self.port), "-U", user, "-d", database,
                               "-v", "ON_ERROR_STOP=1", *args], capture_output=True, text=True, timeout=60, check=False)
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    def _run(self, *args: str) -> None:
        done = subprocess.run([*self.as_user, *args], capture_output=True, text=True, timeout=120, check=False)
        assert done.returncode == 0, done.stdout + done.stderr

    def start(self) -> None:
        self._run(self.pg_ctl, "-D", str(self.base / "data"), "-l", str(self.base / "log"), "-w", "start", "-o",
                  f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1 -c fsync=off")

    def stop(self) -> None:
        self._run(self.pg_ctl, "-D", str(self.base / "data"), "-w", "stop", "-m", "fast")

    def remove(self) -> None:
        subprocess.run([*self.as_user, self.pg_ctl, "-D", str(self.base / "data"), "-w", "stop", "-m", "immediate"],
                       capture_output=True, timeout=60, check=False)
        shutil.rmtree(self.base, ignore_errors=True)


@pytest.fixture(scope="session")
def cluster():
    c = Cluster()
    try:
        c.start()
        yield c
    finally:
        c.remove()
