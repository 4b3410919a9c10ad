"""Translations and Ukrainian/English number and date formats (no Streamlit: reports use it too).

Catalogs are TOML files in ``assets/i18n/`` (one per domain, so pages can be added without
touching each other's files). A message is a table with ``uk`` and ``en`` strings::

    [overview]
    title = { uk = "Огляд", en = "Overview" }

and is looked up as ``translate("overview.title", "uk")``. Placeholders use ``str.format``.
"""

from __future__ import annotations

import tomllib
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from babel.dates import format_date as _babel_date
from babel.numbers import format_decimal, format_percent

CATALOG_DIR = Path(__file__).resolve().parent.parent / "assets" / "i18n"
LANGS = ("uk", "en")
DEFAULT_LANG = "uk"
_LOCALES = {"uk": "uk_UA", "en": "en_GB"}


def _flatten(prefix: str, node: dict, out: dict[str, dict[str, str]]) -> None:
    for key, value in node.items():
        full = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict) and set(value) >= {"uk", "en"} and all(
            isinstance(value[lang], str) for lang in LANGS
        ):
            if full in out:
                raise ValueError(f"message {full!r} is defined twice in {CATALOG_DIR}")
            out[full] = {lang: value[lang] for lang in LANGS}
        elif isinstance(value, dict):
            _flatten(full, value, out)
        else:
            raise ValueError(f"message {full!r} needs both 'uk' and 'en' strings")


@lru_cache(maxsize=1)
def catalog() -> dict[str, dict[str, str]]:
    """Every message of every catalog file: key -> {"uk": ..., "en": ...}."""
    out: dict[str, dict[str, str]] = {}
    for path in sorted(CATALOG_DIR.glob("*.toml")):
        with path.open("rb") as fh:
            _flatten("", tomllib.load(fh), out)
    return out


def normalise_lang(lang: str | None) -> str:
    """``uk`` or ``en``; anything else falls back to Ukrainian."""
    return lang if lang in LANGS else DEFAULT_LANG


def translate(key: str, lang: str, /, **params) -> str:
    """The message ``key`` in ``lang``, with ``params`` filled in. A missing key raises
    KeyError: tests find every key used in the code in the catalogs."""
    text = catalog()[key][normalise_lang(lang)]
    return text.format(**params) if params else text


def fmt_int(value, lang: str) -> str:
    """1 234 567 (uk, no-break space) / 1,234,567 (en); empty for a missing value."""
    if value is None or value != value:  # None or NaN
        return "—"
    return format_decimal(int(round(value)), locale=_LOCALES[normalise_lang(lang)])


def fmt_num(value, lang: str, digits: int = 1) -> str:
    """A number with ``digits`` decimals: 12,5 (uk) / 12.5 (en)."""
    if value is None or value != value:
        return "—"
    pattern = "#,##0." + "0" * digits if digits else "#,##0"
    return format_decimal(value, format=pattern, locale=_LOCALES[normalise_lang(lang)])


def fmt_pct(value, lang: str, digits: int = 0, signed: bool = False) -> str:
    """A share (0.25) as a percentage: 25 % (uk) / 25% (en); ``signed`` adds + for gains."""
    if value is None or value != value:
        return "—"
    pattern = "#,##0" + ("." + "0" * digits if digits else "") + "%"
    text = format_percent(value, format=pattern, locale=_LOCALES[normalise_lang(lang)])
    if signed and value > 0:
        text = "+" + text
    return text.replace("-", "−")


def fmt_date(value: date | datetime, lang: str, style: str = "long") -> str:
    """25 листопада 2026 р. / 25 November 2026 (``style``: short, medium, long)."""
    if value is None:
        return "—"
    if isinstance(value, datetime):
        value = value.date()
    lang = normalise_lang(lang)
    if style == "short":
        return value.strftime("%d.%m.%Y" if lang == "uk" else "%d/%m/%Y")
    return _babel_date(value, format=style, locale=_LOCALES[lang])


def fmt_datetime(value: datetime, lang: str) -> str:
    """25.11.2026, 14:05 (uk) / 25/11/2026, 14:05 (en)."""
    if value is None:
        return "—"
    return f"{fmt_date(value, lang, 'short')}, {value:%H:%M}"
