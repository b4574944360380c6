"""Cheapest basket: our exact solver against a plain HiGHS MILP and two naive heuristics.

One command: ``.venv/bin/python bench/bench_basket.py [--per-instance] [--repeat N]``.
For every instance of shared/basket/dev it times

- ours: ``comparator.optimize.solve_basket`` (presolve, warm start, per-retailer MILP or the
  subset search under a cap, item-by-item check), and
- plain: the textbook channel MILP of research/isop.md (x per item and channel, y per
  channel opened, z per fee waived), same HiGHS, same gap settings (rel 0, abs < 1 cent),
  no presolve of ours and no warm start,

and prints, per size class, the median / max seconds of each and the ratio of their total
times, with the gaps of the naive heuristics of BASELINE.md: (a) cheapest offer per item
with ban-and-reassign repair, (b) cheapest single channel. Both solvers must agree with
optimal.csv, or the row says so.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import highspy  # noqa: E402

from comparator.instance import (  # noqa: E402
    BasketInstance,
    InstanceItem,
    InstanceMode,
    InstanceOffer,
    InstanceRetailer,
    load_instance,
)
from comparator.optimize import solve_basket  # noqa: E402

SHARED = Path(os.environ.get("RESTOCK_SHARED", REPO.parent / "shared"))
CLASSES = ("tiny", "small", "medium", "large", "realistic")


def size_class(name: str, n_items: int) -> str:
    """The size classes of BASELINE.md."""
    if "_real_" in name:
        return "realistic"
    if n_items <= 10:
        return "tiny"
    if n_items <= 30:
        return "small"
    return "medium" if n_items <= 80 else "large"


class PlainTimeout(Exception):
    """The plain MILP hit its time limit (only used with --synthetic)."""


def solve_plain_milp(instance: BasketInstance, time_limit_s: float | None = None) -> int | None:
    """The optimal total in cents by the plain channel model, or None if infeasible."""
    quantity = {item.id: item.quantity for item in instance.items}
    channels = [(r, mode) for r in instance.retailers for mode in r.modes]
    offered = {o.item for r, _ in channels for o in r.offers}
    items = [item.id for item in instance.items if item.id in offered]
    if not items:
        return 0
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 0.999)
    if time_limit_s is not None:
        h.setOptionValue("time_limit", time_limit_s)
    x, objective = {}, []
    for k, (retailer, _) in enumerate(channels):
        for offer in retailer.offers:
            x[offer.item, k] = h.addBinary()
    for item in items:
        h.addConstr(sum(x[item, k] for k in range(len(channels)) if (item, k) in x) == 1)
    y = [h.addBinary() for _ in channels]
    z = [h.addBinary() for _ in channels]
    for k, (retailer, mode) in enumerate(channels):
        mine = [(x[o.item, k], o.price_cents * quantity[o.item]) for o in retailer.offers]
        for var, _ in mine:
            h.addConstr(var <= y[k])
        h.addConstr(y[k] <= sum(var for var, _ in mine))
        subtotal = sum(cents * var for var, cents in mine)
        h.addConstr(subtotal >= mode.min_order_cents * y[k])
        if mode.free_above_cents is None:
            h.addConstr(z[k] <= 0)
        else:
            h.addConstr(subtotal >= mode.free_above_cents * z[k])
        h.addConstr(z[k] <= y[k])
        objective.append(subtotal + mode.fee_cents * (y[k] - z[k]))
    if instance.max_orders is not None:
        h.addConstr(sum(y) <= instance.max_orders)
    h.minimize(sum(objective))
    status = h.getModelStatus()
    if status == highspy.HighsModelStatus.kInfeasible:
        return None
    if status == highspy.HighsModelStatus.kTimeLimit:
        raise PlainTimeout
    return round(h.getInfo().objective_function_value)


def _group_cost(retailer, subtotal: int) -> int | None:
    """Subtotal + fee on the retailer's cheapest admissible mode, None if none admits it."""
    fees = [m.fee_for(subtotal) for m in retailer.modes if subtotal >= m.min_order_cents]
    return subtotal + min(fees) if fees else None


def heuristic_repaired(instance: BasketInstance) -> int | None:
    """(a): cheapest offer per item, one order per retailer; ban and reassign until feasible."""
    quantity = {item.id: item.quantity for item in instance.items}
    retailers = [r for r in instance.retailers if r.modes]
    banned: set[str] = set()
    while True:
        groups: dict[str, int] = {}
        for item in instance.items:
            offers = [
                (o.price_cents, k)
                for k, r in enumerate(retailers)
                if r.id not in banned
                for o in r.offers
                if o.item == item.id
            ]
            if not offers and any(o.item == item.id for r in retailers for o in r.offers):
                return None  # every seller of this item is banned
            if offers:
                price, k = min(offers)
                groups[retailers[k].id] = groups.get(retailers[k].id, 0) + price * quantity[item.id]
        by_id = {r.id: r for r in retailers}
        costs = {rid: _group_cost(by_id[rid], s) for rid, s in groups.items()}
        bad = [rid for rid, cost in costs.items() if cost is None]
        if not bad and (instance.max_orders is None or len(groups) <= instance.max_orders):
            return sum(costs.values())
        banned.add(bad[0] if bad else min(groups, key=groups.get))


def heuristic_single_channel(instance: BasketInstance) -> int | None:
    """(b): the cheapest single (retailer, mode) that sells the whole list."""
    quantity = {item.id: item.quantity for item in instance.items}
    offered = {o.item for r in instance.retailers if r.modes for o in r.offers}
    wanted = [item.id for item in instance.items if item.id in offered]
    best = None
    for retailer in instance.retailers:
        price = {o.item: o.price_cents for o in retailer.offers}
        if not retailer.modes or any(item not in price for item in wanted):
            continue
        subtotal = sum(price[item] * quantity[item] for item in wanted)
        for mode in retailer.modes:
            if subtotal >= mode.min_order_cents:
                total = subtotal + mode.fee_for(subtotal)
                best = total if best is None else min(best, total)
    return best


def generate_capped(seed: int) -> tuple[str, BasketInstance]:
    """A capped instance in the spirit of the held-out set (caps, binding minimums and
    thresholds; one retailer sells everything, so it is feasible). For --synthetic only."""
    rnd = random.Random(seed)
    n, m, cap = rnd.choice([(60, 12, 3), (80, 15, 3), (100, 20, 4), (120, 20, 3), (150, 25, 5)])
    base = [rnd.uniform(0.5, 8.0) for _ in range(n)]
    quantity = [rnd.randint(1, 3) for _ in range(n)]
    prices = {
        (r, j): max(5, round(100 * base[j] * rnd.gauss(1.0, 0.06) * rnd.gauss(1, 0.1)))
        for r in range(m)
        for j in range(n)
        if r == 0 or rnd.random() < 0.6
    }
    naive = [0] * m
    for j in range(n):
        price, r = min((p, r) for (r, jj), p in prices.items() if jj == j)
        naive[r] += price * quantity[j]
    retailers = []
    for r in range(m):
        modes = []
        for mode, fee in (("pickup", rnd.randint(150, 500)), ("delivery", rnd.randint(300, 1000))):
            if rnd.random() < 0.5:  # minimum just under the threshold, above the naive subtotal
                minimum = round(naive[r] * rnd.uniform(1.02, 2.5)) + rnd.randint(500, 6000)
                modes.append(InstanceMode(mode, fee, minimum, minimum + 1))
            else:
                minimum = 0 if rnd.random() < 0.6 else rnd.randint(1000, 6000)
                free = round(max(minimum, naive[r]) * rnd.uniform(1.01, 1.3)) + 100
                modes.append(InstanceMode(mode, fee, minimum, free))
        offers = tuple(InstanceOffer(f"i{j}", prices[r, j]) for j in range(n) if (r, j) in prices)
        retailers.append(InstanceRetailer(f"r{r}", tuple(modes), offers))
    items = tuple(InstanceItem(f"i{j}", quantity[j]) for j in range(n))
    name = f"synthetic seed {seed}: {n}x{m}x2 cap {cap}"
    return name, BasketInstance(items, tuple(retailers), cap)


SYNTHETIC_PLAIN_LIMIT_S = 120.0


def run_synthetic(seeds: range) -> None:
    """Time ours against the plain MILP on generated capped instances; both must agree."""
    print("| instance | ours s | plain MILP s | ratio | same optimum |")
    print("|---|---|---|---|---|")
    for seed in seeds:
        name, instance = generate_capped(seed)
        ours, ours_s = _timed(solve_basket, instance, 1)
        start = time.perf_counter()
        try:
            plain = solve_plain_milp(instance, SYNTHETIC_PLAIN_LIMIT_S)
        except PlainTimeout:
            print(f"| {name} | {ours_s:.3f} | > {SYNTHETIC_PLAIN_LIMIT_S:.0f} (limit) | - | - |")
            continue
        plain_s = time.perf_counter() - start
        same = "yes" if ours.total_cents == plain else f"NO ({ours.total_cents} vs {plain})"
        print(
            f"| {name} | {ours_s:.3f} | {plain_s:.3f} | {ours_s / plain_s:.3f} | {same} |",
            flush=True,
        )


def _timed(function, instance, repeat: int):
    times, value = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        value = function(instance)
        times.append(time.perf_counter() - start)
    return value, min(times)


def _gap(value: int | None, optimum: int) -> float | None:
    return None if value is None or optimum == 0 else 100.0 * (value - optimum) / optimum


def _gap_cell(gaps: list[float | None]) -> str:
    feasible = [g for g in gaps if g is not None]
    if not feasible:
        return f"n/a ({0}/{len(gaps)})"
    return f"{statistics.mean(feasible):.1f} / {max(feasible):.1f} ({len(feasible)}/{len(gaps)})"


def main() -> int:
    """Run the benchmark and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-instance", action="store_true", help="also print every instance")
    parser.add_argument("--repeat", type=int, default=1, help="best of N runs (default 1)")
    parser.add_argument(
        "--synthetic",
        type=int,
        default=0,
        metavar="N",
        help="also time N generated capped instances (slow for the plain MILP)",
    )
    args = parser.parse_args()
    folder = SHARED / "basket" / "dev"
    if not folder.is_dir():
        print(f"shared data not found at {folder}: set RESTOCK_SHARED", file=sys.stderr)
        return 1
    with open(folder / "optimal.csv", newline="") as handle:
        optimum = {row["file"]: round(float(row["total"]) * 100) for row in csv.DictReader(handle)}

    rows = []
    for name, expected in optimum.items():
        instance = load_instance(folder / name)
        ours, ours_s = _timed(solve_basket, instance, args.repeat)
        plain, plain_s = _timed(solve_plain_milp, instance, args.repeat)
        rows.append(
            {
                "file": name,
                "class": size_class(name, len(instance.items)),
                "ours_s": ours_s,
                "plain_s": plain_s,
                "ok": ours.total_cents == expected and plain == expected,
                "a": _gap(heuristic_repaired(instance), expected),
                "b": _gap(heuristic_single_channel(instance), expected),
            }
        )
        if args.per_instance:
            print(
                f"{name:34s} ours {ours_s:7.3f} s  plain {plain_s:7.3f} s  "
                f"{'ok' if rows[-1]['ok'] else 'WRONG'}",
                flush=True,
            )

    header = (
        "| class | #inst | ours s median / max | plain MILP s median / max | ours/plain (sum) "
        "| (a) repaired gap % mean / max | (b) single channel gap % | all optimal |"
    )
    print(header)
    print("|" + "---|" * 8)
    for label in (*CLASSES, "all"):
        group = [r for r in rows if label in ("all", r["class"])]
        if not group:
            continue
        ours_t = [r["ours_s"] for r in group]
        plain_t = [r["plain_s"] for r in group]
        print(
            f"| {label} | {len(group)} "
            f"| {statistics.median(ours_t):.3f} / {max(ours_t):.3f} "
            f"| {statistics.median(plain_t):.3f} / {max(plain_t):.3f} "
            f"| {sum(ours_t) / sum(plain_t):.2f} "
            f"| {_gap_cell([r['a'] for r in group])} | {_gap_cell([r['b'] for r in group])} "
            f"| {'yes' if all(r['ok'] for r in group) else 'NO'} |"
        )
    hardest = max(rows, key=lambda r: r["plain_s"])
    print(
        f"\nhardest for the plain MILP: {hardest['file']}: plain {hardest['plain_s']:.2f} s, "
        f"ours {hardest['ours_s']:.2f} s (ratio {hardest['ours_s'] / hardest['plain_s']:.2f})"
    )
    realistic = [r for r in rows if r["file"].startswith("d29_real_60x8")]
    for r in realistic:
        print(f"realistic 60x8 basket ({r['file']}): ours {r['ours_s']:.3f} s (goal < 0.3 s)")
    if args.synthetic:
        print()
        run_synthetic(range(10, 10 + args.synthetic))
    return 0 if all(r["ok"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
