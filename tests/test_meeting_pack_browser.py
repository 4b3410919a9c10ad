"""The meeting pack on a machine without Chromium (issue 18, part 7): the command ends with a message in
Ukrainian and English saying what to install or set — not kaleido's ChromeNotFoundError and no
traceback — writes and records nothing; ``browser-check`` (``make run``) says the same once and exits 0."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from data_access import schema
from reports import images
from reports.__main__ import main as reports_main
from tests.factories import add_incidents, at


@pytest.fixture
def small_db(sqlite_engine):
    from datetime import date

    add_incidents(sqlite_engine, [{"occurred_at": at(date(2026, 11, 17))}] * 6)
    return sqlite_engine


@pytest.fixture
def no_chromium(monkeypatch, tmp_path):
    """Nothing kaleido or chromium_path would find: no BROWSER_PATH / CHROMIUM_PATH, a PATH without
    chromium, and Debian's /usr/bin/chromium taken to be absent."""
    monkeypatch.delenv("BROWSER_PATH", raising=False)
    monkeypatch.delenv("CHROMIUM_PATH", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(images, "DEBIAN_CHROMIUM", str(tmp_path / "no-chromium"))
    monkeypatch.setattr(images, "_kaleido_started", False)


def _pack(engine, tmp_path, capsys) -> tuple[int, str]:
    out = tmp_path / "pack.pdf"
    code = reports_main(["meeting-pack", "--week", "2026-W47", "--format", "pdf", "--out", str(out),
                         "--database-url", str(engine.url)])
    assert not out.exists()
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(schema.meeting_pack)).scalar_one() == 0
    return code, capsys.readouterr().err


def test_without_chromium_the_pack_says_what_to_install(small_db, no_chromium, tmp_path, capsys):
    code, err = _pack(small_db, tmp_path, capsys)
    assert code == 4
    assert "apt-get install chromium" in err and "BROWSER_PATH" in err
    assert "браузер Chromium" in err and "Chromium browser" in err
    assert "Traceback" not in err and "kaleido_get_chrome" not in err and "ChromeNotFoundError" not in err


def test_a_browser_path_to_no_file_is_named(small_db, monkeypatch, tmp_path, capsys):
    missing = tmp_path / "chrome-not-here"
    monkeypatch.setenv("BROWSER_PATH", str(missing))
    monkeypatch.setattr(images, "_kaleido_started", False)
    code, err = _pack(small_db, tmp_path, capsys)
    assert code == 4 and str(missing) in err
    assert "такого файлу немає" in err and "there is no such file" in err and "Traceback" not in err


def test_kaleido_not_finding_chrome_becomes_the_same_message(monkeypatch):
    import kaleido
    from choreographer.errors import ChromeNotFoundError

    def refuse(**_kw):
        raise ChromeNotFoundError("Kaleido v1 and later requires Chrome to be installed.")

    monkeypatch.setattr(kaleido, "start_sync_server", refuse)
    monkeypatch.setattr(images, "_kaleido_started", False)
    monkeypatch.setattr(images, "chromium_path", lambda: "/usr/bin/chromium")
    with pytest.raises(images.BrowserMissingError) as caught:
        images.figure_png(images.go.Figure(), what="chart")
    assert "apt-get install chromium" in caught.value.message("en")


def test_browser_check_says_it_once_and_never_fails(no_chromium, capsys):
    assert reports_main(["browser-check"]) == 0
    err = capsys.readouterr().err
    assert err.count("apt-get install chromium") == 2  # one line: Ukrainian / English
    assert "Дашборд працюватиме" in err and "The dashboard works" in err


def test_browser_check_is_silent_with_a_browser(monkeypatch, capsys, tmp_path):
    browser = tmp_path / "chromium"
    browser.write_text("")
    monkeypatch.setenv("BROWSER_PATH", str(browser))
    assert reports_main(["browser-check"]) == 0
    assert capsys.readouterr().err == ""
