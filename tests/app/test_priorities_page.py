"""The priorities page shows every demo priority with its indicators, status and trends in both
languages; only the prosecutor sees the form; bad input is refused with a clear message and
nothing is stored; a good priority appears at once."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from tests.app.charts import chart_specs
from tests.app.page_sections import open_sections

PAGE = "pages/safety-priorities.py"


@pytest.fixture
def own_db(demo_db_url, tmp_path, monkeypatch):
    """A private copy of the demo database, for tests that write (the demo one is shared)."""
    copy = tmp_path / "own.db"
    shutil.copy(demo_db_url.removeprefix("sqlite:///"), copy)
    return f"sqlite:///{copy}"


@pytest.fixture
def page(open_page, monkeypatch):
    def _open(lang: str, role: str | None = None, db: str | None = None):
        if db:
            monkeypatch.setenv("DATABASE_URL", db)
        return open_sections(open_page(PAGE, lang=lang, role=role))  # every priority and the form open

    return _open


@pytest.mark.parametrize("lang", ["uk", "en"])
@pytest.mark.parametrize("role", [None, "prosecutor"])
def test_page_renders_priorities_with_status_and_trends(page, lang, role):
    at = page(lang, role)
    assert not at.exception
    heads = [h.value for h in at.header]
    lighting = "Освітлення вулиць у селах громади" if lang == "uk" else "Street lighting in the villages"
    assert lighting in heads
    charts = chart_specs(at)
    assert len(charts) >= 13  # one small trend per demo indicator
    assert all(c["data"] for c in charts)
    status_words = {"uk": ("За планом", "Відставання", "Немає даних"), "en": ("On track", "Off track", "No data")}[lang]
    labels = [m.label for m in at.metric]
    assert all(w in labels for w in status_words)
    assert sum(int(m.value) for m in at.metric if m.label in status_words) == 5
    forms = at.get("form")
    assert bool(forms) == (role == "prosecutor")


def _fill(at, *, title: str, start: date, end: date, target: float | None = None, indicator: int = 0):
    at.text_input[0].input(title)
    at.date_input[0].set_value(start)
    at.date_input[1].set_value(end)
    if indicator:
        at.selectbox(key="prio_ind_None_0").select_index(indicator)
    if target is not None:
        at.number_input(key="prio_target_None_0").set_value(target)
    submit = next(b for b in at.button if b.label in ("Зберегти пріоритет", "Save priority"))
    submit.click()
    at.run()
    return at


@pytest.mark.parametrize("case, message", [
    ({"title": "", "start": date(2026, 1, 1), "end": date(2026, 12, 31)}, "Вкажіть назву пріоритету українською."),
    ({"title": "Тиша вночі", "start": date(2026, 12, 1), "end": date(2026, 1, 1)},
     "Дата завершення має бути пізнішою за дату початку."),
    ({"title": "Тиша вночі", "start": date(2026, 1, 1), "end": date(2026, 12, 31), "target": 10.0},
     "Показник 1: задано значення, але не вибрано"),
])
def test_bad_input_shows_a_message_and_stores_nothing(page, own_db, case, message):
    at = page("uk", "prosecutor", db=own_db)
    before = len([h for h in at.header])
    at = _fill(at, **case)
    assert not at.exception
    errors = " ".join(e.value for e in at.error)
    assert "Пріоритет не збережено" in errors and message in errors
    assert len([h for h in at.header]) == before
    from data_access.engine import make_engine
    from data_access.priorities import priority_list

    assert len(priority_list(make_engine(own_db), hromada_id=1)) == 5


def test_good_priority_appears_at_once(page, own_db):
    at = page("uk", "prosecutor", db=own_db)
    title = "Безпечний шлях до школи у Ворзелі"
    at = _fill(at, title=title, start=date(2026, 1, 1), end=date(2026, 12, 31), indicator=1, target=1.0)
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    assert title in [h.value for h in at.header]
    assert any(title in s.value for s in at.success)


def test_a_title_with_markup_is_shown_as_typed(page, own_db):
    """A priority titled like a link or bold markdown stays text (issue 14: titles rendered markdown)."""
    from data_access.engine import make_engine
    from data_access.priorities import PriorityInput, create_priority

    title = "**Важливо** [тут](http://evil.example) <b>x</b>"
    create_priority(make_engine(own_db), role="prosecutor", username="p", hromada_id=1,
                    data=PriorityInput(title_uk=title, start=date(2026, 1, 1), end=date(2026, 12, 31)))
    at = page("uk", db=own_db)
    assert not at.exception
    shown = next(h.value for h in at.header if "Важливо" in h.value)
    assert shown.startswith(r"\*\*Важливо\*\* \[тут\]\(http://evil\.example\) \<b\>")
