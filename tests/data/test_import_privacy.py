"""Personal data in imports (issue 14): columns that are not mapped are never kept, not even in
rejected rows; personal data inside free text is masked in records and in rejected rows while
ordinary text stays readable; personal-data headers are recognised as whole words, but a column the
user maps to a checked field is stored; importing and undoing check the role and audit the actor."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from sqlalchemy import func, select

from data_access import schema
from data_access.__main__ import main as cli
from data_access.importing.aliases import is_personal_header
from data_access.importing.log import batch_notes, rejected_rows_to_fix
from data_access.importing.personal import mask_personal_text, mask_text
from data_access.importing.pipeline import import_file, undo_batch
from data_access.importing.profile import KEEP_PERSONAL, Profile
from domain.roles import AccessDenied, Role
from reports.exports import csv_bytes
from tests.data.test_importing import NOW
from tests.factories import BUCHA_CITY


def _run(engine, content: bytes, *, kind: str = "incidents", role: str = Role.PROSECUTOR, **kw):
    return import_file(engine, role=role, kind=kind, content=content, file_name="f.csv", source="test", now=NOW,
                       created_by="o.kovalenko", **kw)


def _rejected(engine) -> dict[int, tuple[dict, list[dict]]]:
    with engine.connect() as conn:
        rows = conn.execute(select(schema.rejected_row.c.row_number, schema.rejected_row.c.raw,
                                   schema.rejected_row.c.errors)).all()
    return {r.row_number: (json.loads(r.raw), json.loads(r.errors)) for r in rows}


def _count(engine, table) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


# -- what free text keeps and loses ------------------------------------------------------------------
MASKED = {
    "Дзвонив з 0671234567": "Дзвонив з […]",
    "тел. +380 67 123 45 67, (044) 234-56-78": "тел. […], […]",
    "польський номер +48 601 234 567": "польський номер […]",
    "call +1 212 736 5000 or +49 30 1234567": "call […] or […]",
    "пишіть на ivan.petrenko@ukr.net": "пишіть на […]",
    "переказ з картки 4111 1111 1111 1111": "переказ з картки […]",
    "картка 5555-5555-5555-4444 заблокована": "картка […] заблокована",
    "паспорт КВ 123456 виданий": "паспорт […] виданий",
    "ID-картка 001234567": "ID-картка […]",
    "РНОКПП 2345678901": "РНОКПП […]",
    "мешкає за адресою вул. Шевченка, 12, кв. 5": "мешкає за адресою […]",
    "на вулиці Героїв Майдану 15 біля магазину": "на […] біля магазину",
    "просп. Незалежності 3": "[…]",
    "пров. Тихий, буд. 7": "[…]",
    "бульв. Лесі Українки, 24": "[…]",
    "ул. Ленина д. 5 кв. 12": "[…]",
    "в будинку 5 на другому поверсі": "в […] на другому поверсі",
    "lives at 221B Baker Street, apt. 4": "lives at […], […]",
}
KEPT = [
    "подія 12.10.2026 о 10:30",
    "ст. 185 ч. 4 КК",
    "173-2 КУпАП, KK-185-4",
    "збитки 15 000 грн, ще 1 250 000,50 грн",
    "код 07400 і номер 12345",
    "у 2026 році 3 особи",
    "2026-11-01 10:00",
    "справа № 12026100000000123",  # a 17-digit ЄРДР number that fails the card check
    "4111-1111-1111-1112",  # not a card number (the check digit is wrong)
    "і т. д. 5 днів тому",
    "на площі біля ринку, площа 50 м²",
    "будинок культури",
    "дані за І кв. 2026 року",
    "50.551, 30.212",
    'Бійка, "біля" станції',
]


@pytest.mark.parametrize(("text", "masked"), MASKED.items())
def test_personal_data_in_free_text_is_masked(text, masked):
    assert mask_text(text) == masked


@pytest.mark.parametrize("text", KEPT)
def test_text_that_is_not_personal_stays_readable(text):
    assert mask_text(text) == text


def test_batch_masking_skips_only_text_that_holds_nothing_to_mask():
    """``mask_personal_text`` leaves out texts its quick test finds nothing in; it must mask exactly
    what ``mask_text`` masks, also in texts that are near misses (built from the patterns' pieces)."""
    import random

    rng = random.Random(23)
    pieces = ["вул", "Вул", "ВУЛ", "просп", "пр-т", "пров", "бульв", "б-р", "пл", "ул", "пер", "узвіз", "St", "st", "Ave",
              "Rd", "Road", "Lane", "Blvd", "Boulevard", "буд", "Буд", "д", "Д", "дом", "кв", "Кв", "корп", "apt", "Apt",
              "flat", "б", "№", ".", ". ", ", ", " ", "-", "@", "ukr.net", "Шевченка", "Baker", "Street", "221B", "12",
              "5", "0", "67", "123", "4567", "2026", "+380", "(044)", "КВ", "т. ", "Подія", "біля", "і", "з"]
    texts = list(MASKED) + KEPT + ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 9))) for _ in range(20000)]
    masked, changed = mask_personal_text(pd.Series(texts))
    expected = [mask_text(t) for t in texts]
    assert masked.tolist() == expected
    assert changed == sum(m != t for m, t in zip(expected, texts, strict=True)) > 300


@pytest.mark.parametrize("header", ["Email", "E-mail", "e_mail", "ФИО", "Адрес", "Контактні дані", "Вулиця", "Свідок",
                                    "Victim", "Witness name", "Applicant", "RNOKPP", "ИНН", "ПІБ потерпілого",
                                    "Телефон заявника", "Дата рождения", "Паспортні дані", "Name", "ПІБ", "Прізвище",
                                    "Full name", "Victim name", "victim_name"])
def test_personal_data_headers_are_recognised(header):
    assert is_personal_header(header)


@pytest.mark.parametrize("header", ["Фабула", "Опис", "Населений пункт", "Дата події", "Адресат", "Filename",
                                    "Категорія", "Вид заходу", "Mailbox size", "LSOA name", "lsoa_name",
                                    "Назва населеного пункту", "Street name", "Settlement name"])
def test_other_headers_are_not_taken_for_personal_data(header):
    assert not is_personal_header(header)


# -- what an import keeps --------------------------------------------------------------------------
def test_unmapped_columns_are_never_kept_not_even_in_rejected_rows(engine):
    content = ("external_id;occurred_at;category;Email;ФИО;Адрес;Свідок;Примітка\n"
               "1;01.11.2026;theft;a@b.ua;Іваненко Іван Іванович;вул. Садова 3;Петренко;тихо\n"
               "2;не дата;theft;c@d.ua;Петренко Петро;Київ, пров. Тихий 2;Сидоренко;голосно\n").encode()
    r = _run(engine, content)
    assert (r.imported, r.rejected) == (1, 1)
    assert r.personal_columns == ["Email", "ФИО", "Адрес", "Свідок"]
    assert r.ignored_columns == ["Примітка"]
    raw, errors = _rejected(engine)[3]
    assert raw == {"external_id": "2", "occurred_at": "не дата", "category": "theft"}
    stored = json.dumps(_rejected(engine), ensure_ascii=False)
    for sent in ("c@d.ua", "Петренко", "Тихий", "Сидоренко", "голосно"):
        assert sent not in stored
    fix = csv_bytes(rejected_rows_to_fix(engine, batch_id=r.batch_id, role=Role.PROSECUTOR, lang="en"))
    again = _run(engine, fix.decode("utf-8-sig").replace("не дата", "02.11.2026").encode("utf-8-sig"))
    assert (again.imported, again.rejected) == (1, 0)  # the kept columns are enough to fix and re-import


def test_free_text_is_masked_in_records_rejected_rows_and_reasons(engine):
    content = ("external_id;occurred_at;category;description;lat\n"
               "1;01.11.2026;theft;Потерпілий (ivan@ukr.net, +48 601 234 567) мешкає на вул. Шевченка, 12;\n"
               "2;01.11.2026;theft;Картка 4111 1111 1111 1111, паспорт КВ 123456;0671234567\n"
               "3;+380671234567;theft;Збитки 15 000 грн, ст. 185 ч. 4 КК, 12.10.2026;\n").encode()
    r = _run(engine, content)
    assert (r.imported, r.rejected, r.masked_cells) == (1, 2, 2)
    with engine.connect() as conn:
        description = conn.execute(select(schema.incident.c.description)).scalar_one()
    assert description == "Потерпілий ([…], […]) мешкає на […]"
    rejected = _rejected(engine)
    assert rejected[3][0] == {"external_id": "2", "occurred_at": "01.11.2026", "category": "theft",
                              "description": "Картка […], паспорт […]", "lat": "[…]"}
    assert rejected[4][0]["description"] == "Збитки 15 000 грн, ст. 185 ч. 4 КК, 12.10.2026"
    assert rejected[4][0]["occurred_at"] == "[…]"  # a phone number typed into the date column
    reasons = json.dumps([errors for _, errors in rejected.values()], ensure_ascii=False)
    assert "0671234567" not in reasons and "380671234567" not in reasons
    assert "«[…]» не є датою" in reasons


def test_a_column_mapped_to_a_checked_field_is_stored_only_once_confirmed(engine):
    content = ("N;When;What;Name;Witness name\n"
               "1;01.11.2026;theft;Буча;Іваненко\n2;01.11.2026;theft;Марс;Петренко\n").encode()
    mapping = {"external_id": "N", "occurred_at": "When", "category": "What", "settlement": "Name",
               "description": "Witness name"}
    asked = _run(engine, content, mapping=mapping)
    assert asked.to_confirm == {"Name": "settlement"} and asked.spared_columns == {}
    assert asked.personal_reasons == {"Name": "header", "Witness name": "header"}
    with engine.connect() as conn:
        assert conn.execute(select(schema.incident.c.settlement_id)).scalars().all() == [None, None]
    r = _run(engine, content, mapping=Profile(mapping, options={KEEP_PERSONAL: ["Name"]}))
    assert r.spared_columns == {"Name": "settlement"} and r.to_confirm == {}
    assert r.personal_columns == ["Witness name"] and r.personal_reasons == {"Witness name": "header"}
    assert (r.imported, r.updated, r.rejected) == (0, 1, 1)
    with engine.connect() as conn:
        i = schema.incident
        assert conn.execute(select(i.c.settlement_id).where(i.c.external_id == "1")).scalar_one() is not None
        assert set(conn.execute(select(i.c.description)).scalars()) == {None}
    assert _rejected(engine)[3][0] == {"N": "2", "When": "01.11.2026", "What": "theft", "Name": "Марс"}
    notes = batch_notes(engine, batch_id=r.batch_id)
    assert notes["personal_data_reasons"] == {"Witness name": "header"}
    assert notes["spared_columns"] == {"Name": "settlement"}


def test_the_summary_says_which_columns_were_withheld_and_why(engine, tmp_path, capsys):
    path = tmp_path / "pii.csv"
    path.write_text("external_id;occurred_at;category;Дод. відомості;Свідок\n"
                    "1;01.11.2026;theft;+380 67 123 45 67;Іваненко\n", encoding="utf-8")
    url = engine.url.render_as_string(hide_password=False)
    assert cli(["import", "--kind", "incidents", str(path), "--database-url", url]) == 0
    out = capsys.readouterr().out
    assert ("personal-data columns not stored: Дод. відомості — its values look like phone or tax numbers; "
            "Свідок — its header names personal data") in out


def test_survey_rejected_rows_keep_only_the_columns_the_loader_reads(engine, tmp_path, capsys):
    wave = tmp_path / "wave.csv"
    wave.write_text("respondent_id,settlement,age_group,gender,weight,safe_dark,коментар\n"
                    f"r1,{BUCHA_CITY},30-44,female,1,3,дякую\n"
                    "r2,вул. Шевченка 5,30-44,female,1,2,мій номер 0671234567\n", encoding="utf-8")
    url = engine.url.render_as_string(hide_password=False)
    assert cli(["import", "--kind", "survey", str(wave), "--database-url", url, "--wave-code", "W1",
                "--wave-start", "2026-10-01", "--wave-end", "2026-10-20"]) == 1
    raw, errors = _rejected(engine)[2]
    assert raw == {"respondent_id": "r2", "settlement": "[…]", "age_group": "30-44", "gender": "female",
                   "weight": "1", "safe_dark": "2"}
    assert "Шевченка" not in json.dumps(errors, ensure_ascii=False)
    with engine.connect() as conn:
        audit = conn.execute(select(schema.audit_log.c.username, schema.audit_log.c.detail)
                             .where(schema.audit_log.c.action == "import")).one()
    assert audit.username.startswith("cli:") and json.loads(audit.detail)["role"] == Role.PROSECUTOR


# -- who may import and undo -----------------------------------------------------------------------
GOOD = b"external_id,occurred_at,category\n1,01.11.2026,theft\n"


@pytest.mark.parametrize("role", [Role.LEADERSHIP, Role.PARTNER, Role.ADMIN, Role.PUBLIC, None, "root"])
def test_only_the_prosecutor_imports(engine, role):
    with pytest.raises(AccessDenied):
        _run(engine, GOOD, role=role)
    assert _count(engine, schema.import_batch) == 0 and _count(engine, schema.audit_log) == 0


@pytest.mark.parametrize("role", [Role.LEADERSHIP, Role.PARTNER, Role.PUBLIC, None, "", "Prosecutor", "root"])
def test_undo_is_refused_to_roles_without_the_right(engine, role):
    r = _run(engine, GOOD)
    with pytest.raises(AccessDenied):
        undo_batch(engine, r.batch_id, role=role, username="someone")
    assert _count(engine, schema.incident) == 1


def test_import_and_undo_are_audited_with_actor_and_role(engine):
    r = _run(engine, GOOD)
    undo_batch(engine, r.batch_id, role=Role.ADMIN, username="a.admin")
    with engine.connect() as conn:
        rows = conn.execute(select(schema.audit_log.c.action, schema.audit_log.c.username, schema.audit_log.c.detail)
                            .order_by(schema.audit_log.c.id)).all()
    assert [(a, u, json.loads(d)["role"]) for a, u, d in rows] == [
        ("import", "o.kovalenko", Role.PROSECUTOR), ("import_undo", "a.admin", Role.ADMIN)]
    assert json.loads(rows[1].detail)["deleted"] == {"incident": 1}
