"""The adapters' part of the configuration: ``[openprices]``, ``[openfoodfacts]``, ``[[retailer]]``.

Pure: ``parse_adapter_settings`` turns the raw sections of a ``Config`` into frozen
dataclasses, or raises a ConfigError naming the file, the key and the fix. Money is
written in euros in the file (``fee = 5.99``) because that is what people read on a
receipt; it becomes int cents here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from types import MappingProxyType
from typing import Any

from household.config import Config
from household.errors import ConfigError
from household.model import FulfilmentMode, ModeTerms, WebLinks

DEFAULT_OPENPRICES_URL = "https://prices.openfoodfacts.org"
DEFAULT_OPENFOODFACTS_URL = "https://world.openfoodfacts.org"
DEFAULT_NONFOOD_URLS = ("https://world.openbeautyfacts.org", "https://world.openproductsfacts.org")
DEFAULT_TIMEOUT_S = 10.0
DEFAULT_MAX_PRICE_AGE_DAYS = 365
# Open Food Facts publishes 15 to 100 product reads a minute per IP depending on the
# page you read; one every 6 s (10 a minute) stays well under both.
DEFAULT_OFF_MIN_INTERVAL_S = 6.0
DEFAULT_CONTACT = "https://github.com/restock/restock"

# Spellings people use for the modes, folded to the model's three.
MODE_ALIASES = {
    "pickup": FulfilmentMode.PICKUP,
    "drive": FulfilmentMode.PICKUP,
    "click-and-collect": FulfilmentMode.PICKUP,
    "delivery": FulfilmentMode.DELIVERY,
    "livraison": FulfilmentMode.DELIVERY,
    "store": FulfilmentMode.STORE,
    "in-store": FulfilmentMode.STORE,
    "instore": FulfilmentMode.STORE,
    "magasin": FulfilmentMode.STORE,
}
RETAILER_KEYS = frozenset({"id", "name", "adapter", "modes", "enabled", "website", "search_url"})
MODE_KEYS = frozenset({"id", "fee", "min_order", "free_above"})
# Keys each built-in adapter understands besides RETAILER_KEYS; third-party adapters
# receive whatever else is written, in RetailerSettings.options.
BUILTIN_OPTIONS: dict[str, frozenset[str]] = {
    "openprices": frozenset({"location_id", "location_ids", "currency"}),
    "http_retailer": frozenset({"url", "token"}),
    "pricefile": frozenset({"file", "store"}),
    "demo": frozenset({"demo_id"}),
}
OPENPRICES_KEYS = frozenset(
    {"base_url", "timeout_s", "max_price_age_days", "retries", "page_size", "max_pages"}
)
OPENFOODFACTS_KEYS = frozenset(
    {"base_url", "nonfood_urls", "timeout_s", "min_interval_s", "contact", "retries"}
)


@dataclass(frozen=True, slots=True)
class OpenPricesSettings:
    """The ``[openprices]`` section, shared by every Open Prices retailer."""

    base_url: str = DEFAULT_OPENPRICES_URL
    timeout_s: float = DEFAULT_TIMEOUT_S
    max_price_age_days: int = DEFAULT_MAX_PRICE_AGE_DAYS
    """Prices older than this are not offered at all (the comparator flags younger ones)."""
    retries: int = 3
    """Extra attempts after a 429, a 5xx or a dropped connection."""
    page_size: int = 100
    """Open Prices caps ``size`` at 100."""
    max_pages: int = 20
    """How many pages one batch may follow before giving up on older prices."""


@dataclass(frozen=True, slots=True)
class OpenFoodFactsSettings:
    """The ``[openfoodfacts]`` section: the product source."""

    base_url: str = DEFAULT_OPENFOODFACTS_URL
    nonfood_urls: tuple[str, ...] = DEFAULT_NONFOOD_URLS
    """Asked in turn when Open Food Facts does not know a code (detergent, shampoo...)."""
    timeout_s: float = DEFAULT_TIMEOUT_S
    min_interval_s: float = DEFAULT_OFF_MIN_INTERVAL_S
    """At least this long between two requests, to stay under the published rate limits."""
    contact: str = DEFAULT_CONTACT
    """Put in the User-Agent so Open Food Facts can reach whoever runs this instance."""
    retries: int = 2


@dataclass(frozen=True, slots=True)
class RetailerSettings:
    """One ``[[retailer]]`` table."""

    id: str
    name: str
    adapter: str
    modes: tuple[ModeTerms, ...] = ()
    """Empty: the adapter announces its own (the demo and HTTP retailers do)."""
    options: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    """The adapter's own keys (location_id, url, token, file...), checked for built-ins."""
    enabled: bool = True
    links: WebLinks = field(default_factory=WebLinks)
    """Where to order by hand: ``website`` and ``search_url`` (with {query})."""
    where: str = ""
    """'[[retailer]] "id" in FILE', for messages."""


@dataclass(frozen=True, slots=True)
class AdapterSettings:
    """Everything the adapters read from the configuration."""

    openprices: OpenPricesSettings = OpenPricesSettings()
    openfoodfacts: OpenFoodFactsSettings = OpenFoodFactsSettings()
    retailers: tuple[RetailerSettings, ...] = ()
    path: Path | None = None


def parse_adapter_settings(
    config: Config, installed: Collection[str] | None = None
) -> AdapterSettings:
    """Build the adapters' settings from ``config``; ``installed`` names the known adapters.

    With ``installed`` given, a retailer naming another adapter is a ConfigError that
    lists them.
    """
    file = f" in {config.path}" if config.path else ""
    sections = config.sections
    openprices = _parse_openprices(_table(sections, "openprices", file), file)
    openfoodfacts = _parse_openfoodfacts(_table(sections, "openfoodfacts", file), file)
    raw_retailers = sections.get("retailer", [])
    if not isinstance(raw_retailers, list):
        raise ConfigError(
            f"[retailer]{file} must be an array of tables: write [[retailer]] (double "
            "brackets) above each retailer."
        )
    retailers = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_retailers, start=1):
        retailer = _parse_retailer(raw, index, file, installed)
        if retailer.id in seen:
            raise ConfigError(
                f"Two [[retailer]] tables{file} have id = {retailer.id!r}. "
                "Give each retailer its own id."
            )
        seen.add(retailer.id)
        retailers.append(retailer)
    return AdapterSettings(openprices, openfoodfacts, tuple(retailers), config.path)


def parse_mode_terms(raw: Any, where: str) -> ModeTerms:
    """One ``{ id = "delivery", fee = 5.99, min_order = 50.0, free_above = 100.0 }``."""
    if not isinstance(raw, Mapping):
        raise ConfigError(
            f"{where}: each mode must be a table, e.g. "
            '{ id = "pickup", fee = 0.0, min_order = 0.0 }.'
        )
    _refuse_unknown(raw, MODE_KEYS, where + " mode")
    mode_id = raw.get("id")
    mode = MODE_ALIASES.get(str(mode_id).strip().lower()) if mode_id is not None else None
    if mode is None:
        raise ConfigError(
            f"{where}: mode id {mode_id!r} is not a fulfilment mode. "
            'Use "pickup" (drive), "delivery" or "store".'
        )
    free_above = raw.get("free_above")
    return ModeTerms(
        mode=mode,
        fee_cents=parse_euros(raw.get("fee", 0), f"{where} mode {mode}: fee"),
        min_order_cents=parse_euros(raw.get("min_order", 0), f"{where} mode {mode}: min_order"),
        free_above_cents=(
            None
            if free_above is None
            else parse_euros(free_above, f"{where} mode {mode}: free_above")
        ),
    )


def parse_euros(value: Any, where: str) -> int:
    """An amount in euros (5.99, "5,99") as int cents; ConfigError if it is not one."""
    if isinstance(value, bool):
        value = None  # True is an int to Python, never an amount to a person
    try:
        amount = Decimal(str(value).replace(",", ".")) if value is not None else None
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite() or amount < 0:
        raise ConfigError(f"{where} is {value!r}; write an amount in euros, e.g. 5.99.")
    return int((amount * 100).to_integral_value())


def _parse_retailer(
    raw: Any, index: int, file: str, installed: Collection[str] | None
) -> RetailerSettings:
    if not isinstance(raw, Mapping):
        raise ConfigError(f"[[retailer]] number {index}{file} must be a table.")
    rid = raw.get("id")
    if not isinstance(rid, str) or not rid.strip():
        raise ConfigError(
            f'[[retailer]] number {index}{file} has no id. Add one, e.g. id = "super-u-reze".'
        )
    where = f'[[retailer]] "{rid}"{file}'
    adapter = raw.get("adapter")
    if not isinstance(adapter, str) or not adapter:
        raise ConfigError(f'{where} has no adapter. Add one, e.g. adapter = "openprices".')
    if installed is not None and adapter not in installed:
        names = ", ".join(sorted(installed)) or "none"
        raise ConfigError(
            f"{where}: unknown adapter {adapter!r}. Installed adapters: {names}. "
            "Check the spelling, or install the package that provides it."
        )
    allowed = BUILTIN_OPTIONS.get(adapter)
    options = {k: v for k, v in raw.items() if k not in RETAILER_KEYS}
    if allowed is not None:
        _refuse_unknown(options, allowed, where)
    modes_raw = raw.get("modes", [])
    if not isinstance(modes_raw, list):
        raise ConfigError(
            f'{where}: modes must be a list, e.g. modes = [{{ id = "pickup", fee = 0.0 }}].'
        )
    modes = tuple(parse_mode_terms(m, where) for m in modes_raw)
    if len({m.mode for m in modes}) != len(modes):
        raise ConfigError(f"{where} lists the same mode twice. Keep one entry per mode.")
    name = raw.get("name", rid)
    enabled = raw.get("enabled", True)
    if not isinstance(name, str) or not isinstance(enabled, bool):
        raise ConfigError(f"{where}: name must be text and enabled true or false.")
    if adapter == "openprices":
        options["location_ids"] = _location_ids(options, where)
    return RetailerSettings(
        id=rid,
        name=name,
        adapter=adapter,
        modes=modes,
        options=MappingProxyType(options),
        enabled=enabled,
        links=_web_links(raw, where),
        where=where,
    )


def _web_links(raw: Mapping[str, Any], where: str) -> WebLinks:
    """The retailer's ``website`` and ``search_url``, both optional."""
    website = raw.get("website")
    search_url = raw.get("search_url")
    if website is not None:
        website = _url(website, f"{where}: website")
    if search_url is not None:
        if not isinstance(search_url, str) or "{query}" not in search_url:
            raise ConfigError(
                f"{where}: search_url is {search_url!r}; write the site's search address "
                'with {query} where the barcode goes, e.g. "https://shop.example/search?q={query}".'
            )
        search_url = _url(search_url, f"{where}: search_url")
    return WebLinks(website or "", search_url or "")


def _location_ids(options: Mapping[str, Any], where: str) -> tuple[int, ...]:
    ids = list(options.get("location_ids", []))
    if "location_id" in options:
        ids.insert(0, options["location_id"])
    if not ids or not all(isinstance(i, int) and not isinstance(i, bool) and i > 0 for i in ids):
        raise ConfigError(
            f"{where}: an Open Prices retailer needs location_id = <number> (the store's id "
            "on prices.openfoodfacts.org, shown in its address bar), or location_ids = [..]."
        )
    return tuple(dict.fromkeys(ids))


def _parse_openprices(raw: Mapping[str, Any], file: str) -> OpenPricesSettings:
    _refuse_unknown(raw, OPENPRICES_KEYS, f"[openprices]{file}")
    where = f"[openprices]{file}"
    return OpenPricesSettings(
        base_url=_url(raw.get("base_url", DEFAULT_OPENPRICES_URL), f"{where}: base_url"),
        timeout_s=_positive(raw.get("timeout_s", DEFAULT_TIMEOUT_S), f"{where}: timeout_s"),
        max_price_age_days=int(
            _positive(
                raw.get("max_price_age_days", DEFAULT_MAX_PRICE_AGE_DAYS),
                f"{where}: max_price_age_days",
            )
        ),
        retries=int(_positive(raw.get("retries", 3), f"{where}: retries", zero=True)),
        page_size=min(100, int(_positive(raw.get("page_size", 100), f"{where}: page_size"))),
        max_pages=int(_positive(raw.get("max_pages", 20), f"{where}: max_pages")),
    )


def _parse_openfoodfacts(raw: Mapping[str, Any], file: str) -> OpenFoodFactsSettings:
    where = f"[openfoodfacts]{file}"
    _refuse_unknown(raw, OPENFOODFACTS_KEYS, where)
    nonfood = raw.get("nonfood_urls", list(DEFAULT_NONFOOD_URLS))
    if not isinstance(nonfood, list):
        raise ConfigError(f"{where}: nonfood_urls must be a list of URLs (or []).")
    contact = raw.get("contact", DEFAULT_CONTACT)
    if not isinstance(contact, str) or not contact.strip():
        raise ConfigError(f"{where}: contact must be an e-mail address or a web page.")
    return OpenFoodFactsSettings(
        base_url=_url(raw.get("base_url", DEFAULT_OPENFOODFACTS_URL), f"{where}: base_url"),
        nonfood_urls=tuple(_url(u, f"{where}: nonfood_urls") for u in nonfood),
        timeout_s=_positive(raw.get("timeout_s", DEFAULT_TIMEOUT_S), f"{where}: timeout_s"),
        min_interval_s=_positive(
            raw.get("min_interval_s", DEFAULT_OFF_MIN_INTERVAL_S),
            f"{where}: min_interval_s",
            zero=True,
        ),
        contact=contact.strip(),
        retries=int(_positive(raw.get("retries", 2), f"{where}: retries", zero=True)),
    )


def _table(sections: Mapping[str, Any], name: str, file: str) -> Mapping[str, Any]:
    raw = sections.get(name, {})
    if not isinstance(raw, Mapping):
        raise ConfigError(f"[{name}]{file} must be a table: write [{name}] on its own line.")
    return raw


def _refuse_unknown(raw: Mapping[str, Any], allowed: Collection[str], where: str) -> None:
    for key in raw:
        if key not in allowed:
            raise ConfigError(
                f"Unknown key {key!r} in {where}. Allowed here: {', '.join(sorted(allowed))}. "
                "Check the spelling, or remove it."
            )


def _url(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.startswith(("http://", "https://")):
        raise ConfigError(f"{where} is {value!r}; write a URL starting with https://.")
    return value.rstrip("/")


def _positive(value: Any, where: str, *, zero: bool = False) -> float:
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    if not ok or value < 0 or (value == 0 and not zero):
        least = "zero or more" if zero else "more than zero"
        raise ConfigError(f"{where} is {value!r}; write a number {least}.")
    return float(value)
