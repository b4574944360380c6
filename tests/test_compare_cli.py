"""``restock compare`` as a real subprocess: the demo retailers, the review, carts on consent."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import requests

from comparator.cli_compare import compare_options
from household.config import Config
from household.errors import ConfigError
from household.model import FulfilmentMode
from household.store import HouseholdStore
from retailer_adapters.demo import load_demo_catalog
from retailer_adapters.reference_server import ReferenceRetailer, make_server, serve_in_thread

LIST = [("lait", 2), ("oeufs", 1), ("café moulu", 1), ("beurre", 1), ("truffes blanches", 1)]


def fill_list(db_path: Path, lines=LIST, barcodes: tuple[str, ...] = ()) -> None:
    """A real household database holding ``lines`` (names) and ``barcodes``."""
    store = HouseholdStore.open(db_path)
    try:
        for name, quantity in lines:
            store.add(name, quantity, by="test")
        for code in barcodes:
            store.add(code, by="test")
    finally:
        store.close()


def test_compare_json_on_the_demo_retailers(restock, db_path, tmp_path):
    fill_list(db_path)
    result = restock("--db", str(db_path), "compare", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["status"] == "optimal"
    assert data["unpriced"] == ["truffes blanches"]
    assert data["unavailable"] == ["truffes blanches"]
    assert data["failed_retailers"] == []
    bought = [item for order in data["orders"] for item in order["items"]]
    assert sorted(bought) == ["beurre", "café moulu", "lait", "oeufs"]
    total_cents = sum(round((o["subtotal"] + o["fee"]) * 100) for o in data["orders"])
    assert round(data["total"] * 100) == total_cents
    for order in data["orders"]:
        lines = sum(round(data["purchases"][i]["line_total"] * 100) for i in order["items"])
        assert lines == round(order["subtotal"] * 100)
    assert data["purchases"]["lait"]["packs"] == 2
    # In-store costs nothing on the demo, so the best single store bounds the plan.
    single = data["savings"]["single_channel"]
    assert single["total"] >= data["total"] >= data["savings"]["cheapest_offers_fees_ignored"]
    assert set(data) >= {"substitutions", "stale", "name_matches", "savings"}


def test_compare_review_and_phone_list(restock, db_path):
    fill_list(db_path)
    result = restock("--db", str(db_path), "compare", "--handoff")
    assert result.returncode == 0, result.stderr
    out = result.stdout.splitlines()
    assert any(line.startswith("Total ") and " in " in line for line in out)
    assert "No price for:" in out
    assert "  truffes blanches: no retailer sells anything named like 'truffes blanches'" in out
    assert any(line.startswith("Saving against the best single retailer (") for line in out)
    assert any("Phone list (in-store orders)" in line for line in out)
    assert any(line.startswith("[ ] 2 × Lait") for line in out)
    # The page as a data: URL when its code fits in 100 columns, else the text.
    scan = [i for i, line in enumerate(out) if line.startswith("Scan to ")]
    assert len(scan) == 1 and out[scan[0]].endswith(" the list on the phone:")
    code = out[scan[0] + 1 :]
    assert len(code) > 20 and all(len(row) == len(code[0]) <= 100 for row in code)


def test_compare_refuses_unknown_modes_and_a_bare_yes(restock, db_path):
    fill_list(db_path)
    result = restock("--db", str(db_path), "compare", "--modes", "pickup,teleport")
    assert result.returncode == 2
    assert result.stderr == (
        "restock: Unknown mode 'teleport' in --modes. Use pickup (drive), delivery or store, "
        "separated by commas, e.g. --modes pickup,store.\n"
    )
    result = restock("--db", str(db_path), "compare", "--yes")
    assert result.returncode == 2
    assert result.stderr == "restock: --yes only confirms carts: use it with --send-carts.\n"
    result = restock("--db", str(db_path), "compare", "--json", "--handoff")
    assert result.returncode == 2
    assert result.stderr == (
        "restock: --json prints only the plan; run --handoff or --send-carts without --json.\n"
    )


def test_an_impossible_cap_is_explained_and_fails(restock, db_path):
    fill_list(db_path, [("lait", 1)])
    result = restock("--db", str(db_path), "compare", "--max-orders", "0")
    assert result.returncode == 1
    assert "No basket meets the constraints." in result.stdout
    assert "max_orders is 0" in result.stdout
    result = restock("--db", str(db_path), "compare", "--max-orders", "0", "--json")
    assert result.returncode == 0
    assert json.loads(result.stdout)["status"] == "infeasible"


@pytest.fixture
def drive_server() -> Iterator[tuple[str, ReferenceRetailer]]:
    """The reference HTTP retailer (with carts) serving the demo catalog on loopback."""
    retailer = ReferenceRetailer(load_demo_catalog(), "demo-hyper-azur")
    server = make_server(retailer)
    serve_in_thread(server)
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", retailer
    finally:
        server.shutdown()
        server.server_close()


def drive_config(tmp_path: Path, url: str) -> Path:
    config = tmp_path / "config.toml"
    config.write_text(
        f"""
[[retailer]]
id = "azur-drive"
name = "Azur Drive"
adapter = "http_retailer"
url = "{url}"
modes = [{{ id = "pickup", fee = 1.50, min_order = 0.0 }}]
""",
        encoding="utf-8",
    )
    config.chmod(0o600)
    return config


def test_a_cart_leaves_only_after_a_yes_to_the_price(restock, db_path, tmp_path, drive_server):
    url, retailer = drive_server
    fill_list(db_path, [], barcodes=("3761000001011", "3761037001039"))
    config = drive_config(tmp_path, url)
    base = ("--db", str(db_path), "--config", str(config), "compare", "--send-carts")

    refused = restock(*base, input="n\n")
    assert refused.returncode == 0, refused.stderr
    assert "Send a pickup cart of 2 line(s) to Azur Drive for " in refused.stdout
    assert "Azur Drive: not sent." in refused.stdout
    assert retailer.carts == {}

    accepted = restock(*base, input="y\n")
    assert accepted.returncode == 0, accepted.stderr
    assert len(retailer.carts) == 1
    (cart,) = retailer.carts.values()
    assert cart["mode"] == "pickup"
    assert sorted(line["gtin"] for line in cart["lines"]) == ["3761000001011", "3761037001039"]
    assert "nothing is ordered until you check out" in accepted.stdout


def test_yes_confirms_carts_out_loud(restock, db_path, tmp_path, drive_server):
    url, retailer = drive_server
    fill_list(db_path, [], barcodes=("3761000001011",))
    config = drive_config(tmp_path, url)
    result = restock(
        "--db", str(db_path), "--config", str(config), "compare", "--send-carts", "--yes"
    )
    assert result.returncode == 0, result.stderr
    assert "yes (--yes)" in result.stdout
    assert len(retailer.carts) == 1


def test_serve_list_serves_the_phone_list_on_loopback(restock_popen, db_path):
    fill_list(db_path, [("lait", 2), ("oeufs", 1)])
    process = restock_popen("--db", str(db_path), "serve-list", "--port", "0")
    try:
        url = process.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:"), process.stderr.read()
        page = requests.get(url, timeout=5)
        text = requests.get(url + "list.txt", timeout=5)
        missing = requests.get(url + "nothing", timeout=5)
    finally:
        process.terminate()
        process.communicate(timeout=10)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    assert "<input type=checkbox>" in page.text
    assert "[ ] 2 × Lait" in text.text
    assert missing.status_code == 404


@pytest.fixture
def restock_popen(cli_env):
    """Start the installed ``restock`` in the background (a server), stdout piped."""
    executable = Path(sys.executable).with_name("restock")

    def start(*args: str) -> subprocess.Popen:
        return subprocess.Popen(
            [str(executable), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=cli_env,
        )

    return start


def test_options_come_from_the_command_line_then_the_comparator_section():
    config = Config(
        Path("/etc/restock/config.toml"),
        sections={"comparator": {"stale_after_days": 30, "modes": ["drive", "store"]}},
    )
    options, timeout_s = compare_options(config, None, None, None, date(2026, 11, 24))
    assert options.stale_after_days == 30 and timeout_s == 10.0
    assert options.modes == {FulfilmentMode.PICKUP, FulfilmentMode.STORE}
    options, _ = compare_options(config, 2, "delivery", 7, date(2026, 11, 24))
    assert (options.max_orders, options.modes, options.stale_after_days) == (
        2,
        {FulfilmentMode.DELIVERY},
        7,
    )


def test_a_wrong_comparator_setting_names_the_file_and_the_key():
    config = Config(Path("/etc/restock/config.toml"), sections={"comparator": {"stale": 3}})
    with pytest.raises(ConfigError) as caught:
        compare_options(config, None, None, None, date(2026, 11, 24))
    assert str(caught.value) == (
        "Unknown key 'stale' in [comparator] in /etc/restock/config.toml. Allowed here: "
        "max_orders, modes, stale_after_days, timeout_s. Check the spelling, or remove it."
    )
    config = Config(Path("/c.toml"), sections={"comparator": {"max_orders": "two"}})
    with pytest.raises(ConfigError) as caught:
        compare_options(config, None, None, None, date(2026, 11, 24))
    assert str(caught.value) == (
        "[comparator] in /c.toml: max_orders is 'two'; write a whole number of at least 0."
    )
