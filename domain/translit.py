"""Ukrainian → Latin transliteration by the official table of the Cabinet of Ministers of Ukraine,
Resolution No. 55 of 27 January 2010 «Про впорядкування транслітерації українського алфавіту
латиницею»: names of places in English (Бабинці → Babyntsi, Луб'янка → Lubianka).

Rules of the resolution's table: є, ї, й, ю, я are ye, yi, y, yu, ya at the start of a word and
ie, i, i, iu, ia elsewhere; «зг» is «zgh» (Згорани → Zghorany) so it is not read as «zh»; the
soft sign and the apostrophe are not rendered. Each part of a hyphenated name is a word.
"""

from __future__ import annotations

_LETTERS = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie", "ж": "zh", "з": "z",
    "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ь": "", "ю": "iu", "я": "ia",
}
_WORD_START = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
_APOSTROPHES = "'’ʼ`"


def transliterate(text: str) -> str:
    """``text`` in Latin letters by CMU Resolution No. 55 (2010), keeping capitals, spaces,
    hyphens and anything that is not a Ukrainian letter."""
    out: list[str] = []
    at_word_start = True
    i = 0
    while i < len(text):
        ch = text[i]
        low = ch.lower()
        if low in _APOSTROPHES:
            i += 1
            continue  # not rendered; the next letter is not at a word start
        if low == "з" and i + 1 < len(text) and text[i + 1].lower() == "г":
            latin, i = "zgh", i + 2
        elif low in _LETTERS:
            latin = _WORD_START[low] if at_word_start and low in _WORD_START else _LETTERS[low]
            i += 1
        else:
            out.append(ch)
            at_word_start = not ch.isalpha()
            i += 1
            continue
        if ch.isupper() and latin:
            upper_next = i < len(text) and text[i].isupper()
            latin = latin.upper() if upper_next and len(latin) > 1 else latin[0].upper() + latin[1:]
        out.append(latin)
        at_word_start = False
    return "".join(out)
