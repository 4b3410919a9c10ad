"""The official transliteration (CMU Resolution No. 55 of 27.01.2010): examples from the
resolution's own table, and the settlement names the product ships."""

from __future__ import annotations

import pandas as pd
import pytest

from domain.translit import transliterate


@pytest.mark.parametrize(("uk", "en"), [
    # Examples printed in the resolution's table
    ("Алушта", "Alushta"), ("Борщагівка", "Borshchahivka"), ("Вінниця", "Vinnytsia"), ("Гадяч", "Hadiach"),
    ("Згорани", "Zghorany"), ("Розгон", "Rozghon"), ("Ґалаґан", "Galagan"), ("Ґорґани", "Gorgany"),
    ("Дон", "Don"), ("Рівне", "Rivne"), ("Єнакієве", "Yenakiieve"), ("Наєнко", "Naienko"),
    ("Житомир", "Zhytomyr"), ("Закарпаття", "Zakarpattia"), ("Медвин", "Medvyn"), ("Іршава", "Irshava"),
    ("Їжакевич", "Yizhakevych"), ("Кадиївка", "Kadyivka"), ("Йосипівка", "Yosypivka"), ("Стрий", "Stryi"),
    ("Олексій", "Oleksii"), ("Харків", "Kharkiv"), ("Біла Церква", "Bila Tserkva"), ("Чернівці", "Chernivtsi"),
    ("Шостка", "Shostka"), ("Гоща", "Hoshcha"), ("Юрій", "Yurii"), ("Корюківка", "Koriukivka"),
    ("Яготин", "Yahotyn"), ("Ічня", "Ichnia"), ("Знам'янка", "Znamianka"), ("Феодосія", "Feodosiia"),
    ("Русь", "Rus"),
    # Names of the hromadas the product knows
    ("Луб’янка", "Lubianka"), ("Буда-Бабинецька", "Buda-Babynetska"), ("Михайлівка-Рубежівка", "Mykhailivka-Rubezhivka"),
    ("Забуччя", "Zabuchchia"), ("Гостомель", "Hostomel"), ("Ірпінь", "Irpin"), ("Мощун", "Moshchun"),
])
def test_official_examples(uk, en):
    assert transliterate(uk) == en


def test_matches_the_hand_checked_names_of_bucha_hromada():
    from data_access.reference import HROMADAS_DIR

    s = pd.read_csv(HROMADAS_DIR / "UA32080070000050759" / "settlements.csv", dtype=str)
    assert [transliterate(n) for n in s["name_uk"]] == s["name_en"].tolist()
