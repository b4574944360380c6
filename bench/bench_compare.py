"""``restock compare`` speed: the whole command on the demo retailers, and its pure core.

Prints one table. Rows: the command as a subprocess (imports, SQLite, the demo adapters,
matching, HiGHS, rendering) for a 10- and a 60-line list; then, in process, a 60-line
list against 8 synthetic retailers, split into matching + instance building, and the
optimizer alone on the instance built (the baseline of the ratio column).
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from comparator.matching import match_items, product_kind  # noqa: E402
from comparator.optimize import solve_basket  # noqa: E402
from comparator.planning import (  # noqa: E402
    CompareOptions,
    build_instance,
    line_labels,
    plan_comparison,
)
from household.model import (  # noqa: E402
    FulfilmentMode,
    ListItem,
    ModeTerms,
    Offer,
    Retailer,
    Source,
    Substitution,
)
from household.store import HouseholdStore  # noqa: E402
from retailer_adapters.collect import OfferReport  # noqa: E402
from retailer_adapters.demo import load_demo_catalog  # noqa: E402

RUNS = 3
NOW = datetime(2026, 11, 24, tzinfo=UTC)


def demo_list(size: int) -> list[tuple[str, Substitution]]:
    """``size`` lines from the demo catalog: half scanned barcodes, half typed names."""
    catalog = load_demo_catalog()
    kinds: dict[str, str] = {}
    codes = []
    for _code, product in catalog.products.items():
        kind = product_kind(product.name, product.brand)
        if kind not in kinds:
            kinds[kind] = product.name.split()[0]
            codes.append(product.gtin.short)
    names = list(dict.fromkeys(kinds.values()))
    lines = [(c, Substitution.ANY_BRAND) for c in codes[: size // 2]]
    lines += [(n, Substitution.EXACT) for n in names[: size - len(lines)]]
    return lines


def time_command(size: int) -> tuple[float, int]:
    """Median wall time of ``restock compare --json`` on a fresh database of ``size`` lines."""
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "h.db"
        store = HouseholdStore.open(db)
        for text, policy in demo_list(size):
            store.add(text, by="bench")
            store.db.execute(
                "UPDATE items SET substitution = ? WHERE id = (SELECT max(id) FROM items)",
                [str(policy)],
            )
        store.db.conn.commit()
        lines = len(store.items())
        store.close()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("RESTOCK_", "XDG_"))}
        env.update(XDG_CONFIG_HOME=tmp, XDG_DATA_HOME=tmp, XDG_CACHE_HOME=tmp)
        command = [str(Path(sys.executable).with_name("restock")), "--db", str(db), "compare"]
        times = []
        for _ in range(RUNS):
            start = time.perf_counter()
            done = subprocess.run([*command, "--json"], capture_output=True, text=True, env=env)
            times.append(time.perf_counter() - start)
            assert json.loads(done.stdout)["status"] == "optimal", done.stderr
        return statistics.median(times), lines


def synthetic_report(items: int, retailers: int, seed: int = 7) -> tuple[list, OfferReport]:
    """A household-sized case: each retailer prices ~80% of the lines, 1-3 pack sizes."""
    rng = random.Random(seed)
    lines = [
        ListItem(
            i, f"produit {i}", rng.choice([1, 1, 2, 3]), None, None, "b", Source.TYPED, NOW, NOW
        )
        for i in range(1, items + 1)
    ]
    shops, offers = [], []
    for r in range(retailers):
        modes = [ModeTerms(FulfilmentMode.STORE)]
        if r % 2 == 0:
            modes.append(ModeTerms(FulfilmentMode.PICKUP, rng.choice([0, 150]), 2500, 5000))
        if r % 3 == 0:
            modes.append(ModeTerms(FulfilmentMode.DELIVERY, 499, 4000, 9000))
        shops.append(Retailer(f"r{r}", f"Retailer {r}", tuple(modes)))
        for line in lines:
            if rng.random() < 0.8:
                for size in rng.sample([250, 500, 1000], rng.randint(1, 3)):
                    price = int(rng.uniform(80, 600) * size / 500)
                    offers.append(
                        Offer(
                            f"r{r}",
                            f"Produit {line.id} {size} g",
                            price,
                            size_value=size,
                            size_unit="g",
                            priced_on=date(2026, 11, 1),
                        )
                    )
    return lines, OfferReport(tuple(shops), tuple(offers))


def time_core(items: int, retailers: int) -> tuple[float, float, float]:
    """Median seconds: the whole plan_comparison, matching + instance, the optimizer alone."""
    lines, report = synthetic_report(items, retailers)
    options = CompareOptions(today=date(2026, 11, 24))
    whole, matching, solving = [], [], []
    for _ in range(RUNS):
        start = time.perf_counter()
        plan_comparison(lines, report, options)
        whole.append(time.perf_counter() - start)
        start = time.perf_counter()
        matched = match_items(lines, report.offers)
        labels = line_labels(lines)
        instance = build_instance({labels[m.item.id]: m for m in matched}, report.retailers)
        matching.append(time.perf_counter() - start)
        start = time.perf_counter()
        solve_basket(instance)
        solving.append(time.perf_counter() - start)
    return statistics.median(whole), statistics.median(matching), statistics.median(solving)


def main() -> None:
    """Print the table."""
    rows = []
    for size in (10, 60):
        seconds, lines = time_command(size)
        rows.append((f"restock compare --json, demo, {lines} lines", seconds, None))
    whole, matching, solving = time_core(60, 8)
    rows.append(("plan_comparison, 60 lines x 8 retailers", whole, whole / solving))
    rows.append(("  matching + instance", matching, matching / solving))
    rows.append(("  solve_basket alone (baseline)", solving, 1.0))
    print(f"{'case':<48} {'median s':>9} {'x solve':>8}")
    for name, seconds, ratio in rows:
        shown = f"{ratio:8.2f}" if ratio is not None else f"{'':>8}"
        print(f"{name:<48} {seconds:9.3f} {shown}")


if __name__ == "__main__":
    main()
