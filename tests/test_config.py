"""The configuration file: defaults, every kind of mistake, and secrets kept private."""

from __future__ import annotations

import pytest

from household.config import load_config, parse_config
from household.errors import ConfigError
from household.paths import resolve_config_path, resolve_db_path


def test_no_file_means_embedded_defaults(tmp_path):
    config = load_config(tmp_path / "config.toml")
    assert config.path is None
    assert config.household.member is None
    assert config.household.language == "fr"


def test_explicit_file_must_exist(tmp_path):
    with pytest.raises(ConfigError, match="does not exist. Create it, or drop --config"):
        load_config(tmp_path / "config.toml", required=True)


def test_household_section(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[household]\nmember = "Ana"\nlanguage = "en"\nmembers = ["Ana", "Bob"]\n')
    config = load_config(path)
    assert (config.household.member, config.household.language) == ("Ana", "en")
    assert config.household.members == ("Ana", "Bob")
    assert config.path == path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[househod]\nmember = 'x'\n", "Unknown section [househod] in {path}"),
        ("[household]\nmembre = 'x'\n", "Unknown key household.membre in {path}"),
        ("[household]\nlanguage = 'de'\n", "household.language in {path} is 'de'"),
        ("[household]\nmember = ''\n", "household.member in {path} must be a name"),
        ("[household]\nmembers = 'Ana'\n", "household.members in {path} must be a list"),
        ("household = 3\n", "[household] in {path} must be a table"),
        ("[household\n", "is not valid TOML"),
    ],
)
def test_mistakes_name_the_file_the_key_and_the_fix(tmp_path, text, message):
    path = tmp_path / "config.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert message.format(path=path) in str(err.value)


def test_binary_file_is_not_utf8(tmp_path):
    path = tmp_path / "config.toml"
    path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ConfigError, match="is not UTF-8 text"):
        load_config(path)


def test_secret_in_a_world_readable_file_is_refused(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[[retailer]]\nid = "x"\nadapter = "http"\ntoken = "s3cret"\n')
    path.chmod(0o644)
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert str(err.value) == (
        f"{path} holds a secret (a token or password) but other users can read it. "
        f"Run: chmod 600 {path}"
    )
    path.chmod(0o600)
    assert load_config(path).sections["retailer"][0]["token"] == "s3cret"


def test_parse_config_is_pure():
    config = parse_config({"household": {"member": "Ana"}})
    assert config.household.member == "Ana"
    assert config.path is None


def test_paths_follow_options_then_environment_then_xdg(tmp_path):
    env = {"XDG_DATA_HOME": str(tmp_path / "d"), "XDG_CONFIG_HOME": str(tmp_path / "c")}
    assert resolve_db_path(None, env) == tmp_path / "d" / "restock" / "household.db"
    assert resolve_db_path(None, {**env, "RESTOCK_DB": "/x/y.db"}).as_posix() == "/x/y.db"
    assert resolve_db_path("/o.db", {**env, "RESTOCK_DB": "/x/y.db"}).as_posix() == "/o.db"
    assert resolve_config_path(None, env) == (tmp_path / "c" / "restock" / "config.toml", False)
    assert resolve_config_path(None, {**env, "RESTOCK_CONFIG": "/e.toml"})[1] is True
