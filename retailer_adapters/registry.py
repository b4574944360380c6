"""Find adapters through entry points and build the ones the configuration names.

Built-ins register in our own pyproject.toml exactly as an outside package would, so
the groups below are the whole plug-in interface:

    [project.entry-points."restock.retailers"]      offer sources
    [project.entry-points."restock.products"]       product sources

The object an entry point names is a class with a ``from_settings`` classmethod:
``from_settings(retailer, context)`` for an offer source, ``from_settings(context)``
for a product source. Its ``__init__`` takes typed settings and a ``requests.Session``,
so tests build adapters directly; only ``from_settings`` reads the configuration.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path
from typing import Any

import requests

from household.errors import ConfigError
from retailer_adapters.base import OfferSource, ProductSource
from retailer_adapters.settings import AdapterSettings, RetailerSettings

RETAILERS_GROUP = "restock.retailers"
PRODUCTS_GROUP = "restock.products"


@dataclass(frozen=True)
class AdapterContext:
    """What an adapter may use besides its own settings: the shared I/O, passed in."""

    settings: AdapterSettings
    session: requests.Session
    db_path: Path | None = None
    """The household database (the price-file adapter reads imported prices there)."""
    today: Callable[[], date] = date.today
    """The clock that ages prices; tests pass a fixed one."""
    extras: dict[str, Any] = field(default_factory=dict)
    """Room for third-party adapters' shared objects; built-ins use none."""


def installed_adapters(group: str = RETAILERS_GROUP) -> dict[str, EntryPoint]:
    """The adapters installed under ``group``, by name (loaded lazily, not imported)."""
    return {ep.name: ep for ep in entry_points(group=group)}


def load_adapter_class(name: str, group: str = RETAILERS_GROUP, where: str = "") -> Any:
    """Import the class registered as ``name``; a ConfigError lists the installed ones."""
    found = installed_adapters(group)
    if name not in found:
        names = ", ".join(sorted(found)) or "none (run: pip install -e .)"
        raise ConfigError(
            f"{where + ': ' if where else ''}unknown adapter {name!r}. Installed adapters: {names}."
        )
    try:
        factory = found[name].load()
    except ImportError as err:
        raise ConfigError(
            f"The adapter {name!r} is installed but cannot be imported ({err}). "
            "Reinstall the package that provides it, or remove it from the configuration."
        ) from err
    if not hasattr(factory, "from_settings"):
        raise ConfigError(
            f"The adapter {name!r} ({found[name].value}) has no from_settings(); it was "
            "written for another version of restock. Upgrade or remove it."
        )
    return factory


def load_offer_sources(
    context: AdapterContext, retailers: tuple[RetailerSettings, ...] | None = None
) -> list[tuple[RetailerSettings, OfferSource]]:
    """Build one offer source per enabled retailer (all configured ones by default)."""
    chosen = context.settings.retailers if retailers is None else retailers
    built = []
    for retailer in chosen:
        if not retailer.enabled:
            continue
        factory = load_adapter_class(retailer.adapter, RETAILERS_GROUP, retailer.where)
        built.append((retailer, factory.from_settings(retailer, context)))
    return built


def load_product_sources(
    context: AdapterContext, names: tuple[str, ...] = ("openfoodfacts",)
) -> list[ProductSource]:
    """Build the product sources named, asked in this order."""
    return [load_adapter_class(n, PRODUCTS_GROUP).from_settings(context) for n in names]
