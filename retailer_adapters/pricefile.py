"""Price lists the household keeps: CSV or JSON typed from a flyer, or loyalty-card exports.

French chains must hand over a loyalty card's purchase history on a GDPR request; each
sends its own columns. The field names below are those Open Prices maps in
``scripts/gdpr/gdpr_field_mapping.csv`` (open-prices). ``parse_price_file`` is pure:
text in, prices and the lines it skipped (with the reason) out. ``restock prices
import`` stores them (price_store.py); ``PriceFileAdapter`` offers them.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from household.errors import ConfigError, InvalidGtin, UsageError
from household.model import FulfilmentMode, Gtin, GtinKind, ListItem, ModeTerms, Offer
from household.units import fold
from retailer_adapters.settings import RetailerSettings
from retailer_adapters.sizes import parse_size_text


@dataclass(frozen=True, slots=True)
class Columns:
    """Which columns of an export hold what, and how its dates are written."""

    gtin: str | None
    name: str
    price: str
    date: str
    store: str | None = None
    quantity: str | None = None
    size: str | None = None
    date_format: str = "%Y-%m-%d"
    price_is_line_total: bool = False
    """Intermarché's "CA TTC Produit" is the line's turnover: divide by the quantity."""


# Loyalty-card exports, from open-prices scripts/gdpr/gdpr_field_mapping.csv.
EXPORTS: dict[str, Columns] = {
    "auchan": Columns("CODE_PRODUIT", "NOM_PRODUIT", "PRIX_UNITAIRE", "JOUR", "CODE_POSTAL"),
    "carrefour": Columns(
        "Code Barre du produit",
        "Description du produit",
        "Prix unitaire TTC avec remise (€)",
        "Date de transaction",
        "NOM DU MAGASIN",
        quantity="Quantité",
        date_format="%d/%m/%Y",
    ),
    "leclerc": Columns(
        "ean", "article_libelle", "article_prix_unitaire", "date_ticket", "code_postal"
    ),
    "intermarche": Columns(
        "COD_ARTC_EAN",
        "LB_ARTC",
        "CA TTC Produit",
        "DT_TICK",
        "LB_COMM",
        quantity="Qte Vendues",
        date_format="%d/%m/%Y",
        price_is_line_total=True,
    ),
}
# Our own simple format: any of these spellings per column, in English or French.
ALIASES = {
    "gtin": ("gtin", "ean", "barcode", "code", "code_barre", "code barre", "ean13"),
    "name": ("name", "nom", "libelle", "libellé", "produit", "product", "article"),
    "price": ("price", "prix", "price_eur", "prix_eur", "prix (€)", "price (€)"),
    "date": ("date", "priced_on", "jour", "date_prix"),
    "store": ("store", "magasin", "shop", "enseigne"),
    "size": ("size", "taille", "contenance", "format"),
}
FORMATS = ("auto", "household", *EXPORTS)


@dataclass(frozen=True, slots=True)
class KeptPrice:
    """One price the household keeps."""

    name: str
    price_cents: int
    priced_on: date
    gtin: Gtin | None = None
    size_value: float | None = None
    size_unit: str | None = None
    store: str | None = None
    """The shop named in the file (a loyalty export covers several)."""


@dataclass(frozen=True, slots=True)
class SkippedLine:
    """A line that was not imported, and why."""

    line: int
    reason: str


@dataclass(frozen=True, slots=True)
class PriceFile:
    """What a file held."""

    format: str
    prices: tuple[KeptPrice, ...]
    skipped: tuple[SkippedLine, ...] = ()


def load_price_file(path: Path, fmt: str = "auto", today: date | None = None) -> PriceFile:
    """Read ``path`` (UTF-8, or the Windows-1252 many French exports use) and parse it."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise UsageError(f"Cannot read {path} ({err.strerror}). Check the file name.") from err
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return parse_price_file(text, fmt, name=path.name, today=today or date.today())


def parse_price_file(text: str, fmt: str = "auto", *, name: str = "file", today: date) -> PriceFile:
    """Prices from CSV or JSON text; ``fmt`` is one of FORMATS ('auto' reads the header)."""
    if fmt not in FORMATS:
        raise UsageError(f"Unknown price file format {fmt!r}. Use one of: {', '.join(FORMATS)}.")
    stripped = text.lstrip()
    if stripped.startswith(("[", "{")):
        try:
            raw = json.loads(stripped)
        except ValueError as err:
            raise UsageError(f"{name} looks like JSON but is not valid ({err}).") from err
        rows = raw.get("prices", []) if isinstance(raw, Mapping) else raw
        if not isinstance(rows, list) or not all(isinstance(r, Mapping) for r in rows):
            raise UsageError(
                f'{name}: a JSON price list is [{{"name": .., "price": .., "date": ..}}, ..] '
                'or {"prices": [...]}.'
            )
        keys = dict.fromkeys(k for row in rows for k in row)
        columns = _household_columns(keys, name)
        return _parse_rows(rows, columns, "household", name, today, first_line=1)
    reader = csv.DictReader(io.StringIO(text), dialect=_sniff(text))
    header = [h.strip() for h in reader.fieldnames or []]
    reader.fieldnames = header
    detected = fmt if fmt != "auto" else _detect(header)
    columns = EXPORTS.get(detected) or _household_columns(header, name)
    missing = [c for c in (columns.name, columns.price, columns.date) if c not in header]
    if missing:
        raise UsageError(
            f"{name} has no column {missing[0]!r} (format {detected}); its columns are: "
            f"{', '.join(header)}. Pick the right --format, or rename the column."
        )
    return _parse_rows(list(reader), columns, detected, name, today, first_line=2)


def _parse_rows(
    rows: Sequence[Mapping[str, Any]],
    columns: Columns,
    fmt: str,
    name: str,
    today: date,
    first_line: int,
) -> PriceFile:
    kept, skipped = [], []
    for number, row in enumerate(rows, start=first_line):
        try:
            kept.append(_parse_row(row, columns, today))
        except ValueError as err:
            skipped.append(SkippedLine(number, str(err)))
    if rows and not kept:
        first = skipped[0]
        raise UsageError(
            f"No price could be read from {name}: line {first.line}: {first.reason}. "
            "Check the --format and the columns."
        )
    return PriceFile(fmt, tuple(kept), tuple(skipped))


def _parse_row(row: Mapping[str, Any], columns: Columns, today: date) -> KeptPrice:
    label = _cell(row, columns.name)
    if not label:
        raise ValueError("no product name")
    gtin = None
    code = _cell(row, columns.gtin).strip("|").strip() if columns.gtin else ""
    if code:
        try:
            gtin = Gtin.parse(code)
        except InvalidGtin as err:
            raise ValueError(f"{code} is not a valid barcode ({label})") from err
        if gtin.kind is not GtinKind.PRODUCT:
            raise ValueError(f"{code} is a {gtin.kind} code, not a product ({label})")
    price = _decimal(_cell(row, columns.price))
    quantity = _decimal(_cell(row, columns.quantity)) if columns.quantity else None
    if quantity is not None and quantity <= 0:
        raise ValueError(f"quantity {quantity} (a return or a discount line: {label})")
    if price is None or price <= 0:
        raise ValueError(f"no price ({label})")
    if columns.price_is_line_total and quantity:
        price = price / quantity
    when = _date(_cell(row, columns.date), columns.date_format)
    if when > today:
        raise ValueError(f"date {when} is in the future ({label})")
    size = parse_size_text(_cell(row, columns.size)) if columns.size else None
    return KeptPrice(
        name=label,
        price_cents=int((price * 100).to_integral_value()),
        priced_on=when,
        gtin=gtin,
        size_value=size[0] if size else None,
        size_unit=size[1] if size else None,
        store=_cell(row, columns.store) or None if columns.store else None,
    )


def _detect(header: Sequence[str]) -> str:
    for fmt, columns in EXPORTS.items():
        if {columns.name, columns.price, columns.date} <= set(header):
            return fmt
    return "household"


def _household_columns(header: Any, name: str) -> Columns:
    lower = {str(h).strip().lower(): str(h) for h in header}

    def pick(field: str) -> str | None:
        return next((lower[a] for a in ALIASES[field] if a in lower), None)

    chosen = {field: pick(field) for field in ALIASES}
    for needed in ("name", "price"):
        if chosen[needed] is None:
            raise UsageError(
                f"{name} has no {needed} column. Name the columns e.g. "
                "gtin,name,price,date,store,size (or ean;libelle;prix;date;magasin)."
            )
    return Columns(
        gtin=chosen["gtin"],
        name=chosen["name"],
        price=chosen["price"],
        date=chosen["date"] or "date",
        store=chosen["store"],
        size=chosen["size"],
    )


def _sniff(text: str) -> type[csv.Dialect] | csv.Dialect:
    try:
        return csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        return csv.excel


def _cell(row: Mapping[str, Any], column: str | None) -> str:
    value = row.get(column) if column else None
    return "" if value is None else str(value).strip()


def _decimal(text: str) -> Decimal | None:
    cleaned = text.replace("€", "").replace("\u00a0", "").replace(" ", "").replace(",", ".")
    if not cleaned:
        return None
    try:
        return Decimal(cleaned)
    except InvalidOperation as err:
        raise ValueError(f"{text!r} is not an amount") from err


def _date(text: str, preferred: str) -> date:
    if not text:
        raise ValueError("no date")
    for fmt in (preferred, "%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"):
        try:
            return datetime.strptime(text[:10], fmt).date()
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a date (write 2026-11-24 or 24/11/2026)")


class PriceFileAdapter:
    """Offers from the prices the household imported (or from one file it names)."""

    name = "pricefile"

    def __init__(
        self,
        retailer_id: str,
        prices: Sequence[KeptPrice],
        modes: Sequence[ModeTerms] = (),
    ):
        self.retailer_id = retailer_id
        self.terms = tuple(modes) or (ModeTerms(FulfilmentMode.STORE),)
        self.modes = frozenset(t.mode for t in self.terms)
        self._newest = newest_prices(prices)

    @classmethod
    def from_settings(cls, retailer: RetailerSettings, context: Any) -> PriceFileAdapter:
        """Prices of ``file`` if the table names one, else those imported for this retailer."""
        file = retailer.options.get("file")
        if file:
            path = Path(str(file)).expanduser()
            if not path.is_absolute() and context.settings.path is not None:
                path = context.settings.path.parent / path  # beside the configuration file
            try:
                prices = load_price_file(path, today=context.today()).prices
            except UsageError as err:
                raise ConfigError(f"{retailer.where}: file = {str(file)!r}: {err}") from err
        elif context.db_path is not None:
            from retailer_adapters.price_store import load_prices

            prices = load_prices(context.db_path, retailer.id)
        else:
            prices = ()
        store = retailer.options.get("store")
        if store:
            prices = [p for p in prices if p.store == store]
        return cls(retailer.id, prices, retailer.modes)

    def fulfilment_terms(self) -> tuple[ModeTerms, ...]:
        """As configured; in-store by default."""
        return self.terms

    def offers(self, items: Sequence[ListItem]) -> list[Offer]:
        """The newest kept price of each item, by barcode, else by the words of its name."""
        found: dict[str, KeptPrice] = {}
        for item in items:
            if item.gtin is not None:
                price = self._newest.get(item.gtin.digits)
                if price:
                    found[item.gtin.digits] = price
                continue
            words = fold(item.name).split()
            for key, price in self._newest.items():
                if words and all(w in fold(price.name) for w in words):
                    found[key] = price
        return [self._offer(p) for p in found.values()]

    def _offer(self, price: KeptPrice) -> Offer:
        return Offer(
            retailer=self.retailer_id,
            name=price.name,
            price_cents=price.price_cents,
            gtin=price.gtin,
            size_value=price.size_value,
            size_unit=price.size_unit,
            priced_on=price.priced_on,
            source=self.name,
        )


def item_key(price: KeptPrice) -> str:
    """The GTIN digits, or 'name:<folded name>' for a price without a barcode."""
    return price.gtin.digits if price.gtin else "name:" + " ".join(fold(price.name).split())


def newest_prices(prices: Sequence[KeptPrice]) -> dict[str, KeptPrice]:
    """The newest price per item (the lower one on the same day)."""
    newest: dict[str, KeptPrice] = {}
    for price in prices:
        key = item_key(price)
        old = newest.get(key)
        if old is None or (price.priced_on, -price.price_cents) > (old.priced_on, -old.price_cents):
            newest[key] = price
    return newest
