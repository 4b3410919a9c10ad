"""The reference lists read as a lawyer would check them: every article part's class follows
КК art. 12 from its sanction, the sanction text states the maximum used, every category has an
article or says why it has none, codes are unique, every row has a source and a version date.

Art. 12 (as amended by Law No. 2617-VIII, in force 01.07.2020): criminal misdemeanour — a fine of
no more than 3,000 НМДГ or another penalty not involving imprisonment; non-grave — up to 10,000
НМДГ or up to 5 years; grave — up to 25,000 НМДГ or up to 10 years; especially grave — more than
25,000 НМДГ, more than 10 years or life."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

REFERENCE = Path(__file__).resolve().parents[2] / "assets" / "reference"
CLASSES = ["criminal_misdemeanour", "minor", "grave", "especially_grave"]


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(REFERENCE / f"{name}.csv", dtype=str, keep_default_na=False, encoding="utf-8")


ARTICLES = _read("legal_articles")
CATEGORIES = _read("incident_categories")
SEVERITIES = _read("severity")


def art12_class(max_prison: str, max_fine: str) -> str:
    """The class art. 12 gives a sanction whose longest imprisonment is ``max_prison`` years
    ("life", or "" for none) and whose largest fine is ``max_fine`` НМДГ ("" for none)."""
    by_prison = "criminal_misdemeanour"
    if max_prison == "life" or (max_prison and float(max_prison) > 10):
        by_prison = "especially_grave"
    elif max_prison and float(max_prison) > 5:
        by_prison = "grave"
    elif max_prison:
        by_prison = "minor"
    by_fine = "criminal_misdemeanour"
    if max_fine:
        fine = float(max_fine)
        by_fine = ("criminal_misdemeanour" if fine <= 3000 else "minor" if fine <= 10000
                   else "grave" if fine <= 25000 else "especially_grave")
    return max(by_prison, by_fine, key=CLASSES.index)


def test_the_art_12_rule_itself():
    assert art12_class("", "50") == "criminal_misdemeanour"      # fine only (КК 185 ч. 1)
    assert art12_class("", "4000") == "minor"                    # fine above 3,000 НМДГ (КК 367 ч. 1)
    assert art12_class("5", "") == "minor"
    assert art12_class("5.5", "") == "grave"
    assert art12_class("10", "") == "grave"
    assert art12_class("12", "") == "especially_grave"
    assert art12_class("life", "") == "especially_grave"
    assert art12_class("3", "30000") == "especially_grave"


CRIMINAL = ARTICLES[(ARTICLES["law"] == "KK") & (ARTICLES["severity"] != "undetermined")]


@pytest.mark.parametrize("row", CRIMINAL.to_dict("records"), ids=CRIMINAL["code"].tolist())
def test_every_criminal_article_part_has_the_class_of_its_sanction(row):
    assert row["severity"] == art12_class(row["max_prison_years"], row["max_fine_nmdg"]), row["sanction_uk"]


def _longest_term(text: str) -> str:
    """The longest imprisonment a sanction text allows, read independently of the max column:
    'довічне позбавлення волі' → life; 'позбавлення волі [на строк] [від A] до B років' → B;
    'позбавлення волі на строк N років' → N; 'на той самий строк' → the term named just before."""
    if "довічн" in text:
        return "life"
    terms = []
    for m in re.finditer(r"позбавлення волі([^,;]*)", text):
        rest = m.group(1).split(" з ")[0]
        if "той самий строк" in rest:
            terms.append(float(re.findall(r"до (\d+) рок", text[:m.start()])[-1]))
            continue
        found = re.search(r"до (\d+) рок", rest) or re.search(r"строк (\d+) рок", rest)
        if found:
            terms.append(float(found.group(1)))
    return f"{max(terms):g}" if terms else ""


@pytest.mark.parametrize("row", CRIMINAL.to_dict("records"), ids=CRIMINAL["code"].tolist())
def test_the_sanction_text_states_the_maximum_used_for_the_class(row):
    assert _longest_term(row["sanction_uk"]) == row["max_prison_years"], row["sanction_uk"]
    if row["max_fine_nmdg"]:
        fines = [float(n) for n in re.findall(r"(\d+)\s*НМДГ", row["sanction_uk"])]
        assert max(fines) == float(row["max_fine_nmdg"]), row["sanction_uk"]


def test_codes_are_unique_and_name_their_article_and_part():
    for name, key in (("legal_articles", "code"), ("incident_categories", "key"), ("severity", "key"),
                      ("request_topics", "key"), ("survey_questions", "code"), ("activity_kinds", "key")):
        table = _read(name)
        assert not table[key].duplicated().any(), f"{name}: {table[key][table[key].duplicated()].tolist()}"
    for row in ARTICLES.to_dict("records"):
        assert row["code"].startswith(f"{row['law']}-{row['article']}"), row["code"]
        if row["code"] != f"{row['law']}-{row['article']}":
            assert row["code"] == f"{row['law']}-{row['article']}-{row['part']}", row["code"]
    # one row per part: no two rows cite the same article part
    assert not ARTICLES.duplicated(["law", "article", "part"]).any()


def test_every_article_row_has_a_source_and_a_version_date():
    for row in ARTICLES.to_dict("records"):
        law = "№ 2341-III" if row["law"] == "KK" else "№ 8073-X"
        assert law in row["source"], row["code"]
        cited = f"ст. {row['article']}" + (f" ч. {row['part']}" if row["part"] else "")
        assert cited in row["source"], (row["code"], row["source"])
        assert date(2001 if row["law"] == "KK" else 1984, 1, 1) <= date.fromisoformat(row["version_date"])
        assert row["sanction_uk"], row["code"]
    assert all(SEVERITIES["source"] != "")


def test_classes_are_keys_of_the_severity_list_and_laws_match_their_classes():
    assert set(ARTICLES["severity"]) <= set(SEVERITIES["key"])
    kupap = ARTICLES[ARTICLES["law"] == "KUpAP"]
    assert set(kupap["severity"]) == {"administrative"}
    assert "administrative" not in set(ARTICLES.loc[ARTICLES["law"] == "KK", "severity"])


def test_a_part_less_code_is_undetermined_only_where_the_parts_differ_in_class():
    for row in ARTICLES[ARTICLES["severity"] == "undetermined"].to_dict("records"):
        assert row["part"] == "" and row["notes"], row["code"]
        parts = ARTICLES[(ARTICLES["article"] == row["article"]) & (ARTICLES["part"] != "")
                         & (ARTICLES["law"] == row["law"])]
        # KK-286-1 lists no parts: its note says why (unchecked sanctions)
        if len(parts):
            assert parts["severity"].nunique() > 1, row["code"]
        else:
            assert "verify" in row["notes"], row["code"]


def test_every_category_has_an_article_or_says_why_not():
    for cat in CATEGORIES.to_dict("records"):
        arts = ARTICLES[ARTICLES["category"] == cat["key"]]
        assert len(arts) or cat["no_article_reason"], cat["key"]
        assert not (len(arts) and cat["no_article_reason"]), cat["key"]
        if len(arts):
            assert cat["default_severity"] in set(arts["severity"]), cat["key"]
    assert set(ARTICLES["category"]) <= set(CATEGORIES["key"])


def test_the_corrections_of_issue_17():
    a = ARTICLES.set_index("code")
    assert a.loc["KK-190-3", "severity"] == "grave" and "великих" in a.loc["KK-190-3", "label_uk"]
    assert a.loc["KK-190-4", "severity"] == "especially_grave"
    assert not ARTICLES[ARTICLES["article"] == "190"]["label_uk"].str.contains("воєнн").any()
    for art in ("185", "186", "187"):
        assert ARTICLES[(ARTICLES["article"] == art) & (ARTICLES["part"] == "4")]["label_uk"].str.contains("воєнн").all()
    assert a.loc["KK-186-4", "sanction_uk"] == "позбавлення волі від 7 до 10 років"
    assert a.loc["KK-111-1-2", "severity"] == "criminal_misdemeanour"
    assert a.loc["KK-111-1-4", "severity"] == "minor"
    assert "0,5" in a.loc["KUpAP-51", "label_uk"] and "від 0,5 до 2" in a.loc["KUpAP-51-2", "label_uk"]
    for article in ("111-2", "114-2", "436-2", "201-2", "336", "390-1", "197-1", "246", "367", "173-2", "210-1"):
        assert (ARTICLES["article"] == article).any(), article
