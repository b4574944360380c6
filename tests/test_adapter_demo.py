"""The bundled demo retailers: valid data, sensible offers, and the file is up to date."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from household.errors import ConfigError
from household.model import FulfilmentMode, Gtin, ListItem, Source, Substitution
from household.units import fold
from retailer_adapters.demo import DemoRetailerAdapter, load_demo_catalog
from retailer_adapters.demo_catalog import build_demo_catalog

NOW = datetime(2026, 11, 24, 9, tzinfo=UTC)
DATA = Path(__file__).parent.parent / "retailer_adapters" / "data" / "demo_retailers.json"


def item(text: str, item_id: int = 1, substitution=Substitution.EXACT) -> ListItem:
    """A list line for a barcode or a name."""
    gtin = Gtin.parse(text) if text.isdigit() else None
    return ListItem(item_id, text, 1, None, gtin, "ana", Source.SCAN, NOW, NOW, substitution)


@pytest.fixture(scope="module")
def catalog():
    """The bundled catalog, parsed once (every GTIN goes through Gtin.parse)."""
    return load_demo_catalog()


def test_bundled_file_matches_its_builder():
    assert json.loads(DATA.read_text("utf-8")) == build_demo_catalog()


def test_a_few_hundred_valid_products_and_four_retailers(catalog):
    assert len(catalog.products) >= 300
    assert len(catalog.retailers) == 4
    modes = {t.mode for _, terms in catalog.retailers.values() for t in terms}
    assert modes == set(FulfilmentMode)
    for shelf in catalog.prices.values():
        assert len(shelf) >= 50
        assert all(10 <= cents <= 5000 for cents in shelf.values())
    delivery = [t for _, ts in catalog.retailers.values() for t in ts if t.mode == "delivery"]
    assert all(t.fee_cents > 0 and t.min_order_cents > 0 and t.free_above_cents for t in delivery)


def test_store_brands_are_sold_only_by_their_chain(catalog):
    for retailer_id, shelf in catalog.prices.items():
        for code in shelf:
            product = catalog.products[code]
            if product.store_brand:
                own_brand = {
                    "demo-hyper-azur": "Azur",
                    "demo-marche-bleu": "Bleu Marché",
                    "demo-courses-express": "Express",
                }[retailer_id]
                assert product.brand == own_brand


def test_exact_barcode_and_words_of_a_name(catalog):
    source = DemoRetailerAdapter("demo-hyper-azur", catalog)
    offers = source.offers([item("3017620422003", 1), item("oeufs plein air", 2)])
    assert offers[0].name == "Pâte à tartiner Nutella" and offers[0].source == "demo"
    eggs = offers[1:]
    assert eggs and all("plein air" in o.name for o in eggs)
    assert [o.price_cents for o in eggs] == sorted(o.price_cents for o in eggs)


def test_substitution_brings_same_kind_alternatives(catalog):
    code = next(
        p.gtin.short
        for p in catalog.products.values()
        if p.name.startswith("Lait demi-écrémé UHT Lactel 1 l")
    )
    source = DemoRetailerAdapter("demo-hyper-azur", catalog)
    exact = source.offers([item(code)])
    loose = source.offers([item(code, substitution=Substitution.ANY_BRAND)])
    assert len(exact) == 1
    assert len(loose) > 1
    assert all(fold(o.name).startswith("lait demi-ecreme") for o in loose)
    assert any(o.store_brand for o in loose)


def test_unknown_demo_id_lists_the_demo_retailers(catalog):
    with pytest.raises(ConfigError, match="Demo retailers: demo-hyper-azur, demo-marche-bleu"):
        DemoRetailerAdapter("demo-nowhere", catalog)


def test_configured_modes_replace_the_bundled_ones(catalog):
    terms = catalog.retailers["demo-marche-bleu"][1][:1]
    source = DemoRetailerAdapter("demo-marche-bleu", catalog, terms)
    assert source.modes == {terms[0].mode}
    assert replace(terms[0]) == source.fulfilment_terms()[0]
