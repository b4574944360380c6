"""The HTTP retailer adapter against the reference server and against broken servers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import requests
from adapter_server import DATA_DIR, ReplayServer, Reply, serving

from household.errors import RetailerAuthFailed, RetailerResponseInvalid, RetailerUnavailable
from household.model import FulfilmentMode, Gtin, ListItem, ModeTerms, Source, WebLinks
from retailer_adapters.demo import parse_demo_catalog
from retailer_adapters.http_retailer import CartLine, HttpRetailerAdapter
from retailer_adapters.reference_server import ReferenceRetailer, make_server, serve_in_thread

CATALOG = DATA_DIR / "http_retailer" / "catalog.json"
NOW = datetime(2026, 11, 24, 9, tzinfo=UTC)


@pytest.fixture
def replay_server() -> Iterator[ReplayServer]:
    """The local server replaying recorded answers, for one test."""
    with serving() as server:
        yield server


def item(text: str, item_id: int = 1) -> ListItem:
    """A list line for a barcode or a name."""
    gtin = Gtin.parse(text) if text.isdigit() else None
    return ListItem(item_id, text, 1, None, gtin, "ana", Source.SCAN, NOW, NOW)


@pytest.fixture
def reference() -> Iterator[tuple[str, ReferenceRetailer]]:
    """The reference server on 127.0.0.1:0, serving the small test catalog, with a token."""
    catalog = parse_demo_catalog(json.loads(CATALOG.read_text("utf-8")))
    retailer = ReferenceRetailer(catalog, "epicerie-test")
    server = make_server(retailer, token="t0ken")
    serve_in_thread(server)
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", retailer
    finally:
        server.shutdown()
        server.server_close()


def adapter(url: str, token: str | None = "t0ken", **kwargs) -> HttpRetailerAdapter:
    """An adapter with fast retries."""
    return HttpRetailerAdapter(
        "epicerie", url, requests.Session(), token=token, backoff_s=0.01, **kwargs
    )


def test_offers_by_gtin_and_by_name(reference):
    url, _ = reference
    offers = adapter(url).offers(
        [item("3017620422003", 1), item("lait demi", 2), item("caviar", 3)]
    )
    assert [(o.name, o.price_cents, o.gtin.short) for o in offers] == [
        ("Pâte à tartiner Nutella 400 g", 399, "3017620422003"),
        ("Lait demi-écrémé UHT Maison 1 l", 95, "3760000000017"),
        ("Lait demi-écrémé UHT Lactel 1 l", 125, "3760000000024"),
    ]
    nutella = offers[0]
    assert (nutella.retailer, nutella.source, nutella.priced_on) == (
        "epicerie",
        "http_retailer",
        date(2026, 11, 20),
    )
    assert offers[1].store_brand and (offers[1].size_value, offers[1].size_unit) == (1000, "ml")


def test_modes_are_announced_by_the_retailer(reference):
    url, _ = reference
    source = adapter(url)
    assert source.fulfilment_terms() == (
        ModeTerms(FulfilmentMode.PICKUP, 0, 1500, None),
        ModeTerms(FulfilmentMode.DELIVERY, 490, 3000, 6000),
    )
    assert source.modes == {FulfilmentMode.PICKUP, FulfilmentMode.DELIVERY}


def test_the_retailer_announces_where_to_order_by_hand(reference):
    url, _ = reference
    assert adapter(url).links == WebLinks(
        "https://example.invalid/", "https://example.invalid/search?q={query}"
    )


@pytest.mark.parametrize(
    "described",
    [
        {"website": "javascript:alert(1)", "search_url": "https://x.example/s?q="},
        {"website": 42},
        {},
    ],
)
def test_links_that_are_not_web_addresses_are_left_out(replay_server, described):
    replay_server.add("/v1/retailer", Reply(body={"modes": [], **described}))
    assert adapter(replay_server.url).links == WebLinks()


def test_a_retailer_that_cannot_describe_itself_has_no_links(replay_server):
    replay_server.add("/v1/retailer", Reply(503, "down"))
    assert adapter(replay_server.url, retries=0).links == WebLinks()


def test_configured_modes_win(reference):
    url, _ = reference
    terms = (ModeTerms(FulfilmentMode.STORE),)
    assert adapter(url, modes=terms).fulfilment_terms() == terms


def test_cart_submission(reference):
    url, retailer = reference
    cart = adapter(url).submit_cart(
        FulfilmentMode.PICKUP, [CartLine(Gtin.parse("3017620422003"), 2)]
    )
    assert cart.checkout_url.endswith(cart.cart_id)
    assert retailer.carts[cart.cart_id]["lines"] == [{"gtin": "3017620422003", "quantity": 2}]


def test_wrong_token_is_refused_credentials(reference):
    url, _ = reference
    with pytest.raises(RetailerAuthFailed) as caught:
        adapter(url, token="wrong").offers([item("3017620422003")])
    assert str(caught.value) == (
        "retailer epicerie refused the credentials (HTTP 401). Check the token in the "
        "configuration file, or ask for a new one."
    )


def test_server_error_then_success_is_retried(replay_server):
    replay_server.add(
        "/v1/offers",
        Reply(502, "Bad Gateway"),
        Reply(body={"offers": []}),
        method="POST",
    )
    assert adapter(replay_server.url).offers([item("3017620422003")]) == []
    sent = json.loads(replay_server.hits("/v1/offers")[-1].body)
    assert sent == {
        "items": [{"ref": "1", "quantity": 1, "gtin": "3017620422003", "substitution": "exact"}]
    }


def test_persistent_503_is_unavailable(replay_server):
    replay_server.add("/v1/offers", Reply(503, "down"), method="POST")
    with pytest.raises(RetailerUnavailable, match=r"answered HTTP 503 \(3 attempts\)"):
        adapter(replay_server.url).offers([item("3017620422003")])


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("{not json", "not JSON"),
        ({"results": []}, "without a list of offers"),
        ({"offers": [{"name": "x", "price_cents": 1.5}]}, "an offer it cannot read"),
        ({"offers": [{"gtin": "3017620422004", "name": "x", "price_cents": 1}]}, "cannot read"),
    ],
)
def test_malformed_answers_are_invalid(replay_server, body, message):
    replay_server.add("/v1/offers", Reply(body=body), method="POST")
    with pytest.raises(RetailerResponseInvalid, match=message):
        adapter(replay_server.url).offers([item("3017620422003")])


def test_slow_server_times_out(replay_server):
    replay_server.add("/v1/offers", Reply(body={"offers": []}, delay_s=1.0), method="POST")
    with pytest.raises(RetailerUnavailable, match="timed out after 0.2 s"):
        adapter(replay_server.url, timeout_s=0.2, retries=0).offers([item("3017620422003")])


def test_contract_file_lists_every_served_route():
    contract = (Path(__file__).parent.parent / "retailer_adapters" / "openapi.yaml").read_text()
    for route in ("/v1/retailer:", "/v1/products:", "/v1/offers:", "/v1/carts:"):
        assert route in contract


def test_products_by_gtin_and_by_name(reference):
    url, _ = reference
    source = adapter(url)
    by_code = source.find_products([Gtin.parse("3017620422003"), Gtin.parse("5449000000996")])
    assert [o.gtin.short for o in by_code] == ["3017620422003"]  # the other is not sold there
    by_name = source.find_products(query="lait entier")
    assert [(o.name, o.price_cents) for o in by_name] == [("Lait entier UHT Lactel 1 l", 139)]
