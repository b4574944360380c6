"""From the household list and the retailers' offers to a solved, explained comparison.

``plan_comparison`` matches each line to an offer per retailer (comparator.matching), turns
that into the optimizer's instance (one instance item per list line, bought once at the
line price = pack price x packs), solves it exactly (comparator.optimize) and computes
what the plan is compared with:

* the best single channel, as in shared/basket/BASELINE.md "(b) single channel": the
  cheapest single (retailer, mode) that prices every line somebody prices and meets its
  minimum order; none when no retailer prices them all (the review says which comes
  closest). The saving is that channel's total minus the plan's.
* "cheapest offer per item, fees ignored": the sum of each priced line's cheapest line
  price; a floor no real plan can beat, so the plan's distance to it is what fees and
  minimum orders cost.

Pure: the offers come in as an OfferReport, the clock as ``CompareOptions.today``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from comparator.instance import (
    BasketInstance,
    InstanceItem,
    InstanceMode,
    InstanceOffer,
    InstanceRetailer,
)
from comparator.matching import ItemMatches, Match, MatchKind, match_items
from comparator.optimize import solve_basket
from household.model import (
    Basket,
    FulfilmentMode,
    ListItem,
    ModeTerms,
    Product,
    Retailer,
    WebLinks,
)
from retailer_adapters.collect import OfferReport, RetailerFailure

__all__ = [
    "DEFAULT_STALE_AFTER_DAYS",
    "CompareOptions",
    "Comparison",
    "SingleChannel",
    "StalePrice",
    "build_instance",
    "plan_comparison",
]

DEFAULT_STALE_AFTER_DAYS = 90
"""A price seen longer ago than this is flagged in the review."""


@dataclass(frozen=True, slots=True)
class CompareOptions:
    """What the person asked for on the command line (or in [comparator])."""

    today: date
    max_orders: int | None = None
    modes: frozenset[FulfilmentMode] | None = None
    """Only these ways of buying; None: every mode a retailer offers."""
    stale_after_days: int = DEFAULT_STALE_AFTER_DAYS


@dataclass(frozen=True, slots=True)
class SingleChannel:
    """Buying every priced line from one retailer in one mode."""

    retailer: str
    mode: str
    subtotal_cents: int
    fee_cents: int

    @property
    def total_cents(self) -> int:
        """Subtotal plus fee."""
        return self.subtotal_cents + self.fee_cents


@dataclass(frozen=True, slots=True)
class StalePrice:
    """A price in the plan that was seen long ago."""

    line: str
    retailer: str
    priced_on: date
    age_days: int


@dataclass(frozen=True, slots=True)
class Comparison:
    """The plan and everything the review shows about it."""

    basket: Basket
    """The optimizer's plan; its item ids are the line labels."""
    lines: Mapping[str, ItemMatches]
    """Line label -> the line and its best match per retailer."""
    chosen: Mapping[str, Match]
    """Line label -> the match the plan buys."""
    retailer_names: Mapping[str, str]
    links: Mapping[str, WebLinks]
    """Retailer id -> where to order by hand (drive and delivery without a cart)."""
    single: SingleChannel | None
    single_note: str
    """Why there is no single channel, or which one came closest."""
    cheapest_offers_cents: int | None
    unpriced: tuple[str, ...]
    """Lines nobody prices (labels), with ``lines[label].note`` saying why."""
    stale: tuple[StalePrice, ...]
    failures: tuple[RetailerFailure, ...]
    options: CompareOptions

    @property
    def substitutions(self) -> tuple[tuple[str, Match], ...]:
        """Lines the plan buys as an equivalent of the product scanned (as allowed)."""
        return self._bought_as(MatchKind.SUBSTITUTE)

    @property
    def name_matches(self) -> tuple[tuple[str, Match], ...]:
        """Typed lines the plan buys as a product matched by name (with its confidence)."""
        return self._bought_as(MatchKind.NAME)

    def _bought_as(self, kind: MatchKind) -> tuple[tuple[str, Match], ...]:
        return tuple((label, m) for label, m in self.chosen.items() if m.kind is kind)

    @property
    def saving_vs_single_cents(self) -> int | None:
        """How much less the plan costs than the best single channel."""
        if self.single is None or self.basket.total_cents is None:
            return None
        return self.single.total_cents - self.basket.total_cents

    @property
    def above_cheapest_offers_cents(self) -> int | None:
        """How much more the plan costs than every line at its cheapest, fees ignored."""
        if self.cheapest_offers_cents is None or self.basket.total_cents is None:
            return None
        return self.basket.total_cents - self.cheapest_offers_cents


def plan_comparison(
    items: Sequence[ListItem],
    report: OfferReport,
    options: CompareOptions,
    products: Mapping[str, Product] | None = None,
) -> Comparison:
    """Match, solve and compare: the whole comparison for ``items`` and ``report``."""
    matched = match_items(items, report.offers, products)
    labels = line_labels(items)
    lines = {labels[m.item.id]: m for m in matched}
    retailers = _usable_retailers(report.retailers, options.modes)
    instance = build_instance(lines, retailers, options.max_orders)
    basket = solve_basket(instance)
    chosen = {}
    for order in basket.orders:
        for label in order.items:
            chosen[label] = lines[label].by_retailer[order.retailer]
    priced = [label for label, m in lines.items() if _sellers(m, retailers)]
    single, single_note = best_single_channel(lines, priced, retailers)
    return Comparison(
        basket=basket,
        lines=lines,
        chosen=chosen,
        retailer_names={r.id: r.name for r in report.retailers},
        links={r.id: r.links for r in report.retailers},
        single=single,
        single_note=single_note,
        cheapest_offers_cents=_cheapest_offers(lines, priced, retailers),
        unpriced=tuple(label for label, m in lines.items() if not m.by_retailer),
        stale=_stale(chosen, options),
        failures=report.failures,
        options=options,
    )


def line_labels(items: Sequence[ListItem]) -> dict[int, str]:
    """A unique label per list line: its name, with its line number when names repeat."""
    seen: dict[str, int] = {}
    for item in items:
        seen[item.name] = seen.get(item.name, 0) + 1
    return {
        item.id: item.name if seen[item.name] == 1 else f"{item.name} #{item.id}" for item in items
    }


def build_instance(
    lines: Mapping[str, ItemMatches],
    retailers: Sequence[Retailer],
    max_orders: int | None = None,
) -> BasketInstance:
    """The optimizer's instance: each line bought once, at each retailer's line price."""
    instance_retailers = []
    for retailer in retailers:
        offers = tuple(
            InstanceOffer(label, m.by_retailer[retailer.id].line_cents)
            for label, m in lines.items()
            if retailer.id in m.by_retailer
        )
        modes = tuple(_instance_mode(t) for t in retailer.modes)
        instance_retailers.append(InstanceRetailer(retailer.id, modes, offers))
    return BasketInstance(
        items=tuple(InstanceItem(label, 1) for label in lines),
        retailers=tuple(instance_retailers),
        max_orders=max_orders,
    )


def best_single_channel(
    lines: Mapping[str, ItemMatches], priced: Sequence[str], retailers: Sequence[Retailer]
) -> tuple[SingleChannel | None, str]:
    """BASELINE.md's "(b) single channel" over the priced lines, or why there is none."""
    if not priced:
        return None, "no line is priced"
    best: SingleChannel | None = None
    closest: tuple[int, str] = (0, "")
    for retailer in retailers:
        sold = [label for label in priced if retailer.id in lines[label].by_retailer]
        closest = max(closest, (len(sold), retailer.name), key=lambda c: c[0])
        if len(sold) < len(priced):
            continue
        subtotal = sum(lines[label].by_retailer[retailer.id].line_cents for label in priced)
        for terms in retailer.modes:
            if subtotal < terms.min_order_cents:
                continue
            channel = SingleChannel(retailer.id, str(terms.mode), subtotal, terms.fee_for(subtotal))
            if best is None or channel.total_cents < best.total_cents:
                best = channel
    if best is not None:
        return best, ""
    if closest[0] == len(priced):
        return None, "the retailers that price every line all miss their minimum order"
    return None, (
        f"no single retailer prices all {len(priced)} priced lines "
        f"({closest[1]} comes closest with {closest[0]})"
    )


def _usable_retailers(
    retailers: Sequence[Retailer], modes: frozenset[FulfilmentMode] | None
) -> list[Retailer]:
    """Retailers keeping only the allowed modes; those left with none are dropped."""
    usable = []
    for retailer in retailers:
        terms = tuple(t for t in retailer.modes if modes is None or t.mode in modes)
        if terms:
            usable.append(replace(retailer, modes=terms))
    return usable


def _instance_mode(terms: ModeTerms) -> InstanceMode:
    return InstanceMode(
        id=str(terms.mode),
        fee_cents=terms.fee_cents,
        min_order_cents=terms.min_order_cents,
        free_above_cents=terms.free_above_cents,
    )


def _sellers(matches: ItemMatches, retailers: Sequence[Retailer]) -> list[str]:
    return [r.id for r in retailers if r.id in matches.by_retailer]


def _cheapest_offers(
    lines: Mapping[str, ItemMatches], priced: Sequence[str], retailers: Sequence[Retailer]
) -> int | None:
    if not priced:
        return None
    usable = {r.id for r in retailers}
    return sum(
        min(m.line_cents for rid, m in lines[label].by_retailer.items() if rid in usable)
        for label in priced
    )


def _stale(chosen: Mapping[str, Match], options: CompareOptions) -> tuple[StalePrice, ...]:
    stale = []
    for label, match in chosen.items():
        seen = match.offer.priced_on
        if seen is None:
            continue
        age = (options.today - seen).days
        if age > options.stale_after_days:
            stale.append(StalePrice(label, match.retailer, seen, age))
    return tuple(stale)
