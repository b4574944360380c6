"""The two plug-in points of restock: offer sources and product sources.

A third-party package adds one by registering a class under the entry-point group
``restock.retailers`` (offer sources) or ``restock.products`` (product sources); the
built-ins register the same way in our own pyproject.toml.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from household.model import FulfilmentMode, Gtin, ListItem, Offer, Product


@runtime_checkable
class OfferSource(Protocol):
    """Prices for the items on the list, from one retailer or price database."""

    name: str
    """The entry-point name, also the module's file name."""
    modes: frozenset[FulfilmentMode]
    """The ways of buying it supports."""
    # Optional: ``links: WebLinks``, where to order by hand (the configuration's
    # ``website`` / ``search_url`` win), and ``submit_cart`` (see http_retailer).

    def offers(self, items: Sequence[ListItem]) -> list[Offer]:
        """Offers for ``items``; an item it does not sell simply has none.

        Raises an AdapterError subclass when the source cannot answer at all.
        """
        ...


@runtime_checkable
class ProductSource(Protocol):
    """Facts about a product (name, brand, size...) by barcode."""

    name: str

    def product(self, gtin: Gtin) -> Product | None:
        """The product, or None when the source does not know it.

        "Not found" is None; "service down" raises ProductLookupFailed, never None.
        """
        ...
