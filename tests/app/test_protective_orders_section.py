"""The trends page counts domestic-violence protective orders of the period by kind: the prosecutor
sees every count, other roles see 1–4 as "< 5" with the total protected."""

from __future__ import annotations

import shutil
from datetime import timedelta

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from components.data import clear_cache
from data_access import schema
from data_access.engine import make_engine
from data_access.records import new_batch
from domain.dates import week_start
from tests.conftest import ROOT

TRENDS = "pages/trends.py"


@pytest.fixture
def orders_db(demo_db_url, tmp_path, monkeypatch):
    """A copy of the demo database; returns a function that adds orders on a given day."""
    path = tmp_path / "orders.db"
    shutil.copy(demo_db_url.removeprefix("sqlite:///"), path)
    url = f"sqlite:///{path}"
    monkeypatch.setenv("DATABASE_URL", url)
    engine = make_engine(url)

    def add(day, kind: str, n: int, *, breached: int, repeat: int) -> None:
        with engine.begin() as conn:
            hromada = conn.execute(select(schema.hromada.c.id).order_by(schema.hromada.c.id)).scalars().first()
            batch = new_batch(conn, kind="protective_orders", source="test")
            for i in range(n):
                conn.execute(schema.protective_order.insert().values(
                    source="test", external_id=f"{kind}-{day}-{i}", import_batch_id=batch, hromada_id=hromada,
                    issued_date=day, issued_week=week_start(day), kind=kind, breached=i < breached,
                    breach_date=day + timedelta(days=1) if i < breached else None, repeat_victim=i < repeat))
    yield add
    engine.dispose()


def _open(role: str | None, lang: str = "uk") -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["lang"] = lang
    at.query_params["section"] = "orders"  # the section opened, as a link does (components/sections.py)
    if role:
        at.session_state["auth_role"] = role
        at.session_state["auth_user"] = f"test-{role}"
    at.run()
    at.switch_page(TRENDS)
    at.run()
    return at


def _orders_table(at, lang: str = "uk"):
    kind_col = "Вид припису" if lang == "uk" else "Kind of order"
    tables = [df.value for df in at.dataframe if kind_col in df.value.columns]
    assert len(tables) == 1
    return tables[0].set_index(kind_col)


@pytest.mark.parametrize("role", ["prosecutor", "partner"])
def test_orders_of_the_period_by_kind(orders_db, role):
    at = _open(role)
    assert not at.exception
    period = at.session_state["filters"].period
    orders_db(period.start, "urgent_barring", 12, breached=3, repeat=2)
    orders_db(period.end, "restrictive", 2, breached=1, repeat=0)
    orders_db(period.start - timedelta(days=1), "restrictive", 7, breached=7, repeat=7)  # before the period
    clear_cache()  # as an import does
    at = _open(role)
    assert not at.exception
    table = _orders_table(at)
    urgent, restrictive, total = "Терміновий заборонний припис", "Обмежувальний припис", "Усього"
    if role == "prosecutor":
        assert table.loc[urgent].tolist() == ["12", "3", "2"]
        assert table.loc[restrictive].tolist() == ["2", "1", "0"]
        assert table.loc[total].tolist() == ["14", "4", "2"]
    else:
        shown = table.to_numpy().ravel().tolist()
        assert not {"1", "2", "3", "4"} & set(shown)  # 1–4 never shown outside the prosecutor role
        assert table.loc[restrictive, "Винесено"] == "< 5"
        # 12 and the total 14 would give the hidden 2 away: one of them is hidden too
        assert "…" in (table.loc[urgent, "Винесено"], table.loc[total, "Винесено"])


def test_no_orders_says_so_in_both_languages(orders_db):
    for lang, text in (("uk", "приписів немає"), ("en", "No protective orders")):
        at = _open("prosecutor", lang)
        assert not at.exception
        assert any(text in c.value for c in at.caption)
