"""Hardening: text from data is escaped in tables and map tooltips, no unsafe HTML with data,
SQL only with bound parameters, XSRF and upload limits on, no secrets in the repository."""

from __future__ import annotations

import ast
import re
import subprocess
import tomllib
from datetime import date

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from data_access.incidents import incident_records
from display.maps import community_map
from tests.conftest import ROOT
from tests.factories import BUCHA, add_incidents, at, ids

MALICIOUS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"]
RAW_TAGS = ["<script>alert(1)</script>", "<img src=x onerror", "<img src=x"]


@pytest.fixture
def malicious_records(sqlite_engine):
    add_incidents(sqlite_engine, [
        {"occurred_at": at(date(2026, 11, 20)), "description": text, "lat": 50.545, "lon": 30.215}
        for text in MALICIOUS
    ])
    return incident_records(sqlite_engine, role="prosecutor", hromada_id=ids(sqlite_engine)[BUCHA],
                            start=date(2026, 11, 1), end=date(2026, 11, 30))


def _table_script(path: str) -> None:  # runs inside AppTest (source copied into a script)
    import pandas as pd
    import streamlit as st

    st.dataframe(pd.read_pickle(path), key="records")


def test_a_malicious_description_is_shown_as_text_in_a_table(malicious_records, tmp_path):
    assert sorted(malicious_records["description"]) == sorted(MALICIOUS)
    path = tmp_path / "records.pkl"
    malicious_records.to_pickle(path)
    at_ = AppTest.from_function(_table_script, args=(str(path),), default_timeout=30)
    at_.run()
    assert not at_.exception
    shown = at_.dataframe[0].value
    assert sorted(shown["description"]) == sorted(MALICIOUS)  # the very text, as a data cell
    html_elements = [m.value for m in at_.markdown] + [h.proto.body for h in at_.get("html")]
    assert not any("<script" in text or "onerror" in text for text in html_elements)


def test_a_malicious_description_is_escaped_in_a_map_tooltip(malicious_records):
    points = malicious_records.assign(lat=50.545, lon=30.215, label=malicious_records["description"])
    settlements = pd.DataFrame({
        "code": ["UA32080070010087821"], "name": ["<img src=x onerror=alert(1)>"], "lat": [50.54], "lon": [30.21],
        "population": [36000], "count": [12], "rate": [3.3], "change_pct": [0.1],
    })
    m = community_map(lang="uk", settlements=settlements, value_label="Правопорушення", points=points)
    page = m.get_root().render()
    # Undo the JSON string escapes of the embedded GeoJSON / point data: what Leaflet will get.
    decoded = page.replace("\\u0026", "&").replace("\\u003c", "<").replace("\\u003e", ">").replace("\\/", "/")
    for tag in RAW_TAGS:
        assert tag not in decoded
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in decoded  # the point's tooltip, as text
    assert "&lt;img src=x onerror=alert(1)&gt;" in decoded  # the settlement's tooltip, as text


def _unsafe_html_calls(path) -> list[str]:
    """Calls with unsafe_allow_html=True whose body is not a literal or an UPPER_CASE constant."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    offenders = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        unsafe = [k for k in node.keywords if k.arg == "unsafe_allow_html"
                  and not (isinstance(k.value, ast.Constant) and k.value.value is False)]
        if not unsafe:
            continue
        body = node.args[0] if node.args else None
        static = isinstance(body, ast.Constant) or (isinstance(body, ast.Name) and body.id.isupper())
        if not static:
            offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return offenders


def test_no_unsafe_html_with_data():
    files = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "components").glob("*.py"))]
    offenders = [o for f in files for o in _unsafe_html_calls(f)]
    assert offenders == [], "unsafe_allow_html only with static CSS/markup held in a constant"


def test_sql_only_with_bound_parameters():
    pattern = re.compile(r"""(text|exec_driver_sql|execute)\(\s*f["']|(text|execute)\([^)]*["']\s*(%|\.format\()""")
    offenders = []
    for path in sorted((ROOT / "data_access").rglob("*.py")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert offenders == []


def test_streamlit_config_is_hardened():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    server = config["server"]
    assert server["enableXsrfProtection"] is True
    assert 0 < server["maxUploadSize"] <= 200
    assert config["client"]["showErrorDetails"] == "none"
    assert "cookieSecret" not in server  # a secret: from the environment (STREAMLIT_SERVER_COOKIE_SECRET), never the repo


def test_no_secrets_in_the_repository():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    assert not [p for p in tracked if p.endswith("secrets.toml") or p.endswith(".env")]
    pattern = re.compile(r"postgres(ql)?(\+psycopg)?://[^@/\s]+:[^@/\s]+@")  # a URL with a password
    offenders = [p for p in tracked if p.endswith((".py", ".toml", ".md", ".yml", ".yaml", ".cfg", ".ini"))
                 and (ROOT / p).exists() and pattern.search((ROOT / p).read_text(encoding="utf-8", errors="ignore"))]
    assert offenders == []


def test_the_sqlite_file_is_for_its_owner_only(tmp_path):
    import os
    import stat

    from data_access.db_setup import upgrade_to_head
    from data_access.engine import make_engine

    fresh = tmp_path / "data" / "new.db"
    engine = make_engine(f"sqlite:///{fresh}")
    upgrade_to_head(engine)
    engine.dispose()
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o600
    loose = tmp_path / "old.db"
    loose.touch()
    os.chmod(loose, 0o644)
    make_engine(f"sqlite:///{loose}").dispose()
    assert stat.S_IMODE(loose.stat().st_mode) == 0o600  # an existing world-readable file is tightened
