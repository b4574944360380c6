"""A small reference implementation of the open retailer contract (openapi.yaml).

Serves one retailer of a catalog file shaped like data/demo_retailers.json, with the
standard library only, so a retailer or a community bridge can read it in one sitting
and the tests can run the HTTP adapter against a real server:

    python -m retailer_adapters.reference_server --retailer demo-marche-bleu --port 8765
"""

from __future__ import annotations

import argparse
import json
import threading
import uuid
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from household.errors import InvalidGtin
from household.model import Gtin
from retailer_adapters.demo import DemoCatalog, DemoProduct, find_by_name, parse_demo_catalog

CONTRACT_VERSION = "1.0"
MAX_RESULTS = 8


class ReferenceRetailer:
    """The contract's logic over one retailer of a catalog, independent of HTTP."""

    def __init__(self, catalog: DemoCatalog, retailer_id: str, *, cart: bool = True):
        self.catalog = catalog
        self.retailer_id = retailer_id
        self.name, self.terms = catalog.retailers[retailer_id]
        self.shelf = catalog.prices[retailer_id]
        self.sold = [catalog.products[code] for code in self.shelf]
        self.cart = cart
        self.carts: dict[str, Any] = {}

    def describe(self) -> dict[str, Any]:
        """GET /v1/retailer."""
        modes = []
        for terms in self.terms:
            modes.append(
                {
                    "id": str(terms.mode),
                    "fee_cents": terms.fee_cents,
                    "min_order_cents": terms.min_order_cents,
                    "free_above_cents": terms.free_above_cents,
                    "slots": [
                        {"start": "2026-11-25T17:00:00+01:00", "end": "2026-11-25T19:00:00+01:00"}
                    ]
                    if terms.mode != "store"
                    else [],
                }
            )
        return {
            "contract_version": CONTRACT_VERSION,
            "id": self.retailer_id,
            "name": self.name,
            "currency": "EUR",
            "modes": modes,
            "website": "https://example.invalid/",
            "search_url": "https://example.invalid/search?q={query}",
            "capabilities": {"cart": self.cart},
        }

    def products(self, gtins: list[str], query: str | None) -> dict[str, Any]:
        """GET /v1/products?gtin=..&q=.."""
        found = [p for p in (self._by_gtin(g) for g in gtins) if p is not None]
        if query:
            found += find_by_name(self.sold, query)[:MAX_RESULTS]
        return {"products": [self._product(p) for p in found]}

    def offers(self, body: Any) -> tuple[int, dict[str, Any]]:
        """POST /v1/offers: one batch for the whole list."""
        if not isinstance(body, Mapping) or not isinstance(body.get("items"), list):
            return 400, {"error": "bad_request", "message": 'Send {"items": [...]}.'}
        offers = []
        for entry in body["items"]:
            ref = str(entry.get("ref", ""))
            matches: list[DemoProduct] = []
            if entry.get("gtin"):
                product = self._by_gtin(str(entry["gtin"]))
                matches = [product] if product else []
            elif entry.get("name"):
                matches = sorted(find_by_name(self.sold, str(entry["name"])), key=self._price)
            offers += [{"ref": ref, **self._product(p)} for p in matches[:MAX_RESULTS]]
        return 200, {"offers": offers}

    def submit_cart(self, body: Any) -> tuple[int, dict[str, Any]]:
        """POST /v1/carts (optional in the contract)."""
        if not self.cart:
            return 501, {"error": "not_implemented", "message": "This retailer takes no carts."}
        if not isinstance(body, Mapping) or not isinstance(body.get("lines"), list):
            return 400, {"error": "bad_request", "message": 'Send {"mode": .., "lines": [...]}.'}
        cart_id = uuid.uuid4().hex[:12]
        self.carts[cart_id] = body
        return 201, {"cart_id": cart_id, "checkout_url": f"https://example.invalid/cart/{cart_id}"}

    def _by_gtin(self, text: str) -> DemoProduct | None:
        try:
            digits = Gtin.parse(text).digits
        except InvalidGtin:
            return None
        return self.catalog.products[digits] if digits in self.shelf else None

    def _price(self, product: DemoProduct) -> int:
        return self.shelf[product.gtin.digits]

    def _product(self, product: DemoProduct) -> dict[str, Any]:
        return {
            "gtin": product.gtin.short,
            "name": product.name,
            "brand": product.brand,
            "size_value": product.size_value,
            "size_unit": product.size_unit,
            "categories": list(product.categories),
            "store_brand": product.store_brand,
            "price_cents": self._price(product),
            "currency": "EUR",
            "priced_on": self.catalog.priced_on.isoformat(),
            "available": True,
        }


def make_server(
    retailer: ReferenceRetailer, host: str = "127.0.0.1", port: int = 0, token: str | None = None
) -> ThreadingHTTPServer:
    """An HTTP server answering the contract for ``retailer`` (call serve_forever on it)."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if not self._authorised():
                return
            parts = urlsplit(self.path)
            query = parse_qs(parts.query)
            if parts.path == "/v1/retailer":
                self._send(200, retailer.describe())
            elif parts.path == "/v1/products":
                self._send(200, retailer.products(query.get("gtin", []), query.get("q", [None])[0]))
            else:
                self._send(404, {"error": "not_found", "message": f"No route {parts.path}."})

        def do_POST(self) -> None:
            if not self._authorised():
                return
            length = int(self.headers.get("Content-Length") or 0)
            try:
                body = json.loads(self.rfile.read(length) or b"null")
            except ValueError:
                self._send(400, {"error": "bad_request", "message": "The body is not JSON."})
                return
            path = urlsplit(self.path).path
            if path == "/v1/offers":
                self._send(*retailer.offers(body))
            elif path == "/v1/carts":
                self._send(*retailer.submit_cart(body))
            else:
                self._send(404, {"error": "not_found", "message": f"No route {path}."})

        def _authorised(self) -> bool:
            if token is None or self.headers.get("Authorization") == f"Bearer {token}":
                return True
            self._send(401, {"error": "unauthorized", "message": "Bad or missing bearer token."})
            return False

        def _send(self, status: int, body: Mapping[str, Any]) -> None:
            data = json.dumps(body, ensure_ascii=False).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            pass  # quiet by default; a bridge would log to its own journal

    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    return server


def serve_in_thread(server: ThreadingHTTPServer) -> threading.Thread:
    """Serve in a daemon thread (tests and the demo); stop with server.shutdown()."""
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    return thread


def main(argv: list[str] | None = None) -> None:
    """Run the reference server from the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalog", type=Path, help="catalog JSON (default: the demo data)")
    parser.add_argument("--retailer", default="demo-hyper-azur", help="retailer id in it")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--token", help="require this bearer token")
    args = parser.parse_args(argv)
    if args.catalog:
        catalog = parse_demo_catalog(json.loads(args.catalog.read_text("utf-8")))
    else:
        from retailer_adapters.demo import load_demo_catalog

        catalog = load_demo_catalog()
    server = make_server(
        ReferenceRetailer(catalog, args.retailer), args.host, args.port, args.token
    )
    print(f"Serving {args.retailer} on http://{args.host}:{server.server_address[1]}")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
