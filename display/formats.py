"""Ukrainian/English number and date formats (Babel CLDR), for screens, packs and exports."""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_date as _babel_date
from babel.numbers import format_decimal, format_percent

from domain.i18n import normalise_lang

_LOCALES = {"uk": "uk_UA", "en": "en_GB"}


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
