"""The layer rules of DESIGN.md, enforced: SQL only in data_access/, no Streamlit below the UI."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SQL_MODULES = ("sqlalchemy", "sqlite3", "psycopg")
NO_STREAMLIT = ("analytics", "data_access", "reports")
PURE_COMPONENTS = ("display/charts.py", "display/formats.py", "display/kpis.py", "display/maps.py",
                   "display/navigation.py")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def _py_files(*folders: str) -> list[Path]:
    files = []
    for folder in folders:
        p = ROOT / folder
        files += [p] if p.is_file() else sorted(p.rglob("*.py"))
    return files


def test_no_sql_outside_data_access():
    offenders = [
        str(f.relative_to(ROOT)) for f in _py_files("app.py", "pages", "components", "analytics", "reports")
        if _imports(f) & set(SQL_MODULES) or re.search(r"\bSELECT\b.+\bFROM\b", f.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_no_streamlit_in_lower_layers():
    offenders = [
        str(f.relative_to(ROOT)) for f in _py_files(*NO_STREAMLIT, *[c for c in PURE_COMPONENTS if (ROOT / c).exists()])
        if "streamlit" in _imports(f) or "streamlit_folium" in _imports(f)
    ]
    assert offenders == []


def test_lower_layers_do_not_import_upper_ones():
    # DESIGN.md: top imports bottom (app, pages, components, reports, analytics, data_access)
    rules = {"analytics": {"components", "pages", "reports"}, "data_access": {"analytics", "components", "pages", "reports"}}
    offenders = [
        str(f.relative_to(ROOT)) for folder, banned in rules.items() for f in _py_files(folder)
        if _imports(f) & banned
    ]
    assert offenders == []


def test_benchmark_lists_every_partner_visible_page():
    """benchmarks/pages.py says which data functions each page calls; a new page must be added."""
    from benchmarks.pages import missing_pages

    assert missing_pages() == []
