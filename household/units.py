"""Units of quantity on the household list, in French and English, and when two merge.

A unit is stored as a short canonical code (``"l"``, ``"kg"``, ``"pack"``); no unit means
a count of items. Mass and volume convert within themselves; containers (a pack, a jar)
only merge with the same container, because nobody knows how many grams a "pack" is.
Densities are never guessed: 1 l of milk and 1 kg of milk stay two lines.
"""

from __future__ import annotations

import unicodedata

from household.errors import UsageError

# canonical code -> (dimension, factor to the dimension's base unit)
UNITS: dict[str, tuple[str, float]] = {
    "g": ("mass", 1.0),
    "kg": ("mass", 1000.0),
    "ml": ("volume", 1.0),
    "cl": ("volume", 10.0),
    "l": ("volume", 1000.0),
    "lb": ("mass", 453.59237),
    "oz": ("mass", 28.349523125),
    "gal": ("volume", 3785.411784),
    "pint": ("volume", 473.176473),
    "qt": ("volume", 946.352946),  # the US liquid quart ("a quart of milk")
    "pack": ("pack", 1.0),
    "bottle": ("bottle", 1.0),
    "box": ("box", 1.0),
    "jar": ("jar", 1.0),
    "can": ("can", 1.0),
    "bag": ("bag", 1.0),
    "packet": ("packet", 1.0),
    "carton": ("carton", 1.0),
    "tube": ("tube", 1.0),
    "bunch": ("bunch", 1.0),
    "slice": ("slice", 1.0),
    "tray": ("tray", 1.0),
    "roll": ("roll", 1.0),
}

# Every spelling people type or say (accents folded, lower case) -> canonical code.
ALIASES: dict[str, str] = {
    **{code: code for code in UNITS},
    "gr": "g",
    "gramme": "g",
    "grammes": "g",
    "gram": "g",
    "grams": "g",
    "kilo": "kg",
    "kilos": "kg",
    "kilogramme": "kg",
    "kilogrammes": "kg",
    "kilogram": "kg",
    "kilograms": "kg",
    "millilitre": "ml",
    "millilitres": "ml",
    "milliliter": "ml",
    "milliliters": "ml",
    "centilitre": "cl",
    "centilitres": "cl",
    "litre": "l",
    "litres": "l",
    "liter": "l",
    "liters": "l",
    "lt": "l",
    "packs": "pack",
    "lot": "pack",
    "lots": "pack",
    "bouteille": "bottle",
    "bouteilles": "bottle",
    "bottles": "bottle",
    "boite": "box",
    "boites": "box",
    "boxes": "box",
    "bocal": "jar",
    "bocaux": "jar",
    "pot": "jar",
    "pots": "jar",
    "jars": "jar",
    "canette": "can",
    "canettes": "can",
    "cans": "can",
    "tin": "can",
    "tins": "can",
    "conserve": "can",
    "conserves": "can",
    "sac": "bag",
    "sacs": "bag",
    "sachet": "bag",
    "sachets": "bag",
    "bags": "bag",
    "paquet": "packet",
    "paquets": "packet",
    "packets": "packet",
    "package": "packet",
    "packages": "packet",
    "brique": "carton",
    "briques": "carton",
    "cartons": "carton",
    "tubes": "tube",
    "botte": "bunch",
    "bottes": "bunch",
    "bunches": "bunch",
    "tranche": "slice",
    "tranches": "slice",
    "slices": "slice",
    "barquette": "tray",
    "barquettes": "tray",
    "trays": "tray",
    "rouleau": "roll",
    "rouleaux": "roll",
    "rolls": "roll",
    # spoken imperial units and containers (voice dictation)
    "pound": "lb",
    "pounds": "lb",
    "lbs": "lb",
    "ounce": "oz",
    "ounces": "oz",
    "gallon": "gal",
    "gallons": "gal",
    "pints": "pint",
    # "quart" alone is not here: in French it is a quarter ("un quart de beurre"); the
    # English voice lexicon reads it (device/voice/phrases.py, SPOKEN_MEASURES)
    "tub": "jar",
    "tubs": "jar",
    "flacon": "bottle",
    "flacons": "bottle",
    "grappe": "bunch",
    "grappes": "bunch",
    "filet": "bag",
    "filets": "bag",
}


def fold(text: str) -> str:
    """Lower-case ``text``, strip its accents and spell out œ/æ ('Œufs' -> 'oeufs'), for
    matching what people type or say. (NFKD leaves the ligatures whole.)"""
    text = text.casefold().replace("œ", "oe").replace("æ", "ae")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def find_unit(word: str) -> str | None:
    """The canonical unit code for ``word``, or None when it is not a unit."""
    return ALIASES.get(fold(word).strip().rstrip("."))


def parse_unit(text: str | None) -> str | None:
    """The canonical code for a unit given on the command line; None for a plain count."""
    if text is None or not text.strip() or fold(text).strip() in ("x", "pc", "pcs", "unit"):
        return None
    unit = find_unit(text)
    if unit is None:
        known = ", ".join(sorted(UNITS))
        raise UsageError(f"Unknown unit {text!r}. Use one of: {known}, or none for a count.")
    return unit


def convert(quantity: float, from_unit: str | None, to_unit: str | None) -> float | None:
    """``quantity`` in ``from_unit`` expressed in ``to_unit``, or None when they don't mix."""
    if from_unit == to_unit:
        return quantity
    if from_unit is None or to_unit is None:
        return None
    from_dim, from_factor = UNITS[from_unit]
    to_dim, to_factor = UNITS[to_unit]
    if from_dim != to_dim:
        return None
    return quantity * from_factor / to_factor


def format_quantity(quantity: float) -> str:
    """A quantity as people write it: ``3``, ``1.5``, ``0.25``."""
    text = f"{quantity:.3f}".rstrip("0").rstrip(".")
    return text or "0"
