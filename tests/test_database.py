"""The database file itself: concurrent writers, migrations, and files that are not right."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from household.errors import DatabaseCorrupt, DatabaseTooNew, DatabaseUnwritable
from household.schema import SCHEMA_VERSION
from household.store import HouseholdStore

DATA = Path(__file__).parent / "data"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _writer(path: str, member: str, count: int, barrier) -> None:
    store = HouseholdStore.open(path)
    barrier.wait()
    for n in range(count):
        # Half the additions merge into a shared line, so writers really collide.
        store.add(f"{member} item {n}", by=member)
        store.add("shared", by=member)
    store.close()


def test_four_processes_adding_fifty_items_each_keep_all_of_them(db_path):
    HouseholdStore.open(db_path).close()
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(4)
    workers = [
        context.Process(target=_writer, args=(str(db_path), f"m{p}", 50, barrier)) for p in range(4)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
        assert worker.exitcode == 0
    store = HouseholdStore.open(db_path)
    items = {item.name: item.quantity for item in store.items()}
    assert len(items) == 201
    assert items.pop("shared") == 200
    assert all(quantity == 1 for quantity in items.values())
    assert len(store.history(limit=1000)) == 400
    store.close()


def _load_v1(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.executescript((DATA / "household_v1.sql").read_text())
    conn.close()


def test_a_file_made_by_schema_version_1_opens_and_keeps_everything(db_path):
    _load_v1(db_path)
    store = HouseholdStore.open(db_path)
    assert [(i.name, i.quantity, i.unit, i.added_by) for i in store.items()] == [
        ("lait", 2.0, "l", "ana"),
        ("Nutella", 1.0, None, "bob"),
    ]
    assert store.add("Nutella", by="ana").merged is False  # a name, not the scanned barcode
    assert store.add("3017620422003", by="ana").message == "Nutella: now 2"
    nutella = store.find_product(store.items()[1].gtin)
    assert (nutella.brand, nutella.categories) == ("Ferrero", ())
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    store.undo(by="ana")
    store.undo(by="ana")
    store.undo(by="ana")  # the change recorded by version 1 undoes too
    assert [i.name for i in store.items()] == ["lait"]
    store.close()


def test_wal_mode_and_busy_timeout_are_set(db_path):
    store = HouseholdStore.open(db_path)
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert store.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    store.close()


def test_garbage_file_is_refused_and_left_untouched(db_path):
    garbage = b"this is my shopping list, not a database\n" * 100
    db_path.write_bytes(garbage)
    with pytest.raises(DatabaseCorrupt) as err:
        HouseholdStore.open(db_path)
    assert str(err.value).startswith(f"{db_path} is not a readable restock database")
    assert "move it aside" in str(err.value)
    assert db_path.read_bytes() == garbage


def test_truncated_database_is_refused_and_left_untouched(db_path):
    store = HouseholdStore.open(db_path)
    for n in range(200):
        store.add(f"item {n}", by="ana")
    store.close()
    data = db_path.read_bytes()
    db_path.write_bytes(data[:4096] + b"\x00" * 100 + data[8192:12000])
    damaged = db_path.read_bytes()
    with pytest.raises(DatabaseCorrupt):
        store = HouseholdStore.open(db_path)
        store.items()
    assert db_path.read_bytes() == damaged


def test_foreign_sqlite_database_is_refused(db_path):
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, title TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseCorrupt, match="not a restock one.*recipes"):
        HouseholdStore.open(db_path)
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT name FROM sqlite_master").fetchall() == [("recipes",)]
    conn.close()


def test_newer_schema_is_refused(db_path):
    HouseholdStore.open(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(DatabaseTooNew, match="newer restock.*Upgrade restock"):
        HouseholdStore.open(db_path)


def test_directory_given_as_database(tmp_path):
    with pytest.raises(DatabaseUnwritable, match="is a directory"):
        HouseholdStore.open(tmp_path)


def test_database_under_a_file_cannot_be_created(tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    with pytest.raises(DatabaseUnwritable, match="Cannot create the directory"):
        HouseholdStore.open(blocker / "sub" / "household.db")


def _open_as_nobody(path: Path) -> subprocess.CompletedProcess:
    """Open the store in a child process as an unprivileged user (root ignores modes)."""
    code = (
        "import sys\n"
        "from household.errors import RestockError\n"
        "from household.store import HouseholdStore\n"
        "try:\n"
        f"    HouseholdStore.open({str(path)!r})\n"
        "except RestockError as err:\n"
        "    print(type(err).__name__, err)\n"
        "    sys.exit(1)\n"
    )
    prefix = []
    if IS_ROOT:
        if shutil.which("setpriv") is None:
            pytest.skip("root ignores file modes and setpriv is missing to drop privileges")
        prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        probe = subprocess.run(
            [*prefix, sys.executable, "-c", "import household.store"],
            capture_output=True,
            cwd=Path(__file__).parent.parent,
        )
        if probe.returncode != 0:
            pytest.skip(
                "root ignores file modes, and user nobody cannot read this checkout to run "
                "as an unprivileged user (clone it under a world-readable directory)"
            )
    return subprocess.run(
        [*prefix, sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parent.parent,
        timeout=60,
    )


@pytest.mark.parametrize(("mode", "message"), [(0o555, "Make it writable"), (0o000, "not open")])
def test_unwritable_directory(mode, message):
    # Not under tmp_path: pytest's own directories are closed to other users.
    base = Path(tempfile.mkdtemp(prefix="restock-"))
    base.chmod(0o755)
    locked = base / "locked"
    locked.mkdir()
    locked.chmod(mode)
    try:
        result = _open_as_nobody(locked / "household.db")
        locked.chmod(0o700)
        created = list(locked.iterdir())
    finally:
        locked.chmod(0o700)
        shutil.rmtree(base)
    assert created == []
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith("DatabaseUnwritable ")
    assert message in result.stdout


def test_read_only_database_refuses_writes_and_keeps_data(db_path):
    store = HouseholdStore.open(db_path)
    store.add("lait", by="ana")
    store.close()
    # A read-only open, as a file on a read-only medium behaves, for root too.
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, isolation_level=None)
    readonly = HouseholdStore(conn, db_path)
    with pytest.raises(DatabaseUnwritable, match="read-only.*nothing was changed"):
        readonly.add("pain", by="ana")
    assert [i.name for i in readonly.items()] == ["lait"]
    conn.close()
