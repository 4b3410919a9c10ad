"""The residents' report card on a phone (issue 22): /public opened by a visitor who has not signed
in, at 390×844, in Ukrainian and English — no horizontal scrolling, no sidebar over the content,
the section headings visible — where PUBLIC_ACCESS is public_page and where it is partner_view."""

from __future__ import annotations

import os

import pytest

from domain.i18n import translate
from tests.browser.conftest import StreamlitServer
from tests.browser.harness import ROOT, SCREENSHOTS, PageWatch, open_page

PHONE = {"width": 390, "height": 844}
BUCHA = "UA32080070000050759"
HEADINGS = ("public.section_said", "public.section_agreed", "public.section_contacts")


@pytest.fixture(scope="module")
def public_page_server(demo_database_url, tmp_path_factory):
    """The dashboard where visitors get the public pages and the sign-in only."""
    env = {**os.environ, "DATABASE_URL": demo_database_url, "PUBLIC_ACCESS": "public_page"}
    server = StreamlitServer(ROOT / "app.py", cwd=ROOT, env=env, log=tmp_path_factory.mktemp("public") / "app.log")
    yield server
    server.stop()


def _phone_page(browser):
    context = browser.new_context(viewport=PHONE, locale="uk-UA", is_mobile=True, has_touch=True,
                                  device_scale_factor=2)
    page = context.new_page()
    page.watch = PageWatch()
    page.watch.attach(page)
    return page


def _check(page, url: str, lang: str, name: str) -> None:
    open_page(page, url)
    page.wait_for_timeout(300)  # late layout (fonts, badges)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"{name}: the page scrolls sideways ({widths[0]} > {widths[1]} px)"
    assert page.locator("h1").first.inner_text().strip() == translate("public.title", lang)
    for n, key in enumerate(HEADINGS):
        heading = page.locator("h2").filter(has_text=translate(key, lang)).first
        heading.scroll_into_view_if_needed()
        assert heading.is_visible(), f"{name}: heading {key} is not visible"
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{n + 1}.png"))  # the page scrolls inside Streamlit's main box
    sidebar = page.locator("[data-testid=stSidebar]")
    assert sidebar.count() == 0 or not sidebar.first.is_visible(), f"{name}: a sidebar is shown"
    assert page.get_by_text(translate("public.demo", lang)).first.is_visible()  # demo data labelled


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_public_page_on_a_phone(public_page_server, browser, lang):
    page = _phone_page(browser)
    try:
        _check(page, f"{public_page_server.url}/public?hromada={BUCHA}&lang={lang}", lang, f"public-phone-{lang}")
    except AssertionError as exc:
        raise AssertionError(f"{exc}\n--- server log ---\n{public_page_server.log_tail()}") from None
    finally:
        page.context.close()


def test_public_page_on_a_phone_in_partner_view(app_server, browser):
    page = _phone_page(browser)
    try:
        _check(page, f"{app_server.url}/public?hromada={BUCHA}&lang=en", "en", "public-phone-partner-view-en")
    finally:
        page.context.close()


def test_public_page_prints_whole(public_page_server, browser, tmp_path):
    """Printed (print CSS), the card runs over as many sheets as it needs — down to the last mobile
    reception —, not just the screen Streamlit's scrolling box shows."""
    import shutil
    import subprocess

    from tests.browser.harness import new_page

    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    page = new_page(browser)
    try:
        open_page(page, f"{public_page_server.url}/public?hromada={BUCHA}")
        page.emulate_media(media="print")
        page.pdf(path=str(tmp_path / "print.pdf"), format="A4", print_background=True)
    finally:
        page.context.close()
    text = " ".join(subprocess.run(["pdftotext", str(tmp_path / "print.pdf"), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    assert translate("public.section_contacts", "uk") in text and "Блиставиця" in text
    assert "Увійти" not in text  # no sign-in form or sidebar on paper
