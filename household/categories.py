"""Generic names people type or say for a kind of product, and the category they mean.

"pâtes" on the list means any pasta, not the one product whose name happens to start
with "pâte" (a spread). Offers carry Open Food Facts category tags, so a generic name
is matched to the category it names, in French and in English. Keys are name keys
(household.naming.name_key: lower case, no accents, singular).
"""

from __future__ import annotations

GENERIC_NAMES: dict[str, str] = {
    "pate": "en:pastas",
    "pasta": "en:pastas",
    "riz": "en:rices",
    "rice": "en:rices",
    "lait": "en:milks",
    "milk": "en:milks",
    "beurre": "en:butters",
    "butter": "en:butters",
    "oeuf": "en:eggs",
    "egg": "en:eggs",
    "cafe": "en:coffees",
    "coffee": "en:coffees",
    "the": "en:teas",
    "tea": "en:teas",
    "yaourt": "en:yogurts",
    "yoghourt": "en:yogurts",
    "yogourt": "en:yogurts",
    "yogurt": "en:yogurts",
    "fromage": "en:cheeses",
    "cheese": "en:cheeses",
    "pain": "en:breads",
    "bread": "en:breads",
    "biscuit": "en:biscuits",
    "gateau sec": "en:biscuits",
    "cookie": "en:biscuits",
    "cereale": "en:breakfast-cereals",
    "cereal": "en:breakfast-cereals",
    "farine": "en:flours",
    "flour": "en:flours",
    "sucre": "en:sugars",
    "sugar": "en:sugars",
    "huile": "en:oils",
    "oil": "en:oils",
    "eau": "en:waters",
    "eau minerale": "en:waters",
    "water": "en:waters",
    "jus de fruit": "en:fruit-juices",
    "fruit juice": "en:fruit-juices",
    "soda": "en:sodas",
    "chocolat": "en:chocolates",
    "chocolate": "en:chocolates",
    "papier toilette": "en:toilet-papers",
    "toilet paper": "en:toilet-papers",
    "lessive": "en:detergents",
    "laundry detergent": "en:detergents",
    "creme fraiche": "en:creams",
    "cream": "en:creams",
    "viande": "en:meats",
    "meat": "en:meats",
}

LINKING_WORDS = frozenset({"a", "au", "aux", "de", "d", "du", "des", "en", "pour"})
"""French builds compound names with these: 'pâte à tartiner', 'pomme de terre', 'lait de
coco' are other things than 'pâte', 'pomme' and 'lait'."""


def category_of(name_key: str) -> str | None:
    """The category a generic name stands for, or None for a specific product name."""
    return GENERIC_NAMES.get(name_key)


def is_compound_of(wanted: str, kind: str) -> bool:
    """Whether ``kind`` is a compound name built on ``wanted`` ('pate a tartiner' on 'pate')."""
    rest = kind[len(wanted) :].split() if kind.startswith(wanted + " ") else []
    return bool(rest) and rest[0] in LINKING_WORDS
