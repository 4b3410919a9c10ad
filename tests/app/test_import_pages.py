"""The import and import-log pages: upload, map, preview, commit in AppTest, in both languages and
for the roles that matter."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from data_access.importing.kinds import KINDS
from domain.i18n import translate

FIXTURES = Path(__file__).resolve().parent.parent / "data" / "fixtures"


@pytest.fixture
def open_in(open_page):
    """open_page for these tests: a page in a language (``?lang=``) and a role."""

    def _open(page: str, *, lang: str = "uk", role: str | None = None):
        return open_page(page, lang=lang, role=role)

    return _open


def _texts(at) -> str:
    parts = [e.value for e in (*at.error, *at.warning, *at.info, *at.success, *at.caption, *at.markdown)]
    return " ".join(str(p) for p in parts)


@pytest.fixture
def english_outside_the_script(monkeypatch):
    """pages/import.py's source-kind selectbox translates in its ``format_func``, which AppTest
    calls again in the test process on a rerun, where the session's language is unknown: pin
    ``current_lang`` to English there until that page builds its labels inside the run (the
    sidebar filters no longer need this)."""
    import components.state as state

    original = state.current_lang
    for module in list(sys.modules.values()):
        if getattr(module, "current_lang", None) is original:
            monkeypatch.setattr(module, "current_lang", lambda: "en")


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_import_page_upload_preview_and_commit(open_in, lang, request):
    if lang == "en":
        request.getfixturevalue("english_outside_the_script")
    at = open_in("pages/import.py", lang=lang, role="prosecutor")
    assert not at.exception
    assert at.title[0].value == ("Імпорт даних" if lang == "uk" else "Data import")
    content = (FIXTURES / "incidents_bom_semicolon.csv").read_bytes()
    bad = content + "12026009;01.01.2099;Марс;;;KK-185;\n".encode()
    at.file_uploader(key="imp_file").set_value(("police.csv", bad, "text/csv")).run()
    assert not at.exception
    ext = [sb.value for sb in at.selectbox if sb.key and sb.key.startswith("imp_map_") and sb.key.endswith("_external_id")]
    assert ext == ["Номер ЄРДР"]  # guessed from the Ukrainian header
    labels = [m.label for m in at.metric]
    values = [m.value for m in at.metric]
    # the demo database is shared by the tests of this session: the rows are new once, then updates
    assert values[0] == "4" and values[3] == "1" and int(values[1]) + int(values[2]) == 3, (labels, values)
    frame = at.dataframe[0].value
    problems = frame.iloc[:, 1].tolist()
    text = problems[-1] if problems else ""
    assert ("у майбутньому" if lang == "uk" else "in the future") in text
    at.button(key="imp_commit").click().run()
    assert not at.exception
    done = " ".join(s.value for s in at.success)
    assert ("відхилено 1" if lang == "uk" else "rejected 1") in done


@pytest.mark.parametrize("kind", list(KINDS))
def test_import_page_asks_for_what_the_registry_says(open_in, kind):
    """A mapped kind's fields make the mapping grid (labelled, required marked); a kind with
    settings gets their inputs instead."""
    spec = KINDS[kind]
    at = open_in("pages/import.py", lang="uk", role="prosecutor")
    at.selectbox(key="imp_kind").set_value(kind).run()
    at.file_uploader(key="imp_file").set_value(("any.csv", b"a,b\n1,2\n", "text/csv")).run()
    assert not at.exception
    # grid keys: imp_map_<kind>_<file hash>_<field>
    prefix = f"imp_map_{kind}_"  # a kind's key may hold "_" itself (protective_orders)
    grid = {sb.key[len(prefix):].split("_", 1)[1]: sb.label for sb in at.selectbox
            if sb.key and sb.key.startswith(prefix)}
    assert grid == {f.name: translate("imp.required_mark" if f.required else "imp.field_label", "uk", field=f.name,
                                      label=translate(f"imp.field.{f.name}", "uk")) for f in spec.fields}
    asked = [w.label for w in (*at.text_input, *at.date_input) if w.key and w.key.startswith(f"imp_{kind}_")]
    settings = spec.settings.items if spec.settings else ()
    assert asked == [translate(setting.label, "uk") for setting in settings]


def test_import_page_refuses_a_file_with_a_clear_message(open_in):
    at = open_in("pages/import.py", lang="uk", role="prosecutor")
    at.file_uploader(key="imp_file").set_value(("x.csv", b"a,b\n", "text/csv")).run()
    assert not at.exception
    assert "немає жодного рядка даних" in " ".join(e.value for e in at.error)


def test_import_page_is_not_offered_to_partners(open_in):
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        open_in("pages/import.py", lang="uk")


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_import_log_shows_quality_and_batches(open_in, lang):
    at = open_in("pages/import-log.py", lang=lang, role="prosecutor")
    assert not at.exception
    assert at.title[0].value == ("Журнал імпорту" if lang == "uk" else "Import log")
    quality = at.dataframe[0].value
    assert ("Запізнілі" if lang == "uk" else "Late") in " ".join(quality.columns)
    assert "demo" in quality.iloc[:, 1].tolist()


def test_import_log_admin_sees_batches_but_not_rejected_rows(open_in):
    at = open_in("pages/import-log.py", lang="uk", role="admin")
    assert not at.exception
    at.toggle(key="imp_log_demo").set_value(True).run()
    assert not at.exception
    assert "доступні лише прокурору" in _texts(at) or at.selectbox(key="imp_log_batch") is not None


def test_import_page_reads_an_upload_once(open_in, monkeypatch):
    """Every widget change reruns the page: the file is read on upload only, not on each rerun."""
    import data_access.importing.read as read

    calls = []
    real = read.read_csv_bytes
    monkeypatch.setattr(read, "read_csv_bytes", lambda content: calls.append(len(content)) or real(content))
    at = open_in("pages/import.py", lang="uk", role="prosecutor")
    content = (FIXTURES / "incidents_bom_semicolon.csv").read_bytes()
    at.file_uploader(key="imp_file").set_value(("police.csv", content, "text/csv")).run()
    at.toggle(key="imp_only_problems").set_value(True).run()
    grid = next(sb for sb in at.selectbox if sb.key and sb.key.endswith("_description"))
    grid.set_value("").run()
    at.checkbox(key="imp_remember").set_value(False).run()
    assert not at.exception
    assert calls == [len(content)]
    other = content.replace(b"12026001", b"12026091")
    at.file_uploader(key="imp_file").set_value(("police.csv", other, "text/csv")).run()
    assert calls == [len(content), len(other)]  # another file is read again


def test_import_page_refuses_a_file_beyond_the_caps_with_its_message(open_in):
    at = open_in("pages/import.py", lang="uk", role="prosecutor")
    content = (",".join(["ab"] * 4000) + "\n" + ",".join(["1"] * 4000) + "\n").encode()
    at.file_uploader(key="imp_file").set_value(("headers.csv", content, "text/csv")).run()
    assert not at.exception
    errors = " ".join(e.value for e in at.error)
    assert "Файл не імпортовано: у файлі 4\u00a0000 стовпців, а можна щонайбільше 200." in errors
    assert not [sb for sb in at.selectbox if sb.key and sb.key.startswith("imp_map_")]  # stopped before the mapping


def test_import_page_says_which_columns_are_withheld_and_why(open_in):
    at = open_in("pages/import.py", lang="uk", role="prosecutor")
    content = ("Номер ЄРДР;Дата події;Категорія;Email;Дод. відомості\n"
               "P-1;01.11.2026;Крадіжка;a@b.ua;+380 67 123 45 67\n").encode()
    at.text_input(key="imp_source_incidents").set_value("pii-test").run()  # no saved mapping for this source
    at.file_uploader(key="imp_file").set_value(("pii.csv", content, "text/csv")).run()
    assert not at.exception
    warning = " ".join(w.value for w in at.warning)
    assert ("Стовпці з персональними даними не зберігаються: Email — назва стовпця вказує на персональні дані; "
            "Дод. відомості — значення схожі на номери телефонів чи податкові номери") in warning
    assert not at.error, [e.value for e in at.error]
    shown = at.dataframe[0].value
    assert "Email" not in shown.columns and "Дод. відомості" not in shown.columns


def test_import_log_downloads_are_audited(open_in, demo_db_url, monkeypatch):
    """The log and a batch's rejected rows are offered through components.downloads.audited_download:
    taking either writes an 'export' entry naming the user."""
    import streamlit as st

    from data_access.audit import recent
    from data_access.engine import make_engine
    from data_access.importing.pipeline import import_file
    from domain.roles import Role

    engine = make_engine(demo_db_url)
    content = "external_id,occurred_at,category\nAUD-1,01.11.2026,theft\nAUD-2,не дата,theft\n".encode()
    batch = import_file(engine, role=Role.PROSECUTOR, kind="incidents", content=content, file_name="audit.csv",
                        source="audit-test", created_by="test-prosecutor").batch_id
    taken: dict[str, bytes] = {}

    def click(label, data, **kwargs):  # the browser asks for an import log file: the button's callable runs
        if kwargs["file_name"] == "import_log.csv" or kwargs["file_name"].startswith("rejected_batch_"):
            taken[kwargs["file_name"]] = data()
        return False

    monkeypatch.setattr(st, "download_button", click)
    at = open_in("pages/import-log.py", lang="uk", role="prosecutor")
    assert not at.exception
    assert set(taken) == {"import_log.csv", f"rejected_batch_{batch}.csv"}
    assert "не дата" in taken[f"rejected_batch_{batch}.csv"].decode("utf-8-sig")
    exports = recent(engine, role=Role.ADMIN, action="export", username="test-prosecutor")
    what = {d["what"]: d for d in exports["detail"]}
    assert what["rejected_rows"]["batch_id"] == batch and what["rejected_rows"]["file_name"] == f"rejected_batch_{batch}.csv"
    assert what["import_log"]["bytes"] == len(taken["import_log.csv"])
    engine.dispose()


# -- issue 18: the value step, options saved with the profile, duplicates across sources -------------
@pytest.fixture
def police_db(demo_db_url, tmp_path, monkeypatch):
    """A copy of the demo database (this test commits and saves profiles) with the police.uk file's
    columns saved as the profile of source "police_uk" (no value map yet)."""
    import shutil

    from data_access.engine import make_engine
    from data_access.importing.log import save_import_profile
    from data_access.importing.profile import Profile
    from tests.police_uk import COLUMNS

    target = tmp_path / "police.db"
    shutil.copy(Path(demo_db_url.removeprefix("sqlite:///")), target)
    url = f"sqlite:///{target}"
    engine = make_engine(url)
    save_import_profile(engine, kind="incidents", source="police_uk",
                        profile=Profile({f: c for c, f in COLUMNS.items()}))
    engine.dispose()
    monkeypatch.setenv("DATABASE_URL", url)
    return url


def _value_boxes(at) -> dict[str, object]:
    """The value step's selectboxes by their label as shown (the value in it is markdown-escaped)."""
    return {sb.label.replace("\\", ""): sb for sb in at.selectbox if sb.key and sb.key.startswith("imp_val_")}


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_value_step_choices_are_saved_and_a_second_import_asks_nothing(open_in, police_db, lang, request):
    from tests.police_uk import VALUES, police_csv

    if lang == "en":
        request.getfixturevalue("english_outside_the_script")
    at = open_in("pages/import.py", lang=lang, role="prosecutor")
    at.text_input(key="imp_source_incidents").set_value("police_uk").run()
    at.file_uploader(key="imp_file").set_value(("2026-10-street.csv", police_csv(), "text/csv")).run()
    assert not at.exception
    boxes = _value_boxes(at)
    label = "«{}» · рядків: {}" if lang == "uk" else "'{}' · rows: {}"
    other_theft = boxes[label.format("Other theft", 1)]
    assert other_theft.value is None or other_theft.value == ""  # not recognised: the user must choose
    assert boxes[label.format("Буча", 3)].value == VALUES["settlement"]["Bucha"]  # recognised by name
    unknown = " ".join(w.value for w in at.warning)
    assert ("Не розпізнано значень" if lang == "uk" else "Values not recognised") in unknown
    for field in ("category", "status"):
        for value, key in VALUES[field].items():
            n = 2 if value == "Anti-social behaviour" else 1
            boxes[label.format(value, n)].set_value(key)
    boxes[label.format("Bucha", 1)].set_value(VALUES["settlement"]["Bucha"])
    at.run()
    at.checkbox(key=next(c.key for c in at.checkbox if c.key.startswith("imp_gen_"))).check().run()
    assert not at.exception
    assert [m.value for m in at.metric][:4] == ["5", "5", "0", "0"]  # no row rejected
    assert not any(("Не розпізнано" if lang == "uk" else "not recognised") in w.value for w in at.warning)
    at.button(key="imp_commit").click().run()
    assert ("відхилено 0" if lang == "uk" else "rejected 0") in " ".join(s.value for s in at.success)

    # a new session: the source defaults to the one used last, the saved values are chosen, nothing is asked
    again = open_in("pages/import.py", lang=lang, role="prosecutor")
    assert again.text_input(key="imp_source_incidents").value == "police_uk"
    again.file_uploader(key="imp_file").set_value(("2026-11-street.csv", police_csv(), "text/csv")).run()
    assert not again.exception
    assert _value_boxes(again)[label.format("Other theft", 1)].value == "theft"
    assert not any(("Не розпізнано" if lang == "uk" else "not recognised") in w.value for w in again.warning)
    assert next(c for c in again.checkbox if c.key.startswith("imp_gen_")).value is True
    assert [m.value for m in again.metric][:4] == ["5", "0", "5", "0"]  # the same rows: all updates

    # the same file under another source name: the preview says they are stored already, and where
    again.text_input(key="imp_source_incidents").set_value("police").run()
    warned = " ".join(w.value for w in again.warning)
    assert ("під джерелом «police_uk»: 5" if lang == "uk" else "under source 'police_uk': 5") in warned


def test_a_personal_looking_header_mapped_to_a_field_is_asked_about(open_in, police_db):
    at = open_in("pages/import.py", lang="uk", role="prosecutor")
    content = "Номер ЄРДР;Дата події;Категорія;Name\nN-1;01.11.2026;Крадіжка;Буча\n".encode()
    at.text_input(key="imp_source_incidents").set_value("named").run()
    at.file_uploader(key="imp_file").set_value(("named.csv", content, "text/csv")).run()
    settlement = next(sb for sb in at.selectbox if sb.key and sb.key.startswith("imp_map_") and sb.key.endswith("_settlement"))
    settlement.set_value("Name").run()
    assert not at.exception
    ask = next(c for c in at.checkbox if c.key.startswith("imp_keep_"))
    assert ask.label == "Стовпець «Name» схожий на персональні дані; ви зіставили його з полем «Населений пункт». Зберегти його?"
    assert ask.value is False and "Name" not in at.dataframe[0].value.columns  # not kept until confirmed
    ask.check().run()
    assert "Name" in at.dataframe[0].value.columns
    assert "Name → settlement" in " ".join(c.value for c in at.caption)


def test_a_survey_tools_export_imports_on_the_page_with_the_profile_saved_for_its_source(open_in, police_db):
    """Part 8: the KoboToolbox example of docs/examples/ with its profile saved for source "kobo"."""
    from datetime import date

    from data_access.engine import make_engine
    from data_access.importing.log import save_import_profile
    from data_access.importing.profile import load_mapping_file
    from tests.conftest import ROOT

    examples = ROOT / "docs" / "examples"
    engine = make_engine(police_db)
    save_import_profile(engine, kind="survey", source="kobo",
                        profile=load_mapping_file(str(examples / "kobo_safety_survey.profile.json")))
    engine.dispose()
    at = open_in("pages/import.py", lang="uk", role="prosecutor")
    at.selectbox(key="imp_kind").set_value("survey").run()
    at.text_input(key="imp_source_survey").set_value("kobo").run()
    content = (examples / "kobo_safety_survey.csv").read_bytes()
    at.file_uploader(key="imp_file").set_value(("kobo.csv", content, "text/csv")).run()
    assert "Застосовано збережену відповідність стовпців для джерела «kobo»." in _texts(at)
    at.text_input(key="imp_survey_wave_code").set_value("2026-10").run()
    at.text_input(key="imp_survey_name_uk").set_value("Жовтень 2026").run()
    at.date_input(key="imp_survey_start_date_end_date").set_value((date(2026, 10, 1), date(2026, 10, 20))).run()
    at.button(key="imp_commit").click().run()
    assert not at.exception
    assert "Готово: додано 5, оновлено 0, відхилено 0" in " ".join(s.value for s in at.success)
