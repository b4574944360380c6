"""Rich rendering of a basket, compared as text (Console into a StringIO, width 80)."""

from __future__ import annotations

import io

from rich.console import Console

from comparator.present import basket_json, format_cents, render_basket
from household.model import Basket, BasketOrder

PLAN = Basket(
    "optimal",
    1890,
    (
        BasketOrder("shopA", "delivery", ("milk", "eggs"), 1290, 0),
        BasketOrder("shopB", "pickup", ("bread",), 400, 200),
    ),
    ("caviar",),
)


def rendered(basket: Basket, labels=None) -> str:
    console = Console(file=io.StringIO(), width=80, color_system=None)
    render_basket(basket, console, labels)
    return console.file.getvalue()


def test_a_panel_per_order_then_total_and_unavailable():
    assert rendered(PLAN, {"milk": "Lait demi-écrémé 1 l"}) == (
        "╭─ shopA · delivery ──────────╮\n"
        "│ Lait demi-écrémé 1 l        │\n"
        "│ eggs                        │\n"
        "│ subtotal 12.90  ·  fee free │\n"
        "╰─────────────────────────────╯\n"
        "╭─ shopB · pickup ───────────╮\n"
        "│ bread                      │\n"
        "│ subtotal 4.00  ·  fee 2.00 │\n"
        "╰────────────────────────────╯\n"
        "Total 18.90 in 2 orders\n"
        "Nobody sells: caviar\n"
    )


def test_infeasible_basket_says_why():
    basket = Basket("infeasible", None, reason="max_orders is 0 but 1 item(s) can be bought (a)")
    assert rendered(basket) == (
        "No basket meets the constraints.\nmax_orders is 0 but 1 item(s) can be bought (a)\n"
    )


def test_json_shape_and_cents_formatting():
    assert basket_json(PLAN) == {
        "status": "optimal",
        "total": 18.9,
        "orders": [
            {
                "retailer": "shopA",
                "mode": "delivery",
                "items": ["milk", "eggs"],
                "subtotal": 12.9,
                "fee": 0.0,
            },
            {
                "retailer": "shopB",
                "mode": "pickup",
                "items": ["bread"],
                "subtotal": 4.0,
                "fee": 2.0,
            },
        ],
        "unavailable": ["caviar"],
    }
    assert [format_cents(c) for c in (0, 5, 100, 123456, -250)] == [
        "0.00",
        "0.05",
        "1.00",
        "1234.56",
        "-2.50",
    ]
