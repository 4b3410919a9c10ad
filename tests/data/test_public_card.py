"""The residents' public report card is strictly public (issue 22, docs/privacy.md rule 10): no
value on it changes when any single request or incident in a small cell is added or removed —
only counts of 5 or more move —, and it shows no record, free text, place or point."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import delete, select

from data_access import schema
from data_access.incidents import hromada_by_code
from data_access.priorities import PriorityInput, create_priority
from data_access.records import new_batch
from display.kpis import direct_call
from display.public_card import public_card
from domain.priority_rules import IndicatorInput as Ind
from tests.factories import BUCHA, BUCHA_CITY, VORZEL, add_incidents, add_requests, at, ids

AS_OF = date(2026, 11, 23)  # a Monday: the reporting day
IN_QUARTER = date(2026, 8, 12)  # inside the last full quarter (29.06.2026–27.09.2026)
IN_WINDOW = date(2026, 11, 4)  # inside the last 13 weeks (24.08.2026–22.11.2026), after the quarter
SECRET = "Іваненко, вул. Таємна 5"


@pytest.fixture
def setting(engine):
    """A hromada with a priority (a theft indicator with 2 cases in its 13 weeks, a street lighting
    indicator with 6), request topics of the quarter with 7 (listed), 2 and 1 (not named) requests,
    a public event and a patrol on the priority."""
    k = ids(engine)
    create_priority(engine, role="prosecutor", username="p", hromada_id=k[BUCHA], data=PriorityInput(
        title_uk="Освітлення вулиць", title_en="Street lighting", start=date(2026, 1, 1), end=date(2027, 12, 31),
        agreed_via="requests", agreed_on=date(2025, 12, 10),
        indicators=(Ind("incident_category", "theft", "decrease", 20, 10),
                    Ind("request_topic", "street_lighting", "decrease", 40, 20))))
    add_requests(engine, [{"received_at": at(IN_QUARTER), "topic": "utilities_housing"} for _ in range(7)]
                 + [{"received_at": at(IN_QUARTER), "topic": "stray_animals", "settlement": VORZEL} for _ in range(2)]
                 + [{"received_at": at(IN_QUARTER), "topic": "fraud"}]
                 + [{"received_at": at(IN_WINDOW), "topic": "street_lighting"} for _ in range(6)])
    add_incidents(engine, [{"occurred_at": at(IN_WINDOW), "category": "theft", "settlement": VORZEL,
                            "lat": 50.538, "lon": 30.143, "description": SECRET} for _ in range(2)])
    with engine.begin() as conn:
        batch = new_batch(conn, kind="activities", source="test")
        pid = conn.execute(select(schema.priority.c.id)).scalar_one()
        for n, kind in enumerate(("lighting", "patrol")):
            conn.execute(schema.activity.insert().values(
                source="test", external_id=f"a{n}", import_batch_id=batch, hromada_id=k[BUCHA], date=IN_WINDOW,
                kind=kind, title_uk=SECRET, location=SECRET, lat=50.5381, lon=30.1432, settlement_id=k[VORZEL],
                participants=12, priority_id=pid))
    return engine


def _texts(engine, lang: str = "uk") -> list[str]:
    card = public_card(direct_call(engine), hromada=hromada_by_code(engine, code=BUCHA), lang=lang, as_of=AS_OF)
    return card.texts()


def _delete_one(engine, table, **match) -> None:
    with engine.begin() as conn:
        one = conn.execute(select(table.c.id).where(*(table.c[k] == v for k, v in match.items()))
                           .order_by(table.c.id).limit(1)).scalar_one()
        conn.execute(delete(table).where(table.c.id == one))


def test_the_card_shows_what_it_may(setting):
    texts = _texts(setting)
    joined = " | ".join(texts)
    assert "Житлово-комунальні питання" in texts and "7" in texts  # a topic with 7 requests, its count
    for hidden in ("Безпритульні тварини", "Шахрайство"):  # 2 and 1 requests: not named at all
        assert hidden not in joined
    assert "менше 5 випадків за останні 13 тижнів" in joined  # theft: 2 cases, too few to judge
    assert "зараз близько 24 на рік" in joined  # street lighting: 6 requests in 13 weeks × 52 / 13
    assert "Погоджено 10 грудня 2025" in joined and "за зверненнями мешканців" in joined
    assert "Встановлення освітлення — 1" in joined  # a public event, by kind and month
    assert "патрулювання" not in joined.lower()  # a patrol is not a public event
    assert SECRET not in joined and "Таємна" not in joined  # no free text, no place typed in a record
    assert not any("50.53" in t or "30.14" in t or "50,53" in t for t in texts)  # no coordinates


SMALL_CELL_CHANGES = {
    "request in a topic of 2": lambda e: add_requests(e, [{"received_at": at(IN_QUARTER), "topic": "stray_animals",
                                                            "settlement": VORZEL}]),
    "request in a new topic": lambda e: add_requests(e, [{"received_at": at(IN_QUARTER), "topic": "drugs",
                                                           "settlement": VORZEL}]),
    "request in the topic of 1 removed": lambda e: _delete_one(e, schema.resident_request, topic="fraud"),
    "theft in the priority's 13 weeks": lambda e: add_incidents(e, [{"occurred_at": at(IN_WINDOW), "category": "theft",
                                                                     "settlement": BUCHA_CITY}]),
    "theft in the priority's 13 weeks removed": lambda e: _delete_one(e, schema.incident, category="theft"),
    "an offence of another category": lambda e: add_incidents(e, [{"occurred_at": at(IN_WINDOW - timedelta(days=1)),
                                                                   "category": "fraud", "settlement": VORZEL}]),
    "a request outside every published period": lambda e: add_requests(e, [{"received_at": at(AS_OF),
                                                                            "topic": "street_lighting"}]),
}


@pytest.mark.parametrize("change", list(SMALL_CELL_CHANGES))
def test_one_record_in_a_small_cell_changes_nothing(setting, change):
    before = {lang: _texts(setting, lang) for lang in ("uk", "en")}
    SMALL_CELL_CHANGES[change](setting)
    assert {lang: _texts(setting, lang) for lang in ("uk", "en")} == before


def test_counts_of_five_or_more_do_move(setting):
    """The comparison above can fail: one more request in the listed topic changes its count."""
    before = _texts(setting)
    add_requests(setting, [{"received_at": at(IN_QUARTER), "topic": "utilities_housing"}])
    after = _texts(setting)
    assert after != before and "8" in after


def test_the_card_reads_only_aggregates(setting):
    """Every data function the card calls returns aggregates: none takes a role (the record
    functions do, and refuse everybody but the prosecutor)."""
    import inspect

    called = []

    def call(func, /, **kwargs):
        called.append(func)
        return func(setting, **kwargs)

    public_card(call, hromada=hromada_by_code(setting, code=BUCHA), lang="uk", as_of=AS_OF)
    assert called
    assert all("role" not in inspect.signature(f).parameters for f in called), [f.__name__ for f in called]
    assert all(f.__module__.startswith("data_access.") for f in called)
