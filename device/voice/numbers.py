"""Quantities said aloud, in French and English: "deux cent cinquante", "a dozen", "1,5".

``parse_number(keys, start, lang)`` reads the longest number starting at ``start`` in a
list of folded word keys and says how many words it used, so the intent parser can tell
"vingt et un" (one number) from "du lait et un pain" (two items).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_FR_UNITS = {
    "zero": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6,
    "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13,
    "quatorze": 14, "quinze": 15, "seize": 16, "vingt": 20, "vingts": 20, "trente": 30,
    "quarante": 40, "cinquante": 50, "soixante": 60, "septante": 70, "huitante": 80,
    "octante": 80, "nonante": 90,
}  # fmt: skip
_EN_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_HUNDRED = {"fr": ("cent", "cents"), "en": ("hundred", "hundreds")}
_THOUSAND = {"fr": ("mille",), "en": ("thousand",)}
_DOZEN = {"fr": ("douzaine", "douzaines"), "en": ("dozen", "dozens")}
_HALF = {"fr": ("demi", "demie"), "en": ("half",)}
# Parts said after a count: "un quart", "trois quarts", "a quarter (pound)".
_PARTS = {"fr": {"quart": 0.25, "quarts": 0.25}, "en": {"quarter": 0.25, "quarters": 0.25}}
_AND = {"fr": "et", "en": "and"}
# Words that stand for a count although they are not numbers.
_COUNT_WORDS = {
    "fr": {("une", "paire", "de"): 2, ("une", "paire", "d'"): 2, ("un", "couple", "de"): 2},
    "en": {("a", "couple", "of"): 2, ("a", "couple"): 2, ("a", "pair", "of"): 2,
           ("a", "single"): 1, ("another",): 1, ("single",): 1},
}  # fmt: skip
_DIGITS = re.compile(r"^\d+(?:[.,]\d+)?$")


def units_table(lang: str) -> dict[str, int]:
    """Number words below a hundred for ``lang``."""
    return _FR_UNITS if lang == "fr" else _EN_UNITS


def is_number_word(key: str, lang: str) -> bool:
    """True when ``key`` alone can start a number ("deux", "12", "dozen", "half")."""
    return (
        key in units_table(lang)
        or bool(_DIGITS.match(key))
        or key in _HUNDRED[lang]
        or key in _THOUSAND[lang]
        or key in _DOZEN[lang]
        or key in _HALF[lang]
    )


def parse_number(keys: Sequence[str], start: int, lang: str) -> tuple[float, int] | None:
    """The number said at ``keys[start:]`` and how many words it took, or None."""
    for phrase, count in _COUNT_WORDS[lang].items():
        if tuple(keys[start : start + len(phrase)]) == phrase:
            return float(count), len(phrase)
    value, used = _parse_cardinal(keys, start, lang)
    i = start + used
    # "demi" / "half" alone, "une demi-douzaine", "half a dozen", "half a kilo".
    if i < len(keys) and keys[i] in _HALF[lang] and used <= 1 and value in (None, 1):
        value, i = 0.5, i + 1
        if lang == "en" and i < len(keys) and keys[i] in ("a", "an"):
            i += 1
    elif i < len(keys) and keys[i] in _PARTS[lang] and value is not None and used <= 1:
        value, i = value * _PARTS[lang][keys[i]], i + 1
    if i < len(keys) and keys[i] in _DOZEN[lang]:
        value, i = (value if value is not None else 1) * 12, i + 1
        half = and_a_half(keys, i, lang)
        value, i = (value + 6 if half else value), i + half  # "a dozen and a half": 18
    elif value is not None and used:
        half = and_a_half(keys, i, lang)
        value, i = (value + 0.5 if half else value), i + half
    if value is None:
        return None
    return float(value), i - start


# "un et demi", "une douzaine et demie", "one and a half": added to the number (or to the
# unit before it).
HALF_AFTER = {"fr": (("et", "demi"), ("et", "demie")), "en": (("and", "a", "half"),)}


def and_a_half(keys: Sequence[str], index: int, lang: str) -> int:
    """How many words 'et demi(e)' / 'and a half' takes at ``index`` (0: not there)."""
    for phrase in HALF_AFTER[lang]:
        if tuple(keys[index : index + len(phrase)]) == phrase:
            return len(phrase)
    return 0


def _parse_cardinal(keys: Sequence[str], start: int, lang: str) -> tuple[float | None, int]:
    """A cardinal in words or digits: ``(value, words used)``; ``(None, 0)`` when absent."""
    if start < len(keys) and _DIGITS.match(keys[start]):
        return float(keys[start].replace(",", ".")), 1
    table = units_table(lang)
    total, current, seen, i = 0, 0, False, start
    while i < len(keys):
        key = keys[i]
        if key in ("a", "an") and lang == "en":
            if seen:
                break
            current, seen, i = 1, True, i + 1
            if not _followed_by_multiplier(keys, i, lang):
                break  # "a" is one ("a bag"); it only goes on as "a hundred", "a thousand"
        elif key in table:
            word = table[key]
            below_hundred = current % 100
            if not seen:
                current = word
            elif lang == "fr" and word == 20 and 1 < below_hundred < 10:
                current += below_hundred * 19  # quatre-vingt(s): 4 x 20
            elif below_hundred == 0 or (below_hundred % 10 == 0 and word < 10):
                current += word
            elif lang == "fr" and below_hundred in (60, 80) and 10 <= word < 20:
                current += word  # soixante-dix, quatre-vingt-onze
            else:
                break
            seen, i = True, i + 1
        elif (
            key == _AND[lang]
            and seen
            and i + 1 < len(keys)
            and _and_continues(keys[i + 1], current, lang)
        ):
            i += 1
        elif key in _HUNDRED[lang] and (seen or lang == "fr"):
            current = current - current % 100 + max(current % 100, 1) * 100
            seen, i = True, i + 1
        elif key in _THOUSAND[lang]:
            total += (current or 1) * 1000
            current, seen, i = 0, True, i + 1
        else:
            break
    if not seen:
        return None, 0
    return float(total + current), i - start


def _followed_by_multiplier(keys: Sequence[str], index: int, lang: str) -> bool:
    return index < len(keys) and (keys[index] in _HUNDRED[lang] or keys[index] in _THOUSAND[lang])


def _and_continues(next_key: str, current: int, lang: str) -> bool:
    """'vingt et un', 'one hundred and five': the 'and' joins two parts of one number."""
    if lang == "fr":
        return current >= 20 and current % 10 == 0 and next_key in ("un", "une", "onze")
    return current >= 100 and next_key in _EN_UNITS


def parse_number_text(text: str, lang: str) -> float | None:
    """The number in a whole phrase ("cinq cents", "a dozen"), or None if it is not one."""
    from device.voice.tokens import keys, tokenize

    words = list(keys(tokenize(text, lang)))
    parsed = parse_number(words, 0, lang) if words else None
    if parsed is None or parsed[1] != len(words):
        return None
    return parsed[0]
