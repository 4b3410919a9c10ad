"""Demo partners and the joint activities they take part in."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from data_access import schema
from data_access.demo.frame import (
    DEMO,
    Columns,
    Frame,
    Reference,
    event_days,
    offset_points,
    weighted_choice,
)
from data_access.demo.hromadas import BUCHA_CODE, Place
from data_access.demo.priorities import PRIORITIES

BUCHA_PARTNERS = [  # (name_uk, name_en, kind)
    ("Бучанська окружна прокуратура", "Bucha District Prosecutor's Office", "prosecutor_office"),
    ("Київська обласна прокуратура", "Kyiv Regional Prosecutor's Office", "prosecutor_office"),
    ("Бучанське районне управління поліції ГУНП в Київській області", "Bucha District Police Department, Kyiv Oblast Police", "police"),
    ("Поліцейські офіцери громади Бучанської МТГ", "Community police officers of Bucha hromada", "community_police_officer"),
    ("Сектор ювенальної превенції Бучанського РУП", "Juvenile prevention unit, Bucha District Police", "juvenile_prevention"),
    ("Управління патрульної поліції в Київській області", "Patrol Police Department, Kyiv Oblast", "police"),
    ("Бучанська міська рада", "Bucha City Council", "local_government"),
    ("Управління освіти Бучанської міської ради", "Education Department, Bucha City Council", "local_government"),
    ("Відділ житлово-комунального господарства Бучанської міської ради", "Housing and Utilities Department, Bucha City Council", "local_government"),
    ("Відділ з питань надзвичайних ситуацій Бучанської міської ради", "Emergencies Department, Bucha City Council", "local_government"),
    ("Центр надання соціальних послуг Бучанської міської ради", "Social Services Centre, Bucha City Council", "social_services"),
    ("Служба у справах дітей та сім'ї Бучанської міської ради", "Children and Family Service, Bucha City Council", "children_service"),
    ("Бучанський ліцей № 3", "Bucha Lyceum No. 3", "school"),
    ("Бучанський ліцей № 4", "Bucha Lyceum No. 4", "school"),
    ("Ворзельська гімназія", "Vorzel Gymnasium", "school"),
    ("Бучанська центральна лікарня", "Bucha Central Hospital", "health"),
    ("Бучанське районне управління ГУ ДСНС у Київській області", "Bucha District Office, State Emergency Service", "emergency_service"),
    ("Бюро правничої допомоги (Буча)", "Legal aid bureau (Bucha)", "free_legal_aid"),
    ("Бучанський районний сектор з питань пробації", "Bucha District Probation Sector", "probation"),
    ("Ірпінський міський суд", "Irpin City Court", "court"),
    ("ГО «Безпечна громада Бучі» (демо)", "NGO Safe Bucha Community (demo)", "ngo"),
    ("Молодіжна рада Бучанської громади", "Bucha Youth Council", "ngo"),
    ("Місцеве інтернет-видання громади (демо)", "Local online news outlet (demo)", "media"),
    ("Об'єднання підприємців Бучі (демо)", "Bucha business association (demo)", "business"),
]
SYNTHETIC_PARTNERS = [
    ("Окружна прокуратура", "District Prosecutor's Office", "prosecutor_office"),
    ("Районне управління поліції", "District Police Department", "police"),
    ("Поліцейські офіцери громади", "Community police officers", "community_police_officer"),
    ("Ювенальна превенція", "Juvenile prevention unit", "juvenile_prevention"),
    ("Рада громади", "Hromada council", "local_government"),
    ("Управління освіти", "Education department", "local_government"),
    ("Центр надання соціальних послуг", "Social services centre", "social_services"),
    ("Служба у справах дітей", "Children's service", "children_service"),
    ("Ліцей № 1", "Lyceum No. 1", "school"),
    ("Гімназія № 2", "Gymnasium No. 2", "school"),
    ("Центральна лікарня", "Central hospital", "health"),
    ("Підрозділ ДСНС", "State Emergency Service unit", "emergency_service"),
    ("Бюро правничої допомоги", "Legal aid bureau", "free_legal_aid"),
    ("Сектор пробації", "Probation sector", "probation"),
    ("Місцевий суд", "Local court", "court"),
    ("Громадська організація «Безпечна громада»", "NGO Safe Community", "ngo"),
    ("Молодіжна рада", "Youth council", "ngo"),
    ("Місцеве видання", "Local media outlet", "media"),
    ("Об'єднання підприємців", "Business association", "business"),
    ("Ініціативна група мешканців", "Residents' initiative group", "residents_group"),
    ("Міжнародний донор (демо)", "International donor (demo)", "international_org"),
]


def add_partners(out, place: Place, ref: Reference, batch_id: int) -> tuple[list[int], list[str]]:
    """Insert the partners of one hromada (Bucha's real institutions, or generic ones); returns ids and kinds."""
    source = BUCHA_PARTNERS if place.code == BUCHA_CODE else [
        (f"{uk} ({place.name_uk})", f"{en} ({place.name_uk.replace('Демо-громада', 'Demo hromada')})", kind)
        for uk, en, kind in SYNTHETIC_PARTNERS]
    other = "other" if "other" in ref.partner_kinds else ref.partner_kinds[-1]
    rows = [{"source": DEMO, "external_id": f"demo-{place.number}-p{i:03d}", "import_batch_id": batch_id,
             "hromada_id": place.hromada_id, "name_uk": uk, "name_en": en,
             "kind": kind if kind in ref.partner_kinds else other, "active": True}
            for i, (uk, en, kind) in enumerate(source)]
    return out.insert_returning_ids(schema.partner, rows).tolist(), [r["kind"] for r in rows]


# Where an activity takes place (uk, en), by the kind of settlement
CITY_PLACES = [  # (uk, en)
    ("Ліцей № 1", "Lyceum No. 1"),
    ("Ліцей № 3", "Lyceum No. 3"),
    ("Ліцей № 4", "Lyceum No. 4"),
    ("Гімназія № 5", "Gymnasium No. 5"),
    ("Центральна площа", "Central square"),
    ("Залізнична станція", "Railway station"),
    ("Міський парк", "City park"),
    ("Будинок культури", "House of culture"),
    ("ЦНАП", "Administrative service centre"),
    ("Стадіон", "Stadium"),
    ("Міська бібліотека", "City library"),
    ("Дитячий майданчик у парку", "Playground in the park"),
]
VILLAGE_PLACES = [  # (uk, en)
    ("Старостинський округ", "Starosta district office"),
    ("Гімназія", "Gymnasium"),
    ("Будинок культури", "House of culture"),
    ("Центр села", "Village centre"),
    ("Бібліотека", "Library"),
    ("Зупинка транспорту", "Bus stop"),
]
# Activity titles (uk, en) by kind; a kind missing here is titled with its reference label
TITLES = {
    "meeting": ("Робоча зустріч партнерів з питань безпеки", "Partners' working meeting on safety"),
    "residents_meeting": ("Зустріч з мешканцями щодо безпеки", "Meeting with residents on safety"),
    "reception_day": ("Виїзний прийом громадян", "Mobile reception of residents"),
    "prevention_event": ("Профілактичний захід", "Prevention event"),
    "school_lecture": ("Лекція для учнів про безпеку", "Safety lecture for pupils"),
    "patrol": ("Спільне патрулювання", "Joint patrol"),
    "safety_audit": ("Обстеження небезпечного місця", "Inspection of an unsafe place"),
    "lighting": ("Встановлення вуличного освітлення", "Street lighting installed"),
    "cctv": ("Встановлення камер відеоспостереження", "CCTV cameras installed"),
    "environment_improvement": ("Облаштування безпечного простору", "Making a public space safer"),
    "demining_awareness": ("Заняття з мінної безпеки", "Mine safety class"),
    "training": ("Тренінг для фахівців", "Training for professionals"),
    "media_campaign": ("Інформаційна кампанія проти шахрайства", "Awareness campaign against fraud"),
    "survey": ("Опитування мешканців", "Residents' survey"),
    "other": ("Спільний захід", "Joint activity"),
}
# "Did it help?" as recorded when the two installations were planned (analytics.did.planned_choice):
# 500 m, 26 weeks before and after, the street offences without the detection-driven ones.
PLANNED_DID = {"did_radius_m": 500, "did_weeks": 26,
               "did_categories": "theft;burglary;robbery;vehicle_theft;property_damage;hooliganism"}
NO_PLAN = {"did_radius_m": None, "did_weeks": None, "did_categories": None}
KIND_WEIGHTS = {"meeting": 1.4, "residents_meeting": 1.0, "reception_day": 0.9, "prevention_event": 1.3,
                "school_lecture": 1.3, "patrol": 1.5, "safety_audit": 0.5, "lighting": 0.0, "cctv": 0.0,
                "environment_improvement": 0.3, "demining_awareness": 0.6, "training": 0.5, "media_campaign": 0.4,
                "survey": 0.05, "other": 0.3,
                # mine action is imported from the operators' reports, not simulated
                "non_technical_survey": 0.0, "technical_survey": 0.0, "hazard_marking": 0.0, "clearance": 0.0}


def add_activities(out, rng: np.random.Generator, place: Place, ref: Reference, frame: Frame, batch_id: int,
                   partner_ids: list[int], partner_kinds: list[str], priority_ids: list[int | None]) -> dict[str, int]:
    """Insert the activities of one hromada (with the lighting and CCTV installations) and their partners."""
    st = place.settlements
    pop = st["population"].to_numpy(float)
    ak = ref.activity_kinds
    kinds = ak["key"].tolist()
    place_based = dict(zip(ak["key"], ak["place_based"].str.lower() == "true", strict=True))
    labels = dict(zip(ak["key"], ak["label_uk"], strict=True))
    labels_en = dict(zip(ak["key"], ak["label_en"], strict=True))
    days = pd.DatetimeIndex(frame.days)
    dow_w = np.array([1.2, 1.2, 1.2, 1.2, 1.1, 0.4, 0.1])
    lam = max(0.5, 5.0 * place.population / 50000) / 7 * (dow_w / dow_w.mean())[days.day_of_week.to_numpy()]
    day_idx = event_days(rng, lam)
    n = len(day_idx)
    kw = np.array([KIND_WEIGHTS.get(k, 0.3) for k in kinds])
    kind = np.array(kinds, dtype=object)[weighted_choice(rng, kw, n)]
    settle = weighted_choice(rng, pop, n)
    kind_to_priority: dict[str, int] = {}
    for (_t, _e, _ind, pkinds), pid in zip(PRIORITIES, priority_ids, strict=True):
        for kk in pkinds:
            if pid is not None:
                kind_to_priority.setdefault(kk, pid)
    any_prio = [p for p in priority_ids if p is not None]
    dates = frame.days[day_idx]
    rows = []
    special = []
    # the two documented place-based installations
    if place.lighting_spot is not None and "lighting" in kinds:
        h = place.lighting_spot
        special.append(("lighting", frame.lighting_date, h.settlement, h.lat, h.lon,
                        f"Встановлення вуличного освітлення: {st.loc[h.settlement, 'name_uk']}",
                        f"Street lighting installed: {st.loc[h.settlement, 'name_en']}", h.label))
    if place.hotspots and "cctv" in kinds:
        h = place.hotspots[0]
        special.append(("cctv", frame.cctv_date, h.settlement, h.lat, h.lon,
                        f"Встановлення камер відеоспостереження: {h.label}",
                        f"CCTV cameras installed at a hot spot: {st.loc[h.settlement, 'name_en']}", h.label))
    # the settlements' columns by label, read once (a .loc per activity cost ~2 s per hromada)
    s_kind, s_lats, s_lons, s_uk, s_en = (dict(zip(st.index, st[c], strict=True))
                                          for c in ("kind", "lat", "lon", "name_uk", "name_en"))
    for j in range(n):
        s = int(settle[j])
        k = kind[j]
        city = s_kind[s] == "city"
        options = CITY_PLACES if city else VILLAGE_PLACES
        loc, loc_en = options[int(rng.integers(0, len(options)))]
        lat = lon = None
        s_lat, s_lon = float(s_lats[s]), float(s_lons[s])
        if (place_based.get(k, False) or rng.random() < 0.3) and not (math.isnan(s_lat) or math.isnan(s_lon)):
            la, lo = offset_points(rng, s_lat, s_lon, 600 if city else 300, 1)
            lat, lon = round(float(la[0]), 5), round(float(lo[0]), 5)
        pid = kind_to_priority.get(k)
        if pid is None and any_prio and rng.random() < 0.5:
            pid = any_prio[int(rng.integers(0, len(any_prio)))]
        kind_uk, kind_en = TITLES.get(k, (labels[k], labels_en[k]))
        title = f"{kind_uk}: {loc}" + ("" if city else f", {s_uk[s]}")
        title_en = f"{kind_en}: {loc_en}" + ("" if city else f", {s_en[s]}")
        rows.append((k, dates[j].astype(object), s, lat, lon, title, title_en, loc, pid))
    for k, d, s, la, lo, title, title_en, loc in special:
        rows.append((k, d, s, la, lo, title, title_en, loc, kind_to_priority.get(k)))
    rows.sort(key=lambda r: (r[1], r[5]))
    part_w = np.array([3.0 if pk in ("police", "community_police_officer", "prosecutor_office") else 1.0
                       for pk in partner_kinds])
    installed = {(k, d, la, lo) for k, d, _s, la, lo, *_rest in special}
    s_ids = dict(zip(st.index, st["id"], strict=True))
    participants = np.empty(len(rows), dtype=np.int64)
    for j, row in enumerate(rows):
        participants[j] = int(np.clip(rng.lognormal(math.log(25), 0.7), 3, 400))
        if row[0] in ("lighting", "cctv", "patrol", "safety_audit", "meeting"):
            participants[j] = int(rng.integers(3, 15))
    planned = [(k, d, la, lo) in installed for k, d, _s, la, lo, *_rest in rows]
    records = Columns({
        "source": DEMO, "external_id": [f"demo-{place.number}-a{j:06d}" for j in range(len(rows))],
        "import_batch_id": batch_id, "hromada_id": place.hromada_id, "date": [r[1] for r in rows],
        "kind": [r[0] for r in rows], "title_uk": [r[5] for r in rows], "title_en": [r[6] for r in rows],
        "settlement_id": [int(s_ids[r[2]]) for r in rows], "location": [r[7] for r in rows],
        "lat": [r[3] for r in rows], "lon": [r[4] for r in rows], "participants": participants,
        "priority_id": [r[8] for r in rows],
        **{c: [(PLANNED_DID if p else NO_PLAN)[c] for p in planned] for c in PLANNED_DID},
    }, len(rows))
    ids = out.insert_returning_ids(schema.activity, records)
    n_links = 0
    if partner_ids:
        m = len(partner_ids)
        n_p = rng.integers(1, min(4, m) + 1, len(ids))
        keys = rng.random((len(ids), m)) ** (1.0 / part_w)  # weighted sampling without replacement
        order = np.argsort(-keys, axis=1)
        chosen = order[np.arange(m)[None, :] < n_p[:, None]]  # each activity's first n_p partners, row by row
        n_links = out.insert(schema.activity_partner, Columns({
            "activity_id": np.repeat(ids, n_p), "partner_id": np.asarray(partner_ids, dtype=np.int64)[chosen]},
            len(chosen)))
    return {"activity": len(ids), "activity_partner": n_links}
