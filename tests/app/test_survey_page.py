"""The survey page renders its headline tiles, interval bands, institutions, settlement map and
breakdowns from the demo data, in both languages and for the partner and prosecutor roles."""

from __future__ import annotations

import json

import pytest

from tests.app.charts import chart_specs
from tests.app.page_sections import EVERY_SECTION


def _figures(at) -> list[dict]:
    return chart_specs(at)


def test_page_in_the_app_frame_partner_role(open_page):
    at = open_page("pages/trust-survey.py")
    assert not at.exception
    assert at.title[0].value == "Опитування: довіра і відчуття безпеки"
    labels = [m.label for m in at.metric]
    assert labels[:3] == ["Безпечно в темряві", "Безпечно вдень", "Довіряють поліції"]
    assert all(m.value.endswith("%") for m in at.metric)
    assert len(chart_specs(at)) == 1 and not at.get("component_instance")  # the trend; the rest closed


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_charts_have_interval_bands_and_whiskers(open_page, lang):
    at = open_page("pages/trust-survey.py", lang=lang, params={"section": EVERY_SECTION["trust-survey"]})
    assert not at.exception
    figs = _figures(at)
    assert len(figs) == 6  # trend, institutions ×2, age, gender, awareness
    trend = figs[0]
    bands = [tr for tr in trend["data"] if tr.get("fill") == "toself"]
    lines = [tr for tr in trend["data"] if tr.get("mode") == "lines+markers"]
    assert len(bands) == len(lines) == 3  # three safety questions, each with its 95 % band
    waves = len(lines[0]["x"])
    assert waves >= 2 and all(len(tr["x"]) == 2 * waves for tr in bands)  # each wave there and back
    whiskers = [tr for fig in figs[1:] for tr in fig["data"] if tr.get("error_x")]
    assert whiskers and all(tr["error_x"]["array"] for tr in whiskers)
    title = figs[2]["layout"]["title"]["text"]
    assert title == ("Баланс довіри: довіряють мінус не довіряють" if lang == "uk"
                     else "Trust balance: trust minus distrust")
    metric_labels = [m.label for m in at.metric]
    assert ("Довіряють поліції" if lang == "uk" else "Trust the police") in metric_labels
    captions = " ".join(c.value for c in at.caption)
    assert ("95 % інтервал" if lang == "uk" else "95% interval") in captions
    assert ("Кіша" if lang == "uk" else "Kish") in captions
    assert ("ефективна вибірка: " if lang == "uk" else "effective sample: ") in captions


@pytest.mark.parametrize("role", ["partner", "prosecutor"])
def test_settlement_table_map_and_small_groups(open_page, role):
    at = open_page("pages/trust-survey.py", lang="uk", role=role, params={"section": EVERY_SECTION["trust-survey"]})
    assert not at.exception
    tables = [df.value for df in at.dataframe]
    places = next(t for t in tables if "Населений пункт" in t.columns)
    assert len(places) == 14  # every settlement listed, with or without an estimate
    bucha = places[places["Населений пункт"] == "Буча"].iloc[0]
    assert bucha["Частка"].endswith("%") and "–" in bucha["95 % інтервал"]
    small = places[places["Примітка"].str.contains("ефективна вибірка менше 30 респондентів")]
    assert len(small) >= 5 and (small["Частка"] == "—").all()
    assert (small["Ефективна вибірка"] == "< 30").all()
    shown = places[places["Частка"] != "—"]
    assert len(shown) and shown["Ефективна вибірка"].str.replace("\u00a0", "").astype(int).ge(30).all()
    tiny = places["Респондентів"].isin(["1", "2", "3", "4"])
    assert tiny.any() if role == "prosecutor" else not tiny.any()  # 1–4 shown as "< 5" to partners
    assert places["Примітка"].str.contains("без координат").sum() == 9
    maps = at.get("component_instance")
    assert len(maps) == 1
    args = json.loads(maps[0].proto.json_args)
    assert args["script"].count('"type": "Point"') == 5  # the 5 settlements with sourced coordinates
    assert args["script"].count('"level": "hromada"') == 1  # drawn inside the hromada's OSM outline
    assert "OpenStreetMap contributors, ODbL" in args["script"]
    assert "http" not in " ".join(args.get("js_links", []) + args.get("css_links", []))
    institutions = next(t for t in tables if "Інституція" in t.columns)
    assert len(institutions) == 5 and institutions["Баланс"].str.match(r"^[+−]\d+%$").all()
