"""``restock compare`` and ``restock serve-list``: the household list against the retailers.

The I/O edge of the comparator: reads the list and the configuration, asks the adapters
(retailer_adapters.collect) with a progress bar, hands the rest to the pure modules
(planning, review, handoff), and asks before any cart leaves the house.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from datetime import date
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from comparator.handoff import (
    data_url,
    list_html,
    list_markdown,
    list_text,
    qr_text,
    shopping_lists,
    submit_carts,
)
from comparator.list_server import DEFAULT_HOST, DEFAULT_PORT, ListServer, pages_for
from comparator.planning import DEFAULT_STALE_AFTER_DAYS, CompareOptions, Comparison
from comparator.review import comparison_json, render_comparison
from household.cli import AppContext
from household.config import Config
from household.errors import ConfigError, UsageError
from household.model import FulfilmentMode

__all__ = ["compare", "serve_list"]

pass_app = click.make_pass_decorator(AppContext)
COMPARATOR_KEYS = frozenset({"stale_after_days", "max_orders", "modes", "timeout_s"})


def _mode_option(function):
    function = click.option(
        "--modes",
        metavar="pickup,delivery,store",
        help="Only these ways of buying (default: all; 'drive' means pickup).",
    )(function)
    return click.option(
        "--max-orders",
        type=click.IntRange(min=0),
        help="At most this many orders (default: no cap).",
    )(function)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the plan as JSON.")
@_mode_option
@click.option(
    "--stale-days",
    type=click.IntRange(min=0),
    help=f"Flag prices older than this (default {DEFAULT_STALE_AFTER_DAYS}).",
)
@click.option("--handoff", is_flag=True, help="Show the phone list and QR code of store orders.")
@click.option("--markdown", is_flag=True, help="With --handoff, write the list as Markdown.")
@click.option(
    "--send-carts",
    is_flag=True,
    help="Offer each drive/delivery order to its retailer's online cart, asking first.",
)
@click.option("--yes", is_flag=True, help="With --send-carts: answer yes to every price shown.")
@pass_app
def compare(
    app: AppContext,
    as_json: bool,
    max_orders: int | None,
    modes: str | None,
    stale_days: int | None,
    handoff: bool,
    markdown: bool,
    send_carts: bool,
    yes: bool,
) -> None:
    """Find the cheapest way to buy the list across drive, delivery and in-store."""
    if yes and not send_carts:
        raise UsageError("--yes only confirms carts: use it with --send-carts.")
    if markdown and not handoff:
        raise UsageError("--markdown is the format of the phone list: use it with --handoff.")
    if as_json and (handoff or send_carts):
        raise UsageError(
            "--json prints only the plan; run --handoff or --send-carts without --json."
        )
    config = app.config()
    options, timeout_s = compare_options(config, max_orders, modes, stale_days, date.today())
    console = app.console
    comparison = run_comparison(app, options, timeout_s, as_json=as_json)
    if as_json:
        click.echo(json.dumps(comparison_json(comparison), ensure_ascii=False))
        if comparison.basket.reason:
            click.echo(f"restock: {comparison.basket.reason}", err=True)
    else:
        render_comparison(comparison, console)
    if handoff:
        _show_handoff(comparison, console, markdown)
    if send_carts:
        _send_carts(app, comparison, console, yes)
    if comparison.basket.status != "optimal" and not as_json:
        sys.exit(1)


@click.command("serve-list")
@_mode_option
@click.option("--host", default=DEFAULT_HOST, show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=DEFAULT_PORT, show_default=True)
@click.option("--all-orders", is_flag=True, help="List every order, not only in-store ones.")
@pass_app
def serve_list(
    app: AppContext,
    max_orders: int | None,
    modes: str | None,
    host: str,
    port: int,
    all_orders: bool,
) -> None:
    """Serve the phone list of the cheapest plan on this machine, with a QR code to open it.

    It listens on 127.0.0.1 only (this machine) unless --host is given, e.g.
    --host 0.0.0.0 for phones on the home network. Ctrl-C stops it.
    """
    options, timeout_s = compare_options(app.config(), max_orders, modes, None, date.today())
    comparison = run_comparison(app, options, timeout_s, as_json=False)
    lists = shopping_lists(comparison, None if all_orders else [FulfilmentMode.STORE])
    if not lists:
        raise UsageError(
            "The cheapest plan has no in-store order, so there is no phone list to serve. "
            "Use --all-orders to serve the drive/delivery lists too."
        )
    pages = pages_for(list_html(lists), list_markdown(lists), list_text(lists))
    try:
        server = ListServer(pages, host, port)
    except OSError as err:
        raise UsageError(
            f"Cannot listen on {host}:{port} ({err.strerror}). Choose another --port."
        ) from err
    url = server.url()
    # The first line is the address alone, so scripts can read it.
    click.echo(url)
    qr = qr_text(url)
    if qr:
        click.echo(qr, nl=False)
    click.echo(f"Open {url} on the phone (or scan the code). Ctrl-C stops serving.", err=True)
    try:
        server.serve_forever()
    finally:
        server.stop()


def compare_options(
    config: Config,
    max_orders: int | None,
    modes: str | None,
    stale_days: int | None,
    today: date,
) -> tuple[CompareOptions, float]:
    """Options from the command line, else the [comparator] section, else the defaults."""
    section = config.sections.get("comparator", {})
    where = config.where("[comparator]")
    if not isinstance(section, Mapping):
        raise ConfigError(f"{where} must be a table: write [comparator] on its own line.")
    for key in section:
        if key not in COMPARATOR_KEYS:
            raise ConfigError(
                f"Unknown key {key!r} in {where}. Allowed here: "
                f"{', '.join(sorted(COMPARATOR_KEYS))}. Check the spelling, or remove it."
            )
    if max_orders is None:
        max_orders = _count(section.get("max_orders"), f"{where}: max_orders", minimum=0)
    if stale_days is None:
        stale_days = _count(
            section.get("stale_after_days"), f"{where}: stale_after_days", minimum=0
        )
    if modes is None and section.get("modes") is not None:
        raw = section["modes"]
        modes = ",".join(raw) if isinstance(raw, list) else str(raw)
    timeout_s = section.get("timeout_s", 10.0)
    if isinstance(timeout_s, bool) or not isinstance(timeout_s, int | float) or timeout_s <= 0:
        raise ConfigError(f"{where}: timeout_s is {timeout_s!r}; write a number of seconds.")
    options = CompareOptions(
        today=today,
        max_orders=max_orders,
        modes=parse_modes(modes) if modes else None,
        stale_after_days=DEFAULT_STALE_AFTER_DAYS if stale_days is None else stale_days,
    )
    return options, float(timeout_s)


def parse_modes(text: str) -> frozenset[FulfilmentMode]:
    """'pickup,delivery' -> the modes; UsageError naming the wrong word."""
    from retailer_adapters.settings import MODE_ALIASES

    modes = set()
    for word in text.split(","):
        mode = MODE_ALIASES.get(word.strip().lower())
        if mode is None:
            raise UsageError(
                f"Unknown mode {word.strip()!r} in --modes. Use pickup (drive), delivery "
                "or store, separated by commas, e.g. --modes pickup,store."
            )
        modes.add(mode)
    return frozenset(modes)


def run_comparison(
    app: AppContext, options: CompareOptions, timeout_s: float, *, as_json: bool
) -> Comparison:
    """Read the list, ask the retailers (with a progress bar), solve and compare."""
    from comparator.planning import plan_comparison
    from retailer_adapters.collect import collect_offers

    store = app.store()
    items = store.items()
    products = {}
    for item in items:
        if item.gtin is not None and (product := store.find_product(item.gtin)) is not None:
            products[item.gtin.digits] = product
    # The progress bar goes where people look: stderr with --json, so stdout stays JSON.
    console = Console(stderr=True) if as_json else app.console
    if console.is_terminal:
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=console,
            transient=True,
        ) as bar:
            task = bar.add_task("Asking the retailers", total=None)

            def progress(done: int, total: int, retailer: str) -> None:
                bar.update(task, completed=done, total=total, description=f"{retailer} answered")

            report = collect_offers(
                app.config(), items, timeout_s=timeout_s, progress=progress, db_path=app.db_path
            )
    else:
        report = collect_offers(app.config(), items, timeout_s=timeout_s, db_path=app.db_path)
    return plan_comparison(items, report, options, products)


def _show_handoff(comparison: Comparison, console: Console, markdown: bool) -> None:
    lists = shopping_lists(comparison, [FulfilmentMode.STORE])
    others = shopping_lists(comparison, [FulfilmentMode.PICKUP, FulfilmentMode.DELIVERY])
    if lists:
        console.rule("Phone list (in-store orders)")
        text = list_markdown(lists) if markdown else list_text(lists)
        console.print(text, markup=False, highlight=False)
        # The page itself in a data: URL needs no server; a long list only fits as text.
        width = console.width
        page = qr_text(data_url(list_html(lists, styled=False)), width)
        qr = page or qr_text(list_text(lists), width)
        if qr:
            what = "open the list" if page else "read the list"
            console.print(f"Scan to {what} on the phone:")
            console.print(qr, markup=False, highlight=False, soft_wrap=True, end="")
        else:
            console.print(
                "The list is too long for a QR code this wide: run `restock serve-list` "
                "and scan the code it shows."
            )
    if others:
        console.rule("Drive and delivery orders")
        console.print(list_text(others), markup=False, highlight=False)
        console.print("Order them on each retailer's site or app, or use --send-carts.")


def _send_carts(app: AppContext, comparison: Comparison, console: Console, yes: bool) -> None:
    lists = shopping_lists(comparison, [FulfilmentMode.PICKUP, FulfilmentMode.DELIVERY])
    if not lists:
        console.print("No drive or delivery order in this plan: no cart to send.")
        return

    def confirm(question: str) -> bool:
        if yes:
            click.echo(f"{question} yes (--yes)")
            return True
        try:
            return click.confirm(question, default=False)
        except click.Abort:
            return False

    adapters = _cart_adapters(app, {shop.retailer for shop in lists})
    for outcome in submit_carts(lists, adapters, confirm):
        console.print(outcome.message, highlight=False)


def _cart_adapters(app: AppContext, retailer_ids: set[str]) -> dict[str, Any]:
    """The adapters of these retailers that can take a cart, built from the configuration."""
    import requests

    from retailer_adapters.collect import load_settings, retailers_to_ask
    from retailer_adapters.registry import AdapterContext, load_offer_sources

    settings = load_settings(app.config())
    chosen = tuple(r for r in retailers_to_ask(settings) if r.id in retailer_ids)
    context = AdapterContext(settings, requests.Session(), db_path=app.db_path)
    return {
        retailer.id: source
        for retailer, source in load_offer_sources(context, chosen)
        if hasattr(source, "submit_cart")
    }


def _count(value: Any, where: str, minimum: int = 1) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ConfigError(f"{where} is {value!r}; write a whole number of at least {minimum}.")
    return value
