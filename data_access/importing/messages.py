"""Import messages in Ukrainian and English: a row's errors and why a file was refused (catalog ``imp.err``)."""

from __future__ import annotations

from dataclasses import dataclass

from domain.i18n import translate

ERRORS = "imp.err"  # the catalog section of the import's messages (assets/i18n/import.toml)


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


def refusal(code: str, **params) -> Refusal:
    """The refusal ``imp.err.<code>`` in both languages."""
    return Refusal(code, message(code, "uk", **params), message(code, "en", **params))
