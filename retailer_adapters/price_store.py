"""The household's own prices in its database (table ``household_prices``, schema v3).

Saving is idempotent: the same line imported twice (same retailer, product and day)
replaces itself, so re-importing an export after adding a month to it is safe.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from household.database import connect, translate, write_transaction
from household.model import Gtin
from retailer_adapters.pricefile import KeptPrice, item_key


@dataclass(frozen=True, slots=True)
class SaveResult:
    """How many prices were new and how many replaced an older copy of themselves."""

    added: int
    replaced: int


def save_prices(
    db_path: Path,
    retailer_id: str,
    prices: Sequence[KeptPrice],
    *,
    source: str,
    now: datetime | None = None,
) -> SaveResult:
    """Store ``prices`` for ``retailer_id`` in one transaction."""
    stamp = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    conn = connect(db_path)
    try:
        with write_transaction(conn, db_path):
            before = _count(conn, retailer_id)
            conn.executemany(
                """INSERT INTO household_prices (retailer, item_key, gtin, name, price_cents,
                       priced_on, size_value, size_unit, store, source, imported_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (retailer, item_key, priced_on) DO UPDATE SET
                       name = excluded.name, price_cents = excluded.price_cents,
                       size_value = excluded.size_value, size_unit = excluded.size_unit,
                       store = excluded.store, source = excluded.source,
                       imported_at = excluded.imported_at""",
                [
                    (
                        retailer_id,
                        item_key(p),
                        p.gtin.digits if p.gtin else None,
                        p.name,
                        p.price_cents,
                        p.priced_on.isoformat(),
                        p.size_value,
                        p.size_unit,
                        p.store,
                        source,
                        stamp,
                    )
                    for p in prices
                ],
            )
            added = _count(conn, retailer_id) - before
    finally:
        conn.close()
    return SaveResult(added=added, replaced=len(prices) - added)


def load_prices(db_path: Path, retailer_id: str) -> list[KeptPrice]:
    """Every price kept for ``retailer_id``."""
    conn = connect(db_path)
    try:
        rows = conn.execute(
            "SELECT gtin, name, price_cents, priced_on, size_value, size_unit, store "
            "FROM household_prices WHERE retailer = ? ORDER BY priced_on",
            (retailer_id,),
        ).fetchall()
    except sqlite3.Error as err:
        raise translate(err, db_path) from err
    finally:
        conn.close()
    return [
        KeptPrice(
            name=name,
            price_cents=cents,
            priced_on=date.fromisoformat(priced_on),
            gtin=Gtin(gtin) if gtin else None,
            size_value=size_value,
            size_unit=size_unit,
            store=store,
        )
        for gtin, name, cents, priced_on, size_value, size_unit, store in rows
    ]


def kept_retailers(db_path: Path) -> list[str]:
    """The retailers the household keeps prices for."""
    conn = connect(db_path)
    try:
        rows = conn.execute("SELECT DISTINCT retailer FROM household_prices ORDER BY 1").fetchall()
    except sqlite3.Error as err:
        raise translate(err, db_path) from err
    finally:
        conn.close()
    return [row[0] for row in rows]


def _count(conn: sqlite3.Connection, retailer_id: str) -> int:
    return conn.execute(
        "SELECT count(*) FROM household_prices WHERE retailer = ?", (retailer_id,)
    ).fetchone()[0]
