"""The household's vocabulary for grammar-constrained decoding.

Vosk decodes much faster and makes fewer wrong words when told which words to expect:
the command words, numbers and units of the language, plus every word of the products
the household knows. The list is handed over as JSON with ``ensure_ascii=False``: with
``\\u00e9`` escapes Vosk would not find "café" in its lexicon and silently drop it.
``[unk]`` lets anything else come out as unknown, so the recogniser can fall back to
free-form decoding instead of forcing a wrong product.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from device.voice import phrases
from device.voice.numbers import units_table

UNKNOWN_WORD = "[unk]"
_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*'?")
_EXTRA_NUMBER_WORDS = {
    "fr": ["cent", "cents", "mille", "douzaine", "douzaines", "demi", "demie", "et"],
    "en": ["hundred", "thousand", "dozen", "half", "a", "and", "couple"],
}
_VOWELS = "aeiouyhàâéèêëîïôöûüœæ"
_FRENCH_ELIDED = ("l'", "d'", "n'")


def _table_words(lang: str) -> list[str]:
    tables = [
        phrases.LEADING_FILLERS, phrases.ADD_STRONG, phrases.ADD_WEAK, phrases.REMOVE,
        phrases.UNDO, phrases.UNDO_OBJECTS, phrases.SET_PREFIXES, phrases.SET_BARE_PREFIXES,
        phrases.SET_SUFFIXES, phrases.SET_VERBS, phrases.TRAILING, phrases.ARTICLES,
        phrases.COUNT_CONTAINERS, phrases.SIZE_WORDS, phrases.CONJUNCTIONS, phrases.UNIT_WORDS,
    ]  # fmt: skip
    words: list[str] = []
    for table in tables:
        for phrase in phrases.split_table(table[lang]):
            words.extend(spoken_words(phrase, lang))
    return words


def spoken_words(text: str, lang: str) -> list[str]:
    """The words of ``text`` as a recogniser's lexicon spells them (lower case, accents)."""
    words: list[str] = []
    for word in _WORD.findall(text.lower().replace("’", "'")):
        words.append(word)
        if "-" in word:
            words.extend(part for part in word.split("-") if part)
        if lang == "fr" and "'" in word[:-1]:
            head, _, tail = word.partition("'")
            words.extend([head + "'", tail])
    return words


def build_vocabulary(lang: str, product_names: Iterable[str] = ()) -> list[str]:
    """Every word the household may say in ``lang``, sorted, with ``[unk]`` last."""
    words = set(_table_words(lang))
    words.update(units_table(lang))
    words.update(_EXTRA_NUMBER_WORDS[lang])
    for name in product_names:
        words.update(spoken_words(name, lang))
    if lang == "fr":
        # French lexicons keep "d'huile", "l'eau" as one word.
        for word in list(words):
            if word[0] in _VOWELS and "'" not in word:
                words.update(prefix + word for prefix in _FRENCH_ELIDED)
    words.discard("")
    return [*sorted(words), UNKNOWN_WORD]


def grammar_json(words: Iterable[str]) -> str:
    """The JSON list Vosk takes as a grammar, accents kept as they are."""
    return json.dumps(list(words), ensure_ascii=False)
