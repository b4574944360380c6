"""Cutting the words of one utterance into items: "du lait, du pain et des œufs" -> 3.

Items are cut at conjunctions ("et", "and", commas) unless the conjunction belongs to a
number ("vingt et un") or a product name ("mac and cheese"), and, because recognisers drop
commas, where an article or a number follows a complete product name ("du lait du pain").
"""

from __future__ import annotations

from collections.abc import Sequence

from device.voice.lexicon import Lexicon
from device.voice.numbers import and_a_half, parse_number
from device.voice.tokens import Token, keys


def split_items(tokens: list[Token], lex: Lexicon, known_names: Sequence[str]) -> list[list[Token]]:
    """Cut at 'et', 'and', commas, unless inside a number or a name like 'mac and cheese'."""
    words = keys(tokens)
    segments: list[list[Token]] = []
    start = index = 0
    while index < len(words):
        number = parse_number(words, index, lex.lang)
        if number is not None and number[1] > 1:
            index += number[1]
            continue
        used = lex.conjunctions.match_start(words[index:])
        if (
            used
            and not _inside_name(words, index, lex, known_names)
            and not and_a_half(words, index, lex.lang)
        ):
            segments.append(tokens[start:index])
            start = index = index + used
            continue
        index += 1
    segments.append(tokens[start:])
    segments = [
        piece for segment in segments for piece in _split_at_item_starts(segment, lex, known_names)
    ]
    cleaned = []
    for segment in segments:
        # "ajoute du lait et ajoute du pain": the verb may come again.
        while segment:
            found = lex.actions.longest_start(keys(segment))
            if found is None:
                break
            segment = segment[found[0] :]
        if segment:
            cleaned.append(segment)
    return cleaned


def _split_at_item_starts(
    tokens: list[Token], lex: Lexicon, known_names: Sequence[str]
) -> list[list[Token]]:
    """Cut where an article or a number follows a product name with no 'et' between.

    Recognisers drop commas, so "du lait, du pain et des œufs" arrives as "du lait du
    pain et des œufs" and "two avocados, three limes" as "two avocados three limes". A
    word that ties a name to what follows ("de", "of", "à", a unit, a number) never ends
    an item, so "pack de six bouteilles" and "lait demi-écrémé" stay whole.
    """
    words = keys(tokens)
    pieces: list[list[Token]] = []
    start, index = 0, 1
    while index < len(words):
        number = parse_number(words, index, lex.lang)
        used = lex.item_starts.match_start(words[index:])
        starts_item = used > 0 or (number is not None and number[0] >= 1)
        if (
            starts_item
            and index + max(used, 1) < len(words)
            and tokens[index].glue == " "
            and _ends_a_name(words, index - 1, lex)
            and not _inside_name(words, index, lex, known_names)
        ):
            pieces.append(tokens[start:index])
            start = index
        index += number[1] if number is not None else 1
    pieces.append(tokens[start:])
    return [piece for piece in pieces if piece]


def _ends_a_name(words: Sequence[str], index: int, lex: Lexicon) -> bool:
    """Whether the word at ``index`` can be the last word of a product name."""
    word = words[index]
    return not (
        word in lex.of
        or word in lex.name_links
        or word in lex.times
        or word in lex.size_words
        or word in lex.count_containers
        or lex.unit_at(words, index) is not None
        or lex.articles.match_start(words[index : index + 1])
        or parse_number(words, index, lex.lang) is not None
    )


def _inside_name(
    words: Sequence[str], index: int, lex: Lexicon, known_names: Sequence[str]
) -> bool:
    """True when the conjunction at ``index`` belongs to a compound product name."""
    for phrase in lex.compound_names + lex.known_phrases(known_names):
        for offset, word in enumerate(phrase):
            if (
                word == words[index]
                and tuple(words[index - offset : index - offset + len(phrase)]) == phrase
            ):
                return True
    return False
