"""A server whose every session is the prosecutor's, for the benchmark's selection runs.

Only the prosecutor may open a set of hromadas (domain.visibility.picks_hromada_sets: issue 19); a
visitor's ``?oblast=…`` link stays in the URL unused. The benchmark opens pages without signing in, so
for ``?oblast=…`` it runs app.py through a small wrapper, written into a folder of the run's own logs,
that puts the prosecutor's role into each new session before app.py runs — the state the sign-in form
leaves (components/auth.py), without a password form in every measured load. Nothing here is served by
the dashboard itself: the wrapper exists only inside a benchmark run.
"""

from __future__ import annotations

from pathlib import Path

from benchmarks.servers import ROOT

ROLE = "prosecutor"
USER = "benchmark"  # no account of that name: no scope rows, so every hromada (data_access/scopes.py)

WRAPPER = """import runpy
import sys

sys.path.insert(0, {root!r})
import streamlit as st

st.session_state.setdefault("auth_role", {role!r})
st.session_state.setdefault("auth_user", {user!r})
runpy.run_path({app!r}, run_name="__main__")
"""


def prosecutor_app(folder: Path) -> Path:
    """The wrapper script in ``folder`` (with ``static/`` linked beside it: Streamlit serves the main
    script's ``static/`` at /app/static, where the maps' Leaflet comes from)."""
    folder.mkdir(parents=True, exist_ok=True)
    static = folder / "static"
    if not static.exists():
        static.symlink_to(ROOT / "static", target_is_directory=True)
    script = folder / "prosecutor_app.py"
    script.write_text(WRAPPER.format(root=str(ROOT), role=ROLE, user=USER, app=str(ROOT / "app.py")),
                      encoding="utf-8")
    return script
