"""Any retailer that speaks the open restock contract (openapi.yaml) over HTTP.

A retailer, or a community bridge in front of one, implements four small endpoints;
this adapter asks for the whole list in one ``POST /v1/offers`` and reads the fees,
minimums and thresholds of its modes from ``GET /v1/retailer``. Money in the contract is
int cents, like ours, so nothing is lost to floating point on either side.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import requests

from household.errors import AdapterError, ConfigError, InvalidGtin, RetailerResponseInvalid
from household.model import FulfilmentMode, Gtin, ListItem, ModeTerms, Offer, WebLinks
from retailer_adapters.fetch import DEFAULT_BACKOFF_S, fetch_json
from retailer_adapters.settings import DEFAULT_TIMEOUT_S, RetailerSettings


@dataclass(frozen=True, slots=True)
class CartLine:
    """One line of a cart to submit."""

    gtin: Gtin
    quantity: int


@dataclass(frozen=True, slots=True)
class SubmittedCart:
    """What the retailer answered to a cart: where the household finishes the order."""

    cart_id: str
    checkout_url: str | None


class HttpRetailerAdapter:
    """Offers from a server implementing the restock retailer contract."""

    name = "http_retailer"

    def __init__(
        self,
        retailer_id: str,
        url: str,
        session: requests.Session,
        *,
        token: str | None = None,
        modes: Sequence[ModeTerms] = (),
        timeout_s: float = DEFAULT_TIMEOUT_S,
        retries: int = 2,
        backoff_s: float = DEFAULT_BACKOFF_S,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.retailer_id = retailer_id
        self.url = url.rstrip("/")
        self.session = session
        self._headers = {"Accept": "application/json"}
        if token:
            self._headers["Authorization"] = f"Bearer {token}"
        self._configured_terms = tuple(modes)
        self._announced: Mapping[str, Any] | None = None
        self._timeout_s = timeout_s
        self._retries = retries
        self._backoff_s = backoff_s
        self._sleep = sleep
        # Until the server has been asked, trust the configuration (or assume all three).
        self.modes = frozenset(t.mode for t in modes) or frozenset(FulfilmentMode)

    @classmethod
    def from_settings(cls, retailer: RetailerSettings, context: Any) -> HttpRetailerAdapter:
        """Build from a ``[[retailer]]`` table with ``adapter = "http_retailer"``."""
        url = retailer.options.get("url")
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise ConfigError(
                f'{retailer.where}: an HTTP retailer needs url = "https://..." (the base '
                "address of its restock API)."
            )
        token = retailer.options.get("token")
        return cls(retailer.id, url, context.session, token=token, modes=retailer.modes)

    def offers(self, items: Sequence[ListItem]) -> list[Offer]:
        """All offers for ``items`` in one request."""
        wanted = [_wanted(item) for item in items]
        body = self._call("POST", "/v1/offers", json_body={"items": wanted})
        raw_offers = body.get("offers") if isinstance(body, Mapping) else None
        if not isinstance(raw_offers, list):
            raise self._invalid("an offers answer without a list of offers")
        return [o for o in (self._offer(raw) for raw in raw_offers) if o is not None]

    def find_products(self, gtins: Sequence[Gtin] = (), query: str | None = None) -> list[Offer]:
        """Products by GTIN and/or by the words of a name, priced (GET /v1/products)."""
        params: dict[str, Any] = {"gtin": [g.short for g in gtins]}
        if query:
            params["q"] = query
        body = self._call("GET", "/v1/products", params=params)
        raw = body.get("products") if isinstance(body, Mapping) else None
        if not isinstance(raw, list):
            raise self._invalid("a products answer without a list of products")
        return [o for o in (self._offer(entry) for entry in raw) if o is not None]

    def fulfilment_terms(self) -> tuple[ModeTerms, ...]:
        """The modes from the configuration, else as the retailer announces them."""
        if self._configured_terms:
            return self._configured_terms
        described = self.describe()
        try:
            terms = tuple(_terms(m) for m in described.get("modes", []))
        except (KeyError, TypeError, ValueError) as err:
            raise self._invalid("modes that are not fulfilment modes") from err
        self.modes = frozenset(t.mode for t in terms)
        return terms

    @property
    def links(self) -> WebLinks:
        """Where to order by hand, as the retailer announces it (empty if it does not)."""
        try:
            described = self.describe()
        except AdapterError:
            return WebLinks()  # the offers already said whether the retailer answers
        website, search_url = described.get("website"), described.get("search_url")
        return WebLinks(
            website if _is_web_address(website) else "",
            search_url if _is_web_address(search_url) and "{query}" in search_url else "",
        )

    def describe(self) -> Mapping[str, Any]:
        """GET /v1/retailer, once."""
        if self._announced is None:
            body = self._call("GET", "/v1/retailer")
            if not isinstance(body, Mapping):
                raise self._invalid("a retailer description that is not an object")
            self._announced = body
        return self._announced

    def submit_cart(self, mode: FulfilmentMode, lines: Sequence[CartLine]) -> SubmittedCart:
        """Send a cart (optional in the contract; RetailerUnavailable if not offered)."""
        payload = {
            "mode": str(mode),
            "lines": [{"gtin": line.gtin.short, "quantity": line.quantity} for line in lines],
        }
        body = self._call("POST", "/v1/carts", json_body=payload, accept=frozenset({201}))
        if not isinstance(body, Mapping) or not body.get("cart_id"):
            raise self._invalid("a cart answer without a cart_id")
        return SubmittedCart(str(body["cart_id"]), body.get("checkout_url"))

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        return fetch_json(
            self.session,
            method,
            self.url + path,
            who=f"retailer {self.retailer_id}",
            headers=self._headers,
            timeout_s=self._timeout_s,
            retries=self._retries,
            backoff_s=self._backoff_s,
            sleep=self._sleep,
            **kwargs,
        ).body

    def _offer(self, raw: Any) -> Offer | None:
        if not isinstance(raw, Mapping):
            raise self._invalid("an offer that is not an object")
        try:
            price_cents = raw["price_cents"]
            if not isinstance(price_cents, int) or isinstance(price_cents, bool) or price_cents < 0:
                raise ValueError(price_cents)
            gtin = Gtin.parse(str(raw["gtin"])) if raw.get("gtin") else None
            priced_on = date.fromisoformat(raw["priced_on"]) if raw.get("priced_on") else None
            return Offer(
                retailer=self.retailer_id,
                name=str(raw["name"]),
                price_cents=price_cents,
                gtin=gtin,
                currency=str(raw.get("currency") or "EUR"),
                brand=raw.get("brand"),
                size_value=raw.get("size_value"),
                size_unit=raw.get("size_unit"),
                categories=tuple(raw.get("categories") or ()),
                store_brand=bool(raw.get("store_brand", False)),
                priced_on=priced_on,
                available=bool(raw.get("available", True)),
                source=self.name,
            )
        except (KeyError, ValueError, TypeError, InvalidGtin) as err:
            raise self._invalid(f"an offer it cannot read ({err!r})") from err

    def _invalid(self, what: str) -> RetailerResponseInvalid:
        return RetailerResponseInvalid(
            f"Retailer {self.retailer_id} at {self.url} sent {what}. Its server does not "
            "follow the restock contract (openapi.yaml); tell whoever runs it."
        )


def _is_web_address(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(("https://", "http://"))


def _wanted(item: ListItem) -> dict[str, Any]:
    entry: dict[str, Any] = {"ref": str(item.id), "quantity": item.quantity}
    if item.gtin is not None:
        entry["gtin"] = item.gtin.short
    else:
        entry["name"] = item.name
    if item.unit:
        entry["unit"] = item.unit
    entry["substitution"] = str(item.substitution)
    return entry


def _terms(raw: Mapping[str, Any]) -> ModeTerms:
    free_above = raw.get("free_above_cents")
    return ModeTerms(
        mode=FulfilmentMode(raw["id"]),
        fee_cents=int(raw.get("fee_cents", 0)),
        min_order_cents=int(raw.get("min_order_cents", 0)),
        free_above_cents=None if free_above is None else int(free_above),
    )
