"""Opening the household SQLite file safely: checks, pragmas, write transactions.

Several processes write at once (the daemon, the terminal, a timer). WAL lets readers
go on while one writes; every write takes the lock up front with BEGIN IMMEDIATE, so a
writer waits its turn (busy timeout) instead of failing half-way with "database is
locked" when it tries to upgrade a read lock. ``synchronous=FULL`` makes a committed
change survive a power cut: a scan acknowledged is a scan kept.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from household.errors import DatabaseCorrupt, DatabaseUnwritable, StoreError
from household.schema import migrate

BUSY_TIMEOUT_S = 30.0
"""How long a writer waits for another to finish before giving up."""


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating if needed) and migrate the database at ``path``."""
    try:
        _prepare_directory(path)
        existed = path.exists()
    except PermissionError as err:
        raise DatabaseUnwritable(
            f"Cannot reach the household database {path}: {path.parent} is not open to "
            "this user (permission denied). Fix the directory's permissions, or use --db "
            "with a place of your own."
        ) from err
    if existed and not os.access(path, os.R_OK):
        raise DatabaseUnwritable(
            f"Cannot read the household database {path} (permission denied). "
            f"Fix its permissions (e.g. chown $USER {path}) or use --db with another file."
        )
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    except sqlite3.Error as err:
        raise DatabaseUnwritable(
            f"Cannot open the household database {path} ({err}). "
            "Check that the directory exists and is writable, or use --db with another file."
        ) from err
    try:
        _check_readable(conn, path)
        _configure(conn, path)
        migrate(conn, str(path))
    except StoreError:
        conn.close()
        raise
    except sqlite3.Error as err:
        conn.close()
        raise translate(err, path) from err
    return conn


@contextlib.contextmanager
def write_transaction(conn: sqlite3.Connection, path: Path) -> Iterator[sqlite3.Connection]:
    """One atomic write: all of it is committed, or none of it."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as err:
        raise translate(err, path) from err
    try:
        yield conn
    except sqlite3.Error as err:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise translate(err, path) from err
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    try:
        conn.execute("COMMIT")
    except sqlite3.Error as err:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise translate(err, path) from err


def translate(err: sqlite3.Error, path: Path) -> StoreError:
    """Turn an sqlite3 error into one a person can act on."""
    text = str(err)
    if "readonly" in text or "read-only" in text:
        return DatabaseUnwritable(
            f"The household database {path} is read-only ({text}); nothing was changed. "
            "Make the file and its directory writable for this user, or use --db."
        )
    if "not a database" in text or "malformed" in text or "encrypted" in text:
        return DatabaseCorrupt(
            f"{path} is not a readable restock database ({text}). It was left untouched: "
            "restore it from a backup, or move it aside (e.g. mv it to .bak) to start anew."
        )
    if "locked" in text or "busy" in text:
        return StoreError(
            f"The household database {path} stayed busy for {BUSY_TIMEOUT_S:.0f} s ({text}); "
            "nothing was changed. Another program holds it: try again in a moment."
        )
    if "unable to open" in text or "disk I/O" in text or "full" in text:
        return DatabaseUnwritable(
            f"Cannot write the household database {path} ({text}); nothing was changed. "
            "Check free disk space and permissions, or use --db with another file."
        )
    return StoreError(f"The household database {path} failed: {text}.")


def _prepare_directory(path: Path) -> None:
    if path.is_dir():
        raise DatabaseUnwritable(
            f"{path} is a directory, not a database file. Use --db with a file name, "
            f"e.g. --db {path / 'household.db'}."
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        reason = os.strerror(err.errno) if err.errno else str(err)
        raise DatabaseUnwritable(
            f"Cannot create the directory {path.parent} for the household database "
            f"({reason}). Create it yourself, or use --db with a writable place."
        ) from err
    if not path.exists() and not os.access(path.parent, os.W_OK | os.X_OK):
        raise DatabaseUnwritable(
            f"Cannot create the household database in {path.parent} "
            f"({os.strerror(errno.EACCES)}). Make it writable, or use --db elsewhere."
        )


def _check_readable(conn: sqlite3.Connection, path: Path) -> None:
    """Read the header before any pragma that writes, so a foreign file is never touched."""
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as err:
        raise translate(err, path) from err


def _configure(conn: sqlite3.Connection, path: Path) -> None:
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if mode.lower() != "wal" and os.access(path, os.W_OK):
        raise DatabaseUnwritable(
            f"Cannot switch {path} to WAL mode (it stays in {mode}). Put the database on a "
            "local disk (not a network share), or use --db elsewhere."
        )
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
