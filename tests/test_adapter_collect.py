"""collect_offers: many retailers at once, one failing, through the configuration."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import requests
from adapter_server import Recorded, ReplayServer, Reply, recorded, serving

from household.config import parse_config
from household.errors import RetailerAuthFailed
from household.model import FulfilmentMode, Gtin, ListItem, ModeTerms, Source, WebLinks
from retailer_adapters.collect import OfferReport, RetailerFailure, collect_offers, gather
from retailer_adapters.fetch import ResponseCache
from retailer_adapters.settings import RetailerSettings

NOW = datetime(2026, 11, 24, 9, tzinfo=UTC)


@pytest.fixture
def replay_server() -> Iterator[ReplayServer]:
    """The local server replaying recorded answers, for one test."""
    with serving() as server:
        yield server


def item(text: str, item_id: int) -> ListItem:
    """A list line for a barcode or a name."""
    gtin = Gtin.parse(text) if text.isdigit() else None
    return ListItem(item_id, text, 1, None, gtin, "ana", Source.SCAN, NOW, NOW)


ITEMS = [item("3017620422003", 1), item("5449000000996", 2), item("3274080005003", 3)]


def stores_config(url: str) -> dict:
    """Three Open Prices stores on the local server: one fine, one down, one hanging."""
    return {
        "openprices": {"base_url": url, "retries": 0, "timeout_s": 5, "max_price_age_days": 3650},
        "retailer": [
            {
                "id": "super-u-reze",
                "name": "Super U Rezé",
                "adapter": "openprices",
                "location_id": 1234,
                "modes": [
                    {"id": "pickup", "fee": 0.0, "min_order": 0.0},
                    {"id": "delivery", "fee": 5.99, "min_order": 50.0, "free_above": 100.0},
                ],
            },
            {"id": "hyper-u", "name": "Hyper U", "adapter": "openprices", "location_id": 5678},
            {"id": "lent", "name": "Magasin lent", "adapter": "openprices", "location_id": 9999},
        ],
    }


def by_location(request: Recorded) -> Reply:
    """Open Prices as three stores see it: 1234 answers, 5678 is down, 9999 hangs."""
    location = request.query["location_id__in"][0]
    if location == "5678":
        return Reply(503, "<html>503 Service Temporarily Unavailable</html>")
    if location == "9999":
        return Reply(body=recorded("openprices", "prices_empty.json"), delay_s=2.0)
    page = request.query["page"][0]
    return Reply(body=recorded("openprices", f"prices_page{page}.json"))


def test_one_failing_and_one_hanging_store_do_not_sink_the_comparison(replay_server):
    replay_server.route("/api/v1/prices", by_location)
    calls: list[tuple[int, int, str]] = []
    started = time.monotonic()

    report = collect_offers(
        parse_config(stores_config(replay_server.url)),
        ITEMS,
        timeout_s=0.8,
        progress=lambda done, total, rid: calls.append((done, total, rid)),
    )

    assert time.monotonic() - started < 1.8  # the hanging store did not hold everyone up
    assert [r.id for r in report.retailers] == ["super-u-reze"]
    assert report.retailers[0].modes[1] == ModeTerms(FulfilmentMode.DELIVERY, 599, 5000, 10000)
    assert {(o.retailer, o.gtin.short, o.price_cents) for o in report.offers} == {
        ("super-u-reze", "3017620422003", 429),  # newest at 1234, not the older 4.49
        ("super-u-reze", "5449000000996", 89),
    }
    assert report.failures == (
        RetailerFailure(
            "hyper-u",
            "Hyper U was left out: Could not reach Open Prices for hyper-u: it answered "
            "HTTP 503 (1 attempt). Try later.",
        ),
        RetailerFailure(
            "lent",
            "Magasin lent: no answer within 0.8 s; the comparison went on without it. "
            "Try later, or raise the timeout.",
        ),
    )
    assert sorted(c[2] for c in calls) == ["hyper-u", "lent", "super-u-reze"]
    assert calls[-1][:2] == (3, 3)


def test_without_retailers_the_demo_answers_offline():
    report = collect_offers(parse_config({}), [item("3017620422003", 1), item("lait entier", 2)])
    assert [r.id for r in report.retailers] == [
        "demo-hyper-azur",
        "demo-marche-bleu",
        "demo-courses-express",
        "demo-epicerie-du-coin",
    ]
    assert report.failures == ()
    nutella = [o for o in report.offers if o.gtin and o.gtin.short == "3017620422003"]
    assert len(nutella) >= 2 and all(o.price_cents > 0 for o in nutella)
    assert any("Lait entier" in o.name for o in report.offers)
    assert {o.retailer for o in report.offers} <= {r.id for r in report.retailers}


class RefusingSource:
    """A real OfferSource whose credentials are refused, as a retailer would."""

    name = "refusing"
    modes = frozenset({FulfilmentMode.STORE})

    def offers(self, items):
        """Always refuses."""
        raise RetailerAuthFailed("refused the credentials (HTTP 401). Check the token.")


class BuggySource:
    """An OfferSource with a bug: a KeyError escapes."""

    name = "buggy"
    modes = frozenset({FulfilmentMode.STORE})

    def offers(self, items):
        """Crashes."""
        return {}["price"]


class WrongIdSource:
    """Labels its offers with another id; collect fixes them to the configured one."""

    name = "wrongid"
    modes = frozenset({FulfilmentMode.STORE})

    def offers(self, items):
        """One offer under the wrong retailer id."""
        from household.model import Offer

        return [Offer("other", "Lait", 100, gtin=None)]


def test_refused_credentials_and_crashes_are_reported_by_name():
    sources = [
        (RetailerSettings("a", "Alpha", "refusing"), RefusingSource()),
        (RetailerSettings("b", "Beta", "buggy"), BuggySource()),
        (RetailerSettings("c", "Gamma", "wrongid"), WrongIdSource()),
    ]
    report = gather(sources, ITEMS, timeout_s=2)
    assert isinstance(report, OfferReport)
    assert [f.retailer for f in report.failures] == ["a", "b"]
    assert report.failures[0].message == (
        "Alpha was left out: refused the credentials (HTTP 401). Check the token."
    )
    assert report.failures[1].message.startswith("Beta: the 'buggy' adapter crashed (KeyError")
    assert [(o.retailer, o.name) for o in report.offers] == [("c", "Lait")]
    assert report.retailers[0].modes == (ModeTerms(FulfilmentMode.STORE),)


class SiteSource(WrongIdSource):
    """An adapter announcing where its retailer takes orders by hand."""

    name = "site"
    links = WebLinks("https://announced.example", "https://announced.example/s?q={query}")


def test_links_come_from_the_configuration_else_from_the_adapter():
    configured = WebLinks("https://configured.example")
    sources = [
        (RetailerSettings("a", "Alpha", "site"), SiteSource()),
        (RetailerSettings("b", "Beta", "site", links=configured), SiteSource()),
        (RetailerSettings("c", "Gamma", "wrongid"), WrongIdSource()),
    ]
    report = gather(sources, ITEMS, timeout_s=2)
    links = {r.id: r.links for r in report.retailers}
    assert links == {"a": SiteSource.links, "b": configured, "c": WebLinks()}


def test_an_injected_session_is_used(replay_server):
    replay_server.route("/api/v1/prices", by_location)
    config = stores_config(replay_server.url)
    config["retailer"] = config["retailer"][:1]
    session = requests.Session()
    session.headers["X-Test"] = "injected"
    report = collect_offers(parse_config(config), ITEMS, session=session)
    assert report.failures == ()
    assert all(r.headers.get("X-Test") == "injected" for r in replay_server.requests)


def test_a_shared_cache_spares_open_prices_on_the_next_comparison(replay_server):
    replay_server.route("/api/v1/prices", by_location)
    config = stores_config(replay_server.url)
    config["retailer"] = config["retailer"][:1]
    cache = ResponseCache(ttl_s=600)
    first = collect_offers(parse_config(config), ITEMS, cache=cache)
    second = collect_offers(parse_config(config), ITEMS, cache=cache)
    assert first.offers == second.offers and len(first.offers) == 2
    assert len(replay_server.hits("/api/v1/prices")) == 2  # two pages, asked once
