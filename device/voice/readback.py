"""What the daemon says back after a spoken command: "ajouté : deux litres de lait".

Pure: an acknowledged outcome and the household language in, a short sentence out, for
espeak-ng to read. Hearing the amount and the product as the list took them is how the
person at the stove knows the recogniser got it right, or that it is time to say "annule".
Numbers up to twenty are written in words (espeak reads them either way, but words keep
"un litre" and "une bouteille" right); larger ones stay digits, read in the voice's language.
"""

from __future__ import annotations

from device.commands import Outcome
from household.units import format_quantity

_VERBS = {
    "fr": {"added": "ajouté", "set": "corrigé", "removed": "retiré", "undone": "annulé",
           "refused": "pas compris", "listening": "j'écoute"},
    "en": {"added": "added", "set": "now", "removed": "removed", "undone": "undone",
           "refused": "not understood", "listening": "listening"},
}  # fmt: skip

_NUMBERS = {
    "fr": ["zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
           "onze", "douze", "treize", "quatorze", "quinze", "seize", "dix-sept", "dix-huit",
           "dix-neuf", "vingt"],
    "en": ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
           "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
           "eighteen", "nineteen", "twenty"],
}  # fmt: skip

# unit code -> (singular, plural); French feminine units are marked with a leading "f:".
_UNIT_WORDS = {
    "fr": {
        "g": ("gramme", "grammes"), "kg": ("kilo", "kilos"), "l": ("litre", "litres"),
        "ml": ("millilitre", "millilitres"), "cl": ("centilitre", "centilitres"),
        "lb": ("f:livre", "livres"), "oz": ("f:once", "onces"), "gal": ("gallon", "gallons"),
        "pint": ("f:pinte", "pintes"), "qt": ("quart", "quarts"), "pack": ("pack", "packs"),
        "bottle": ("f:bouteille", "bouteilles"), "box": ("f:boîte", "boîtes"),
        "jar": ("bocal", "bocaux"), "can": ("f:canette", "canettes"),
        "bag": ("sachet", "sachets"), "packet": ("paquet", "paquets"),
        "carton": ("f:brique", "briques"), "tube": ("tube", "tubes"),
        "bunch": ("f:botte", "bottes"), "slice": ("f:tranche", "tranches"),
        "tray": ("f:barquette", "barquettes"), "roll": ("rouleau", "rouleaux"),
    },
    "en": {
        "g": ("gram", "grams"), "kg": ("kilo", "kilos"), "l": ("liter", "liters"),
        "ml": ("milliliter", "milliliters"), "cl": ("centiliter", "centiliters"),
        "lb": ("pound", "pounds"), "oz": ("ounce", "ounces"), "gal": ("gallon", "gallons"),
        "pint": ("pint", "pints"), "qt": ("quart", "quarts"), "pack": ("pack", "packs"),
        "bottle": ("bottle", "bottles"),
        "box": ("box", "boxes"), "jar": ("jar", "jars"), "can": ("can", "cans"),
        "bag": ("bag", "bags"), "packet": ("packet", "packets"), "carton": ("carton", "cartons"),
        "tube": ("tube", "tubes"), "bunch": ("bunch", "bunches"), "slice": ("slice", "slices"),
        "tray": ("tray", "trays"), "roll": ("roll", "rolls"),
    },
}  # fmt: skip
_FRENCH_VOWELS = "aeiouyàâäéèêëîïôöùûüœæ"
_SILENT_H = ("huile", "herbe", "houmous", "huître")
"""Most grocery words in h take "de" (haricots, hareng); these elide: "d'huile"."""


def read_back(outcome: Outcome, lang: str) -> str:
    """The sentence that confirms ``outcome`` in ``lang`` ('fr' or 'en'; others: English)."""
    lang = lang if lang in _VERBS else "en"
    verb = _VERBS[lang].get(outcome.event)
    if verb is None:
        return ""
    if outcome.event in ("undone", "refused", "listening") or not outcome.name:
        return verb
    return f"{verb}{' :' if lang == 'fr' else ':'} {amount_of(outcome, lang)}"


def amount_of(outcome: Outcome, lang: str) -> str:
    """'deux litres de lait', 'a dozen eggs', 'lait' (one, no unit: the name alone)."""
    name, quantity, unit = outcome.name or "", outcome.quantity, outcome.unit
    if quantity is None or (quantity == 1 and unit is None):
        return name
    if unit is None:
        if lang == "en" and quantity == 12:
            return f"a dozen {name}"
        return f"{_number(quantity, lang, feminine=False)} {name}"
    singular, plural = _UNIT_WORDS[lang].get(unit, (unit, unit))
    feminine = singular.startswith("f:")
    singular = singular.removeprefix("f:")
    many = quantity >= 2 if lang == "fr" else quantity != 1
    unit_word = plural if many else singular
    number = _number(quantity, lang, feminine=feminine)
    if lang == "en":
        if quantity == 1:
            number = "an" if unit_word[0] in "aeiou" else "a"
        return f"{number} {unit_word} of {name}"
    elides = name[:1].lower() in _FRENCH_VOWELS or name.lower().startswith(_SILENT_H)
    of = "d'" if elides else "de "
    return f"{number} {unit_word} {of}{name}"


def _number(quantity: float, lang: str, *, feminine: bool) -> str:
    if float(quantity).is_integer() and 0 <= quantity <= 20:
        if lang == "fr" and quantity == 1 and feminine:
            return "une"
        return _NUMBERS[lang][int(quantity)]
    text = format_quantity(quantity)
    return text.replace(".", ",") if lang == "fr" else text
