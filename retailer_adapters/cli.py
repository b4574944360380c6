"""The adapters' commands: ``restock lookup``, ``restock prices import``, ``restock retailers``."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click
import requests
from rich.table import Table

from household.cli import AppContext
from household.errors import ProductLookupFailed, UsageError
from household.model import Gtin, ModeTerms, Product
from retailer_adapters.collect import load_settings, retailers_to_ask
from retailer_adapters.pricefile import FORMATS, load_price_file, newest_prices
from retailer_adapters.registry import (
    PRODUCTS_GROUP,
    RETAILERS_GROUP,
    AdapterContext,
    installed_adapters,
    load_product_sources,
)
from retailer_adapters.settings import RetailerSettings

pass_app = click.make_pass_decorator(AppContext)


@click.command()
@click.argument("barcode")
@click.option("--refresh", is_flag=True, help="Ask Open Food Facts even if the product is known.")
@pass_app
def lookup(app: AppContext, barcode: str, refresh: bool) -> None:
    """Show what a barcode is (name, brand, size, scores), asking Open Food Facts if needed."""
    gtin = Gtin.parse(barcode)
    store = app.store()
    product = None if refresh else store.find_product(gtin)
    if product is None:
        context = AdapterContext(load_settings(app.config()), requests.Session(), app.db_path)
        try:
            for source in load_product_sources(context):
                product = source.product(gtin)
                if product is not None:
                    break
        except ProductLookupFailed:
            store.queue_lookup(gtin)  # the daemon retries it when the network is back
            raise
        if product is None:
            store.lookup_done(gtin)
            click.echo(
                f"{gtin.short} is not in Open Food Facts, Open Beauty Facts or Open Products "
                f'Facts. Name it yourself: restock name {gtin.short} "<name>".',
                err=True,
            )
            raise SystemExit(1)
        store.save_product(product)
        store.lookup_done(gtin)
    app.console.print(render_product(product))


def render_product(product: Product) -> Table:
    """A product's facts as a two-column table."""
    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column(style="bold")
    table.add_column()
    rows = [
        ("Barcode", product.gtin.short),
        ("Name", product.name),
        ("Brand", product.brand),
        ("Size", product.size),
        ("Categories", ", ".join(product.categories[:4]) or None),
        ("Nutri-Score", (product.nutriscore or "").upper() or None),
        ("Green-Score", (product.green_score or "").upper() or None),
        ("Image", product.image_url),
        ("Source", product.source),
    ]
    for label, value in rows:
        if value:
            table.add_row(label, value)
    return table


@click.group()
def prices() -> None:
    """Prices the household keeps: flyers, shelf notes, loyalty-card exports."""


@prices.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--retailer", "retailer_id", metavar="ID", help="The [[retailer]] they belong to.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="auto",
    show_default=True,
    help="auto reads the columns; auchan/carrefour/leclerc/intermarche are GDPR exports.",
)
@click.option("--store", "store_name", metavar="NAME", help="Keep only lines of this shop.")
@pass_app
def import_prices(
    app: AppContext, file: Path, retailer_id: str | None, fmt: str, store_name: str | None
) -> None:
    """Import a CSV or JSON price list into the household database."""
    from retailer_adapters.price_store import save_prices

    settings = load_settings(app.config())
    own = [r.id for r in settings.retailers if r.adapter == "pricefile"]
    retailer_id = retailer_id or _only_pricefile_retailer(own)
    parsed = load_price_file(file, fmt)
    kept = [p for p in parsed.prices if store_name is None or p.store == store_name]
    if not kept:
        shops = sorted({p.store for p in parsed.prices if p.store})
        raise UsageError(
            f"No line of {file} is from {store_name!r}. Shops in the file: {', '.join(shops)}."
        )
    result = save_prices(app.db_path, retailer_id, kept, source=f"{parsed.format}:{file.name}")
    click.echo(
        f"Imported {len(kept)} prices for {retailer_id} from {file.name} ({parsed.format}): "
        f"{result.added} new, {result.replaced} updated."
    )
    for line in parsed.skipped[:10]:
        click.echo(f"  skipped line {line.line}: {line.reason}")
    if len(parsed.skipped) > 10:
        click.echo(f"  ... and {len(parsed.skipped) - 10} more lines skipped")
    if retailer_id not in own:
        click.echo(
            f'Note: no [[retailer]] with id = "{retailer_id}" and adapter = "pricefile" is '
            "configured, so `restock compare` will not use these prices yet. Add one.",
            err=True,
        )


@prices.command("list")
@click.option("--retailer", "retailer_id", metavar="ID", help="Only this retailer's prices.")
@pass_app
def list_prices(app: AppContext, retailer_id: str | None) -> None:
    """Show the newest price the household keeps for each product."""
    from retailer_adapters.price_store import kept_retailers, load_prices

    chosen = [retailer_id] if retailer_id else kept_retailers(app.db_path)
    table = Table(title="Prices kept by the household")
    for column in ("retailer", "product", "barcode", "price", "seen on"):
        table.add_column(column, justify="right" if column == "price" else "left")
    for rid in chosen:
        newest = newest_prices(load_prices(app.db_path, rid))
        for price in sorted(newest.values(), key=lambda p: p.name):
            code = price.gtin.short if price.gtin else ""
            table.add_row(rid, price.name, code, _euros(price.price_cents), str(price.priced_on))
    if not table.rows:
        click.echo("No prices kept yet. Import some: restock prices import FILE --retailer ID")
        return
    app.console.print(table)


def _only_pricefile_retailer(own: Sequence[str]) -> str:
    if len(own) == 1:
        return own[0]
    if not own:
        raise UsageError(
            "Say which retailer these prices are from: --retailer ID. To compare with them, "
            'also add [[retailer]] id = "ID" adapter = "pricefile" to the configuration.'
        )
    raise UsageError(
        f"Several price-file retailers are configured; pick one: --retailer {' | '.join(own)}."
    )


@click.command()
@pass_app
def retailers(app: AppContext) -> None:
    """List the retailers restock compares and the adapters installed."""
    settings = load_settings(app.config())
    chosen = retailers_to_ask(settings)
    table = Table(title="Retailers" + ("" if settings.retailers else " (demo: none configured)"))
    for column in ("id", "name", "adapter", "modes"):
        table.add_column(column)
    for retailer in chosen:
        modes = ", ".join(describe_terms(t) for t in retailer.modes) or _default_modes(retailer)
        name = retailer.name if retailer.enabled else f"{retailer.name} (disabled)"
        table.add_row(retailer.id, name, retailer.adapter, modes)
    app.console.print(table)
    app.console.print(
        "Offer sources installed: " + ", ".join(sorted(installed_adapters(RETAILERS_GROUP)))
    )
    app.console.print(
        "Product sources installed: " + ", ".join(sorted(installed_adapters(PRODUCTS_GROUP)))
    )


def _default_modes(retailer: RetailerSettings) -> str:
    if retailer.adapter in ("http_retailer", "demo"):
        return "as the retailer announces them"
    return "store free (default)"


def describe_terms(terms: ModeTerms) -> str:
    """'delivery 5.99 € (min 50.00 €, free from 100.00 €)'."""
    parts = [f"min {_euros(terms.min_order_cents)}"] if terms.min_order_cents else []
    if terms.free_above_cents is not None:
        parts.append(f"free from {_euros(terms.free_above_cents)}")
    fee = _euros(terms.fee_cents) if terms.fee_cents else "free"
    return f"{terms.mode} {fee}" + (f" ({', '.join(parts)})" if parts else "")


def _euros(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d} €"
