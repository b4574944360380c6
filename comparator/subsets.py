"""Exact search over retailer subsets, for a tight cap on the number of orders.

With at most K orders, some optimal plan buys only from a set S of K retailers, and within
S the cap holds by itself. For every S, the bound LB(S) = sum over items of the cheapest
price inside S (fees and minimums ignored) is a lower bound on the best plan inside S.
Taking the sets in increasing LB(S), solving each exactly (with a cutoff at the best total
so far) and stopping once LB(S) reaches that total proves the optimum: every set not solved
cannot beat it. A small MILP per set is much easier than one MILP in which the cap couples
every retailer.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import replace
from math import comb

import numpy as np

from comparator.presolve import NOT_SOLD, Problem

__all__ = ["MAX_SUBSETS", "TooManySubsets", "search_subsets", "subset_bounds", "subset_count"]

MAX_SUBSETS = 120_000
"""Above this many sets of K retailers the caller solves one MILP instead."""

MAX_SOLVES = 400
"""Above this many sets whose bound is below the incumbent, one MILP is faster."""

_TRIAL_SOLVES = 10
_CHUNK = 4096


class TooManySubsets(Exception):
    """The bounds are too weak for the subset search to pay off (not a user error)."""

    def __init__(self, left: int, best_assign: np.ndarray | None) -> None:
        super().__init__(f"{left} sets of retailers could still beat the best plan")
        self.best_assign = best_assign
        """The best plan found so far (a warm start for the MILP), if any."""


def subset_bounds(problem: Problem, size: int) -> tuple[np.ndarray, np.ndarray]:
    """All sets of `size` retailers covering every item, and their bounds, best first."""
    m = len(problem.retailer_ids)
    cost = problem.cost_cents
    all_sets = np.array(list(itertools.combinations(range(m), size)), dtype=np.int64)
    bounds = np.empty(len(all_sets), dtype=np.int64)
    for start in range(0, len(all_sets), _CHUNK):
        chunk = all_sets[start : start + _CHUNK]
        cheapest = cost[:, chunk].min(axis=2)  # (items, sets)
        covered = (cheapest < NOT_SOLD).all(axis=0)
        total = np.where(cheapest < NOT_SOLD, cheapest, 0).sum(axis=0)
        bounds[start : start + len(chunk)] = np.where(covered, total, NOT_SOLD)
    order = np.argsort(bounds, kind="stable")
    keep = bounds[order] < NOT_SOLD
    return all_sets[order][keep], bounds[order][keep]


def restrict(problem: Problem, retailers: np.ndarray) -> Problem:
    """The problem with only these retailers and no cap (there are no more than the cap)."""
    return replace(
        problem,
        retailer_ids=tuple(problem.retailer_ids[r] for r in retailers),
        cost_cents=problem.cost_cents[:, retailers],
        levels=tuple(problem.levels[r] for r in retailers),
        max_orders=None,
    )


def search_subsets(
    problem: Problem,
    incumbent: tuple[np.ndarray, int] | None,
    solve: Callable[[Problem, int | None], tuple[np.ndarray, int] | None],
    *,
    max_solves: int = MAX_SOLVES,
) -> tuple[np.ndarray, int, int] | None:
    """The optimal (assignment, total, sets solved) under the cap, or None if infeasible.

    ``solve(subproblem, cutoff)`` must return the best plan of the subproblem costing less
    than ``cutoff`` (None: no such plan), as (assignment into the subproblem, total).
    Raises TooManySubsets when more than ``max_solves`` sets could beat the incumbent; the
    caller then solves one MILP instead.
    """
    size = min(problem.max_orders or 0, len(problem.retailer_ids))
    sets, bounds = subset_bounds(problem, size)
    best_assign, best_total = incumbent if incumbent is not None else (None, None)
    solved = 0
    for retailers, bound in zip(sets, bounds, strict=True):
        if best_total is not None and bound >= best_total:
            break
        if solved == _TRIAL_SOLVES:
            # The best-bound sets usually hold the optimum: once they are solved the
            # incumbent is good, and what is left tells whether the search will pay off.
            left = len(bounds) if best_total is None else np.searchsorted(bounds, best_total)
            if left - solved > max_solves:
                raise TooManySubsets(int(left - solved), best_assign)
        found = solve(restrict(problem, retailers), best_total)
        solved += 1
        if found is not None and (best_total is None or found[1] < best_total):
            best_assign, best_total = retailers[found[0]], found[1]
    if best_assign is None:
        return None
    return best_assign, best_total, solved


def subset_count(problem: Problem) -> int:
    """How many sets of K retailers there are."""
    return comb(len(problem.retailer_ids), problem.max_orders or 0)
