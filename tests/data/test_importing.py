"""Imports keep every row: files in each encoding and format, rejected rows with reasons, re-import
updates, refused files store nothing, personal data is dropped, undo, data quality figures; the
import-kind registry is complete, documented, and the only place that names a kind."""

from __future__ import annotations

import ast
import csv
import io
import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from data_access import schema
from data_access.__main__ import main as cli
from data_access.data_quality import source_quality
from data_access.importing.aliases import HEADERS, listed_aliases, norm_value, norm_values
from data_access.importing.docs import DOC, with_canonical_columns
from data_access.importing.fields import TYPES
from data_access.importing.kinds import KINDS
from data_access.importing.log import (
    import_batches,
    import_profile,
    rejected_rows,
    rejected_rows_to_fix,
    save_import_profile,
)
from data_access.importing.pipeline import import_file, undo_batch
from data_access.importing.profile import Profile
from data_access.reference import reference_table
from domain.i18n import translate
from domain.roles import Role
from reports.exports import csv_bytes, neutralise_formula
from tests.conftest import ROOT
from tests.factories import BUCHA_CITY, VORZEL, ids

FIXTURES = Path(__file__).parent / "fixtures"
NOW = datetime(2026, 11, 20, 12, 0)


def _count(engine, table) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def _rows(engine, table, *cols):
    with engine.connect() as conn:
        return {r[0]: r for r in conn.execute(select(*[table.c[c] for c in cols]).order_by(table.c.external_id))}


def _run(engine, kind, name, source="test", **kw):
    content = (FIXTURES / name).read_bytes() if isinstance(name, str) else name[1]
    file_name = name if isinstance(name, str) else name[0]
    return import_file(engine, role=Role.PROSECUTOR, kind=kind, content=content, file_name=file_name, source=source,
                       now=NOW, **kw)


def test_utf8_comma_csv_with_iso_and_excel_dates(engine):
    r = _run(engine, "incidents", "incidents_utf8.csv")
    assert (r.imported, r.updated, r.rejected, r.exit_code) == (3, 0, 0, 0)
    got = _rows(engine, schema.incident, "external_id", "occurred_date", "occurred_hour", "severity",
                "minors_involved", "description", "lat", "settlement_id", "import_batch_id")
    assert got["INC-1"].occurred_hour == 10 and got["INC-1"].occurred_date == date(2026, 11, 2)
    assert got["INC-2"].severity == "criminal_misdemeanour"  # hooliganism's default class
    assert got["INC-2"].minors_involved is True
    assert got["INC-2"].description == 'Бійка, "біля" станції'
    assert got["INC-3"].occurred_date == date(1899, 12, 30) + timedelta(days=46330)  # Excel serial
    assert got["INC-3"].lat is None
    assert {g.import_batch_id for g in got.values()} == {r.batch_id}


def test_bom_semicolon_ukrainian_headers_decimal_comma_and_blank_line(engine):
    r = _run(engine, "incidents", "incidents_bom_semicolon.csv")
    assert (r.imported, r.rejected, r.blank_lines) == (3, 0, 1)
    got = _rows(engine, schema.incident, "external_id", "category", "severity", "legal_article", "status", "lat",
                "occurred_hour", "settlement_id")
    known = ids(engine)
    assert got["12026001"][1:5] == ("theft", "grave", "KK-185-4", "registered")
    assert got["12026001"].lat == pytest.approx(50.551)
    assert got["12026001"].occurred_hour == 10  # 10:15 Kyiv time stays 10 in the Kyiv calendar fields
    assert got["12026002"][1:5] == ("domestic_violence", "administrative", "KUpAP-173-2", "administrative_protocol")
    assert got["12026002"].settlement_id == known[VORZEL]
    assert got["12026003"].status == "under_investigation"


def test_cp1251_requests_with_reasons_in_both_languages(engine):
    r = _run(engine, "requests", "requests_cp1251.csv")
    assert (r.imported, r.rejected, r.exit_code) == (2, 1, 1)
    got = _rows(engine, schema.resident_request, "external_id", "channel", "type", "topic", "status", "deadline_days",
                "due_date", "collective", "answered_date", "needs_study")
    assert got["З-1"][1:5] == ("personal_reception", "statement", "street_lighting", "answered")
    assert got["З-1"].due_date == date(2026, 12, 1)  # one month from 1 November (the topic needs study)
    assert got["З-2"][1:5] == ("email", "complaint", "noise_public_order", "open")
    assert got["З-2"].deadline_days is None and got["З-2"].needs_study is False  # the topic's 15 days
    assert got["З-2"].due_date == date(2026, 11, 17) and got["З-2"].collective is True
    rej = rejected_rows(engine, batch_id=r.batch_id, role="prosecutor", lang="uk")
    assert rej["row_number"].tolist() == [4]
    text = rej["problems"].iloc[0]
    assert "невідоме значення «голуби»" in text and "personal_reception (Особистий прийом)" in text
    assert "невідома тема" in text and "дата раніша, ніж received_at" in text
    en = rejected_rows(engine, batch_id=r.batch_id, role="prosecutor", lang="en")["problems"].iloc[0]
    assert "unknown value 'голуби'" in en


def test_xlsx_with_date_cells_and_serials(engine):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["ID", "Дата події", "КАТОТТГ", "Категорія", "Тяжкість"])
    ws.append([101, datetime(2026, 11, 5, 18, 30), BUCHA_CITY, "Крадіжка", "нетяжкий"])
    ws.append([102, 46331.5, VORZEL, "ДТП", None])
    ws.append([None, None, None, None, None])
    ws.append([103, "не дата", VORZEL, "theft", None])
    buf = io.BytesIO()
    wb.save(buf)
    r = _run(engine, "incidents", ("police.xlsx", buf.getvalue()))
    assert (r.total, r.imported, r.rejected, r.blank_lines) == (3, 2, 1, 1)
    got = _rows(engine, schema.incident, "external_id", "occurred_hour", "category", "severity")
    assert got["101"][1:] == (18, "theft", "minor")
    assert got["102"][1:] == (12, "traffic", "administrative")
    assert "«не дата» не є датою" in rejected_rows(engine, batch_id=r.batch_id, role="prosecutor")["problems"][0]


def _big_file(n: int = 10_000) -> tuple[bytes, set[int]]:
    """n incident rows; every 97th row has a mistake of a rotating kind. Returns the file and the
    file row numbers (header = 1) of the bad rows."""
    lines = ["external_id;occurred_at;settlement_code;lat;lon;category;description"]
    bad: set[int] = set()
    mistakes = [
        lambda i: f"E-{i};32.13.2026;{BUCHA_CITY};;;theft;x",  # impossible date
        lambda i: f"E-{i};01.11.2026;{BUCHA_CITY};30,21;50,55;theft;x",  # swapped
        lambda i: f"E-{i};01.11.2026;{BUCHA_CITY};48,0;35,0;theft;x",  # outside
        lambda i: f"E-{i};01.11.2026;{BUCHA_CITY};;;kittens;x",  # unknown category
        lambda i: f"E-{i};01.12.2027;{BUCHA_CITY};;;theft;x",  # future
        lambda i: f";01.11.2026;{BUCHA_CITY};;;theft;x",  # no id
        lambda i: "E-1;01.11.2026;;;;theft;duplicate",  # duplicate of row 2
    ]
    for i in range(1, n + 1):
        if i % 97 == 0:
            lines.append(mistakes[(i // 97) % len(mistakes)](i))
            bad.add(i + 1)
        else:
            day = 1 + i % 28
            lines.append(f"E-{i};{day:02d}.10.2026 {i % 24:02d}:05;{BUCHA_CITY};50,55{i % 10};30,21{i % 7};theft;row {i}")
    return ("\n".join(lines) + "\n").encode("utf-8"), bad


def test_ten_thousand_rows_with_a_known_bad_set_and_reimport(engine):
    content, bad = _big_file()
    r = _run(engine, "incidents", ("big.csv", content))
    assert r.imported + r.rejected == 10_000
    assert r.rejected == len(bad)
    with engine.connect() as conn:
        numbers = set(conn.execute(select(schema.rejected_row.c.row_number)
                                   .where(schema.rejected_row.c.import_batch_id == r.batch_id)).scalars())
    assert numbers == bad
    assert _count(engine, schema.incident) == 10_000 - len(bad)
    again = _run(engine, "incidents", ("big.csv", content))
    assert (again.imported, again.updated, again.rejected) == (0, 10_000 - len(bad), len(bad))
    assert _count(engine, schema.incident) == 10_000 - len(bad)  # no duplicates
    with engine.connect() as conn:
        batches = set(conn.execute(select(schema.incident.c.import_batch_id)).scalars())
    assert batches == {again.batch_id}


def test_refused_file_stores_nothing_and_exits_2(engine, tmp_path, capsys):
    url = engine.url.render_as_string(hide_password=False)
    missing = tmp_path / "no_date.csv"
    missing.write_text("external_id,category\n1,theft\n", encoding="utf-8")
    assert cli(["import", "--kind", "incidents", str(missing), "--database-url", url]) == 2
    out = capsys.readouterr().out
    assert "required columns are missing: occurred_at" in out
    wrong = tmp_path / "requests.csv"
    wrong.write_bytes((FIXTURES / "requests_cp1251.csv").read_bytes())
    assert cli(["import", "--kind", "incidents", str(wrong), "--database-url", url]) == 2
    assert "looks like 'Residents' requests'" in capsys.readouterr().out
    binary = tmp_path / "photo.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    assert cli(["import", "--kind", "incidents", str(binary), "--database-url", url]) == 2
    assert "not a text CSV file" in capsys.readouterr().out
    assert _count(engine, schema.import_batch) == 0 and _count(engine, schema.incident) == 0
    assert _count(engine, schema.rejected_row) == 0
    ok = cli(["import", "--kind", "incidents", str(FIXTURES / "incidents_utf8.csv"), "--source", "police",
              "--database-url", url])
    assert ok == 0 and capsys.readouterr().out.startswith("imported 3, updated 0, rejected 0 (batch ")
    some = cli(["import", "--kind", "requests", str(FIXTURES / "requests_cp1251.csv"), "--database-url", url])
    assert some == 1


def test_personal_data_columns_are_never_stored(engine):
    content = ("external_id;occurred_at;ПІБ потерпілого;Контакт;РНОКПП;category;description\n"
               "1;01.11.2026;Іваненко Іван;+380 67 123 45 67;1234567890;theft;Дзвонив з 0671234567\n"
               "2;01.11.2026;Петренко Петро;0501112233;2345678901;cats;\n").encode()
    r = _run(engine, "incidents", ("pii.csv", content))
    assert set(r.personal_columns) == {"ПІБ потерпілого", "Контакт", "РНОКПП"}
    assert r.masked_cells == 1
    with engine.connect() as conn:
        desc = conn.execute(select(schema.incident.c.description)).scalar_one()
        raw = conn.execute(select(schema.rejected_row.c.raw)).scalar_one()
    assert "0671234567" not in desc
    assert "Петренко" not in raw and "0501112233" not in raw and "2345678901" not in raw


def test_coordinates_dates_and_values_rejected_with_their_reason(engine):
    content = (b"external_id,occurred_at,reported_at,lat,lon,category\n"
               b"a,01.11.2026,,30.21,50.55,theft\n"
               b"b,01.11.2026,,49.0,24.0,theft\n"
               b"c,05.11.2026,01.11.2026,,,theft\n"
               b"d,01.11.2026,,50.55,,theft\n"
               b"e,01.11.2026,,,,explosive_objects\n")
    r = _run(engine, "incidents", ("bad.csv", content))
    assert r.rejected == 4 and r.imported == 1
    codes = {}
    with engine.connect() as conn:
        for number, errors in conn.execute(select(schema.rejected_row.c.row_number, schema.rejected_row.c.errors)):
            codes[number] = [e["code"] for e in json.loads(errors)]
    assert codes == {2: ["swapped_coordinates"], 3: ["outside_outline"], 4: ["end_before_start"],
                     5: ["one_coordinate"]}
    with engine.connect() as conn:  # a found explosive object is recorded, as "not an offence"
        assert conn.execute(select(schema.incident.c.severity)).scalar_one() == "not_offence"


def test_rejected_rows_download_fix_and_reimport(engine, tmp_path):
    r = _run(engine, "requests", "requests_cp1251.csv")
    data = csv_bytes(rejected_rows_to_fix(engine, batch_id=r.batch_id, role="prosecutor", lang="uk"))
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "помилки" in text.splitlines()[0]
    fixed = (text.replace("голуби", "email").replace("невідома тема", "шум").replace("01.11.2026", "05.11.2026"))
    again = _run(engine, "requests", ("fixed.csv", fixed.encode("utf-8-sig")))
    assert (again.imported, again.rejected) == (1, 0)
    batches = import_batches(engine)
    assert batches.set_index("id").loc[r.batch_id, "rejected_open"] == 0  # the fix resolved it
    assert _count(engine, schema.resident_request) == 3


def test_formulas_are_neutralised_in_exports(engine):
    content = (b"external_id,occurred_at,category,description\n"
               b"x,01.11.2026,=cmd|' /C calc'!A0,@SUM(1)\n")
    r = _run(engine, "incidents", ("f.csv", content))
    text = csv_bytes(rejected_rows_to_fix(engine, batch_id=r.batch_id, role="prosecutor")).decode("utf-8-sig")
    assert ';"\'=cmd' in text and ';"\'@SUM(1)' in text
    assert neutralise_formula("-12,5") == "-12,5" and neutralise_formula("+A1*2") == "'+A1*2"


def test_rejected_rows_are_for_the_prosecutor_only(engine):
    from domain.roles import AccessDenied

    r = _run(engine, "requests", "requests_cp1251.csv")
    with pytest.raises(AccessDenied):
        rejected_rows(engine, batch_id=r.batch_id, role="partner")


def test_undo_removes_the_batch_records(engine):
    first = _run(engine, "incidents", "incidents_utf8.csv")
    second = _run(engine, "incidents", "incidents_bom_semicolon.csv")
    assert _count(engine, schema.incident) == 6
    deleted = undo_batch(engine, second.batch_id, role=Role.PROSECUTOR, username="tester")
    assert deleted == {"incident": 3}
    assert _count(engine, schema.incident) == 3
    b = import_batches(engine).set_index("id")
    assert b.loc[second.batch_id, "status"] == "undone" and b.loc[first.batch_id, "status"] == "committed"
    with pytest.raises(ValueError, match="undo_not_possible"):
        undo_batch(engine, second.batch_id, role=Role.PROSECUTOR, username="tester")
    with engine.connect() as conn:
        actions = list(conn.execute(select(schema.audit_log.c.action).order_by(schema.audit_log.c.id)).scalars())
    assert actions == ["import", "import", "import_undo"]


def test_partners_then_activities_with_links(engine):
    p = _run(engine, "partners", "partners.csv", source="registry")
    assert (p.imported, p.rejected) == (2, 0)
    a = _run(engine, "activities", "activities.csv")
    assert (a.imported, a.rejected) == (2, 1)
    with engine.connect() as conn:
        links = conn.execute(select(func.count()).select_from(schema.activity_partner)).scalar_one()
        errors = json.loads(conn.execute(select(schema.rejected_row.c.errors)
                                         .where(schema.rejected_row.c.import_batch_id == a.batch_id)).scalar_one())
    assert links == 3  # police; A-2: police + school
    assert {e["code"] for e in errors} == {"unknown_code", "impossible_value", "unknown_partner"}


def test_activities_carry_the_did_plan_and_a_bad_plan_is_kept_with_its_reasons(engine):
    content = ("external_id,date,kind,title_uk,settlement,lat,lon,did_radius_m,did_weeks,did_categories\n"
               "L-1,01.10.2026,lighting,Освітлення вулиці,Ворзель,50.541,30.149,500,26,\"theft; Крадіжка з проникненням у житло, інше приміщення чи сховище\"\n"
               "L-2,02.10.2026,cctv,Камери,Буча,50.55,30.21,,,\n"
               "L-3,03.10.2026,cctv,Камери 2,Буча,50.55,30.21,20000,0,theft;cats\n").encode()
    r = _run(engine, "activities", ("plan.csv", content))
    assert (r.imported, r.rejected) == (2, 1)
    with engine.connect() as conn:
        rows = {e: (rad, w, c) for e, rad, w, c in conn.execute(select(
            schema.activity.c.external_id, schema.activity.c.did_radius_m, schema.activity.c.did_weeks,
            schema.activity.c.did_categories))}
        errors = json.loads(conn.execute(select(schema.rejected_row.c.errors)
                                         .where(schema.rejected_row.c.import_batch_id == r.batch_id)).scalar_one())
    assert rows == {"L-1": (500, 26, "theft;burglary"), "L-2": (None, None, None)}
    assert sorted((e["field"], e["code"]) for e in errors) == [
        ("did_categories", "unknown_code"), ("did_radius_m", "impossible_value"), ("did_weeks", "impossible_value")]


def test_mapping_profile_round_trip(engine):
    save_import_profile(engine, kind="incidents", source="odd",
                        profile=Profile({"external_id": "N", "occurred_at": "When"}))
    assert import_profile(engine, kind="incidents", source="odd").columns == {"external_id": "N", "occurred_at": "When"}
    content = b"N,When,What\n7,01.11.2026,theft\n"
    r = _run(engine, "incidents", ("odd.csv", content), source="odd",
             mapping={**import_profile(engine, kind="incidents", source="odd").columns, "category": "What"})
    assert (r.imported, r.rejected) == (1, 0)


def test_data_quality_figures_match_a_hand_count(engine):
    _run(engine, "incidents", "incidents_utf8.csv", source="police")
    content = ("external_id,occurred_at,reported_at,settlement_code,lat,lon,category\n"
               f"L1,01.11.2026 10:00,15.11.2026 10:00,{BUCHA_CITY},50.55,30.21,theft\n"
               f"L2,10.11.2026 10:00,11.11.2026 10:00,,,,theft\n"
               "L3,01.11.2026,,,,,cats\n").encode()
    _run(engine, "incidents", ("late.csv", content), source="late")
    known = ids(engine)
    q = source_quality(engine, hromada_id=known["UA32080070000050759"], today=date(2026, 11, 20)).set_index("source")
    assert q.loc["police", "records"] == 3 and q.loc["police", "no_coordinates"] == 1
    assert q.loc["police", "no_settlement"] == 0 and q.loc["police", "rejected_open"] == 0
    assert q.loc["late", "records"] == 2 and q.loc["late", "late"] == 1  # L1: 14 days late, L2: 1 day
    assert q.loc["late", "no_settlement"] == 1 and q.loc["late", "no_coordinates"] == 1
    assert q.loc["late", "rejected_open"] == 1
    assert q.loc["late", "newest_record"] == date(2026, 11, 10)


def test_survey_kind_through_the_command_line_and_undo(engine, tmp_path, capsys):
    url = engine.url.render_as_string(hide_password=False)
    wave = tmp_path / "wave.csv"
    wave.write_text("respondent_id,settlement,age_group,gender,weight,safe_dark,ПІБ\n"
                    f"r1,{BUCHA_CITY},30-44,female,1,3,Іваненко\nr2,Марс,30-44,female,1,2,Петренко\n", encoding="utf-8")
    run = ["import", "--kind", "survey", str(wave), "--database-url", url, "--wave-code", "W1"]
    assert cli(run) == 2
    assert "a survey needs the wave's code, name and dates" in capsys.readouterr().out
    assert cli([*run, "--wave-start", "2026-13-01", "--wave-end", "2026-10-20"]) == 2
    assert "wave dates must be YYYY-MM-DD" in capsys.readouterr().err
    assert cli([*run, "--wave-start", "2026-10-01", "--wave-end", "2026-10-20"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("imported 1, updated 0, rejected 1 (batch ") and "personal-data columns not stored: ПІБ" in out
    with engine.connect() as conn:
        names = conn.execute(select(schema.survey_wave.c.name_uk, schema.survey_wave.c.name_en)).one()
        raw = conn.execute(select(schema.rejected_row.c.raw)).scalar_one()
    assert tuple(names) == ("W1", "W1")  # the wave's code stands in for the names not given
    assert "Петренко" not in raw
    batch_id = int(import_batches(engine)["id"].iloc[0])
    assert undo_batch(engine, batch_id, role=Role.ADMIN, username="admin") == {"survey_response": 1, "survey_wave": 1}


def test_docs_canonical_columns_are_generated_from_the_registry():
    text = DOC.read_text(encoding="utf-8")
    assert with_canonical_columns(text) == text, "docs/import.md is out of date: run python -m data_access.importing.docs"
    for spec in KINDS.values():
        assert f"### {spec.key} — {spec.label('uk')}" in text


def test_every_kind_of_the_registry_is_complete():
    for spec in KINDS.values():
        assert spec.label("uk") != spec.label("en")
        assert spec.default_source and spec.undo_tables and spec.doc.strip()
        if spec.mapped:
            assert spec.check and spec.write and "external_id" in spec.table.c, spec.key
        else:
            assert spec.settings, spec.key  # what the kind's commit needs instead of a mapping
            for setting in spec.settings.items:
                assert len(setting.keys) == len(setting.options) == len(setting.help)
                translate(setting.label, "uk")
        names = [f.name for f in spec.fields]
        assert len(names) == len(set(names)) and all(g in names for group in spec.one_of for g in group)
        for f in spec.fields:
            assert f.type in TYPES, (spec.key, f.name)
            assert translate(f"imp.field.{f.name}", "uk") != translate(f"imp.field.{f.name}", "en")
            assert (f.ref is not None) == (f.type == "code") and (f.ref is None or len(reference_table(f.ref)))
    with HEADERS.open(encoding="utf-8") as fh:
        alias_kinds = {row["kind"] for row in csv.DictReader(fh)}
    assert alias_kinds <= set(KINDS)
    for kind in alias_kinds:  # every alias names a field of its kind
        assert {field for field, _ in listed_aliases(HEADERS, kind)} <= {f.name for f in KINDS[kind].fields}, kind


# a kind's own modules (its checks, writer, loader) may name it; nothing else may
KIND_MODULES = {"kinds", "survey_loader", *KINDS}


def test_only_the_registry_and_a_kinds_own_modules_name_a_kind():
    files = [p for p in (ROOT / "data_access" / "importing").glob("*.py") if p.stem not in KIND_MODULES]
    files += [ROOT / "data_access" / "cli" / "imports.py", *(ROOT / "pages").glob("*import*.py")]
    named = {f"{p.relative_to(ROOT)}:{n.lineno} {n.value!r}" for p in files
             for n in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
             if isinstance(n, ast.Constant) and n.value in KINDS}
    assert named == set()


def test_record_ids_are_normalised_alike_one_by_one_and_all_at_once():
    """A re-import resolves earlier rejections by normalised record id; the batch form of the
    normalisation (used for 100,000 stored ids) gives what the single one gives, odd texts included."""
    texts = ["AB-12", "  ab  12 ", "О’Ніл", "Oʼneil", "ΟΔΟΣ", "ΑΣ Β", "İstanbul", "x\u00a0\u00a0y", "", "\t", "a\x00b",
             "1202600000001", "Straße"]
    assert norm_values(texts) == [norm_value(t) for t in texts]
    assert norm_values(t for t in texts if "\x00" not in t) == [norm_value(t) for t in texts if "\x00" not in t]
    assert norm_values([]) == []
