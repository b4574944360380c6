"""Open Food Facts: what a barcode is (name, brand, size, categories, scores).

Asks the v2 product API for the few fields the product table keeps, with a User-Agent
naming restock (Open Food Facts asks apps to identify themselves), no faster than one
request per ``min_interval_s``. Household goods are half non-food, so a code Open Food
Facts does not know is asked of Open Beauty Facts and Open Products Facts in turn.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import requests

from household.errors import AdapterError, ProductLookupFailed
from household.model import Gtin, Product
from retailer_adapters.fetch import DEFAULT_BACKOFF_S, Throttle, fetch_json
from retailer_adapters.settings import OpenFoodFactsSettings
from retailer_adapters.sizes import parse_size

FIELDS = (
    "code",
    "product_name",
    "product_name_fr",
    "generic_name",
    "brands",
    "quantity",
    "product_quantity",
    "product_quantity_unit",
    "categories_tags",
    "image_front_small_url",
    "image_url",
    "nutriscore_grade",
    "ecoscore_grade",
    "environmental_score_grade",
)
# Grades Open Food Facts uses for "no grade", which are not grades to show.
NO_GRADE = frozenset({"unknown", "not-applicable", "", "none"})
SOURCE_NAMES = {
    "openfoodfacts": "Open Food Facts",
    "openbeautyfacts": "Open Beauty Facts",
    "openproductsfacts": "Open Products Facts",
    "openpetfoodfacts": "Open Pet Food Facts",
}


def user_agent(contact: str) -> str:
    """'restock/0.1.0 (contact)': the identification Open Food Facts asks of apps."""
    try:
        release = version("restock")
    except PackageNotFoundError:
        release = "dev"
    return f"restock/{release} ({contact})"


class OpenFoodFactsSource:
    """Product facts by barcode from Open Food Facts, then its non-food sister databases."""

    name = "openfoodfacts"

    def __init__(
        self,
        settings: OpenFoodFactsSettings,
        session: requests.Session,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        throttle: Throttle | None = None,
        backoff_s: float = DEFAULT_BACKOFF_S,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.settings = settings
        self.session = session
        self._clock = clock
        self._throttle = throttle or Throttle(settings.min_interval_s, sleep=sleep)
        self._backoff_s = backoff_s
        self._sleep = sleep
        self._headers = {"User-Agent": user_agent(settings.contact), "Accept": "application/json"}

    @classmethod
    def from_settings(cls, context: Any) -> OpenFoodFactsSource:
        """Build from the ``[openfoodfacts]`` section."""
        return cls(context.settings.openfoodfacts, context.session)

    def product(self, gtin: Gtin) -> Product | None:
        """The product, or None when no database knows it; ProductLookupFailed if one is down."""
        databases = [(self.settings.base_url, self.name)]
        databases += [(url, source_name(url)) for url in self.settings.nonfood_urls]
        for base_url, source in databases:
            found = self._ask(base_url, source, gtin)
            if found is not None:
                return found
        return None

    def _ask(self, base_url: str, source: str, gtin: Gtin) -> Product | None:
        who = SOURCE_NAMES.get(source, base_url)
        self._throttle.wait()
        try:
            answer = fetch_json(
                self.session,
                "GET",
                f"{base_url}/api/v2/product/{gtin.short}",
                who=who,
                # Commas stay literal: the server does not split an escaped "%2C".
                params=f"fields={','.join(FIELDS)}",
                headers=self._headers,
                timeout_s=self.settings.timeout_s,
                retries=self.settings.retries,
                backoff_s=self._backoff_s,
                accept=frozenset({200, 404}),
                sleep=self._sleep,
            )
        except AdapterError as err:
            raise ProductLookupFailed(
                f"Could not look up {gtin.short}: {err} It stays queued and will be "
                "looked up again later."
            ) from err
        return parse_product(answer.body, gtin, source, self._clock())


def source_name(base_url: str) -> str:
    """'openbeautyfacts' for https://world.openbeautyfacts.org, and so on."""
    host = base_url.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    parts = host.split(".")
    return parts[-2] if len(parts) >= 2 else host


def parse_product(body: Any, gtin: Gtin, source: str, fetched_at: datetime) -> Product | None:
    """A v2 product answer as a Product; None for "product not found" (status 0)."""
    if not isinstance(body, Mapping):
        raise ProductLookupFailed(
            f"{SOURCE_NAMES.get(source, source)} sent an answer that is not a product for "
            f"{gtin.short}. It stays queued and will be looked up again later."
        )
    if body.get("status") != 1 or not isinstance(body.get("product"), Mapping):
        return None
    fields = body["product"]
    brand = _first(fields.get("brands"))
    name = _text(fields.get("product_name_fr")) or _text(fields.get("product_name"))
    name = (
        name
        or _text(fields.get("generic_name"))
        or " ".join(filter(None, (brand, _text(fields.get("quantity")))))
    )
    size = parse_size(fields.get("product_quantity"), fields.get("product_quantity_unit"))
    if size is None and fields.get("quantity"):
        size = parse_size(str(fields["quantity"]))
    categories = fields.get("categories_tags") or ()
    return Product(
        gtin=gtin,
        name=name or f"produit {gtin.short}",
        brand=brand,
        size=_text(fields.get("quantity")),
        size_value=size[0] if size else None,
        size_unit=size[1] if size else None,
        categories=tuple(str(c) for c in categories if isinstance(c, str)),
        image_url=_text(fields.get("image_front_small_url")) or _text(fields.get("image_url")),
        nutriscore=_grade(fields.get("nutriscore_grade")),
        green_score=_grade(fields.get("environmental_score_grade"))
        or _grade(fields.get("ecoscore_grade")),
        source=source,
        fetched_at=fetched_at,
    )


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _first(value: Any) -> str | None:
    """The first of a comma-separated list ('Ferrero, Nutella' -> 'Ferrero')."""
    text = _text(value)
    return text.split(",")[0].strip() or None if text else None


def _grade(value: Any) -> str | None:
    text = _text(value)
    return None if text is None or text.lower() in NO_GRADE else text.lower()
