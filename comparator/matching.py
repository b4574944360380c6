"""List lines -> the offer each retailer would sell for them, and why (pure).

Rules, in order:

1. A scanned line (with a GTIN) matches that very product at each retailer that prices it.
2. Only where the household allows it for that line (``ListItem.substitution``), an
   equivalent product may replace it: same kind (same name once brand and size are left
   out, a shared category, the same size dimension) and, for ``same_brand`` the same
   brand, for ``store_brand`` a retailer's own brand, for ``any_brand`` anything. Packs
   are counted so that they cover the quantity wanted; among the candidates at one
   retailer the cheapest line wins, and the exact product wins a tie.
3. A typed line (no GTIN) matches offers by name, accents and plurals ignored; each
   match says how confident it is, and only the best tier of confidence is used.

Nothing is substituted silently: every match that is not the exact product carries a
reason written for people, which the review shows.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

from rapidfuzz import fuzz, process

from comparator.present import format_cents
from household.categories import category_of, is_compound_of
from household.model import ListItem, Offer, Product, Substitution
from household.naming import name_key
from household.units import UNITS

__all__ = ["ItemMatches", "Match", "MatchKind", "format_unit_price", "match_items"]

NAME_MIN_SCORE = 80
"""Below this score a name is not a match at all."""
TYPO_MIN_SCORE = 85
"""Each typed word must be at least this close (rapidfuzz ratio) to a word of the name."""
CATEGORY_SCORE = 95
"""A generic name ('pâtes') matched to a product of the category it names."""
SAME_KIND_MIN_SCORE = 90
"""Two product names (brand and size left out) this close are the same kind of product."""
_SIZE_WORDS = frozenset({"g", "kg", "mg", "l", "ml", "cl", "dl", "x", "u"})
_SIZE_TOKEN = re.compile(r"^x?\d+$")
_DIMENSION = {"g": "g", "ml": "ml", "count": "count"}
"""Offer.size_unit -> dimension; list units are mapped through household.units."""


class MatchKind(StrEnum):
    """How an offer was tied to a list line."""

    EXACT = "exact"
    """The very product scanned (same GTIN)."""
    NAME = "name"
    """A typed name matched the offer's name."""
    SUBSTITUTE = "substitute"
    """An equivalent product the household allowed for this line."""


@dataclass(frozen=True, slots=True)
class Match:
    """What one retailer would sell for one list line."""

    item_id: int
    offer: Offer
    packs: int
    """How many of the offer's packs to buy so the wanted quantity is covered."""
    kind: MatchKind
    confidence: int
    """0-100: 100 for a barcode; a name match's rapidfuzz score otherwise."""
    reason: str = ""
    """Why this is not the exact product (empty for an exact match), for people."""

    @property
    def line_cents(self) -> int:
        """What the line costs at this retailer: pack price x packs."""
        return self.offer.price_cents * self.packs

    @property
    def retailer(self) -> str:
        """The Retailer.id of the offer."""
        return self.offer.retailer


@dataclass(frozen=True, slots=True)
class ItemMatches:
    """A list line and its best match at each retailer that can sell it."""

    item: ListItem
    by_retailer: Mapping[str, Match] = field(default_factory=dict)
    note: str = ""
    """Why nobody prices it, when ``by_retailer`` is empty."""


def match_items(
    items: Sequence[ListItem],
    offers: Iterable[Offer],
    products: Mapping[str, Product] | None = None,
) -> tuple[ItemMatches, ...]:
    """Each line's best match per retailer. ``products`` (by GTIN digits) describe scans."""
    usable = [o for o in offers if o.available and o.price_cents >= 0]
    products = products or {}
    return tuple(_match_item(item, usable, products) for item in items)


def _match_item(
    item: ListItem, offers: list[Offer], products: Mapping[str, Product]
) -> ItemMatches:
    if item.gtin is None:
        candidates, note = _name_matches(item, offers, MatchKind.NAME)
    else:
        candidates, note = _gtin_matches(item, offers, products)
    best: dict[str, Match] = {}
    for match in candidates:
        held = best.get(match.retailer)
        # Cheapest line first; on a tie the exact product, then the more confident match.
        if held is None or _rank(match) < _rank(held):
            best[match.retailer] = match
    for retailer, match in best.items():
        exact = [m for m in candidates if m.retailer == retailer and m.kind is MatchKind.EXACT]
        if match.kind is MatchKind.SUBSTITUTE and exact:
            beaten = exact[0]
            best[retailer] = _with_reason(
                match,
                f"{match.reason}; {format_cents(match.line_cents)} here, where the scanned "
                f"product costs {format_cents(beaten.line_cents)}",
            )
    return ItemMatches(item, best, "" if best else note)


def _rank(match: Match) -> tuple[int, bool, int]:
    return (match.line_cents, match.kind is not MatchKind.EXACT, -match.confidence)


def _gtin_matches(
    item: ListItem, offers: list[Offer], products: Mapping[str, Product]
) -> tuple[list[Match], str]:
    assert item.gtin is not None
    exact_offers = [o for o in offers if o.gtin == item.gtin]
    matches = []
    for offer in exact_offers:
        packs = _packs(item, offer, reference=None)
        if packs:
            matches.append(Match(item.id, offer, packs, MatchKind.EXACT, 100))
    policy = item.substitution
    if policy is Substitution.EXACT:
        return matches, f"no retailer prices {item.gtin.short} (only this product is allowed)"
    reference = _reference(item, products, exact_offers)
    if reference is None:
        # Nothing known of the product (not even its brand): only its name can say what
        # it is, and only where the brand does not matter.
        if policy is Substitution.SAME_BRAND:
            return matches, f"no retailer prices {item.gtin.short}, and its brand is unknown"
        allowed = [o for o in offers if policy is Substitution.ANY_BRAND or o.store_brand]
        named, _ = _name_matches(item, allowed, MatchKind.SUBSTITUTE)
        return matches + named, f"no retailer prices {item.gtin.short} or a product named alike"
    for offer in offers:
        if offer.gtin == item.gtin or not _allowed(policy, reference, offer):
            continue
        if not _same_kind(reference, offer):
            continue
        packs = _packs(item, offer, reference)
        if packs:
            why = _substitution_reason(policy, reference, offer)
            matches.append(Match(item.id, offer, packs, MatchKind.SUBSTITUTE, 100, why))
    return matches, f"no retailer prices {item.gtin.short} or an allowed equivalent"


def _name_matches(item: ListItem, offers: list[Offer], kind: MatchKind) -> tuple[list[Match], str]:
    """Offers whose name matches the line's; only the best tier of confidence is kept."""
    wanted = name_key(item.name)
    if not wanted or item.name.startswith("unknown "):
        return [], f"{item.name!r} has no name to match: name the product first"
    kinds = [product_kind(offer.name, offer.brand) for offer in offers]
    close = _close_words(wanted.split(), kinds)
    # Any match holds each typed word or a close spelling of it: skip the rest fast.
    scored = []
    for offer, offer_kind in zip(offers, kinds, strict=True):
        words = offer_kind.split()
        if any(near.keys().isdisjoint(words) for near in close):
            continue
        score = _name_score(wanted, offer_kind, close)
        if score >= NAME_MIN_SCORE:
            packs = _packs(item, offer, reference=None)
            if packs:
                scored.append((score, offer, packs))
    category = category_of(wanted)
    if category:
        # A generic name ('pâtes', 'milk') means any product of its category.
        named = {id(offer) for _, offer, _ in scored}
        for offer in offers:
            if category in offer.categories and id(offer) not in named:
                packs = _packs(item, offer, reference=None)
                if packs:
                    scored.append((CATEGORY_SCORE, offer, packs))
    if not scored:
        return [], f"no retailer sells anything named like {item.name!r}"
    top = max(s for s, _, _ in scored)
    tier = [entry for entry in scored if entry[0] >= top - 5]
    return [
        Match(item.id, offer, packs, kind, score, _name_reason(item, offer, score, kind))
        for score, offer, packs in tier
    ], ""


def _close_words(wanted: list[str], kinds: list[str]) -> list[dict[str, float]]:
    """For each typed word, the words of the offers' names close to it, with their score."""
    vocabulary = {word for kind in kinds for word in kind.split()}
    return [
        {
            word: score
            for word, score, _ in process.extract(
                typed, vocabulary, scorer=fuzz.ratio, score_cutoff=TYPO_MIN_SCORE, limit=None
            )
        }
        for typed in wanted
    ]


def _name_score(wanted: str, kind: str, close: list[dict[str, float]]) -> int:
    """How well a typed name fits a product kind: its words first in the name scores highest."""
    if is_compound_of(wanted, kind):
        return NAME_MIN_SCORE  # 'pâte à tartiner' for 'pâtes': the word, not the thing
    if kind == wanted or kind.startswith(wanted + " "):
        return 100
    words = kind.split()
    if all(w in words for w in wanted.split()):
        return 90  # 'lait' in 'chocolat au lait': the right word, maybe not the right thing
    # A typo or a variant spelling ('yahourt'): each typed word close to one of the name's.
    closest = min(max((near.get(w, 0) for w in words), default=0) for near in close)
    return int(closest) if closest >= TYPO_MIN_SCORE else 0


@lru_cache(maxsize=16384)
def product_kind(name: str, brand: str | None) -> str:
    """The name key without brand and size words: 'lait demi ecreme uht'."""
    brand_words = set(name_key(brand).split()) if brand else set()
    words = name_key(name).split()
    kept = []
    for i, word in enumerate(words):
        after = words[i + 1] if i + 1 < len(words) else ""
        before = words[i - 1] if i else ""
        # A number is a size only next to a unit or an 'x': '6 x 1 l', 'x12', '500 g';
        # elsewhere it names the product ('produit 7', '7 up').
        is_size = word in _SIZE_WORDS or bool(
            _SIZE_TOKEN.match(word)
            and (word.startswith("x") or after in _SIZE_WORDS or before == "x")
        )
        if word not in brand_words and not is_size:
            kept.append(word)
    return " ".join(kept)


def _reference(
    item: ListItem, products: Mapping[str, Product], exact_offers: list[Offer]
) -> Offer | None:
    """What the household's product is (name, brand, size, categories), as an Offer shape."""
    assert item.gtin is not None
    product = products.get(item.gtin.digits)
    if product is not None and product.size_value:
        return Offer(
            retailer="",
            name=product.name,
            price_cents=0,
            gtin=product.gtin,
            brand=product.brand,
            size_value=product.size_value,
            size_unit=product.size_unit,
            categories=product.categories,
        )
    sized = [o for o in exact_offers if o.size_value and o.size_unit]
    return sized[0] if sized else None


def _allowed(policy: Substitution, reference: Offer, offer: Offer) -> bool:
    if policy is Substitution.ANY_BRAND:
        return True
    same_brand = bool(reference.brand and offer.brand) and name_key(reference.brand or "") == (
        name_key(offer.brand or "")
    )
    if policy is Substitution.SAME_BRAND:
        return same_brand
    if policy is Substitution.STORE_BRAND:
        return offer.store_brand
    return False


def _same_kind(reference: Offer, offer: Offer) -> bool:
    if _DIMENSION.get(reference.size_unit or "") != _DIMENSION.get(offer.size_unit or "", "?"):
        return False
    categories_differ = not set(reference.categories) & set(offer.categories)
    if reference.categories and offer.categories and categories_differ:
        return False
    ours = product_kind(reference.name, reference.brand)
    theirs = product_kind(offer.name, offer.brand)
    return ours == theirs or fuzz.token_sort_ratio(ours, theirs) >= SAME_KIND_MIN_SCORE


def _packs(item: ListItem, offer: Offer, reference: Offer | None) -> int:
    """Packs of ``offer`` covering the line; 0 when the sizes cannot be compared."""
    wanted = _wanted_amount(item, reference)
    if wanted is None:
        return max(1, math.ceil(item.quantity - 1e-9))
    amount, dimension = wanted
    if not offer.size_value or _DIMENSION.get(offer.size_unit or "") != dimension:
        return 0
    return max(1, math.ceil(amount / offer.size_value - 1e-9))


def _wanted_amount(item: ListItem, reference: Offer | None) -> tuple[float, str] | None:
    """The line as an amount in g, ml or a count; None when it is a plain count of packs."""
    if item.unit is not None and item.unit in UNITS:
        dimension, factor = UNITS[item.unit]
        if dimension in ("mass", "volume"):
            return item.quantity * factor, "g" if dimension == "mass" else "ml"
    if reference is not None and reference.size_value:
        dimension = _DIMENSION.get(reference.size_unit or "")
        if dimension:
            packs = max(1, math.ceil(item.quantity - 1e-9))
            return packs * reference.size_value, dimension
    return None


def format_unit_price(offer: Offer) -> str:
    """'1.09 €/l', '8.76 €/kg', '0.35 €/u', or '' when the size is unknown."""
    per = offer.unit_price_cents
    if per is None:
        return ""
    unit = {"g": "kg", "ml": "l"}.get(offer.size_unit or "", "u")
    return f"{per / 100:.2f} €/{unit}"


def _substitution_reason(policy: Substitution, reference: Offer, offer: Offer) -> str:
    allowed = {
        Substitution.SAME_BRAND: "same brand, another size",
        Substitution.ANY_BRAND: "any brand allowed",
        Substitution.STORE_BRAND: "store brand allowed",
    }[policy]
    ours, theirs = format_unit_price(reference), format_unit_price(offer)
    unit_prices = f" at {theirs}" if theirs else ""
    if ours and reference.price_cents:
        unit_prices += f" (the scanned product: {ours})"
    return f"{offer.name} instead of {reference.name}: {allowed}{unit_prices}"


def _name_reason(item: ListItem, offer: Offer, score: int, kind: MatchKind) -> str:
    confidence = "sure" if score >= 100 else "likely" if score >= 90 else "unsure"
    category = category_of(name_key(item.name))
    if kind is MatchKind.NAME and score == CATEGORY_SCORE and category in offer.categories:
        return (
            f"{item.name!r} names a kind of product: {offer.name} is one "
            f"({category.removeprefix('en:')}, any brand)"
        )
    if kind is MatchKind.NAME:
        return f"{item.name!r} matched by name to {offer.name} ({confidence}, {score}%)"
    return (
        f"{offer.name} instead of {item.name!r} (its barcode is priced nowhere), as allowed, "
        f"matched by name ({confidence}, {score}%)"
    )


def _with_reason(match: Match, reason: str) -> Match:
    return Match(match.item_id, match.offer, match.packs, match.kind, match.confidence, reason)
