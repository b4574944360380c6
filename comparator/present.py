"""Rich output of a basket: a panel per order, the total, and what could not be bought.

Pure rendering: takes a Basket (and optional labels for items), prints to a Console that
the caller owns, so tests can render into ``Console(file=io.StringIO(), width=80)``.
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from household.model import Basket, BasketOrder

__all__ = ["basket_json", "format_cents", "render_basket"]


def format_cents(cents: int) -> str:
    """12345 -> '123.45' (no float on the way)."""
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    return f"{sign}{cents // 100}.{cents % 100:02d}"


def basket_json(basket: Basket) -> dict:
    """The JSON shape of ``restock basket solve --json``; amounts in currency units."""
    return {
        "status": basket.status,
        "total": None if basket.total_cents is None else basket.total_cents / 100,
        "orders": [
            {
                "retailer": order.retailer,
                "mode": str(order.mode),
                "items": list(order.items),
                "subtotal": order.subtotal_cents / 100,
                "fee": order.fee_cents / 100,
            }
            for order in basket.orders
        ],
        "unavailable": list(basket.unavailable),
    }


def _order_panel(order: BasketOrder, labels: Mapping[str, str]) -> Panel:
    table = Table.grid(padding=(0, 2))
    table.add_column()
    for item in order.items:
        table.add_row(labels.get(item, item))
    fee = "free" if order.fee_cents == 0 else format_cents(order.fee_cents)
    footer = Text(f"subtotal {format_cents(order.subtotal_cents)}  ·  fee {fee}", style="bold")
    title = f"{order.retailer} · {order.mode}"
    return Panel(Group(table, footer), title=title, title_align="left", expand=False)


def render_basket(
    basket: Basket, console: Console, labels: Mapping[str, str] | None = None
) -> None:
    """Print the plan: one panel per order, the total, then unavailable items."""
    labels = labels or {}
    if basket.status != "optimal":
        console.print(Text("No basket meets the constraints.", style="bold red"))
        if basket.reason:
            console.print(basket.reason)
    else:
        for order in basket.orders:
            console.print(_order_panel(order, labels))
        plural = "order" if len(basket.orders) == 1 else "orders"
        console.print(
            Text(
                f"Total {format_cents(basket.total_cents or 0)} in {len(basket.orders)} {plural}",
                style="bold",
            )
        )
    if basket.unavailable:
        names = ", ".join(labels.get(item, item) for item in basket.unavailable)
        console.print(Text(f"Nobody sells: {names}", style="yellow"))
