"""Planning on hand-made offer reports, solved by hand, and the review rendered as text."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from comparator.planning import CompareOptions, build_instance, plan_comparison
from comparator.review import comparison_json, render_comparison
from household.model import (
    FulfilmentMode,
    Gtin,
    ListItem,
    ModeTerms,
    Offer,
    Retailer,
    Source,
    Substitution,
)
from retailer_adapters.collect import OfferReport, RetailerFailure

TODAY = date(2026, 11, 24)
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
DRIVE = Retailer(
    "drive",
    "Drive Nord",
    (
        ModeTerms(
            FulfilmentMode.PICKUP, fee_cents=200, min_order_cents=1000, free_above_cents=3000
        ),
        ModeTerms(FulfilmentMode.DELIVERY, fee_cents=500, min_order_cents=2000),
    ),
)
CORNER = Retailer("corner", "L'Épicerie", (ModeTerms(FulfilmentMode.STORE),))
ITEMS = [
    ListItem(1, "café", 2, None, None, "t", Source.TYPED, NOW, NOW),
    ListItem(2, "riz", 1, None, None, "t", Source.TYPED, NOW, NOW),
    ListItem(3, "thé", 1, None, None, "t", Source.VOICE, NOW, NOW),
    ListItem(4, "sel", 1, None, None, "t", Source.TYPED, NOW, NOW),
    ListItem(5, "safran", 1, None, None, "t", Source.TYPED, NOW, NOW),
]
OFFERS = (
    Offer("drive", "Café moulu", 150, priced_on=TODAY),
    Offer("drive", "Riz long", 200, priced_on=TODAY),
    Offer("drive", "Thé vert", 500, priced_on=TODAY - timedelta(days=200)),
    Offer("corner", "Café moulu", 225, priced_on=TODAY),
    Offer("corner", "Riz long", 250, priced_on=TODAY),
    Offer("corner", "Thé vert", 550, priced_on=TODAY),
    Offer("corner", "Sel fin", 100, priced_on=TODAY),
)
FAILURE = RetailerFailure(
    "gone", "Gone Market was left out: it answered 503 (Service Unavailable). Try later."
)
REPORT = OfferReport((DRIVE, CORNER), OFFERS, (FAILURE,))


def plan(**options):
    return plan_comparison(ITEMS, REPORT, CompareOptions(today=TODAY, **options))


def test_the_instance_has_one_item_per_line_priced_packs_times_pack_price():
    comparison = plan()
    instance = build_instance(comparison.lines, [DRIVE, CORNER])
    assert [(i.id, i.quantity) for i in instance.items] == [
        ("café", 1),
        ("riz", 1),
        ("thé", 1),
        ("sel", 1),
        ("safran", 1),
    ]
    drive = {o.item: o.price_cents for o in instance.retailers[0].offers}
    assert drive == {"café": 300, "riz": 200, "thé": 500}
    assert [m.id for m in instance.retailers[0].modes] == ["pickup", "delivery"]


def test_the_plan_splits_where_the_drive_minimum_is_met():
    comparison = plan()
    basket = comparison.basket
    assert basket.status == "optimal" and basket.total_cents == 1300
    orders = [
        (o.retailer, str(o.mode), o.items, o.subtotal_cents, o.fee_cents) for o in basket.orders
    ]
    assert orders == [
        ("drive", "pickup", ("café", "riz", "thé"), 1000, 200),
        ("corner", "store", ("sel",), 100, 0),
    ]
    assert comparison.chosen["café"].packs == 2


def test_savings_against_the_best_single_channel_and_the_cheapest_offers():
    comparison = plan()
    assert (comparison.single.retailer, comparison.single.mode) == ("corner", "store")
    assert comparison.single.total_cents == 1350
    assert comparison.saving_vs_single_cents == 50
    assert comparison.cheapest_offers_cents == 1100
    assert comparison.above_cheapest_offers_cents == 200


def test_unpriced_stale_and_failed_are_reported():
    comparison = plan()
    assert comparison.unpriced == ("safran",)
    assert comparison.lines["safran"].note == "no retailer sells anything named like 'safran'"
    assert [(s.line, s.retailer, s.age_days) for s in comparison.stale] == [("thé", "drive", 200)]
    assert comparison.failures == (FAILURE,)
    assert comparison.stale == plan(stale_after_days=199).stale
    assert plan(stale_after_days=200).stale == ()


def test_a_cap_of_one_order_buys_everything_at_the_corner():
    comparison = plan(max_orders=1)
    assert [(o.retailer, o.subtotal_cents) for o in comparison.basket.orders] == [("corner", 1350)]
    assert comparison.saving_vs_single_cents == 0


@pytest.mark.parametrize(
    ("modes", "total", "unavailable"),
    [
        ({FulfilmentMode.STORE}, 1350, ("safran",)),
        ({FulfilmentMode.PICKUP}, 1200, ("sel", "safran")),
        ({FulfilmentMode.DELIVERY}, None, ("sel", "safran")),
    ],
)
def test_the_modes_filter_keeps_only_those_channels(modes, total, unavailable):
    comparison = plan(modes=frozenset(modes))
    assert comparison.basket.total_cents == total
    assert comparison.basket.unavailable == unavailable
    assert comparison.unpriced == ("safran",)


def test_delivery_alone_cannot_reach_its_minimum_and_says_so():
    comparison = plan(modes=frozenset({FulfilmentMode.DELIVERY}))
    assert comparison.basket.status == "infeasible"
    assert "minimum order 20.00" in comparison.basket.reason
    assert comparison.single is None


def test_no_single_channel_when_nobody_prices_every_line():
    report = OfferReport(
        (DRIVE, CORNER), tuple(o for o in OFFERS if o.name != "Riz long" or o.retailer == "drive")
    )
    comparison = plan_comparison(ITEMS, report, CompareOptions(today=TODAY))
    assert comparison.single is None
    assert comparison.single_note == (
        "no single retailer prices all 4 priced lines (Drive Nord comes closest with 3)"
    )


def test_an_empty_list_is_an_empty_plan():
    comparison = plan_comparison([], REPORT, CompareOptions(today=TODAY))
    assert (comparison.basket.status, comparison.basket.total_cents) == ("optimal", 0)
    console = Console(file=io.StringIO(), width=100)
    render_comparison(comparison, console)
    assert console.file.getvalue() == (
        "The list is empty: add items with `restock add`, then compare again.\n"
    )


def rendered(comparison) -> list[str]:
    console = Console(file=io.StringIO(), width=100)
    render_comparison(comparison, console)
    return console.file.getvalue().splitlines()


def test_the_review_shows_orders_total_savings_and_every_warning():
    lines = rendered(plan())
    assert lines[0].startswith("╭─ Drive Nord · pickup ─")
    assert "│ café: 2 × Café moulu  3.00" in lines[1]
    assert "│ subtotal 10.00  ·  fee 2.00" in lines[4]
    assert lines[6].startswith("╭─ L'Épicerie · store ─")
    expected_tail = [
        "Total 13.00 in 2 orders",
        "Saving against the best single retailer (L'Épicerie · store, 13.50): 0.50",
        "Cheapest offer per item, fees ignored: 11.00 "
        "(the plan costs 2.00 more: fees and minimum orders)",
        "No price for:",
        "  safran: no retailer sells anything named like 'safran'",
        "Prices older than 90 days (check them on the shelf):",
        "  thé at Drive Nord: seen 2026-05-08 (200 days ago)",
        "Matched by name (no barcode on the list):",
        "  'café' matched by name to Café moulu (sure, 100%)",
        "  'riz' matched by name to Riz long (sure, 100%)",
        "  'thé' matched by name to Thé vert (sure, 100%)",
        "  'sel' matched by name to Sel fin (sure, 100%)",
        "Retailers left out:",
        "  Gone Market was left out: it answered 503 (Service Unavailable). Try later.",
    ]
    assert lines[10:] == expected_tail


def test_the_review_of_an_impossible_plan_explains_it():
    lines = rendered(plan(modes=frozenset({FulfilmentMode.DELIVERY})))
    assert lines[0] == "No basket meets the constraints."
    assert "Priced only in modes left out by --modes: sel" in lines


def test_json_is_basket_solve_plus_the_comparison():
    data = comparison_json(plan())
    assert data["status"] == "optimal" and data["total"] == 13.0
    assert data["orders"][0] == {
        "retailer": "drive",
        "mode": "pickup",
        "items": ["café", "riz", "thé"],
        "subtotal": 10.0,
        "fee": 2.0,
    }
    assert data["unavailable"] == ["safran"] and data["unpriced"] == ["safran"]
    assert data["failed_retailers"] == [{"retailer": "gone", "message": FAILURE.message}]
    assert data["savings"]["single_channel"] == {
        "retailer": "corner",
        "mode": "store",
        "total": 13.5,
        "saving": 0.5,
    }
    assert data["savings"]["cheapest_offers_fees_ignored"] == 11.0
    assert data["stale"] == [
        {"item": "thé", "retailer": "drive", "priced_on": "2026-05-08", "age_days": 200}
    ]
    assert data["purchases"]["café"]["packs"] == 2
    assert data["purchases"]["café"]["line_total"] == 3.0


def test_the_review_shows_each_substitution_with_its_reason():
    lactel, azur = Gtin.parse("3761000001011"), Gtin.parse("3769000003042")
    hyper = Retailer("hyper", "Hyper", (ModeTerms(FulfilmentMode.STORE),))
    shelf = (
        Offer(
            "hyper",
            "Lait UHT Lactel 1 l",
            119,
            lactel,
            brand="Lactel",
            size_value=1000,
            size_unit="ml",
        ),
        Offer(
            "hyper",
            "Lait UHT Azur 1 l",
            89,
            azur,
            brand="Azur",
            size_value=1000,
            size_unit="ml",
            store_brand=True,
        ),
    )
    item = ListItem(
        1, "Lactel", 2, None, lactel, "t", Source.SCAN, NOW, NOW, Substitution.STORE_BRAND
    )
    comparison = plan_comparison([item], OfferReport((hyper,), shelf), CompareOptions(TODAY))
    lines = rendered(comparison)
    assert "│ Lactel: 2 × Lait UHT Azur 1 l  1.78  (substitute)" in lines[1]
    start = lines.index("Substitutions (not the exact product on the list):")
    assert " ".join(lines[start + 1 :]) == (
        "  Lactel at Hyper: Lait UHT Azur 1 l instead of Lait UHT Lactel 1 l: store brand "
        "allowed at 0.89 €/l (the scanned product: 1.19 €/l); 1.78 here, where the scanned "
        "product costs 2.38"
    )
    assert comparison_json(comparison)["substitutions"] == [
        {
            "item": "Lactel",
            "retailer": "hyper",
            "product": "Lait UHT Azur 1 l",
            "reason": comparison.chosen["Lactel"].reason,
        }
    ]


@st.composite
def reports(draw):
    """Small random lists and offer reports: a few retailers, modes with fees and minimums."""
    n_items = draw(st.integers(1, 5))
    items = [
        ListItem(i, f"article{i}", draw(st.integers(1, 3)), None, None, "t", Source.TYPED, NOW, NOW)
        for i in range(1, n_items + 1)
    ]
    retailers, offers = [], []
    for r in range(draw(st.integers(1, 4))):
        modes = draw(st.lists(st.sampled_from(list(FulfilmentMode)), min_size=1, unique=True))
        terms = tuple(
            ModeTerms(
                mode,
                fee_cents=draw(st.integers(0, 600)),
                min_order_cents=draw(st.integers(0, 2000)),
                free_above_cents=draw(st.none() | st.integers(0, 3000)),
            )
            for mode in modes
        )
        retailers.append(Retailer(f"r{r}", f"Retailer {r}", terms))
        for item in items:
            if draw(st.booleans()):
                offers.append(Offer(f"r{r}", f"Article{item.id}", draw(st.integers(1, 900))))
    return items, OfferReport(tuple(retailers), tuple(offers))


@settings(max_examples=60, deadline=None)
@given(reports())
def test_every_plan_checks_out_against_its_two_comparisons(case):
    items, report = case
    comparison = plan_comparison(items, report, CompareOptions(today=TODAY))
    basket = comparison.basket
    if basket.status != "optimal":
        return
    terms = {(r.id, str(t.mode)): t for r in report.retailers for t in r.modes}
    for order in basket.orders:
        lines = [comparison.chosen[label] for label in order.items]
        assert all(m.retailer == order.retailer for m in lines)
        assert order.subtotal_cents == sum(m.line_cents for m in lines)
        mode = terms[(order.retailer, str(order.mode))]
        assert order.subtotal_cents >= mode.min_order_cents
        assert order.fee_cents == mode.fee_for(order.subtotal_cents)
    assert basket.total_cents >= (comparison.cheapest_offers_cents or 0)
    if comparison.single is not None:
        assert comparison.saving_vs_single_cents >= 0
    bought = {label for order in basket.orders for label in order.items}
    assert bought | set(basket.unavailable) == set(comparison.lines)
