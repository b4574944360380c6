"""``restock basket solve``: the JSON contract, the rich rendering and the errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from household.cli import cli

REPO = Path(__file__).resolve().parent.parent


def write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "instance.json"
    path.write_text(json.dumps(data))
    return path


INSTANCE = {
    "items": [
        {"id": "milk", "quantity": 2},
        {"id": "eggs", "quantity": 1},
        {"id": "unicorn", "quantity": 1},
    ],
    "retailers": [
        {
            "id": "shopA",
            "modes": [
                {"id": "pickup", "fee": 1.5, "min_order": 0.0, "free_above": None},
                {"id": "delivery", "fee": 5.9, "min_order": 3.0, "free_above": 4.0},
            ],
            "offers": [{"item": "milk", "price": 1.09}, {"item": "eggs", "price": 2.3}],
        }
    ],
    "max_orders": None,
}


def test_solve_json_is_exactly_the_documented_shape(tmp_path):
    result = CliRunner().invoke(cli, ["basket", "solve", str(write(tmp_path, INSTANCE)), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {
        "status": "optimal",
        "total": 4.48,
        "orders": [
            {
                "retailer": "shopA",
                "mode": "delivery",
                "items": ["milk", "eggs"],
                "subtotal": 4.48,
                "fee": 0.0,
            }
        ],
        "unavailable": ["unicorn"],
    }


def test_solve_renders_panels_without_json(tmp_path):
    result = CliRunner().invoke(cli, ["basket", "solve", str(write(tmp_path, INSTANCE))])
    assert result.exit_code == 0, result.output
    assert "shopA · delivery" in result.output
    assert "subtotal 4.48  ·  fee free" in result.output
    assert "Total 4.48 in 1 order" in result.output
    assert "Nobody sells: unicorn" in result.output


def test_infeasible_json_and_plain(tmp_path):
    data = json.loads(json.dumps(INSTANCE))
    data["max_orders"] = 0
    path = write(tmp_path, data)
    result = CliRunner().invoke(cli, ["basket", "solve", str(path), "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "status": "infeasible",
        "total": None,
        "orders": [],
        "unavailable": ["unicorn"],
    }
    plain = CliRunner().invoke(cli, ["basket", "solve", str(path)])
    assert plain.exit_code == 1
    assert plain.output == (
        f"restock: {path}: max_orders is 0 but 2 item(s) can be bought (milk, eggs); "
        "allow at least one order\n"
    )


def test_malformed_instance_is_a_clear_error(tmp_path):
    data = json.loads(json.dumps(INSTANCE))
    data["retailers"][0]["offers"][0]["price"] = 1.099
    result = CliRunner().invoke(cli, ["basket", "solve", str(write(tmp_path, data))])
    assert result.exit_code == 1
    assert result.output == (
        f"restock: {tmp_path / 'instance.json'}: retailers[0].offers[0].price must have at "
        "most 2 decimals (cents), got 1.099\n"
    )


def test_installed_command_prints_clean_json(shared_dir):
    """A real subprocess: HiGHS' banner must not leak into stdout."""
    restock = Path(sys.executable).parent / "restock"
    command = [str(restock)] if restock.exists() else [sys.executable, "-m", "household.cli"]
    path = shared_dir / "basket" / "edge" / "e06_threshold_cents_float_trap.json"
    done = subprocess.run(
        [*command, "basket", "solve", str(path), "--json"],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    answer = json.loads(done.stdout)
    assert (answer["status"], answer["total"]) == ("optimal", 1.0)
    assert answer["orders"][0]["fee"] == 0.0
