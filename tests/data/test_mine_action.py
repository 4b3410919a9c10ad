"""Mine action arrives as partner activities of place-based kinds (survey, marking, clearance), by key
or by its Ukrainian label, and is listed with its point for the partners page's map."""

from __future__ import annotations

from datetime import date, datetime

from data_access.importing.pipeline import import_file
from data_access.partners import activity_list
from domain.roles import Role
from tests.factories import BUCHA, ids

FILE = """external_id;date;kind;title_uk;settlement;lat;lon
MA-1;03.11.2026;Розмінування (очищення) території від вибухонебезпечних предметів;Очищення лісосмуги;Буча;50.55;30.21
MA-2;04.11.2026;non_technical_survey;Обстеження поля;Ворзель;50.54;30.15
MA-3;05.11.2026;hazard_marking;Позначення ділянки;Буча;;
"""


def test_mine_action_tasks_are_activities_with_their_points(engine):
    result = import_file(engine, role=Role.PROSECUTOR, kind="activities", content=FILE.encode("utf-8"),
                         file_name="mine_action.csv", source="operator", now=datetime(2026, 11, 20, 12))
    assert (result.imported, result.rejected) == (3, 0)
    acts = activity_list(engine, hromada_id=ids(engine)[BUCHA], start=date(2026, 11, 1), end=date(2026, 11, 30))
    by_id = acts.set_index("title_uk")
    assert by_id.loc["Очищення лісосмуги", "kind"] == "clearance"
    assert (by_id.loc["Очищення лісосмуги", "lat"], by_id.loc["Очищення лісосмуги", "lon"]) == (50.55, 30.21)
    assert by_id.loc["Обстеження поля", "kind"] == "non_technical_survey"
    # a task without a point is kept and counted, just not drawn
    assert by_id.loc["Позначення ділянки", "kind"] == "hazard_marking"
