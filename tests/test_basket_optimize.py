"""The exact basket optimizer: hand-solvable cases, a brute-force oracle, the shared sets."""

from __future__ import annotations

import csv
import itertools
import os
import random
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from comparator.exhaustive import MAX_PLANS, best_plan_by_enumeration, plan_count
from comparator.heuristic import heuristic_plan, plan_total
from comparator.instance import (
    BasketInstance,
    InstanceItem,
    InstanceMode,
    InstanceOffer,
    InstanceRetailer,
    load_instance,
)
from comparator.milp import solve_milp
from comparator.optimize import solve_basket
from comparator.presolve import FeeLevel, fee_levels, presolve
from comparator.subsets import TooManySubsets, search_subsets
from comparator.verify import check_plan
from household.model import Basket, BasketOrder


def shop(shop_id, prices, *modes):
    """A retailer from {item: cents} and (mode, fee, min_order, free_above) tuples."""
    return InstanceRetailer(
        shop_id,
        tuple(InstanceMode(*mode) for mode in modes),
        tuple(InstanceOffer(item, cents) for item, cents in prices.items()),
    )


def items(*ids, quantity=1):
    return tuple(InstanceItem(item, quantity) for item in ids)


def test_cheapest_offer_per_item_when_nothing_costs_extra():
    instance = BasketInstance(
        items("milk", "eggs"),
        (
            shop("A", {"milk": 100, "eggs": 300}, ("pickup", 0, 0, None)),
            shop("B", {"milk": 120, "eggs": 250}, ("store", 0, 0, None)),
        ),
    )
    assert solve_basket(instance) == Basket(
        "optimal",
        350,
        (
            BasketOrder("A", "pickup", ("milk",), 100, 0),
            BasketOrder("B", "store", ("eggs",), 250, 0),
        ),
    )


def test_a_fee_makes_one_store_cheaper_than_two():
    instance = BasketInstance(
        items("milk", "eggs"),
        (
            shop("A", {"milk": 100, "eggs": 300}, ("delivery", 400, 0, None)),
            shop("B", {"milk": 120, "eggs": 250}, ("delivery", 400, 0, None)),
        ),
    )
    plan = solve_basket(instance)
    assert (plan.total_cents, plan.orders) == (
        770,
        (BasketOrder("B", "delivery", ("milk", "eggs"), 370, 400),),
    )


def test_topping_up_to_free_delivery_and_the_mode_follows_the_subtotal():
    # At A: pickup always 2.00; delivery free from 10.00 (minimum 5.00).
    instance = BasketInstance(
        items("a", "b"),
        (
            shop("A", {"a": 600, "b": 450}, ("pickup", 200, 0, None), ("delivery", 500, 500, 1000)),
            shop("B", {"b": 400}, ("store", 0, 0, None)),
        ),
    )
    plan = solve_basket(instance)
    assert plan.total_cents == 1050  # 6.00 + 4.50 at A, delivered free; beats 6+2+4 = 12.00
    assert plan.orders == (BasketOrder("A", "delivery", ("a", "b"), 1050, 0),)


def test_cap_and_unavailable_item():
    instance = BasketInstance(
        items("a", "b", "c", "ghost"),
        (
            shop("A", {"a": 100, "b": 500, "c": 500}, ("pickup", 0, 0, None)),
            shop("B", {"b": 100}, ("pickup", 0, 0, None)),
            shop("C", {"c": 100}, ("pickup", 0, 0, None)),
        ),
        max_orders=2,
    )
    plan = solve_basket(instance)
    assert plan.total_cents == 100 + 500 + 100
    assert plan.unavailable == ("ghost",)
    assert len(plan.orders) == 2


def test_an_unreachable_minimum_is_explained():
    instance = BasketInstance(items("a"), (shop("A", {"a": 1000}, ("delivery", 0, 5000, None)),))
    assert solve_basket(instance) == Basket(
        "infeasible",
        None,
        reason="no plan meets the minimum orders: 'a' is sold only by A (minimum order 50.00, "
        "but all it sells comes to 10.00). Remove the item or add a retailer that sells it",
    )


def test_minimums_that_cannot_hold_together_are_explained():
    # Either way of splitting leaves one shop below its 10.00 minimum.
    instance = BasketInstance(
        items("a", "b", "c"),
        (
            shop("A", {"a": 600, "b": 600}, ("pickup", 0, 1000, None)),
            shop("B", {"b": 600, "c": 600}, ("pickup", 0, 1000, None)),
        ),
    )
    plan = solve_basket(instance)
    assert plan.status == "infeasible"
    assert plan.reason.startswith("the minimum orders cannot all be met at once")


def test_a_cap_below_the_cover_number_is_explained():
    instance = BasketInstance(
        items("a", "b", "c"),
        (
            shop("A", {"a": 100}, ("pickup", 0, 0, None)),
            shop("B", {"b": 100}, ("pickup", 0, 0, None)),
            shop("C", {"c": 100, "a": 100}, ("pickup", 0, 0, None)),
        ),
        max_orders=1,
    )
    plan = solve_basket(instance)
    assert plan.reason == (
        "no 1 retailer(s) together sell all 3 available items, and max_orders is 1; "
        "raise max_orders or remove items"
    )


def test_fee_levels_drop_dominated_modes():
    modes = (
        InstanceMode("pickup", 200, 0, 5000),
        InstanceMode("delivery", 590, 5000, 10000),  # dominated fee; its free level survives
        InstanceMode("express", 900, 0, None),  # dominated by pickup everywhere
    )
    assert fee_levels(modes, reachable_cents=20000) == (
        FeeLevel(0, 200, "pickup"),
        FeeLevel(5000, 0, "pickup"),
    )
    assert fee_levels(modes, reachable_cents=4000) == (FeeLevel(0, 200, "pickup"),)


def test_the_checker_rejects_a_plan_that_does_not_add_up():
    instance = BasketInstance(items("a"), (shop("A", {"a": 100}, ("pickup", 150, 0, 100)),))
    good = solve_basket(instance)
    assert check_plan(instance, good) == []
    wrong_fee = replace(good, orders=(replace(good.orders[0], fee_cents=150),), total_cents=250)
    assert check_plan(instance, wrong_fee) == [
        "order A/pickup: fee 150 should be 0",
        "total 250 should be 100",
    ]


# --- brute force oracle ---------------------------------------------------------------


def brute_force(instance: BasketInstance) -> int | None:
    """The optimum by trying every (retailer, mode) for every item; None if infeasible."""
    quantity = {item.id: item.quantity for item in instance.items}
    choices = []
    for item in instance.items:
        channels = [
            (retailer, mode, offer.price_cents * quantity[item.id])
            for retailer in instance.retailers
            for offer in retailer.offers
            if offer.item == item.id
            for mode in retailer.modes
        ]
        if channels:
            choices.append(channels)
    best = None
    for plan in itertools.product(*choices):
        orders: dict[tuple[str, str], tuple[InstanceMode, int]] = {}
        for retailer, mode, cost in plan:
            key = (retailer.id, mode.id)
            orders[key] = (mode, orders.get(key, (mode, 0))[1] + cost)
        if instance.max_orders is not None and len(orders) > instance.max_orders:
            continue
        if any(subtotal < mode.min_order_cents for mode, subtotal in orders.values()):
            continue
        total = sum(subtotal + mode.fee_for(subtotal) for mode, subtotal in orders.values())
        best = total if best is None else min(best, total)
    return best


cents = st.integers(0, 600)


@st.composite
def tiny_instances(draw):
    n_items = draw(st.integers(0, 4))
    item_ids = [f"i{k}" for k in range(n_items)]
    retailers = []
    for r in range(draw(st.integers(1, 3))):
        modes = tuple(
            InstanceMode(
                f"m{k}",
                draw(st.sampled_from([0, 100, 250, 400])),
                draw(st.sampled_from([0, 0, 300, 700])),
                draw(st.one_of(st.none(), st.sampled_from([200, 500, 900]))),
            )
            for k in range(draw(st.integers(0 if r == 2 else 1, 2)))
        )
        sold = draw(st.lists(st.sampled_from(item_ids), unique=True)) if item_ids else []
        offers = tuple(InstanceOffer(item, draw(st.integers(1, 500))) for item in sold)
        retailers.append(InstanceRetailer(f"r{r}", modes, offers))
    return BasketInstance(
        tuple(InstanceItem(item, draw(st.integers(1, 3))) for item in item_ids),
        tuple(retailers),
        draw(st.one_of(st.none(), st.integers(0, 3))),
    )


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_instances())
def test_matches_brute_force_on_tiny_random_instances(instance):
    expected = brute_force(instance)
    # both routes: every plan scored (what such small baskets get), and the MILP route
    for max_enumerated_plans in (MAX_PLANS, 0):
        plan = solve_basket(instance, max_enumerated_plans=max_enumerated_plans)
        if expected is None:
            assert plan.status == "infeasible" and plan.reason
        else:
            assert (plan.status, plan.total_cents) == ("optimal", expected)
            assert check_plan(instance, plan) == []
    # the warm start may be poor, never wrong: a plan it offers is feasible and no cheaper
    problem = presolve(instance)
    warm = heuristic_plan(problem, budget_s=0.01) if not problem.stranded else None
    if warm is not None and (problem.max_orders is None or problem.max_orders > 0):
        total = plan_total(problem, warm)
        assert total is not None and expected is not None and total >= expected


def test_enumeration_counts_plans_and_agrees_with_the_milp_across_chunks():
    """7 items x 4 shops: 16,384 plans, enumerated in several chunks."""
    rnd = random.Random(7)
    retailers = tuple(
        InstanceRetailer(
            f"r{r}",
            (
                InstanceMode("pickup", 150 + 50 * r, 0, 900 + 100 * r),
                InstanceMode("delivery", 0, 1200, None),
            ),
            tuple(InstanceOffer(f"i{j}", rnd.randint(50, 400)) for j in range(7)),
        )
        for r in range(4)
    )
    instance = BasketInstance(tuple(InstanceItem(f"i{j}", 1 + j % 3) for j in range(7)), retailers)
    problem = presolve(instance)
    assert plan_count(problem) == 4**7
    assign, total = best_plan_by_enumeration(problem)
    assert plan_total(problem, assign) == total
    assert total == solve_milp(problem).objective_cents
    assert solve_basket(instance, max_enumerated_plans=4**7).total_cents == total


def test_enumeration_reports_when_no_plan_meets_the_minimums():
    """Each shop reaches its minimum only with the bread, and each needs it: no plan."""
    delivery = (InstanceMode("delivery", 0, 1000, None),)
    r0 = InstanceRetailer("r0", delivery, (InstanceOffer("milk", 900), InstanceOffer("bread", 200)))
    r1 = InstanceRetailer(
        "r1", delivery, (InstanceOffer("cheese", 900), InstanceOffer("bread", 200))
    )
    items = tuple(InstanceItem(item, 1) for item in ("milk", "bread", "cheese"))
    problem = presolve(BasketInstance(items, (r0, r1)))
    assert plan_count(problem) == 2
    assert best_plan_by_enumeration(problem) is None
    assert solve_basket(BasketInstance(items, (r0, r1))).status == "infeasible"


def random_capped_instance(seed: int) -> BasketInstance:
    """15-25 items, 5-8 retailers with two modes, thresholds and minimums, cap 2-3."""
    rnd = random.Random(seed)
    n, m = rnd.randint(15, 25), rnd.randint(5, 8)
    retailers = []
    for r in range(m):
        sold = [j for j in range(n) if r == 0 or rnd.random() < 0.6]
        modes = (
            InstanceMode("pickup", rnd.choice([0, 199, 299]), rnd.choice([0, 1500]), None),
            InstanceMode("delivery", rnd.choice([499, 699]), 3000, rnd.choice([None, 5000, 8000])),
        )
        offers = tuple(InstanceOffer(f"i{j}", rnd.randint(80, 900)) for j in sold)
        retailers.append(InstanceRetailer(f"r{r}", modes, offers))
    wanted = tuple(InstanceItem(f"i{j}", rnd.randint(1, 3)) for j in range(n))
    return BasketInstance(wanted, tuple(retailers), max_orders=rnd.randint(2, 3))


@pytest.mark.parametrize("seed", range(25))
def test_subset_search_agrees_with_one_big_milp(seed):
    """Under a cap the subset search answers; the monolithic MILP must find the same total."""
    instance = random_capped_instance(seed)
    problem = presolve(instance)
    plan = solve_basket(instance)
    whole = solve_milp(problem)
    assert plan.total_cents == whole.objective_cents
    assert check_plan(instance, plan) == []


# --- the shared instance sets ----------------------------------------------------------


def _rows(shared_dir, folder, name):
    with open(shared_dir / "basket" / folder / name, newline="") as handle:
        return list(csv.DictReader(handle))


def _cents(text: str) -> int:
    whole, _, part = text.partition(".")
    return int(whole) * 100 + int(part.ljust(2, "0"))


@pytest.mark.parametrize("max_enumerated_plans", [MAX_PLANS, 0], ids=["default", "milp-route"])
def test_every_edge_case_matches_expected(shared_dir, max_enumerated_plans):
    for row in _rows(shared_dir, "edge", "expected.csv"):
        instance = load_instance(shared_dir / "basket" / "edge" / row["file"])
        plan = solve_basket(instance, max_enumerated_plans=max_enumerated_plans)
        assert plan.status == row["status"], row["file"]
        if row["status"] == "optimal":
            assert plan.total_cents == _cents(row["total"]), row["file"]
            assert check_plan(instance, plan) == [], row["file"]
        else:
            assert plan.reason, row["file"]
        unavailable = tuple(row["unavailable"].split(";")) if row["unavailable"] else ()
        assert plan.unavailable == unavailable, row["file"]


def _dev_files() -> list[str]:
    """The dev instance names, read at collection time (the fixture decides skip / fail)."""
    folder = Path(os.environ.get("RESTOCK_SHARED", Path(__file__).parents[2] / "shared"))
    path = folder / "basket" / "dev" / "optimal.csv"
    if not path.exists():
        return ["optimal.csv missing"]
    with open(path, newline="") as handle:
        return [row["file"] for row in csv.DictReader(handle)]


@pytest.mark.parametrize("name", _dev_files())
def test_dev_instance_reaches_the_proven_optimum(shared_dir, name):
    optimum = {row["file"]: row["total"] for row in _rows(shared_dir, "dev", "optimal.csv")}
    instance = load_instance(shared_dir / "basket" / "dev" / name)
    plan = solve_basket(instance)
    assert plan.total_cents == _cents(optimum[name])
    assert check_plan(instance, plan) == []


def test_milp_cutoff_only_accepts_strictly_cheaper_plans():
    instance = BasketInstance(
        items("a", "b"),
        (
            shop("A", {"a": 100, "b": 100}, ("pickup", 150, 0, None)),
            shop("B", {"a": 300}, ("pickup", 0, 0, None)),
        ),
    )
    problem = presolve(instance)
    assert solve_milp(problem).objective_cents == 350
    assert solve_milp(problem, cutoff_cents=350).assign is None
    assert solve_milp(problem, cutoff_cents=351).objective_cents == 350


def test_subset_search_gives_up_when_too_many_sets_could_win():
    retailers = tuple(
        shop(f"s{r}", {"a": 100 + r, "b": 200 - r}, ("pickup", 0, 0, None)) for r in range(12)
    )
    problem = presolve(BasketInstance(items("a", "b"), retailers, max_orders=2))
    calls = []

    def never_better(subproblem, cutoff):
        calls.append(subproblem.retailer_ids)
        return None

    with pytest.raises(TooManySubsets) as caught:
        search_subsets(problem, None, never_better, max_solves=5)
    assert len(calls) == 10  # the trial sets, best bound first
    assert caught.value.best_assign is None

    # with a real solver and room to work, the same search proves the optimum
    def exact(subproblem, cutoff):
        result = solve_milp(subproblem, cutoff_cents=cutoff)
        return None if result.assign is None else (result.assign, result.objective_cents)

    assert search_subsets(problem, None, exact)[1] == 100 + 189  # a at s0, b at s11
