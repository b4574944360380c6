"""Stray speech from an always-listening kitchen microphone must not fill the list.

A phrase said without a command verb adds only when it plausibly names a product: one the
household knows, one made of grocery words, or a counted one. Songs, weather, greetings
and sentences about something else are 'unknown', say what to say instead, and store nothing.
"""

from __future__ import annotations

import threading

import pytest

from device.commands import Outcome
from device.daemon import Daemon, voice_parser
from device.sources.base import InputKind, SourceInput
from device.voice.intents import Action, parse_utterance
from device.voice.plausibility import names_a_product, product_words, word_forms
from household.store import HouseholdStore

EXAMPLE = "Say e.g. 'ajoute deux litres de lait' or 'add a dozen eggs'."
NOT_FOR_THE_LIST = f"That is not a request for the shopping list. {EXAMPLE}"


def items_of(text: str, lang: str, known=()):
    parsed = parse_utterance(text, lang, known)
    return parsed.action.value, [(i.name, i.quantity, i.unit) for i in parsed.items]


STRAY = [
    ("chante une chanson", "fr"),
    ("hello there", "fr"),
    ("la météo demain", "fr"),
    ("mets de la musique", "fr"),
    ("mets la table", "fr"),
    ("le chat a faim", "fr"),
    ("regarde le lait", "fr"),
    ("à table", "fr"),
    ("bon appétit", "fr"),
    ("encore cinq minutes", "fr"),
    ("c'est l'heure", "fr"),
    ("une chanson", "fr"),
    ("passe-moi le sel", "fr"),
    ("pile ou face", "fr"),
    ("tout", "fr"),
    ("trois petits chats", "fr"),
    ("deux minutes", "fr"),
    ("play some music", "en"),
    ("hello there", "en"),
    ("the weather tomorrow", "en"),
    ("put on some music", "en"),
    ("put the kettle on", "en"),
    ("sing a song", "en"),
    ("i love you", "en"),
    ("the cat is hungry", "en"),
    ("dinner is ready", "en"),
    ("look at the milk", "en"),
    ("the milk is in the fridge", "en"),
    ("five more minutes", "en"),
    ("pass me the salt", "en"),
    ("a song", "en"),
]


@pytest.mark.parametrize(("text", "lang"), STRAY)
def test_stray_speech_is_unknown_and_says_what_to_say(text, lang):
    parsed = parse_utterance(text, lang)
    assert (parsed.action, parsed.items) == (Action.UNKNOWN, ())
    assert parsed.reason.endswith(EXAMPLE)


def test_a_phrase_that_names_no_product_says_to_start_with_a_verb():
    assert parse_utterance("le chat a faim", "fr").reason == (
        "No action word, and 'le chat a faim' does not sound like a product: "
        f"to put it on the list, start with 'ajoute' or 'add'. {EXAMPLE}"
    )
    assert parse_utterance("hello there", "en").reason.startswith(
        "No action word, and 'hello there' does not sound like a product"
    )


@pytest.mark.parametrize(
    ("text", "lang"),
    [("chante une chanson", "fr"), ("la météo demain", "fr"), ("mets de la musique", "fr"),
     ("play some music", "en"), ("the weather tomorrow", "en"), ("put on some music", "en")],
)  # fmt: skip
def test_music_weather_and_songs_are_not_for_the_list(text, lang):
    assert parse_utterance(text, lang).reason == NOT_FOR_THE_LIST


BARE_PRODUCTS = [
    ("du lait", "fr", [("lait", None, None)]),
    ("lait", "fr", [("lait", None, None)]),
    ("deux baguettes", "fr", [("baguettes", 2, None)]),
    ("papier toilette", "fr", [("papier toilette", None, None)]),
    ("du liquide vaisselle", "fr", [("liquide vaisselle", None, None)]),
    ("de l'huile d'olive", "fr", [("huile d'olive", None, None)]),
    ("lait demi-écrémé", "fr", [("lait demi-écrémé", None, None)]),
    ("des pommes de terre", "fr", [("pommes de terre", None, None)]),
    ("crème fraîche", "fr", [("crème fraîche", None, None)]),
    ("sacs poubelle", "fr", [("sacs poubelle", None, None)]),
    ("essuie-tout", "fr", [("essuie-tout", None, None)]),
    ("des croquettes pour chat", "fr", [("croquettes pour chat", None, None)]),
    ("fromage râpé et jambon", "fr", [("fromage râpé", None, None), ("jambon", None, None)]),
    ("un paquet de chips", "fr", [("chips", 1, "packet")]),
    # counted or measured: the name may be one restock does not know
    ("un kilo de coings", "fr", [("coings", 1, "kg")]),
    ("trois kiwanos", "fr", [("kiwanos", 3, None)]),
    ("milk", "en", [("milk", None, None)]),
    ("two baguettes", "en", [("baguettes", 2, None)]),
    ("a kilo of apples", "en", [("apples", 1, "kg")]),
    ("olive oil", "en", [("olive oil", None, None)]),
    ("toilet paper", "en", [("toilet paper", None, None)]),
    ("paper towels", "en", [("paper towels", None, None)]),
    ("dish soap", "en", [("dish soap", None, None)]),
    ("orange juice", "en", [("orange juice", None, None)]),
    ("chicken breasts", "en", [("chicken breasts", None, None)]),
    ("greek yogurt", "en", [("greek yogurt", None, None)]),
    ("hot dogs", "en", [("hot dogs", None, None)]),
    ("cherries", "en", [("cherries", None, None)]),
    ("bananas and apples", "en", [("bananas", None, None), ("apples", None, None)]),
    ("a loaf of bread", "en", [("bread", 1, None)]),
    ("two liters of milk", "en", [("milk", 2, "l")]),
    ("three kiwanos", "en", [("kiwanos", 3, None)]),
]


@pytest.mark.parametrize(("text", "lang", "items"), BARE_PRODUCTS)
def test_a_bare_product_still_adds(text, lang, items):
    assert items_of(text, lang) == ("add", items)


def test_a_name_the_household_knows_adds_without_a_verb():
    known = ["La Vache qui rit", "Crème de marrons", "Kiwano"]
    assert items_of("la vache qui rit", "fr")[0] == "unknown"
    assert items_of("la vache qui rit", "fr", known) == ("add", [("La Vache qui rit", None, None)])
    # accent-insensitive and fuzzy, as matching.py does
    assert items_of("creme de marron", "fr", known) == ("add", [("Crème de marrons", None, None)])
    assert items_of("kiwanos", "en", known) == ("add", [("Kiwano", None, None)])
    assert items_of("kiwanos", "en")[0] == "unknown"


@pytest.mark.parametrize(
    ("text", "lang", "items"),
    [("ajoute de la musique", "fr", [("musique", None, None)]),
     ("ajoute une chanson", "fr", [("chanson", 1, None)]),
     ("rajoute du kiwano", "fr", [("kiwano", None, None)]),
     ("add some music", "en", [("music", None, None)]),
     ("add ben and jerry's ice cream", "en", [("ben and jerry's ice cream", None, None)]),
     ("we're out of kiwanos", "en", [("kiwanos", None, None)])],
)  # fmt: skip
def test_an_explicit_command_adds_whatever_it_names(text, lang, items):
    assert items_of(text, lang) == ("add", items)


def test_one_stray_word_among_products_refuses_the_whole_phrase():
    assert items_of("chante du fromage", "fr")[0] == "unknown"
    assert items_of("milk and honey and you", "en")[0] == "unknown"


def test_the_product_words_are_folded_and_keep_descriptors_apart():
    french = product_words("fr")
    assert {"lait", "oeuf", "creme"} <= french.products
    assert "bio" in french.descriptors and "bio" not in french.products
    assert ("essuie", "tout") in french.phrases and "tout" not in french.products
    assert {"cherry", "cherrie"} <= word_forms("cherries") and word_forms("pois") == {"pois", "poi"}
    assert not names_a_product("bio", "fr")  # a descriptor alone is no product
    assert not names_a_product("red", "en")
    assert names_a_product("Nutella 400 g", "fr", ["Nutella 400 g"])


class Said:
    """A microphone that heard fixed sentences, then stopped."""

    name = "mic:kitchen"

    def __init__(self, *texts: str) -> None:
        self._texts = texts

    def run(self, emit, stop) -> None:
        """Emit every sentence as an utterance."""
        for text in self._texts:
            emit(SourceInput(text, InputKind.UTTERANCE, self.name, 0.0))


@pytest.mark.parametrize(
    ("lang", "texts", "kept"),
    [("fr", ["chante une chanson", "du lait", "la météo demain", "le chat a faim"], "lait"),
     ("en", ["play some music", "hello there", "milk", "the weather tomorrow"], "milk")],
)  # fmt: skip
def test_stray_speech_stores_nothing_on_the_real_list(db_path, lang, texts, kept):
    outcomes: list[Outcome] = []
    store = HouseholdStore.open(db_path)
    try:
        daemon = Daemon(
            store, [Said(*texts)], outcomes.append, by="ana", language=lang,
            parse_utterance=voice_parser(),
        )  # fmt: skip
        daemon.run(threading.Event())
        names = [item.name for item in store.items()]
    finally:
        store.close()
    assert [o.event for o in outcomes].count("refused") == 3
    assert all(o.reason.endswith(EXAMPLE) for o in outcomes if o.event == "refused")
    assert names == [kept]
