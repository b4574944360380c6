"""The household list in SQLite: add, merge, remove, undo, history, products.

Every change is one write transaction that also records what the touched rows were
before and after, so ``undo`` can put them back whoever made the change.
"""

from __future__ import annotations

import difflib
import json
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from household.database import connect, translate, write_transaction
from household.errors import InputRefused, ItemNotFound, NothingToUndo
from household.gtin import Gtin, GtinKind, looks_like_barcode
from household.model import ListItem, Product, Source, Substitution
from household.naming import describe, name_key
from household.rows import (
    amount,
    checked_name,
    checked_quantity,
    item_from_row,
    product_from_row,
)
from household.units import convert

SUBSTITUTION_WORDS = {
    Substitution.EXACT: "only this exact product",
    Substitution.SAME_BRAND: "the same brand in any size is fine",
    Substitution.ANY_BRAND: "any brand of the same product is fine",
    Substitution.STORE_BRAND: "a store's own brand is fine",
}

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The current time in UTC, to the second."""
    return datetime.now(UTC).replace(microsecond=0)


@dataclass(frozen=True, slots=True)
class AddResult:
    """What an addition did to the list."""

    item: ListItem
    merged: bool
    """True when it joined a line already on the list."""
    message: str


@dataclass(frozen=True, slots=True)
class Change:
    """One entry of the history."""

    id: int
    at: datetime
    by: str
    action: str
    summary: str
    undone: bool


class HouseholdStore:
    """The household list, its products and its history, in one SQLite file."""

    def __init__(self, conn: sqlite3.Connection, path: Path, clock: Clock = utc_now) -> None:
        self.path = path
        self.db = sqlite_utils.Database(conn)
        self._conn = conn
        self._clock = clock

    @classmethod
    def open(cls, path: Path | str, clock: Clock = utc_now) -> HouseholdStore:
        """Open the database at ``path``, creating or migrating it as needed."""
        path = Path(path)
        return cls(connect(path), path, clock)

    def close(self) -> None:
        """Close the file."""
        self._conn.close()

    # -- reading ---------------------------------------------------------------------

    def items(self) -> list[ListItem]:
        """The list, oldest line first."""
        return [
            item_from_row(row) for row in self._rows("SELECT * FROM items ORDER BY added_at, id")
        ]

    def find_items(self, text: str) -> list[ListItem]:
        """Lines matching ``text``: by barcode when it is one, else by name."""
        return [item_from_row(row) for row in self._matching_rows(text)]

    def history(self, limit: int = 20) -> list[Change]:
        """The latest changes, newest first."""
        rows = self._rows("SELECT * FROM changes ORDER BY id DESC LIMIT ?", (limit,))
        return [
            Change(
                id=row["id"],
                at=datetime.fromisoformat(row["at"]),
                by=row["by"],
                action=row["action"],
                summary=row["summary"],
                undone=row["undone_at"] is not None,
            )
            for row in rows
        ]

    def find_product(self, gtin: Gtin) -> Product | None:
        """What the household database knows of ``gtin``, or None."""
        rows = self._rows("SELECT * FROM products WHERE gtin = ?", (gtin.digits,))
        return product_from_row(rows[0]) if rows else None

    def known_names(self) -> list[str]:
        """Names the household uses: products and every line ever on the list."""
        names: dict[str, str] = {}
        for row in self._rows("SELECT name FROM products UNION ALL SELECT name FROM items"):
            names.setdefault(name_key(row["name"]), row["name"])
        for row in self._rows("SELECT after_json FROM changes ORDER BY id DESC LIMIT 2000"):
            for item in json.loads(row["after_json"]).get("items", []):
                names.setdefault(name_key(item["name"]), item["name"])
        return sorted(n for n in names.values() if not n.startswith("unknown "))

    # -- changing the list ---------------------------------------------------------------

    def add(
        self,
        text: str,
        quantity: float = 1,
        unit: str | None = None,
        *,
        by: str,
        source: Source = Source.TYPED,
        symbology: str | None = None,
    ) -> AddResult:
        """Put a product name or a barcode on the list, merging with a matching line."""
        text = text.strip()
        if looks_like_barcode(text):
            return self.add_gtin(Gtin.parse(text, symbology), quantity, unit, by=by, source=source)
        name = checked_name(text)
        return self._add(name, None, quantity, unit, by=by, source=source)

    def add_gtin(
        self,
        gtin: Gtin,
        quantity: float = 1,
        unit: str | None = None,
        *,
        by: str,
        source: Source = Source.SCAN,
    ) -> AddResult:
        """Put a scanned product on the list; an unknown one goes on at once, to be named."""
        kind = gtin.kind
        if kind is GtinKind.COUPON:
            raise InputRefused(
                f"{gtin.short} is a coupon or refund voucher, not a product; nothing was added. "
                "Scan the product's own barcode instead."
            )
        if kind is GtinKind.RESTRICTED:
            # A butcher's or produce scale's label: the digits after the article number
            # carry this package's weight or price, so only the article identifies it.
            article = gtin.digits[1:8] if not gtin.digits.startswith("000000") else gtin.short
            return self._add(f"weighed item {article}", None, quantity, unit, by=by, source=source)
        product = self.find_product(gtin)
        name = product.name if product else describe(gtin)
        look_up = product is None and kind is GtinKind.PRODUCT
        return self._add(name, gtin, quantity, unit, by=by, source=source, look_up=look_up)

    def _add(
        self,
        name: str,
        gtin: Gtin | None,
        quantity: float,
        unit: str | None,
        *,
        by: str,
        source: Source,
        look_up: bool = False,
    ) -> AddResult:
        quantity = checked_quantity(quantity)
        now = self._stamp()
        with self._write() as conn:
            if look_up:
                # In the same transaction as the line: one commit (one fsync) per scan.
                _enqueue_lookup(conn, gtin, now)
            if gtin is not None:
                rows = self._rows("SELECT * FROM items WHERE gtin = ?", (gtin.digits,))
            else:
                rows = self._rows(
                    "SELECT * FROM items WHERE name_key = ? AND gtin IS NULL", (name_key(name),)
                )
            for row in rows:
                extra = convert(quantity, unit, row["unit"])
                if extra is None:
                    continue
                after = {**row, "quantity": round(row["quantity"] + extra, 3), "updated_at": now}
                conn.execute(
                    "UPDATE items SET quantity = ?, updated_at = ? WHERE id = ?",
                    (after["quantity"], now, row["id"]),
                )
                item = item_from_row(after)
                message = f"{item.name}: now {amount(item.quantity, item.unit)}"
                self._log(conn, by, "merge", message, [row], [after])
                return AddResult(item, True, message)
            after = {
                "name": name,
                "name_key": name_key(name),
                "gtin": gtin.digits if gtin else None,
                "quantity": quantity,
                "unit": unit,
                "added_by": by,
                "source": str(source),
                "added_at": now,
                "updated_at": now,
                "substitution": str(Substitution.EXACT),
            }
            cursor = conn.execute(
                f"INSERT INTO items ({', '.join(after)}) VALUES ({', '.join('?' * len(after))})",
                tuple(after.values()),
            )
            after["id"] = cursor.lastrowid
            item = item_from_row(after)
            summary = f"Added {item.name}"
            if item.quantity != 1 or item.unit:
                summary += f" ({amount(item.quantity, item.unit)})"
            self._log(conn, by, "add", summary, [], [after])
            message = summary
            if item.name.startswith("unknown "):
                message += f'; name it with: restock name {gtin} "..."'
            return AddResult(item, False, message)

    def remove(self, text: str, quantity: float | None = None, *, by: str) -> str:
        """Take a line off the list, or only ``quantity`` of it."""
        with self._write() as conn:
            rows = self._matching_rows(text)
            if not rows:
                raise self._not_found(text)
            row = rows[0]
            if quantity is None or checked_quantity(quantity) >= row["quantity"]:
                conn.execute("DELETE FROM items WHERE id = ?", (row["id"],))
                message = f"Removed {row['name']}"
                self._log(conn, by, "remove", message, [row], [])
                return message
            after = {**row, "quantity": round(row["quantity"] - quantity, 3)}
            after["updated_at"] = self._stamp()
            conn.execute(
                "UPDATE items SET quantity = ?, updated_at = ? WHERE id = ?",
                (after["quantity"], after["updated_at"], row["id"]),
            )
            message = f"{row['name']}: now {amount(after['quantity'], row['unit'])}"
            self._log(conn, by, "decrease", message, [row], [after])
            return message

    def set_quantity(
        self, text: str, quantity: float, unit: str | None = None, *, by: str
    ) -> AddResult:
        """Make a line's quantity exactly ``quantity`` (in ``unit``, else the line's own)."""
        quantity = checked_quantity(quantity)
        with self._write() as conn:
            rows = self._matching_rows(text)
            if not rows:
                raise self._not_found(text)
            row = rows[0]
            new_unit = unit if unit is not None else row["unit"]
            after = {**row, "quantity": quantity, "unit": new_unit, "updated_at": self._stamp()}
            conn.execute(
                "UPDATE items SET quantity = ?, unit = ?, updated_at = ? WHERE id = ?",
                (quantity, new_unit, after["updated_at"], row["id"]),
            )
            item = item_from_row(after)
            message = f"{item.name}: now {amount(item.quantity, item.unit)}"
            self._log(conn, by, "set", message, [row], [after])
            return AddResult(item, True, message)

    def allow_substitution(self, text: str, policy: Substitution, *, by: str) -> str:
        """Say how far the comparator may stray from this line's exact product."""
        with self._write() as conn:
            rows = self._matching_rows(text)
            if not rows:
                raise self._not_found(text)
            befores, afters = [], []
            for row in rows:
                befores.append(row)
                afters.append({**row, "substitution": str(policy)})
                conn.execute(
                    "UPDATE items SET substitution = ? WHERE id = ?", (str(policy), row["id"])
                )
            message = f"{rows[0]['name']}: {SUBSTITUTION_WORDS[policy]}"
            self._log(conn, by, "allow", message, befores, afters)
            return message

    def undo(self, *, by: str) -> str:
        """Reverse the latest change not yet undone, whoever made it."""
        with self._write() as conn:
            rows = self._rows(
                "SELECT * FROM changes WHERE undone_at IS NULL ORDER BY id DESC LIMIT 1"
            )
            if not rows:
                raise NothingToUndo("Nothing to undo: the history is empty.")
            change = rows[0]
            before, after = json.loads(change["before_json"]), json.loads(change["after_json"])
            _restore(conn, "items", "id", before.get("items", []), after.get("items", []))
            _restore(
                conn, "products", "gtin", before.get("products", []), after.get("products", [])
            )
            conn.execute(
                "UPDATE changes SET undone_at = ? WHERE id = ?", (self._stamp(), change["id"])
            )
            return f"Undid: {change['summary']} (by {change['by']}, {change['at']})"

    # -- products --------------------------------------------------------------------------

    def name_product(self, gtin_text: str, name: str, *, by: str) -> str:
        """Give a barcode a name; the list lines with that barcode take it at once."""
        gtin = Gtin.parse(gtin_text)
        name = checked_name(name)
        with self._write() as conn:
            old_products = self._rows("SELECT * FROM products WHERE gtin = ?", (gtin.digits,))
            product_after = {**(old_products[0] if old_products else {}), "gtin": gtin.digits}
            product_after.update(name=name, source=product_after.get("source") or "household")
            self.db["products"].upsert(product_after, pk="gtin")
            items_before = self._rows("SELECT * FROM items WHERE gtin = ?", (gtin.digits,))
            items_after = [
                {**row, "name": name, "name_key": name_key(name)} for row in items_before
            ]
            conn.execute(
                "UPDATE items SET name = ?, name_key = ? WHERE gtin = ?",
                (name, name_key(name), gtin.digits),
            )
            message = f"{gtin.short} is now called {name}"
            self._log(
                conn,
                by,
                "name",
                message,
                items_before,
                items_after,
                products=(old_products, [product_after]),
            )
            return message

    def save_product(self, product: Product) -> None:
        """Cache what a product source said; lines still 'unknown' take its name."""
        row = {
            "gtin": product.gtin.digits,
            "name": product.name,
            "brand": product.brand,
            "size": product.size,
            "size_value": product.size_value,
            "size_unit": product.size_unit,
            "category": product.categories[0] if product.categories else None,
            "categories": json.dumps(list(product.categories), ensure_ascii=False),
            "image_url": product.image_url,
            "nutriscore": product.nutriscore,
            "green_score": product.green_score,
            "source": product.source,
            "fetched_at": (product.fetched_at or self._clock()).isoformat(),
        }
        with self._write() as conn:
            self.db["products"].upsert(row, pk="gtin")
            conn.execute(
                "UPDATE items SET name = ?, name_key = ? WHERE gtin = ? AND name LIKE 'unknown %'",
                (product.name, name_key(product.name), product.gtin.digits),
            )

    # -- the lookup queue (products to resolve when the network allows) -------------------

    def queue_lookup(self, gtin: Gtin) -> None:
        """Remember to look ``gtin`` up; a product already queued keeps its schedule."""
        with self._write() as conn:
            _enqueue_lookup(conn, gtin, self._stamp())

    def due_lookups(self, limit: int = 10) -> list[Gtin]:
        """Queued barcodes whose next try is due."""
        rows = self._rows(
            "SELECT gtin FROM lookup_queue WHERE next_try_at <= ? ORDER BY next_try_at LIMIT ?",
            (self._stamp(), limit),
        )
        return [Gtin(row["gtin"]) for row in rows]

    def lookup_failed(self, gtin: Gtin, error: str, retry_at: datetime) -> int:
        """Record a failed lookup and when to try again; returns the number of attempts."""
        with self._write() as conn:
            conn.execute(
                "UPDATE lookup_queue SET attempts = attempts + 1, next_try_at = ?, last_error = ? "
                "WHERE gtin = ?",
                (retry_at.isoformat(timespec="seconds"), error, gtin.digits),
            )
            row = conn.execute(
                "SELECT attempts FROM lookup_queue WHERE gtin = ?", (gtin.digits,)
            ).fetchone()
        return row[0] if row else 0

    def lookup_done(self, gtin: Gtin) -> None:
        """Take ``gtin`` off the lookup queue (found, or known not to exist)."""
        with self._write() as conn:
            conn.execute("DELETE FROM lookup_queue WHERE gtin = ?", (gtin.digits,))

    # -- internals -------------------------------------------------------------------------

    def _write(self):
        return write_transaction(self._conn, self.path)

    def _stamp(self) -> str:
        return self._clock().isoformat(timespec="seconds")

    def _rows(self, sql: str, params: Iterable[object] = ()) -> list[dict]:
        try:
            return list(self.db.query(sql, tuple(params)))
        except sqlite3.Error as err:
            raise translate(err, self.path) from err

    def _matching_rows(self, text: str) -> list[dict]:
        text = text.strip()
        if looks_like_barcode(text):
            gtin = Gtin.parse(text)
            return self._rows("SELECT * FROM items WHERE gtin = ? ORDER BY id", (gtin.digits,))
        return self._rows("SELECT * FROM items WHERE name_key = ? ORDER BY id", (name_key(text),))

    def _not_found(self, text: str) -> ItemNotFound:
        names = [item.name for item in self.items()]
        close = difflib.get_close_matches(text, names, n=3, cutoff=0.5)
        hint = f" Did you mean: {', '.join(close)}?" if close else ""
        listing = " See what is there with: restock list." if not close else ""
        return ItemNotFound(f"{text!r} is not on the list; nothing was changed.{hint}{listing}")

    def _log(
        self,
        conn: sqlite3.Connection,
        by: str,
        action: str,
        summary: str,
        before: list[dict],
        after: list[dict],
        products: tuple[list[dict], list[dict]] = ([], []),
    ) -> None:
        conn.execute(
            "INSERT INTO changes (at, by, action, summary, before_json, after_json) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (
                self._stamp(),
                by,
                action,
                summary,
                json.dumps({"items": before, "products": products[0]}, ensure_ascii=False),
                json.dumps({"items": after, "products": products[1]}, ensure_ascii=False),
            ),
        )


def _enqueue_lookup(conn: sqlite3.Connection, gtin: Gtin, now: str) -> None:
    conn.execute(
        "INSERT OR IGNORE INTO lookup_queue (gtin, queued_at, next_try_at) VALUES (?, ?, ?)",
        (gtin.digits, now, now),
    )


def _restore(
    conn: sqlite3.Connection, table: str, key: str, before: list[dict], after: list[dict]
) -> None:
    """Put ``table`` back as ``before`` for the rows a change touched."""
    kept = {row[key] for row in before}
    for row in after:
        if row[key] not in kept:
            conn.execute(f"DELETE FROM {table} WHERE {key} = ?", (row[key],))
    for row in before:
        columns = ", ".join(row)
        marks = ", ".join("?" * len(row))
        conn.execute(
            f"INSERT OR REPLACE INTO {table} ({columns}) VALUES ({marks})", tuple(row.values())
        )
