"""The Open Food Facts product source against a real local server with recorded answers."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import requests
from adapter_server import ReplayServer, Reply, recorded, serving

from household.errors import ProductLookupFailed
from household.model import Gtin
from retailer_adapters.fetch import Throttle
from retailer_adapters.openfoodfacts import FIELDS, OpenFoodFactsSource, source_name
from retailer_adapters.settings import OpenFoodFactsSettings

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
NUTELLA = Gtin.parse("3017620422003")
SHAMPOO = Gtin.parse("3600523614516")


@pytest.fixture
def replay_server() -> Iterator[ReplayServer]:
    """The local server replaying recorded answers, for one test."""
    with serving() as server:
        yield server


def source(off_url: str, nonfood: tuple[str, ...] = (), **overrides) -> OpenFoodFactsSource:
    """A source aimed at local servers, with no pause between requests."""
    settings = OpenFoodFactsSettings(
        **{
            "base_url": off_url,
            "nonfood_urls": nonfood,
            "min_interval_s": 0.0,
            "contact": "test@example.org",
            "timeout_s": 2.0,
            **overrides,
        }
    )
    return OpenFoodFactsSource(settings, requests.Session(), clock=lambda: NOW, backoff_s=0.01)


def test_product_found_with_the_fields_it_needs(replay_server):
    path = "/api/v2/product/3017620422003"
    replay_server.add(path, Reply(body=recorded("openfoodfacts", "product_nutella.json")))

    product = source(replay_server.url).product(NUTELLA)

    assert product.name == "Pâte à tartiner Nutella noisettes et cacao - 400g"
    assert (product.brand, product.size, product.size_value, product.size_unit) == (
        "Ferrero",
        "400g",
        400.0,
        "g",
    )
    assert (product.nutriscore, product.green_score, product.source) == ("e", "d", "openfoodfacts")
    assert product.image_url.endswith("front_en.399.200.jpg")
    assert "fr:pates-a-tartiner" in product.categories
    assert product.fetched_at == NOW
    (request,) = replay_server.hits(path)
    assert request.raw_query == "fields=" + ",".join(FIELDS)  # commas not escaped
    assert request.headers["User-Agent"].startswith("restock/")
    assert request.headers["User-Agent"].endswith("(test@example.org)")


def test_green_score_under_its_new_name(replay_server):
    replay_server.add(
        "/api/v2/product/3274080005003",
        Reply(body=recorded("openfoodfacts", "product_green_score.json")),
    )
    product = source(replay_server.url).product(Gtin.parse("3274080005003"))
    assert (product.green_score, product.size_value, product.size_unit) == ("c", 1500.0, "ml")


def test_not_found_anywhere_is_none(replay_server):
    replay_server.add(
        "/api/v2/product/3600523614516", Reply(404, recorded("openfoodfacts", "not_found.json"))
    )
    assert source(replay_server.url, (replay_server.url,)).product(SHAMPOO) is None
    assert len(replay_server.requests) == 2  # Open Food Facts, then the non-food database


def test_non_food_falls_back_to_open_beauty_facts(replay_server):
    beauty = type(replay_server)().start()
    try:
        replay_server.add(
            "/api/v2/product/3600523614516",
            Reply(404, recorded("openfoodfacts", "not_found.json")),
        )
        beauty.add(
            "/api/v2/product/3600523614516",
            Reply(body=recorded("openfoodfacts", "product_shampoo_obf.json")),
        )
        product = source(replay_server.url, (beauty.url,)).product(SHAMPOO)
    finally:
        beauty.stop()
    assert (product.name, product.brand, product.size_value) == (
        "Elseve Color-Vive shampooing",
        "L'Oréal Paris",
        250.0,
    )
    assert product.nutriscore is None  # "not-applicable" is no grade


def test_throttled_then_answers(replay_server):
    replay_server.add(
        "/api/v2/product/3017620422003",
        Reply(503, "<html><body><h1>503 Service Unavailable</h1></body></html>"),
        Reply(body=recorded("openfoodfacts", "product_nutella.json")),
    )
    assert source(replay_server.url).product(NUTELLA).brand == "Ferrero"


def test_down_raises_and_says_it_stays_queued(replay_server):
    replay_server.add("/api/v2/product/3017620422003", Reply(503, "<html>503</html>"))
    with pytest.raises(ProductLookupFailed) as caught:
        source(replay_server.url, retries=1).product(NUTELLA)
    assert str(caught.value) == (
        "Could not look up 3017620422003: Could not reach Open Food Facts: it answered "
        "HTTP 503 (2 attempts). Try later. "
        "It stays queued and will be looked up again later."
    )


def test_slow_answer_is_a_failure_not_a_miss(replay_server):
    replay_server.add(
        "/api/v2/product/3017620422003",
        Reply(body=recorded("openfoodfacts", "product_nutella.json"), delay_s=1.0),
    )
    with pytest.raises(ProductLookupFailed, match="timed out after 0.2 s"):
        source(replay_server.url, timeout_s=0.2, retries=0).product(NUTELLA)


def test_html_instead_of_json_is_a_failure(replay_server):
    replay_server.add("/api/v2/product/3017620422003", Reply(body="<html>maintenance</html>"))
    with pytest.raises(ProductLookupFailed, match="not JSON"):
        source(replay_server.url).product(NUTELLA)


def test_throttle_spaces_requests():
    now = [100.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    throttle = Throttle(6.0, clock=lambda: now[0], sleep=sleep)
    throttle.wait()
    now[0] += 2.0
    throttle.wait()
    throttle.wait()
    assert slept == [4.0, 6.0]


def test_source_names():
    assert source_name("https://world.openbeautyfacts.org") == "openbeautyfacts"
    assert source_name("https://fr.openfoodfacts.org/") == "openfoodfacts"
