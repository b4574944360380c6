"""Fictional demo retailers from bundled data, so a first ``restock compare`` works offline.

With no ``[[retailer]]`` configured, restock compares these four; their names end in
"(démo)" so nobody mistakes their prices for real ones. The data is
``data/demo_retailers.json``, built by ``demo_catalog.py``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from importlib import resources
from types import MappingProxyType
from typing import Any

from household.categories import category_of
from household.errors import ConfigError
from household.model import FulfilmentMode, Gtin, ListItem, ModeTerms, Offer, Substitution
from household.naming import name_key
from household.units import fold
from retailer_adapters.settings import RetailerSettings

DATA_FILE = "demo_retailers.json"
MAX_MATCHES_PER_ITEM = 8
"""Candidates per list line for a name or a substitutable product; the comparator picks."""


@dataclass(frozen=True, slots=True)
class DemoProduct:
    """One product of the demo catalog."""

    gtin: Gtin
    name: str
    brand: str | None
    size_value: float | None
    size_unit: str | None
    categories: tuple[str, ...]
    store_brand: bool
    folded_name: str


@dataclass(frozen=True, slots=True)
class DemoCatalog:
    """The bundled demo data, parsed."""

    priced_on: date
    retailers: Mapping[str, tuple[str, tuple[ModeTerms, ...]]]
    """Retailer id -> (name, modes)."""
    products: Mapping[str, DemoProduct]
    """By GTIN digits."""
    prices: Mapping[str, Mapping[str, int]]
    """Retailer id -> GTIN digits -> price in cents."""


def load_demo_catalog() -> DemoCatalog:
    """Read the bundled demo data."""
    text = resources.files("retailer_adapters").joinpath("data", DATA_FILE).read_text("utf-8")
    return parse_demo_catalog(json.loads(text))


def parse_demo_catalog(raw: Mapping[str, Any]) -> DemoCatalog:
    """The demo data from its JSON form (the same shape the HTTP reference server serves)."""
    products = {}
    for entry in raw["products"]:
        gtin = Gtin.parse(entry["gtin"])
        products[gtin.digits] = DemoProduct(
            gtin=gtin,
            name=entry["name"],
            brand=entry.get("brand"),
            size_value=entry.get("size_value"),
            size_unit=entry.get("size_unit"),
            categories=tuple(entry.get("categories", ())),
            store_brand=bool(entry.get("store_brand_of")),
            folded_name=fold(entry["name"]),
        )
    retailers = {
        r["id"]: (r["name"], tuple(mode_terms_from_json(m) for m in r["modes"]))
        for r in raw["retailers"]
    }
    prices = {
        rid: MappingProxyType({Gtin.parse(code).digits: cents for code, cents in shelf.items()})
        for rid, shelf in raw["prices"].items()
    }
    return DemoCatalog(
        date.fromisoformat(raw["priced_on"]),
        MappingProxyType(retailers),
        MappingProxyType(products),
        MappingProxyType(prices),
    )


def mode_terms_from_json(raw: Mapping[str, Any]) -> ModeTerms:
    """``{"id": "delivery", "fee_cents": 499, ...}`` as ModeTerms (the contract's shape)."""
    return ModeTerms(
        mode=FulfilmentMode(raw["id"]),
        fee_cents=int(raw.get("fee_cents", 0)),
        min_order_cents=int(raw.get("min_order_cents", 0)),
        free_above_cents=raw.get("free_above_cents"),
    )


def demo_retailer_settings(catalog: DemoCatalog | None = None) -> tuple[RetailerSettings, ...]:
    """The retailers compared when the configuration names none."""
    catalog = catalog or load_demo_catalog()
    return tuple(
        RetailerSettings(id=rid, name=name, adapter="demo", modes=modes, where=f"demo {rid}")
        for rid, (name, modes) in catalog.retailers.items()
    )


def find_by_name(products: Sequence[DemoProduct], name: str) -> list[DemoProduct]:
    """Products whose name holds every word of ``name`` (accents and case ignored), or,
    for a generic name ('pâtes', 'milk'), products of the category it names."""
    words = [w for w in fold(name).replace("'", " ").split() if len(w) > 1]
    if not words:
        return []
    category = category_of(name_key(name))
    return [
        p
        for p in products
        if all(w in p.folded_name for w in words) or (category and category in p.categories)
    ]


class DemoRetailerAdapter:
    """One fictional retailer of the demo catalog."""

    name = "demo"

    def __init__(self, retailer_id: str, catalog: DemoCatalog, modes: Sequence[ModeTerms] = ()):
        if retailer_id not in catalog.prices:
            known = ", ".join(catalog.prices)
            raise ConfigError(
                f"There is no demo retailer {retailer_id!r}. Demo retailers: {known}. "
                'Set demo_id = "<one of them>" in its [[retailer]] table.'
            )
        self.retailer_id = retailer_id
        self.catalog = catalog
        self.terms = tuple(modes) or catalog.retailers[retailer_id][1]
        self.modes = frozenset(t.mode for t in self.terms)
        shelf = catalog.prices[retailer_id]
        self._sold = [catalog.products[code] for code in shelf]

    @classmethod
    def from_settings(cls, retailer: RetailerSettings, context: Any) -> DemoRetailerAdapter:
        """Build from a ``[[retailer]]`` table with ``adapter = "demo"``."""
        demo_id = retailer.options.get("demo_id", retailer.id)
        return cls(demo_id, load_demo_catalog(), retailer.modes)

    def fulfilment_terms(self) -> tuple[ModeTerms, ...]:
        """The fees and minimums of this retailer's modes."""
        return self.terms

    def offers(self, items: Sequence[ListItem]) -> list[Offer]:
        """The product itself when sold here, plus candidates the comparator may substitute."""
        shelf = self.catalog.prices[self.retailer_id]
        chosen: dict[str, DemoProduct] = {}
        for item in items:
            if item.gtin is not None:
                product = self.catalog.products.get(item.gtin.digits)
                if product is not None and product.gtin.digits in shelf:
                    chosen[product.gtin.digits] = product
                if product is None or item.substitution is Substitution.EXACT:
                    continue
                alike = [p for p in self._sold if set(p.categories) & set(product.categories)]
                matches = [p for p in alike if _same_kind(p, product)]
            else:
                matches = find_by_name(self._sold, item.name)
            matches.sort(key=lambda p: shelf[p.gtin.digits])
            chosen.update((p.gtin.digits, p) for p in matches[:MAX_MATCHES_PER_ITEM])
        return [self._offer(p, shelf[code]) for code, p in chosen.items()]

    def _offer(self, product: DemoProduct, price_cents: int) -> Offer:
        return Offer(
            retailer=self.retailer_id,
            name=product.name,
            price_cents=price_cents,
            gtin=product.gtin,
            brand=product.brand,
            size_value=product.size_value,
            size_unit=product.size_unit,
            categories=product.categories,
            store_brand=product.store_brand,
            priced_on=self.catalog.priced_on,
            source=self.name,
        )


def _same_kind(candidate: DemoProduct, product: DemoProduct) -> bool:
    """Same category and the same first two words ('Lait demi-écrémé', 'Café moulu')."""
    head = product.folded_name.split()[:2]
    return candidate.folded_name.split()[:2] == head and candidate.size_unit == product.size_unit
