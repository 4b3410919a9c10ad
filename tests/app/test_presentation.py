"""Presentation mode (?mode=present) and the meeting-pack controls: the shared screen shows the
pack's figures, partner-safe whoever is signed in, in both languages; the screens step with the
hidden buttons the arrow keys click; the overview offers the downloads and the stored packs; the
weekly review says when its figures moved since a stored pack."""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime
from pathlib import Path

import pytest

from data_access.audit import recent
from data_access.engine import make_engine
from data_access.meeting_packs import save_pack
from reports.figures import kpi, pack_figures

WEEK = date(2026, 11, 16)  # the last full week before the demo's today (tests/app/conftest.py)
TITLES = {
    "uk": ["Безпека громади: тиждень 2026-W47", "Що змінилося за тиждень", "Де: правопорушення за 4 тижні",
           "Звернення громадян", "Опитування: безпека і довіра", "Пріоритети безпеки громади"],
    "en": ["Community safety: week 2026-W47", "What changed this week", "Where: offences over 4 weeks",
           "Residents' requests", "Survey: safety and trust", "Community safety priorities"],
}


def _present(open_page, lang="uk", role=None, **params):
    return open_page("pages/home.py", lang=lang, role=role, params={"mode": "present", "interval": "600",
                                                                        **params})


def _title(at) -> str:
    return at.title[0].value


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_presentation_shows_the_pack_figures(open_page, demo_db_url, lang):
    at = _present(open_page, lang)
    assert not at.exception
    assert _title(at) == TITLES[lang][0]
    fig = pack_figures(make_engine(demo_db_url), hromada_id=1, week_monday=WEEK, lang=lang)
    shown = {m.label: m.value for m in at.metric}
    for key in ("incidents", "requests", "overdue_now", "trust", "activities"):
        k = kpi(fig, key)
        assert shown[k["label"]] == k["display"]
    footer = " ".join(c.value for c in at.caption)
    assert ("Демо-дані" if lang == "uk" else "Demo data") in footer and "2026-W47" in footer
    assert not at.sidebar.selectbox  # no filters drawn: presentation stops before the sidebar filters


def test_presentation_steps_through_every_screen(open_page):
    at = _present(open_page, "uk")
    seen = [_title(at)]
    for _ in range(6):
        at.button(key="present_next").click().run()
        assert not at.exception
        seen.append(_title(at))
    assert seen == TITLES["uk"] + TITLES["uk"][:1]  # six screens, then back to the first
    at.button(key="present_prev").click().run()
    assert _title(at) == TITLES["uk"][-1]


def test_presentation_is_partner_safe_for_a_prosecutor(open_page):
    at = _present(open_page, "uk", role="prosecutor", screen="review")
    assert not at.exception
    assert _title(at) == TITLES["uk"][1]
    assert "< 5" in [m.value for m in at.metric]  # small counts hidden even for a signed-in prosecutor
    at = _present(open_page, "en", role="prosecutor", screen="map")
    assert not at.exception
    maps = at.get("component_instance") or [el for el in at.get("iframe")]
    assert maps, "the map screen draws the map"
    args = json.loads(maps[0].proto.json_args)
    assert "http://" not in " ".join(args.get("js_links", []) + args.get("css_links", []))
    assert not any("markercluster" in link for link in args.get("js_links", []))  # no point layer, cells only


@pytest.mark.parametrize("interval", ["soon", "1e309", "nan", "-inf", "-5", "99999999999999999999"])
def test_bad_interval_gets_a_message(open_page, interval):
    at = _present(open_page, "uk", interval=interval)  # "1e309" crashed the screen (issue 14)
    assert not at.exception
    assert any("Інтервал у посиланні" in w.value for w in at.warning)


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_overview_offers_the_pack_and_presentation(open_page, lang):
    at = open_page("pages/home.py", lang=lang, role="leadership")
    assert not at.exception
    assert ("Матеріали до зустрічі" if lang == "uk" else "Meeting materials") in [s.value for s in at.header]
    buttons = at.get("download_button")
    assert len(buttons) >= 2 and not any(b.proto.disabled for b in buttons)
    links = at.get("link_button")
    assert links and "mode=present" in links[0].proto.url


def test_a_pack_needs_a_signed_in_user(open_page):
    """Each pack costs seconds of CPU and stores its file (issue 14): not for anonymous visitors."""
    at = open_page("pages/home.py", lang="en")
    assert not at.get("download_button")
    assert any("made and downloaded by signed-in users" in i.value for i in at.info)


def test_packs_per_user_are_limited(open_page, demo_db_url, tmp_path, monkeypatch):
    from components.meeting_pack import PACKS_PER_WINDOW

    db = tmp_path / "copy.db"
    shutil.copy(demo_db_url.removeprefix("sqlite:///"), db)
    engine = make_engine(f"sqlite:///{db}")
    for _ in range(PACKS_PER_WINDOW):
        save_pack(engine, hromada_id=1, week="2026-W47", lang="uk", fmt="pdf", data_as_of=datetime(2026, 11, 23),
                  figures={}, content=b"%PDF", created_by="test-leadership")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{db}")
    at = open_page("pages/home.py", lang="en", role="leadership")
    made = [b for b in at.get("download_button") if b.key in ("pack_pptx", "pack_pdf")]
    assert made and all(b.proto.disabled for b in made)
    assert any("Sets of materials made in the last 60 min: 10" in w.value for w in at.warning)
    other = open_page("pages/home.py", lang="en", role="prosecutor")  # another user is not limited
    assert not any(b.proto.disabled for b in other.get("download_button") if b.key in ("pack_pptx", "pack_pdf"))
    actions = recent(engine, role="admin", action="pack_made")
    assert len(actions) == PACKS_PER_WINDOW and set(actions["username"]) == {"test-leadership"}


def test_weekly_review_says_how_figures_moved_since_the_pack(open_page, demo_db_url, tmp_path, monkeypatch):
    db = tmp_path / "copy.db"
    shutil.copy(demo_db_url.removeprefix("sqlite:///"), db)
    engine = make_engine(f"sqlite:///{db}")
    fig = pack_figures(engine, hromada_id=1, week_monday=WEEK, lang="uk")
    fraud = next(r for r in fig["review"]["rows"] if (r["this_week"] or 0) >= 7)  # a visible row, maybe the total
    save_pack(engine, hromada_id=1, week="2026-W47", lang="uk", fmt="pdf", data_as_of=datetime(2026, 11, 23),
              figures=fig, content=b"%PDF same", created_by="test", created_at=datetime(2026, 11, 23, 8, 0))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{db}")
    at = open_page("pages/weekly-review.py", lang="uk", params={"week": "2026-W47"})
    assert not at.exception
    assert any("не змінилися після підготовки матеріалів (23.11.2026, 08:00)" in c.value for c in at.caption)

    fraud["this_week"] -= 2  # as if two fraud cases came in after the pack was made
    fraud["this_week_display"] = str(fraud["this_week"])
    save_pack(engine, hromada_id=1, week="2026-W47", lang="uk", fmt="pdf", data_as_of=datetime(2026, 11, 23),
              figures=fig, content=b"%PDF older", created_by="test", created_at=datetime(2026, 11, 24, 8, 0))
    at = open_page("pages/weekly-review.py", lang="uk", params={"week": "2026-W47"})
    assert not at.exception
    note = " ".join(w.value for w in at.warning)
    assert "Після підготовки матеріалів (24.11.2026, 08:00)" in note
    assert f"{fraud['label']} (цей тиждень): {fraud['this_week']} → {fraud['this_week'] + 2} (+2)" in note
    assert Path(db).exists()


@pytest.mark.parametrize("params", [
    {"period": "custom", "from": "1900-01-01", "to": "2099-01-01"},  # outside the date picker's range
    {"period": "custom", "from": "2026-13-01", "to": "soon"},
    {"week": "2026-W99", "rows": "evil", "category": "<script>"},
    {"hromada": "nope", "settlements": "a,b", "period": "decade", "lang": "fr"},
    {"mode": "present", "screen": "nowhere"},
])
def test_any_url_value_opens_a_page_without_an_error(open_page, params):
    """Every URL value is checked against what it may be (issue 14: `interval=1e309` crashed)."""
    for page in ("pages/home.py", "pages/weekly-review.py"):
        at = open_page(page, role="prosecutor", params=params)
        assert not at.exception, (page, params)
