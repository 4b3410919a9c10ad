"""No cut text at a laptop's 1366×768, a shared screen's 1920×1080 and a phone's 390×844: on every
page (signed in as the prosecutor, and as the admin for the admin's own page), in Ukrainian and
English, no KPI label, value or delta and no table header is cut with an ellipsis. A screenshot of each
page at each size is saved as screenshots/sizes/<width>x<height>-<lang>-<page>.png for a look.

st.dataframe draws its cells and headers on a canvas: not text the browser can measure; its
headers are checked by their column widths in components/ (the review table) instead.
"""

from __future__ import annotations

import pytest

from display.navigation import PAGES
from domain.i18n import translate
from tests.browser.harness import ROOT, SCREENSHOTS, new_page, open_page, wait_idle
from tests.browser.test_accessibility import LANGS, _choose_language, _open_in_app
from tests.browser.test_pages import _ensure_user, _sign_in

SIZES = ({"width": 1366, "height": 768}, {"width": 1920, "height": 1080}, {"width": 390, "height": 844})
CUT_TEXT = """() => {
    const cut = [];
    const where = '[data-testid=stMetric] *, th, th *, [role=columnheader], [role=columnheader] *';
    for (const el of document.querySelectorAll(where)) {
        const style = getComputedStyle(el);
        if (style.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1 && el.innerText.trim()) {
            cut.push(el.innerText.trim().slice(0, 80));
        }
    }
    return [...new Set(cut)];
}"""


def _wide_with_sidebar(page) -> None:
    """Back to 1920×1080 with the sidebar open (the phone size folds it away)."""
    page.set_viewport_size(SIZES[1])
    page.wait_for_timeout(300)
    expand = page.locator("[data-testid=stExpandSidebarButton], [data-testid=stSidebarCollapsedControl] button")
    if expand.count() and expand.first.is_visible():
        expand.first.click()
        page.wait_for_timeout(300)


def _pages_of(role: str, skip: set[str]) -> list:
    return [s for s in PAGES if role in s.roles and (ROOT / s.file).exists() and s.url_path not in skip]


@pytest.mark.parametrize("role", ["prosecutor", "admin"])
def test_no_cut_kpi_label_delta_or_table_header(app_url, demo_database_url, browser, role):
    specs = [s for s in PAGES if role in s.roles and (ROOT / s.file).exists()]
    checked = {s.url_path for s in _pages_of("prosecutor", set())} if role == "admin" else set()
    username, password = _ensure_user(demo_database_url, role)
    page = new_page(browser)
    folder = SCREENSHOTS / "sizes"
    folder.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    try:
        open_page(page, f"{app_url}/?lang=uk")
        _sign_in(page, username, password, lang="uk")
        for lang in LANGS:
            if lang != "uk":
                _wide_with_sidebar(page)
                _choose_language(page, lang)
            for spec in specs:
                if spec.url_path in checked:
                    continue
                _wide_with_sidebar(page)
                _open_in_app(page, translate(spec.title_key, lang), "" if spec is specs[0] else spec.url_path)
                for size in SIZES:
                    page.set_viewport_size(size)
                    page.wait_for_timeout(400)  # the layout follows the new width
                    wait_idle(page)
                    name = f"{size['width']}x{size['height']}-{lang}-{spec.url_path}"
                    page.screenshot(path=str(folder / f"{name}.png"))
                    problems += [f"{name}: «{text}» is cut" for text in page.evaluate(CUT_TEXT)]
    finally:
        page.context.close()
    assert not problems, "\n".join(problems)
