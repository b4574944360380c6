"""Price files: household CSV/JSON and loyalty-card exports, imported and offered."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from adapter_server import DATA_DIR

from household.config import parse_config
from household.errors import UsageError
from household.model import Gtin, ListItem, Source
from retailer_adapters.collect import collect_offers
from retailer_adapters.price_store import load_prices, save_prices
from retailer_adapters.pricefile import PriceFileAdapter, load_price_file, parse_price_file

FILES = DATA_DIR / "pricefile"
TODAY = date(2026, 11, 24)
NOW = datetime(2026, 11, 24, 9, tzinfo=UTC)


def item(text: str, item_id: int = 1) -> ListItem:
    """A list line for a barcode or a name."""
    gtin = Gtin.parse(text) if text.isdigit() else None
    return ListItem(item_id, text, 1, None, gtin, "ana", Source.SCAN, NOW, NOW)


def summary(path: Path) -> tuple[str, list[tuple], list[str]]:
    """Format, (code, cents, day, store) per price, and the skip reasons."""
    parsed = load_price_file(path, today=TODAY)
    prices = [
        (p.gtin.short if p.gtin else None, p.price_cents, p.priced_on.isoformat(), p.store)
        for p in parsed.prices
    ]
    return parsed.format, prices, [s.reason for s in parsed.skipped]


def test_carrefour_export():
    fmt, prices, skipped = summary(FILES / "carrefour_export.csv")
    assert fmt == "carrefour"
    assert prices == [
        ("3017620422003", 389, "2026-05-27", "Carrefour Grenoble Jaures"),
        ("5449000000996", 85, "2026-05-27", "Carrefour Grenoble Jaures"),
        ("3245413447180", 102, "2026-05-27", "Carrefour Grenoble Jaures"),
        ("3017620422003", 399, "2026-06-03", "Carrefour Echirolles"),
    ]
    assert skipped == [
        "CAR000001 is not a valid barcode (Coupon FIDELITE)",
        "quantity -1 (a return or a discount line: COCA COLA 33CL)",
    ]


def test_intermarche_line_total_is_divided_by_quantity():
    fmt, prices, skipped = summary(FILES / "intermarche_export.csv")
    assert fmt == "intermarche"
    assert prices[0] == ("3017620422003", 379, "2026-09-12", "INTERMARCHE REZE")
    assert skipped == ["2630329000000 is not a valid barcode (JAMBON A LA COUPE)"]


def test_auchan_and_leclerc_exports():
    assert summary(FILES / "auchan_export.csv")[:2] == (
        "auchan",
        [("3017620422003", 379, "2026-10-02", "44400")],
    )
    assert summary(FILES / "leclerc_export.csv")[:2] == (
        "leclerc",
        [("3068320114453", 81, "2026-10-15", "44340")],
    )


def test_household_flyer_csv_with_french_columns():
    parsed = load_price_file(FILES / "household_flyer.csv", today=TODAY)
    assert [(p.name, p.price_cents, p.size_value, p.size_unit) for p in parsed.prices] == [
        ("Nutella 400 g", 349, 400.0, "g"),
        ("Tomates grappe", 299, 1000.0, "g"),
    ]
    assert parsed.skipped[0].line == 4


def test_json_price_list():
    parsed = load_price_file(FILES / "household_prices.json", today=TODAY)
    assert [(p.price_cents, p.size_value) for p in parsed.prices] == [
        (359, None),
        (369, None),
        (240, 1000.0),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("foo,bar\n1,2\n", "has no name column. Name the columns e.g. gtin,name,price,date"),
        ("name,price,date\nLait,abc,2026-11-01\n", "No price could be read from f.csv: line 2"),
        ("name,price,date\nLait,1.00,2027-01-01\n", "date 2027-01-01 is in the future"),
        ("[1, 2]", 'a JSON price list is [{"name": .., "price": .., "date": ..}, ..]'),
    ],
)
def test_bad_files_say_what_to_do(text, message):
    with pytest.raises(UsageError) as caught:
        parse_price_file(text, name="f.csv", today=TODAY)
    assert message in str(caught.value)


def test_wrong_format_names_the_columns():
    with pytest.raises(UsageError) as caught:
        load_price_file(FILES / "auchan_export.csv", "carrefour", today=TODAY)
    assert str(caught.value) == (
        "auchan_export.csv has no column 'Description du produit' (format carrefour); its "
        "columns are: JOUR, CODE_POSTAL, CODE_PRODUIT, NOM_PRODUIT, PRIX_UNITAIRE. "
        "Pick the right --format, or rename the column."
    )


def test_saved_twice_is_kept_once_and_offered_newest(db_path):
    prices = load_price_file(FILES / "carrefour_export.csv", today=TODAY).prices
    first = save_prices(db_path, "carrefour", prices, source="carrefour", now=NOW)
    again = save_prices(db_path, "carrefour", prices, source="carrefour", now=NOW)
    assert (first.added, first.replaced, again.added, again.replaced) == (4, 0, 0, 4)

    source = PriceFileAdapter("carrefour", load_prices(db_path, "carrefour"))
    offers = source.offers([item("3017620422003", 1), item("lait", 2), item("beurre", 3)])
    assert [(o.name, o.price_cents, o.priced_on) for o in offers] == [
        ("NUTELLA 400G", 399, date(2026, 6, 3)),
        ("CRF LAIT 1/2 ECR UHT 1L", 102, date(2026, 5, 27)),
    ]


def test_configured_price_file_retailers_through_collect(db_path):
    prices = load_price_file(FILES / "household_flyer.csv", today=TODAY).prices
    save_prices(db_path, "super-u", prices, source="household", now=NOW)
    config = parse_config(
        {
            "retailer": [
                {"id": "super-u", "adapter": "pricefile"},
                {
                    "id": "marche",
                    "adapter": "pricefile",
                    "file": str(FILES / "household_prices.json"),
                },
            ]
        }
    )
    report = collect_offers(config, [item("3017620422003", 1), item("tomates", 2)], db_path=db_path)
    assert report.failures == ()
    assert sorted((o.retailer, o.price_cents) for o in report.offers) == [
        ("marche", 359),
        ("super-u", 299),
        ("super-u", 349),
    ]
