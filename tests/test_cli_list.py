"""The list commands as a person runs them: real subprocesses on a real database file."""

from __future__ import annotations

import json
import sqlite3

import pytest

NUTELLA = "3017620422003"


def items(restock) -> list[dict]:
    result = restock("list", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["items"]


def test_database_defaults_to_the_user_data_directory(restock, cli_env):
    assert restock("add", "lait").returncode == 0
    db = f"{cli_env['XDG_DATA_HOME']}/restock/household.db"
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT name FROM items").fetchall() == [("lait",)]
    conn.close()


def test_db_option_and_environment_variable(restock, tmp_path):
    by_option = tmp_path / "a.db"
    by_env = tmp_path / "b.db"
    assert restock("--db", str(by_option), "add", "pain").returncode == 0
    assert restock("add", "beurre", env={"RESTOCK_DB": str(by_env)}).returncode == 0
    assert restock("--db", str(by_env), "add", "lait").returncode == 0
    names = lambda db: [i["name"] for i in items(lambda *a: restock("--db", str(db), *a))]  # noqa: E731
    assert names(by_option) == ["pain"]
    assert names(by_env) == ["beurre", "lait"]


def test_add_merge_remove_undo_round_trip(restock):
    assert restock("add", "lait", "--by", "ana").stdout == "Added lait\n"
    assert restock("add", "lait", "-q", "2", "--by", "bob").stdout == "lait: now 3\n"
    assert restock("add", "pommes", "de", "terre", "-q", "2", "-u", "kilos").stdout == (
        "Added pommes de terre (2 kg)\n"
    )
    listed = items(restock)
    assert [(i["name"], i["quantity"], i["unit"], i["added_by"], i["source"]) for i in listed] == [
        ("lait", 3.0, None, "ana", "typed"),
        ("pommes de terre", 2.0, "kg", listed[1]["added_by"], "typed"),
    ]
    assert set(listed[0]) >= {"name", "gtin", "quantity", "unit", "added_by", "source", "added_at"}
    assert restock("remove", "lait").stdout == "Removed lait\n"
    assert [i["name"] for i in items(restock)] == ["pommes de terre"]
    assert restock("undo").stdout.startswith("Undid: Removed lait (by ")
    assert [i["name"] for i in items(restock)] == ["lait", "pommes de terre"]


def test_unknown_barcode_then_name_it(restock):
    result = restock("add", NUTELLA, "--by", "ana")
    assert result.stdout == f'Added unknown {NUTELLA}; name it with: restock name {NUTELLA} "..."\n'
    assert items(restock)[0]["gtin"] == NUTELLA
    assert restock("name", NUTELLA, "pâte à tartiner").stdout == (
        f"{NUTELLA} is now called pâte à tartiner\n"
    )
    assert items(restock)[0]["name"] == "pâte à tartiner"


def test_list_table_shows_who_when_and_how(restock):
    restock("add", "lait", "-q", "2", "-u", "l", "--by", "ana")
    result = restock("list")
    assert result.returncode == 0
    header, row = result.stdout.splitlines()[2], result.stdout.splitlines()[4]
    for column in ("Name", "Qty", "Unit", "Who", "When", "How"):
        assert column in header
    for value in ("lait", "2", "l", "ana", "just now", "typed"):
        assert value in row


def test_empty_list_says_how_to_start(restock):
    assert "restock add lait" in restock("list").stdout


def test_history(restock):
    restock("add", "lait", "--by", "ana")
    restock("undo", "--by", "bob")
    changes = json.loads(restock("history", "--json").stdout)["changes"]
    assert [(c["by"], c["summary"], c["undone"]) for c in changes] == [("ana", "Added lait", True)]
    assert "Added lait" in restock("history").stdout


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ("add", "3017620422004"),
            1,
            "restock: 3017620422004 fails its check digit (the last digit should be 3 for "
            "these digits, not 4): a digit was misread or mistyped. Scan it again, or type "
            "it carefully from the package.\n",
        ),
        (("add", "lait", "-u", "brouette"), 2, "restock: Unknown unit 'brouette'"),
        (("add", "lait", "-q", "0"), 2, "restock: --quantity must be more than 0"),
        (("add", "lait", "-q", "deux"), 2, "is not a valid float"),
        (("remove", "caviar"), 1, "restock: 'caviar' is not on the list; nothing was changed."),
        (("name", "123", "x"), 1, "restock: 123 has 3 digits"),
        (("frobnicate",), 2, "No such command 'frobnicate'"),
    ],
)
def test_refusals_say_what_to_do_without_traceback(restock, args, code, message):
    restock("add", "lait")
    before = items(restock)
    result = restock(*args)
    assert result.returncode == code
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert items(restock) == before


def test_corrupt_database_is_reported_and_untouched(restock, tmp_path):
    db = tmp_path / "household.db"
    db.write_bytes(b"not a database" * 200)
    result = restock("--db", str(db), "list")
    assert result.returncode == 1
    assert result.stderr.startswith(f"restock: {db} is not a readable restock database")
    assert "Traceback" not in result.stderr
    assert db.read_bytes() == b"not a database" * 200


def test_missing_config_file_named_explicitly(restock, tmp_path):
    result = restock("--config", str(tmp_path / "nope.toml"), "add", "lait")
    assert result.returncode == 2
    assert "nope.toml does not exist" in result.stderr


def test_member_from_configuration(restock, tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('[household]\nmember = "Camille"\n')
    restock("--config", str(config), "add", "lait")
    assert items(restock)[0]["added_by"] == "Camille"


def test_undo_with_empty_history(restock):
    result = restock("undo")
    assert (result.returncode, result.stderr) == (
        1,
        "restock: Nothing to undo: the history is empty.\n",
    )


def test_allow_sets_the_substitution_policy(restock):
    restock("add", "lait")
    assert restock("allow", "store-brand", "lait").stdout == "lait: a store's own brand is fine\n"
    assert items(restock)[0]["substitution"] == "store_brand"
    refused = restock("allow", "cheapest", "lait")
    assert refused.returncode == 2
    assert "'cheapest' is not one of" in refused.stderr
