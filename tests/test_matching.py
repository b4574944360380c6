"""Matching list lines to offers: barcodes, substitution policies, pack covering, names."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from comparator.matching import MatchKind, format_unit_price, match_items, product_kind
from household.model import Gtin, ListItem, Offer, Product, Source, Substitution

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
LACTEL_1L = Gtin.parse("3761000001011")
LACTEL_6L = Gtin.parse("3761000001028")
CANDIA_1L = Gtin.parse("3761037001039")
AZUR_1L = Gtin.parse("3769000003042")
LACTEL_ENTIER = Gtin.parse("3761000001059")


def line(
    item_id: int,
    name: str,
    quantity: float = 1,
    unit: str | None = None,
    gtin: Gtin | None = None,
    substitution: Substitution = Substitution.EXACT,
) -> ListItem:
    return ListItem(
        item_id, name, quantity, unit, gtin, "test", Source.TYPED, NOW, NOW, substitution
    )


def milk(
    retailer: str,
    gtin: Gtin,
    name: str,
    brand: str,
    price_cents: int,
    size_ml: float = 1000,
    store_brand: bool = False,
) -> Offer:
    return Offer(
        retailer=retailer,
        name=name,
        price_cents=price_cents,
        gtin=gtin,
        brand=brand,
        size_value=size_ml,
        size_unit="ml",
        categories=("en:milks",),
        store_brand=store_brand,
    )


SHELF = [
    milk("hyper", LACTEL_1L, "Lait demi-écrémé UHT Lactel 1 l", "Lactel", 119),
    milk("hyper", LACTEL_6L, "Lait demi-écrémé UHT Lactel 6 x 1 l", "Lactel", 599, 6000),
    milk("hyper", CANDIA_1L, "Lait demi-écrémé UHT Candia 1 l", "Candia", 105),
    milk("hyper", AZUR_1L, "Lait demi-écrémé UHT Azur 1 l", "Azur", 89, store_brand=True),
    milk("hyper", LACTEL_ENTIER, "Lait entier UHT Lactel 1 l", "Lactel", 60),
]


def best_at(item: ListItem, offers=SHELF, products=None, retailer: str = "hyper"):
    (matches,) = match_items([item], offers, products)
    return matches.by_retailer.get(retailer), matches


def test_a_scanned_line_matches_its_barcode_and_nothing_else_by_default():
    match, _ = best_at(line(1, "lait", 2, gtin=LACTEL_1L))
    assert (match.offer.gtin, match.packs, match.line_cents) == (LACTEL_1L, 2, 238)
    assert match.kind is MatchKind.EXACT and match.confidence == 100 and match.reason == ""


def test_exact_policy_leaves_a_line_unpriced_rather_than_substitute():
    _, matches = best_at(line(1, "Lactel", gtin=LACTEL_1L), offers=SHELF[1:])
    assert matches.by_retailer == {}
    assert matches.note == "no retailer prices 3761000001011 (only this product is allowed)"


def test_same_brand_takes_the_bigger_pack_when_it_covers_for_less():
    # 6 litres wanted: six 1 l bottles cost 7.14, the 6 x 1 l pack 5.99.
    match, _ = best_at(line(1, "Lactel", 6, gtin=LACTEL_1L, substitution=Substitution.SAME_BRAND))
    assert (match.offer.gtin, match.packs, match.line_cents) == (LACTEL_6L, 1, 599)
    assert match.kind is MatchKind.SUBSTITUTE
    assert match.reason.startswith(
        "Lait demi-écrémé UHT Lactel 6 x 1 l instead of Lait demi-écrémé UHT Lactel 1 l: "
        "same brand, another size at 1.00 €/l"
    )
    assert "where the scanned product costs 7.14" in match.reason


def test_same_brand_never_crosses_brands_and_keeps_the_exact_product_when_cheapest():
    match, _ = best_at(line(1, "Lactel", 1, gtin=LACTEL_1L, substitution=Substitution.SAME_BRAND))
    assert match.offer.gtin == LACTEL_1L and match.kind is MatchKind.EXACT


def test_any_brand_takes_the_cheapest_of_the_same_kind_but_not_another_kind():
    match, _ = best_at(line(1, "Lactel", 2, gtin=LACTEL_1L, substitution=Substitution.ANY_BRAND))
    # Whole milk at 0.60 is cheaper, but it is not semi-skimmed milk.
    assert (match.offer.gtin, match.line_cents) == (AZUR_1L, 178)
    assert "any brand allowed" in match.reason


def test_store_brand_takes_only_a_retailers_own_brand():
    shelf = [o for o in SHELF if o.gtin != AZUR_1L]
    item = line(1, "Lactel", 1, gtin=LACTEL_1L, substitution=Substitution.STORE_BRAND)
    match, _ = best_at(item, offers=shelf)
    assert match.offer.gtin == LACTEL_1L  # Candia is cheaper but not the store's brand
    match, _ = best_at(item)
    assert match.offer.gtin == AZUR_1L and "store brand allowed" in match.reason


def test_substitutes_need_a_known_size_of_the_same_dimension():
    powder = Offer(
        "hyper",
        "Lait demi-écrémé UHT en poudre",
        50,
        Gtin.parse("3760000000017"),
        brand="Azur",
        size_value=300,
        size_unit="g",
        categories=("en:milks",),
    )
    item = line(1, "Lactel", 1, gtin=LACTEL_1L, substitution=Substitution.ANY_BRAND)
    match, _ = best_at(item, offers=[SHELF[0], powder])
    assert match.offer.gtin == LACTEL_1L


def test_the_household_product_describes_a_scan_no_retailer_sells():
    product = Product(
        LACTEL_1L, "Lait demi-écrémé UHT Lactel 1 l", "Lactel", "1 l", 1000, "ml", ("en:milks",)
    )
    item = line(1, "Lactel", 3, gtin=LACTEL_1L, substitution=Substitution.ANY_BRAND)
    match, _ = best_at(item, offers=SHELF[1:], products={LACTEL_1L.digits: product})
    assert (match.offer.gtin, match.packs) == (AZUR_1L, 3)


@pytest.mark.parametrize(
    ("quantity", "unit", "packs"),
    [(2, "l", 2), (1.5, "l", 2), (150, "cl", 2), (1, "l", 1), (0.2, "l", 1), (3, None, 3)],
)
def test_packs_cover_the_quantity_wanted(quantity, unit, packs):
    match, _ = best_at(line(1, "lait demi-écrémé", quantity, unit), offers=[SHELF[2]])
    assert match.packs == packs and match.line_cents == 105 * packs


def test_a_measured_line_skips_offers_whose_size_is_unknown():
    unsized = Offer("hyper", "Lait cru", 150)
    _, matches = best_at(line(1, "lait", 2, "l"), offers=[unsized])
    assert matches.by_retailer == {}


def test_names_match_without_accents_case_or_plurals():
    eggs = Offer("coin", "Œufs frais plein air Cocorette x6", 309, size_value=6, size_unit="count")
    match, _ = best_at(line(1, "oeuf"), offers=[eggs], retailer="coin")
    assert match.kind is MatchKind.NAME and match.confidence == 100
    assert (
        match.reason == "'oeuf' matched by name to Œufs frais plein air Cocorette x6 (sure, 100%)"
    )


def test_a_name_prefers_products_it_heads_over_ones_it_merely_appears_in():
    chocolate = Offer("a", "Chocolat au lait Milka", 150, brand="Milka")
    milk_b = Offer("b", "Lait entier Bleu 1 l", 110, size_value=1000, size_unit="ml")
    (matches,) = match_items([line(1, "lait")], [chocolate, milk_b])
    assert set(matches.by_retailer) == {"b"}
    (matches,) = match_items([line(1, "lait")], [chocolate])
    assert matches.by_retailer["a"].confidence == 90
    assert "(likely, 90%)" in matches.by_retailer["a"].reason


def test_a_typo_still_matches_but_says_it_is_less_sure():
    yogurt = Offer("a", "Yaourt nature Danone 4 x 125 g", 189, brand="Danone")
    match, _ = best_at(line(1, "yahourt nature"), offers=[yogurt], retailer="a")
    assert match.confidence == 92
    assert match.reason.endswith("(likely, 92%)")
    _, matches = best_at(line(1, "yoga"), offers=[yogurt], retailer="a")
    assert matches.by_retailer == {}


def test_numbers_name_a_product_unless_they_are_its_size():
    assert product_kind("Produit 7 500 g", None) == "produit 7"
    assert product_kind("Œufs frais x12", None) == "oeuf frai"
    assert product_kind("Yaourt nature Danone 4 x 125 g", "Danone") == "yaourt nature"


def test_unavailable_offers_and_unrelated_names_do_not_match():
    gone = Offer("a", "Beurre doux 250 g", 199, available=False)
    butter, truffles = match_items([line(1, "beurre"), line(2, "truffes")], [gone, SHELF[0]])
    assert butter.by_retailer == {} and truffles.by_retailer == {}
    assert butter.note == "no retailer sells anything named like 'beurre'"


def test_a_scan_nobody_describes_falls_back_to_its_name_only_where_brand_does_not_matter():
    nutella = Gtin.parse("3017620422003")
    shelf = [
        Offer("a", "Pâte à tartiner noisettes Azur 400 g", 199, store_brand=True),
        Offer("a", "Pâte à tartiner noisettes Nocciolata 400 g", 299),
    ]
    item = line(1, "pâte à tartiner noisettes", gtin=nutella, substitution=Substitution.ANY_BRAND)
    match, _ = best_at(item, offers=shelf, retailer="a")
    assert match.kind is MatchKind.SUBSTITUTE and match.line_cents == 199
    assert match.reason == (
        "Pâte à tartiner noisettes Azur 400 g instead of 'pâte à tartiner noisettes' (its "
        "barcode is priced nowhere), as allowed, matched by name (sure, 100%)"
    )
    item = line(1, "pâte à tartiner noisettes", gtin=nutella, substitution=Substitution.STORE_BRAND)
    (matches,) = match_items([item], shelf[1:])
    assert matches.by_retailer == {}
    item = line(1, "pâte à tartiner noisettes", gtin=nutella, substitution=Substitution.SAME_BRAND)
    (matches,) = match_items([item], shelf)
    assert matches.note == "no retailer prices 3017620422003, and its brand is unknown"


def test_an_unnamed_scan_is_not_matched_by_its_placeholder_name():
    item = line(
        1,
        "unknown 3760000000017",
        gtin=Gtin.parse("3760000000017"),
        substitution=Substitution.ANY_BRAND,
    )
    _, matches = best_at(item)
    assert matches.by_retailer == {}
    assert matches.note == "no retailer prices 3760000000017 or a product named alike"


def test_every_match_that_is_not_the_exact_product_says_why():
    items = [
        line(1, "lait"),
        line(2, "Lactel", 6, gtin=LACTEL_1L, substitution=Substitution.SAME_BRAND),
        line(3, "Lactel", 2, gtin=LACTEL_1L, substitution=Substitution.ANY_BRAND),
        line(4, "Lactel", 2, gtin=LACTEL_1L, substitution=Substitution.STORE_BRAND),
    ]
    for matches in match_items(items, SHELF):
        for match in matches.by_retailer.values():
            assert (match.kind is MatchKind.EXACT) == (match.reason == "")


def test_kinds_and_unit_prices():
    assert product_kind("Lait demi-écrémé UHT Lactel 6 x 1 l", "Lactel") == "lait demi ecreme uht"
    assert format_unit_price(SHELF[1]) == "1.00 €/l"
    assert format_unit_price(Offer("a", "Beurre", 189, size_value=250, size_unit="g")) == (
        "7.56 €/kg"
    )
    assert format_unit_price(Offer("a", "Œufs x6", 199, size_value=6, size_unit="count")) == (
        "0.33 €/u"
    )
    assert format_unit_price(Offer("a", "Pain", 120)) == ""


def pantry(retailer: str, name: str, price_cents: int, category: str, grams: float) -> Offer:
    return Offer(
        retailer=retailer,
        name=name,
        price_cents=price_cents,
        size_value=grams,
        size_unit="g",
        categories=(category,),
    )


def test_a_generic_name_means_its_category_not_a_compound_that_starts_like_it():
    shelf = [
        pantry("hyper", "Pâte à tartiner Nutella 400 g", 359, "en:spreads", 400),
        pantry("hyper", "Spaghetti Azur 500 g", 79, "en:pastas", 500),
        pantry("hyper", "Penne rigate Barilla 500 g", 129, "en:pastas", 500),
    ]
    (result,) = match_items([line(1, "pâtes")], shelf)
    chosen = result.by_retailer["hyper"]
    assert chosen.offer.name == "Spaghetti Azur 500 g"
    assert chosen.reason == (
        "'pâtes' names a kind of product: Spaghetti Azur 500 g is one (pastas, any brand)"
    )


def test_a_compound_name_is_only_an_unsure_match_of_its_first_word():
    shelf = [pantry("hyper", "Pomme de terre Charlotte 2 kg", 299, "en:fresh-vegetables", 2000)]
    (result,) = match_items([line(1, "pomme")], shelf)
    assert result.by_retailer["hyper"].confidence == 80
    assert "unsure" in result.by_retailer["hyper"].reason
    shelf.append(pantry("hyper", "Pomme Golden 1 kg", 249, "en:fresh-fruits", 1000))
    (result,) = match_items([line(1, "pomme")], shelf)
    assert result.by_retailer["hyper"].offer.name == "Pomme Golden 1 kg"
