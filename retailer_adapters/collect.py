"""Ask every configured retailer for offers at once; a failing one is reported, not fatal.

This is the comparator's one door into the adapters: ``collect_offers`` in, an
``OfferReport`` out (the retailers that answered, their offers, and the failures by
name). Retailers are queried in threads under one deadline, so the slowest one
costs at most ``timeout_s`` and a hung one is left behind and reported.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import requests

from household.config import Config
from household.errors import AdapterError
from household.model import FulfilmentMode, ListItem, ModeTerms, Offer, Retailer, WebLinks
from retailer_adapters.base import OfferSource
from retailer_adapters.demo import demo_retailer_settings
from retailer_adapters.fetch import ResponseCache
from retailer_adapters.registry import (
    RETAILERS_GROUP,
    AdapterContext,
    installed_adapters,
    load_offer_sources,
)
from retailer_adapters.settings import AdapterSettings, RetailerSettings, parse_adapter_settings

log = logging.getLogger(__name__)

DEFAULT_COLLECT_TIMEOUT_S = 10.0
Progress = Callable[[int, int, str], None]
"""progress(done, total, retailer_id), called as each retailer answers or fails."""


@dataclass(frozen=True, slots=True)
class RetailerFailure:
    """A retailer that could not be asked, and why, in words for people."""

    retailer: str
    """The Retailer.id."""
    message: str


@dataclass(frozen=True, slots=True)
class OfferReport:
    """What the retailers answered."""

    retailers: tuple[Retailer, ...]
    """The retailers that answered, with their modes (fees, minimums, thresholds)."""
    offers: tuple[Offer, ...]
    """Every offer; ``Offer.retailer`` is a ``Retailer.id`` above."""
    failures: tuple[RetailerFailure, ...] = ()
    """Retailers left out of the comparison, by id, with the reason."""


def load_settings(config: Config) -> AdapterSettings:
    """The adapters' settings, checking each retailer's adapter is installed."""
    return parse_adapter_settings(config, installed_adapters(RETAILERS_GROUP))


def retailers_to_ask(settings: AdapterSettings) -> tuple[RetailerSettings, ...]:
    """The configured retailers, or the demo ones when none is configured."""
    return settings.retailers or demo_retailer_settings()


def collect_offers(
    config: Config,
    items: Sequence[ListItem],
    *,
    session: requests.Session | None = None,
    timeout_s: float = DEFAULT_COLLECT_TIMEOUT_S,
    progress: Progress | None = None,
    db_path: Path | None = None,
    cache: ResponseCache | None = None,
) -> OfferReport:
    """Offers for ``items`` from every enabled retailer, in parallel, within ``timeout_s``.

    A configuration mistake raises ConfigError before anything is asked; after that no
    retailer can fail the whole: timeouts, 429/5xx, malformed answers and refused
    credentials each become a RetailerFailure. A long-lived caller (the daemon, the list
    server) passes one ``cache`` across calls so repeated comparisons spare Open Prices.
    """
    settings = load_settings(config)
    sources = []
    for retailer in retailers_to_ask(settings):
        # requests.Session is not documented as thread-safe: without an injected one,
        # each retailer's thread gets its own.
        context = AdapterContext(
            settings,
            session or requests.Session(),
            db_path=db_path,
            extras={"response_cache": cache} if cache else {},
        )
        sources += load_offer_sources(context, (retailer,))
    return gather(sources, items, timeout_s=timeout_s, progress=progress)


def gather(
    sources: Sequence[tuple[RetailerSettings, OfferSource]],
    items: Sequence[ListItem],
    *,
    timeout_s: float = DEFAULT_COLLECT_TIMEOUT_S,
    progress: Progress | None = None,
) -> OfferReport:
    """Run built sources in parallel under one deadline (collect_offers without config)."""
    retailers: dict[str, Retailer] = {}
    offers: dict[str, list[Offer]] = {}
    failures: dict[str, str] = {}
    answers: queue.Queue[tuple[RetailerSettings, Any]] = queue.Queue()
    for settings, source in sources:
        # Daemon threads, not a pool: a hung retailer must not keep the process alive at
        # exit (a pool's workers are joined then) until its own HTTP timeouts run out.
        threading.Thread(
            target=_ask,
            args=(settings, source, items, answers),
            daemon=True,
            name=f"restock-{settings.id}",
        ).start()
    total = len(sources)
    deadline = time.monotonic() + timeout_s
    waiting = {settings.id: settings for settings, _ in sources}
    while waiting:
        try:
            settings, answer = answers.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            break
        del waiting[settings.id]
        if isinstance(answer, AdapterError):
            failures[settings.id] = f"{settings.name} was left out: {answer}"
        elif isinstance(answer, Exception):
            failures[settings.id] = (
                f"{settings.name}: the {settings.adapter!r} adapter crashed "
                f"({type(answer).__name__}: {answer}). Report this bug to its authors."
            )
        else:
            retailers[settings.id], offers[settings.id] = answer
        if progress:
            progress(total - len(waiting), total, settings.id)
    for settings in waiting.values():
        failures[settings.id] = (
            f"{settings.name}: no answer within {timeout_s:g} s; the comparison went on "
            "without it. Try later, or raise the timeout."
        )
        if progress:
            progress(total, total, settings.id)
    order = [s.id for s, _ in sources]
    return OfferReport(
        retailers=tuple(retailers[r] for r in order if r in retailers),
        offers=tuple(o for r in order for o in offers.get(r, ())),
        failures=tuple(RetailerFailure(r, failures[r]) for r in order if r in failures),
    )


def _ask(
    settings: RetailerSettings,
    source: OfferSource,
    items: Sequence[ListItem],
    answers: queue.Queue[tuple[RetailerSettings, Any]],
) -> None:
    """One retailer's thread: its offers and modes, or the exception, onto ``answers``."""
    try:
        answered = source.offers(items)
        terms: tuple[ModeTerms, ...] = settings.modes
        if not terms and hasattr(source, "fulfilment_terms"):
            terms = tuple(source.fulfilment_terms())
        terms = terms or (ModeTerms(FulfilmentMode.STORE),)
        links = settings.links  # the configuration's win; an adapter may announce its own
        if links == WebLinks() and isinstance(getattr(source, "links", None), WebLinks):
            links = source.links
    except AdapterError as err:
        answers.put((settings, err))
        return
    except Exception as err:  # a third-party adapter's bug must not sink the others
        log.exception("adapter %s crashed for %s", settings.adapter, settings.id)
        answers.put((settings, err))
        return
    # The comparator joins offers to retailers by id: make sure they agree.
    fixed = [o if o.retailer == settings.id else replace(o, retailer=settings.id) for o in answered]
    retailer = Retailer(settings.id, settings.name, terms, settings.adapter, links)
    answers.put((settings, (retailer, fixed)))
