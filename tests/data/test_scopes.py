"""Accounts limited to hromadas, a raion or an oblast: what the data layer lets through, who may set it,
and the audit log of both."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from data_access import schema
from data_access.__main__ import main as cli
from data_access.audit import recent
from data_access.scopes import ScopeError, allowed_hromada_ids, raion_key, require_in_scope, set_scope
from data_access.users import add_user
from domain.roles import AccessDenied, Role
from tests.factories import BUCHA, ids

IRPIN = "UA32080150000035443"
ZHYTOMYR = "UA18040390000031342"  # a hromada of another oblast (Житомирська міська)
BUCHA_RAION = raion_key("Київська область", "Бучанський район")


@pytest.fixture
def three_hromadas(engine):
    """Bucha (reference data), Irpin in the same raion and Zhytomyr in another oblast; user "olena"."""
    with engine.begin() as conn:
        conn.execute(schema.hromada.insert(), [
            {"code": IRPIN, "name_uk": "Ірпінська міська територіальна громада", "name_en": "Irpin urban hromada",
             "raion_uk": "Бучанський район", "raion_en": "Bucha raion", "oblast_uk": "Київська область",
             "oblast_en": "Kyiv oblast"},
            {"code": ZHYTOMYR, "name_uk": "Житомирська міська територіальна громада",
             "name_en": "Zhytomyr urban hromada", "raion_uk": "Житомирський район", "raion_en": "Zhytomyr raion",
             "oblast_uk": "Житомирська область", "oblast_en": "Zhytomyr oblast"}])
    add_user(engine, username="olena", role=Role.PROSECUTOR, password="correct horse battery staple")
    return ids(engine)


def test_an_account_without_scope_sees_every_hromada(engine, three_hromadas):
    assert allowed_hromada_ids(engine, username="olena") is None
    require_in_scope(engine, username="olena", arguments={"hromada_id": three_hromadas[ZHYTOMYR]})


def test_hromada_raion_and_oblast_scopes(engine, three_hromadas):
    h = three_hromadas
    set_scope(engine, role=Role.ADMIN, username="olena", hromadas=[BUCHA], actor="admin")
    assert allowed_hromada_ids(engine, username="olena") == {h[BUCHA]}
    set_scope(engine, role=Role.ADMIN, username="olena", raions=[BUCHA_RAION], actor="admin")
    assert allowed_hromada_ids(engine, username="olena") == {h[BUCHA], h[IRPIN]}
    set_scope(engine, role=Role.ADMIN, username="olena", oblasts=["Житомирська область"], hromadas=[IRPIN])
    assert allowed_hromada_ids(engine, username="olena") == {h[ZHYTOMYR], h[IRPIN]}
    set_scope(engine, role=Role.ADMIN, username="olena")  # nothing: every hromada again
    assert allowed_hromada_ids(engine, username="olena") is None


def test_a_hromada_outside_the_scope_is_refused_and_logged(engine, three_hromadas):
    h = three_hromadas
    set_scope(engine, role=Role.ADMIN, username="olena", hromadas=[BUCHA], actor="admin")
    require_in_scope(engine, username="olena", arguments={"hromada_id": h[BUCHA], "settlement_ids": None})
    with pytest.raises(AccessDenied):
        require_in_scope(engine, username="olena", arguments={"hromada_id": h[IRPIN]})
    with pytest.raises(AccessDenied):
        require_in_scope(engine, username="olena", arguments={"hromada_ids": (h[BUCHA], h[ZHYTOMYR])})
    log = recent(engine, role=Role.ADMIN, limit=10)
    denied = log[log["action"] == "scope_denied"]
    assert list(denied["username"]) == ["olena", "olena"]
    assert {tuple(d["hromada_ids"]) for d in denied["detail"]} == {(h[IRPIN],), (h[ZHYTOMYR],)}
    changed = log[log["action"] == "user_scope_changed"].iloc[0]
    assert changed["username"] == "admin" and changed["detail"]["after"] == [f"hromada:{BUCHA}"]


def test_only_an_admin_sets_a_scope_and_only_to_known_places(engine, three_hromadas):
    with pytest.raises(AccessDenied):
        set_scope(engine, role=Role.PROSECUTOR, username="olena", hromadas=[BUCHA])
    with pytest.raises(ScopeError, match="UA00000000000000000"):
        set_scope(engine, role=Role.ADMIN, username="olena", hromadas=["UA00000000000000000"])
    with pytest.raises(ScopeError, match="no user"):
        set_scope(engine, role=Role.ADMIN, username="nobody", hromadas=[BUCHA])
    with engine.connect() as conn:
        assert conn.execute(select(schema.app_user_scope)).all() == []


def test_scope_from_the_command_line(engine, three_hromadas, capsys):
    url = engine.url.render_as_string(hide_password=False)
    assert cli(["users", "set-scope", "--username", "olena", "--raion", "Київська область/Бучанський район",
                "--database-url", url]) == 0
    assert "raion Київська область|Бучанський район" in capsys.readouterr().out
    assert allowed_hromada_ids(engine, username="olena") == {three_hromadas[BUCHA], three_hromadas[IRPIN]}
    assert cli(["users", "list", "--database-url", url]) == 0
    assert "scope: raion Київська область|Бучанський район" in capsys.readouterr().out
    assert cli(["users", "set-scope", "--username", "olena", "--oblast", "Марсіанська область",
                "--database-url", url]) == 2
    assert "not in the database: oblast 'Марсіанська область'" in capsys.readouterr().err


def test_the_import_log_lists_only_the_batches_of_the_scope(engine, three_hromadas):
    from datetime import datetime

    from data_access.importing.log import import_batches
    from tests.factories import add_incidents

    h = three_hromadas
    bucha_batch = add_incidents(engine, [{"occurred_at": datetime(2026, 10, 1, 12)}], source="bucha-police")
    irpin_batch = add_incidents(engine, [{"occurred_at": datetime(2026, 10, 1, 12), "settlement": None}],
                                source="irpin-police", hromada=IRPIN)
    assert set(import_batches(engine)["id"]) == {bucha_batch, irpin_batch}
    assert list(import_batches(engine, hromada_ids=frozenset({h[BUCHA]}))["id"]) == [bucha_batch]
