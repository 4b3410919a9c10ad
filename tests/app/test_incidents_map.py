"""The offence map page: an offline map with its layers and legend in the interface language,
partner-safe for other roles, points for the prosecutor only, and a settlement filter by click."""

from __future__ import annotations

import json
import re

import pytest

from tests.app.charts import chart_specs
from tests.factories import VORZEL

MAP_PAGE = "pages/map.py"
CLICK_STATE = "map_view.clicked.imap_map"
TABLE = {"section": "table"}  # the settlements' table is a section (components/sections.py)


def _map_args(at) -> dict:
    """The map component's arguments; ``script`` with JavaScript \\uXXXX escapes decoded."""
    maps = at.get("component_instance")
    assert len(maps) == 1
    args = json.loads(maps[0].proto.json_args)
    args["script"] = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), args["script"])
    return args


def _features(script: str) -> int:
    """GeoJSON features and heat/cluster data points sent to the browser."""
    return script.count('"type": "Feature"') + len(re.findall(r"\[\s*-?\d+\.\d+,\s*-?\d+\.\d+,\s*[-\d.]+\s*\]",
                                                               script))


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_map_renders_offline_with_translated_layers_and_legend(open_page, lang):
    at = open_page(MAP_PAGE, lang=lang, params=TABLE)
    assert not at.exception
    args = _map_args(at)
    script = args["script"]
    links = " ".join(args.get("js_links", []) + args.get("css_links", []))
    assert "http" not in links and "/app/static/vendor/leaflet/leaflet.js" in links  # no CDN
    if lang == "uk":
        for text in ("Населені пункти", "Квадрати ~500 м", "Теплова карта", "на 10 000 мешканців"):
            assert text in script
        assert at.title[0].value == "Карта подій"
    else:
        for text in ("Settlements", "Grid cells ~500 m", "Heat map", "per 10,000 residents"):
            assert text in script
        assert "Населені пункти" not in script
        assert at.title[0].value == "Incident map"
    assert "Місця подій" not in script and "Incident locations" not in script  # no points for partners
    assert 0 < _features(script) < 3000
    table = at.dataframe[0].value
    assert len(table) >= 14  # every settlement, also those without coordinates or population


def test_partner_sees_small_counts_as_fewer_than_five(open_page):
    at = open_page(MAP_PAGE, params=TABLE)
    table = at.dataframe[0].value
    counts = table["Правопорушень"].tolist()
    assert not any(c in {"1", "2", "3", "4"} for c in counts)
    assert "< 5" in counts
    captions = " ".join(c.value for c in at.caption)
    assert "< 5" in captions and "Немає координат" in captions
    notes = " ".join(table["Примітка"])
    assert "чисельність населення невідома" in notes


def test_prosecutor_gets_clustered_points(open_page):
    at = open_page(MAP_PAGE, role="prosecutor", params=TABLE)
    assert not at.exception
    script = _map_args(at)["script"]
    assert "Місця подій" in script and "markerClusterGroup" in script
    counts = at.dataframe[0].value["Правопорушень"].tolist()
    assert "< 5" not in counts


def test_clicked_settlement_filters_chart_and_table_and_chip_clears_it(open_page):
    at = open_page(MAP_PAGE, params=TABLE)
    all_rows = len(at.dataframe[0].value)
    at.session_state[CLICK_STATE] = VORZEL
    at.run()
    assert not at.exception
    table = at.dataframe[0].value
    assert table["Населений пункт"].tolist() == ["Ворзель"]
    chip = at.button(key="imap_chip")
    assert chip.label == "Фільтр: Ворзель ✕"
    chart = chart_specs(at)[0]
    assert "Ворзель" in chart["layout"]["title"]["text"]
    chip.click().run()
    assert len(at.dataframe[0].value) == all_rows
    assert not [b for b in at.button if b.key == "imap_chip"]


def test_war_group_is_separate(open_page):
    at = open_page(MAP_PAGE, params=TABLE)
    community = at.metric[0].value
    at.segmented_control(key="imap_group").set_value("war").run()
    assert not at.exception
    assert at.metric[0].value != community
