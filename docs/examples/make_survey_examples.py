"""Writes the two survey example exports of docs/import.md (made in this project, no real respondents):
a KoboToolbox XLSX ("XML values and headers", group separator "/") and a Google Forms CSV (Ukrainian UI).

Run from the repository root: .venv/bin/python docs/examples/make_survey_examples.py
"""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).parent
PLACES = ("bucha", "vorzel", "blystavytsia", "babyntsi")
KOBO_HEADERS = ("start", "end", "today", "consent", "demographics/settlement", "demographics/age",
                "demographics/gender", "safety/safe_day", "safety/safe_dark", "trust/trust_police",
                "trust/trust_prosecutor", "programme/aware_programme", "_id", "_uuid", "_submission_time",
                "_validation_status", "_notes", "_status", "_submitted_by", "__version__", "_tags", "_index")


def kobo_rows() -> list[list]:
    rows = []
    for i in range(24):
        day = 3 + i % 20
        stamp = f"2026-10-{day:02d}T1{i % 10}:0{i % 6}:00.000+03:00"
        safe_dark = "dk" if i % 11 == 5 else str(1 + i % 4)
        rows.append([stamp, stamp, f"2026-10-{day:02d}", "yes", PLACES[i % 4], str(18 + (i * 7) % 60),
                     "female" if i % 2 else "male", str(1 + (i + 1) % 4), safe_dark, str(1 + i % 5),
                     str(1 + (i + 2) % 5), str(i % 2), str(310_000 + i),
                     f"6f1c2a9e-4b7d-4c1a-9e0f-{i:012d}", stamp[:19], "", "", "submitted_via_web",
                     "enumerator_bucha", "vJk2b8s", "", str(i + 1)])
    rows[7][5] = "16"  # under 18: outside every age group, kept as a rejected row with its reason
    return rows


def write_kobo(path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Безпека громади 2026"
    sheet.append(list(KOBO_HEADERS))
    for row in kobo_rows():
        sheet.append(row)
    book.save(path)


GOOGLE_HEADERS = ("Позначка часу", "Адреса електронної пошти", "У якому населеному пункті ви проживаєте?",
                  "Ваш вік", "Ваша стать",
                  "Наскільки безпечно ви почуваєтеся у своєму населеному пункті вдень?",
                  "Наскільки ви довіряєте поліції?",  # worded differently from the questionnaire: the profile maps it
                  "Чи чули ви про програму «Прокурор громади»?", "Що варто змінити в громаді?")
SAFE = ("Зовсім не безпечно", "Радше не безпечно", "Радше безпечно", "Цілком безпечно", "Важко відповісти")
TRUST = ("Зовсім не довіряю", "Радше не довіряю", "І довіряю, і не довіряю", "Радше довіряю", "Повністю довіряю")
AGES = ("18–29 років", "30–44 роки", "45–59 років", "60 років і старше")
NAMES = ("Буча", "Ворзель", "Блиставиця", "Бабинці")


def google_rows() -> list[list[str]]:
    rows = []
    for i in range(20):
        stamp = f"{5 + i % 15:02d}.10.2026 {9 + i % 9}:{(i * 7) % 60:02d}:{(i * 13) % 60:02d}"
        rows.append([stamp, f"respondent{i}@example.org" if i % 3 == 0 else "", NAMES[i % 4], AGES[i % 4],
                     "Жінка" if i % 2 else "Чоловік", SAFE[i % 5], TRUST[(i + 1) % 5], "Так" if i % 3 else "Ні",
                     "Більше освітлення" if i % 4 == 0 else ""])
    rows[12][0] = rows[11][0]  # two answers sent in the same second: both kept, each with its own id
    return rows


def write_google(path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(GOOGLE_HEADERS)
        out.writerows(google_rows())


if __name__ == "__main__":
    write_kobo(HERE / "survey_kobotoolbox.xlsx")
    write_google(HERE / "survey_google_forms.csv")
