"""Turning database rows into model types, and checking what people type before storing it."""

from __future__ import annotations

import json
import math
from datetime import datetime

from household.errors import InputRefused, UsageError
from household.gtin import Gtin
from household.model import ListItem, Product, Source, Substitution
from household.units import format_quantity

MAX_QUANTITY = 10_000
MAX_NAME_LENGTH = 120


def checked_name(text: str) -> str:
    name = " ".join(text.split())
    if not name:
        raise UsageError("Nothing to add: give a product name (e.g. lait) or a barcode.")
    if len(name) > MAX_NAME_LENGTH or any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in name):
        raise InputRefused(
            f"{name[:40]!r}… is not a product name (too long or control characters); "
            "nothing was added. Type a short name, e.g. 'lait' or 'pommes de terre'."
            if len(name) > 40
            else f"{name!r} holds control characters, so it is not a product name; "
            "nothing was added. Type a plain name, e.g. 'lait'."
        )
    return name


def checked_quantity(quantity: float) -> float:
    if not isinstance(quantity, int | float) or not math.isfinite(quantity):
        raise UsageError(f"Quantity {quantity!r} is not a number. Give e.g. 2 or 1.5.")
    if quantity <= 0 or quantity > MAX_QUANTITY:
        raise UsageError(
            f"Quantity {format_quantity(quantity)} is out of range: give more than 0 and at "
            f"most {MAX_QUANTITY}."
        )
    return round(float(quantity), 3)


def amount(quantity: float, unit: str | None) -> str:
    return f"{format_quantity(quantity)} {unit}" if unit else format_quantity(quantity)


def item_from_row(row: dict) -> ListItem:
    return ListItem(
        id=row["id"],
        name=row["name"],
        quantity=row["quantity"],
        unit=row["unit"],
        gtin=Gtin(row["gtin"]) if row["gtin"] else None,
        added_by=row["added_by"],
        source=Source(row["source"]),
        added_at=datetime.fromisoformat(row["added_at"]),
        updated_at=datetime.fromisoformat(row["updated_at"]),
        substitution=Substitution(row.get("substitution") or "exact"),
    )


def product_from_row(row: dict) -> Product:
    return Product(
        gtin=Gtin(row["gtin"]),
        name=row["name"],
        brand=row["brand"],
        size=row["size"],
        size_value=row["size_value"],
        size_unit=row["size_unit"],
        categories=tuple(json.loads(row["categories"] or "[]")),
        image_url=row["image_url"],
        nutriscore=row["nutriscore"],
        green_score=row["green_score"],
        source=row["source"],
        fetched_at=datetime.fromisoformat(row["fetched_at"]) if row["fetched_at"] else None,
    )
