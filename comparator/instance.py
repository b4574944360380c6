"""A cheapest-basket instance: the items wanted, the retailers, their modes and offers.

The JSON format is the one of ``shared/basket/README.md``. Amounts are read as decimals and
kept as integer cents, so 0.70 + 0.10 + 0.10 + 0.10 reaches a 1.00 threshold exactly.
A malformed file raises ``InvalidInstance`` naming the place and what to fix.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from household.errors import InvalidInstance

__all__ = [
    "BasketInstance",
    "InstanceItem",
    "InstanceMode",
    "InstanceOffer",
    "InstanceRetailer",
    "load_instance",
    "parse_instance",
]


@dataclass(frozen=True, slots=True)
class InstanceItem:
    """One line of the list: an item id and how many units are wanted (bought whole)."""

    id: str
    quantity: int


@dataclass(frozen=True, slots=True)
class InstanceMode:
    """One way of ordering from a retailer (pickup, delivery, store...)."""

    id: str
    fee_cents: int
    min_order_cents: int
    free_above_cents: int | None
    """The fee is waived when the subtotal reaches this; None: never waived."""

    def fee_for(self, subtotal_cents: int) -> int:
        """The fee charged for an order of this subtotal."""
        if self.free_above_cents is not None and subtotal_cents >= self.free_above_cents:
            return 0
        return self.fee_cents

    def admits(self, subtotal_cents: int) -> bool:
        """Whether an order of this subtotal meets the minimum order."""
        return subtotal_cents >= self.min_order_cents


@dataclass(frozen=True, slots=True)
class InstanceOffer:
    """A retailer's price for one unit of an item; valid in every mode of that retailer."""

    item: str
    price_cents: int


@dataclass(frozen=True, slots=True)
class InstanceRetailer:
    """A retailer with its modes (possibly none) and its offers."""

    id: str
    modes: tuple[InstanceMode, ...]
    offers: tuple[InstanceOffer, ...]


@dataclass(frozen=True, slots=True)
class BasketInstance:
    """Everything the optimizer needs, as plain values."""

    items: tuple[InstanceItem, ...]
    retailers: tuple[InstanceRetailer, ...]
    max_orders: int | None = None
    """The cap on the number of orders; None: no cap."""


def load_instance(path: Path | str) -> BasketInstance:
    """Read and parse an instance file; every problem becomes an InvalidInstance."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as err:
        raise InvalidInstance(f"{path}: no such file; check the path of the instance") from err
    except (OSError, UnicodeDecodeError) as err:
        raise InvalidInstance(f"{path}: cannot be read ({err})") from err
    try:
        # Decimals, not floats: an amount must stay exactly what was written.
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as err:
        raise InvalidInstance(
            f"{path}: not valid JSON ({err.msg} at line {err.lineno}, column {err.colno})"
        ) from err
    try:
        return parse_instance(data)
    except InvalidInstance as err:
        raise InvalidInstance(f"{path}: {err}") from err


def parse_instance(data: Any) -> BasketInstance:
    """Build a BasketInstance from decoded JSON (floats or Decimals are both accepted)."""
    _expect_keys(data, {"items", "retailers", "max_orders"}, "the instance")
    items = tuple(
        _parse_item(entry, f"items[{i}]") for i, entry in enumerate(_list(data, "items", ""))
    )
    _expect_unique([item.id for item in items], "items")
    wanted = {item.id for item in items}
    retailers = tuple(
        _parse_retailer(entry, f"retailers[{i}]", wanted)
        for i, entry in enumerate(_list(data, "retailers", ""))
    )
    _expect_unique([retailer.id for retailer in retailers], "retailers")
    max_orders = data["max_orders"]
    if max_orders is not None and not _is_count(max_orders, minimum=0):
        raise InvalidInstance(
            f"max_orders must be a whole number >= 0 or null, got {_show(max_orders)}"
        )
    return BasketInstance(items=items, retailers=retailers, max_orders=max_orders)


def _parse_item(entry: Any, where: str) -> InstanceItem:
    _expect_keys(entry, {"id", "quantity"}, where)
    quantity = entry["quantity"]
    if not _is_count(quantity, minimum=1):
        raise InvalidInstance(
            f"{where}.quantity must be a whole number >= 1, got {_show(quantity)}"
        )
    return InstanceItem(id=_text(entry["id"], f"{where}.id"), quantity=quantity)


def _parse_retailer(entry: Any, where: str, wanted: set[str]) -> InstanceRetailer:
    _expect_keys(entry, {"id", "modes", "offers"}, where)
    retailer_id = _text(entry["id"], f"{where}.id")
    modes = tuple(
        _parse_mode(mode, f"{where}.modes[{i}]")
        for i, mode in enumerate(_list(entry, "modes", where))
    )
    _expect_unique([mode.id for mode in modes], f"{where}.modes")
    cheapest: dict[str, int] = {}
    for i, offer in enumerate(_list(entry, "offers", where)):
        spot = f"{where}.offers[{i}]"
        _expect_keys(offer, {"item", "price"}, spot)
        item = _text(offer["item"], f"{spot}.item")
        price = _cents(offer["price"], f"{spot}.price")
        if item not in wanted:
            continue  # a retailer's catalogue is larger than the list: irrelevant here
        # A second offer for the same item is dominated by the cheaper one: keep that one.
        cheapest[item] = min(price, cheapest.get(item, price))
    offers = tuple(InstanceOffer(item, price) for item, price in cheapest.items())
    return InstanceRetailer(id=retailer_id, modes=modes, offers=offers)


def _parse_mode(entry: Any, where: str) -> InstanceMode:
    _expect_keys(entry, {"id", "fee", "min_order", "free_above"}, where)
    free_above = entry["free_above"]
    return InstanceMode(
        id=_text(entry["id"], f"{where}.id"),
        fee_cents=_cents(entry["fee"], f"{where}.fee"),
        min_order_cents=_cents(entry["min_order"], f"{where}.min_order"),
        free_above_cents=None if free_above is None else _cents(free_above, f"{where}.free_above"),
    )


def _cents(value: Any, where: str) -> int:
    """An amount in currency units with at most 2 decimals, as int cents (never via float)."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise InvalidInstance(f"{where} must be an amount such as 4.99, got {_show(value)}")
    try:
        # str() of a float is its shortest repr, so 0.1 reads as Decimal("0.1"), not 0.1000...05
        amount = Decimal(str(value))
    except InvalidOperation as err:
        raise InvalidInstance(
            f"{where} must be an amount such as 4.99, got {_show(value)}"
        ) from err
    if not amount.is_finite() or amount < 0:
        raise InvalidInstance(f"{where} must be an amount >= 0, got {_show(value)}")
    cents = amount * 100
    if cents != cents.to_integral_value():
        raise InvalidInstance(f"{where} must have at most 2 decimals (cents), got {_show(value)}")
    return int(cents)


def _expect_keys(entry: Any, keys: set[str], where: str) -> None:
    if not isinstance(entry, dict):
        raise InvalidInstance(f"{where} must be a JSON object, got {_show(entry)}")
    missing, extra = keys - entry.keys(), entry.keys() - keys
    if missing:
        raise InvalidInstance(f"{where} lacks the key(s) {', '.join(sorted(missing))}")
    if extra:
        raise InvalidInstance(
            f"{where} has unknown key(s) {', '.join(sorted(extra))}; "
            f"expected exactly {', '.join(sorted(keys))}"
        )


def _list(entry: dict, key: str, where: str) -> list:
    value = entry[key]
    if not isinstance(value, list):
        place = f"{where}.{key}" if where else key
        raise InvalidInstance(f"{place} must be a JSON list, got {_show(value)}")
    return value


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value:
        raise InvalidInstance(f"{where} must be a non-empty string, got {_show(value)}")
    return value


def _is_count(value: Any, *, minimum: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= minimum


def _expect_unique(ids: list[str], where: str) -> None:
    seen: set[str] = set()
    for identifier in ids:
        if identifier in seen:
            raise InvalidInstance(
                f"{where}: the id {identifier!r} appears twice; ids must be unique"
            )
        seen.add(identifier)


def _show(value: Any) -> str:
    text = str(value) if isinstance(value, Decimal) else json.dumps(value, default=str)
    return text if len(text) <= 40 else text[:37] + "..."
