"""Real data in without a script (issue 18, parts 2–6), on a small police.uk-shaped street-level file
made here (Bucha coordinates, settlement names in `LSOA name`, anti-social behaviour rows without a
Crime ID): value mapping saved with the profile and reused, both mapping-file shapes, profiles from
the command line, the refusal that names --mapping, place headers that are no personal data,
duplicates across sources, and IDs made from a row's content."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from sqlalchemy import func, select

from data_access import schema
from data_access.__main__ import main as cli
from data_access.importing.log import import_profile, save_import_profile
from data_access.importing.pipeline import import_file, prepare, preview
from data_access.importing.profile import Profile, profile_from_text
from domain.roles import Role
from tests.factories import BUCHA, BUCHA_CITY, VORZEL, ids
from tests.police_uk import ASB, COLUMNS, PROFILE, ROWS, VALUES, police_csv

NOW = datetime(2026, 11, 20, 12, 0)


@pytest.fixture
def files(tmp_path):
    data = tmp_path / "2026-10-kyiv-street.csv"
    data.write_bytes(police_csv())
    profile = tmp_path / "police_uk.json"
    profile.write_text(json.dumps(PROFILE, ensure_ascii=False), encoding="utf-8")
    return data, profile


def _cli(engine, *args: str) -> int:
    return cli(["import", "--kind", "incidents", *args, "--database-url", engine.url.render_as_string(hide_password=False)])


def _incidents(engine, source: str | None = None) -> dict[str, tuple]:
    i = schema.incident
    q = select(i.c.external_id, i.c.category, i.c.status, i.c.settlement_id, i.c.severity)
    if source:
        q = q.where(i.c.source == source)
    with engine.connect() as conn:
        return {r.external_id: r for r in conn.execute(q)}


def test_the_profile_maps_values_keeps_lsoa_names_and_makes_ids(engine, files, capsys):
    data, profile = files
    assert _cli(engine, str(data), "--source", "police_uk", "--mapping", str(profile)) == 0
    out = capsys.readouterr().out
    assert out.startswith("imported 5, updated 0, rejected 0")
    assert "LSOA name" not in out  # a place's name: neither withheld nor asked about
    got = _incidents(engine)
    known = ids(engine)
    assert got["c-1"][1:4] == ("theft", "under_investigation", known[BUCHA_CITY])
    assert got["c-2"][1:4] == ("other", "other", known[VORZEL])  # the catch-all category and status
    assert got["c-2"].severity == "undetermined"  # no article: the class is not determined
    assert got["c-3"][1:4] == ("vehicle_theft", "closed", known[BUCHA_CITY])  # "Bucha" mapped to the city's code
    made = sorted(k for k in got if k.startswith("gen-"))
    assert len(made) == 2 and made[0][:-2] == made[1][:-2]  # identical rows: same hash, positions 1 and 2
    assert {got[k].category for k in made} == {"public_order"}


def test_without_the_value_mapping_unknown_values_are_rejected(engine, files, capsys):
    data, _ = files
    flat = data.with_name("flat.json")
    flat.write_text(json.dumps(COLUMNS), encoding="utf-8")  # the old flat form {"file column": "field"}
    assert _cli(engine, str(data), "--source", "police_uk", "--mapping", str(flat)) == 1
    out = capsys.readouterr().out
    # the flat form maps the columns; without values the police categories are unknown, and the two
    # anti-social behaviour rows have no Crime ID
    assert out.startswith("imported 0, updated 0, rejected 5")


def test_flat_mapping_file_and_csv_mapping_file_still_work(engine, tmp_path, capsys):
    data = tmp_path / "theft.csv"
    data.write_bytes(police_csv([[*ROWS[0][:9], "theft", "", ""]]))
    flat = tmp_path / "flat.json"
    flat.write_text(json.dumps(COLUMNS), encoding="utf-8")
    assert _cli(engine, str(data), "--source", "a", "--mapping", str(flat)) == 0
    as_csv = tmp_path / "mapping.csv"
    as_csv.write_text("column,field\n" + "".join(f"{c},{f}\n" for c, f in COLUMNS.items()), encoding="utf-8")
    assert _cli(engine, str(data), "--source", "b", "--mapping", str(as_csv)) == 0
    assert set(_incidents(engine, "a")) == set(_incidents(engine, "b")) == {"c-1"}


def test_save_profile_then_a_plain_import_reuses_it_values_and_options_included(engine, files, capsys):
    data, profile = files
    assert _cli(engine, str(data), "--source", "police_uk", "--mapping", str(profile), "--save-profile") == 0
    out = capsys.readouterr().out
    assert "profile saved for source 'police_uk'" in out and "профіль збережено для джерела «police_uk»" in out
    saved = import_profile(engine, kind="incidents", source="police_uk")
    assert saved.columns == {f: c for c, f in COLUMNS.items()} and saved.values == VALUES and saved.generate_ids
    # the next month's file, no --mapping: the saved profile maps columns and values and makes the IDs
    again = _cli(engine, str(data), "--source", "police_uk")
    assert again == 0
    assert capsys.readouterr().out.startswith("imported 0, updated 5, rejected 0")
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(schema.incident)).scalar_one() == 5


def test_a_stored_flat_profile_still_reads(engine):
    with engine.begin() as conn:
        conn.execute(schema.import_mapping_profile.insert().values(
            kind="incidents", source="old", mapping=json.dumps({"N": "external_id", "When": "occurred_at"}),
            updated_at=NOW))
    assert import_profile(engine, kind="incidents", source="old") == Profile({"external_id": "N", "occurred_at": "When"})
    # saving over it keeps the values met before and adds the new ones
    save_import_profile(engine, kind="incidents", source="old", profile=Profile(values={"category": {"A": "theft"}}))
    save_import_profile(engine, kind="incidents", source="old", profile=Profile(values={"category": {"B": "other"}}))
    assert import_profile(engine, kind="incidents", source="old").values == {"category": {"A": "theft", "B": "other"}}


def test_refusal_names_the_mapping_option_and_what_was_guessed(engine, files, capsys):
    data, _ = files
    assert _cli(engine, str(data), "--source", "police_uk") == 2
    out = capsys.readouterr().out
    assert "required columns are missing: external_id, occurred_at" in out
    en = next(line for line in out.splitlines() if line.startswith("Map the columns"))
    uk = next(line for line in out.splitlines() if line.startswith("Зіставте стовпці"))
    for line in (en, uk):
        assert "--mapping" in line and "--save-profile" in line
        assert "Longitude -> lon" in line and "Latitude -> lat" in line  # guessed
        assert "Crime ID" in line and "Month" in line and "Crime type" in line  # not matched
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(schema.import_batch)).scalar_one() == 0


def test_a_name_mapped_to_a_field_is_asked_about_and_kept_only_with_the_flag(engine, tmp_path, capsys):
    data = tmp_path / "named.csv"
    data.write_text("ID,Date,Name,Category\n1,01.11.2026,Буча,theft\n", encoding="utf-8")
    mapping = tmp_path / "m.json"
    mapping.write_text(json.dumps({"columns": {"ID": "external_id", "Date": "occurred_at", "Name": "settlement",
                                               "Category": "category"}}), encoding="utf-8")
    assert _cli(engine, str(data), "--mapping", str(mapping), "--save-profile") == 0
    out = capsys.readouterr().out
    assert "column 'Name' looks like personal data and was not stored although mapped to settlement" in out
    assert '--keep-personal "Name"' in out
    assert _incidents(engine)["1"].settlement_id is None
    assert _cli(engine, str(data)) == 0  # the saved profile keeps the column mapped: it asks again
    assert "column 'Name' looks like personal data" in capsys.readouterr().out
    assert _cli(engine, str(data), "--keep-personal", "Name", "--save-profile") == 0
    assert "stored although the header looks personal (kept as confirmed): Name -> settlement" in capsys.readouterr().out
    assert _incidents(engine)["1"].settlement_id == ids(engine)[BUCHA_CITY]
    # the decision is saved with the profile: a plain import keeps the column without asking
    assert _cli(engine, str(data)) == 0
    assert "looks like personal data" not in capsys.readouterr().out


def test_ids_already_stored_under_another_source_are_counted_in_preview_and_output(engine, files, capsys):
    data, profile = files
    assert _cli(engine, str(data), "--source", "police_uk", "--mapping", str(profile)) == 0
    capsys.readouterr()
    prepared = prepare(data.read_bytes(), data.name, "incidents", profile_from_text(profile.read_text()))
    pv = preview(engine, prepared, source="police", hromada_id=ids(engine)[BUCHA], now=NOW)
    assert pv.other_sources == {"police_uk": 5} and pv.new == 5
    assert preview(engine, prepared, source="police_uk", hromada_id=ids(engine)[BUCHA], now=NOW).other_sources == {}
    assert _cli(engine, str(data), "--source", "police", "--mapping", str(profile)) == 0
    out = capsys.readouterr().out
    assert "Records of this file already stored under source 'police_uk': 5" in out
    assert "У файлі записів, які вже є в базі під джерелом «police_uk»: 5" in out


def test_generated_ids_make_a_reimport_update_and_keep_identical_rows(engine):
    content = police_csv()
    kw = dict(role=Role.PROSECUTOR, kind="incidents", file_name="f.csv", source="police_uk", now=NOW,
              mapping=Profile({f: c for c, f in COLUMNS.items()}, VALUES, {"generate_ids": True}))
    first = import_file(engine, content=content, **kw)
    assert (first.imported, first.updated, first.rejected) == (5, 0, 0)
    again = import_file(engine, content=content, **kw)
    assert (again.imported, again.updated, again.rejected) == (0, 5, 0)
    generated = [k for k in _incidents(engine) if k.startswith("gen-")]
    assert len(generated) == 2  # both identical anti-social behaviour rows are kept, once each
    # one more identical row in the next file is one more record, the first two update
    third = import_file(engine, content=police_csv([*ROWS, ASB]), **kw)
    assert (third.imported, third.updated) == (1, 5)


def test_other_is_a_category_and_a_status_of_the_reference_lists(engine, tmp_path):
    content = "external_id,occurred_at,category,status\n1,01.11.2026,other,other\n2,01.11.2026,Інше правопорушення,\n"
    r = import_file(engine, role=Role.PROSECUTOR, kind="incidents", content=content.encode(), file_name="o.csv",
                    source="t", now=NOW)
    assert (r.imported, r.rejected) == (2, 0)
    got = _incidents(engine)
    assert got["1"][1:3] == ("other", "other") and got["2"][1:3] == ("other", "registered")


@pytest.mark.parametrize("text", ['{"columns": {"Crime ID": 5}}', '{"values": {"category": ["theft"]}}',
                                  '{"columns": {}, "options": [1]}', "a;b\n1;2\n"])
def test_a_mapping_file_of_another_shape_is_refused_with_what_it_expects(engine, files, text, capsys):
    data, _ = files
    bad = data.with_name("bad_mapping.json")
    bad.write_text(text, encoding="utf-8")
    assert _cli(engine, str(data), "--mapping", str(bad)) == 2
    err = capsys.readouterr().err
    assert f"cannot read the mapping file {bad}: " in err and ("expected" in err or "column,field" in err)
    assert f"не вдається прочитати файл відповідності стовпців {bad}" in err


def test_the_source_time_zone_is_saved_with_the_profile(engine, tmp_path, capsys):
    """`--timezone` with `--save-profile`: the next file of that source is read in the same zone without
    being told (23:30 in London in January is 01:30 the next day in Kyiv)."""
    first, second = tmp_path / "jan.csv", tmp_path / "feb.csv"
    first.write_text("id,occurred_at,category\nt-1,15.01.2024 23:30,theft\n", encoding="utf-8")
    second.write_text("id,occurred_at,category\nt-2,15.02.2024 23:30,theft\n", encoding="utf-8")
    assert _cli(engine, str(first), "--source", "uk_force", "--timezone", "Europe/London", "--save-profile") == 0
    assert import_profile(engine, kind="incidents", source="uk_force").options["timezone"] == "Europe/London"
    assert _cli(engine, str(second), "--source", "uk_force") == 0
    i = schema.incident
    with engine.connect() as conn:
        days = dict(conn.execute(select(i.c.external_id, i.c.occurred_date)).all())
    assert (str(days["t-1"]), str(days["t-2"])) == ("2024-01-16", "2024-02-16")
