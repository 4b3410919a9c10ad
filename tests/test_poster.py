"""The residents' poster (issue 22): ``python -m reports meeting-pack --format poster`` writes one
A4 (or A3) PDF page whose text holds the card's Cyrillic headings and figures, and a QR code to
the public page that a QR reader (zbarimg) decodes back to the page's address; the overview offers
it as a download."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, datetime

import pytest

from data_access.priorities import PriorityInput, create_priority
from domain.i18n import translate
from reports.__main__ import main
from reports.poster import page_url
from tests.conftest import skip_or_fail
from tests.factories import BUCHA, add_requests, ids

BASE = "https://hromada.example.org"
URL = f"{BASE}/public?hromada={BUCHA}"
HEADINGS = ("public.section_said", "public.section_agreed", "public.section_contacts")


@pytest.fixture
def db(sqlite_engine):
    create_priority(sqlite_engine, role="prosecutor", username="p", hromada_id=ids(sqlite_engine)[BUCHA],
                    data=PriorityInput(title_uk="Тиша вночі", start=date(2026, 1, 1), end=date(2026, 12, 31),
                                       agreed_via="meeting", agreed_on=date(2025, 12, 1)))
    add_requests(sqlite_engine, [{"received_at": datetime(2026, 8, 12, 10), "topic": "utilities_housing"}] * 9)
    return str(sqlite_engine.url)


def _pdf_text(path) -> str:
    if shutil.which("pdftotext"):
        return subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True,
                              check=True).stdout
    pytest.skip("pdftotext (poppler-utils) is not installed: cannot read the PDF's text")


def _pages(path) -> tuple[int, str]:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    return int(fields["Pages"]), fields["Page size"].strip()


@pytest.mark.parametrize(("lang", "paper"), [("uk", "A4"), ("en", "A3")])
def test_poster_from_the_cli(db, tmp_path, capsys, lang, paper):
    out = tmp_path / "poster.pdf"
    code = main(["meeting-pack", "--database-url", db, "--week", "2026-W47", "--hromada", BUCHA, "--lang", lang,
                 "--format", "poster", "--paper", paper, "--base-url", BASE, "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    text = " ".join(_pdf_text(out).split())
    for key in ("public.title", *HEADINGS):
        assert " ".join(translate(key, lang).split()) in text
    assert "Тиша вночі" in text  # a priority typed in Ukrainian stays Cyrillic in the English poster too
    assert translate("public.agreed_on_via", lang, date="", via="").split()[0] in text
    housing = {"uk": "Житлово-комунальні питання: 9", "en": "Housing and utilities: 9"}[lang]
    assert housing in text  # 9 requests in the quarter of whole weeks 29.06–27.09.2026
    pages, size = _pages(out)
    assert pages == 1 and size.endswith({"A4": "(A4)", "A3": "(A3)"}[paper])
    assert page_url(BASE, hromada_code=BUCHA, lang=lang) in "".join(text.split())  # printed under the code


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_the_printed_qr_code_reads_back_as_the_page_address(db, tmp_path, capsys, lang):
    """The poster printed to a 150 dpi picture (pdftoppm) and read by a QR reader (zbarimg): the
    code holds the public page's address in the poster's language."""
    if not (shutil.which("pdftoppm") and shutil.which("zbarimg")):
        skip_or_fail("pdftoppm (poppler-utils) and zbarimg (zbar-tools) are needed to read the QR code back")
    out = tmp_path / "poster.pdf"
    assert main(["meeting-pack", "--database-url", db, "--week", "2026-W47", "--hromada", BUCHA, "--lang", lang,
                 "--format", "poster", "--base-url", BASE, "--out", str(out)]) == 0, capsys.readouterr().err
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(out), str(tmp_path / "poster")], check=True)
    read = subprocess.run(["zbarimg", "--quiet", "--raw", str(tmp_path / "poster.png")], capture_output=True,
                          text=True)
    assert read.stdout.strip().splitlines() == [page_url(BASE, hromada_code=BUCHA, lang=lang)], read.stderr


def test_page_address():
    assert page_url(BASE + "/", hromada_code=BUCHA, lang="uk") == URL
    assert page_url(BASE, hromada_code=BUCHA, lang="en") == URL + "&lang=en"
