"""The partners page renders its KPIs, charts, partner matrix, map and "did it help?" from the
demo data in both languages; the lighting installation is found to have helped."""

from __future__ import annotations

import json
import sys

import pytest

PAGE = "pages/partnership.py"


@pytest.fixture
def page(open_page, monkeypatch):
    """Open the page in a language (English forced by patching ``current_lang`` where loaded)."""

    def _open(lang: str, role: str | None = None, params: dict | None = None):
        if lang != "uk":
            import components.state as state

            original = state.current_lang
            for module in list(sys.modules.values()):
                if getattr(module, "current_lang", None) is original:
                    monkeypatch.setattr(module, "current_lang", lambda: lang)
        return open_page(PAGE, lang=lang, role=role, params=params)

    return _open


def _charts(at) -> list[dict]:
    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


def _titles(at) -> list[str]:
    return [(c["layout"].get("title") or {}).get("text", "") for c in _charts(at)]


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_page_renders_charts_map_and_lists(page, lang):
    at = page(lang)
    assert not at.exception
    titles = _titles(at)
    expected = {
        "uk": ["Заходи за місяцями за останні 12 місяців, за видом", "Найактивніші партнери за період",
               "Спільні заходи пар партнерів за 12 місяців"],
        "en": ["Activities per month over the last 12 months, by kind", "Most active partners in the period",
               "Joint activities of each pair of partners over 12 months"],
    }[lang]
    for title in expected:
        assert title in titles
    for chart in _charts(at):
        assert chart["data"], "every chart has data"
    maps = at.get("component_instance") or []
    assert maps, "the activity map is drawn"
    args = json.loads(maps[0].proto.json_args)
    assert "https://" not in " ".join(args.get("js_links", []) + args.get("css_links", []))
    assert "/app/static/vendor/leaflet/leaflet.js" in " ".join(args.get("js_links", []))
    heads = [h.value for h in at.subheader]
    assert ("Хто з ким працює" if lang == "uk" else "Who works with whom") in heads
    labels = [m.label for m in at.metric]
    assert ("Спільні заходи" if lang == "uk" else "Joint activities") in labels


def test_the_weekly_chart_near_a_place_is_the_prosecutors(page):
    """Weekly counts within a few hundred metres of a named place (issue 14: hover counts of 0–3)."""
    titles = _titles(page("uk", role="prosecutor"))
    assert "Правопорушення за тижнями, середнє до заходу = 100" in titles
    partner = page("uk")
    assert "Правопорушення за тижнями, середнє до заходу = 100" not in _titles(partner)
    assert any("бачить лише прокурор" in c.value for c in partner.caption)


def test_small_counts_near_a_place_are_hidden_from_a_partner(page):
    """"Near the place 10 → 3" was shown to anyone (issue 14): now 1–4 reads "< 5", the rest of the
    hromada and every ratio from them are hidden, and the verdict names no small count."""
    at = page("uk")
    at.selectbox(key="did_radius").select(250)
    at.selectbox(key="did_weeks").select(8)
    at.run()
    metrics = {m.label: m.value for m in at.metric}
    near = metrics["Біля місця: до → після"]
    assert "< 5" in near, near
    assert metrics["Решта громади: до → після"] == "… → …"
    assert metrics["Відносна зміна"] == "—"
    assert any("у радіусі < 5 за обидва періоди" in w.value for w in at.warning)
    prosecutor = page("uk", role="prosecutor")
    prosecutor.selectbox(key="did_radius").select(250)
    prosecutor.selectbox(key="did_weeks").select(8)
    prosecutor.run()
    assert "< 5" not in {m.label: m.value for m in prosecutor.metric}["Біля місця: до → після"]


def test_lighting_in_vorzel_is_found_to_have_helped(page):
    at = page("uk")
    assert not at.exception
    # the default choice is the newest installation of the first kind: lighting, 500 m, 26 weeks
    assert "Ворзель" in at.selectbox(key="did_activity").format_func(at.selectbox(key="did_activity").value)
    assert any("поменшало" in s.value for s in at.success)


def test_cctv_at_the_station_shows_no_clear_change(page):
    at = page("uk")
    box = at.selectbox(key="did_activity")
    box.select_index(next(i for i, o in enumerate(box.options) if "камер" in o))
    at.run()
    assert not at.exception
    box = at.selectbox(key="did_activity")
    assert "камер" in box.format_func(box.value)
    assert any("Чіткої зміни немає" in i.value for i in at.info)


def test_too_few_to_say_with_a_small_radius(page):
    at = page("uk")
    at.selectbox(key="did_radius").select(250)
    at.selectbox(key="did_weeks").select(8)
    at.run()
    assert not at.exception
    assert any("Замало правопорушень" in w.value for w in at.warning)


def test_partner_role_sees_no_points_of_incidents(page):
    at = page("uk")
    maps = at.get("component_instance")
    script = json.loads(maps[0].proto.json_args)["script"]
    # only activity circles and settlements: no clustered incident points layer
    assert "FastMarkerCluster" not in script and "marker_cluster" not in script
