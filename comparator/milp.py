"""The exact model of a presolved basket problem, solved with HiGHS to the cent.

Variables: x[j,r] = 1 when item j is bought at retailer r (one per offer), and w[r,l] = 1
when retailer r's order goes out at fee level l (the presolved staircase). The formulation
is per retailer, not per (retailer, mode): at most one order per retailer loses nothing, and
the staircase already holds each retailer's best admissible mode for any subtotal.

    min  sum c[j,r] x[j,r] + sum fee[r,l] w[r,l]
    s.t. sum_r x[j,r] = 1                          every item bought once
         x[j,r] <= sum_l w[r,l]                    only at an open retailer (disaggregated)
         sum_l w[r,l] <= 1                         one fee level per retailer
         sum_j min(c[j,r], S_r) x[j,r] >= sum_l start[r,l] w[r,l]   (S_r = top start)
         sum_{r,l} w[r,l] <= max_orders

Choosing one level among several (rather than stacking fee discounts) keeps the relaxation
of a retailer's fee tighter, and capping coefficients at S_r is exact for 0/1 solutions.
(Disaggregating x by level was tried: its root bound after cuts is no better, and it is slower.)
A retailer whose only level is "from 0 on, free" needs no w at all unless there is a cap.
The objective is integral (cents), so a gap below one cent proves the optimum.
"""

from __future__ import annotations

import functools
import os
import sys
from dataclasses import dataclass

import highspy
import numpy as np

from comparator.presolve import Problem

__all__ = ["MilpResult", "solve_milp"]

RESTARTS_ABOVE_ITEMS = 80
"""HiGHS may restart its search only on baskets of more items than this (see solve_milp)."""


@dataclass(frozen=True, slots=True)
class MilpResult:
    """What HiGHS proved: an assignment item -> retailer, or that there is none."""

    assign: np.ndarray | None
    """Retailer index per item, or None when the model is infeasible."""
    objective_cents: int | None
    dual_bound: float | None


def _needs_opening(problem: Problem) -> list[bool]:
    capped = problem.max_orders is not None
    return [
        capped or not (len(levels) == 1 and levels[0].start_cents == 0 and levels[0].fee_cents == 0)
        for levels in problem.levels
    ]


def solve_milp(
    problem: Problem,
    warm_start: np.ndarray | None = None,
    *,
    cutoff_cents: int | None = None,
) -> MilpResult:
    """Solve the presolved problem exactly; a warm start (item -> retailer) is optional.

    With ``cutoff_cents``, only plans cheaper than it are sought: "infeasible" then means
    that no plan beats the cutoff.
    """
    model = _Model(problem)
    h = _quiet_highs()
    if cutoff_cents is not None:
        h.setOptionValue("objective_bound", cutoff_cents - 0.5)
    h.setOptionValue("mip_rel_gap", 0.0)
    # Integral objective in cents: an absolute gap below 1 proves the optimum to the cent.
    h.setOptionValue("mip_abs_gap", 0.999)
    # Measured on the dev set: with our warm start, HiGHS' RINS / RENS sub-MIPs cost more
    # than they find (about 2x on the hardest threshold instances), so they are off.
    h.setOptionValue("mip_heuristic_run_rins", False)
    h.setOptionValue("mip_heuristic_run_rens", False)
    # Restarts re-run presolve and the root cut loop on the model HiGHS shrank by reduced
    # costs: worth it on large baskets, not on small ones, where they cost more than they
    # save. Measured up to 80 items (dev d07-d30 and 15 generated baskets of 40-80 items):
    # 6.3 s -> 3.4 s in total without restarts (d16 0.76 -> 0.43 s, d30 1.26 -> 0.77 s); at
    # 90-120 items a wash (18.9 s both ways); large ones need them (d24 2.5 s with, 20 s
    # without).
    h.setOptionValue("mip_allow_restart", len(problem.item_ids) > RESTARTS_ABOVE_ITEMS)
    model.load_into(h)
    if warm_start is not None:
        values = model.values_of(warm_start)
        h.setSolution(len(values), np.arange(len(values), dtype=np.int32), values)
    h.run()
    status = h.getModelStatus()
    if status == highspy.HighsModelStatus.kInfeasible:
        return MilpResult(assign=None, objective_cents=None, dual_bound=None)
    if status != highspy.HighsModelStatus.kOptimal:
        raise RuntimeError(f"HiGHS stopped with status {h.modelStatusToString(status)}")
    info = h.getInfo()
    return MilpResult(
        assign=model.assignment(np.asarray(h.getSolution().col_value)),
        objective_cents=round(info.objective_function_value),
        dual_bound=info.mip_dual_bound,
    )


@functools.cache
def _silence_banner() -> None:
    """Create the process's first Highs with stdout parked.

    HiGHS prints its banner from C++ when the first instance of a process is made, before
    any option can be set; it would corrupt ``--json`` output. Later instances are silent.
    """
    sys.stdout.flush()
    try:
        saved = os.dup(1)
    except OSError:  # no stdout at all: nothing to protect
        highspy.Highs()
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(devnull)


def _quiet_highs() -> highspy.Highs:
    """A Highs instance that prints nothing."""
    _silence_banner()
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    return h


class _Model:
    """Columns and rows of the per-retailer model, built with numpy."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        n = len(problem.item_ids)
        self.x_item, self.x_retailer = np.nonzero(problem.sold)
        x_cost = problem.cost_cents[self.x_item, self.x_retailer]
        num_x = len(self.x_item)
        opening = _needs_opening(problem)
        self.w_index: dict[tuple[int, int], int] = {}
        fees: list[float] = []
        for r, levels in enumerate(problem.levels):
            if opening[r]:
                for k, level in enumerate(levels):
                    self.w_index[r, k] = num_x + len(fees)
                    fees.append(float(level.fee_cents))
        self.num_cols = num_x + len(fees)
        self.col_cost = np.concatenate([x_cost.astype(np.float64), np.array(fees)])

        rows = _Rows()
        by_item = np.argsort(self.x_item, kind="stable")
        bounds = np.searchsorted(self.x_item[by_item], np.arange(n + 1))
        rows.add_many(1.0, 1.0, by_item, bounds, np.ones(num_x))
        for r, levels in enumerate(problem.levels):
            if not opening[r]:
                continue
            level_cols = np.array([self.w_index[r, k] for k in range(len(levels))])
            rows.add(-_INF, 1.0, level_cols, np.ones(len(level_cols)))
            here = np.flatnonzero(self.x_retailer == r)
            # x[j,r] <= sum_l w[r,l]: disaggregated, one row per offer
            rows.add_block(here, level_cols)
            top = max(level.start_cents for level in levels)
            if top > 0:
                starts = np.array([-float(level.start_cents) for level in levels])
                coefficients = np.minimum(x_cost[here], top).astype(np.float64)
                rows.add(0.0, _INF, np.append(here, level_cols), np.append(coefficients, starts))
        if problem.max_orders is not None and fees:
            cols = np.arange(num_x, self.num_cols)
            rows.add(-_INF, float(problem.max_orders), cols, np.ones(len(cols)))
        self.rows = rows

    def load_into(self, h: highspy.Highs) -> None:
        """Pass columns (all binary) and rows to HiGHS."""
        empty_i, empty_f = np.zeros(0, dtype=np.int32), np.zeros(0)
        num = self.num_cols
        h.addCols(num, self.col_cost, np.zeros(num), np.ones(num), 0, empty_i, empty_i, empty_f)
        h.changeColsIntegrality(
            num, np.arange(num, dtype=np.int32), np.full(num, highspy.HighsVarType.kInteger)
        )
        lower, upper, starts, index, value = self.rows.arrays()
        h.addRows(len(lower), lower, upper, len(index), starts, index, value)

    def values_of(self, assign: np.ndarray) -> np.ndarray:
        """Column values of a plan: its offers at each open retailer's best reached level."""
        problem = self.problem
        n = len(assign)
        subtotal = np.bincount(
            assign, weights=problem.cost_cents[np.arange(n), assign], minlength=len(problem.levels)
        )
        best_level = np.full(len(problem.levels), -1)
        for r, levels in enumerate(problem.levels):
            reached = [k for k, level in enumerate(levels) if level.start_cents <= subtotal[r]]
            if subtotal[r] > 0 and reached:
                best_level[r] = reached[-1]
        values = np.zeros(self.num_cols)
        values[: len(self.x_item)] = assign[self.x_item] == self.x_retailer
        for r, k in enumerate(best_level):
            if k >= 0 and (r, int(k)) in self.w_index:
                values[self.w_index[r, int(k)]] = 1.0
        return values

    def assignment(self, col_value: np.ndarray) -> np.ndarray:
        """Item -> retailer index from a solution's column values."""
        chosen = col_value[: len(self.x_item)] > 0.5
        assign = np.empty(len(self.problem.item_ids), dtype=np.int64)
        assign[self.x_item[chosen]] = self.x_retailer[chosen]
        return assign


_INF = highspy.kHighsInf


class _Rows:
    """Rows gathered as (lower, upper, columns, coefficients), turned into CSR arrays once."""

    def __init__(self) -> None:
        self.lower: list[float] = []
        self.upper: list[float] = []
        self.index: list[np.ndarray] = []
        self.value: list[np.ndarray] = []
        self.lengths: list[np.ndarray] = []

    def add(self, lower: float, upper: float, cols: np.ndarray, coefficients: np.ndarray) -> None:
        """One row."""
        self.lower.append(lower)
        self.upper.append(upper)
        self.index.append(np.asarray(cols))
        self.value.append(np.asarray(coefficients, dtype=np.float64))
        self.lengths.append(np.array([len(cols)]))

    def add_many(self, lower, upper, cols, bounds, coefficients) -> None:
        """Rows i = cols[bounds[i]:bounds[i+1]], all with the same bounds."""
        count = len(bounds) - 1
        self.lower.extend([lower] * count)
        self.upper.extend([upper] * count)
        self.index.append(cols)
        self.value.append(np.asarray(coefficients, dtype=np.float64))
        self.lengths.append(np.diff(bounds))

    def add_block(self, singles: np.ndarray, shared: np.ndarray) -> None:
        """Rows col - sum(shared) <= 0, one per col of singles."""
        count, width = len(singles), len(shared) + 1
        self.lower.extend([-_INF] * count)
        self.upper.extend([0.0] * count)
        block = np.column_stack([singles, np.tile(shared, (count, 1))])
        self.index.append(block.ravel())
        self.value.append(np.tile(np.append(1.0, -np.ones(len(shared))), count))
        self.lengths.append(np.full(count, width))

    def arrays(self):
        """lower, upper, row starts, column indices and values for Highs.addRows."""
        lengths = np.concatenate(self.lengths) if self.lengths else np.zeros(0, dtype=np.int64)
        starts = (np.cumsum(lengths) - lengths).astype(np.int32)
        index = np.concatenate(self.index).astype(np.int32) if self.index else np.zeros(0, np.int32)
        value = np.concatenate(self.value) if self.value else np.zeros(0)
        return (
            np.array(self.lower, dtype=np.float64),
            np.array(self.upper, dtype=np.float64),
            starts,
            index,
            value,
        )
