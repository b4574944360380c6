"""Issue 6's goal, end to end: several Open Prices stores, one failing, through ``restock compare``.

A real local HTTP server replays Open Prices-shaped answers (rows copied from the recorded
tests/data/openprices page, with codes, stores, prices and dates set per case); the real
``restock`` command, configured with three stores, asks it and plans the basket. Dates are
relative to today because the adapter drops prices older than a year.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from adapter_server import Recorded, ReplayServer, Reply, recorded, serving

from household.store import HouseholdStore

SUPER_U, HYPER_U, BROKEN = 1234, 5678, 4321
NUTELLA, COCA, BUTTER, NOCCIOLATA = (
    "3017620422003",
    "5449000000996",
    "3228021170039",
    "8001505005707",
)
TEMPLATE = recorded("openprices", "prices_page1.json")["items"][0]


def price_row(code: str, name: str, location: int, price: float, days_ago: int) -> dict:
    """One Open Prices price, in the recorded shape."""
    row = copy.deepcopy(TEMPLATE)
    row.update(
        product_code=code,
        price=price,
        location_id=location,
        date=(date.today() - timedelta(days=days_ago)).isoformat(),
    )
    row["product"] = {**row["product"], "code": code, "product_name": name}
    row["location"] = {**row["location"], "id": location}
    return row


ROWS = {
    SUPER_U: [
        price_row(NUTELLA, "Nutella", SUPER_U, 4.29, 3),
        # An older, cheaper price of the same jar in the same store must not be used.
        price_row(NUTELLA, "Nutella", SUPER_U, 3.50, 60),
        price_row(COCA, "Coca-Cola Original", SUPER_U, 0.89, 10),
        price_row(BUTTER, "Beurre doux", SUPER_U, 2.10, 5),
    ],
    HYPER_U: [
        price_row(NUTELLA, "Nutella", HYPER_U, 3.99, 8),
        price_row(NUTELLA, "Nutella", HYPER_U, 4.59, 30),
        price_row(BUTTER, "Beurre doux", HYPER_U, 1.95, 120),
    ],
}


def answer(request: Recorded) -> Reply:
    """Open Prices as the stores see it: store 4321's server is down, the others answer."""
    locations = {int(i) for i in request.query["location_id__in"][0].split(",")}
    if BROKEN in locations:
        return Reply(
            503, "<html>503 Service Temporarily Unavailable</html>", {"Content-Type": "text/html"}
        )
    codes = set(request.query["product_code__in"][0].split(","))
    rows = [r for loc in sorted(locations) for r in ROWS.get(loc, []) if r["product_code"] in codes]
    rows.sort(key=lambda r: r["date"], reverse=True)
    return Reply(200, {"items": rows, "page": 1, "pages": 1, "size": 100, "total": len(rows)})


@pytest.fixture
def open_prices() -> Iterator[ReplayServer]:
    with serving() as server:
        server.route("/api/v1/prices", answer)
        yield server


def write_config(tmp_path: Path, url: str) -> Path:
    config = tmp_path / "config.toml"
    config.write_text(
        f"""
[openprices]
base_url = "{url}"
retries = 0
timeout_s = 5

[[retailer]]
id = "super-u-reze"
name = "Super U Rezé"
adapter = "openprices"
location_id = {SUPER_U}
modes = [{{ id = "store", fee = 0.0, min_order = 0.0 }}]

[[retailer]]
id = "hyper-u-bouguenais"
name = "Hyper U Bouguenais"
adapter = "openprices"
location_id = {HYPER_U}
modes = [
  {{ id = "pickup", fee = 2.0, min_order = 5.0, free_above = 20.0 }},
  {{ id = "store", fee = 0.0, min_order = 0.0 }},
]

[[retailer]]
id = "leclerc-broken"
name = "E.Leclerc (en panne)"
adapter = "openprices"
location_id = {BROKEN}
modes = [{{ id = "store", fee = 0.0, min_order = 0.0 }}]
""",
        encoding="utf-8",
    )
    config.chmod(0o600)
    return config


def fill_list(db_path: Path) -> None:
    store = HouseholdStore.open(db_path)
    try:
        store.add(NUTELLA, 2, by="test")
        store.add(COCA, 6, by="test")
        store.add(BUTTER, 1, by="test")
        store.add(NOCCIOLATA, 1, by="test")
        store.add("pain de mie", 1, by="test")
        store.name_product(NUTELLA, "Nutella", by="test")
        store.name_product(COCA, "Coca-Cola", by="test")
        store.name_product(BUTTER, "Beurre doux", by="test")
        store.name_product(NOCCIOLATA, "Nocciolata", by="test")
    finally:
        store.close()


def test_several_open_prices_stores_one_failing(restock, db_path, tmp_path, open_prices):
    fill_list(db_path)
    config = write_config(tmp_path, open_prices.url)
    result = restock("--db", str(db_path), "--config", str(config), "compare", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)

    # Every store was asked, by location, for the scanned codes only.
    asked = sorted(r.query["location_id__in"][0] for r in open_prices.hits("/api/v1/prices"))
    assert asked == sorted([str(SUPER_U), str(HYPER_U), str(BROKEN)])
    for request in open_prices.hits("/api/v1/prices"):
        codes = request.query["product_code__in"][0].split(",")
        assert sorted(codes) == sorted([NUTELLA, COCA, BUTTER, NOCCIOLATA])

    # The failing store is reported by id and by name; the others went on.
    assert [f["retailer"] for f in data["failed_retailers"]] == ["leclerc-broken"]
    assert data["failed_retailers"][0]["message"].startswith("E.Leclerc (en panne) was left out")
    # Nocciolata is priced by nobody reachable; bread has no barcode for Open Prices.
    assert data["unpriced"] == ["Nocciolata", "pain de mie"]

    # Newest price per store: Nutella 4.29 at Super U (not 3.50), 3.99 at Hyper U (not 4.59).
    purchases = data["purchases"]
    assert purchases["Nutella"]["price"] == 3.99 and purchases["Nutella"]["retailer"] == (
        "hyper-u-bouguenais"
    )
    # The plan, by hand: Nutella 2 x 3.99 + butter 1.95 at Hyper U = 9.93, below the 20.00
    # free-pickup threshold, so in-store (no fee); Coca 6 x 0.89 = 5.34 only at Super U.
    assert data["status"] == "optimal"
    assert data["total"] == 15.27
    assert data["orders"] == [
        {
            "retailer": "super-u-reze",
            "mode": "store",
            "items": ["Coca-Cola"],
            "subtotal": 5.34,
            "fee": 0.0,
        },
        {
            "retailer": "hyper-u-bouguenais",
            "mode": "store",
            "items": ["Nutella", "Beurre doux"],
            "subtotal": 9.93,
            "fee": 0.0,
        },
    ]
    # Super U alone: 2 x 4.29 + 6 x 0.89 + 2.10 = 16.02 (Hyper U has no Coca).
    assert data["savings"]["single_channel"] == {
        "retailer": "super-u-reze",
        "mode": "store",
        "total": 16.02,
        "saving": 0.75,
    }
    assert data["savings"]["cheapest_offers_fees_ignored"] == 15.27
    # The butter price at Hyper U is 120 days old: flagged.
    assert [(s["item"], s["retailer"], s["age_days"]) for s in data["stale"]] == [
        ("Beurre doux", "hyper-u-bouguenais", 120)
    ]


def test_the_same_comparison_for_people(restock, db_path, tmp_path, open_prices):
    fill_list(db_path)
    config = write_config(tmp_path, open_prices.url)
    result = restock("--db", str(db_path), "--config", str(config), "compare", "--max-orders", "1")
    assert result.returncode == 0, result.stderr
    out = result.stdout.splitlines()
    assert out[0].startswith("╭─ Super U Rezé · store ─")
    assert "Total 16.02 in 1 order" in out
    assert "Saving against the best single retailer (Super U Rezé · store, 16.02): 0.00" in out
    assert "No price for:" in out
    assert "  pain de mie: no retailer sells anything named like 'pain de mie'" in out
    assert "Retailers left out:" in out
    assert any(line.startswith("  E.Leclerc (en panne) was left out") for line in out)
