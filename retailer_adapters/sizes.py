"""Pack sizes as the sources write them ("400 g", "1,5 L", "6 x 1 l"), in g, ml or a count.

Offers and products carry the net size in grams, millilitres or a count so that unit
prices compare across retailers; this is the one place that reads the sources' spellings.
"""

from __future__ import annotations

import re
from typing import Any

# unit spelling -> (canonical unit, factor)
SIZE_UNITS: dict[str, tuple[str, float]] = {
    "g": ("g", 1.0),
    "gr": ("g", 1.0),
    "kg": ("g", 1000.0),
    "mg": ("g", 0.001),
    "ml": ("ml", 1.0),
    "cl": ("ml", 10.0),
    "dl": ("ml", 100.0),
    "l": ("ml", 1000.0),
    "lt": ("ml", 1000.0),
    "u": ("count", 1.0),
    "unit": ("count", 1.0),
    "units": ("count", 1.0),
    "pcs": ("count", 1.0),
    "x": ("count", 1.0),
}
_AMOUNT = r"(\d+(?:[.,]\d+)?)"
_MULTI = re.compile(rf"^\s*(\d+)\s*[x×*]\s*{_AMOUNT}\s*([a-zA-Z]+)\b")
_SINGLE = re.compile(rf"^\s*{_AMOUNT}\s*([a-zA-Z]+)\b")


def parse_size(value: Any, unit: Any = None) -> tuple[float, str] | None:
    """A size from a number and a unit, or from free text; None when it cannot tell.

    Open Food Facts sends ``product_quantity`` as a string ("400") or a number (100), with
    ``product_quantity_unit`` sometimes missing: then the unit is grams by its convention.
    """
    if value is None or value == "":
        return None
    if unit is not None or isinstance(value, int | float):
        try:
            amount = float(str(value).replace(",", "."))
        except ValueError:
            return parse_size_text(str(value))
        canonical = SIZE_UNITS.get(str(unit or "g").strip().lower())
        if canonical is None or amount <= 0:
            return None
        return round(amount * canonical[1], 3), canonical[0]
    return parse_size_text(str(value))


def parse_size_text(text: str) -> tuple[float, str] | None:
    """'400 g' -> (400.0, 'g'); '6 x 1 l' -> (6000.0, 'ml'); '1,5L' -> (1500.0, 'ml')."""
    count = 1
    match = _MULTI.match(text)
    if match:
        count, amount_text, unit = int(match[1]), match[2], match[3]
    else:
        match = _SINGLE.match(text)
        if not match:
            return None
        amount_text, unit = match[1], match[2]
    canonical = SIZE_UNITS.get(unit.lower())
    amount = float(amount_text.replace(",", "."))
    if canonical is None or amount <= 0:
        return None
    return round(count * amount * canonical[1], 3), canonical[0]
