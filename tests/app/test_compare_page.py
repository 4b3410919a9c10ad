"""The comparison of hromadas: counts per hromada from the database (zeros kept), the page's funnel and
table for the prosecutor, small counts hidden from a partner, and the raion of the current hromada."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select, update
from streamlit.testing.v1 import AppTest

from data_access import schema
from data_access.comparison import incidents_by_hromada
from data_access.engine import make_engine
from tests.app.charts import chart_specs
from tests.conftest import ROOT
from tests.factories import BUCHA, add_incidents

IRPIN, HOSTOMEL = "UA32080150000035443", "UA32080110000056605"


def _add_neighbours(engine) -> None:
    with engine.begin() as conn:
        conn.execute(schema.hromada.insert(), [
            {"code": IRPIN, "name_uk": "Ірпінська міська територіальна громада", "name_en": "Irpin urban hromada",
             "raion_uk": "Бучанський район", "raion_en": "Bucha raion", "oblast_uk": "Київська область",
             "oblast_en": "Kyiv oblast", "population": 60_000},
            {"code": HOSTOMEL, "name_uk": "Гостомельська селищна територіальна громада",
             "name_en": "Hostomel settlement hromada", "raion_uk": "Бучанський район", "raion_en": "Bucha raion",
             "oblast_uk": "Київська область", "oblast_en": "Kyiv oblast", "population": 16_000}])


def test_counts_per_hromada_keep_hromadas_without_incidents(engine):
    _add_neighbours(engine)
    add_incidents(engine, [{"occurred_at": datetime(2026, 10, d), "settlement": None} for d in (1, 2, 3)],
                  hromada=IRPIN)
    add_incidents(engine, [{"occurred_at": datetime(2026, 9, 30), "settlement": None}], hromada=IRPIN)  # before
    with engine.connect() as conn:
        ids = dict(conn.execute(select(schema.hromada.c.code, schema.hromada.c.id)).all())
    out = incidents_by_hromada(engine, hromada_ids=tuple(ids.values()), start=date(2026, 10, 1),
                               end=date(2026, 10, 31)).set_index("code")
    assert out.loc[IRPIN, "incidents"] == 3 and out.loc[HOSTOMEL, "incidents"] == 0
    assert out.loc[BUCHA, "incidents"] == 0 and len(out) == 3


@pytest.fixture
def raion_db(demo_db_url, tmp_path, monkeypatch):
    """The demo database (Bucha) with Irpin (40 offences in the review weeks) and Hostomel (3) beside it."""
    target = tmp_path / "raion.db"
    shutil.copy(Path(demo_db_url.removeprefix("sqlite:///")), target)
    url = f"sqlite:///{target}"
    engine = make_engine(url)
    _add_neighbours(engine)
    add_incidents(engine, [{"occurred_at": datetime(2026, 11, 3 + d % 18, 12), "settlement": None}
                           for d in range(40)], hromada=IRPIN)
    add_incidents(engine, [{"occurred_at": datetime(2026, 11, 10, 12), "settlement": None}] * 3, hromada=HOSTOMEL)
    with engine.begin() as conn:  # the demo's population as the reference gives it
        conn.execute(update(schema.hromada).where(schema.hromada.c.code == BUCHA).values(population=55_099))
    engine.dispose()
    monkeypatch.setenv("DATABASE_URL", url)
    return url


def _open(role: str, lang: str = "uk") -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["lang"] = lang
    at.query_params["period"] = "4weeks"
    at.session_state["auth_role"] = role
    at.session_state["auth_user"] = f"test-{role}"
    at.run()
    at.switch_page("pages/compare.py")
    at.run()
    assert not at.exception
    return at


def _funnel(at: AppTest) -> dict:
    return chart_specs(at)[0]


def test_the_prosecutor_sees_every_hromada_of_the_raion_in_the_funnel_and_the_table(raion_db):
    at = _open("prosecutor")
    table = at.dataframe[0].value.set_index("Громада")
    assert list(table.index)[:1] == ["Ірпінська міська територіальна громада"] or "Ірпінська" in " ".join(table.index)
    assert table.loc["Гостомельська селищна територіальна громада", "Правопорушень"] == "3"
    assert table.loc["Ірпінська міська територіальна громада", "Правопорушень"] == "40"
    names = [n for trace in _funnel(at)["data"] for n in (trace.get("text") or [])]
    assert {"Гостомельська селищна територіальна громада", "Ірпінська міська територіальна громада"} <= set(names)
    summary = " ".join(c.value for c in at.caption)
    assert "Порівнюється громад: 3" in summary


def test_a_partner_gets_small_counts_hidden_in_table_chart_and_sentence(raion_db):
    at = _open("partner")
    table = at.dataframe[0].value.set_index("Громада")
    hostomel = table.loc["Гостомельська селищна територіальна громада"]
    assert hostomel["Правопорушень"] == "< 5" and hostomel["На 10 тис. жителів"] == "—"
    names = [n for trace in _funnel(at)["data"] for n in (trace.get("text") or [])]
    assert "Гостомельська селищна територіальна громада" not in names
    hidden = (table["Правопорушень"] == "< 5") | (table["Правопорушень"] == "…")
    assert hidden.sum() >= 2  # one more hidden beside it: the total would give the small one away


def test_english_labels(raion_db):
    at = _open("prosecutor", lang="en")
    assert "Hromadas compared" in [t.value for t in at.title]
    assert "Against the average" in at.dataframe[0].value.columns


def test_a_partner_cannot_work_the_small_count_out_of_the_average(raion_db):
    """The average shown to a partner is that of the hromadas shown: times their population it gives
    their own total, never one that holds the hidden small count."""
    at = _open("partner")
    table = at.dataframe[0].value
    shown = table[~table["Правопорушень"].isin(["< 5", "…"])]
    counts = shown["Правопорушень"].str.replace("\u00a0", "").str.replace(" ", "").astype(int)
    pops = shown["Населення"].str.replace("\u00a0", "").str.replace(" ", "").astype(int)
    summary = next(c.value for c in at.caption if c.value.startswith("Порівнюється громад"))
    shown_rate = float(summary.split("— ")[1].split(" ")[0].replace(",", "."))
    assert shown_rate == pytest.approx(counts.sum() / pops.sum() * 10_000, abs=0.05)


def test_the_command_line_gives_the_same_comparison_as_full_figures(raion_db, tmp_path):
    """`python -m reports hromada-comparison`: every hromada of the raion, the counts as added, the rates
    computed independently here, and the `all` row with the selection's average."""
    import csv

    from reports.__main__ import main as reports_cli

    out = tmp_path / "compare.csv"
    assert reports_cli(["hromada-comparison", "--from", "2026-10-29", "--to", "2026-11-25", "--format", "csv",
                        "--out", str(out), "--database-url", raion_db]) == 0
    rows = {r["code"]: r for r in csv.DictReader(out.open(encoding="utf-8-sig"))}
    assert set(rows) == {BUCHA, IRPIN, HOSTOMEL, "all"}
    assert rows[IRPIN]["incidents"] == "40" and rows[HOSTOMEL]["incidents"] == "3"  # full figures, no "< 5"
    assert float(rows[HOSTOMEL]["rate_per_10k"]) == pytest.approx(3 / 16_000 * 10_000, abs=0.005)
    total = sum(int(rows[c]["incidents"]) for c in (BUCHA, IRPIN, HOSTOMEL))
    assert rows["all"]["incidents"] == str(total)
    assert float(rows["all"]["rate_per_10k"]) == pytest.approx(total / (55_099 + 60_000 + 16_000) * 10_000, abs=0.005)


def test_one_hromada_gets_the_commands_that_add_a_second(open_page):
    at = open_page("pages/compare.py")  # the demo database holds one hromada
    assert not at.exception
    assert "щонайменше дві громади" in " ".join(i.value for i in at.info)
    assert any("add-hromada" in x.value and "seed-demo --hromada" in x.value for x in at.text)
