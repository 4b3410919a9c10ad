"""The floors of DESIGN.md, enforced: each folder imports only itself and the floors below it (so
no cycle between folders), SQL only in data_access/, no Streamlit below components/, the
small-count rule only in domain/visibility.py and role names only in domain/roles.py."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Top to bottom. A module may import its own floor and any floor below it, never one above.
FLOORS = ("app.py", "pages", "components", "reports", "display", "analytics", "data_access", "domain")
SQL_MODULES = {"sqlalchemy", "sqlite3", "psycopg"}
STREAMLIT = {"streamlit", "streamlit_folium"}
NO_STREAMLIT = ("reports", "display", "analytics", "data_access", "domain")
VISIBILITY_MODULE = "domain/visibility.py"
ROLES_MODULE = "domain/roles.py"
ROLE_NAMES = {"prosecutor", "leadership", "partner", "admin"}


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def _imports(path: Path) -> set[str]:
    """Top-level package names imported anywhere in the file (also inside functions)."""
    names = set()
    for node in ast.walk(_tree(path)):
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


def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def _floor(name: str) -> str:
    return "app.py" if name == "app" else name


def test_each_floor_imports_only_itself_and_floors_below():
    offenders = []
    for level, floor in enumerate(FLOORS):
        above = {f.removesuffix(".py") for f in FLOORS[:level]}
        for f in _py_files(floor):
            bad = _imports(f) & (above | {"app"} if floor != "app.py" else set())
            if bad:
                offenders.append(f"{_rel(f)} imports {sorted(bad)} (a floor above {floor})")
    assert offenders == []


def test_no_import_cycle_between_folders():
    """A folder-level import graph with an edge A -> B when a module in A imports B."""
    graph: dict[str, set[str]] = {}
    for floor in FLOORS:
        for f in _py_files(floor):
            graph.setdefault(floor, set()).update(
                _floor(n) for n in _imports(f) if _floor(n) in FLOORS and _floor(n) != floor)

    def reach(start: str) -> set[str]:
        seen, todo = set(), [start]
        while todo:
            for nxt in graph.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen

    assert [floor for floor in graph if floor in reach(floor)] == []


def test_no_sql_outside_data_access():
    offenders = [
        _rel(f) for f in _py_files(*(x for x in FLOORS if x != "data_access"))
        if _imports(f) & SQL_MODULES or re.search(r"\bSELECT\b.+\bFROM\b", f.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_no_streamlit_below_components():
    offenders = [_rel(f) for f in _py_files(*NO_STREAMLIT) if _imports(f) & STREAMLIT]
    assert offenders == []


def _small_count_checks(path: Path) -> list[str]:
    """`.between(1, 4)`, a comparison with 4 or 5 next to a count, or a "< 5" text: the rule
    written again outside domain/visibility.py."""
    found = []
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "between":
            args = [a.value for a in node.args if isinstance(a, ast.Constant)]
            if args[:1] in ([0], [1]):
                found.append(f"{_rel(path)}:{node.lineno} .between({', '.join(map(str, args))})")
        elif isinstance(node, ast.Compare):
            constants = [c.value for c in (node.left, *node.comparators) if isinstance(c, ast.Constant)]
            names = ast.unparse(node)
            if any(v in (4, 5) for v in constants if type(v) is int) and re.search(r"count|\bwhole|\banswered|\bn\b", names):
                found.append(f"{_rel(path)}:{node.lineno} {names}")
            if any(isinstance(c, ast.Name) and c.id == "SMALL_COUNT_LIMIT" for c in ast.walk(node)):
                found.append(f"{_rel(path)}:{node.lineno} {names}")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.strip() == "< 5":
            found.append(f"{_rel(path)}:{node.lineno} '< 5'")
    return found


def test_small_count_rule_only_in_the_visibility_module():
    offenders = [hit for f in _py_files(*FLOORS) if _rel(f) != VISIBILITY_MODULE for hit in _small_count_checks(f)]
    assert offenders == []


def _role_literals(path: Path) -> list[str]:
    """A role name as a string next to something called role/roles: a comparison, a keyword
    argument, a default value or a tuple of roles."""
    found = []

    def is_role(node) -> bool:
        return isinstance(node, ast.Constant) and node.value in ROLE_NAMES

    def mentions_role(node) -> bool:
        return bool(re.search(r"\broles?\b|_role\b|\brole_", ast.unparse(node)))

    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Compare):
            parts = [node.left, *node.comparators]
            literals = [p for p in parts if is_role(p) or (isinstance(p, ast.Tuple | ast.Set | ast.List)
                                                           and any(is_role(e) for e in p.elts))]
            if literals and any(mentions_role(p) for p in parts if p not in literals):
                found.append(f"{_rel(path)}:{node.lineno} {ast.unparse(node)}")
        elif isinstance(node, ast.keyword) and node.arg in ("role", "roles"):
            if is_role(node.value) or any(is_role(e) for e in getattr(node.value, "elts", [])):
                found.append(f"{_rel(path)}:{node.value.lineno} {node.arg}={ast.unparse(node.value)}")
        elif isinstance(node, ast.arguments):
            params = [*node.posonlyargs, *node.args]
            pairs = list(zip(params[len(params) - len(node.defaults):], node.defaults, strict=True))
            pairs += [(a, d) for a, d in zip(node.kwonlyargs, node.kw_defaults, strict=True) if d is not None]
            found += [f"{_rel(path)}:{d.lineno} {a.arg}={d.value!r}" for a, d in pairs if "role" in a.arg and is_role(d)]
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if node.value is not None and any("ROLE" in ast.unparse(t).upper() for t in targets) and (
                    is_role(node.value) or any(is_role(e) for e in getattr(node.value, "elts", []))):
                found.append(f"{_rel(path)}:{node.lineno} {ast.unparse(node)}")
    return found


def test_role_names_only_in_the_roles_module():
    offenders = [hit for f in _py_files(*FLOORS) if _rel(f) != ROLES_MODULE for hit in _role_literals(f)]
    assert offenders == []


def test_every_page_is_registered_named_as_its_address_and_runs_in_the_frame():
    """pages/<address>.py for every PageSpec and nothing else in pages/; each page starts by asking
    for the frame (current_filters() or page_in_frame()), so a page that Streamlit's old multipage
    mode runs on its own reruns through app.py (components/shell.py)."""
    from display.navigation import PAGES

    assert sorted(_rel(f) for f in _py_files("pages")) == sorted(s.file for s in PAGES)
    for spec in PAGES:
        calls = [n.func.id for n in ast.walk(_tree(ROOT / spec.file))
                 if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)]
        assert {"current_filters", "page_in_frame"} & set(calls), spec.file


def test_the_checks_find_what_they_look_for(tmp_path):
    """The two rule checks above are not blind: each finds its pattern in a planted file."""
    planted = tmp_path / "planted.py"
    planted.write_text(
        'weeks = weeks.where(~weeks["count"].between(1, 4))\n'
        "hidden = 0 < whole < 5\n"
        'label = "< 5"\n'
        'if f.role != "prosecutor":\n    pass\n'
        'pack(role="partner")\n'
        'def view(role: str = "partner"):\n    pass\n'
        'PRESENT_ROLE = "partner"\n',
        encoding="utf-8",
    )
    global ROOT
    saved, ROOT = ROOT, tmp_path
    try:
        assert len(_small_count_checks(planted)) == 3
        assert len(_role_literals(planted)) == 4
    finally:
        ROOT = saved
