"""The domain model shared by every package: list items, products, offers, baskets.

Plain frozen dataclasses; no dicts cross a module boundary. Money is an int of cents.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from urllib.parse import quote

from household.gtin import Gtin, GtinKind, Symbology

__all__ = [
    "Basket",
    "BasketOrder",
    "FulfilmentMode",
    "Gtin",
    "GtinKind",
    "ListItem",
    "ModeTerms",
    "Offer",
    "Product",
    "Retailer",
    "Source",
    "Substitution",
    "Symbology",
    "WebLinks",
]


class Source(StrEnum):
    """How an item reached the list."""

    SCAN = "scan"
    VOICE = "voice"
    TYPED = "typed"


class Substitution(StrEnum):
    """How far the comparator may stray from the exact product, per item."""

    EXACT = "exact"
    """Only this very product (the default: no silent substitution)."""
    SAME_BRAND = "same_brand"
    """The same brand in another size."""
    ANY_BRAND = "any_brand"
    """Any brand of the same kind of product."""
    STORE_BRAND = "store_brand"
    """A retailer's own brand is fine."""


class FulfilmentMode(StrEnum):
    """A way of buying from a retailer."""

    PICKUP = "pickup"
    """Drive / click and collect."""
    DELIVERY = "delivery"
    """Home delivery."""
    STORE = "store"
    """Walk in with a list on the phone."""


@dataclass(frozen=True, slots=True)
class ListItem:
    """One line of the household list."""

    id: int
    name: str
    """What people call it: 'lait', or 'unknown 3017620422003' until it is named."""
    quantity: float
    unit: str | None
    """A canonical unit code from household.units, or None for a count."""
    gtin: Gtin | None
    added_by: str
    source: Source
    added_at: datetime
    """When the line was first created (UTC)."""
    updated_at: datetime
    """When its quantity or name last changed (UTC)."""
    substitution: Substitution = Substitution.EXACT


@dataclass(frozen=True, slots=True)
class Product:
    """What a product database knows of a GTIN."""

    gtin: Gtin
    name: str
    brand: str | None = None
    size: str | None = None
    """The size as printed, e.g. '400 g' or '6 x 1 l'."""
    size_value: float | None = None
    """The net size in ``size_unit`` (grams, millilitres or a count), when known."""
    size_unit: str | None = None
    categories: tuple[str, ...] = ()
    image_url: str | None = None
    nutriscore: str | None = None
    green_score: str | None = None
    source: str | None = None
    """The product source that said so, e.g. 'openfoodfacts'."""
    fetched_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class ModeTerms:
    """How a retailer sells through one fulfilment mode."""

    mode: FulfilmentMode
    fee_cents: int = 0
    min_order_cents: int = 0
    free_above_cents: int | None = None
    """The fee is waived when the subtotal reaches this amount; None: never."""

    def fee_for(self, subtotal_cents: int) -> int:
        """The fee charged for an order of this subtotal."""
        if self.free_above_cents is not None and subtotal_cents >= self.free_above_cents:
            return 0
        return self.fee_cents


@dataclass(frozen=True, slots=True)
class WebLinks:
    """Where a person can order from a retailer by hand, when restock cannot fill its cart."""

    website: str = ""
    """The retailer's site, e.g. its drive's home page; empty when unknown."""
    search_url: str = ""
    """A product search address with ``{query}`` where the barcode or name goes."""

    def product_link(self, gtin: Gtin | None, name: str) -> str:
        """The search page for one product (by barcode when known), or empty."""
        if not self.search_url:
            return ""
        query = gtin.short if gtin is not None else name
        return self.search_url.replace("{query}", quote(query, safe=""))


@dataclass(frozen=True, slots=True)
class Retailer:
    """A place to buy from, with the modes it offers."""

    id: str
    name: str
    modes: tuple[ModeTerms, ...] = ()
    adapter: str = ""
    """The entry-point name of the adapter that reaches it."""
    links: WebLinks = WebLinks()


@dataclass(frozen=True, slots=True)
class Offer:
    """A retailer's price for one product."""

    retailer: str
    """The Retailer.id."""
    name: str
    price_cents: int
    gtin: Gtin | None = None
    currency: str = "EUR"
    brand: str | None = None
    size_value: float | None = None
    size_unit: str | None = None
    """The pack's net size in g, ml or a count, for unit prices and substitutions."""
    categories: tuple[str, ...] = ()
    store_brand: bool = False
    priced_on: date | None = None
    """The day the price was seen; old prices are flagged and may be penalised."""
    available: bool = True
    source: str = ""
    """The adapter that produced the offer."""

    @property
    def unit_price_cents(self) -> float | None:
        """Cents per kg, per litre or per item, when the size is known."""
        if not self.size_value or not self.size_unit:
            return None
        per = {"g": 1000.0, "ml": 1000.0}.get(self.size_unit, 1.0)
        return self.price_cents * per / self.size_value


@dataclass(frozen=True, slots=True)
class BasketOrder:
    """One order of a basket: what to buy where, and how."""

    retailer: str
    mode: FulfilmentMode | str
    items: tuple[str, ...]
    subtotal_cents: int
    fee_cents: int


@dataclass(frozen=True, slots=True)
class Basket:
    """An optimal plan, or the explanation of why there is none."""

    status: str
    """'optimal' or 'infeasible'."""
    total_cents: int | None
    orders: tuple[BasketOrder, ...] = ()
    unavailable: tuple[str, ...] = ()
    reason: str = ""
    """For an infeasible basket: what made it so, for people."""
