"""axe-core on every page in headless Chromium: each role signed in, in Ukrainian and English, plus
the shared-screen (presentation) mode and the residents' public page opened by a visitor. A
violation of impact "serious" or "critical" fails the test with its rule, element and page.

axe-core (npm ``axe-core`` 4.14.1, MPL-2.0: tests/browser/vendor/axe-core.LICENSE) is loaded from
tests/browser/vendor/axe.min.js into the page (and its component frames) by Playwright: nothing is
downloaded at test time. Every violation, of any impact, is written to screenshots/axe-report.json
so the counts by rule can be compared from one run to the next.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from display.navigation import PAGES
from domain.i18n import translate
from domain.roles import ROLES
from tests.app.page_sections import EVERY_SECTION
from tests.browser.harness import NAV, ROOT, SCREENSHOTS, new_page, open_page, wait_idle
from tests.browser.test_pages import _ensure_user, _sign_in

AXE = Path(__file__).with_name("vendor") / "axe.min.js"
FAILING_IMPACTS = ("serious", "critical")
LANGS = ("uk", "en")
PRESENT_SCREENS = 6  # components/slideshow.py
REPORT = SCREENSHOTS / "axe-report.json"
LANGUAGE_NAMES = {"uk": "Українська", "en": "English"}

_RUN_AXE = """async () => {
    const result = await axe.run(document, {resultTypes: ['violations']});
    return result.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        targets: v.nodes.map(n => n.target.map(t => Array.isArray(t) ? t.join(' >>> ') : t).join(' | ').slice(-90)
            + ' ' + n.html.slice(0, 80)),
    }));
}"""


def _record(where: str, violations: list[dict]) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    data = json.loads(REPORT.read_text()) if REPORT.exists() else {}
    data[where] = violations
    REPORT.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")


def axe_violations(page, where: str) -> list[dict]:
    """Every axe violation on the page as it stands (recorded in the report under ``where``)."""
    for frame in page.frames:  # the top document and the component frames (maps)
        if not frame.evaluate("() => typeof window.axe !== 'undefined'"):
            frame.add_script_tag(path=str(AXE))
    violations = page.evaluate(_RUN_AXE)
    _record(where, violations)
    return violations


_UNNAMED = """() => [...document.querySelectorAll('.js-plotly-plot, .sc, iframe[data-testid=stCustomComponentV1]')]
    .filter(el => !(el.closest('[role=figure]') || {getAttribute: () => ''}).getAttribute('aria-label'))
    .map(el => el.tagName === 'IFRAME' ? 'map' : 'chart')"""


def unnamed_charts(page) -> list[str]:
    """'chart' or 'map' for every chart (plotly or static: display.static_chart) and map on the page that has no accessible name (the
    text summary under it: components.a11y.describe)."""
    page.wait_for_timeout(300)  # the naming script polls every 100 ms
    return page.evaluate(_UNNAMED)


def serious(violations: list[dict], where: str) -> list[str]:
    """One line per serious or critical violation: page, rule, impact, the elements."""
    return [f"{where}: {v['id']} ({v['impact']}: {v['help']}) at {'; '.join(v['targets'][:5])}"
            + (f" and {len(v['targets']) - 5} more" if len(v["targets"]) > 5 else "")
            for v in violations if v["impact"] in FAILING_IMPACTS]


def _path(page) -> str:
    return page.evaluate("() => location.pathname").strip("/")


def _open_in_app(page, title: str, path: str) -> None:
    """Follow the sidebar's navigation link named ``title`` to ``path`` (the role's first page is
    at "/") and wait for the page to draw; on that page already, nothing to follow."""
    if _path(page) == path:
        return
    page.locator(NAV).get_by_text(title, exact=True).first.click()
    page.wait_for_function("(p) => location.pathname.replace(/^\\/+|\\/+$/g, '') === p", arg=path, timeout=30_000)
    page.wait_for_timeout(500)  # the script run for the new page starts after the URL changes
    wait_idle(page)


def _choose_language(page, lang: str) -> None:
    page.locator("[data-testid=stSidebar]").get_by_text(LANGUAGE_NAMES[lang], exact=True).first.click()
    page.wait_for_timeout(300)
    wait_idle(page)


@pytest.fixture(scope="module")
def timing():
    start = time.monotonic()
    yield
    SCREENSHOTS.mkdir(exist_ok=True)
    (SCREENSHOTS / "axe-seconds.txt").write_text(f"{time.monotonic() - start:.1f}\n")


@pytest.mark.parametrize("role", ROLES)
def test_every_page_of_a_role_has_no_serious_violation(app_url, demo_database_url, browser, timing, role):
    """Sign in once as ``role``; in each language open each of its pages through the navigation."""
    username, password = _ensure_user(demo_database_url, role)
    specs = [s for s in PAGES if role in s.roles and (ROOT / s.file).exists()]
    page = new_page(browser)
    problems: list[str] = []
    try:
        open_page(page, f"{app_url}/?lang=uk")
        _sign_in(page, username, password, lang="uk")
        for lang in LANGS:
            if lang != "uk":
                _choose_language(page, lang)
            for spec in specs:
                _open_in_app(page, translate(spec.title_key, lang), "" if spec is specs[0] else spec.url_path)
                where = f"{role}/{spec.url_path}/{lang}"
                assert page.evaluate("() => document.documentElement.lang") == lang, where
                problems += [f"{where}: a {kind} without a text summary as its name" for kind in unnamed_charts(page)]
                problems += serious(axe_violations(page, where), where)
    finally:
        page.context.close()
    assert not problems, "\n".join(problems)


def test_visitor_pages_have_no_serious_violation(app_url, browser, timing):
    """Nobody signed in: the partner-safe home page, the public report card and every screen of the
    presentation mode, in both languages."""
    page = new_page(browser)
    problems: list[str] = []
    try:
        for lang in LANGS:
            for path in ("", "public"):
                open_page(page, f"{app_url}/{path}?lang={lang}")
                where = f"visitor/{path or 'home'}/{lang}"
                assert page.evaluate("() => document.documentElement.lang") == lang, where
                problems += serious(axe_violations(page, where), where)
            open_page(page, f"{app_url}/?mode=present&interval=600&lang={lang}")
            for n in range(PRESENT_SCREENS):
                if n:
                    title = page.locator("h1").first.inner_text()
                    page.keyboard.press("ArrowRight")
                    page.wait_for_function("(t) => { const h = document.querySelector('h1'); return h && h.innerText !== t; }",
                                           arg=title, timeout=20_000, polling=250)
                    wait_idle(page)
                where = f"visitor/present-{n + 1}/{lang}"
                problems += serious(axe_violations(page, where), where)
                problems += [f"{where}: a {kind} without a text summary as its name" for kind in unnamed_charts(page)]
    finally:
        page.context.close()
    assert not problems, "\n".join(problems)


def test_pages_with_every_section_open_have_no_serious_violation(app_url, browser, timing):
    """The pages whose sections open on demand (components/sections.py), every section opened through
    the URL as a link does, in both languages: what a closed section hides is checked too."""
    page = new_page(browser)
    problems: list[str] = []
    try:
        for lang in LANGS:
            for path, sections in EVERY_SECTION.items():
                open_page(page, f"{app_url}/{path}?lang={lang}&section={sections}")
                where = f"visitor/{path}+sections/{lang}"
                problems += [f"{where}: a {kind} without a text summary as its name" for kind in unnamed_charts(page)]
                problems += serious(axe_violations(page, where), where)
    finally:
        page.context.close()
    assert not problems, "\n".join(problems)
