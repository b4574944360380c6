"""Resolving scanned products in the background, so that a scan never waits on the network.

A scan of an unknown product puts 'unknown <gtin>' on the list and queues the barcode
in the store (``lookup_queue``, kept across restarts). This worker, in a thread of its
own with its own database connection, asks a ProductSource (Open Food Facts...) for
each due barcode: a product found renames the list line; "not found" is final; a
source that is down is retried later with exponential backoff.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from device.commands import Outcome
from household.errors import AdapterError
from household.store import HouseholdStore
from retailer_adapters.base import ProductSource

log = logging.getLogger(__name__)

BACKOFF_BASE_S = 30.0
BACKOFF_MAX_S = 6 * 3600.0
POLL_S = 60.0
"""Even without a new scan, look at the queue this often (retries come due)."""


def backoff_s(attempts: int, base_s: float = BACKOFF_BASE_S, max_s: float = BACKOFF_MAX_S) -> float:
    """How long to wait before try number ``attempts + 1``: doubling, capped."""
    return min(max_s, base_s * 2 ** max(0, attempts))


class LookupWorker:
    """Drains the store's lookup queue through a ProductSource."""

    def __init__(
        self,
        db_path: Path,
        source: ProductSource,
        report: Callable[[Outcome], None],
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        base_s: float = BACKOFF_BASE_S,
        poll_s: float = POLL_S,
    ) -> None:
        self._db_path = db_path
        self._source = source
        self._report = report
        self._clock = clock
        self._base_s = base_s
        self._poll_s = poll_s
        self._wake = threading.Event()
        self._attempts: dict[str, int] = {}
        self._thread: threading.Thread | None = None

    def wake(self) -> None:
        """A barcode was queued: look now instead of at the next poll."""
        self._wake.set()

    def start(self, stop: threading.Event) -> None:
        """Run in a daemon thread until ``stop`` is set."""
        self._thread = threading.Thread(
            target=self.run, args=(stop,), name="product-lookup", daemon=True
        )
        self._thread.start()

    def join(self, timeout_s: float) -> None:
        """Wait for the thread to finish its current lookup."""
        if self._thread is not None:
            self._wake.set()
            self._thread.join(timeout_s)

    def run(self, stop: threading.Event) -> None:
        """Look up due barcodes whenever woken or every ``poll_s``, until ``stop``."""
        store = HouseholdStore.open(self._db_path)
        try:
            while not stop.is_set():
                self._wake.clear()
                while not stop.is_set() and self.run_once(store):
                    pass
                self._wake.wait(self._poll_s)
        finally:
            store.close()

    def run_once(self, store: HouseholdStore) -> int:
        """Try every barcode due now once; returns how many were tried."""
        due = store.due_lookups()
        for gtin in due:
            try:
                product = self._source.product(gtin)
            except AdapterError as err:
                self._failed(store, gtin, str(err))
                continue
            except Exception as err:  # a bug in a product source must not end the lookups
                log.exception("product source %s failed on %s", self._source.name, gtin.short)
                self._failed(store, gtin, f"{type(err).__name__}: {err}")
                continue
            self._attempts.pop(gtin.digits, None)
            if product is None:
                store.lookup_done(gtin)
                self._report(
                    Outcome(
                        "unknown",
                        f"{gtin.short} is not in {self._source.name}; name it with: "
                        f'restock name {gtin.short} "..."',
                        gtin=gtin.short,
                        known=False,
                        source=f"lookup:{self._source.name}",
                    )
                )
                continue
            store.save_product(product)
            store.lookup_done(gtin)
            self._report(
                Outcome(
                    "resolved",
                    f"{gtin.short} is {product.name}",
                    gtin=gtin.short,
                    name=product.name,
                    known=True,
                    source=f"lookup:{self._source.name}",
                )
            )
        return len(due)

    def _failed(self, store: HouseholdStore, gtin, error: str) -> None:
        attempts = self._attempts.get(gtin.digits, 0)
        retry_at = self._clock() + timedelta(seconds=backoff_s(attempts, self._base_s))
        self._attempts[gtin.digits] = store.lookup_failed(gtin, error, retry_at)
        log.warning(
            "lookup of %s failed (%s); retrying at %s", gtin.short, error, retry_at.isoformat()
        )
