"""Demo community safety priorities with indicators and baselines."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import numpy as np
import pandas as pd

from data_access import schema
from data_access.demo.frame import Columns, Frame, Reference
from data_access.demo.hromadas import Place

# Priorities: (title_uk, title_en, [(kind, ref, direction)], activity kinds that serve it)
PRIORITIES = [
    ("Безпека на дорогах біля шкіл", "Road safety near schools",
     [("incident_category", "traffic", "decrease"), ("request_topic", "road_safety", "decrease"),
      ("survey_question", "safe_day", "increase")], ("school_lecture", "patrol", "safety_audit", "environment_improvement")),
    ("Протидія домашньому насильству", "Countering domestic violence",
     [("incident_category", "domestic_violence", "decrease"), ("request_topic", "domestic_violence", "decrease"),
      ("survey_question", "safe_home_night", "increase")], ("prevention_event", "training", "residents_meeting")),
    ("Освітлення вулиць у селах громади", "Street lighting in the villages",
     [("incident_category", "burglary", "decrease"), ("request_topic", "street_lighting", "decrease"),
      ("survey_question", "safe_dark", "increase")], ("lighting", "cctv", "safety_audit")),
    ("Протидія шахрайству щодо літніх людей", "Countering fraud against older people",
     [("incident_category", "fraud", "decrease"), ("survey_question", "aware_programme", "increase")],
     ("media_campaign", "reception_day", "residents_meeting")),
    ("Безпека від вибухонебезпечних предметів", "Safety from explosive objects",
     [("incident_category", "explosive_objects", "decrease"), ("request_topic", "explosive_objects", "decrease")],
     ("demining_awareness",)),
]
# How residents agreed each priority (issue 22: a priority for each source kind) and how many days
# before the priority's start: (agreed_via, days)
AGREED = {
    "Road safety near schools": ("meeting", 21),
    "Countering domestic violence": ("survey", 35),
    "Street lighting in the villages": ("requests", 14),
    "Countering fraud against older people": ("meeting", 28),
    "Safety from explosive objects": ("requests", 10),
}
# Survey indicators start from these shares (a question not listed: 0.5)
SURVEY_BASELINES = {"safe_day": 0.72, "safe_dark": 0.42, "safe_home_night": 0.62, "aware_programme": 0.15}


def _year_before(records: Columns, key: str, day: str, start: date) -> pd.Series:
    """How many of ``records`` had each value of ``key`` in the 365 days before ``start`` (dated by ``day``)."""
    d = np.asarray(records.column(day), dtype="datetime64[D]")
    values = pd.Series(records.column(key), dtype=object)
    return values[(d >= np.datetime64(start - timedelta(days=365))) & (d < np.datetime64(start))].value_counts()


def add_priorities(out, place: Place, ref: Reference, frame: Frame, incidents: Columns,
                   requests: Columns) -> tuple[list[int | None], dict[str, int]]:
    """Insert the PRIORITIES with indicators and baselines from the generated records; returns the
    priority ids (None where no indicator applies) and rows per table."""
    start = frame.start + timedelta(weeks=52) if len(frame.days) > 400 else frame.start
    end = date(start.year + 3, start.month, 1) - timedelta(days=1)
    cat_keys = set(ref.categories["key"])
    topic_keys = set(ref.topics["key"])
    q_codes = set(ref.questions["code"])
    incidents_before = _year_before(incidents, "category", "occurred_date", start)
    requests_before = _year_before(requests, "topic", "received_date", start)
    now = datetime.now(UTC).replace(tzinfo=None)
    ids: list[int | None] = []
    n_ind = 0
    for title_uk, title_en, indicators, _kinds in PRIORITIES:
        rows = []
        for kind, ref_key, direction in indicators:
            baseline = None
            if kind == "incident_category" and ref_key in cat_keys:
                baseline = float(incidents_before.get(ref_key, 0))
            elif kind == "request_topic" and ref_key in topic_keys:
                baseline = float(requests_before.get(ref_key, 0))
            elif kind == "survey_question" and ref_key in q_codes:
                baseline = SURVEY_BASELINES.get(ref_key, 0.5)
            else:
                continue
            if kind == "survey_question":
                target = round(min(1.0, baseline + 0.10), 2) if direction == "increase" else round(baseline - 0.1, 2)
            else:
                target = round(baseline * (0.8 if direction == "decrease" else 1.2))
            rows.append({"kind": kind, "ref": ref_key, "direction": direction, "baseline": baseline, "target": float(target)})
        if not rows:
            ids.append(None)
            continue
        pid = int(out.insert_returning_ids(schema.priority, [dict(
            hromada_id=place.hromada_id, title_uk=title_uk, title_en=title_en,
            description="Демонстраційний пріоритет, погоджений з мешканцями (демо-дані)",
            start_date=start, end_date=end, agreed_via=AGREED[title_en][0],
            agreed_on=start - timedelta(days=AGREED[title_en][1]), created_by="demo", created_at=now, updated_at=now, is_demo=True,
        )])[0])
        for r in rows:
            r["priority_id"] = pid
        n_ind += out.insert(schema.priority_indicator, rows)
        ids.append(pid)
    return ids, {"priority": sum(1 for i in ids if i is not None), "priority_indicator": n_ind}
