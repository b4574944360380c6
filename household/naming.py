"""How list lines are recognised as "the same thing": name keys and placeholder names."""

from __future__ import annotations

import re

from household.gtin import Gtin, GtinKind
from household.units import fold

_NOT_WORD = re.compile(r"[^0-9a-z]+")


def name_key(name: str) -> str:
    """The key two names share when people mean the same thing.

    Case, accents, punctuation and a plural ``s``/``x`` do not count: "Pommes de terre"
    and "pomme de terre", "Œufs" and "oeuf" give one key.
    """
    words = _NOT_WORD.sub(" ", fold(name)).split()
    return " ".join(_singular(word) for word in words)


def describe(gtin: Gtin) -> str:
    """The placeholder name of a barcode nobody has named yet."""
    if gtin.kind is GtinKind.ISBN:
        return f"book {gtin.short}"
    if gtin.kind is GtinKind.ISSN:
        return f"magazine {gtin.short}"
    return f"unknown {gtin.short}"


def _singular(word: str) -> str:
    # Short words keep their last letter: "jus", "riz", "noix" are already singular.
    if len(word) > 3 and word[-1] in "sx" and word[-2] != "s":
        return word[:-1]
    return word
