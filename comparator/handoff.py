"""From a plan to the shop: phone lists per store, a QR code, carts for drive and delivery.

Pure except ``submit_carts``, which calls the adapters it is given and asks the person
(through the ``confirm`` callback) before each cart: nothing is sent without a yes to the
price shown.
"""

from __future__ import annotations

import html
import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import segno

from comparator.planning import Comparison
from comparator.present import format_cents
from household.errors import AdapterError
from household.model import FulfilmentMode, WebLinks

__all__ = [
    "CartOutcome",
    "ShoppingLine",
    "ShoppingList",
    "data_url",
    "list_html",
    "list_markdown",
    "list_text",
    "qr_text",
    "shopping_lists",
    "submit_carts",
]

MAX_QR_BYTES = 2900
"""A version-40 QR code at the lowest error correction holds 2953 bytes."""
QR_BORDER = 4
"""The quiet zone the QR standard asks for, in modules; phones read it more reliably."""


@dataclass(frozen=True, slots=True)
class ShoppingLine:
    """One thing to take off the shelf."""

    label: str
    """The household's name for the line."""
    product: str
    packs: int
    line_cents: int
    gtin: Any = None
    """The offer's Gtin, for carts; None for products priced without a barcode."""
    link: str = ""
    """The product's page on the retailer's site (its search by barcode), if known."""


@dataclass(frozen=True, slots=True)
class ShoppingList:
    """One order of the plan, as a list to shop with."""

    retailer: str
    retailer_name: str
    mode: str
    lines: tuple[ShoppingLine, ...]
    subtotal_cents: int
    fee_cents: int
    website: str = ""
    """Where to order by hand when restock cannot fill the cart; empty when unknown."""

    @property
    def total_cents(self) -> int:
        """What the till should say."""
        return self.subtotal_cents + self.fee_cents


def shopping_lists(
    comparison: Comparison, modes: Sequence[str] | None = None
) -> tuple[ShoppingList, ...]:
    """The plan's orders as lists, only those of ``modes`` when given."""
    lists = []
    for order in comparison.basket.orders:
        if modes is not None and str(order.mode) not in modes:
            continue
        links = comparison.links.get(order.retailer, WebLinks())
        # A walk-in list stays short for the phone; drive and delivery lines get links.
        online = order.mode != FulfilmentMode.STORE
        lines = []
        for label in order.items:
            match = comparison.chosen[label]
            offer = match.offer
            link = links.product_link(offer.gtin, offer.name) if online else ""
            lines.append(
                ShoppingLine(label, offer.name, match.packs, match.line_cents, offer.gtin, link)
            )
        lists.append(
            ShoppingList(
                retailer=order.retailer,
                retailer_name=comparison.retailer_names.get(order.retailer, order.retailer),
                mode=str(order.mode),
                lines=tuple(lines),
                subtotal_cents=order.subtotal_cents,
                fee_cents=order.fee_cents,
                website=links.website if online else "",
            )
        )
    return tuple(lists)


def list_text(lists: Sequence[ShoppingList]) -> str:
    """Plain text, one block per store, for a message or a note on the phone."""
    blocks = []
    for shop in lists:
        rows = [f"{shop.retailer_name} ({shop.mode}) - {format_cents(shop.total_cents)}"]
        if shop.website:
            rows.append(f"order at {shop.website}")
        for line in shop.lines:
            link = f"  {line.link}" if line.link else ""
            rows.append(f"[ ] {_what(line)}  {format_cents(line.line_cents)}{link}")
        blocks.append("\n".join(rows))
    return "\n\n".join(blocks) + "\n"


def list_markdown(lists: Sequence[ShoppingList]) -> str:
    """Markdown with task boxes, one section per store."""
    blocks = []
    for shop in lists:
        rows = [f"## {shop.retailer_name} ({shop.mode}) - {format_cents(shop.total_cents)}", ""]
        if shop.website:
            rows += [f"Order at <{shop.website}>", ""]
        rows += [
            f"- [ ] {_markdown_what(line)} - {format_cents(line.line_cents)}" for line in shop.lines
        ]
        blocks.append("\n".join(rows))
    return "\n\n".join(blocks) + "\n"


_STYLE = (
    "body{font:18px sans-serif;margin:1em}label{display:block;padding:.4em 0}"
    "input:checked+span{text-decoration:line-through;color:#888}"
)


def list_html(lists: Sequence[ShoppingList], title: str = "restock", styled: bool = True) -> str:
    """A self-contained page (no script, no outside file) with a tick box per line.

    ``styled=False`` leaves out the style sheet, for a page small enough for a QR code.
    """
    style = f"<style>{_STYLE}</style>" if styled else ""
    parts = [
        f'<!doctype html><meta charset="utf-8"><meta name="viewport" '
        f'content="width=device-width"><title>{html.escape(title)}</title>{style}'
    ]
    for shop in lists:
        parts.append(
            f"<h2>{html.escape(shop.retailer_name)} ({html.escape(shop.mode)}) "
            f"{format_cents(shop.total_cents)}</h2>"
        )
        if shop.website:
            site = html.escape(shop.website)
            parts.append(f'<p>order at <a href="{site}">{site}</a></p>')
        for line in shop.lines:
            link = f' <a href="{html.escape(line.link)}">page</a>' if line.link else ""
            parts.append(
                f"<label><input type=checkbox><span>{html.escape(_what(line))} "
                f"{format_cents(line.line_cents)}</span>{link}</label>" + ("" if styled else "<br>")
            )
    return "".join(parts)


_URL_SAFE = "!$&'()*+,-./:;=?@_~<>\"[]{}|^`"
"""Left as is in a data: URL: only spaces, '%', '#' and non-ASCII need escaping there."""


def data_url(page: str) -> str:
    """The page as a data: URL, so a QR code can carry it with no server at all.

    Percent-encoded rather than base64: mostly-ASCII lists come out about 15% shorter,
    which is a smaller QR code.
    """
    return "data:text/html;charset=utf-8," + quote(page, safe=_URL_SAFE)


def qr_text(data: str, max_width: int | None = None) -> str | None:
    """A QR code of ``data`` drawn with block characters, one column per module.

    None when ``data`` is too long for a QR code, or when the code would be wider than
    ``max_width`` columns (a wrapped code cannot be scanned).
    """
    if len(data.encode()) > MAX_QR_BYTES:
        return None
    code = segno.make(data, error="l", micro=False)
    width, _ = code.symbol_size(border=QR_BORDER)
    if max_width is not None and width > max_width:
        return None
    out = io.StringIO()
    code.terminal(out=out, compact=True, border=QR_BORDER)
    return out.getvalue()


@dataclass(frozen=True, slots=True)
class CartOutcome:
    """What happened to one drive or delivery order."""

    retailer: str
    sent: bool
    message: str
    checkout_url: str | None = None


def submit_carts(
    lists: Sequence[ShoppingList],
    carts: Mapping[str, Any],
    confirm: Callable[[str], bool],
) -> list[CartOutcome]:
    """Offer each drive/delivery order's cart to its retailer, after a yes to its price.

    ``carts`` maps a retailer id to its adapter when that adapter can take a cart (has
    ``submit_cart``); other orders get the list and the advice to order by hand.
    """
    from retailer_adapters.http_retailer import CartLine

    outcomes = []
    for shop in lists:
        if shop.mode == FulfilmentMode.STORE:
            continue
        adapter = carts.get(shop.retailer)
        missing = [line.label for line in shop.lines if line.gtin is None]
        if adapter is None or missing:
            why = "has no online cart in restock" if adapter is None else "lacks barcodes"
            where = shop.website or "its site or app"
            outcomes.append(
                CartOutcome(
                    shop.retailer,
                    False,
                    f"{shop.retailer_name} {why}: order on {where} with the list above.",
                    shop.website or None,
                )
            )
            continue
        question = (
            f"Send a {shop.mode} cart of {len(shop.lines)} line(s) to {shop.retailer_name} "
            f"for {format_cents(shop.total_cents)} (fee {format_cents(shop.fee_cents)})?"
        )
        if not confirm(question):
            outcomes.append(CartOutcome(shop.retailer, False, f"{shop.retailer_name}: not sent."))
            continue
        lines = [CartLine(line.gtin, line.packs) for line in shop.lines]
        try:
            cart = adapter.submit_cart(FulfilmentMode(shop.mode), lines)
        except AdapterError as err:
            outcomes.append(CartOutcome(shop.retailer, False, f"{shop.retailer_name}: {err}"))
            continue
        where = f" Finish and pay at {cart.checkout_url}" if cart.checkout_url else ""
        outcomes.append(
            CartOutcome(
                shop.retailer,
                True,
                f"{shop.retailer_name}: cart {cart.cart_id} sent; nothing is ordered until "
                f"you check out.{where}",
                cart.checkout_url,
            )
        )
    return outcomes


def _markdown_what(line: ShoppingLine) -> str:
    what = _what(line).replace("[", "\\[").replace("]", "\\]")
    return f"[{what}]({line.link})" if line.link else what


def _what(line: ShoppingLine) -> str:
    packs = f"{line.packs} × " if line.packs != 1 else ""
    return f"{packs}{line.product}"
