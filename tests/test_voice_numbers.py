"""Spoken numbers, tokens and matching spoken names to the household's products."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from device.voice.matching import match_known_name
from device.voice.numbers import parse_number_text
from device.voice.tokens import join_tokens, tokenize

_EN = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_EN_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_FR = [
    "zéro",
    "un",
    "deux",
    "trois",
    "quatre",
    "cinq",
    "six",
    "sept",
    "huit",
    "neuf",
    "dix",
    "onze",
    "douze",
    "treize",
    "quatorze",
    "quinze",
    "seize",
    "dix-sept",
    "dix-huit",
    "dix-neuf",
]
_FR_TENS = ["_", "_", "vingt", "trente", "quarante", "cinquante", "soixante"]


def say_english(n: int) -> str:
    """How an American says 1..999 (the test's own speller, independent of the parser)."""
    hundreds, rest = divmod(n, 100)
    words = [f"{_EN[hundreds]} hundred"] if hundreds else []
    if rest >= 20:
        tens, unit = divmod(rest, 10)
        words.append(_EN_TENS[tens] + (f"-{_EN[unit]}" if unit else ""))
    elif rest or not words:
        words.append(_EN[rest])
    return " ".join(words)


def say_french(n: int) -> str:
    """How a French speaker says 1..999 (quatre-vingts, soixante et onze...)."""
    hundreds, rest = divmod(n, 100)
    words = []
    if hundreds:
        words.append(
            "cent" if hundreds == 1 else f"{_FR[hundreds]} cent" + ("s" if not rest else "")
        )
    if rest or not words:
        words.append(_say_french_below_hundred(rest))
    return " ".join(words)


def _say_french_below_hundred(n: int) -> str:
    if n < 20:
        return _FR[n]
    if n < 70:
        tens, unit = divmod(n, 10)
        if unit == 1:
            return f"{_FR_TENS[tens]} et un"
        return _FR_TENS[tens] + (f"-{_FR[unit]}" if unit else "")
    if n < 80:
        return "soixante et onze" if n == 71 else f"soixante-{_FR[n - 60]}"
    if n == 80:
        return "quatre-vingts"
    return f"quatre-vingt-{_FR[n - 80]}"


@given(st.integers(min_value=1, max_value=999))
def test_every_english_number_below_a_thousand(n):
    assert parse_number_text(say_english(n), "en") == n


@given(st.integers(min_value=1, max_value=999))
def test_every_french_number_below_a_thousand(n):
    assert parse_number_text(say_french(n), "fr") == n


@given(st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False))
def test_digits_with_a_decimal_comma_or_point(value):
    text = f"{value:f}"
    assert parse_number_text(text, "en") == pytest.approx(float(value))
    assert parse_number_text(text.replace(".", ","), "fr") == pytest.approx(float(value))


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("une douzaine", "fr", 12),
        ("deux douzaines", "fr", 24),
        ("une demi-douzaine", "fr", 6),
        ("a dozen", "en", 12),
        ("half a dozen", "en", 6),
        ("un et demi", "fr", 1.5),
        ("one and a half", "en", 1.5),
        ("a couple of", "en", 2),
        ("mille deux cents", "fr", 1200),
        ("a hundred", "en", 100),
        ("soixante-dix", "fr", 70),
        ("quatre-vingt-dix-neuf", "fr", 99),
    ],
)
def test_counting_words(text, lang, value):
    assert parse_number_text(text, lang) == value


@pytest.mark.parametrize("text", ["deux trois", "lait", "", "and"])
def test_what_is_not_one_number(text):
    assert parse_number_text(text, "fr" if "deux" in text else "en") is None


def test_tokens_split_elisions_and_hyphens_and_glue_back():
    tokens = tokenize("une douzaine d'œufs et de l'essuie-tout", "fr")
    assert [t.key for t in tokens] == [
        "une", "douzaine", "d'", "oeufs", "et", "de", "l'", "essuie", "tout",
    ]  # fmt: skip
    assert join_tokens(tokens[6:]) == "l'essuie-tout"


def test_english_contractions_stay_one_word():
    assert [t.key for t in tokenize("we're out of it", "en")] == ["we're", "out", "of", "it"]


KNOWN_FR = ["Pommes de terre", "Nutella 400 g", "Jus d'orange", "Lait demi-écrémé",
            "Confiture de fraises", "Pâte à tartiner Chocoreve"]  # fmt: skip


@pytest.mark.parametrize(
    ("spoken", "expected"),
    [
        ("nutella", "Nutella 400 g"),
        ("nutela", "Nutella 400 g"),  # a recognition slip
        ("pomme de terre", "Pommes de terre"),
        ("lait", "Lait demi-écrémé"),  # the head of the name
        ("lait demi ecreme", "Lait demi-écrémé"),  # accents and hyphens aside
        ("chocoreve", "Pâte à tartiner Chocoreve"),  # a brand later in the name
        ("pommes", None),  # not "pommes de terre"
        ("fraises", None),  # only the complement of "confiture de fraises"
        ("orange", None),
        ("jus de pomme", None),
    ],
)
def test_french_spoken_names_match_known_products(spoken, expected):
    assert match_known_name(spoken, KNOWN_FR, "fr") == expected


@pytest.mark.parametrize(
    ("spoken", "expected"),
    [
        ("baked beans", "Heinz Baked Beans"),
        ("milk", "semi-skimmed milk 1L"),
        ("yogurts", "Greek yogurt"),
        ("apples", None),  # not "Apple juice"
        ("lait", None),
    ],
)
def test_english_spoken_names_match_known_products(spoken, expected):
    known = ["Apple juice", "Heinz Baked Beans", "semi-skimmed milk 1L", "Greek yogurt"]
    assert match_known_name(spoken, known, "en") == expected


def test_the_most_recent_of_equal_matches_wins():
    assert match_known_name("lait", ["Lait entier", "Lait écrémé"], "fr") == "Lait entier"
    assert match_known_name("lait", ["Lait écrémé", "Lait entier"], "fr") == "Lait écrémé"
