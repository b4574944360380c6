"""The Open Prices adapter against a real local server replaying recorded answers."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
import requests
from adapter_server import ReplayServer, Reply, recorded, serving

from household.errors import RetailerResponseInvalid, RetailerUnavailable
from household.model import FulfilmentMode, Gtin, ListItem, ModeTerms, Source
from retailer_adapters.fetch import ResponseCache
from retailer_adapters.openprices import OpenPricesAdapter
from retailer_adapters.settings import OpenPricesSettings

TODAY = date(2026, 11, 24)
PRICES = "/api/v1/prices"


@pytest.fixture
def replay_server() -> Iterator[ReplayServer]:
    """The local server replaying recorded answers, for one test."""
    with serving() as server:
        yield server


def item(text: str, item_id: int = 1) -> ListItem:
    """A list line for a barcode or a name."""
    gtin = Gtin.parse(text) if text.isdigit() else None
    now = datetime(2026, 11, 24, 9, tzinfo=UTC)
    return ListItem(item_id, text, 1, None, gtin, "ana", Source.SCAN, now, now)


def adapter(server, **overrides) -> OpenPricesAdapter:
    """An adapter pointed at the local server, with fast retries and a fixed day."""
    settings = OpenPricesSettings(**{"base_url": server.url, "timeout_s": 2.0, **overrides})
    return OpenPricesAdapter(
        "super-u-reze",
        [1234, 5678],
        settings,
        requests.Session(),
        today=lambda: TODAY,
        backoff_s=0.01,
    )


def test_newest_price_per_product_across_pages(replay_server):
    replay_server.add(
        PRICES,
        Reply(body=recorded("openprices", "prices_page1.json")),
        Reply(body=recorded("openprices", "prices_page2.json")),
    )
    items = [item("3017620422003", 1), item("5449000000996", 2), item("8001505005707", 3)]

    offers = adapter(replay_server).offers(items)

    by_code = {o.gtin.short: o for o in offers}
    assert set(by_code) == {"3017620422003", "5449000000996"}  # Nocciolata: 419 days old
    nutella = by_code["3017620422003"]
    assert (nutella.price_cents, nutella.priced_on) == (429, date(2026, 11, 10))
    assert (nutella.size_value, nutella.size_unit, nutella.brand) == (400.0, "g", "Ferrero")
    assert nutella.retailer == "super-u-reze" and nutella.source == "openprices"
    assert by_code["5449000000996"].price_cents == 89
    assert [r.query["page"] for r in replay_server.hits(PRICES)] == [["1"], ["2"]]


def test_one_batched_request_names_codes_locations_and_order(replay_server):
    replay_server.add(PRICES, Reply(body=recorded("openprices", "prices_empty.json")))
    items = [item("5449000000996", 1), item("3017620422003", 2), item("lait", 3)]

    assert adapter(replay_server).offers(items) == []

    (request,) = replay_server.hits(PRICES)
    assert request.query["product_code__in"] == ["3017620422003,5449000000996"]
    assert request.query["location_id__in"] == ["1234,5678"]
    assert request.query["order_by"] == ["-date"]
    assert request.query["date__gte"] == ["2025-11-24"]  # the default: a year back
    assert request.query["size"] == ["100"]


def test_max_age_is_configurable(replay_server):
    replay_server.add(
        PRICES,
        Reply(body=recorded("openprices", "prices_page1.json")),
        Reply(body=recorded("openprices", "prices_page2.json")),
    )
    offers = adapter(replay_server, max_price_age_days=1000).offers([item("8001505005707")])
    assert [(o.name, o.price_cents, o.priced_on) for o in offers] == [
        ("Nocciolata", 315, date(2025, 10, 1))
    ]


def test_retries_429_and_503_then_answers(replay_server):
    replay_server.add(
        PRICES,
        Reply(429, {"detail": "Too many requests"}, headers={"Retry-After": "0"}),
        Reply(503, "<html>503 Service Temporarily Unavailable</html>"),
        Reply(body=recorded("openprices", "prices_empty.json")),
    )
    assert adapter(replay_server).offers([item("3017620422003")]) == []
    assert len(replay_server.hits(PRICES)) == 3


def test_gives_up_after_the_retries_with_a_message(replay_server):
    replay_server.add(PRICES, Reply(503, "<html>503 Service Temporarily Unavailable</html>"))
    with pytest.raises(RetailerUnavailable) as caught:
        adapter(replay_server, retries=2).offers([item("3017620422003")])
    assert str(caught.value) == (
        "Could not reach Open Prices for super-u-reze: it answered HTTP 503 (3 attempts). "
        "Try later."
    )
    assert len(replay_server.hits(PRICES)) == 3


def test_slow_answer_times_out(replay_server):
    replay_server.add(PRICES, Reply(body=recorded("openprices", "prices_empty.json"), delay_s=1.0))
    with pytest.raises(RetailerUnavailable, match=r"timed out after 0.2 s \(1 attempt\)"):
        adapter(replay_server, timeout_s=0.2, retries=0).offers([item("3017620422003")])


def test_malformed_body_is_reported(replay_server):
    replay_server.add(PRICES, Reply(body='{"items": [ {"id": 1, '))
    with pytest.raises(RetailerResponseInvalid, match="not JSON"):
        adapter(replay_server).offers([item("3017620422003")])


def test_answer_without_items_is_reported(replay_server):
    replay_server.add(PRICES, Reply(body=recorded("openprices", "prices_garbled.json")))
    with pytest.raises(RetailerResponseInvalid, match="without a list of items"):
        adapter(replay_server).offers([item("3017620422003")])


def test_cache_spares_the_second_request(replay_server):
    replay_server.add(PRICES, Reply(body=recorded("openprices", "prices_empty.json")))
    source = OpenPricesAdapter(
        "u",
        [1234],
        OpenPricesSettings(base_url=replay_server.url),
        requests.Session(),
        cache=ResponseCache(ttl_s=60),
    )
    source.offers([item("3017620422003")])
    source.offers([item("3017620422003")])
    assert len(replay_server.hits(PRICES)) == 1


def test_batches_of_fifty_codes(replay_server):
    replay_server.add(PRICES, Reply(body=recorded("openprices", "prices_empty.json")))
    from household.gtin import compute_check_digit

    codes = [f"376000000{n:03d}" for n in range(120)]
    items = [item(c + compute_check_digit(c), i) for i, c in enumerate(codes)]
    adapter(replay_server).offers(items)
    batches = [r.query["product_code__in"][0].split(",") for r in replay_server.hits(PRICES)]
    assert [len(b) for b in batches] == [50, 50, 20]


def test_modes_come_from_the_configuration():
    terms = (ModeTerms(FulfilmentMode.PICKUP), ModeTerms(FulfilmentMode.DELIVERY, 599, 5000))
    source = OpenPricesAdapter("u", [1], OpenPricesSettings(), requests.Session(), modes=terms)
    assert source.modes == {FulfilmentMode.PICKUP, FulfilmentMode.DELIVERY}


def test_pagination_stops_at_max_pages_and_currency_filters(replay_server):
    replay_server.add(PRICES, Reply(body=recorded("openprices", "prices_page1.json")))
    source = OpenPricesAdapter(
        "u",
        [1234],
        OpenPricesSettings(base_url=replay_server.url, max_pages=1),
        requests.Session(),
        currency="EUR",
        today=lambda: TODAY,
    )
    offers = source.offers([item("3017620422003")])
    assert [o.price_cents for o in offers] == [429]
    (request,) = replay_server.hits(PRICES)  # page 2 of 2 was not asked
    assert request.query["currency"] == ["EUR"]
