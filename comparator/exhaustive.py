"""Exact answer by trying every plan, for baskets small enough to list all their plans.

A household's quick top-up (a handful of items, three or four shops) has a few hundred
possible plans: scoring them all with numpy takes well under a millisecond, where setting
up a MILP costs several (dev tiny class: 1 to 10 ms for HiGHS, 0.1 to 0.5 ms here). Every
plan is scored exactly in cents by the same staircase costs as the heuristic, so the
minimum found is the proven optimum, with nothing left to prove.
"""

from __future__ import annotations

import math

import numpy as np

from comparator.heuristic import INFEASIBLE, StaircaseCosts
from comparator.presolve import NOT_SOLD, Problem

__all__ = ["MAX_PLANS", "best_plan_by_enumeration", "plan_count"]

MAX_PLANS = 20_000
"""Above this many plans the MILP is the faster proof."""

_CHUNK = 4096


def plan_count(problem: Problem) -> int:
    """How many item -> retailer assignments there are (each item at a shop selling it)."""
    sellers = (problem.cost_cents < NOT_SOLD).sum(axis=1)
    return math.prod(int(count) for count in sellers)


def best_plan_by_enumeration(problem: Problem) -> tuple[np.ndarray, int] | None:
    """The cheapest (assignment, total) over every plan, or None when none is feasible.

    Feasible means every order meets a fee level of its retailer (its minimum) and, under a
    cap, there are no more orders than allowed. Ties go to the first plan listed.
    """
    cost = problem.cost_cents
    n, m = cost.shape
    if n == 0:
        return np.zeros(0, dtype=np.int64), 0
    choices = [np.flatnonzero(cost[j] < NOT_SOLD) for j in range(n)]
    sizes = [len(c) for c in choices]
    staircases = StaircaseCosts(problem)
    best: tuple[np.ndarray, int] | None = None
    count = math.prod(sizes)
    for start in range(0, count, _CHUNK):
        index = np.arange(start, min(start + _CHUNK, count))
        # mixed-radix digits of the plan number: one digit per item, its seller's rank
        digits = np.empty((len(index), n), dtype=np.int64)
        rest = index
        for j in range(n - 1, -1, -1):
            rest, digits[:, j] = np.divmod(rest, sizes[j])
        assign = np.column_stack([choices[j][digits[:, j]] for j in range(n)])
        subtotal = np.zeros((len(index), m), dtype=np.int64)
        rows = np.arange(len(index))
        for j in range(n):
            subtotal[rows, assign[:, j]] += cost[j, assign[:, j]]
        per_order = staircases.order_cost(subtotal)
        feasible = (per_order < INFEASIBLE).all(axis=1)
        total = np.where(per_order < INFEASIBLE, per_order, 0).sum(axis=1)
        if problem.max_orders is not None:
            feasible &= np.count_nonzero(subtotal, axis=1) <= problem.max_orders
        total = np.where(feasible, total, INFEASIBLE)
        k = int(total.argmin())
        if total[k] < INFEASIBLE and (best is None or total[k] < best[1]):
            best = (assign[k].copy(), int(total[k]))
    return best
