"""An independent check of a plan against its instance, in plain Python and integer cents.

The optimizer runs it on every plan before returning it, and the tests run it too: it
recomputes every subtotal, fee, minimum order and the total from the instance itself,
sharing no code with the solver.
"""

from __future__ import annotations

from comparator.instance import BasketInstance
from household.model import Basket

__all__ = ["check_plan", "unavailable_items"]


def unavailable_items(instance: BasketInstance) -> tuple[str, ...]:
    """Items that no retailer having at least one mode offers, in list order."""
    offered = {o.item for retailer in instance.retailers if retailer.modes for o in retailer.offers}
    return tuple(item.id for item in instance.items if item.id not in offered)


def check_plan(instance: BasketInstance, basket: Basket) -> list[str]:
    """Every way in which the basket breaks the rules of the instance (empty: it checks out)."""
    if basket.status != "optimal":
        return []
    problems: list[str] = []
    quantity = {item.id: item.quantity for item in instance.items}
    retailers = {retailer.id: retailer for retailer in instance.retailers}
    unavailable = unavailable_items(instance)
    if tuple(basket.unavailable) != unavailable:
        problems.append(f"unavailable items {basket.unavailable} should be {unavailable}")
    if instance.max_orders is not None and len(basket.orders) > instance.max_orders:
        problems.append(f"{len(basket.orders)} orders exceed max_orders {instance.max_orders}")

    bought: dict[str, int] = {}
    total = 0
    seen_channels = set()
    for order in basket.orders:
        where = f"order {order.retailer}/{order.mode}"
        retailer = retailers.get(order.retailer)
        mode = None
        if retailer is not None:
            mode = next((m for m in retailer.modes if m.id == str(order.mode)), None)
        if mode is None:
            problems.append(f"{where}: no such retailer or mode")
            continue
        if (order.retailer, str(order.mode)) in seen_channels:
            problems.append(f"{where}: appears twice")
        seen_channels.add((order.retailer, str(order.mode)))
        if not order.items:
            problems.append(f"{where}: has no items")
        prices = {}
        for offer in retailer.offers:
            prices[offer.item] = min(offer.price_cents, prices.get(offer.item, offer.price_cents))
        subtotal = 0
        for item in order.items:
            bought[item] = bought.get(item, 0) + 1
            if item not in prices or item not in quantity:
                problems.append(f"{where}: {item!r} is not sold there")
                continue
            subtotal += prices[item] * quantity[item]
        if subtotal != order.subtotal_cents:
            problems.append(f"{where}: subtotal {order.subtotal_cents} should be {subtotal}")
        if subtotal < mode.min_order_cents:
            problems.append(f"{where}: subtotal {subtotal} below min_order {mode.min_order_cents}")
        fee = mode.fee_for(subtotal)
        if fee != order.fee_cents:
            problems.append(f"{where}: fee {order.fee_cents} should be {fee}")
        total += subtotal + fee

    for item in instance.items:
        wanted = 0 if item.id in unavailable else 1
        if bought.get(item.id, 0) != wanted:
            problems.append(f"item {item.id!r} bought {bought.get(item.id, 0)} times, not {wanted}")
    if total != basket.total_cents:
        problems.append(f"total {basket.total_cents} should be {total}")
    return problems
