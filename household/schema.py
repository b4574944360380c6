"""The household database schema and its migrations, from the very first version.

``PRAGMA user_version`` holds the schema version. An older file is brought up to date
on open, all steps in one transaction (SQLite's DDL is transactional), so a crash
half-way leaves it at its older version, never in between. Never edit a
migration that has shipped: add a new one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from household.errors import DatabaseCorrupt, DatabaseTooNew


def _v1_list_and_history(conn: sqlite3.Connection) -> None:
    for statement in (
        """CREATE TABLE items (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            name_key TEXT NOT NULL,
            gtin TEXT,
            quantity REAL NOT NULL,
            unit TEXT,
            added_by TEXT NOT NULL,
            source TEXT NOT NULL,
            added_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        "CREATE INDEX items_name_key ON items(name_key)",
        "CREATE INDEX items_gtin ON items(gtin)",
        """CREATE TABLE changes (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            by TEXT NOT NULL,
            action TEXT NOT NULL,
            summary TEXT NOT NULL,
            before_json TEXT NOT NULL,
            after_json TEXT NOT NULL,
            undone_at TEXT
        )""",
        """CREATE TABLE products (
            gtin TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            brand TEXT,
            size TEXT,
            category TEXT,
            image_url TEXT,
            nutriscore TEXT,
            source TEXT,
            fetched_at TEXT
        )""",
    ):
        conn.execute(statement)


def _v2_lookups_and_preferences(conn: sqlite3.Connection) -> None:
    for statement in (
        # Product facts grew: the numeric size and the categories let the comparator
        # compare unit prices; the Green-Score joined the Nutri-Score.
        "ALTER TABLE products ADD COLUMN size_value REAL",
        "ALTER TABLE products ADD COLUMN size_unit TEXT",
        "ALTER TABLE products ADD COLUMN categories TEXT NOT NULL DEFAULT '[]'",
        "ALTER TABLE products ADD COLUMN green_score TEXT",
        # How far the comparator may substitute, per list line.
        "ALTER TABLE items ADD COLUMN substitution TEXT NOT NULL DEFAULT 'exact'",
        # Products still to look up, kept across restarts and network outages.
        """CREATE TABLE lookup_queue (
            gtin TEXT PRIMARY KEY,
            queued_at TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_try_at TEXT NOT NULL,
            last_error TEXT
        )""",
    ):
        conn.execute(statement)


def _v3_household_prices(conn: sqlite3.Connection) -> None:
    for statement in (
        # Prices the household keeps itself (typed from a flyer or a shelf, or imported
        # from a loyalty-card GDPR export), offered by the pricefile adapter. item_key is
        # the GTIN, or "name:<folded name>" for loose goods, so a re-import replaces.
        """CREATE TABLE household_prices (
            id INTEGER PRIMARY KEY,
            retailer TEXT NOT NULL,
            item_key TEXT NOT NULL,
            gtin TEXT,
            name TEXT NOT NULL,
            price_cents INTEGER NOT NULL,
            currency TEXT NOT NULL DEFAULT 'EUR',
            priced_on TEXT NOT NULL,
            size_value REAL,
            size_unit TEXT,
            store TEXT,
            source TEXT NOT NULL,
            imported_at TEXT NOT NULL,
            UNIQUE (retailer, item_key, priced_on)
        )""",
        "CREATE INDEX household_prices_gtin ON household_prices(gtin)",
    ):
        conn.execute(statement)


Migration = Callable[[sqlite3.Connection], None]

MIGRATIONS: tuple[Migration, ...] = (
    _v1_list_and_history,
    _v2_lookups_and_preferences,
    _v3_household_prices,
)
"""MIGRATIONS[i] moves a file from version i to version i + 1."""

SCHEMA_VERSION = len(MIGRATIONS)
RESTOCK_TABLES = frozenset({"items", "changes", "products"})


def read_version(conn: sqlite3.Connection, path: str) -> int:
    """The schema version of an open file, after checking it is a restock database."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if version == 0 and tables:
        raise DatabaseCorrupt(
            f"{path} is an SQLite database but not a restock one (it holds "
            f"{', '.join(sorted(tables)[:5])}). It was left untouched: point --db or "
            "RESTOCK_DB at your household database, or at a new file name."
        )
    if version > 0 and not tables >= RESTOCK_TABLES:
        raise DatabaseCorrupt(
            f"{path} says it is restock schema version {version} but its tables are missing. "
            "It was left untouched: restore it from a backup, or move it aside to start anew."
        )
    if version > SCHEMA_VERSION:
        raise DatabaseTooNew(
            f"{path} was written by a newer restock (schema {version}; this one knows up to "
            f"{SCHEMA_VERSION}). Upgrade restock; the file was left untouched."
        )
    return version


def migrate(conn: sqlite3.Connection, path: str, target: int = SCHEMA_VERSION) -> int:
    """Bring the file up to ``target`` in one transaction; returns the version it had."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        start = read_version(conn, path)
        for version in range(start, target):
            MIGRATIONS[version](conn)
            conn.execute(f"PRAGMA user_version = {version + 1}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return start
