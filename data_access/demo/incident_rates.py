"""How often and when each incident category happens: rates, seasons, hours, articles, texts."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from data_access.demo.frame import Frame

# Annual incidents per 10,000 residents by category key (keys missing from
# incident_categories.csv are ignored; categories missing here get a small default rate).
CATEGORY_RATES = {
    "theft": 42.0, "burglary": 8.0, "robbery": 3.0, "fraud": 22.0, "vehicle_theft": 2.5,
    "domestic_violence": 28.0, "bodily_harm": 6.0, "homicide": 0.4, "hooliganism": 5.0,
    "public_order": 16.0, "drugs": 7.0, "traffic": 10.0, "drunk_driving": 18.0,
    "property_damage": 5.0, "weapons": 2.0, "corruption": 1.0, "child_welfare": 5.0,
    "looting": 0.3, "collaboration": 0.4,
    # categories added with issue 17 are not simulated (rate 0 draws nothing, so the demo stream of
    # every other category stays as it was); they arrive with real imports
    "land_construction": 0.0, "illegal_logging": 0.0, "official_negligence": 0.0, "wartime_information": 0.0,
    "humanitarian_aid": 0.0, "mobilisation": 0.0, "martial_law_regime": 0.0,
    "other": 0.0,  # issue 18: the catch-all an import maps uncategorised offences to
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
    "KK-186-4": 55, "KK-186": 30, "KK-186-2": 10, "KK-186-5": 1, "KK-187": 15, "KK-187-4": 2,
    "KK-190-4": 2, "KK-190-3": 25, "KK-190-2": 20, "KK-190": 45,
    "KK-126-1": 12, "KUpAP-173-2": 88,
    "KK-125": 70, "KK-122": 22, "KK-121": 8,
    "KUpAP-173": 55, "KUpAP-178": 44, "KUpAP-185-3": 1,
    "KUpAP-44": 55, "KK-309": 35, "KK-307": 10,
    "KUpAP-124": 85, "KK-286": 15,
    "KUpAP-130": 93, "KK-286-1": 7,
    "KUpAP-51-2": 10, "KK-390-1": 6, "KUpAP-173-2-2": 8, "KK-194-2": 3, "KK-263-2": 20,
    "KK-296-2": 8, "KK-296-4": 2,
    # parts of articles with a known part are recorded; the part-less codes are rare
    "KK-111-1": 0.5, "KK-114-2": 0.5, "KK-197-1": 0.5, "KK-201-2": 0.5, "KK-436-2": 0.5,
    "KUpAP-172-7": 60,
}
SEVERITY_WEIGHTS = {"administrative": 6.0, "criminal_misdemeanour": 3.0, "minor": 3.0, "grave": 1.5,
                    "especially_grave": 0.3}
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


def _easter(year: int) -> date:
    """Orthodox Easter (Julian computus, Gregorian date)."""
    a, b, c = year % 4, year % 7, year % 19
    d = (19 * c + 15) % 30
    e = (2 * a + 4 * b - d + 34) % 7
    month, day = divmod(d + e + 114, 31)
    return date(year, month, day + 1) + timedelta(days=13)


def _holiday_factor(days: pd.DatetimeIndex) -> np.ndarray:
    """1.6 within two days of a public holiday (New Year, Christmas, 8 March, Independence Day, Easter), else 1."""
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


def category_lambda(key: str, group: str, frame: Frame, per10k: float) -> np.ndarray:
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
