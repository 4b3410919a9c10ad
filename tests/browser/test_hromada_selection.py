"""In Chromium, on a database with Bucha raion's three hromadas: an account scoped to Irpin that arrives with a link
to the whole raion and to Bucha sees Irpin only, on every page of its role; an unscoped prosecutor's raion view draws
the three hromadas' outlines on the map."""

from __future__ import annotations

import os
from datetime import date
from urllib.parse import quote

import pytest

from data_access.engine import make_engine
from data_access.scopes import set_scope
from data_access.users import add_user
from display.navigation import PAGES
from domain.i18n import translate
from domain.roles import Role
from tests.browser.conftest import StreamlitServer, _require_chromium
from tests.browser.harness import MAP_IFRAME, ROOT, new_page, open_page, wait_idle
from tests.browser.test_accessibility import _open_in_app
from tests.browser.test_pages import _sign_in
from tests.factories import BUCHA, HOSTOMEL, IRPIN, RAION_NAMES, raion_database

RAION = quote("Київська область|Бучанський район")
PASSWORD = "a long browser password 2026"


@pytest.fixture(scope="module")
def raion_server(tmp_path_factory):
    _require_chromium()
    folder = tmp_path_factory.mktemp("raion-browser")
    url = raion_database(folder, today=date.today(), weeks=16)
    engine = make_engine(url)
    for name in ("irpin.only", "raion.prosecutor"):
        add_user(engine, username=name, role=Role.PROSECUTOR, password=PASSWORD)
    set_scope(engine, role=Role.ADMIN, username="irpin.only", hromadas=[IRPIN], actor="test")
    engine.dispose()
    env = {**os.environ, "DATABASE_URL": url, "PUBLIC_ACCESS": "partner_view"}
    server = StreamlitServer(ROOT / "app.py", cwd=ROOT, env=env, log=folder / "app.log")
    yield server
    server.stop()


def test_an_account_scoped_to_irpin_sees_no_other_hromada_on_any_page(raion_server, browser):
    page = new_page(browser)
    seen = {}
    try:
        open_page(page, f"{raion_server.url}/?lang=uk&raion={RAION}&hromada={BUCHA}")
        _sign_in(page, "irpin.only", PASSWORD, lang="uk")
        specs = [s for s in PAGES if Role.PROSECUTOR in s.roles and not s.public and (ROOT / s.file).exists()]
        for spec in specs:
            _open_in_app(page, translate(spec.title_key, "uk"), "" if spec is specs[0] else spec.url_path)
            seen[spec.url_path] = (page.locator("body").inner_text(),
                                   page.locator("[data-testid=stSidebar]").inner_text())
    finally:
        page.context.close()
    for path, (text, sidebar) in seen.items():
        assert RAION_NAMES[BUCHA] not in text and RAION_NAMES[HOSTOMEL] not in text, path
        assert "Що показати" not in sidebar, path  # one hromada in scope: no raion or oblast to choose
    assert RAION_NAMES[IRPIN] in seen[specs[0].url_path][0]  # the page caption names the hromada shown


def test_the_raion_map_draws_the_three_outlines(raion_server, browser):
    page = new_page(browser)
    try:
        open_page(page, f"{raion_server.url}/?lang=uk&raion={RAION}")
        _sign_in(page, "raion.prosecutor", PASSWORD, lang="uk")
        _open_in_app(page, translate("nav.incidents_map", "uk"), "map")
        wait_idle(page)
        assert "Бучанський район (громад: 3)" in page.locator("body").inner_text()
        frame = page.frame_locator(MAP_IFRAME).first
        html = frame.locator("body").inner_html()
        for name in ("Ірпінь", "Мощун", "Буча"):  # a settlement label of each hromada
            assert name in html, name
    finally:
        page.context.close()
