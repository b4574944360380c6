"""The cheapest basket, exactly: plain data in, a checked ``Basket`` out.

Pipeline: exact presolve (fee staircases, unusable retailers, unavailable items), a numpy
heuristic for a warm start, then an exact search proven to the cent:

* a basket with few enough possible plans (a quick top-up) is solved by trying them all
  (``comparator.exhaustive``);
* under a cap on orders, the retailer-subset search of ``comparator.subsets`` (a small MILP
  per promising set of K retailers), when there are not too many sets;
* otherwise one MILP of ``comparator.milp`` (per retailer, fee staircases), warm-started.

The plan is then checked item by item in plain Python (``comparator.verify``) and against
the solver's proof before it is returned; a mismatch is a bug and raises RuntimeError.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from comparator.exhaustive import MAX_PLANS, best_plan_by_enumeration, plan_count
from comparator.heuristic import heuristic_plan, plan_total
from comparator.instance import BasketInstance
from comparator.milp import MilpResult, solve_milp
from comparator.presolve import FeeLevel, Problem, presolve
from comparator.subsets import (
    MAX_SUBSETS,
    TooManySubsets,
    search_subsets,
    subset_bounds,
    subset_count,
)
from comparator.verify import check_plan
from household.model import Basket, BasketOrder

__all__ = ["explain_infeasible", "solve_basket"]


def solve_basket(instance: BasketInstance, *, max_enumerated_plans: int = MAX_PLANS) -> Basket:
    """The proven cheapest plan, or an infeasible Basket whose reason says why.

    Baskets with at most ``max_enumerated_plans`` possible plans are solved by trying them
    all; the others by the MILP route (0 forces it, as the tests do to check one route
    against the other).
    """
    problem = presolve(instance)
    reason = _obvious_infeasibility(instance, problem)
    if reason:
        return Basket("infeasible", None, unavailable=problem.unavailable, reason=reason)
    if not problem.item_ids:
        return Basket("optimal", 0, unavailable=problem.unavailable)

    if problem.max_orders is not None and problem.max_orders >= len(problem.retailer_ids):
        problem = replace(problem, max_orders=None)  # a cap above the retailer count is moot
    if plan_count(problem) <= max_enumerated_plans:
        result = _solve_by_enumeration(problem)
    else:
        result = _solve_by_search(problem)
    if result.assign is None:
        return Basket(
            "infeasible",
            None,
            unavailable=problem.unavailable,
            reason=explain_infeasible(instance, problem),
        )
    basket = _basket_from(instance, problem, result.assign)
    problems = check_plan(instance, basket)
    if problems:
        raise RuntimeError("the solver's plan does not check out: " + "; ".join(problems))
    # The checked total can only match what was proven optimal; anything else is a bug.
    if basket.total_cents != result.objective_cents or (
        result.dual_bound is not None and basket.total_cents - result.dual_bound >= 1
    ):
        raise RuntimeError(
            f"plan total {basket.total_cents} is not proven optimal "
            f"(HiGHS objective {result.objective_cents}, bound {result.dual_bound})"
        )
    return basket


def _solve_by_enumeration(problem: Problem) -> MilpResult:
    found = best_plan_by_enumeration(problem)
    if found is None:
        return MilpResult(assign=None, objective_cents=None, dual_bound=None)
    return MilpResult(assign=found[0], objective_cents=found[1], dual_bound=float(found[1]))


def _solve_by_search(problem: Problem) -> MilpResult:
    """A warm start, then the subset search under a tight cap, else one MILP."""
    # Measured and not done: seeding from the rounded LP relaxation gives better plans
    # (d26: 363 cents above the optimum instead of 2,900) yet HiGHS' time moves chaotically
    # with the start (d26 5.3 -> 11.1 s, d16 0.46 -> 0.19 s); racing both starts on two
    # cores would have taken dev's ten slowest baskets from 0.49 to 0.47 of the plain MILP.
    warm = heuristic_plan(problem)
    if problem.max_orders is not None and subset_count(problem) <= MAX_SUBSETS:
        try:
            return _solve_by_subsets(problem, warm)
        except TooManySubsets as too_many:
            # weak bounds: one MILP over everything is the better bet, from the best plan yet
            if too_many.best_assign is not None:
                warm = too_many.best_assign
    return solve_milp(problem, warm)


def _solve_by_subsets(problem: Problem, warm: np.ndarray | None) -> MilpResult:
    """The capped problem solved set of retailers by set of retailers (comparator.subsets)."""
    total = None if warm is None else plan_total(problem, warm)
    incumbent = None if total is None else (warm, total)

    def solve(subproblem: Problem, cutoff: int | None):
        result = solve_milp(subproblem, cutoff_cents=cutoff)
        return None if result.assign is None else (result.assign, result.objective_cents)

    found = search_subsets(problem, incumbent, solve)
    if found is None:
        return MilpResult(assign=None, objective_cents=None, dual_bound=None)
    assign, total, _ = found
    return MilpResult(assign=assign, objective_cents=total, dual_bound=float(total))


def _basket_from(instance: BasketInstance, problem: Problem, assign: np.ndarray) -> Basket:
    """Orders in instance order, each at the cheapest admissible mode of its retailer."""
    by_retailer: dict[str, list[str]] = {}
    for j, r in enumerate(assign):
        by_retailer.setdefault(problem.retailer_ids[r], []).append(problem.item_ids[j])
    quantity = {item.id: item.quantity for item in instance.items}
    orders = []
    for retailer in instance.retailers:
        items = by_retailer.get(retailer.id)
        if not items:
            continue
        price = {offer.item: offer.price_cents for offer in retailer.offers}
        subtotal = sum(price[item] * quantity[item] for item in items)
        admissible = [mode for mode in retailer.modes if mode.admits(subtotal)]
        mode = min(admissible, key=lambda m: m.fee_for(subtotal))
        orders.append(
            BasketOrder(retailer.id, mode.id, tuple(items), subtotal, mode.fee_for(subtotal))
        )
    total = sum(order.subtotal_cents + order.fee_cents for order in orders)
    return Basket("optimal", total, tuple(orders), problem.unavailable)


def _obvious_infeasibility(instance: BasketInstance, problem: Problem) -> str:
    if problem.stranded:
        return _stranded_reason(instance, problem.stranded)
    if problem.item_ids and instance.max_orders == 0:
        return (
            f"max_orders is 0 but {len(problem.item_ids)} item(s) can be bought "
            f"({_names(problem.item_ids)}); allow at least one order"
        )
    return ""


def _stranded_reason(instance: BasketInstance, stranded: tuple[str, ...]) -> str:
    quantity = {item.id: item.quantity for item in instance.items}
    parts = []
    for item_id in stranded:
        sellers = []
        for retailer in instance.retailers:
            if not retailer.modes or all(o.item != item_id for o in retailer.offers):
                continue
            reachable = sum(o.price_cents * quantity[o.item] for o in retailer.offers)
            smallest = min(mode.min_order_cents for mode in retailer.modes)
            sellers.append(
                f"{retailer.id} (minimum order {_money(smallest)}, "
                f"but all it sells comes to {_money(reachable)})"
            )
        parts.append(f"{item_id!r} is sold only by {', '.join(sellers)}")
    return (
        "no plan meets the minimum orders: "
        + "; ".join(parts)
        + ". Remove the item or add a retailer that sells it"
    )


def explain_infeasible(instance: BasketInstance, problem: Problem) -> str:
    """Say in words why no plan meets the minimum orders and the cap (solver proved none)."""
    cap = instance.max_orders
    if cap is not None:
        if _cover_impossible(problem, cap):
            return (
                f"no {cap} retailer(s) together sell all {len(problem.item_ids)} available "
                f"items, and max_orders is {cap}; raise max_orders or remove items"
            )
        return (
            f"no plan with at most {cap} order(s) meets every retailer's minimum order; "
            f"raise max_orders, lower the minimums or remove items"
        )
    return (
        "the minimum orders cannot all be met at once: however the items are split, some "
        "order stays below its retailer's minimum; add items or retailers, or remove items"
    )


def _cover_impossible(problem: Problem, cap: int) -> bool:
    """Whether no `cap` retailers together sell every available item."""
    size = min(cap, len(problem.retailer_ids))
    if subset_count(replace(problem, max_orders=size)) <= MAX_SUBSETS:
        return len(subset_bounds(problem, size)[0]) == 0
    # Too many sets to list: solve the set cover (every order free, one cent per retailer).
    covering = replace(
        problem,
        cost_cents=np.where(problem.sold, 0, problem.cost_cents),
        levels=tuple((FeeLevel(0, 1, "any"),) for _ in problem.levels),
        max_orders=None,
    )
    return (solve_milp(covering).objective_cents or 0) > cap


def _names(ids: tuple[str, ...], limit: int = 5) -> str:
    shown = ", ".join(ids[:limit])
    return shown + (f" and {len(ids) - limit} more" if len(ids) > limit else "")


def _money(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"
