"""End to end in Chromium: sign in as the prosecutor, upload a police export, map, preview, commit,
and see the new offences on the overview."""

from __future__ import annotations

import re
from datetime import date, timedelta

from data_access.engine import make_engine
from tests.browser.harness import NAV, screenshot, wait_idle

USER, PASSWORD = "import.tester", "import-flow-test-2026"


def _first_kpi(page) -> int:
    text = page.locator("[data-testid=stMetricValue]").first.inner_text()
    return int(re.sub(r"\D", "", text))


def _sign_in(page) -> None:
    page.locator("[data-testid=stSidebar]").get_by_text("Увійти", exact=True).first.click()
    page.get_by_placeholder("наприклад, o.kovalenko").fill(USER)
    page.get_by_placeholder("ваш пароль").fill(PASSWORD)
    page.locator("[data-testid=stSidebar] [data-testid=stBaseButton-primaryFormSubmit], "
                 "[data-testid=stSidebar] button[kind=primaryFormSubmit]").first.click()
    wait_idle(page)


def test_upload_map_preview_commit_then_overview(app_url, demo_database_url, page):
    from data_access.users import add_user

    engine = make_engine(demo_database_url)
    add_user(engine, username=USER, role="prosecutor", password=PASSWORD)
    engine.dispose()
    # a day of the last full ISO week: inside the overview's default period (the last 4 full weeks)
    day = date.today() - timedelta(days=date.today().isoweekday() + 2)
    rows = ["Номер ЄРДР;Дата події;Населений пункт;Категорія;ПІБ"]
    rows += [f"E2E-{i};{day:%d.%m.%Y} 1{i}:00;Буча;Крадіжка;Іваненко" for i in range(7)]
    rows.append(f"E2E-bad;{day:%d.%m.%Y};Марс;Крадіжка;Петренко")
    content = ("\n".join(rows) + "\n").encode("cp1251")

    page.goto(f"{app_url}/?lang=uk", wait_until="domcontentloaded")
    wait_idle(page)
    _sign_in(page)
    before = _first_kpi(page)

    page.locator(NAV).get_by_text("Імпорт даних").click()
    wait_idle(page)
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "police.csv", "mimeType": "text/csv", "buffer": content}])
    page.get_by_text("Прочитано рядків даних: 8").wait_for(timeout=30_000)
    wait_idle(page)
    assert page.get_by_text("Стовпці з персональними даними не зберігаються: ПІБ").count() == 1
    metrics = page.locator("[data-testid=stMetricValue]").all_inner_texts()
    assert metrics[:4] == ["8", "7", "0", "1"]
    screenshot(page, "import_flow_preview")
    page.get_by_role("button", name="Імпортувати в базу даних").click()
    page.get_by_text("Готово: додано 7, оновлено 0, відхилено 1").wait_for(timeout=30_000)
    wait_idle(page)
    screenshot(page, "import_flow_committed")

    page.locator(NAV).get_by_text("Огляд", exact=True).click()
    # wait_idle alone may see the import page's finished run before the overview's starts
    page.locator("input[type=file]").wait_for(state="detached", timeout=30_000)
    wait_idle(page)
    assert _first_kpi(page) == before + 7
    assert not page.watch.errors
