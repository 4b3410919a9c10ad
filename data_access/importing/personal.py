"""Personal data in imported files: columns whose values are phone or tax numbers, and personal data
inside free text (e-mails, phones of any country, card, passport and tax numbers, street addresses)
replaced by "[…]" before anything is stored. Headers that name personal data: ``aliases.is_personal_header``."""

from __future__ import annotations

import re

import pandas as pd
from phonenumbers import PhoneNumberMatcher

MASK = "[…]"
REGION = "UA"  # phone numbers without a country code are read as Ukrainian ones
PHONE = re.compile(r"^\+?(?:38)?0\d{9}$")
TAX_NUMBER = re.compile(r"^\d{10}$")

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
CARD = re.compile(r"(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])")  # 13–19 digits, Luhn-checked below
PASSPORT_BOOKLET = re.compile(r"(?<!\w)[A-ZА-ЯІЇЄҐ]{2}\s?№?\s?\d{6}(?!\d)")  # «КВ 123456»
ID_OR_TAX = re.compile(r"(?<![\d-])(?:\d{9}|\d{10})(?![\d-])")  # ID card (9 digits), РНОКПП (10 digits)
_NAME = r"[\w'’ʼ.-]*\w"  # a word of a street's name: "Шевченка", "1-го", "Т."
_CAPITAL = r"(?:[A-ZА-ЯІЇЄҐ][\w'’ʼ.-]*)"  # a capitalised word of the name
_FURTHER = r"(?:[A-ZА-ЯІЇЄҐ0-9][\w'’ʼ.-]*)"  # a further word of the name: capitalised or a number
_HOUSE_WORD = r"(?i:буд(?:ин\w*)?|д|дом\w?|кв(?:артир\w*)?|корп(?:ус\w*)?|apt|apartment|flat)"
_HOUSE = (r"(?:,?\s*(?:(?:" + _HOUSE_WORD + r"|(?i:б))\.?\s*)?"
          r"\d+(?:[-/]?[\w]{1,3})?(?!\w))")
ADDRESS = re.compile(
    # a street's kind, abbreviated (any word follows) or in full (a capitalised word follows), its name, the house
    r"(?<!\w)(?:(?i:вул|просп|пр-т|пров|бульв|б-р|пл|ул|пер|st|ave|rd)\.\s*" + _NAME
    + r"|(?i:вулиц[яіюе]\w*|проспект\w*|провул\w*|бульвар\w*|площ[аіу]|узвіз\w*|узвоз\w*|улиц[аеуы]\w*|переул\w*"
    + r"|street|avenue|road|lane)\s+" + _CAPITAL + r")"
    + r"(?:\s+" + _FURTHER + r"){0,3}" + _HOUSE + "*"
    # a house or a flat on its own: "буд. 5", "кв. 12", "д. 3", "apt. 4" (not "т. д. 5", not "I кв. 2026")
    + r"|(?<!\w)(?<!т\. )(?<!т\.)" + _HOUSE_WORD + r"\.?\s*№?\s*(?!(?:19|20)\d\d\b)\d+(?:[-/]?\w{1,3})?(?!\w)"
    # an English address: "221B Baker Street", "12 High St."
    + r"|(?<!\w)\d+[A-Za-z]?\s+(?:[A-Z][a-z]+\s+){1,3}(?:Street|St\.|Avenue|Ave\.|Road|Rd\.|Lane|Boulevard|Blvd\.)"
)
DIGIT = re.compile(r"\d")
MIN_PHONE_DIGITS = 7  # fewer digits in a cell: no phone number of any country fits
# What a text must contain for any pattern above to match in it (a text without it is left as it is, so
# :func:`mask_text` need not run): "@" (EMAIL); six digits (PASSPORT_BOOKLET six in a row, ID_OR_TAX nine,
# CARD 13, phones MIN_PHONE_DIGITS); the stem of a street or house word of ADDRESS in any case (its English
# street words included), or a one-letter house word before a number. A superset of the patterns' matches.
MAYBE_PERSONAL = re.compile(  # the words grouped by their first letter: twice as fast as a flat list
    r"@|\d(?:\D*\d){5}"
    r"|(?i:в(?:ул)|п(?:росп|р-т|ров|л|ер)|б(?:ульв|-р|уд)|у(?:л|звіз|звоз)|st|a(?:ve|pt|partment)|r(?:d|oad)|lane"
    r"|b(?:oulevard|lvd)|дом|к(?:в|орп)|flat)"
    r"|(?i:д|б)\.?\s*№?\s*\d")


def looks_personal(values: pd.Series) -> bool:
    """True when most filled cells of a column are phone numbers or 10-digit tax numbers."""
    filled = values[values.str.strip() != ""]
    if filled.empty:
        return False
    sample = filled.head(500).str.replace(r"[\s()\-]", "", regex=True)
    hits = sample.str.match(PHONE) | sample.str.match(TAX_NUMBER)
    return bool(hits.mean() >= 0.5)


def _luhn(digits: str) -> bool:
    total = 0
    for i, d in enumerate(reversed(digits)):
        n = int(d) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def _card(match: re.Match) -> str:
    digits = re.sub(r"\D", "", match.group())
    return MASK if _luhn(digits) else match.group()


def _phones(text: str) -> str:
    """Phone numbers of any country in ``text`` (without a country code: Ukrainian) as "[…]"."""
    if len(DIGIT.findall(text)) < MIN_PHONE_DIGITS:
        return text
    found = [(m.start, m.end) for m in PhoneNumberMatcher(text, REGION)]
    for start, end in reversed(found):
        text = text[:start] + MASK + text[end:]
    return text


def mask_text(text: str) -> str:
    """``text`` with its personal data replaced by "[…]": e-mail addresses, payment-card numbers
    (13–19 digits, Luhn-valid), passport numbers («КВ 123456»; ID card: 9 digits), tax numbers
    (РНОКПП: 10 digits), phone numbers of any country, street addresses (вул., просп., буд., кв.,
    street, apt. … with the name and number). Dates, legal articles («ст. 185 ч. 4 КК»), amounts
    and short numbers stay as they are."""
    text = EMAIL.sub(MASK, text)
    text = CARD.sub(_card, text)
    text = PASSPORT_BOOKLET.sub(MASK, text)
    text = ID_OR_TAX.sub(MASK, text)
    text = _phones(text)
    return ADDRESS.sub(MASK, text)


def mask_personal_text(values: pd.Series) -> tuple[pd.Series, int]:
    """Personal data inside free text replaced by "[…]" (see :func:`mask_text`); returns the text and
    the number of cells changed. Each distinct text is masked once, and only when it may hold any
    (``MAYBE_PERSONAL``: most texts hold no "@", street word or six digits)."""
    uniques = {v: mask_text(v) if MAYBE_PERSONAL.search(v) else v
               for v in values.unique().tolist()}  # a list: iterating an Arrow array boxes each value slowly
    masked = values.map(uniques)
    return masked, int((masked != values).sum())
