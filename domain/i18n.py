"""Translations: the message catalogs of assets/i18n and ``translate`` (every floor may use it).

Catalogs are TOML files in ``assets/i18n/`` (one per domain, so pages can be added without
touching each other's files). A message is a table with ``uk`` and ``en`` strings::

    [overview]
    title = { uk = "Огляд", en = "Overview" }

and is looked up as ``translate("overview.title", "uk")``. Placeholders use ``str.format``.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

CATALOG_DIR = Path(__file__).resolve().parent.parent / "assets" / "i18n"
LANGS = ("uk", "en")
DEFAULT_LANG = "uk"


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
