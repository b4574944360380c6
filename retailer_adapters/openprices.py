"""Open Prices (prices.openfoodfacts.org): crowd-sourced, proof-backed shelf prices.

One retailer is one store, or a few stores of one chain, identified by Open Prices
location ids. Barcodes are asked in batches (``product_code__in``) ordered newest
first, so the first price seen per product and location is the one used; its date is
kept in ``Offer.priced_on`` so the comparator can flag or penalise an old one.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

import requests

from household.errors import InvalidGtin, RetailerResponseInvalid
from household.model import FulfilmentMode, Gtin, ListItem, ModeTerms, Offer
from retailer_adapters.fetch import DEFAULT_BACKOFF_S, ResponseCache, fetch_json
from retailer_adapters.settings import OpenPricesSettings, RetailerSettings
from retailer_adapters.sizes import parse_size

PRICES_PATH = "/api/v1/prices"
BATCH_SIZE = 50
"""Barcodes per request: keeps the URL short and a page full of useful rows."""
PAGE_LIMIT = 500
"""Open Prices refuses pages past 500 ("Maximum page reached")."""
DEFAULT_MODES = (ModeTerms(FulfilmentMode.STORE),)


class OpenPricesAdapter:
    """Offers from Open Prices for one store (or a few stores of one chain)."""

    name = "openprices"

    def __init__(
        self,
        retailer_id: str,
        location_ids: Sequence[int],
        settings: OpenPricesSettings,
        session: requests.Session,
        *,
        modes: Iterable[ModeTerms] = DEFAULT_MODES,
        currency: str | None = None,
        today: Callable[[], date] = date.today,
        cache: ResponseCache | None = None,
        backoff_s: float = DEFAULT_BACKOFF_S,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.retailer_id = retailer_id
        self.location_ids = tuple(location_ids)
        self.settings = settings
        self.session = session
        self.terms = tuple(modes) or DEFAULT_MODES
        self.modes = frozenset(t.mode for t in self.terms)
        self.currency = currency
        self._today = today
        self._cache = cache
        self._backoff_s = backoff_s
        self._sleep = sleep

    @classmethod
    def from_settings(cls, retailer: RetailerSettings, context: Any) -> OpenPricesAdapter:
        """Build from a ``[[retailer]]`` table with ``adapter = "openprices"``."""
        return cls(
            retailer.id,
            retailer.options["location_ids"],
            context.settings.openprices,
            context.session,
            modes=retailer.modes,
            currency=retailer.options.get("currency"),
            today=context.today,
            cache=context.extras.get("response_cache"),
        )

    def offers(self, items: Sequence[ListItem]) -> list[Offer]:
        """The newest price of each scanned item at the configured locations.

        Items without a barcode get no offer: Open Prices prices products by barcode
        (its category prices are per kilo of loose produce, not for a list line).
        """
        codes = sorted({item.gtin.short for item in items if item.gtin is not None})
        oldest = self._today() - timedelta(days=self.settings.max_price_age_days)
        rows: list[Mapping[str, Any]] = []
        for start in range(0, len(codes), BATCH_SIZE):
            rows.extend(self._fetch_batch(codes[start : start + BATCH_SIZE], oldest))
        # A server that silently ignored a filter would price the list with other
        # products or other stores: keep only what was asked.
        asked = [r for r in rows if _row_matches(r, set(codes), set(self.location_ids))]
        return newest_offers(asked, self.retailer_id, oldest)

    def _fetch_batch(self, codes: list[str], oldest: date) -> list[Mapping[str, Any]]:
        params = {
            "product_code__in": ",".join(codes),
            "location_id__in": ",".join(str(i) for i in self.location_ids),
            "type": "PRODUCT",
            # Too old to offer anyway: leave them on the server, fewer pages to follow.
            "date__gte": oldest.isoformat(),
            "order_by": "-date",
            "size": self.settings.page_size,
        }
        if self.currency:
            params["currency"] = self.currency
        rows: list[Mapping[str, Any]] = []
        for page in range(1, min(self.settings.max_pages, PAGE_LIMIT) + 1):
            body = self._get_page({**params, "page": page})
            rows.extend(body["items"])
            if page >= int(body.get("pages") or 1):
                break
        return rows

    def _get_page(self, params: Mapping[str, Any]) -> Mapping[str, Any]:
        url = self.settings.base_url + PRICES_PATH
        key = (url, tuple(sorted(params.items())))
        if self._cache is not None and (cached := self._cache.get(key)) is not None:
            return cached
        answer = fetch_json(
            self.session,
            "GET",
            url,
            who=f"Open Prices for {self.retailer_id}",
            params=params,
            timeout_s=self.settings.timeout_s,
            retries=self.settings.retries,
            backoff_s=self._backoff_s,
            sleep=self._sleep,
        )
        body = answer.body
        if not isinstance(body, Mapping) or not isinstance(body.get("items"), list):
            raise RetailerResponseInvalid(
                f"Open Prices sent a page without a list of items ({answer.url}); "
                "its API may have changed. Try later, or report it to restock."
            )
        if self._cache is not None:
            self._cache.put(key, body)
        return body


def _row_matches(row: Mapping[str, Any], codes: set[str], locations: set[int]) -> bool:
    location = row.get("location_id")
    if location is None and isinstance(row.get("location"), Mapping):
        location = row["location"].get("id")
    code = str(row.get("product_code") or "").lstrip("0")
    return code in {c.lstrip("0") for c in codes} and (location is None or location in locations)


def newest_offers(rows: Iterable[Mapping[str, Any]], retailer_id: str, oldest: date) -> list[Offer]:
    """One offer per barcode: the newest price over the locations, none older than ``oldest``.

    Rows arrive newest first but are sorted again here, so that a cached or merged page
    order cannot change the answer. Two prices the same day: the lower one (a price tag
    and a receipt of the same morning differ only by a promotion).
    """
    best: dict[str, tuple[date, int, Offer]] = {}
    for row in rows:
        offer = parse_price_row(row, retailer_id)
        if offer is None or offer.priced_on is None or offer.priced_on < oldest:
            continue
        key = offer.gtin.digits if offer.gtin else offer.name
        rank = (offer.priced_on, -offer.price_cents)
        if key not in best or rank > best[key][:2]:
            best[key] = (*rank, offer)
    return [entry[2] for entry in sorted(best.values(), key=lambda e: e[2].name)]


def parse_price_row(row: Mapping[str, Any], retailer_id: str) -> Offer | None:
    """One Open Prices price as an Offer; None for rows we cannot use (category, duplicate)."""
    if row.get("type", "PRODUCT") != "PRODUCT" or row.get("duplicate_of"):
        return None
    try:
        gtin = Gtin.parse(str(row["product_code"]))
        price_cents = int((Decimal(str(row["price"])) * 100).to_integral_value())
        priced_on = date.fromisoformat(str(row["date"])[:10])
    except (KeyError, ValueError, InvalidOperation, ArithmeticError, InvalidGtin):
        return None  # a mistyped code or price on the crowd's side: skip that row only
    product = row.get("product") if isinstance(row.get("product"), Mapping) else {}
    name = row.get("product_name") or product.get("product_name") or f"produit {gtin.short}"
    size = parse_size(product.get("product_quantity"), product.get("product_quantity_unit"))
    brands = product.get("brands") or ""
    return Offer(
        retailer=retailer_id,
        name=str(name),
        price_cents=price_cents,
        gtin=gtin,
        currency=str(row.get("currency") or "EUR"),
        brand=brands.split(",")[0].strip() or None if isinstance(brands, str) else None,
        size_value=size[0] if size else None,
        size_unit=size[1] if size else None,
        categories=tuple(product.get("categories_tags") or ()),
        priced_on=priced_on,
        source="openprices",
    )
