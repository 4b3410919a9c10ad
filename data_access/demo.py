"""Deterministic, realistic demo data (``python -m data_access seed-demo``), always labelled as demo.

Every generated row belongs to one ``import_batch`` with ``kind = source = "demo"`` and
``is_demo = True``; priorities carry ``is_demo = True``. Re-seeding deletes the previous demo
rows (in foreign-key order) and never touches other rows. The same ``seed`` and ``today`` give
the same data; each hromada draws from its own random stream (``[seed, hromada number, part]``),
so hromada 1 is identical at ``--scale 1`` and ``--scale 70``.

Span: from the Monday of the ISO week ``weeks`` (default 156) weeks before the week of ``today``
through yesterday (Europe/Kyiv). Hromada 1 is the real hromada from ``assets/hromadas`` (Bucha);
hromadas 2..N are synthetic (``DEMO-0002`` "Демо-громада 2", 5–15 settlements, 5k–150k people,
somewhere in Ukraine's bounding box). Settlements without a population count as 500 people.

What the data shows (tests and humans may rely on it):

* Volume: ~100 registered criminal offences per 10,000 residents a year plus ~75 administrative
  offences (domestic violence 173-2, petty hooliganism 173/178, drunk driving 130, petty theft 51,
  traffic 124, ...), i.e. ≈ 3.4 incidents per 10,000 residents a week in total. Theft is the
  largest category; most thefts are art. 185 part 4 (martial law). Settlements get incidents in
  proportion to population (± a fixed 20 % per-settlement variation).
* Seasonality: theft, burglary, vehicle theft, damage, hooliganism and public-order offences peak
  in July (±25 %); domestic violence rises ×1.6 around public holidays (New Year, Christmas,
  8 March, Easter, Independence Day) and on weekends; drunk driving on weekend nights; traffic at
  rush hours (7–9, 17–19); most street offences in the evening; fraud in office hours.
* Reporting delay: ~72 % reported within hours, ~20 % within a week, ~8 % weeks later
  (fraud is reported later more often).
* Hot spots (Bucha): ~30 % of street offences (theft, robbery, hooliganism, public order, drugs,
  damage, vehicle theft) in the city of Bucha fall within ~250 m (σ = 110 m) of
  1. Bucha railway station, 50.54889 N 30.22139 E (Wikipedia coordinates of «Станція Буча»);
  2. the city-centre shopping area, 50.5530 N 30.2135 E (illustrative point);
  3. the city park, 50.5455 N 30.2040 E (illustrative point);
  and 4. unlit streets in Vorzel, 50.5410 N 30.1490 E (illustrative point, σ = 200 m) — see the
  lighting change below. Synthetic hromadas get three hot spots 0.5–1.5 km from their largest
  settlement. ~12 % of incidents have no coordinates (70 % of fraud, half of corruption, 5 % of the
  rest). Other points scatter around the settlement centre (σ 0.4–1.3 km by size). Incidents
  and activities in a settlement whose coordinates the assets do not give have no point at all
  (no village is placed where it is not known to be), so the overall share without coordinates
  is higher while assets lack village coordinates.
* Trend change 1 — fraud: +40 % from ``FRAUD_RISE`` = the first day of the month 10 months
  before ``today`` (a three-week ramp), on top of a slow +8 %/year growth.
* Trend change 2 — lighting: in Vorzel (synthetic hromadas: the second largest settlement)
  evening and night (19:00–02:59) theft, burglary, robbery, property damage and hooliganism run
  at 2.5× the hromada rate until street lighting is installed (a ``lighting`` activity at the
  Vorzel hot spot, dated ``LIGHTING_DATE`` = the Monday 60 weeks before the current week, tied
  to the lighting priority), then at 1.0× (≈ −60 %). Before that date residents of Vorzel
  write repeatedly about street lighting (the topic+settlement cluster the request page shows).
  CCTV installed at Bucha railway station 40 weeks before the current week has NO effect — the
  honest "did it help? no clear change" example.
* War: explosive objects found decline from ~10 towards a floor of ~4 per 10,000 a year (spring peak);
  occupation crimes (art. 438, recorded at registration time) decline from ~5 to ~1 per 10,000
  a year; looting and collaboration are rare.
* Requests: ~150 per 10,000 residents a year (Bucha ≈ 14 a week), 92 % answered on time,
  ~8 % late, ~6 % of those received in the last 120 days still open after their due date,
  12 % forwarded to a partner, 4 % extended (≤ 45 days), 5 % collective, recurring
  topic+settlement clusters within 60 days.
* Survey: a wave every 26 weeks (six over three years), 420–680 respondents in Bucha, weights
  0.4–2.5 (mean 1) correcting an older, more female sample; 5–12 % "don't know"; trust in police
  and feeling safe rise modestly each wave, trust in courts stays low, awareness of the programme
  rises from ~15 % to ~45 %; feeling safe after dark in Vorzel rises after the lighting.
* Partners: 24 institutions for Bucha (institutional names only); priorities: five, with
  indicators; activities: ~5 a week per 50,000 residents with 1–4 partners each.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pandas as pd
from sqlalchemy import Engine, and_, delete, exists, func, select, update

from data_access import reference, schema
from data_access.db_setup import refresh_statistics
from domain.dates import KYIV, week_start
from domain.geo import CELL_LAT_DEG, CELL_LON_DEG
from domain.legal_terms import ALLOWED_TERMS, MAX_DAYS

DEMO = "demo"
CHUNK = 5000
DEFAULT_WEEKS = 156
MISSING_POPULATION = 500
SYNTHETIC_PREFIX = "DEMO-"
KM_PER_DEG_LAT = 111.32

# Annual incidents per 10,000 residents by category key (keys missing from
# incident_categories.csv are ignored; categories missing here get a small default rate).
CATEGORY_RATES = {
    "theft": 42.0, "burglary": 8.0, "robbery": 3.0, "fraud": 22.0, "vehicle_theft": 2.5,
    "domestic_violence": 28.0, "bodily_harm": 6.0, "homicide": 0.4, "hooliganism": 5.0,
    "public_order": 16.0, "drugs": 7.0, "traffic": 10.0, "drunk_driving": 18.0,
    "property_damage": 5.0, "weapons": 2.0, "corruption": 1.0, "child_welfare": 5.0,
    "looting": 0.3, "collaboration": 0.4,
}
NO_OFFENCE_SEVERITIES = ("not_offence", "not_an_offence", "no_offence", "none")
DEFAULT_RATE = {"community": 1.5, "war": 0.3}
SUMMER_PEAK = {"theft", "burglary", "vehicle_theft", "property_damage", "hooliganism", "public_order", "drunk_driving"}
STREET = {"theft", "robbery", "hooliganism", "public_order", "drugs", "property_damage", "vehicle_theft"}
LIGHTING_AFFECTED = ("theft", "burglary", "robbery", "property_damage", "hooliganism")
WEEKEND_FACTOR = {"domestic_violence": 1.35, "drunk_driving": 1.6, "hooliganism": 1.3, "public_order": 1.35,
                  "fraud": 0.7, "corruption": 0.4, "traffic": 0.9, "explosive_objects": 0.8}
NO_POINT_SHARE = {"fraud": 0.7, "corruption": 0.5, "collaboration": 0.6, "occupation_crimes": 0.3}
MINORS_SHARE = {"theft": 0.04, "hooliganism": 0.08, "public_order": 0.05, "drugs": 0.05, "bodily_harm": 0.06,
                "domestic_violence": 0.15, "traffic": 0.03, "child_welfare": 1.0, "property_damage": 0.06,
                "robbery": 0.05}
# Relative weights of legal articles within a category (by code), else by severity.
ARTICLE_WEIGHTS = {
    "KK-185-4": 60, "KK-185": 14, "KK-185-2": 10, "KUpAP-51": 14, "KK-185-5": 1,
    "KK-186-4": 55, "KK-186": 30, "KK-187": 15,
    "KK-190-4": 55, "KK-190": 45,
    "KK-126-1": 12, "KUpAP-173-2": 88,
    "KK-125": 70, "KK-122": 22, "KK-121": 8,
    "KUpAP-173": 55, "KUpAP-178": 44, "KUpAP-185-3": 1,
    "KUpAP-44": 55, "KK-309": 35, "KK-307": 10,
    "KUpAP-124": 85, "KK-286": 15,
    "KUpAP-130": 93, "KK-286-1": 7,
    "KUpAP-172-7": 60,
}
SEVERITY_WEIGHTS = {"administrative": 6.0, "criminal_misdemeanour": 3.0, "minor": 3.0, "grave": 1.5,
                    "especially_grave": 0.3}
HOUR_PROFILES = {
    "day": [1, 0.6, 0.4, 0.3, 0.3, 0.5, 1, 2, 3, 4, 5, 5.5, 6, 6, 6, 6, 6.5, 7, 7, 6, 5, 4, 3, 2],
    "evening": [3, 2, 1.2, 0.8, 0.5, 0.4, 0.6, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4, 4.5, 5, 6, 7.5, 8.5, 8.5, 7.5, 6, 4.5],
    "night": [6, 5, 3.5, 2, 1, 0.5, 0.5, 0.6, 0.8, 1, 1.2, 1.5, 1.8, 2, 2.2, 2.5, 3, 3.5, 4.5, 6, 7.5, 8.5, 8.5, 7.5],
    "rush": [0.5, 0.3, 0.2, 0.2, 0.3, 1, 3, 7, 8, 5, 4, 4, 4.5, 4.5, 4.5, 5, 6.5, 8, 8, 6, 4, 3, 2, 1],
    "office": [0.3, 0.2, 0.1, 0.1, 0.1, 0.2, 0.5, 1.5, 4, 6, 7, 7, 6, 6.5, 7, 6.5, 6, 5, 3.5, 2.5, 2, 1.5, 1, 0.5],
    "home": [3, 2, 1.5, 1, 0.7, 0.5, 0.6, 1, 1.5, 2, 2.5, 3, 3.5, 3.5, 4, 4.5, 5, 6, 7.5, 8.5, 9, 8.5, 7, 5],
}
HOUR_PROFILE_OF = {"theft": "day", "burglary": "day", "robbery": "evening", "fraud": "office", "vehicle_theft": "night",
                   "domestic_violence": "home", "bodily_harm": "evening", "homicide": "evening",
                   "hooliganism": "evening", "public_order": "evening", "drugs": "evening", "traffic": "rush",
                   "drunk_driving": "night", "property_damage": "night", "corruption": "office",
                   "child_welfare": "day", "explosive_objects": "office", "occupation_crimes": "office",
                   "collaboration": "office"}
DESCRIPTIONS = {
    "theft": ["Крадіжка велосипеда з під'їзду", "Крадіжка мобільного телефону в громадському місці",
              "Крадіжка гаманця в магазині", "Крадіжка майна з автомобіля", "Крадіжка з присадибної ділянки",
              "Крадіжка товару з магазину", "Крадіжка будівельних матеріалів", "Крадіжка кабелю"],
    "burglary": ["Крадіжка з проникненням у квартиру", "Крадіжка з проникненням у приватний будинок",
                 "Крадіжка з проникненням у гараж", "Крадіжка з проникненням у господарську споруду"],
    "robbery": ["Відкрите заволодіння мобільним телефоном на вулиці", "Грабіж сумки біля зупинки транспорту",
                "Заволодіння майном із застосуванням насильства"],
    "fraud": ["Шахрайство телефоном: «родич потрапив у ДТП»", "Шахрайство під час онлайн-купівлі",
              "Виманювання даних банківської картки телефоном", "Шахрайство з «виплатою допомоги» через месенджер",
              "Шахрайство з продажем неіснуючого товару в інтернеті"],
    "vehicle_theft": ["Незаконне заволодіння автомобілем", "Незаконне заволодіння мотоциклом"],
    "domestic_violence": ["Психологічне насильство в сім'ї", "Фізичне насильство в сім'ї",
                          "Домашнє насильство щодо колишнього партнера", "Повторне домашнє насильство",
                          "Економічне насильство в сім'ї"],
    "bodily_harm": ["Тілесні ушкодження під час конфлікту на вулиці", "Бійка біля закладу харчування",
                    "Тілесні ушкодження під час сварки сусідів"],
    "homicide": ["Умисне вбивство під час конфлікту"],
    "hooliganism": ["Хуліганські дії в громадському транспорті", "Хуліганство з пошкодженням майна",
                    "Хуліганські дії біля закладу освіти"],
    "public_order": ["Розпивання алкогольних напоїв у громадському місці", "Дрібне хуліганство у дворі",
                     "Порушення тиші в нічний час", "Поява в громадському місці в стані сп'яніння"],
    "drugs": ["Зберігання наркотичних засобів без мети збуту", "Виявлення посіву конопель",
              "Збут психотропних речовин"],
    "traffic": ["ДТП з пошкодженням транспортних засобів", "ДТП з травмованим пішоходом",
                "Наїзд на велосипедиста", "ДТП на перехресті"],
    "drunk_driving": ["Керування автомобілем у стані алкогольного сп'яніння",
                      "Відмова від огляду на стан сп'яніння"],
    "property_damage": ["Пошкодження автомобіля", "Пошкодження вуличного освітлення",
                        "Пошкодження дитячого майданчика", "Підпал сміттєвого контейнера"],
    "weapons": ["Незаконне зберігання боєприпасів", "Незаконне зберігання вогнепальної зброї"],
    "corruption": ["Порушення вимог щодо конфлікту інтересів", "Пропозиція неправомірної вигоди"],
    "child_welfare": ["Неналежне виконання батьківських обов'язків", "Перебування дитини без нагляду"],
    "occupation_crimes": ["Зареєстровано злочин, вчинений під час окупації 2022 року",
                          "Зареєстровано факт пошкодження цивільного майна під час окупації"],
    "explosive_objects": ["Виявлено снаряд на присадибній ділянці", "Виявлено вибухонебезпечний предмет у лісі",
                          "Виявлено міну під час польових робіт", "Виявлено боєприпас під час будівельних робіт"],
    "looting": ["Мародерство"],
    "collaboration": ["Колабораційна діяльність під час окупації"],
}

BUCHA_CODE = "UA32080070000050759"
BUCHA_CITY = "UA32080070010087821"
VORZEL = "UA32080070030073716"
BUCHA_HOTSPOTS = [  # (settlement code, lat, lon, weight, sigma_m, label)
    (BUCHA_CITY, 50.54889, 30.22139, 0.40, 110, "Залізнична станція Буча"),
    (BUCHA_CITY, 50.5530, 30.2135, 0.35, 110, "Торговельний район у центрі міста"),
    (BUCHA_CITY, 50.5455, 30.2040, 0.25, 110, "Міський парк"),
]
BUCHA_LIGHTING_SPOT = (VORZEL, 50.5410, 30.1490, 1.0, 200, "Неосвітлені вулиці, Ворзель")

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


# ----------------------------------------------------------------------------------------------
# small helpers


def _today_kyiv() -> date:
    return datetime.now(KYIV).date()


def _chunks(rows: list[dict], size: int = CHUNK):
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


def _insert(conn, table, rows: list[dict]) -> int:
    """Insert rows in chunks; on PostgreSQL through COPY (same transaction), which is several
    times faster than executemany for the millions of rows of a national-scale demo."""
    if not rows:
        return 0
    if conn.dialect.name == "postgresql" and conn.dialect.driver == "psycopg":
        cols = list(rows[0].keys())
        names = ", ".join(f'"{c}"' for c in cols)
        with conn.connection.driver_connection.cursor() as cur:
            with cur.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:  # table/column names, no values
                for row in rows:
                    copy.write_row([row[c] for c in cols])
        return len(rows)
    for part in _chunks(rows):
        conn.execute(table.insert(), part)
    return len(rows)


def _insert_returning_ids(conn, table, rows: list[dict]) -> list[int]:
    ids: list[int] = []
    stmt = table.insert().returning(table.c.id, sort_by_parameter_order=True)
    for part in _chunks(rows):
        ids.extend(conn.execute(stmt, part).scalars().all())
    return ids


def _records(columns: dict[str, object], n: int) -> list[dict]:
    """Column arrays (or scalars) -> list of row dicts with plain Python values (NaN/NaT -> None)."""
    names, values = [], []
    for name, col in columns.items():
        names.append(name)
        if isinstance(col, np.ndarray):
            if col.dtype.kind == "f":
                obj = col.astype(object)
                obj[np.isnan(col)] = None
                values.append(obj.tolist())
            elif col.dtype.kind == "M":
                values.append(col.astype(object).tolist())  # datetime64 -> date/datetime, NaT -> None
            else:
                values.append(col.tolist())
        elif isinstance(col, list):
            values.append(col)
        else:
            values.append([col] * n)
    return [dict(zip(names, row, strict=True)) for row in zip(*values, strict=True)]


def _choice_cum(rng: np.random.Generator, probs: np.ndarray) -> np.ndarray:
    """Row-wise categorical draw from a (n, k) probability matrix."""
    cum = np.cumsum(probs / probs.sum(axis=1, keepdims=True), axis=1)
    u = rng.random(len(probs))
    return np.minimum((u[:, None] > cum).sum(axis=1), probs.shape[1] - 1)


def _local_to_utc(local: np.ndarray) -> np.ndarray:
    """Naive Kyiv datetime64 -> naive UTC datetime64[us] (DST gaps shifted forward)."""
    idx = pd.DatetimeIndex(local).tz_localize(KYIV, ambiguous=np.zeros(len(local), dtype=bool),
                                               nonexistent="shift_forward")
    return idx.tz_convert("UTC").tz_localize(None).to_numpy().astype("datetime64[us]")


def _utc_to_local_fields(utc: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Naive UTC -> (Kyiv date as datetime64[D], hour, ISO weekday) — as geo.calendar_fields."""
    local = pd.DatetimeIndex(utc).tz_localize("UTC").tz_convert(KYIV).tz_localize(None)
    d = local.to_numpy().astype("datetime64[D]")
    return d, local.hour.to_numpy(), local.day_of_week.to_numpy() + 1


def _monday(days: np.ndarray) -> np.ndarray:
    """datetime64[D] -> Monday of the ISO week."""
    dow = (days.astype("int64") + 3) % 7  # 1970-01-01 was a Thursday -> 3
    return days - dow.astype("timedelta64[D]")


def _offset_points(rng, lat, lon, sigma_m, n):
    lat = np.asarray(lat, dtype=float)
    sigma_m = np.asarray(sigma_m, dtype=float)
    dlat = rng.normal(0.0, 1.0, n) * sigma_m / 1000 / KM_PER_DEG_LAT
    dlon = rng.normal(0.0, 1.0, n) * sigma_m / 1000 / (KM_PER_DEG_LAT * np.cos(np.radians(lat)))
    return lat + dlat, np.asarray(lon, dtype=float) + dlon


def _cells(lat: np.ndarray, lon: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    ok = ~np.isnan(lat)
    row = np.full(len(lat), None, dtype=object)
    col = np.full(len(lat), None, dtype=object)
    row[ok] = np.floor(lat[ok] / CELL_LAT_DEG).astype(np.int64).tolist()
    col[ok] = np.floor(lon[ok] / CELL_LON_DEG).astype(np.int64).tolist()
    return row, col


def _easter(year: int) -> date:
    """Orthodox Easter (Julian computus, Gregorian date)."""
    a, b, c = year % 4, year % 7, year % 19
    d = (19 * c + 15) % 30
    e = (2 * a + 4 * b - d + 34) % 7
    month, day = divmod(d + e + 114, 31)
    return date(year, month, day + 1) + timedelta(days=13)


def _holiday_factor(days: pd.DatetimeIndex) -> np.ndarray:
    factor = np.ones(len(days))
    years = sorted(set(days.year))
    holidays = []
    for y in years:
        holidays += [date(y, 1, 1), date(y, 12, 25), date(y, 12, 31), date(y, 3, 8), date(y, 8, 24), _easter(y)]
    hol = np.array(holidays, dtype="datetime64[D]")
    d = days.to_numpy().astype("datetime64[D]")
    dist = np.abs((d[:, None] - hol[None, :]).astype(int)).min(axis=1)
    factor[dist <= 2] = 1.6
    return factor


def _first_of_month_back(today: date, months: int) -> date:
    y, m = today.year, today.month - months
    while m <= 0:
        m += 12
        y -= 1
    return date(y, m, 1)


def _pick_key(candidates: tuple[str, ...], available: list[str]) -> str | None:
    for c in candidates:
        if c in available:
            return c
    return None


# ----------------------------------------------------------------------------------------------
# reference data and places


@dataclass
class Reference:
    categories: pd.DataFrame
    articles: pd.DataFrame
    severities: list[str]
    incident_statuses: list[str]
    channels: list[str]
    request_types: list[str]
    topics: pd.DataFrame
    request_statuses: list[str]
    partner_kinds: list[str]
    activity_kinds: pd.DataFrame
    age_groups: list[str]
    genders: list[str]
    questions: pd.DataFrame  # from the database: id, code, theme, institution, scale_min, scale_max, positive_min


def _load_reference(conn) -> Reference:
    q = pd.DataFrame(conn.execute(select(
        schema.survey_question.c.id, schema.survey_question.c.code, schema.survey_question.c.theme,
        schema.survey_question.c.institution, schema.survey_question.c.scale_min,
        schema.survey_question.c.scale_max, schema.survey_question.c.positive_min,
    ).order_by(schema.survey_question.c.id)).mappings().all(),
        columns=["id", "code", "theme", "institution", "scale_min", "scale_max", "positive_min"])
    return Reference(
        categories=reference.reference_table("incident_categories"),
        articles=reference.reference_table("legal_articles"),
        severities=reference.keys("severity"),
        incident_statuses=reference.keys("incident_statuses"),
        channels=reference.keys("request_channels"),
        request_types=reference.keys("request_types"),
        topics=reference.reference_table("request_topics"),
        request_statuses=reference.keys("request_statuses"),
        partner_kinds=reference.keys("partner_kinds"),
        activity_kinds=reference.reference_table("activity_kinds"),
        age_groups=reference.keys("age_groups"),
        genders=reference.keys("genders"),
        questions=q,
    )


@dataclass
class Hotspot:
    settlement: int  # index into Place.settlements
    lat: float
    lon: float
    weight: float
    sigma_m: float
    label: str


@dataclass
class Place:
    number: int  # 1 = the real hromada
    hromada_id: int
    code: str
    name_uk: str
    settlements: pd.DataFrame  # id, code, name_uk, name_en, kind, population, lat, lon (largest first)
    hotspots: list[Hotspot] = field(default_factory=list)
    lighting_spot: Hotspot | None = None
    lighting_settlement: int | None = None

    @property
    def population(self) -> int:
        return int(self.settlements["population"].sum())


def _real_hromada_codes() -> list[str]:
    return [p.name for p in reference.hromada_dirs()]


def _place_from_db(conn, number: int, code: str, rng: np.random.Generator) -> Place | None:
    h = conn.execute(select(schema.hromada).where(schema.hromada.c.code == code)).mappings().first()
    if h is None:
        return None
    st = pd.DataFrame(conn.execute(select(
        schema.settlement.c.id, schema.settlement.c.code, schema.settlement.c.name_uk, schema.settlement.c.name_en,
        schema.settlement.c.kind, schema.settlement.c.population, schema.settlement.c.lat, schema.settlement.c.lon,
    ).where(schema.settlement.c.hromada_id == h["id"]).order_by(schema.settlement.c.code)).mappings().all(),
        columns=["id", "code", "name_uk", "name_en", "kind", "population", "lat", "lon"])
    if st.empty:
        return None
    st["population"] = st["population"].fillna(MISSING_POPULATION).astype(int)
    st["lat"] = pd.to_numeric(st["lat"], errors="coerce").astype(float)  # NaN: position not known
    st["lon"] = pd.to_numeric(st["lon"], errors="coerce").astype(float)
    st = st.sort_values(["population", "code"], ascending=[False, True], kind="stable").reset_index(drop=True)
    place = Place(number, int(h["id"]), code, h["name_uk"], st)
    _add_hotspots(place, rng)
    return place


def _add_hotspots(place: Place, rng: np.random.Generator) -> None:
    st = place.settlements
    pos = {c: i for i, c in enumerate(st["code"])}
    if place.code == BUCHA_CODE and BUCHA_CITY in pos:
        place.hotspots = [Hotspot(pos[c], la, lo, w, s, lab) for c, la, lo, w, s, lab in BUCHA_HOTSPOTS]
        if VORZEL in pos:
            c, la, lo, w, s, lab = BUCHA_LIGHTING_SPOT
            place.lighting_settlement = pos[c]
            place.lighting_spot = Hotspot(pos[c], la, lo, w, s, lab)
    else:
        lat0, lon0 = float(st.loc[0, "lat"]), float(st.loc[0, "lon"])
        labels = ["Залізнична станція", "Ринок", "Парк"]
        for i, w in enumerate((0.4, 0.35, 0.25)):
            r_km, ang = rng.uniform(0.5, 1.5), rng.uniform(0, 2 * math.pi)
            la = lat0 + r_km * math.sin(ang) / KM_PER_DEG_LAT
            lo = lon0 + r_km * math.cos(ang) / (KM_PER_DEG_LAT * math.cos(math.radians(lat0)))
            place.hotspots.append(Hotspot(0, round(la, 5), round(lo, 5), w, 110, labels[i]))
    if place.lighting_settlement is None and len(st) > 1:
        i = 1
        la, lo = float(st.loc[i, "lat"]) + 0.003, float(st.loc[i, "lon"]) + 0.004
        place.lighting_settlement = i
        place.lighting_spot = Hotspot(i, round(la, 5), round(lo, 5), 1.0, 200, f"Неосвітлені вулиці, {st.loc[i, 'name_uk']}")


def _synthetic_place(conn, number: int, rng: np.random.Generator, today: date) -> Place:
    code = f"{SYNTHETIC_PREFIX}{number:04d}"
    total = int(round(math.exp(rng.uniform(math.log(5000), math.log(150000)))))
    n_set = int(rng.integers(5, 16))
    shares = rng.dirichlet(np.full(n_set - 1, 1.5)) * rng.uniform(0.3, 0.6)
    shares = np.concatenate([[1 - shares.sum()], shares])
    pops = np.maximum(np.round(shares * total).astype(int), 80)
    lat0, lon0 = rng.uniform(45.5, 52.0), rng.uniform(23.0, 40.0)
    hrow = {"code": code, "name_uk": f"Демо-громада {number}", "name_en": f"Demo hromada {number}",
            "raion_uk": "Демо-район", "raion_en": "Demo raion", "oblast_uk": "Демо-область", "oblast_en": "Demo oblast",
            "population": int(pops.sum()), "population_date": today, "population_includes_idp": False,
            "population_source": "demo: synthetic", "center_lat": round(lat0, 5), "center_lon": round(lon0, 5)}
    hid = conn.execute(select(schema.hromada.c.id).where(schema.hromada.c.code == code)).scalar()
    if hid is None:
        hid = conn.execute(schema.hromada.insert().values(**hrow)).inserted_primary_key[0]
    else:
        conn.execute(schema.hromada.update().where(schema.hromada.c.id == hid).values(**hrow))
    main_kind = "city" if pops[0] >= 10000 else "settlement"
    rows = []
    for i in range(n_set):
        r_km, ang = (0.0, 0.0) if i == 0 else (rng.uniform(3, 15), rng.uniform(0, 2 * math.pi))
        la = lat0 + r_km * math.sin(ang) / KM_PER_DEG_LAT
        lo = lon0 + r_km * math.cos(ang) / (KM_PER_DEG_LAT * math.cos(math.radians(lat0)))
        kind = main_kind if i == 0 else "village"
        name_uk = f"Демо-місто {number}" if i == 0 and kind == "city" else (
            f"Демо-селище {number}" if i == 0 else f"Демо-село {number}-{i + 1}")
        name_en = f"Demo town {number}" if i == 0 else f"Demo village {number}-{i + 1}"
        rows.append({"hromada_id": hid, "code": f"{code}-{i + 1:02d}", "name_uk": name_uk, "name_en": name_en,
                     "kind": kind, "population": int(pops[i]), "population_date": today,
                     "population_includes_idp": False, "population_source": "demo: synthetic",
                     "lat": round(la, 5), "lon": round(lo, 5)})
    existing = dict(conn.execute(select(schema.settlement.c.code, schema.settlement.c.id)
                                 .where(schema.settlement.c.hromada_id == hid)).all())
    for row in rows:
        if row["code"] in existing:
            conn.execute(schema.settlement.update().where(schema.settlement.c.id == existing[row["code"]]).values(**row))
        else:
            conn.execute(schema.settlement.insert().values(**row))
    stale = [sid for c, sid in existing.items() if c not in {r["code"] for r in rows}]
    if stale:
        _delete_unreferenced(conn, schema.settlement, stale)
    place = _place_from_db(conn, number, code, rng)
    assert place is not None
    return place


def _delete_unreferenced(conn, table, ids: list[int]) -> None:
    """Delete rows of ``table`` by id unless some other table still refers to them."""
    conds = [table.c.id.in_(ids)]
    for other in schema.metadata.sorted_tables:
        for fk in other.foreign_keys:
            if fk.column.table is table and other is not table:
                conds.append(~exists().where(fk.parent == table.c.id))
    conn.execute(delete(table).where(and_(*conds)))


# ----------------------------------------------------------------------------------------------
# the time frame


@dataclass
class Frame:
    today: date
    start: date
    days: np.ndarray  # datetime64[D], start .. today-1
    fraud_rise: date
    lighting_date: date
    cctv_date: date
    cutoff_utc: np.datetime64  # start of today in Kyiv, as naive UTC

    @property
    def n_days(self) -> int:
        return len(self.days)


def _frame(today: date, weeks: int) -> Frame:
    this_week = week_start(today)
    start = this_week - timedelta(weeks=weeks)
    days = np.arange(np.datetime64(start), np.datetime64(today), dtype="datetime64[D]")
    cutoff = datetime(today.year, today.month, today.day, tzinfo=KYIV).astimezone(UTC).replace(tzinfo=None)
    return Frame(today=today, start=start, days=days,
                 fraud_rise=_first_of_month_back(today, 10),
                 lighting_date=max(start + timedelta(days=28), this_week - timedelta(weeks=60)),
                 cctv_date=max(start + timedelta(days=35), this_week - timedelta(weeks=40)),
                 cutoff_utc=np.datetime64(cutoff, "us"))


# ----------------------------------------------------------------------------------------------
# incidents


def _category_lambda(key: str, group: str, frame: Frame, per10k: float) -> np.ndarray:
    """Expected incidents per day for one category."""
    days = pd.DatetimeIndex(frame.days)
    doy = days.day_of_year.to_numpy()
    years = (frame.days - np.datetime64(frame.start)).astype(int) / 365.25
    abs_years = (frame.days - np.datetime64("2022-04-01")).astype(int) / 365.25
    weekend = days.day_of_week.to_numpy() >= 5
    wf = WEEKEND_FACTOR.get(key, 1.0)
    dow = np.where(weekend, wf, 1.0)
    dow = dow / (5 + 2 * wf) * 7
    if key == "explosive_objects":
        base = 3.5 + 6.5 * np.exp(-np.log(4) * np.clip(abs_years - 0.75, 0, None) / 3.0)
        season = 1 + 0.5 * np.cos(2 * np.pi * (doy - 135) / 365.25)
    elif key == "occupation_crimes":
        base = 5.0 * np.exp(-np.log(5) * np.clip(abs_years - 0.75, 0, None) / 3.0)
        season = np.ones(len(days))
    else:
        base = np.full(len(days), CATEGORY_RATES.get(key, DEFAULT_RATE.get(group, 1.0)))
        season = 1 + 0.25 * np.cos(2 * np.pi * (doy - 196) / 365.25) if key in SUMMER_PEAK else np.ones(len(days))
    if key == "domestic_violence":
        season = season * _holiday_factor(days)
    trend = np.ones(len(days))
    if key == "fraud":
        rise = (frame.days - np.datetime64(frame.fraud_rise)).astype(int)
        trend = (1 + 0.08 * years) * (1 + 0.4 * np.clip(rise / 21.0, 0, 1))
    return base * per10k / 365.25 * season * dow * trend


def _incidents(rng: np.random.Generator, place: Place, ref: Reference, frame: Frame, batch_id: int) -> list[dict]:
    cats = ref.categories
    keys = cats["key"].tolist()
    groups = cats["group"].tolist()
    per10k = place.population / 10000
    st = place.settlements
    pop = st["population"].to_numpy(float)
    set_w = pop * rng.lognormal(0, 0.2, len(st))
    set_p = set_w / set_w.sum()

    lam = np.stack([_category_lambda(k, g, frame, per10k) for k, g in zip(keys, groups, strict=True)])
    counts = rng.poisson(lam)  # (categories, days)
    cat_idx = np.repeat(np.repeat(np.arange(len(keys)), counts.shape[1]), counts.ravel())
    day_idx = np.repeat(np.tile(np.arange(counts.shape[1]), len(keys)), counts.ravel())
    n = len(cat_idx)
    settle = rng.choice(len(st), size=n, p=set_p)
    lighting_extra = np.zeros(n, dtype=bool)

    # the lighting story: extra evening street crime in one settlement until lighting is installed
    if place.lighting_settlement is not None:
        ls = place.lighting_settlement
        affected = [keys.index(k) for k in LIGHTING_AFFECTED if k in keys]
        lam_x = np.stack([_category_lambda(keys[c], "community", frame, pop[ls] / 10000) for c in affected])
        lam_x *= 1.5 * 0.6 * (frame.days < np.datetime64(frame.lighting_date))  # 0.6 = evening share
        cx = rng.poisson(lam_x)
        xc = np.repeat(np.repeat(np.array(affected, dtype=int), cx.shape[1]), cx.ravel())
        xd = np.repeat(np.tile(np.arange(cx.shape[1]), len(affected)), cx.ravel())
        cat_idx = np.concatenate([cat_idx, xc])
        day_idx = np.concatenate([day_idx, xd])
        settle = np.concatenate([settle, np.full(len(xc), ls)])
        lighting_extra = np.concatenate([lighting_extra, np.ones(len(xc), dtype=bool)])
        n = len(cat_idx)

    # hours
    hours = np.zeros(n, dtype=int)
    for c, key in enumerate(keys):
        m = cat_idx == c
        if not m.any():
            continue
        prof = np.array(HOUR_PROFILES[HOUR_PROFILE_OF.get(key, "day")], dtype=float)
        if key != "domestic_violence":
            prof[0:5] *= 0.5  # curfew
        hours[m] = rng.choice(24, size=int(m.sum()), p=prof / prof.sum())
    # evening hours in and around the lighting story: 19:00–02:59 for the extra stream; the
    # base stream of the same categories in that settlement is left as drawn.
    if lighting_extra.any():
        evening = np.array([19, 20, 21, 22, 23, 0, 1, 2])
        hours[lighting_extra] = rng.choice(evening, size=int(lighting_extra.sum()),
                                           p=np.array([2, 2.5, 2.5, 2, 1.5, 1, 0.7, 0.5]) / 12.7)
    minutes = rng.integers(0, 60, n)
    local = (frame.days[day_idx].astype("datetime64[m]") + (hours * 60 + minutes).astype("timedelta64[m]"))
    occurred = _local_to_utc(local)
    order = np.argsort(occurred, kind="stable")
    cat_idx, settle, occurred, lighting_extra = cat_idx[order], settle[order], occurred[order], lighting_extra[order]
    occ_date, occ_hour, occ_dow = _utc_to_local_fields(occurred)
    cat_keys = np.array(keys, dtype=object)[cat_idx]
    group_arr = np.array(groups, dtype=object)[cat_idx]

    # reporting delay
    u = rng.random(n)
    fraud = cat_keys == "fraud"
    short_p = np.where(fraud, 0.5, np.where(cat_keys == "explosive_objects", 0.97, 0.72))
    week_p = np.where(fraud, 0.35, 0.20)
    delay_h = np.where(u < short_p, rng.exponential(1.5, n),
                       np.where(u < short_p + week_p, rng.uniform(12, 168, n), rng.uniform(168, 1080, n)))
    reported = occurred + (delay_h * 3600e6).astype("timedelta64[us]")
    late = reported >= frame.cutoff_utc
    if late.any():
        span = (frame.cutoff_utc - occurred[late]).astype("int64")
        reported[late] = occurred[late] + (span * rng.uniform(0.2, 0.95, int(late.sum()))).astype("timedelta64[us]")

    # legal article and severity
    legal = np.full(n, None, dtype=object)
    severity = np.full(n, None, dtype=object)
    arts = ref.articles
    # a found explosive object is not an offence; use a "no offence" class when the list has one
    fallback_sev = _pick_key(NO_OFFENCE_SEVERITIES + ("administrative",), ref.severities) or ref.severities[-1]
    for c, key in enumerate(keys):
        m = np.flatnonzero(cat_idx == c)
        if not len(m):
            continue
        a = arts[arts["category"] == key]
        if len(a):
            w = np.array([ARTICLE_WEIGHTS.get(code, SEVERITY_WEIGHTS.get(sev, 1.0))
                          for code, sev in zip(a["code"], a["severity"], strict=True)], dtype=float)
            pick = rng.choice(len(a), size=len(m), p=w / w.sum())
            legal[m] = a["code"].to_numpy(dtype=object)[pick]
            severity[m] = a["severity"].to_numpy(dtype=object)[pick]
        else:
            default = cats.loc[c, "default_severity"]
            severity[m] = default if default in ref.severities else fallback_sev
    # extra stream in the lighting settlement: no administrative petty theft there
    administrative = severity == "administrative"

    # status by age
    age = (np.datetime64(frame.today) - occ_date).astype(int)
    crim_status = ["registered", "under_investigation", "sent_to_court", "closed"]
    probs = np.select(
        [age[:, None] < 7, age[:, None] < 90, age[:, None] < 365],
        [np.array([0.6, 0.4, 0.0, 0.0]), np.array([0.05, 0.73, 0.08, 0.14]), np.array([0.0, 0.38, 0.28, 0.34])],
        np.array([0.0, 0.2, 0.35, 0.45]),
    )
    present = [s in ref.incident_statuses for s in crim_status]
    probs = probs * np.array(present, dtype=float)
    if probs.sum(axis=1).min() <= 0:
        probs = probs + np.array(present, dtype=float) * 1e-6
    status = np.array(crim_status, dtype=object)[_choice_cum(rng, probs)]
    explosive = cat_keys == "explosive_objects"
    if "closed" in ref.incident_statuses:
        status[explosive & (age >= 3)] = "closed"
    if "administrative_protocol" in ref.incident_statuses:
        status[administrative] = "administrative_protocol"

    # flags
    dv = cat_keys == "domestic_violence"
    dv |= (cat_keys == "bodily_harm") & (rng.random(n) < 0.2)
    minors_p = np.array([MINORS_SHARE.get(k, 0.01) for k in keys])[cat_idx]
    minors = rng.random(n) < minors_p

    # coordinates
    lat = np.full(n, np.nan)
    lon = np.full(n, np.nan)
    no_point = rng.random(n) < np.array([NO_POINT_SHARE.get(k, 0.05) for k in keys])[cat_idx]
    s_lat = st["lat"].to_numpy(float)[settle]
    s_lon = st["lon"].to_numpy(float)[settle]
    sigma = np.clip(350 + 900 * np.sqrt(pop / 40000), 300, 1300)[settle]
    la, lo = _offset_points(rng, s_lat, s_lon, sigma, n)
    lat, lon = la, lo
    if place.hotspots:
        hs_settle = {h.settlement for h in place.hotspots}
        street = np.isin(cat_keys, list(STREET)) & np.isin(settle, list(hs_settle)) & ~lighting_extra
        at_hs = street & (rng.random(n) < 0.30)
        k = int(at_hs.sum())
        if k:
            w = np.array([h.weight for h in place.hotspots])
            which = rng.choice(len(place.hotspots), size=k, p=w / w.sum())
            hla = np.array([h.lat for h in place.hotspots])[which]
            hlo = np.array([h.lon for h in place.hotspots])[which]
            hs = np.array([h.sigma_m for h in place.hotspots])[which]
            lat[at_hs], lon[at_hs] = _offset_points(rng, hla, hlo, hs, k)
    if place.lighting_spot is not None and lighting_extra.any():
        k = int(lighting_extra.sum())
        h = place.lighting_spot
        lat[lighting_extra], lon[lighting_extra] = _offset_points(rng, np.full(k, h.lat), np.full(k, h.lon),
                                                                  np.full(k, h.sigma_m), k)
    lat[no_point] = np.nan
    lon[no_point] = np.nan
    lat = np.round(lat, 6)
    lon = np.round(lon, 6)
    cell_row, cell_col = _cells(lat, lon)

    # descriptions
    desc = np.empty(n, dtype=object)
    labels = dict(zip(cats["key"], cats["label_uk"], strict=True))
    for c, key in enumerate(keys):
        m = np.flatnonzero(cat_idx == c)
        if len(m):
            options = np.array(DESCRIPTIONS.get(key, [labels[key]]), dtype=object)
            desc[m] = options[rng.integers(0, len(options), len(m))]

    ext = [f"demo-{place.number}-i{i:07d}" for i in range(n)]
    return _records({
        "source": DEMO, "external_id": ext, "import_batch_id": batch_id, "hromada_id": place.hromada_id,
        "settlement_id": st["id"].to_numpy()[settle], "occurred_at": occurred, "reported_at": reported,
        "occurred_date": occ_date, "occurred_week": _monday(occ_date), "occurred_hour": occ_hour,
        "occurred_dow": occ_dow, "lat": lat, "lon": lon, "cell_row": cell_row.tolist(), "cell_col": cell_col.tolist(),
        "category": cat_keys.tolist(), "category_group": group_arr.tolist(), "legal_article": legal.tolist(),
        "severity": severity.tolist(), "status": status.tolist(), "domestic_violence": dv, "minors_involved": minors,
        "description": desc.tolist(),
    }, n)


# ----------------------------------------------------------------------------------------------
# partners


def _partners(conn, place: Place, ref: Reference, batch_id: int) -> tuple[list[int], list[str]]:
    source = BUCHA_PARTNERS if place.code == BUCHA_CODE else [
        (f"{uk} ({place.name_uk})", f"{en} ({place.name_uk.replace('Демо-громада', 'Demo hromada')})", kind)
        for uk, en, kind in SYNTHETIC_PARTNERS]
    other = "other" if "other" in ref.partner_kinds else ref.partner_kinds[-1]
    rows = [{"source": DEMO, "external_id": f"demo-{place.number}-p{i:03d}", "import_batch_id": batch_id,
             "hromada_id": place.hromada_id, "name_uk": uk, "name_en": en,
             "kind": kind if kind in ref.partner_kinds else other, "active": True}
            for i, (uk, en, kind) in enumerate(source)]
    return _insert_returning_ids(conn, schema.partner, rows), [r["kind"] for r in rows]


# ----------------------------------------------------------------------------------------------
# resident requests


def _requests(rng: np.random.Generator, place: Place, ref: Reference, frame: Frame, batch_id: int,
              partner_ids: list[int]) -> list[dict]:
    st = place.settlements
    pop = st["population"].to_numpy(float)
    per10k = place.population / 10000
    days = pd.DatetimeIndex(frame.days)
    dow = days.day_of_week.to_numpy()
    years = (frame.days - np.datetime64(frame.start)).astype(int) / 365.25
    dow_w = np.array([1.3, 1.15, 1.1, 1.1, 1.05, 0.45, 0.3])
    lam = 150.0 * per10k / 365.25 * (dow_w / dow_w.mean())[dow] * (1 + 0.1 * years)
    per_day = rng.poisson(lam)
    day_idx = np.repeat(np.arange(len(frame.days)), per_day)
    n0 = len(day_idx)
    settle = rng.choice(len(st), size=n0, p=pop / pop.sum())
    topics = ref.topics["key"].tolist()
    topic_w = np.array([{"other": 0.6, "war_damage": 0.8, "utilities_housing": 1.6, "street_lighting": 1.2,
                         "road_safety": 1.3, "noise_public_order": 1.3, "domestic_violence": 0.7,
                         "fraud": 0.9, "social_benefits": 1.2, "land_property_disputes": 1.1}.get(t, 1.0)
                        for t in topics])
    topic = rng.choice(len(topics), size=n0, p=topic_w / topic_w.sum())
    collective_p = np.full(n0, 0.05)

    # clusters: the same topic from the same settlement several times within 60 days
    extra_day, extra_set, extra_topic = [], [], []
    n_bursts = max(1, int(round(place.population / 10000 * 1.0 * len(frame.days) / 365.25)))
    for _ in range(n_bursts):
        d0 = int(rng.integers(0, max(1, len(frame.days) - 60)))
        s = int(rng.choice(len(st), p=pop / pop.sum()))
        t = int(rng.choice(len(topics), p=topic_w / topic_w.sum()))
        k = int(rng.integers(3, 8))
        extra_day += (d0 + np.sort(rng.integers(0, 60, k))).tolist()
        extra_set += [s] * k
        extra_topic += [t] * k
    # residents of the lighting settlement write about street lighting until it is installed
    if place.lighting_settlement is not None and "street_lighting" in topics:
        t = topics.index("street_lighting")
        before = int((frame.days < np.datetime64(frame.lighting_date)).sum())
        k = int(rng.poisson(max(1.0, before / 30 * 1.2)))
        extra_day += np.sort(rng.integers(max(0, before - 300), max(1, before), k)).tolist()
        extra_set += [place.lighting_settlement] * k
        extra_topic += [t] * k
    day_idx = np.concatenate([day_idx, np.array(extra_day, dtype=int)])
    settle = np.concatenate([settle, np.array(extra_set, dtype=int)])
    topic = np.concatenate([topic, np.array(extra_topic, dtype=int)])
    collective_p = np.concatenate([collective_p, np.full(len(extra_day), 0.25)])
    day_idx = np.minimum(day_idx, len(frame.days) - 1)
    order = np.argsort(day_idx, kind="stable")
    day_idx, settle, topic, collective_p = day_idx[order], settle[order], topic[order], collective_p[order]
    n = len(day_idx)

    # time of receipt (office hours mostly)
    prof = np.array(HOUR_PROFILES["office"], dtype=float)
    hours = rng.choice(24, size=n, p=prof / prof.sum())
    local = frame.days[day_idx].astype("datetime64[m]") + (hours * 60 + rng.integers(0, 60, n)).astype("timedelta64[m]")
    received_at = _local_to_utc(local)
    rec_date, _, _ = _utc_to_local_fields(received_at)

    ch_w = 1.0 / (np.arange(len(ref.channels)) + 1) ** 0.7
    channel = np.array(ref.channels, dtype=object)[rng.choice(len(ref.channels), size=n, p=ch_w / ch_w.sum())]
    type_w = np.array([{"proposal": 0.12, "statement": 0.6, "complaint": 0.28}.get(t, 0.2) for t in ref.request_types])
    rtype = np.array(ref.request_types, dtype=object)[rng.choice(len(ref.request_types), size=n, p=type_w / type_w.sum())]
    topic_keys = np.array(topics, dtype=object)[topic]
    dd_topic = np.array([int(x) if str(x).isdigit() and int(x) in ALLOWED_TERMS else 30
                         for x in ref.topics["deadline_days"]])
    dd = dd_topic[topic]

    today = np.datetime64(frame.today)
    ordinary_due = rec_date + dd.astype("timedelta64[D]")
    extended = rng.random(n) < 0.04
    ext_at = np.where(extended, rec_date + (dd - rng.integers(1, 6, n)).astype("timedelta64[D]"), np.datetime64("NaT"))
    ext_due_days = np.minimum(MAX_DAYS, dd + rng.integers(5, 16, n))
    ext_due = np.where(extended, rec_date + ext_due_days.astype("timedelta64[D]"), np.datetime64("NaT"))
    # an extension decided after today did not happen yet
    future_ext = extended & (ext_at >= today)
    extended &= ~future_ext
    ext_at[~extended] = np.datetime64("NaT")
    ext_due[~extended] = np.datetime64("NaT")
    due = np.where(extended, ext_due, ordinary_due).astype("datetime64[D]")
    term = (due - rec_date).astype(int)

    # forwarding to partners
    forwarded = (rng.random(n) < 0.12) & (len(partner_ids) > 0)
    fwd_partner = np.full(n, None, dtype=object)
    if partner_ids:
        fwd_partner[forwarded] = np.array(partner_ids, dtype=object)[rng.integers(0, len(partner_ids), int(forwarded.sum()))]
    fwd_at = np.where(forwarded, rec_date + rng.integers(1, 6, n).astype("timedelta64[D]"), np.datetime64("NaT"))
    p_ans = np.where(forwarded, fwd_at + rng.integers(3, 26, n).astype("timedelta64[D]"), np.datetime64("NaT"))

    # answers
    late = rng.random(n) < 0.08
    on_time_delay = np.ceil(rng.uniform(0.15, 1.0, n) * term).astype(int)
    delay = np.where(late, term + rng.integers(1, 22, n), on_time_delay)
    answered = rec_date + delay.astype("timedelta64[D]")
    answered = np.where(forwarded, p_ans + rng.integers(0, 4, n).astype("timedelta64[D]"), answered)
    age = (today - rec_date).astype(int)
    stuck = np.where(age <= 120, rng.random(n) < 0.065, rng.random(n) < 0.004) & (due < today)
    answered = answered.astype("datetime64[D]")
    answered[stuck] = np.datetime64("NaT")
    answered[answered >= today] = np.datetime64("NaT")
    p_ans = p_ans.astype("datetime64[D]")
    p_ans[p_ans >= today] = np.datetime64("NaT")
    p_ans[stuck & forwarded] = np.datetime64("NaT")
    fwd_at = fwd_at.astype("datetime64[D]")
    fwd_at[fwd_at >= today] = np.datetime64("NaT")
    fwd_partner[forwarded & np.isnat(fwd_at)] = None
    has_fwd = ~np.isnat(fwd_at)
    ans_hour = rng.choice(24, size=n, p=prof / prof.sum())
    ans_local = answered.astype("datetime64[m]") + (ans_hour * 60 + rng.integers(0, 60, n)).astype("timedelta64[m]")
    ans_ok = ~np.isnat(answered)
    answered_at = np.full(n, np.datetime64("NaT"), dtype="datetime64[us]")
    if ans_ok.any():
        answered_at[ans_ok] = _local_to_utc(ans_local[ans_ok])
        # an answer on the day of receipt comes after the receipt
        too_early = ans_ok & (answered_at <= received_at)
        answered_at[too_early] = received_at[too_early] + np.timedelta64(2, "h")
        ans_date, _, _ = _utc_to_local_fields(answered_at[ans_ok])
        answered[ans_ok] = ans_date
        answered[answered >= today] = np.datetime64("NaT")
        answered_at[np.isnat(answered)] = np.datetime64("NaT")
    ans_ok = ~np.isnat(answered)

    def _status(key: str, fallback: str) -> str:
        return key if key in ref.request_statuses else fallback

    first = ref.request_statuses[0]
    status = np.where(ans_ok, _status("answered", first),
                      np.where(has_fwd, _status("forwarded", first),
                               np.where(age > 3, _status("in_progress", first), _status("open", first)))).astype(object)
    collective = rng.random(n) < collective_p
    ext = [f"demo-{place.number}-r{i:07d}" for i in range(n)]
    return _records({
        "source": DEMO, "external_id": ext, "import_batch_id": batch_id, "hromada_id": place.hromada_id,
        "settlement_id": st["id"].to_numpy()[settle], "received_at": received_at, "received_date": rec_date,
        "received_week": _monday(rec_date), "channel": channel.tolist(), "type": rtype.tolist(),
        "topic": topic_keys.tolist(), "deadline_days": dd, "extended_at": ext_at.astype("datetime64[D]"),
        "extended_due_date": ext_due.astype("datetime64[D]"), "due_date": due, "status": status.tolist(),
        "answered_at": answered_at, "answered_date": answered, "forwarded_partner_id": fwd_partner.tolist(),
        "forwarded_at": fwd_at, "partner_answered_at": p_ans, "collective": collective,
    }, n)


# ----------------------------------------------------------------------------------------------
# survey

POP_AGE = {"18-29": 0.17, "30-44": 0.29, "45-59": 0.26, "60+": 0.28}
SAMPLE_AGE = {"18-29": 0.11, "30-44": 0.25, "45-59": 0.28, "60+": 0.36}
POP_FEMALE, SAMPLE_FEMALE = 0.54, 0.61


def _question_mean(code: str, theme: str, inst: str | None, k: int, n_waves: int) -> tuple[float, float]:
    """(mean position on 0..1 or share for yes/no, don't-know share) of a question in wave k."""
    t = k / max(1, n_waves - 1)
    if theme == "awareness":
        if code == "aware_programme":
            return 0.15 + 0.30 * t, 0.04
        return 0.30 + 0.12 * t, 0.06
    if code == "victim_12m":
        return 0.12, 0.05
    if code == "reported_last":
        return 0.55 + 0.08 * t, 0.08
    if theme == "safety":
        return {"safe_day": 0.70, "safe_dark": 0.45, "safe_home_night": 0.62}.get(code, 0.55) + 0.05 * t, 0.05
    if theme == "trust":
        base = {"police": 0.50, "community_police_officer": 0.52, "prosecutor_office": 0.40, "court": 0.33,
                "local_government": 0.50}.get(inst or "", 0.45)
        rise = {"police": 0.10, "community_police_officer": 0.12, "prosecutor_office": 0.06, "court": 0.01}.get(inst or "", 0.03)
        dk = {"court": 0.10, "prosecutor_office": 0.09, "community_police_officer": 0.09}.get(inst or "", 0.07)
        return base + rise * t, dk
    if theme == "reporting":
        return 0.60 + 0.05 * t, 0.07
    return 0.5, 0.07


def _survey(conn, rng: np.random.Generator, place: Place, ref: Reference, frame: Frame, batch_id: int,
            weeks: int) -> dict[str, int]:
    st = place.settlements
    pop = st["population"].to_numpy(float)
    n_waves = max(1, weeks // 26)
    period = len(frame.days)
    q = ref.questions
    counts = {"survey_wave": 0, "survey_response": 0, "survey_answer": 0}
    ages = ref.age_groups
    genders = ref.genders
    pa = np.array([POP_AGE.get(a, 1 / len(ages)) for a in ages])
    sa = np.array([SAMPLE_AGE.get(a, 1 / len(ages)) for a in ages])
    pa, sa = pa / pa.sum(), sa / sa.sum()
    if set(genders) >= {"female", "male"}:
        pg = np.array([POP_FEMALE if g == "female" else (1 - POP_FEMALE) if g == "male" else 0 for g in genders])
        sg = np.array([SAMPLE_FEMALE if g == "female" else (1 - SAMPLE_FEMALE) if g == "male" else 0 for g in genders])
    else:
        pg = sg = np.full(len(genders), 1 / len(genders))
    for k in range(n_waves):
        s_day = int(round((k + 0.3) * period / n_waves))
        start = frame.start + timedelta(days=s_day)
        end = min(start + timedelta(days=13), frame.today - timedelta(days=1))
        half = 1 if start.month <= 6 else 2
        wave_row = {"source": DEMO, "external_id": f"demo-{place.number}-w{k + 1}", "import_batch_id": batch_id,
                    "hromada_id": place.hromada_id, "code": f"DEMO-{start.year}-H{half}",
                    "name_uk": f"Опитування мешканців (демо), хвиля {k + 1}, {start:%m.%Y}",
                    "name_en": f"Residents' survey (demo), wave {k + 1}, {start:%m.%Y}",
                    "start_date": start, "end_date": end, "method": "телефонне опитування (CATI), демо"}
        wave_id = _insert_returning_ids(conn, schema.survey_wave, [wave_row])[0]
        counts["survey_wave"] += 1
        if place.number == 1:
            n = int(rng.integers(420, 681))
        else:
            n = int(np.clip(150 + 6 * place.population / 1000, 150, 700) * rng.uniform(0.9, 1.1))
        settle = rng.choice(len(st), size=n, p=pop / pop.sum())
        age_i = rng.choice(len(ages), size=n, p=sa)
        gen_i = rng.choice(len(genders), size=n, p=sg)
        w = (pa[age_i] / sa[age_i]) * (pg[gen_i] / sg[gen_i]) * rng.lognormal(0, 0.15, n)
        w = np.clip(w / w.mean(), 0.4, 2.5)
        w = np.round(w / w.mean(), 4)
        resp_rows = _records({
            "source": DEMO, "external_id": [f"demo-{place.number}-w{k + 1}-{j:05d}" for j in range(n)],
            "import_batch_id": batch_id, "wave_id": wave_id, "settlement_id": st["id"].to_numpy()[settle],
            "age_group": np.array(ages, dtype=object)[age_i].tolist(),
            "gender": np.array(genders, dtype=object)[gen_i].tolist(), "weight": w,
        }, n)
        resp_ids = np.array(_insert_returning_ids(conn, schema.survey_response, resp_rows))
        counts["survey_response"] += n
        person = rng.normal(0, 0.10, n)
        older = np.array([a == "60+" for a in ages])[age_i]
        female = np.array([g == "female" for g in genders])[gen_i]
        lit = place.lighting_settlement is not None and settle == place.lighting_settlement
        after_light = start >= frame.lighting_date
        victim = None
        answer_cols: dict[str, list] = {"response_id": [], "question_id": [], "value": [], "dont_know": []}
        for qi in range(len(q)):
            code, theme, inst = q.loc[qi, "code"], q.loc[qi, "theme"], q.loc[qi, "institution"]
            lo, hi, pos_min = int(q.loc[qi, "scale_min"]), int(q.loc[qi, "scale_max"]), int(q.loc[qi, "positive_min"])
            m, dk_p = _question_mean(code, theme, inst, k, n_waves)
            mask = np.ones(n, dtype=bool)
            if code == "reported_last" and victim is not None:
                mask = victim.copy()
            if hi - lo == 1:
                val = np.where(rng.random(n) < np.clip(m + 0.5 * person, 0.01, 0.99), pos_min, hi + lo - pos_min)
            else:
                mu = np.full(n, m) + person
                if theme == "safety":
                    mu -= 0.06 * female + 0.05 * older
                    if code == "safe_dark" and np.any(lit):
                        mu = np.where(lit, mu + (0.10 if after_light else -0.10), mu)
                latent = np.clip(mu + rng.normal(0, 0.22, n), 0, 1)
                val = lo + np.floor(latent * (hi - lo + 1) - 1e-9).astype(int)
                val = np.clip(val, lo, hi)
            dk = rng.random(n) < dk_p * (1 + 0.4 * older)
            if code == "victim_12m":
                victim = (~dk) & (val == pos_min)
            idx = np.flatnonzero(mask)
            answer_cols["response_id"].extend(resp_ids[idx].tolist())
            answer_cols["question_id"].extend([int(q.loc[qi, "id"])] * len(idx))
            answer_cols["value"].extend(np.where(dk[idx], None, val[idx].astype(object)).tolist())
            answer_cols["dont_know"].extend(dk[idx].tolist())
        rows = _records(answer_cols, len(answer_cols["response_id"]))
        counts["survey_answer"] += _insert(conn, schema.survey_answer, rows)
    return counts


# ----------------------------------------------------------------------------------------------
# priorities and activities


def _priorities(conn, place: Place, ref: Reference, frame: Frame, incidents: list[dict],
                requests: list[dict]) -> tuple[list[int | None], dict[str, int]]:
    start = frame.start + timedelta(weeks=52) if len(frame.days) > 400 else frame.start
    end = date(start.year + 3, start.month, 1) - timedelta(days=1)
    cat_keys = set(ref.categories["key"])
    topic_keys = set(ref.topics["key"])
    q_codes = set(ref.questions["code"])
    base_from = np.datetime64(start - timedelta(days=365))
    inc_df = pd.DataFrame({"category": [r["category"] for r in incidents],
                           "d": np.array([r["occurred_date"] for r in incidents], dtype="datetime64[D]")})
    req_df = pd.DataFrame({"topic": [r["topic"] for r in requests],
                           "d": np.array([r["received_date"] for r in requests], dtype="datetime64[D]")})
    now = datetime.now(UTC).replace(tzinfo=None)
    ids: list[int | None] = []
    n_ind = 0
    for title_uk, title_en, indicators, _kinds in PRIORITIES:
        rows = []
        for kind, ref_key, direction in indicators:
            baseline = None
            if kind == "incident_category" and ref_key in cat_keys:
                baseline = float(((inc_df["category"] == ref_key) & (inc_df["d"] >= base_from)
                                  & (inc_df["d"] < np.datetime64(start))).sum())
            elif kind == "request_topic" and ref_key in topic_keys:
                baseline = float(((req_df["topic"] == ref_key) & (req_df["d"] >= base_from)
                                  & (req_df["d"] < np.datetime64(start))).sum())
            elif kind == "survey_question" and ref_key in q_codes:
                baseline = {"safe_day": 0.72, "safe_dark": 0.42, "safe_home_night": 0.62,
                            "aware_programme": 0.15}.get(ref_key, 0.5)
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
        pid = conn.execute(schema.priority.insert().values(
            hromada_id=place.hromada_id, title_uk=title_uk, title_en=title_en,
            description="Демонстраційний пріоритет, погоджений з мешканцями (демо-дані)",
            start_date=start, end_date=end, created_by="demo", created_at=now, updated_at=now, is_demo=True,
        )).inserted_primary_key[0]
        for r in rows:
            r["priority_id"] = pid
        n_ind += _insert(conn, schema.priority_indicator, rows)
        ids.append(pid)
    return ids, {"priority": sum(1 for i in ids if i is not None), "priority_indicator": n_ind}


PLACES_CITY = ["Ліцей № 1", "Ліцей № 3", "Ліцей № 4", "Гімназія № 5", "Центральна площа", "Залізнична станція",
               "Міський парк", "Будинок культури", "ЦНАП", "Стадіон", "Міська бібліотека", "Дитячий майданчик у парку"]
PLACES_VILLAGE = ["Старостинський округ", "Гімназія", "Будинок культури", "Центр села", "Бібліотека", "Зупинка транспорту"]
PLACES_CITY_EN = ["Lyceum No. 1", "Lyceum No. 3", "Lyceum No. 4", "Gymnasium No. 5", "Central square", "Railway station",
                  "City park", "House of culture", "Administrative service centre", "Stadium", "City library",
                  "Playground in the park"]
PLACES_VILLAGE_EN = ["Starosta district office", "Gymnasium", "House of culture", "Village centre", "Library", "Bus stop"]
TITLES = {
    "meeting": "Робоча зустріч партнерів з питань безпеки",
    "residents_meeting": "Зустріч з мешканцями щодо безпеки",
    "reception_day": "Виїзний прийом громадян",
    "prevention_event": "Профілактичний захід",
    "school_lecture": "Лекція для учнів про безпеку",
    "patrol": "Спільне патрулювання",
    "safety_audit": "Обстеження небезпечного місця",
    "lighting": "Встановлення вуличного освітлення",
    "cctv": "Встановлення камер відеоспостереження",
    "environment_improvement": "Облаштування безпечного простору",
    "demining_awareness": "Заняття з мінної безпеки",
    "training": "Тренінг для фахівців",
    "media_campaign": "Інформаційна кампанія проти шахрайства",
    "survey": "Опитування мешканців",
    "other": "Спільний захід",
}
TITLES_EN = {
    "meeting": "Partners' working meeting on safety",
    "residents_meeting": "Meeting with residents on safety",
    "reception_day": "Mobile reception of residents",
    "prevention_event": "Prevention event",
    "school_lecture": "Safety lecture for pupils",
    "patrol": "Joint patrol",
    "safety_audit": "Inspection of an unsafe place",
    "lighting": "Street lighting installed",
    "cctv": "CCTV cameras installed",
    "environment_improvement": "Making a public space safer",
    "demining_awareness": "Mine safety class",
    "training": "Training for professionals",
    "media_campaign": "Awareness campaign against fraud",
    "survey": "Residents' survey",
    "other": "Joint activity",
}
KIND_WEIGHTS = {"meeting": 1.4, "residents_meeting": 1.0, "reception_day": 0.9, "prevention_event": 1.3,
                "school_lecture": 1.3, "patrol": 1.5, "safety_audit": 0.5, "lighting": 0.0, "cctv": 0.0,
                "environment_improvement": 0.3, "demining_awareness": 0.6, "training": 0.5, "media_campaign": 0.4,
                "survey": 0.05, "other": 0.3}


def _activities(conn, rng: np.random.Generator, place: Place, ref: Reference, frame: Frame, batch_id: int,
                partner_ids: list[int], partner_kinds: list[str], priority_ids: list[int | None]) -> dict[str, int]:
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
    per_day = rng.poisson(lam)
    day_idx = np.repeat(np.arange(len(frame.days)), per_day)
    n = len(day_idx)
    kw = np.array([KIND_WEIGHTS.get(k, 0.3) for k in kinds])
    kind = np.array(kinds, dtype=object)[rng.choice(len(kinds), size=n, p=kw / kw.sum())]
    settle = rng.choice(len(st), size=n, p=pop / pop.sum())
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
    for j in range(n):
        s = int(settle[j])
        k = kind[j]
        city = st.loc[s, "kind"] == "city"
        options = PLACES_CITY if city else PLACES_VILLAGE
        loc_i = int(rng.integers(0, len(options)))
        loc = options[loc_i]
        loc_en = (PLACES_CITY_EN if city else PLACES_VILLAGE_EN)[loc_i]
        lat = lon = None
        s_lat, s_lon = float(st.loc[s, "lat"]), float(st.loc[s, "lon"])
        if (place_based.get(k, False) or rng.random() < 0.3) and not (math.isnan(s_lat) or math.isnan(s_lon)):
            la, lo = _offset_points(rng, s_lat, s_lon, 600 if city else 300, 1)
            lat, lon = round(float(la[0]), 5), round(float(lo[0]), 5)
        pid = kind_to_priority.get(k)
        if pid is None and any_prio and rng.random() < 0.5:
            pid = any_prio[int(rng.integers(0, len(any_prio)))]
        title = f"{TITLES.get(k, labels[k])}: {loc}" + ("" if city else f", {st.loc[s, 'name_uk']}")
        title_en = f"{TITLES_EN.get(k, labels_en[k])}: {loc_en}" + ("" if city else f", {st.loc[s, 'name_en']}")
        rows.append((k, dates[j].astype(object), s, lat, lon, title, title_en, loc, pid))
    for k, d, s, la, lo, title, title_en, loc in special:
        rows.append((k, d, s, la, lo, title, title_en, loc, kind_to_priority.get(k)))
    rows.sort(key=lambda r: (r[1], r[5]))
    part_w = np.array([3.0 if pk in ("police", "community_police_officer", "prosecutor_office") else 1.0
                       for pk in partner_kinds])
    records = []
    for j, (k, d, s, la, lo, title, title_en, loc, pid) in enumerate(rows):
        participants = int(np.clip(rng.lognormal(math.log(25), 0.7), 3, 400))
        if k in ("lighting", "cctv", "patrol", "safety_audit", "meeting"):
            participants = int(rng.integers(3, 15))
        records.append({"source": DEMO, "external_id": f"demo-{place.number}-a{j:06d}", "import_batch_id": batch_id,
                        "hromada_id": place.hromada_id, "date": d, "kind": k, "title_uk": title,
                        "title_en": title_en, "settlement_id": int(st.loc[s, "id"]), "location": loc,
                        "lat": la, "lon": lo, "participants": participants, "priority_id": pid})
    ids = _insert_returning_ids(conn, schema.activity, records)
    links = []
    if partner_ids:
        m = len(partner_ids)
        n_p = rng.integers(1, min(4, m) + 1, len(ids))
        keys = rng.random((len(ids), m)) ** (1.0 / part_w)  # weighted sampling without replacement
        order = np.argsort(-keys, axis=1)
        for a, (aid, kcount) in enumerate(zip(ids, n_p, strict=True)):
            for pi in order[a, :kcount]:
                links.append({"activity_id": aid, "partner_id": partner_ids[int(pi)]})
    _insert(conn, schema.activity_partner, links)
    return {"activity": len(ids), "activity_partner": len(links)}


# ----------------------------------------------------------------------------------------------
# removal of the previous demo set


def delete_demo(conn) -> None:
    """Delete every demo row (FK-safe order); non-demo rows are left alone."""
    b = schema.import_batch
    demo_batches = select(b.c.id).where(b.c.is_demo.is_(True))
    act = select(schema.activity.c.id).where(schema.activity.c.import_batch_id.in_(demo_batches))
    conn.execute(delete(schema.activity_partner).where(schema.activity_partner.c.activity_id.in_(act)))
    conn.execute(delete(schema.activity).where(schema.activity.c.import_batch_id.in_(demo_batches)))
    demo_prio = select(schema.priority.c.id).where(schema.priority.c.is_demo.is_(True))
    conn.execute(update(schema.activity).where(schema.activity.c.priority_id.in_(demo_prio)).values(priority_id=None))
    conn.execute(delete(schema.priority_indicator).where(schema.priority_indicator.c.priority_id.in_(demo_prio)))
    conn.execute(delete(schema.priority).where(schema.priority.c.is_demo.is_(True)))
    resp = select(schema.survey_response.c.id).where(schema.survey_response.c.import_batch_id.in_(demo_batches))
    conn.execute(delete(schema.survey_answer).where(schema.survey_answer.c.response_id.in_(resp)))
    for table in (schema.survey_response, schema.survey_wave, schema.resident_request, schema.incident):
        conn.execute(delete(table).where(table.c.import_batch_id.in_(demo_batches)))
    conn.execute(delete(schema.partner).where(schema.partner.c.import_batch_id.in_(demo_batches)))
    conn.execute(delete(schema.rejected_row).where(schema.rejected_row.c.import_batch_id.in_(demo_batches)))
    conn.execute(delete(b).where(b.c.is_demo.is_(True)))


def _drop_unused_synthetic(conn, keep: set[str]) -> None:
    h = schema.hromada
    stale = conn.execute(select(h.c.id, h.c.code).where(h.c.code.like(f"{SYNTHETIC_PREFIX}%"))).all()
    stale_ids = [hid for hid, code in stale if code not in keep]
    if not stale_ids:
        return
    sids = conn.execute(select(schema.settlement.c.id).where(schema.settlement.c.hromada_id.in_(stale_ids))).scalars().all()
    if sids:
        _delete_unreferenced(conn, schema.settlement, list(sids))
    _delete_unreferenced(conn, h, stale_ids)


# ----------------------------------------------------------------------------------------------
# entry point


def seed_demo(engine: Engine, *, scale: int = 1, seed: int = 2026, today: date | None = None,
              weeks: int = DEFAULT_WEEKS) -> dict[str, int]:
    """Replace the demo data set with a fresh deterministic one; returns rows inserted per table.

    ``scale`` hromadas (1 = the real hromada from assets, 2..N synthetic), ``weeks`` ISO weeks
    before the week of ``today`` (default: the current date in Europe/Kyiv) through yesterday.
    Reference data (``load_reference``) is loaded first when the real hromada is missing.
    """
    if scale < 1:
        raise ValueError("scale must be at least 1")
    if weeks < 1:
        raise ValueError("weeks must be at least 1")
    today = today or _today_kyiv()
    frame = _frame(today, weeks)
    real_codes = _real_hromada_codes()
    with engine.connect() as conn:
        have = set(conn.execute(select(schema.hromada.c.code)).scalars().all())
    if not set(real_codes[:1]) <= have:
        reference.load_reference(engine)
    counts: dict[str, int] = {}

    def add(part: dict[str, int]) -> None:
        for k, v in part.items():
            counts[k] = counts.get(k, 0) + v

    with engine.begin() as conn:
        delete_demo(conn)
        ref = _load_reference(conn)
        now = datetime.now(UTC).replace(tzinfo=None)
        batch_id = conn.execute(schema.import_batch.insert().values(
            kind=DEMO, source=DEMO, file_name=None, created_at=now, created_by="seed-demo",
            rows_total=0, rows_imported=0, rows_updated=0, rows_rejected=0, is_demo=True, status="committed",
            notes=f"demo data: scale {scale}, seed {seed}, {frame.start}..{today - timedelta(days=1)}",
        )).inserted_primary_key[0]
        add({"import_batch": 1})
        keep_synthetic = {f"{SYNTHETIC_PREFIX}{i:04d}" for i in range(1, scale + 1)}
        _drop_unused_synthetic(conn, keep_synthetic)
        for number in range(1, scale + 1):
            rng_place = np.random.default_rng([seed, number, 0])
            place = None
            if number <= len(real_codes):
                place = _place_from_db(conn, number, real_codes[number - 1], rng_place)
            if place is None:
                place = _synthetic_place(conn, number, rng_place, today)
                add({"hromada": 1, "settlement": len(place.settlements)})
            incidents = _incidents(np.random.default_rng([seed, number, 1]), place, ref, frame, batch_id)
            add({"incident": _insert(conn, schema.incident, incidents)})
            partner_ids, partner_kinds = _partners(conn, place, ref, batch_id)
            add({"partner": len(partner_ids)})
            requests = _requests(np.random.default_rng([seed, number, 2]), place, ref, frame, batch_id, partner_ids)
            add({"resident_request": _insert(conn, schema.resident_request, requests)})
            add(_survey(conn, np.random.default_rng([seed, number, 3]), place, ref, frame, batch_id, weeks))
            priority_ids, pc = _priorities(conn, place, ref, frame, incidents, requests)
            add(pc)
            del incidents, requests
            add(_activities(conn, np.random.default_rng([seed, number, 4]), place, ref, frame, batch_id,
                            partner_ids, partner_kinds, priority_ids))
        total = sum(v for k, v in counts.items() if k not in ("import_batch", "hromada", "settlement"))
        conn.execute(schema.import_batch.update().where(schema.import_batch.c.id == batch_id)
                     .values(rows_total=total, rows_imported=total))
    refresh_statistics(engine)
    return counts


def demo_summary(engine: Engine) -> dict[str, object]:
    """Whether demo data is present and when it was generated (for pages that label demo data)."""
    b = schema.import_batch
    with engine.connect() as conn:
        row = conn.execute(select(func.max(b.c.created_at), func.count()).where(b.c.is_demo.is_(True))).one()
    return {"has_demo": bool(row[1]), "created_at": row[0]}
