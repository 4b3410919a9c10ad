"""Sections drawn only when opened (components/sections.py, issue 23): a closed section's data is
not read and nothing of it is sent; ``?section=`` opens it; opening one writes it to the URL."""

from __future__ import annotations

import pytest

import components.data
from tests.app.charts import chart_specs
from tests.app.page_sections import section_names

PARTNERS = "pages/partnership.py"
MATRIX_UK = "Спільні заходи пар партнерів за 12 місяців"


@pytest.fixture
def calls(monkeypatch):
    """The data functions the page read through components.data.cached, by name (in call order)."""
    seen: list[str] = []
    real = components.data._cached_call

    def recording(func_path, url, version, kwargs):
        seen.append(func_path.rsplit(".", 1)[1])
        return real(func_path, url, version, kwargs)

    monkeypatch.setattr(components.data, "_cached_call", recording)
    return seen


def _url_sections(at) -> list[str]:
    value = at.query_params.get("section") or []
    return [value] if isinstance(value, str) else list(value)


def _chart_titles(at) -> list[str]:
    return [(spec["layout"].get("title") or {}).get("text", "") for spec in chart_specs(at)]


def test_a_closed_section_reads_no_data_and_sends_nothing(open_page, calls):
    at = open_page(PARTNERS)
    assert not at.exception
    assert section_names(at) == ["top", "network", "partners", "activities", "did"]
    heads = [h.value for h in at.header]
    assert "Хто з ким працює" in heads and "Заходи: карта і список" in heads  # headings stay: the page's outline
    assert "partner_pairs" not in calls and "activity_list" not in calls and "place_based_activities" not in calls
    assert MATRIX_UK not in _chart_titles(at)
    assert len(chart_specs(at)) == 1  # the headline chart only
    assert not at.get("component_instance")  # the activity map is not sent
    assert not _url_sections(at)


def test_a_link_opens_its_section(open_page, calls):
    at = open_page(PARTNERS, params={"section": "network"})
    assert not at.exception
    assert "partner_pairs" in calls and "activity_list" not in calls
    assert MATRIX_UK in _chart_titles(at)
    assert at.toggle(key="section_network").value and not at.toggle(key="section_activities").value


def test_opening_a_section_writes_it_to_the_url_and_closing_removes_it(open_page, calls):
    at = open_page(PARTNERS)
    at.toggle(key="section_network").set_value(True).run()
    assert not at.exception
    assert MATRIX_UK in _chart_titles(at)
    assert _url_sections(at) == ["network"]
    at.toggle(key="section_activities").set_value(True).run()
    assert _url_sections(at) == ["network", "activities"]
    assert at.get("component_instance"), "the opened section's map is drawn"
    at.toggle(key="section_network").set_value(False).run()
    assert _url_sections(at) == ["activities"]
    assert MATRIX_UK not in _chart_titles(at)


def test_an_unknown_section_in_the_url_opens_nothing(open_page, calls):
    at = open_page(PARTNERS, params={"section": "nonsense,<b>"})
    assert not at.exception
    assert len(chart_specs(at)) == 1 and "partner_pairs" not in calls


def test_priority_cards_show_their_status_and_open_one_by_one(open_page):
    at = open_page("pages/safety-priorities.py")
    assert not at.exception
    assert "Освітлення вулиць у селах громади" in [h.value for h in at.header]
    assert not chart_specs(at) and not at.dataframe  # no indicator table or trend until opened
    names = section_names(at)
    assert names[:2] == ["priority-1", "priority-2"]
    at = open_page("pages/safety-priorities.py", params={"section": names[0]})
    assert chart_specs(at) and at.dataframe
    assert not at.toggle(key=f"section_{names[1]}").value


def test_requests_page_sends_its_map_only_when_opened(open_page, calls):
    at = open_page("pages/resident-requests.py", role="prosecutor")
    assert not at.exception and not at.get("component_instance")
    assert "deadline_list" not in calls and "topic_windows" not in calls
    at = open_page("pages/resident-requests.py", role="prosecutor", params={"section": "map"})
    assert at.get("component_instance")
