"""The adapters' commands through the real `restock` group, a real database and server."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from adapter_server import DATA_DIR, ReplayServer, Reply, recorded, serving
from click.testing import CliRunner

from household.cli import cli
from household.model import Gtin
from household.store import HouseholdStore


@pytest.fixture
def replay_server() -> Iterator[ReplayServer]:
    """The local server replaying recorded answers, for one test."""
    with serving() as server:
        yield server


def run(db_path: Path, config: Path | None, *args: str):
    """Invoke `restock` with its own database and configuration."""
    options = ["--db", str(db_path)] + (["--config", str(config)] if config else [])
    env = {"RESTOCK_CONFIG": "", "XDG_CONFIG_HOME": str(db_path.parent / "xdg")}
    return CliRunner().invoke(cli, [*options, *args], env=env)


def off_config(tmp_path: Path, url: str) -> Path:
    """A configuration pointing Open Food Facts at the local server."""
    path = tmp_path / "config.toml"
    path.write_text(
        f'[openfoodfacts]\nbase_url = "{url}"\nnonfood_urls = []\nmin_interval_s = 0\n'
        "retries = 0\n"
        '\n[[retailer]]\nid = "carrefour"\nadapter = "pricefile"\n',
        encoding="utf-8",
    )
    os.chmod(path, 0o600)
    return path


def test_lookup_asks_once_then_uses_the_cache(replay_server, tmp_path, db_path):
    path = "/api/v2/product/3017620422003"
    replay_server.add(path, Reply(body=recorded("openfoodfacts", "product_nutella.json")))
    config = off_config(tmp_path, replay_server.url)

    first = run(db_path, config, "lookup", "3017620422003")
    second = run(db_path, config, "lookup", "3017620422003")

    assert first.exit_code == 0, first.output
    assert "Pâte à tartiner Nutella noisettes et cacao - 400g" in first.output
    assert "Ferrero" in first.output and "Nutri-Score  E" in first.output
    assert second.output == first.output
    assert len(replay_server.hits(path)) == 1


def test_lookup_while_down_queues_the_code(replay_server, tmp_path, db_path):
    replay_server.add("/api/v2/product/3017620422003", Reply(503, "<html>503</html>"))
    result = run(db_path, off_config(tmp_path, replay_server.url), "lookup", "3017620422003")
    assert result.exit_code == 1
    assert "stays queued and will be looked up again later" in result.output
    store = HouseholdStore.open(db_path)
    try:
        assert store.due_lookups() == [Gtin.parse("3017620422003")]
    finally:
        store.close()


def test_lookup_of_an_unknown_product(replay_server, tmp_path, db_path):
    replay_server.add(
        "/api/v2/product/3600523614516", Reply(404, recorded("openfoodfacts", "not_found.json"))
    )
    result = run(db_path, off_config(tmp_path, replay_server.url), "lookup", "3600523614516")
    assert result.exit_code == 1
    assert 'Name it yourself: restock name 3600523614516 "<name>".' in result.output


def test_prices_import_into_the_configured_retailer(replay_server, tmp_path, db_path):
    config = off_config(tmp_path, replay_server.url)
    result = run(
        db_path, config, "prices", "import", str(DATA_DIR / "pricefile" / "carrefour_export.csv")
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "Imported 4 prices for carrefour from carrefour_export.csv (carrefour): 4 new, 0 updated.",
        "  skipped line 5: CAR000001 is not a valid barcode (Coupon FIDELITE)",
        "  skipped line 6: quantity -1 (a return or a discount line: COCA COLA 33CL)",
    ]
    assert replay_server.requests == []  # importing never touches the network


def test_prices_import_store_filter(tmp_path, db_path):
    config = off_config(tmp_path, "http://127.0.0.1:9")
    csv = str(DATA_DIR / "pricefile" / "carrefour_export.csv")
    result = run(db_path, config, "prices", "import", csv, "--store", "Carrefour Echirolles")
    assert "Imported 1 prices for carrefour" in result.output
    missing = run(db_path, config, "prices", "import", csv, "--store", "Nowhere")
    assert missing.exit_code != 0
    assert "Shops in the file: Carrefour Echirolles, Carrefour Grenoble Jaures." in missing.output


def test_prices_import_needs_a_retailer_without_config(db_path):
    csv = str(DATA_DIR / "pricefile" / "carrefour_export.csv")
    result = run(db_path, None, "prices", "import", csv)
    assert result.exit_code != 0
    assert "Say which retailer these prices are from: --retailer ID." in result.output


def test_retailers_lists_demo_and_installed(db_path):
    result = run(db_path, None, "retailers")
    assert result.exit_code == 0, result.output
    assert "Retailers (demo: none configured)" in result.output
    assert "demo-hyper-azur" in result.output
    assert "Offer sources installed: demo, http_retailer, openprices, pricefile" in result.output


def test_unknown_adapter_is_a_config_error(tmp_path, db_path):
    config = tmp_path / "config.toml"
    config.write_text('[[retailer]]\nid = "x"\nadapter = "krogr"\n', encoding="utf-8")
    result = run(db_path, config, "retailers")
    assert result.exit_code == 2
    assert "unknown adapter 'krogr'. Installed adapters: demo, http_retailer" in result.output


def test_prices_list_shows_the_newest_per_product(tmp_path, db_path):
    config = off_config(tmp_path, "http://127.0.0.1:9")
    assert "No prices kept yet." in run(db_path, config, "prices", "list").output
    run(db_path, config, "prices", "import", str(DATA_DIR / "pricefile" / "carrefour_export.csv"))
    output = run(db_path, config, "prices", "list").output
    assert "Prices kept by the household" in output
    nutella = [line for line in output.splitlines() if "NUTELLA" in line]
    assert len(nutella) == 1 and "3.99 €" in nutella[0] and "2026-06-03" in nutella[0]
