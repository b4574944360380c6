"""Exact presolve: an instance becomes a compact problem over retailers, items and fee levels.

Two facts make it smaller without losing any optimum (proofs in research/isop.md):

* Some optimal plan has at most one order per retailer, so the optimizer assigns items to
  retailers, not to (retailer, mode) pairs.
* For a given subtotal, the best mode of a retailer is simply the cheapest admissible one.
  Each mode contributes up to two *fee levels*: "from min_order on, pay fee" and "from
  max(min_order, free_above) on, pay nothing". A level is dominated when another starts no
  later and costs no more; what remains is a staircase, starting subtotals rising and fees
  falling. A level that starts above everything the retailer sells can never be reached.

Offers keep only the cheapest price of a (retailer, item) pair (done by the parser); offers of
retailers without any reachable level are dropped, and an item nobody sells through a
retailer with a mode is *unavailable*.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from comparator.instance import BasketInstance, InstanceMode

__all__ = ["FeeLevel", "Problem", "fee_levels", "presolve"]

NOT_SOLD = np.iinfo(np.int64).max // 4
"""The cost of an item at a retailer that does not sell it (large, and safe to add up)."""


@dataclass(frozen=True, slots=True)
class FeeLevel:
    """From ``start_cents`` of subtotal on, an order can go out at ``fee_cents`` (via mode)."""

    start_cents: int
    fee_cents: int
    mode: str


@dataclass(frozen=True, slots=True)
class Problem:
    """The presolved problem: items that can be bought, usable retailers, costs, fee levels."""

    item_ids: tuple[str, ...]
    """Available items, in list order."""
    retailer_ids: tuple[str, ...]
    """Retailers that can take an order, in instance order."""
    cost_cents: np.ndarray
    """(items x retailers) int64: quantity x price, or NOT_SOLD."""
    levels: tuple[tuple[FeeLevel, ...], ...]
    """Per retailer, its fee staircase (starts rising, fees strictly falling)."""
    max_orders: int | None
    unavailable: tuple[str, ...]
    """Items no retailer with a mode sells."""
    stranded: tuple[str, ...]
    """Items sold only by retailers whose minimum order they can never reach."""

    @property
    def sold(self) -> np.ndarray:
        """Boolean (items x retailers): the retailer sells the item."""
        return self.cost_cents < NOT_SOLD


def fee_levels(modes: tuple[InstanceMode, ...], reachable_cents: int) -> tuple[FeeLevel, ...]:
    """The undominated fee levels of a retailer's modes, up to what it can possibly sell."""
    candidates = []
    for mode in modes:
        candidates.append(FeeLevel(mode.min_order_cents, mode.fee_cents, mode.id))
        if mode.free_above_cents is not None and mode.fee_cents > 0:
            start = max(mode.min_order_cents, mode.free_above_cents)
            candidates.append(FeeLevel(start, 0, mode.id))
    # Stable sort: among equal (start, fee) the mode listed first wins, as in the verifier.
    candidates.sort(key=lambda level: (level.start_cents, level.fee_cents))
    staircase: list[FeeLevel] = []
    for level in candidates:
        if level.start_cents > reachable_cents:
            break
        if not staircase or level.fee_cents < staircase[-1].fee_cents:
            staircase.append(level)
    return tuple(staircase)


def presolve(instance: BasketInstance) -> Problem:
    """Reduce an instance to the items that can be bought and the retailers that can sell."""
    quantity = {item.id: item.quantity for item in instance.items}
    with_mode = [retailer for retailer in instance.retailers if retailer.modes]
    offered = {offer.item for retailer in with_mode for offer in retailer.offers}
    unavailable = tuple(item.id for item in instance.items if item.id not in offered)

    usable = []
    for retailer in with_mode:
        reachable = sum(offer.price_cents * quantity[offer.item] for offer in retailer.offers)
        levels = fee_levels(retailer.modes, reachable)
        if levels and retailer.offers:
            usable.append((retailer, levels))

    sellable = {offer.item for retailer, _ in usable for offer in retailer.offers}
    stranded = tuple(i.id for i in instance.items if i.id in offered and i.id not in sellable)
    item_ids = tuple(item.id for item in instance.items if item.id in sellable)
    row = {item_id: j for j, item_id in enumerate(item_ids)}

    cost = np.full((len(item_ids), len(usable)), NOT_SOLD, dtype=np.int64)
    for r, (retailer, _) in enumerate(usable):
        for offer in retailer.offers:
            cost[row[offer.item], r] = offer.price_cents * quantity[offer.item]
    return Problem(
        item_ids=item_ids,
        retailer_ids=tuple(retailer.id for retailer, _ in usable),
        cost_cents=cost,
        levels=tuple(levels for _, levels in usable),
        max_orders=instance.max_orders,
        unavailable=unavailable,
        stranded=stranded,
    )
