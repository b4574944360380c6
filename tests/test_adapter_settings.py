"""The adapters' configuration: parsing, errors naming file/key/fix, entry points, secrets."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import requests

from household.config import load_config, parse_config
from household.errors import ConfigError
from household.model import FulfilmentMode, Gtin, ModeTerms
from retailer_adapters.base import OfferSource, ProductSource
from retailer_adapters.registry import (
    PRODUCTS_GROUP,
    RETAILERS_GROUP,
    AdapterContext,
    installed_adapters,
    load_adapter_class,
)
from retailer_adapters.settings import parse_adapter_settings

ISSUE_EXAMPLE = """
[openprices]
base_url = "https://prices.openfoodfacts.org"

[[retailer]]
id = "super-u-reze"
adapter = "openprices"
location_id = 1234
modes = [
  { id = "pickup", fee = 0.0, min_order = 0.0 },
  { id = "delivery", fee = 5.99, min_order = 50.0, free_above = 100.0 },
]
"""
BUILTINS = {"openprices", "http_retailer", "pricefile", "demo"}


def write(tmp_path: Path, text: str, mode: int = 0o600) -> Path:
    """A config file with the given permissions."""
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    os.chmod(path, mode)
    return path


def settings_of(tmp_path: Path, text: str):
    """Parse ``text`` as a config file, with the built-ins as installed adapters."""
    return parse_adapter_settings(load_config(write(tmp_path, text)), BUILTINS)


def test_the_issue_example_parses(tmp_path):
    settings = settings_of(tmp_path, ISSUE_EXAMPLE)
    (retailer,) = settings.retailers
    assert (retailer.id, retailer.name, retailer.adapter) == (
        "super-u-reze",
        "super-u-reze",
        "openprices",
    )
    assert retailer.options["location_ids"] == (1234,)
    assert retailer.modes == (
        ModeTerms(FulfilmentMode.PICKUP, 0, 0, None),
        ModeTerms(FulfilmentMode.DELIVERY, 599, 5000, 10000),
    )
    assert settings.openprices.base_url == "https://prices.openfoodfacts.org"


def test_no_config_means_defaults():
    settings = parse_adapter_settings(parse_config({}), BUILTINS)
    assert settings.retailers == ()
    assert settings.openfoodfacts.min_interval_s == 6.0


def test_unknown_adapter_lists_the_installed_ones(tmp_path):
    path = write(tmp_path, '[[retailer]]\nid = "x"\nadapter = "openprice"\nlocation_id = 1\n')
    with pytest.raises(ConfigError) as caught:
        parse_adapter_settings(load_config(path), BUILTINS)
    assert str(caught.value) == (
        f"[[retailer]] \"x\" in {path}: unknown adapter 'openprice'. Installed adapters: demo, "
        "http_retailer, openprices, pricefile. Check the spelling, or install the package that "
        "provides it."
    )


def test_wrong_key_names_file_key_and_fix(tmp_path):
    path = write(tmp_path, ISSUE_EXAMPLE.replace("location_id = 1234", "location = 1234"))
    with pytest.raises(ConfigError) as caught:
        parse_adapter_settings(load_config(path), BUILTINS)
    assert str(caught.value) == (
        f"Unknown key 'location' in [[retailer]] \"super-u-reze\" in {path}. Allowed here: "
        "currency, location_id, location_ids. Check the spelling, or remove it."
    )


def test_wrong_mode_key_is_named(tmp_path):
    text = ISSUE_EXAMPLE.replace("free_above = 100.0", "free_over = 100.0")
    with pytest.raises(ConfigError, match=r"Unknown key 'free_over' in \[\[retailer\]\] "):
        settings_of(tmp_path, text)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('id = "pickup"', 'id = "teleport"'), "mode id 'teleport' is not a fulfilment mode"),
        (("fee = 5.99", "fee = -1"), "fee is -1; write an amount in euros, e.g. 5.99."),
        (("location_id = 1234", 'location_id = "1234"'), "needs location_id = <number>"),
        (('base_url = "https', 'base_url = "ftp'), "write a URL starting with https://"),
        (
            ("location_id = 1234", 'location_id = 1234\nwebsite = "www.shop.example"'),
            "website is 'www.shop.example'; write a URL starting with https://",
        ),
        (
            ("location_id = 1234", 'location_id = 1234\nsearch_url = "https://s.example/q="'),
            "write the site's search address with {query} where the barcode goes",
        ),
    ],
)
def test_bad_values_say_what_to_write(tmp_path, change, message):
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)")):
        settings_of(tmp_path, ISSUE_EXAMPLE.replace(*change))


def test_drive_is_pickup_and_money_is_exact(tmp_path):
    text = ISSUE_EXAMPLE.replace('id = "pickup", fee = 0.0', 'id = "drive", fee = 0.1')
    terms = settings_of(tmp_path, text).retailers[0].modes[0]
    assert (terms.mode, terms.fee_cents) == (FulfilmentMode.PICKUP, 10)


def test_where_to_order_by_hand(tmp_path):
    text = ISSUE_EXAMPLE.replace(
        "location_id = 1234",
        'location_id = 1234\nwebsite = "https://www.drive.example/"\n'
        'search_url = "https://www.drive.example/search?q={query}"',
    )
    links = settings_of(tmp_path, text).retailers[0].links
    assert links.website == "https://www.drive.example"
    assert links.product_link(Gtin.parse("3017620422003"), "Nutella") == (
        "https://www.drive.example/search?q=3017620422003"
    )
    assert links.product_link(None, "pâte à tartiner") == (
        "https://www.drive.example/search?q=p%C3%A2te%20%C3%A0%20tartiner"
    )


def test_duplicate_ids_are_refused(tmp_path):
    text = ISSUE_EXAMPLE + '\n[[retailer]]\nid = "super-u-reze"\nadapter = "demo"\n'
    with pytest.raises(ConfigError, match="Two \\[\\[retailer\\]\\] tables"):
        settings_of(tmp_path, text)


def test_third_party_keys_pass_through(tmp_path):
    text = '[[retailer]]\nid = "k"\nadapter = "kroger"\nzip_code = "45202"\n'
    (retailer,) = parse_adapter_settings(load_config(write(tmp_path, text)), {"kroger"}).retailers
    assert retailer.options["zip_code"] == "45202"


def test_world_readable_token_is_refused(tmp_path):
    text = '[[retailer]]\nid = "h"\nadapter = "http_retailer"\nurl = "http://x"\ntoken = "s3cret"\n'
    path = write(tmp_path, text, 0o644)
    with pytest.raises(ConfigError, match=f"Run: chmod 600 {path}"):
        load_config(path)
    os.chmod(path, 0o600)
    (retailer,) = parse_adapter_settings(load_config(path), BUILTINS).retailers
    assert retailer.options["token"] == "s3cret"


BUILT_IN_TABLES = {
    "openprices": {"location_id": 1234},
    "http_retailer": {"url": "http://127.0.0.1:9"},
    "pricefile": {},
    "demo": {"demo_id": "demo-marche-bleu"},
}


def test_every_entry_point_loads_and_builds_a_protocol_instance(db_path):
    retailers = installed_adapters(RETAILERS_GROUP)
    assert set(retailers) >= BUILTINS
    raw = {"retailer": [{"id": f"r-{n}", "adapter": n, **t} for n, t in BUILT_IN_TABLES.items()]}
    settings = parse_adapter_settings(parse_config(raw), set(retailers))
    context = AdapterContext(settings, requests.Session(), db_path=db_path)
    for retailer in settings.retailers:
        cls = load_adapter_class(retailer.adapter, RETAILERS_GROUP)
        assert cls.name == retailer.adapter
        assert cls.__module__ == f"retailer_adapters.{retailer.adapter}"
        assert isinstance(cls.from_settings(retailer, context), OfferSource)
    products = installed_adapters(PRODUCTS_GROUP)
    assert "openfoodfacts" in products
    for name in products:
        cls = load_adapter_class(name, PRODUCTS_GROUP)
        assert cls.name == name
        assert isinstance(cls.from_settings(context), ProductSource)


def test_unknown_name_at_load_time_lists_installed():
    with pytest.raises(ConfigError, match=r"unknown adapter 'nope'. Installed adapters: demo, "):
        load_adapter_class("nope")
