"""Each role gets exactly its data from the data layer: the same functions called as each role."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from datetime import date

import pytest

import data_access
from domain.roles import (
    AccessDenied,
    Role,
    allowed,
    normalise_role,
    require_records,
    sees_records,
)
from domain.visibility import location_precision, suppresses_small_counts
from tests.factories import BUCHA, add_incidents, add_requests, at, ids

OTHER_ROLES = ("leadership", "partner", "admin", "public", None, "", "Prosecutor", "root")
PERIOD = {"start": date(2026, 11, 1), "end": date(2026, 11, 30)}


def test_the_role_table():
    assert [r for r in Role if sees_records(r)] == [Role.PROSECUTOR]
    assert [r for r in Role if not suppresses_small_counts(r)] == [Role.PROSECUTOR]
    assert [r for r in Role if allowed(r, "manage_users")] == [Role.ADMIN]
    assert [r for r in Role if allowed(r, "import")] == [Role.PROSECUTOR]
    assert [r for r in Role if allowed(r, "edit_priorities")] == [Role.PROSECUTOR]
    assert {r: location_precision(r) for r in Role} == {
        "prosecutor": "point", "leadership": "cell", "partner": "cell", "admin": "cell", "public": "cell"}
    for role in OTHER_ROLES:
        assert normalise_role(role) in ("partner", "leadership", "admin", "public")
        with pytest.raises(AccessDenied):
            require_records(role)


def _role_functions():
    """Every public data_access function that takes a ``role`` keyword."""
    found = []
    for mod in pkgutil.walk_packages(data_access.__path__, prefix="data_access."):
        last = mod.name.rsplit(".", 1)[-1]
        if mod.ispkg or ".cli" in mod.name or ".migrations" in mod.name or last.startswith("__") or last == "users":
            continue  # users: role = the new account's role
        module = importlib.import_module(mod.name)
        for name, func in inspect.getmembers(module, inspect.isfunction):
            params = list(inspect.signature(func).parameters)
            if func.__module__ == module.__name__ and not name.startswith("_") \
                    and params[:1] == ["engine"] and "role" in params:
                found.append(func)
    return found


def _dummy_kwargs(func, role):
    """Plausible keyword arguments: the role check runs before any of them is used."""
    kwargs = {}
    for name, p in inspect.signature(func).parameters.items():
        if name == "engine" or p.default is not inspect.Parameter.empty:
            continue
        kwargs[name] = {"role": role, "hromada_id": 1, "start": PERIOD["start"], "end": PERIOD["end"],
                        "today": PERIOD["end"], "as_of": PERIOD["end"], "since": PERIOD["start"]}.get(name, "x")
    kwargs["role"] = role
    return kwargs


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_record_functions_refuse_other_roles(sqlite_engine, role):
    # undo_batch is an action the admin may take too ("undo_import"): tests/data/test_import_privacy.py
    # scopes.set_scope is the admin's (test_admin_functions_refuse_everyone_but_admin)
    functions = [f for f in _role_functions()
                 if f.__module__ not in ("data_access.users", "data_access.audit", "data_access.scopes")
                 and f.__name__ != "undo_batch"]
    assert functions, "no record-level data function found"
    for func in functions:
        with pytest.raises(AccessDenied):
            func(sqlite_engine, **{k: v for k, v in _dummy_kwargs(func, role).items() if k != "engine"})


def test_admin_functions_refuse_everyone_but_admin(sqlite_engine):
    from data_access.audit import failed_logins, recent
    from data_access.scopes import set_scope
    from data_access.users import list_users

    for role in ("prosecutor", *OTHER_ROLES):
        if role == "admin":
            continue
        for call in (lambda r: list_users(sqlite_engine, role=r), lambda r: recent(sqlite_engine, role=r),
                     lambda r: failed_logins(sqlite_engine, role=r, since=PERIOD["start"]),
                     lambda r: set_scope(sqlite_engine, role=r, username="olena")):
            with pytest.raises(AccessDenied):
                call(role)
    assert list_users(sqlite_engine, role="admin").empty


def test_prosecutor_gets_records_others_get_aggregates(engine):
    incidents = pytest.importorskip("data_access.incidents")
    add_incidents(engine, [
        {"occurred_at": at(date(2026, 11, d)), "description": f"опис {d}", "lat": 50.545, "lon": 30.215}
        for d in (3, 4, 5)
    ])
    hromada_id = ids(engine)[BUCHA]
    records = incidents.incident_records(engine, role="prosecutor", hromada_id=hromada_id, **PERIOD)
    assert len(records) == 3 and "description" in records.columns
    for role in OTHER_ROLES:
        with pytest.raises(AccessDenied):
            incidents.incident_records(engine, role=role, hromada_id=hromada_id, **PERIOD)
    # Aggregates are open to every role and hold no free text and no exact point.
    daily = incidents.daily_incident_counts(engine, hromada_id=hromada_id, **PERIOD)
    assert int(daily.select_dtypes("number").drop(columns=[c for c in daily.columns if c in ("settlement",)],
                                                 errors="ignore").sum().sum()) >= 3
    assert not {"description", "lat", "lon"} & set(daily.columns)


def test_exact_points_only_for_the_prosecutor(engine):
    geo = pytest.importorskip("data_access.incident_geo")
    add_incidents(engine, [{"occurred_at": at(date(2026, 11, 10)), "lat": 50.5451, "lon": 30.2153}])
    hromada_id = ids(engine)[BUCHA]
    points = geo.incident_points(engine, role="prosecutor", hromada_id=hromada_id, **PERIOD, group=None)
    assert points[["lat", "lon"]].round(4).values.tolist() == [[50.5451, 30.2153]]
    for role in OTHER_ROLES:
        with pytest.raises(AccessDenied):
            geo.incident_points(engine, role=role, hromada_id=hromada_id, **PERIOD, group=None)
    cells = geo.cell_counts(engine, hromada_id=hromada_id, **PERIOD, group=None) \
        if "group" in inspect.signature(geo.cell_counts).parameters else geo.cell_counts(engine, hromada_id=hromada_id, **PERIOD)
    assert {"cell_row", "cell_col"} <= set(cells.columns) and not {"lat", "lon"} & set(cells.columns)


def test_request_deadline_lists_only_for_the_prosecutor(engine):
    requests = pytest.importorskip("data_access.requests")
    add_requests(engine, [{"received_at": at(date(2026, 10, 1))}])
    hromada_id = ids(engine)[BUCHA]
    params = inspect.signature(requests.deadline_list).parameters
    which = "overdue"
    kwargs = {"hromada_id": hromada_id, "today": PERIOD["end"], "which": which}
    assert "which" in params
    listed = requests.deadline_list(engine, role="prosecutor", **kwargs)
    assert len(listed) == 1
    for role in OTHER_ROLES:
        with pytest.raises(AccessDenied):
            requests.deadline_list(engine, role=role, **kwargs)
