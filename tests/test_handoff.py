"""Hand-off: phone lists, a QR code a phone can read, the list server, carts only on a yes."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import replace
from urllib.parse import unquote

import cv2
import numpy as np
import pytest
import requests
import segno
import zxingcpp
from test_compare_planning import plan

from comparator.handoff import (
    data_url,
    list_html,
    list_markdown,
    list_text,
    qr_text,
    shopping_lists,
    submit_carts,
)
from comparator.list_server import ListServer, page_address, pages_for
from household.model import FulfilmentMode, Gtin, WebLinks
from retailer_adapters.demo import load_demo_catalog
from retailer_adapters.http_retailer import HttpRetailerAdapter
from retailer_adapters.reference_server import ReferenceRetailer, make_server, serve_in_thread


def test_lists_group_the_plan_by_store():
    lists = shopping_lists(plan())
    assert [(s.retailer_name, s.mode, s.total_cents) for s in lists] == [
        ("Drive Nord", "pickup", 1200),
        ("L'Épicerie", "store", 100),
    ]
    store_only = shopping_lists(plan(), [FulfilmentMode.STORE])
    assert list_text(store_only) == "L'Épicerie (store) - 1.00\n[ ] Sel fin  1.00\n"
    assert list_markdown(lists) == (
        "## Drive Nord (pickup) - 12.00\n\n"
        "- [ ] 2 × Café moulu - 3.00\n"
        "- [ ] Riz long - 2.00\n"
        "- [ ] Thé vert - 5.00\n\n"
        "## L'Épicerie (store) - 1.00\n\n"
        "- [ ] Sel fin - 1.00\n"
    )


def test_the_page_is_self_contained_and_escaped():
    page = list_html(shopping_lists(plan()))
    assert "<h2>L&#x27;Épicerie (store) 1.00</h2>" in page
    assert "<label><input type=checkbox><span>2 × Café moulu 3.00</span></label>" in page
    assert "http" not in page and "<script" not in page
    url = data_url(page)
    assert url.startswith("data:text/html;charset=utf-8,<!doctype%20html>")
    assert " " not in url and "#" not in url
    assert unquote(url.split(",", 1)[1]) == page


def decode_qr(data: str) -> str:
    """Draw the QR code as an image and read it back with a real barcode reader."""
    code = segno.make(data, error="l", micro=False)
    png = io.BytesIO()
    code.save(png, kind="png", scale=4, border=4)
    image = cv2.imdecode(np.frombuffer(png.getvalue(), np.uint8), cv2.IMREAD_GRAYSCALE)
    (found,) = zxingcpp.read_barcodes(image)
    return found.text


def test_the_qr_code_carries_the_whole_page():
    url = data_url(list_html(shopping_lists(plan()), styled=False))
    assert decode_qr(url) == url
    drawn = qr_text(url, max_width=100)
    rows = drawn.splitlines()
    assert len({len(row) for row in rows}) == 1 and len(rows[0]) <= 100
    assert set("".join(rows)) <= set("█▀▄ ")


def test_a_code_wider_than_the_terminal_or_too_long_is_not_drawn():
    url = data_url(list_html(shopping_lists(plan())))
    assert qr_text(url, max_width=40) is None
    assert qr_text("x" * 3000) is None


@pytest.fixture
def list_server() -> Iterator[ListServer]:
    lists = shopping_lists(plan())
    pages = pages_for(list_html(lists), list_markdown(lists), list_text(lists))
    server = ListServer(pages, "127.0.0.1", 0).start()
    try:
        yield server
    finally:
        server.stop()


def test_the_list_server_serves_three_forms_on_loopback(list_server):
    assert list_server.url() == f"http://127.0.0.1:{list_server.port}/"
    page = requests.get(list_server.url(), timeout=5)
    markdown = requests.get(list_server.url() + "list.md", timeout=5)
    assert page.headers["Content-Type"] == "text/html; charset=utf-8"
    assert "Thé vert 5.00" in page.text
    assert markdown.text.startswith("## Drive Nord (pickup) - 12.00")
    assert requests.get(list_server.url() + "admin", timeout=5).status_code == 404


def test_the_link_names_a_reachable_address():
    assert page_address("127.0.0.1") == "127.0.0.1"
    assert page_address("0.0.0.0") not in ("0.0.0.0", "")


@pytest.fixture
def drive() -> Iterator[tuple[HttpRetailerAdapter, ReferenceRetailer]]:
    retailer = ReferenceRetailer(load_demo_catalog(), "demo-hyper-azur")
    server = make_server(retailer)
    serve_in_thread(server)
    url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield HttpRetailerAdapter("drive", url, requests.Session()), retailer
    finally:
        server.shutdown()
        server.server_close()


def drive_lists():
    """The drive order of the hand-made plan, with real demo barcodes on its lines."""
    (drive_list,) = shopping_lists(plan(), [FulfilmentMode.PICKUP])
    codes = ["3761000001011", "3761037001039", "3761000001059"]
    lines = tuple(
        replace(line, gtin=Gtin.parse(code))
        for line, code in zip(drive_list.lines, codes, strict=True)
    )
    return [replace(drive_list, lines=lines)]


def test_no_cart_leaves_without_a_yes(drive):
    adapter, retailer = drive
    questions: list[str] = []

    def refuse(question: str) -> bool:
        questions.append(question)
        return False

    (outcome,) = submit_carts(drive_lists(), {"drive": adapter}, refuse)
    assert questions == ["Send a pickup cart of 3 line(s) to Drive Nord for 12.00 (fee 2.00)?"]
    assert (outcome.sent, outcome.message) == (False, "Drive Nord: not sent.")
    assert retailer.carts == {}


def test_a_confirmed_cart_is_sent_with_packs_as_quantities(drive):
    adapter, retailer = drive
    (outcome,) = submit_carts(drive_lists(), {"drive": adapter}, lambda question: True)
    assert outcome.sent and outcome.checkout_url.startswith("https://example.invalid/cart/")
    (cart,) = retailer.carts.values()
    assert cart["mode"] == "pickup"
    assert cart["lines"][0] == {"gtin": "3761000001011", "quantity": 2}


def test_retailers_without_carts_get_the_list_and_advice():
    (outcome,) = submit_carts(drive_lists(), {}, lambda question: True)
    assert outcome.message == (
        "Drive Nord has no online cart in restock: order on its site or app with the list above."
    )


def with_links(comparison):
    links = WebLinks("https://drive.example", "https://drive.example/s?q={query}")
    return replace(comparison, links={"drive": links, "corner": links})


def test_drive_orders_without_a_cart_get_a_link_to_the_site_and_each_product():
    lists = shopping_lists(with_links(plan()))
    drive, corner = lists
    assert drive.website == "https://drive.example"
    assert drive.lines[0].link == "https://drive.example/s?q=Caf%C3%A9%20moulu"
    # the walk-in list stays short for the phone: no links there
    assert corner.website == "" and corner.lines[0].link == ""
    text = list_text(lists)
    assert text.startswith(
        "Drive Nord (pickup) - 12.00\norder at https://drive.example\n"
        "[ ] 2 × Café moulu  3.00  https://drive.example/s?q=Caf%C3%A9%20moulu\n"
    )
    assert "- [ ] [Riz long](https://drive.example/s?q=Riz%20long) - 2.00" in list_markdown(lists)
    assert '<a href="https://drive.example">' in list_html(lists)
    (outcome,) = submit_carts([drive], {}, lambda question: True)
    assert outcome.message == (
        "Drive Nord has no online cart in restock: order on https://drive.example with the "
        "list above."
    )
    assert outcome.checkout_url == "https://drive.example"


def test_a_product_with_a_barcode_links_to_its_search_by_barcode():
    (drive,) = drive_lists()
    links = WebLinks(search_url="https://drive.example/s?q={query}")
    assert links.product_link(drive.lines[0].gtin, "ignored") == (
        "https://drive.example/s?q=3761000001011"
    )
