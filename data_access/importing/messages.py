"""Import messages in Ukrainian and English: a row's errors and why a file was refused (catalog ``imp.err``)."""

from __future__ import annotations

from dataclasses import dataclass

from domain.i18n import translate

ERRORS = "imp.err"  # the catalog section of the import's messages (assets/i18n/import.toml)
WITHHELD = "imp.withheld"  # why a column is not stored ("header", "values")


def message(code: str, lang: str, /, *, section: str = ERRORS, **params) -> str:
    """The text of message ``<section>.<code>``; a parameter may be {"uk": ..., "en": ...}."""
    in_lang = {k: (v[lang] if isinstance(v, dict) else v) for k, v in params.items()}
    return translate(f"{section}.{code}", lang, **in_lang)


def error(field_name: str, code: str, /, *, section: str = ERRORS, **params) -> dict:
    """One row error as stored in rejected_row.errors: field, code, message_uk, message_en."""
    return {"field": field_name, "code": code, "message_uk": message(code, "uk", section=section, **params),
            "message_en": message(code, "en", section=section, **params)}


@dataclass(frozen=True)
class Refusal:
    """Why a file was refused as a whole (nothing stored)."""

    code: str
    message_uk: str
    message_en: str

    def message(self, lang: str) -> str:
        return self.message_en if lang == "en" else self.message_uk


def number(value: int | float) -> dict[str, str]:
    """A count or a size for a message: "250 000" / "250,000", "1,5" / "1.5" (a float keeps one decimal)."""
    en = f"{value:,.1f}".removesuffix(".0") if isinstance(value, float) else f"{value:,}"
    return {"uk": en.replace(",", "\u00a0").replace(".", ","), "en": en}


def more_than(value: int) -> dict[str, str]:
    """"понад 131 072" / "more than 131,072", for a length known only to exceed ``value``."""
    n = number(value)
    return {"uk": f"понад {n['uk']}", "en": f"more than {n['en']}"}


def refusal(code: str, **params) -> Refusal:
    """The refusal ``imp.err.<code>`` in both languages; numbers are written as each language writes them."""
    params = {k: number(v) if isinstance(v, int | float) and not isinstance(v, bool) else v for k, v in params.items()}
    return Refusal(code, message(code, "uk", **params), message(code, "en", **params))


def withheld_text(columns: list[str], reasons: dict[str, str], lang: str) -> str:
    """The personal-data columns not stored, each with why: "ПІБ — назва стовпця вказує на персональні
    дані; Контакт — …" (a column recorded without a reason, by an older import, stands alone)."""
    return "; ".join(f"{c} — {message(reasons[c], lang, section=WITHHELD)}" if reasons.get(c) in ("header", "values")
                     else c for c in columns)
