"""Every message key used in the code exists in both languages; formats are Ukrainian."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from display.formats import fmt_date, fmt_int, fmt_num, fmt_pct
from domain.i18n import catalog, translate

ROOT = Path(__file__).resolve().parent.parent
KEY_CALL = re.compile(r"""\b(?:t|translate|_t)\(\s*f?["']([a-z0-9_]+(?:\.[a-z0-9_]+)+)["']""")


def test_every_literal_key_used_in_code_is_in_the_catalog():
    used = {}
    for path in [ROOT / "app.py", *ROOT.glob("pages/*.py"), *ROOT.glob("components/*.py"), *ROOT.glob("reports/*.py")]:
        for key in KEY_CALL.findall(path.read_text(encoding="utf-8")):
            used.setdefault(key, path.name)
    missing = {k: v for k, v in used.items() if k not in catalog()}
    assert missing == {}


def test_registry_titles_and_sections_are_translated():
    from display.navigation import PAGES

    for spec in PAGES:
        assert translate(spec.title_key, "uk") != translate(spec.title_key, "en")
        translate(spec.section, "uk")


def test_ukrainian_and_english_differ_and_are_non_empty():
    for key, texts in catalog().items():
        assert texts["uk"].strip() and texts["en"].strip(), key


def test_number_and_date_formats():
    assert fmt_int(1234567, "uk") == "1\u00a0234\u00a0567"
    assert fmt_int(1234567, "en") == "1,234,567"
    assert fmt_num(12.25, "uk", 1) in ("12,2", "12,3")
    assert fmt_pct(0.25, "uk", signed=True) == "+25%"
    assert fmt_pct(-0.1, "en") == "−10%"
    assert fmt_date(date(2026, 3, 8), "uk") == "8 березня 2026\u202fр." or fmt_date(date(2026, 3, 8), "uk").startswith("8 березня 2026")
    assert fmt_date(date(2026, 3, 8), "uk", "short") == "08.03.2026"
    assert fmt_int(None, "uk") == "—"
