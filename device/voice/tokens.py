"""Words of a transcript, split the way the parser needs them, keeping how to glue them back.

A transcript like "une douzaine d'œufs" becomes the tokens ``une``, ``douzaine``, ``d'``,
``œufs``; each token keeps its spoken spelling (for the product name shown to people), a
folded key (for matching: lower case, no accents, œ -> oe) and the glue that joined it to
the previous word, so "huile d'olive" and "essuie-tout" come back exactly as said.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from household.units import fold

# French elisions that are words of their own ("d'œufs" = "d'" + "œufs").
FRENCH_ELISIONS = ("jusqu'", "qu'", "l'", "d'", "j'", "n'", "s'", "c'", "m'", "t'")

# A number glued to its unit ("500g", "1,5l") is two words.
_NUMBER_THEN_LETTERS = re.compile(r"^(\d+(?:[.,]\d+)?)([^\W\d_]+)$")
# Commas between digits are decimal commas ("1,5"); any other comma separates items.
_WORD_OR_COMMA = re.compile(r"\d+(?:[.,]\d+)?|[^\W_]+(?:['\-][^\W_]+)*'?|,|&")


@dataclass(frozen=True, slots=True)
class Token:
    """One word of a transcript."""

    text: str
    """As spoken or typed, e.g. 'œufs'."""
    key: str
    """Folded for matching: lower case, no accents, ligatures spelled out ('oeufs')."""
    glue: str = " "
    """What joined it to the previous token: ' ', '' (after an elision) or '-'."""


def fold_key(text: str) -> str:
    """The matching key of a word or phrase: folded, œ/æ spelled out, curly quotes made plain."""
    return fold(text.replace("’", "'"))


def tokenize(text: str, lang: str) -> list[Token]:
    """Split ``text`` into tokens; hyphenated words and French elisions become several."""
    text = text.replace("’", "'").replace("‘", "'").replace("\u00a0", " ")
    tokens: list[Token] = []
    for match in _WORD_OR_COMMA.finditer(text):
        word = match.group()
        glued = match.start() > 0 and not text[match.start() - 1].isspace()
        first_glue = "" if glued and word != "," else " "
        for index, (part, glue) in enumerate(_split_word(word, lang)):
            tokens.append(Token(part, fold_key(part), glue if index else first_glue))
    return tokens


def _split_word(word: str, lang: str) -> list[tuple[str, str]]:
    """A word's parts with their glue: elisions, hyphens, and numbers stuck to units."""
    glued = _NUMBER_THEN_LETTERS.match(word)
    if glued:
        return [(glued.group(1), " "), (glued.group(2), " ")]
    parts: list[tuple[str, str]] = []
    for index, piece in enumerate(word.split("-")):
        if not piece:
            continue
        glue = "-" if index else " "
        if lang == "fr":
            while True:
                key = fold_key(piece)
                elision = next(
                    (e for e in FRENCH_ELISIONS if key.startswith(e) and len(key) > len(e)), None
                )
                if elision is None:
                    break
                parts.append((piece[: len(elision)], glue))
                piece, glue = piece[len(elision) :], ""
        if not (lang == "fr" and piece.endswith("'")):
            piece = piece.strip("'")
        parts.append((piece, glue))
    return [(p, g) for p, g in parts if p]


def join_tokens(tokens: Sequence[Token]) -> str:
    """The spoken text of ``tokens``, glued back as it was said."""
    out = ""
    for index, token in enumerate(tokens):
        out += ("" if index == 0 else token.glue) + token.text
    return out


def keys(tokens: Sequence[Token]) -> tuple[str, ...]:
    """The folded keys of ``tokens``."""
    return tuple(t.key for t in tokens)


def phrase_keys(phrase: str, lang: str) -> tuple[str, ...]:
    """The token keys of a phrase written in a table, tokenized like any transcript."""
    return keys(tokenize(phrase, lang))
