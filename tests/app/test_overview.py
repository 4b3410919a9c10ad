"""The overview page renders its KPI tiles and trend chart from the demo data, in both languages."""

from __future__ import annotations

import json

import pytest


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_overview_renders_kpis_and_chart(open_page, lang):
    at = open_page("pages/overview.py", lang=lang)
    assert not at.exception
    labels = [m.label for m in at.metric]
    expected = "Правопорушення" if lang == "uk" else "Offences"
    assert expected in labels and len(labels) == 5
    assert at.metric[0].value not in ("0", "—")  # demo data fills the tile
    charts = [json.loads(el.proto.spec) for el in at.get("plotly_chart")]
    assert charts and len(charts[0]["data"]) == 2  # this year + the same weeks a year ago
    banner = " ".join(w.value for w in at.warning)
    assert ("Демо-дані" if lang == "uk" else "Demo data") in banner


def test_database_missing_shows_the_fix_not_a_traceback(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'none.db'}")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception
    assert "Базу даних ще не створено." in [e.value for e in at.error]
    assert any("python -m data_access init" in c.value for c in at.code)
