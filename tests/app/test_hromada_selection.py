"""The place filter takes several hromadas, a whole raion or a whole oblast: every page renders for Bucha raion's
three hromadas, the overview's tile counts all three, the weekly review has a row per hromada, the survey page
shows each hromada's own estimate, and an account scoped to one hromada is offered nothing else."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from data_access import reference, schema
from data_access.engine import make_engine
from data_access.scopes import set_scope
from data_access.users import add_user
from display.navigation import PAGES
from domain.roles import Role
from tests.app.conftest import run_page
from tests.factories import BUCHA, HOSTOMEL, IRPIN, RAION_NAMES, raion_database

NAMES = RAION_NAMES
RAION = "Київська область|Бучанський район"
TODAY = date(2026, 11, 25)
PROSECUTOR_PAGES = [s.file for s in PAGES if Role.PROSECUTOR in s.roles and not s.public]


@pytest.fixture(scope="module")
def raion_db(tmp_path_factory) -> tuple[str, str]:
    """A SQLite database with Bucha, Irpin and Hostomel (Bucha raion) seeded with demo data; (url, assets dir)."""
    folder = tmp_path_factory.mktemp("raion")
    return raion_database(folder, today=TODAY, weeks=60), str(folder / "hromadas")


@pytest.fixture
def raion_app(raion_db, monkeypatch):
    url, assets = raion_db
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setattr(reference, "HROMADAS_DIR", Path(assets))
    monkeypatch.setattr("components.filters.kyiv_today", lambda: TODAY)

    def _open(page: str, *, role: str | None = Role.PROSECUTOR, user: str | None = None, lang: str = "uk",
              **params) -> AppTest:
        return run_page(page, lang=lang, role=role, user=user, params=params, timeout=180)

    return _open


def _ids(url: str) -> dict[str, int]:
    engine = make_engine(url)
    with engine.connect() as conn:
        out = dict(conn.execute(select(schema.hromada.c.code, schema.hromada.c.id)).all())
    engine.dispose()
    return out


def _shown(at: AppTest) -> str:
    return " ".join(str(e.value) for kind in ("markdown", "caption", "title", "header", "subheader", "info")
                    for e in getattr(at, kind))


@pytest.mark.parametrize("page", PROSECUTOR_PAGES)
def test_every_page_renders_for_a_whole_raion(raion_app, raion_db, page):
    at = raion_app(page, raion=RAION)
    assert not at.exception, page
    f = at.session_state["filters"]
    assert sorted(f.hromada_ids) == sorted(_ids(raion_db[0]).values())
    assert f.area_level == "raion"


def test_the_overview_tile_counts_the_three_hromadas(raion_app, raion_db):
    at = raion_app("pages/home.py", raion=RAION)
    f = at.session_state["filters"]
    assert "Бучанський район (громад: 3)" in _shown(at)
    engine = make_engine(raion_db[0])
    with engine.connect() as conn:
        rows = pd.DataFrame(conn.execute(select(schema.incident.c.occurred_date, schema.incident.c.category_group,
                                                schema.incident.c.occurred_precision)).all(),
                            columns=["day", "group", "precision"])
    engine.dispose()
    independent = int(((rows["day"] >= f.period.start) & (rows["day"] <= f.period.end)
                       & (rows["group"] == "community") & (rows["precision"] == "day")).sum())
    assert independent > 0
    tile = next(m for m in at.metric if m.label == "Правопорушення")
    assert int(tile.value.replace("\u00a0", "").replace(" ", "")) == independent
    trust = next(m for m in at.metric if m.label.startswith("Довіра"))
    assert trust.value == "—"  # survey estimates are per hromada, never pooled
    assert "окремо для кожної" in _shown(at)


def test_several_hromadas_from_the_url_and_the_english_labels(raion_app):
    at = raion_app("pages/home.py", lang="en", hromada=f"{BUCHA},{HOSTOMEL}")
    assert not at.exception
    f = at.session_state["filters"]
    assert f.area_level == "several" and set(f.hromada_codes) == {BUCHA, HOSTOMEL} and f.several
    area = next(s for s in at.sidebar.selectbox if s.key == "_w_area_en")
    assert area.label == "Show" and area.value == "several"
    picked = next(m for m in at.sidebar.multiselect if m.key == "_w_hromadas_en")
    assert picked.label == "Hromadas" and set(picked.value) == {BUCHA, HOSTOMEL}


def test_the_weekly_review_has_a_row_per_hromada_and_their_total(raion_app):
    at = raion_app("pages/weekly-review.py", raion=RAION, rows="hromada")
    assert not at.exception
    assert any(h.value.startswith("За громадами") for h in at.header)
    f = at.session_state["filters"]
    table = at.dataframe[0].value
    assert list(table["row"]) == [*(NAMES[c] for c in f.hromada_codes), "Усього"]
    per_hromada = table.iloc[:-1]["ytd"].clip(lower=0)  # the prosecutor sees every count
    assert int(per_hromada.sum()) == int(table["ytd"].iloc[-1]) > 0


def test_the_survey_page_shows_each_hromadas_own_estimate(raion_app):
    at = raion_app("pages/trust-survey.py", raion=RAION)
    assert not at.exception
    assert "Громади вибірки: оцінки кожної окремо" in [h.value for h in at.header]
    per_hromada = next(d.value for d in at.dataframe if "Громада" in d.value.columns)
    assert sorted(per_hromada["Громада"]) == sorted(NAMES.values())
    assert "Одна громада докладно" in [h.value for h in at.header]


def test_an_account_scoped_to_one_hromada_is_offered_no_raion(raion_app, raion_db):
    url = raion_db[0]
    engine = make_engine(url)
    add_user(engine, username="irpin-only", role=Role.PROSECUTOR, password="correct horse battery staple")
    set_scope(engine, role=Role.ADMIN, username="irpin-only", hromadas=[IRPIN], actor="admin")
    engine.dispose()
    at = raion_app("pages/home.py", user="irpin-only", raion=RAION)
    assert not at.exception
    assert not [s for s in at.sidebar.selectbox if s.key.startswith("_w_area")]
    assert at.session_state["filters"].hromada_codes == (IRPIN,)
    assert NAMES[BUCHA] not in _shown(at) and NAMES[HOSTOMEL] not in _shown(at)


def test_the_review_commands_take_a_raion_and_give_the_sum_of_its_hromadas(raion_db, tmp_path):
    """`weekly-review --raion` and `monthly-review --raion`: every count column equals the sum of the three
    hromadas' own files."""
    from reports.__main__ import main as reports_cli

    url = raion_db[0]

    def table(command: list[str], name: str) -> pd.DataFrame:
        out = tmp_path / f"{name}.csv"
        assert reports_cli([*command, "--database-url", url, "--out", str(out)]) == 0
        return pd.read_csv(out).set_index("category")

    for command, columns in ((["weekly-review", "--week", "2026-W46"], ["this_week", "previous_week", "ytd"]),
                             (["monthly-review", "--month", "2026-10"], ["this_month", "previous_month", "ytd"])):
        whole = table([*command, "--raion", RAION], "raion")
        parts = [table([*command, "--hromada", code], code) for code in (BUCHA, IRPIN, HOSTOMEL)]
        summed = sum(p[columns] for p in parts)
        assert (whole[columns] == summed).all().all(), command[0]
        assert int(whole[columns[0]].sum()) > 0
        several = table([*command, "--hromada", f"{IRPIN},{HOSTOMEL}"], "two")
        assert (several[columns] == parts[1][columns] + parts[2][columns]).all().all()


@pytest.mark.parametrize(("page", "key"), [("pages/home.py", "pack_hromada"), ("pages/import.py", "import_hromada"),
                                          ("pages/safety-priorities.py", "priorities_hromada")])
def test_what_works_per_hromada_asks_which_one(raion_app, page, key):
    """The meeting pack, the shared screen, the poster, an import and the priorities are one hromada's: with a raion
    chosen, the page offers its three hromadas and works on the one picked."""
    at = raion_app(page, raion=RAION, **{key: IRPIN})
    assert not at.exception
    box = at.selectbox(key=f"_w_{key}_uk")
    assert sorted(box.options) == sorted(NAMES.values()) and box.value == IRPIN


def test_the_map_of_a_large_area_draws_no_squares_beyond_the_limit(raion_app, monkeypatch):
    """Beyond the cell limit (an oblast's thousands of ~500 m cells) the map keeps its payload small: heat and
    settlements only, and the page says so; the KPI still counts every cell."""
    import display.maps

    monkeypatch.setattr(display.maps, "CELL_LIMIT", 3)
    at = raion_app("pages/map.py", raion=RAION)
    assert not at.exception
    cells = int(next(m for m in at.metric if m.label.startswith("Квадратів")).value)
    assert cells > 3
    captions = " ".join(c.value for c in at.caption)
    assert f"Квадратів з подіями — {cells}, більше ніж 3" in captions and "квадратів — 0" in captions


@pytest.mark.parametrize("role", [Role.PARTNER, Role.LEADERSHIP, None])
@pytest.mark.parametrize("params", [{"raion": RAION}, {"hromada": f"{BUCHA},{IRPIN}"}, {"oblast": "Київська область"}])
def test_outside_the_prosecutor_role_no_set_of_hromadas_can_be_chosen(raion_app, role, params, monkeypatch):
    """A raion and the raion without Hostomel would give Hostomel's "< 5" away by subtraction (as two sets of
    settlements would): a partner, leadership or a visitor sees one hromada at a time, whatever the link says."""
    monkeypatch.setenv("PUBLIC_ACCESS", "partner_view")  # a visitor gets the dashboard even once accounts exist
    at = raion_app("pages/home.py", role=role, **params)
    assert not at.exception
    assert not [s for s in at.sidebar.selectbox if s.key.startswith("_w_area")]
    f = at.session_state["filters"]
    assert len(f.hromada_ids) == 1 and not f.several
    assert "громад:" not in " ".join(c.value for c in at.caption)
