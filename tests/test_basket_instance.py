"""Parsing basket instance files: integer cents, frozen values, clear errors."""

from __future__ import annotations

import json
from dataclasses import FrozenInstanceError
from decimal import Decimal

import pytest

from comparator.instance import (
    BasketInstance,
    InstanceItem,
    InstanceMode,
    InstanceOffer,
    load_instance,
    parse_instance,
)
from household.errors import InvalidInstance


def instance_dict(**overrides):
    data = {
        "items": [{"id": "milk", "quantity": 2}],
        "retailers": [
            {
                "id": "shopA",
                "modes": [
                    {"id": "pickup", "fee": 0.0, "min_order": 0.0, "free_above": None},
                    {"id": "delivery", "fee": 5.9, "min_order": 50.0, "free_above": 100.0},
                ],
                "offers": [{"item": "milk", "price": 1.09}],
            }
        ],
        "max_orders": None,
    }
    data.update(overrides)
    return data


def test_parse_readme_example_into_cents():
    instance = parse_instance(instance_dict())
    assert instance == BasketInstance(
        items=(InstanceItem("milk", 2),),
        retailers=(
            instance.retailers[0].__class__(
                id="shopA",
                modes=(
                    InstanceMode("pickup", 0, 0, None),
                    InstanceMode("delivery", 590, 5000, 10000),
                ),
                offers=(InstanceOffer("milk", 109),),
            ),
        ),
        max_orders=None,
    )
    with pytest.raises(FrozenInstanceError):
        instance.max_orders = 3  # type: ignore[misc]


def test_amounts_never_go_through_float_arithmetic(tmp_path):
    path = tmp_path / "i.json"
    data = instance_dict()
    data["retailers"][0]["offers"][0]["price"] = 0.29  # 0.29 * 100 == 28.999999999999996
    path.write_text(json.dumps(data))
    assert load_instance(path).retailers[0].offers[0].price_cents == 29


def test_duplicate_offer_keeps_the_cheapest_and_unlisted_items_are_ignored():
    data = instance_dict()
    data["retailers"][0]["offers"] = [
        {"item": "milk", "price": 1.20},
        {"item": "bread", "price": 2.00},
        {"item": "milk", "price": 0.99},
    ]
    assert parse_instance(data).retailers[0].offers == (InstanceOffer("milk", 99),)


def test_mode_fee_for():
    mode = InstanceMode("delivery", 590, 5000, 10000)
    assert (mode.fee_for(9999), mode.fee_for(10000)) == (590, 0)
    assert InstanceMode("pickup", 200, 0, None).fee_for(10**9) == 200


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d.pop("max_orders"),
            "the instance lacks the key(s) max_orders",
        ),
        (
            lambda d: d.update(extra=1),
            "the instance has unknown key(s) extra; expected exactly items, max_orders, retailers",
        ),
        (
            lambda d: d["items"][0].update(quantity=0),
            "items[0].quantity must be a whole number >= 1, got 0",
        ),
        (
            lambda d: d["items"][0].update(quantity=1.5),
            "items[0].quantity must be a whole number >= 1, got 1.5",
        ),
        (
            lambda d: d["retailers"][0]["offers"][0].update(price=1.099),
            "retailers[0].offers[0].price must have at most 2 decimals (cents), got 1.099",
        ),
        (
            lambda d: d["retailers"][0]["modes"][1].update(fee=-1),
            "retailers[0].modes[1].fee must be an amount >= 0, got -1",
        ),
        (
            lambda d: d["retailers"][0]["modes"][0].update(fee="2.00"),
            'retailers[0].modes[0].fee must be an amount such as 4.99, got "2.00"',
        ),
        (
            lambda d: d["items"].append({"id": "milk", "quantity": 1}),
            "items: the id 'milk' appears twice; ids must be unique",
        ),
        (
            lambda d: d.update(max_orders=-1),
            "max_orders must be a whole number >= 0 or null, got -1",
        ),
        (
            lambda d: d.update(retailers={}),
            "retailers must be a JSON list, got {}",
        ),
        (
            lambda d: d["retailers"][0].update(id=""),
            'retailers[0].id must be a non-empty string, got ""',
        ),
    ],
)
def test_malformed_instances_say_what_and_where(change, message):
    data = instance_dict()
    change(data)
    with pytest.raises(InvalidInstance) as caught:
        parse_instance(data)
    assert str(caught.value) == message


def test_load_names_the_file(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"items": [}')
    with pytest.raises(InvalidInstance) as caught:
        load_instance(path)
    assert str(caught.value).startswith(f"{path}: not valid JSON (")
    with pytest.raises(InvalidInstance) as caught:
        load_instance(tmp_path / "missing.json")
    assert (
        str(caught.value)
        == f"{tmp_path / 'missing.json'}: no such file; check the path of the instance"
    )


def test_decimal_input_is_accepted():
    data = instance_dict()
    data["retailers"][0]["offers"][0]["price"] = Decimal("1.10")
    assert parse_instance(data).retailers[0].offers[0].price_cents == 110
