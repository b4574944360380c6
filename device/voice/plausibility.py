"""Whether words said without a command verb name something for the shopping list.

With an always-listening microphone, speech meant for people reaches the parser too:
"chante une chanson", "la météo demain", "hello there". A sentence that starts with a
command ("ajoute", "we're out of") adds whatever it names, since that is how new products
reach the list; a phrase with no verb adds only when it plausibly names a product: one the
household already has (fuzzy, accent-insensitive, as ``matching`` does), one made of
grocery and household words (``product_words.toml``), or a counted one ("deux baguettes",
"a kilo of quince") that holds no word a product never does ("cinq minutes").
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from device.voice.matching import match_known_name
from device.voice.numbers import parse_number
from device.voice.tokens import keys, tokenize
from household.units import find_unit

MAX_COUNTED_WORDS = 3
"""A counted phrase of unknown words is a product only when short: "trois kiwanos", not
"deux personnes sont arrivées en retard"."""

# Words that join the parts of a product's name ("huile d'olive", "cream of mushroom").
_LINKS = {
    "fr": frozenset({"de", "d'", "du", "des", "a", "au", "aux", "en", "la", "le", "les", "l'",
                     "et", "ou", "avec", "sans", "pour", "sur", ","}),
    "en": frozenset({"of", "with", "without", "and", "or", "in", "for", "on", "&", ","}),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class ProductWords:
    """The grocery and household words of one language, folded, with their singulars."""

    products: frozenset[str]
    """Words that name something one buys: 'lait', 'shampoo'."""
    descriptors: frozenset[str]
    """Words that only qualify a product ('demi', 'ecreme', 'whole'), and the parts of
    hyphenated products ('essuie', 'tout'), so that 'tout' alone is no product."""
    phrases: tuple[tuple[str, ...], ...]
    """Products whose name is several words: ('essuie', 'tout')."""
    never: frozenset[str]
    """Words no product said without a verb holds: pronouns, 'est', 'minutes', 'song'."""


def word_forms(key: str) -> set[str]:
    """A folded word and the singulars it may be the plural of: 'cherries' -> 'cherry'.

    Both the listed words and the spoken ones are expanded, so a list may hold either
    number and "bougie" still meets "bougies", "radish" "radishes".
    """
    forms = {key}
    if len(key) > 3 and key[-1] in "sx" and not key.endswith("ss"):
        forms.add(key[:-1])
    if len(key) > 4 and key.endswith("es"):
        forms.add(key[:-2])
    if len(key) > 4 and key.endswith("ies"):
        forms.add(key[:-3] + "y")
    return forms


def _has(words: frozenset[str], key: str) -> bool:
    return not words.isdisjoint(word_forms(key))


@cache
def product_words(lang: str) -> ProductWords:
    """The product words of ``lang`` ('fr' or 'en'), read once from ``product_words.toml``."""
    text = resources.files("device.voice").joinpath("product_words.toml").read_text("utf-8")
    table = tomllib.loads(text)[lang]
    products: set[str] = set()
    descriptors: set[str] = set()
    phrases: list[tuple[str, ...]] = []
    for word in table["products"].split():
        parts = keys(tokenize(word, lang))
        if len(parts) == 1:
            products.update(word_forms(parts[0]))
        else:
            phrases.append(parts)
            descriptors.update(form for part in parts for form in word_forms(part))
    for word in table["descriptors"].split():
        descriptors.update(form for k in keys(tokenize(word, lang)) for form in word_forms(k))
    never = {k for word in table["never"].split() for k in keys(tokenize(word, lang))}
    return ProductWords(
        frozenset(products), frozenset(descriptors), tuple(phrases), frozenset(never)
    )


def names_a_product(
    name: str, lang: str, known_names: Sequence[str] = (), counted: bool = False
) -> bool:
    """Whether ``name``, said without a verb, plausibly names something to buy.

    ``counted`` is true when a number other than "un"/"a" or a unit came with it: then a
    short name of words restock does not know ("trois kiwanos") is taken too.
    """
    if match_known_name(name, known_names, lang) is not None:
        return True
    words = _content_words(name, lang)
    if not words:
        return False
    lexicon = product_words(lang)
    if any(_has(lexicon.never, word) for word in words):
        return False
    only_descriptors = all(
        _has(lexicon.descriptors, w) and not _has(lexicon.products, w) for w in words
    )
    if counted and len(words) <= MAX_COUNTED_WORDS and not only_descriptors:
        return True  # "trois kiwanos"; but "trois petits chats" only qualifies
    if not all(_has(lexicon.products, w) or _has(lexicon.descriptors, w) for w in words):
        return False
    return any(_has(lexicon.products, w) for w in words) or _holds_phrase(words, lexicon.phrases)


def _content_words(name: str, lang: str) -> list[str]:
    """The folded words of a name without links, numbers and units."""
    words = list(keys(tokenize(name, lang)))
    lexicon = product_words(lang)
    content = []
    for index, word in enumerate(words):
        if word in _LINKS[lang] or parse_number(words, index, lang) is not None:
            continue
        listed = _has(lexicon.products, word) or _has(lexicon.descriptors, word)
        if not listed and find_unit(word) is not None:
            continue  # "Nutella 400 g": the size is not a word of the name
        content.append(word)
    return content


def _holds_phrase(words: list[str], phrases: tuple[tuple[str, ...], ...]) -> bool:
    """Whether a several-word product ('essuie tout', 'hot dog') is said in a row."""
    for phrase in phrases:
        for start in range(len(words) - len(phrase) + 1):
            run = words[start : start + len(phrase)]
            if all(
                not word_forms(said).isdisjoint(word_forms(listed))
                for said, listed in zip(run, phrase, strict=True)
            ):
                return True
    return False
