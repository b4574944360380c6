"""A fast heuristic plan, used to warm-start the exact solver.

Cheapest-offer buying with a ban-and-reassign repair (a retailer whose order misses its
minimum, or one too many under the cap, is banned and its items move on), followed by a
local search of single-item moves, swaps and whole-order closures, plus compound moves that
lift one retailer to a fee level, all evaluated exactly in cents with numpy. It gives no
guarantee; the exact search proves the optimum.
"""

from __future__ import annotations

import time

import numpy as np

from comparator.presolve import NOT_SOLD, Problem

__all__ = ["StaircaseCosts", "heuristic_plan", "plan_total"]

INFEASIBLE = NOT_SOLD
"""The cost of an order whose subtotal misses every fee level of its retailer."""


class StaircaseCosts:
    """Evaluates each retailer's order cost g_r(s) = s + fee, vectorised over subtotals."""

    def __init__(self, problem: Problem) -> None:
        """Pad the fee staircases into (retailers x levels) arrays."""
        depth = max((len(levels) for levels in problem.levels), default=1)
        m = len(problem.levels)
        self.starts = np.full((m, depth), NOT_SOLD, dtype=np.int64)
        self.fees = np.full((m, depth), INFEASIBLE, dtype=np.int64)
        for r, levels in enumerate(problem.levels):
            for k, level in enumerate(levels):
                self.starts[r, k] = level.start_cents
                self.fees[r, k] = level.fee_cents
        # fees_by_count[r, c]: the fee when c levels have started (c = 0: inadmissible)
        self.fees_by_count = np.concatenate(
            [np.full((m, 1), INFEASIBLE, dtype=np.int64), self.fees], axis=1
        )

    def order_cost(self, subtotal: np.ndarray, retailer: np.ndarray | None = None) -> np.ndarray:
        """g_r(subtotal) for each entry; 0 for an empty order, INFEASIBLE below the minimum."""
        if retailer is None:
            starts, fees = self.starts, self.fees_by_count
        else:
            starts, fees = self.starts[retailer], self.fees_by_count[retailer]
        started = (starts <= subtotal[..., None]).sum(axis=-1)
        fees = np.broadcast_to(fees, started.shape + fees.shape[-1:])
        fee = np.take_along_axis(fees, started[..., None], axis=-1)[..., 0]
        cost = np.where(fee >= INFEASIBLE, INFEASIBLE, subtotal + fee)
        return np.where(subtotal == 0, 0, cost)


def _subtotals(problem: Problem, assign: np.ndarray) -> np.ndarray:
    picked = problem.cost_cents[np.arange(len(assign)), assign]
    m = problem.cost_cents.shape[1]
    return np.bincount(assign, weights=picked, minlength=m).round().astype(np.int64)


def _total(problem: Problem, costs: StaircaseCosts, assign: np.ndarray) -> int:
    """The exact cost of a plan, or INFEASIBLE (minimum missed, or over the cap)."""
    subtotal = _subtotals(problem, assign)
    if problem.max_orders is not None and np.count_nonzero(subtotal) > problem.max_orders:
        return INFEASIBLE
    per_order = costs.order_cost(subtotal)
    return INFEASIBLE if per_order.max(initial=0) >= INFEASIBLE else int(per_order.sum())


def plan_total(problem: Problem, assign: np.ndarray) -> int | None:
    """The exact total of an assignment in cents, or None if it breaks a minimum or the cap."""
    if len(assign) == 0:
        return 0
    total = _total(problem, StaircaseCosts(problem), assign)
    return None if total >= INFEASIBLE else total


def _cheapest_allowed(problem: Problem, allowed: np.ndarray) -> np.ndarray | None:
    masked = np.where(allowed[None, :], problem.cost_cents, NOT_SOLD)
    assign = masked.argmin(axis=1)
    if (masked[np.arange(len(assign)), assign] >= NOT_SOLD).any():
        return None
    return assign


def _ban_and_reassign(problem: Problem, costs: StaircaseCosts) -> np.ndarray | None:
    """Cheapest offers; while infeasible, ban the retailer whose ban hurts least."""
    allowed = np.ones(problem.cost_cents.shape[1], dtype=bool)
    assign = _cheapest_allowed(problem, allowed)
    while assign is not None and _total(problem, costs, assign) >= INFEASIBLE:
        subtotal = _subtotals(problem, assign)
        per_order = costs.order_cost(subtotal)
        culprits = np.flatnonzero(per_order >= INFEASIBLE)
        if culprits.size == 0:  # over the cap: any open retailer may go
            culprits = np.flatnonzero(subtotal > 0)
        best, best_value = None, None
        for r in culprits:
            allowed[r] = False
            trial = _cheapest_allowed(problem, allowed)
            allowed[r] = True
            if trial is None:
                continue
            value = int(_subtotals(problem, trial).sum())  # fees ignored: a cheap proxy
            if best_value is None or value < best_value:
                best, best_value = r, value
        if best is None:
            return None
        allowed[best] = False
        assign = _cheapest_allowed(problem, allowed)
    return assign


def _improve(problem: Problem, costs: StaircaseCosts, assign: np.ndarray) -> np.ndarray:
    """Best-improvement local search: move one item, swap two, or close an order (exact)."""
    cost = problem.cost_cents
    n = cost.shape[0]
    rows = np.arange(n)
    cap = problem.max_orders
    for _ in range(20 * n + 100):
        subtotal = _subtotals(problem, assign)
        base = costs.order_cost(subtotal)
        here = cost[rows, assign]
        removed = costs.order_cost(subtotal[assign] - here, assign) - base[assign]
        added_subtotal = np.minimum(subtotal[None, :] + cost, NOT_SOLD)
        added = costs.order_cost(added_subtotal) - base[None, :]
        added = np.where(cost >= NOT_SOLD, INFEASIBLE, added)
        if cap is not None and np.count_nonzero(subtotal) >= cap:
            closed = subtotal == 0
            # opening another order is only allowed if this move empties the current one
            empties = subtotal[assign] == here
            added = np.where(closed[None, :] & ~empties[:, None], INFEASIBLE, added)
        added[rows, assign] = INFEASIBLE
        delta = np.where(added >= INFEASIBLE, INFEASIBLE, removed[:, None] + added)
        j, r = np.unravel_index(delta.argmin(), delta.shape)
        if delta[j, r] < 0:
            assign = assign.copy()
            assign[j] = r
            continue
        swapped = _best_swap(problem, costs, assign, subtotal, base)
        if swapped is not None:
            assign = swapped
            continue
        closing = _best_closure(problem, costs, assign, int(base.sum()))
        if closing is None:
            break
        assign = closing
    return assign


def _fills(problem: Problem, costs: StaircaseCosts, assign: np.ndarray):
    """Plans that push one retailer up to one of its fee levels, cheapest items first.

    Single moves cannot open a retailer with a large minimum order, or reach a threshold
    that needs several items at once; these compound moves can.
    """
    cost = problem.cost_cents
    n, m = cost.shape
    here = cost[np.arange(n), assign]
    subtotal = _subtotals(problem, assign)
    open_count = np.count_nonzero(subtotal)
    for r in range(m):
        if subtotal[r] == 0 and problem.max_orders is not None and open_count >= problem.max_orders:
            continue
        movable = np.flatnonzero((assign != r) & (cost[:, r] < NOT_SOLD))
        if movable.size == 0:
            continue
        order = movable[np.argsort(cost[movable, r] - here[movable], kind="stable")]
        gained = subtotal[r] + np.cumsum(cost[order, r])
        gains = cost[order, r] - here[order]
        always = int(np.count_nonzero(gains < 0))
        for level in problem.levels[r]:
            if level.start_cents <= subtotal[r] and subtotal[r] > 0:
                continue
            reach = int(np.searchsorted(gained, level.start_cents)) + 1
            if reach > len(order):
                break
            trial = assign.copy()
            trial[order[: max(reach, always)]] = r
            yield trial


def _kick(problem, costs, assign, current) -> tuple[np.ndarray, int]:
    """Try every fill followed by a local search; keep the best plan found."""
    best, best_total = assign, current
    scored = []
    for trial in _fills(problem, costs, assign):
        value = _total(problem, costs, trial)
        if value < INFEASIBLE:
            scored.append((value, trial))
    scored.sort(key=lambda pair: pair[0])
    for _, trial in scored[:8]:
        improved = _improve(problem, costs, trial)
        value = _total(problem, costs, improved)
        if value < best_total:
            best, best_total = improved, value
    return best, best_total


def _best_swap(problem, costs, assign, subtotal, base) -> np.ndarray | None:
    """Exchange two items between two orders when that lowers the total; None if none does."""
    cost = problem.cost_cents
    n = len(assign)
    here = cost[np.arange(n), assign]
    across = cost[:, assign]  # across[j, k]: item j at the retailer of item k
    valid = (across < NOT_SOLD) & (across.T < NOT_SOLD) & (assign[:, None] != assign[None, :])
    if not valid.any():
        return None
    left = np.broadcast_to(assign[:, None], (n, n))
    right = np.broadcast_to(assign[None, :], (n, n))
    new_left = np.where(valid, subtotal[left] - here[:, None] + across.T, 0)
    new_right = np.where(valid, subtotal[right] - here[None, :] + across, 0)
    delta = (
        costs.order_cost(new_left, left)
        - base[left]
        + costs.order_cost(new_right, right)
        - base[right]
    )
    delta = np.where(valid, delta, INFEASIBLE)
    j, k = np.unravel_index(delta.argmin(), delta.shape)
    if delta[j, k] >= 0:
        return None
    assign = assign.copy()
    assign[j], assign[k] = assign[k], assign[j]
    return assign


def _best_closure(problem, costs, assign, current_total) -> np.ndarray | None:
    """Close the open order whose items, moved to their cheapest other open order, save most."""
    subtotal = _subtotals(problem, assign)
    open_now = subtotal > 0
    best, best_total = None, current_total
    for r in np.flatnonzero(open_now):
        allowed = open_now.copy()
        allowed[r] = False
        trial = assign.copy()
        moving = assign == r
        target = _cheapest_allowed(problem, allowed)
        if target is None:
            continue
        trial[moving] = target[moving]
        value = _total(problem, costs, trial)
        if value < best_total:
            best, best_total = trial, value
    return best


def heuristic_plan(problem: Problem, budget_s: float = 0.15) -> np.ndarray | None:
    """A feasible assignment item -> retailer index, or None if none was found.

    Cheapest offers with ban-and-reassign, then local search; the compound moves ("kicks")
    run until they stop paying or ``budget_s`` is spent.
    """
    if not problem.item_ids:
        return np.zeros(0, dtype=np.int64)
    costs = StaircaseCosts(problem)
    assign = _ban_and_reassign(problem, costs)
    if assign is None:
        return None
    assign = _improve(problem, costs, assign)
    total = _total(problem, costs, assign)
    if total >= INFEASIBLE:
        return None
    deadline = time.perf_counter() + budget_s
    while time.perf_counter() < deadline:
        assign, better = _kick(problem, costs, assign, total)
        if better >= total:
            break
        total = better
    return assign
