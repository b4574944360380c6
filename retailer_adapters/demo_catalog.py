"""Builds the bundled demo data (data/demo_retailers.json); not imported at run time.

Four fictional retailers and a few hundred French supermarket products with valid
GTINs (check digits computed), sizes and plausible prices. Deterministic, so the file
only changes when this module does:

    .venv/bin/python -m retailer_adapters.demo_catalog > retailer_adapters/data/demo_retailers.json

The GTINs use the GS1 France prefix 376 with made-up company numbers; two real,
well-known codes (Nutella 400 g, Coca-Cola 33 cl) are kept so a real scan finds a price.
"""

from __future__ import annotations

import hashlib
import json
import sys

from household.gtin import compute_check_digit

# category tag -> [(name, brands, [(size text, value, unit, base price in cents)])]
CATALOG: dict[str, list[tuple[str, tuple[str, ...], list[tuple[str, float, str, int]]]]] = {
    "en:milks": [
        (
            "Lait demi-écrémé UHT",
            ("Lactel", "Candia"),
            [("1 l", 1000, "ml", 115), ("6 x 1 l", 6000, "ml", 649)],
        ),
        ("Lait entier UHT", ("Lactel", "Candia"), [("1 l", 1000, "ml", 135)]),
        ("Lait écrémé UHT", ("Lactel",), [("1 l", 1000, "ml", 105)]),
        ("Lait demi-écrémé bio", ("Lactel Bio", "Candia Bio"), [("1 l", 1000, "ml", 155)]),
        ("Boisson avoine", ("Bjorg", "Alpro"), [("1 l", 1000, "ml", 239)]),
    ],
    "en:eggs": [
        (
            "Œufs frais plein air",
            ("Loué", "Cocorette"),
            [("x6", 6, "count", 259), ("x12", 12, "count", 469)],
        ),
        ("Œufs bio", ("Cocorette", "Loué"), [("x6", 6, "count", 329)]),
    ],
    "en:butters": [
        ("Beurre doux", ("Président", "Paysan Breton"), [("250 g", 250, "g", 259)]),
        ("Beurre demi-sel", ("Paysan Breton", "Président"), [("250 g", 250, "g", 275)]),
    ],
    "en:yogurts": [
        (
            "Yaourt nature",
            ("Danone", "Yoplait"),
            [("4 x 125 g", 500, "g", 179), ("12 x 125 g", 1500, "g", 449)],
        ),
        ("Yaourt aux fruits", ("Yoplait", "Danone"), [("8 x 125 g", 1000, "g", 339)]),
        ("Skyr nature", ("Siggi's", "Danone"), [("450 g", 450, "g", 279)]),
        ("Fromage blanc 3,2 %", ("Malo", "Yoplait"), [("500 g", 500, "g", 219)]),
        ("Crème dessert chocolat", ("Danette",), [("4 x 125 g", 500, "g", 199)]),
    ],
    "en:cheeses": [
        (
            "Emmental râpé",
            ("Entremont", "Président"),
            [("200 g", 200, "g", 249), ("500 g", 500, "g", 559)],
        ),
        ("Camembert de Normandie AOP", ("Président", "Lepetit"), [("250 g", 250, "g", 329)]),
        ("Comté AOP 12 mois", ("Juraflore", "Entremont"), [("250 g", 250, "g", 479)]),
        ("Mozzarella", ("Galbani", "Président"), [("125 g", 125, "g", 119)]),
        (
            "Fromage à tartiner ail et fines herbes",
            ("Boursin", "St Môret"),
            [("150 g", 150, "g", 269)],
        ),
    ],
    "en:creams": [
        ("Crème fraîche épaisse 30 %", ("Président", "Elle & Vire"), [("20 cl", 200, "ml", 179)])
    ],
    "en:breads": [
        ("Pain de mie complet", ("Harrys", "Jacquet"), [("500 g", 500, "g", 229)]),
        ("Pain de mie nature sans croûte", ("Harrys", "Jacquet"), [("325 g", 325, "g", 219)]),
        ("Biscottes", ("Heudebert", "Pelletier"), [("290 g", 290, "g", 199)]),
    ],
    "en:breakfast-cereals": [
        ("Céréales chocolat", ("Kellogg's", "Nestlé"), [("375 g", 375, "g", 329)]),
        ("Muesli croustillant", ("Jordans", "Bjorg"), [("500 g", 500, "g", 369)]),
        ("Flocons d'avoine", ("Quaker", "Bjorg"), [("500 g", 500, "g", 189)]),
    ],
    "en:spreads": [
        ("Confiture de fraises", ("Bonne Maman", "St Dalfour"), [("370 g", 370, "g", 289)]),
        ("Confiture d'abricots", ("Bonne Maman",), [("370 g", 370, "g", 289)]),
        ("Miel de fleurs", ("Lune de Miel", "Famille Michaud"), [("500 g", 500, "g", 549)]),
    ],
    "en:pastas": [
        ("Spaghetti", ("Panzani", "Barilla"), [("500 g", 500, "g", 139), ("1 kg", 1000, "g", 259)]),
        ("Penne rigate", ("Barilla", "Panzani"), [("500 g", 500, "g", 149)]),
        ("Coquillettes", ("Panzani", "Lustucru"), [("500 g", 500, "g", 129)]),
        ("Torsades", ("Lustucru", "Panzani"), [("500 g", 500, "g", 135)]),
    ],
    "en:rices": [
        ("Riz basmati", ("Taureau Ailé", "Uncle Ben's"), [("1 kg", 1000, "g", 329)]),
        ("Riz long grain", ("Taureau Ailé", "Lustucru"), [("1 kg", 1000, "g", 219)]),
    ],
    "en:flours": [
        ("Farine de blé T55", ("Francine", "Moulins Soufflet"), [("1 kg", 1000, "g", 115)])
    ],
    "en:sugars": [("Sucre en poudre", ("Daddy", "Béghin Say"), [("1 kg", 1000, "g", 145)])],
    "en:oils": [
        ("Huile d'olive vierge extra", ("Puget", "Lesieur"), [("75 cl", 750, "ml", 899)]),
        ("Huile de tournesol", ("Lesieur", "Fruit d'Or"), [("1 l", 1000, "ml", 259)]),
    ],
    "en:sauces": [
        ("Sauce tomate basilic", ("Panzani", "Barilla"), [("400 g", 400, "g", 199)]),
        ("Moutarde de Dijon", ("Maille", "Amora"), [("370 g", 370, "g", 229)]),
        ("Mayonnaise", ("Amora", "Lesieur"), [("235 g", 235, "g", 219)]),
        ("Ketchup", ("Heinz", "Amora"), [("560 g", 560, "g", 299)]),
    ],
    "en:canned-vegetables": [
        ("Petits pois extra-fins", ("Bonduelle", "D'aucy"), [("400 g", 400, "g", 169)]),
        ("Haricots verts extra-fins", ("Bonduelle", "D'aucy"), [("400 g", 400, "g", 189)]),
        ("Maïs doux", ("Bonduelle", "Géant Vert"), [("3 x 140 g", 420, "g", 259)]),
        ("Tomates pelées", ("Mutti", "Cirio"), [("400 g", 400, "g", 149)]),
    ],
    "en:canned-fishes": [
        ("Thon entier au naturel", ("Petit Navire", "Saupiquet"), [("140 g", 140, "g", 279)]),
        ("Sardines à l'huile d'olive", ("Connétable", "Petit Navire"), [("135 g", 135, "g", 229)]),
    ],
    "en:coffees": [
        ("Café moulu pur arabica", ("Carte Noire", "Lavazza"), [("250 g", 250, "g", 399)]),
        ("Café en grains", ("Lavazza", "Malongo"), [("1 kg", 1000, "g", 1399)]),
        ("Capsules espresso", ("L'Or", "Carte Noire"), [("x10", 10, "count", 329)]),
    ],
    "en:teas": [("Thé vert menthe", ("Lipton", "Éléphant"), [("x25", 25, "count", 239)])],
    "en:chocolates": [
        ("Chocolat noir 70 %", ("Côte d'Or", "Lindt"), [("100 g", 100, "g", 199)]),
        ("Chocolat au lait", ("Milka", "Côte d'Or"), [("100 g", 100, "g", 149)]),
    ],
    "en:biscuits": [
        ("Petit beurre", ("LU", "St Michel"), [("200 g", 200, "g", 169)]),
        ("Biscuits fourrés chocolat", ("Prince", "Pépito"), [("300 g", 300, "g", 219)]),
        ("Madeleines", ("St Michel", "Bonne Maman"), [("250 g", 250, "g", 249)]),
    ],
    "en:waters": [
        (
            "Eau minérale naturelle",
            ("Evian", "Volvic"),
            [("1,5 l", 1500, "ml", 79), ("6 x 1,5 l", 9000, "ml", 449)],
        ),
        (
            "Eau de source",
            ("Cristaline",),
            [("1,5 l", 1500, "ml", 29), ("6 x 1,5 l", 9000, "ml", 169)],
        ),
        ("Eau gazeuse", ("Perrier", "San Pellegrino"), [("1 l", 1000, "ml", 109)]),
    ],
    "en:fruit-juices": [
        ("Pur jus d'orange sans pulpe", ("Tropicana", "Joker"), [("1 l", 1000, "ml", 289)]),
        ("Jus de pomme", ("Joker", "Pampryl"), [("1 l", 1000, "ml", 199)]),
    ],
    "en:sodas": [
        ("Limonade", ("Lorina", "Pschitt"), [("1,5 l", 1500, "ml", 169)]),
        ("Thé glacé pêche", ("Lipton", "Fuze Tea"), [("1,5 l", 1500, "ml", 219)]),
    ],
    "en:frozen-foods": [
        ("Petits pois surgelés", ("Picard", "Bonduelle"), [("1 kg", 1000, "g", 299)]),
        ("Pizza 4 fromages", ("Buitoni", "Sodebo"), [("400 g", 400, "g", 349)]),
        ("Frites au four", ("McCain",), [("1 kg", 1000, "g", 299)]),
        ("Poisson pané", ("Findus", "Iglo"), [("400 g", 400, "g", 389)]),
    ],
    "en:meats": [
        (
            "Jambon blanc supérieur",
            ("Herta", "Fleury Michon"),
            [("4 tranches 160 g", 160, "g", 299)],
        ),
        ("Lardons fumés", ("Herta", "Fleury Michon"), [("2 x 100 g", 200, "g", 249)]),
        ("Steaks hachés 5 %", ("Charal", "Bigard"), [("2 x 125 g", 250, "g", 429)]),
        ("Filet de poulet", ("Le Gaulois", "Maître Coq"), [("500 g", 500, "g", 749)]),
    ],
    "en:fresh-vegetables": [
        ("Carottes", ("",), [("1 kg", 1000, "g", 149)]),
        ("Pommes de terre", ("",), [("2,5 kg", 2500, "g", 349)]),
        ("Oignons jaunes", ("",), [("1 kg", 1000, "g", 199)]),
        ("Tomates grappe", ("",), [("500 g", 500, "g", 229)]),
    ],
    "en:fresh-fruits": [
        ("Pommes Golden", ("",), [("1 kg", 1000, "g", 249)]),
        ("Bananes", ("",), [("1 kg", 1000, "g", 199)]),
        ("Citrons", ("",), [("500 g", 500, "g", 199)]),
    ],
    "en:toilet-papers": [
        (
            "Papier toilette confort",
            ("Lotus", "Le Trèfle"),
            [("x12", 12, "count", 549), ("x24", 24, "count", 999)],
        ),
        ("Essuie-tout", ("Okay", "Sopalin"), [("x4", 4, "count", 399)]),
        ("Mouchoirs", ("Kleenex", "Lotus"), [("x10 paquets", 10, "count", 239)]),
    ],
    "en:detergents": [
        (
            "Lessive liquide",
            ("Le Chat", "Skip", "Ariel"),
            [("1,5 l", 1500, "ml", 899), ("3 l", 3000, "ml", 1599)],
        ),
        ("Liquide vaisselle", ("Paic", "Mir"), [("750 ml", 750, "ml", 229)]),
        ("Tablettes lave-vaisselle", ("Finish", "Sun"), [("x40", 40, "count", 999)]),
        ("Nettoyant multi-usages", ("Mr Propre", "St Marc"), [("1 l", 1000, "ml", 299)]),
        ("Adoucissant", ("Soupline", "Lenor"), [("1,2 l", 1200, "ml", 399)]),
        ("Éponges grattantes", ("Spontex", "Scotch-Brite"), [("x3", 3, "count", 249)]),
    ],
    "en:hygiene": [
        ("Gel douche", ("Le Petit Marseillais", "Dove"), [("250 ml", 250, "ml", 249)]),
        ("Shampooing", ("Elseve", "Head & Shoulders"), [("250 ml", 250, "ml", 399)]),
        ("Dentifrice", ("Signal", "Colgate"), [("75 ml", 75, "ml", 199)]),
        ("Savon liquide mains", ("Le Petit Marseillais", "Sanex"), [("300 ml", 300, "ml", 229)]),
        ("Déodorant", ("Dove", "Narta"), [("200 ml", 200, "ml", 359)]),
    ],
    "en:baby-products": [
        ("Couches taille 4", ("Pampers", "Lotus Baby"), [("x44", 44, "count", 1649)])
    ],
    "en:pet-foods": [
        ("Croquettes chat", ("Purina One", "Whiskas"), [("1,5 kg", 1500, "g", 899)]),
        ("Pâtée chien", ("Pedigree", "Cesar"), [("4 x 400 g", 1600, "g", 599)]),
    ],
}

REAL_PRODUCTS = (
    ("3017620422003", "Pâte à tartiner Nutella", "Ferrero", "400 g", 400, "g", 409, "en:spreads"),
    ("5449000000996", "Coca-Cola Original", "Coca-Cola", "33 cl", 330, "ml", 99, "en:sodas"),
)

RETAILERS = (
    {
        "id": "demo-hyper-azur",
        "name": "Hyper Azur (démo)",
        "store_brand": "Azur",
        "factor": 0.96,
        "share": 1.0,
        "modes": [
            {"id": "pickup", "fee_cents": 0, "min_order_cents": 2500},
            {
                "id": "delivery",
                "fee_cents": 690,
                "min_order_cents": 6000,
                "free_above_cents": 12000,
            },
            {"id": "store", "fee_cents": 0, "min_order_cents": 0},
        ],
    },
    {
        "id": "demo-marche-bleu",
        "name": "Marché Bleu (démo)",
        "store_brand": "Bleu Marché",
        "factor": 1.02,
        "share": 0.85,
        "modes": [
            {"id": "pickup", "fee_cents": 150, "min_order_cents": 2000, "free_above_cents": 5000},
            {"id": "store", "fee_cents": 0, "min_order_cents": 0},
        ],
    },
    {
        "id": "demo-courses-express",
        "name": "Courses Express (démo)",
        "store_brand": "Express",
        "factor": 1.0,
        "share": 0.7,
        "modes": [
            {"id": "delivery", "fee_cents": 499, "min_order_cents": 3500, "free_above_cents": 8000},
        ],
    },
    {
        "id": "demo-epicerie-du-coin",
        "name": "L'Épicerie du Coin (démo)",
        "store_brand": None,
        "factor": 1.14,
        "share": 0.45,
        "modes": [{"id": "store", "fee_cents": 0, "min_order_cents": 0}],
    },
)


def _unit(seed: str) -> float:
    """A stable pseudo-random number in [0, 1) from ``seed``."""
    return int(hashlib.sha256(seed.encode()).hexdigest()[:8], 16) / 2**32


def _gtin(company: int, item: int) -> str:
    body = f"376{company:04d}{item:05d}"
    return body + compute_check_digit(body)


def _shelf_price(cents: float) -> int:
    """Round to the x9 endings French shelves use (1,19 € rather than 1,17 €)."""
    return max(9, round(cents / 10.0) * 10 - 1)


def build_demo_catalog() -> dict:
    """The whole demo data set as plain JSON-ready values."""
    products = []
    brand_companies: dict[str, int] = {}
    for category, lines in CATALOG.items():
        for name, brands, sizes in lines:
            for brand in brands:
                company = brand_companies.setdefault(brand, 1000 + 37 * len(brand_companies))
                for size, value, unit, cents in sizes:
                    item = len(products) + 101
                    label = (
                        f"{name} {brand} {size}".replace("  ", " ") if brand else f"{name} {size}"
                    )
                    premium = 1.0 + 0.25 * _unit(brand + name) if brand else 1.0
                    products.append(
                        {
                            "gtin": _gtin(company, item),
                            "name": label,
                            "brand": brand or None,
                            "size": size,
                            "size_value": value,
                            "size_unit": unit,
                            "categories": [category],
                            "base_cents": round(cents * premium),
                            "store_brand_of": None,
                        }
                    )
    for code, name, brand, size, value, unit, cents, category in REAL_PRODUCTS:
        products.append(
            {
                "gtin": code,
                "name": name,
                "brand": brand,
                "size": size,
                "size_value": value,
                "size_unit": unit,
                "categories": [category],
                "base_cents": cents,
                "store_brand_of": None,
            }
        )
    # Each chain's own brand: the cheap twin of a branded product, sold only there.
    for number, retailer in enumerate(RETAILERS):
        brand = retailer["store_brand"]
        if not brand:
            continue
        seen: set[tuple[str, str]] = set()
        for product in list(products):
            if product["store_brand_of"] or not product["brand"]:
                continue
            generic = product["name"].replace(f" {product['brand']} ", " ")
            if (generic, product["size"]) in seen:
                continue
            seen.add((generic, product["size"]))
            name = generic.replace(f" {product['size']}", f" {brand} {product['size']}")
            products.append(
                {
                    **product,
                    "gtin": _gtin(9000 + number, len(products) + 101),
                    "name": name,
                    "brand": brand,
                    "base_cents": round(product["base_cents"] * 0.72),
                    "store_brand_of": retailer["id"],
                }
            )
    prices: dict[str, dict[str, int]] = {}
    for retailer in RETAILERS:
        shelf = {}
        for product in products:
            owner = product["store_brand_of"]
            if owner not in (None, retailer["id"]):
                continue
            if owner is None and _unit(retailer["id"] + product["gtin"]) >= retailer["share"]:
                continue
            noise = 0.92 + 0.16 * _unit(product["gtin"] + retailer["id"] + "price")
            shelf[product["gtin"]] = _shelf_price(
                product["base_cents"] * retailer["factor"] * noise
            )
        prices[retailer["id"]] = shelf
    retailers = [
        {"id": r["id"], "name": r["name"], "modes": r["modes"], "store_brand": r["store_brand"]}
        for r in RETAILERS
    ]
    for product in products:
        product.pop("base_cents")
    return {
        "priced_on": "2026-11-02",
        "retailers": retailers,
        "products": products,
        "prices": prices,
    }


if __name__ == "__main__":
    json.dump(build_demo_catalog(), sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
