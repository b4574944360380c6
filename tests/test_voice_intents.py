"""Understanding dictated sentences: the shared dev transcripts and many phrasings of our own."""

from __future__ import annotations

import pytest

from device.voice.evaluation import evaluate, load_labelled_set
from device.voice.intents import Action, SpokenItem, parse_utterance
from household.errors import UsageError


def items_of(text: str, lang: str, known=()):
    parsed = parse_utterance(text, lang, known)
    return parsed.action.value, [(i.name, i.quantity, i.unit) for i in parsed.items]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_dev_transcripts_are_all_understood(shared_dir, lang):
    labelled = load_labelled_set(shared_dir / "voice" / "dev" / lang, lang)
    assert len(labelled) == 40
    verdicts = evaluate(labelled, lang)
    missed = [(v.utterance.text, v.parsed) for v in verdicts if not v.understood]
    assert missed == []


def test_dev_labels_are_read_with_the_parsers_number_and_unit_readers(shared_dir):
    labelled = {u.filename: u for u in load_labelled_set(shared_dir / "voice/dev/fr", "fr")}
    assert labelled["fr_dev_021.wav"].quantity == 500
    assert labelled["fr_dev_021.wav"].unit == "g"
    assert labelled["fr_dev_004.wav"].quantity == 12
    assert labelled["fr_dev_010.wav"].intent == "undo"


FRENCH = [
    # add: verbs, carriers and fillers
    ("ajoute deux litres de lait", "add", [("lait", 2, "l")]),
    ("il nous faut trois kilos de pommes de terre", "add", [("pommes de terre", 3, "kg")]),
    ("on a plus de beurre", "add", [("beurre", None, None)]),
    ("on n'a plus du tout de sucre", "add", [("sucre", None, None)]),
    ("y a plus de café", "add", [("café", None, None)]),
    ("on est à court de lait", "add", [("lait", None, None)]),
    ("j'ai besoin d'huile", "add", [("huile", None, None)]),
    ("n'oublie pas le fromage râpé s'il te plaît", "add", [("fromage râpé", None, None)]),
    ("euh, ajoute un litre et demi de lait sur la liste", "add", [("lait", 1.5, "l")]),
    ("tu peux ajouter du gel douche s'il te plaît", "add", [("gel douche", None, None)]),
    ("est-ce que tu peux rajouter des chips", "add", [("chips", None, None)]),
    ("rajoute-moi deux bouteilles de vin rouge", "add", [("vin rouge", 2, "bottle")]),
    ("prends deux plaquettes de beurre", "add", [("beurre", 2, None)]),
    ("je voudrais un petit pot de crème fraîche", "add", [("crème fraîche", 1, "jar")]),
    ("il manque du sel", "add", [("sel", None, None)]),
    ("du pain", "add", [("pain", None, None)]),
    ("deux litres de lait s'il te plaît", "add", [("lait", 2, "l")]),
    ("mets de la crème fraîche sur la liste des courses", "add", [("crème fraîche", None, None)]),
    ("du lait, on n'en a plus", "add", [("lait", None, None)]),
    ("ajoute une grosse salade", "add", [("salade", 1, None)]),
    ("ajoute des petits pois", "add", [("petits pois", None, None)]),
    ("ajoute encore deux bananes", "add", [("bananes", 2, None)]),
    ("ajoute un pack de six bouteilles d'eau", "add", [("eau", 1, "pack")]),
    ("ajoute deux autres paquets de pâtes", "add", [("pâtes", 2, "packet")]),
    # numbers and units
    ("ajoute 1,5 kg de farine", "add", [("farine", 1.5, "kg")]),
    ("ajoute deux cent cinquante grammes de beurre", "add", [("beurre", 250, "g")]),
    ("ajoute une demi-douzaine d'œufs", "add", [("œufs", 6, None)]),
    ("ajoute deux douzaines d'oeufs", "add", [("oeufs", 24, None)]),
    ("ajoute vingt et un yaourts", "add", [("yaourts", 21, None)]),
    ("ajoute quatre-vingts grammes de chocolat noir", "add", [("chocolat noir", 80, "g")]),
    ("ajoute soixante-dix centilitres de rhum", "add", [("rhum", 70, "cl")]),
    ("ajoute un demi kilo de cerises", "add", [("cerises", 0.5, "kg")]),
    ("ajoute 500g de lentilles", "add", [("lentilles", 500, "g")]),
    ("ajoute une brique de lait demi-écrémé", "add", [("lait demi-écrémé", 1, "carton")]),
    ("ajoute six canettes de coca", "add", [("coca", 6, "can")]),
    ("ajoute trois tranches de jambon", "add", [("jambon", 3, "slice")]),
    ("ajoute un grand sac de croquettes pour chien", "add",
     [("croquettes pour chien", 1, "bag")]),
    ("ajoute des sacs poubelle", "add", [("sacs poubelle", None, None)]),
    ("ajoute une grappe de raisin", "add", [("raisin", 1, "bunch")]),
    # several items
    ("ajoute du lait et deux baguettes", "add", [("lait", None, None), ("baguettes", 2, None)]),
    ("un bocal de cornichons et un paquet de crackers", "add",
     [("cornichons", 1, "jar"), ("crackers", 1, "packet")]),
    ("ajoute deux boîtes de thon, du riz et trois oignons", "add",
     [("thon", 2, "box"), ("riz", None, None), ("oignons", 3, None)]),
    ("ajoute du jus d'orange et du jus de pomme", "add",
     [("jus d'orange", None, None), ("jus de pomme", None, None)]),
    ("ajoute du papier toilette et de l'essuie-tout", "add",
     [("papier toilette", None, None), ("essuie-tout", None, None)]),
    # remove
    ("enlève le beurre", "remove", [("beurre", None, None)]),
    ("supprime les œufs de la liste", "remove", [("œufs", None, None)]),
    ("il faut enlever le beurre", "remove", [("beurre", None, None)]),
    ("on n'a plus besoin de lait", "remove", [("lait", None, None)]),
    ("retire deux bananes", "remove", [("bananes", 2, None)]),
    ("annule le lait", "remove", [("lait", None, None)]),
    ("laisse tomber le fromage", "remove", [("fromage", None, None)]),
    # undo
    ("annule", "undo", []),
    ("annule ça", "undo", []),
    ("oups", "undo", []),
    ("oublie ça", "undo", []),
    ("laisse tomber", "undo", []),
    ("annule le dernier article", "undo", []),
    ("enlève le dernier", "undo", []),
    ("non, annule", "undo", []),
    ("c'est une erreur", "undo", []),
    # set quantity
    ("mets-en trois", "set_quantity", [("", 3, None)]),
    ("non, quatre", "set_quantity", [("", 4, None)]),
    ("trois plutôt", "set_quantity", [("", 3, None)]),
    ("finalement deux paquets", "set_quantity", [("", 2, "packet")]),
    ("il en faut cinq", "set_quantity", [("", 5, None)]),
    ("change la quantité à deux", "set_quantity", [("", 2, None)]),
    ("passe le lait à trois litres", "set_quantity", [("lait", 3, "l")]),
]  # fmt: skip

ENGLISH = [
    ("add two liters of milk", "add", [("milk", 2, "l")]),
    ("we're out of eggs and butter", "add", [("eggs", None, None), ("butter", None, None)]),
    ("i need a dozen eggs please", "add", [("eggs", 12, None)]),
    ("we've run out of toothpaste", "add", [("toothpaste", None, None)]),
    ("we're almost out of milk", "add", [("milk", None, None)]),
    ("we're running low on dish soap and sponges", "add",
     [("dish soap", None, None), ("sponges", None, None)]),
    ("don't forget the dog food", "add", [("dog food", None, None)]),
    ("could you add some paper towels to the list", "add", [("paper towels", None, None)]),
    ("can you put a large bag of frozen peas on the shopping list", "add",
     [("frozen peas", 1, "bag")]),
    ("grab a head of lettuce", "add", [("lettuce", 1, None)]),
    ("throw in a ball of mozzarella", "add", [("mozzarella", 1, None)]),
    ("i'd like two rolls of paper towels", "add", [("paper towels", 2, "roll")]),
    ("there's no more toothpaste", "add", [("toothpaste", None, None)]),
    ("we could use some olive oil", "add", [("olive oil", None, None)]),
    ("pick up a block of cheddar", "add", [("cheddar", 1, None)]),
    ("two bottles of wine", "add", [("wine", 2, "bottle")]),
    ("add half a dozen eggs", "add", [("eggs", 6, None)]),
    ("add one and a half liters of milk", "add", [("milk", 1.5, "l")]),
    ("add a pound of ground beef", "add", [("ground beef", 1, "lb")]),
    ("add eight ounces of cream cheese", "add", [("cream cheese", 8, "oz")]),
    ("add half a gallon of milk", "add", [("milk", 0.5, "gal")]),
    ("add a quart of milk", "add", [("milk", 1, "qt")]),
    ("add two quarts of half and half", "add", [("half and half", 2, "qt")]),
    ("make that two quarts", "set_quantity", [("", 2, "qt")]),
    ("add four hundred grams of cheddar", "add", [("cheddar", 400, "g")]),
    ("add one hundred and fifty grams of walnuts", "add", [("walnuts", 150, "g")]),
    ("add 2 kg of potatoes", "add", [("potatoes", 2, "kg")]),
    ("add another bottle of ketchup", "add", [("ketchup", 1, "bottle")]),
    ("add a couple of lemons", "add", [("lemons", 2, None)]),
    ("add bananas times three", "add", [("bananas", 3, None)]),
    ("add twenty-four cans of soda", "add", [("soda", 24, "can")]),
    ("put mac and cheese on the list", "add", [("mac and cheese", None, None)]),
    ("add milk and two loaves of bread", "add", [("milk", None, None), ("bread", 2, None)]),
    ("grab three cans of tuna, a bag of chips and some salsa", "add",
     [("tuna", 3, "can"), ("chips", 1, "bag"), ("salsa", None, None)]),
    ("add eggs, milk, and bread", "add",
     [("eggs", None, None), ("milk", None, None), ("bread", None, None)]),
    ("um, please add bananas", "add", [("bananas", None, None)]),
    ("add some fresh basil", "add", [("basil", None, None)]),
    ("milk, we're out", "add", [("milk", None, None)]),
    ("we need two more bottles of water", "add", [("water", 2, "bottle")]),
    ("add clear honey", "add", [("clear honey", None, None)]),
    ("we need to remove the milk", "remove", [("milk", None, None)]),
    # remove
    ("remove the butter", "remove", [("butter", None, None)]),
    ("take the eggs off the list please", "remove", [("eggs", None, None)]),
    ("take off the butter", "remove", [("butter", None, None)]),
    ("scratch the eggs off the list", "remove", [("eggs", None, None)]),
    ("cross off the milk", "remove", [("milk", None, None)]),
    ("we don't need bread anymore", "remove", [("bread", None, None)]),
    ("cancel the milk", "remove", [("milk", None, None)]),
    ("forget the eggs", "remove", [("eggs", None, None)]),
    ("remove one bag of chips", "remove", [("chips", 1, "bag")]),
    # undo
    ("undo", "undo", []),
    ("undo that", "undo", []),
    ("scratch that", "undo", []),
    ("never mind", "undo", []),
    ("oops", "undo", []),
    ("oops, remove the last item", "undo", []),
    ("delete that", "undo", []),
    # set quantity
    ("make that three", "set_quantity", [("", 3, None)]),
    ("make it two liters", "set_quantity", [("", 2, "l")]),
    ("no, four", "set_quantity", [("", 4, None)]),
    ("actually two packs", "set_quantity", [("", 2, "pack")]),
    ("five instead", "set_quantity", [("", 5, None)]),
    ("change the milk to three liters", "set_quantity", [("milk", 3, "l")]),
    ("set milk to 2", "set_quantity", [("milk", 2, None)]),
]  # fmt: skip

FRENCH_POUNDS = [
    # a French "livre" is half a kilo, stored in grams so it adds up with them
    ("ajoute une livre de cerises", "add", [("cerises", 500, "g")]),
    ("ajoute une demi-livre de beurre", "add", [("beurre", 250, "g")]),
    ("ajoute deux livres de pommes et du pain", "add",
     [("pommes", 1000, "g"), ("pain", None, None)]),
    ("une livre et demie de fraises", "add", [("fraises", 750, "g")]),
    ("mets-en une livre", "set_quantity", [("", 500, "g")]),
    # after a masculine determiner it is a book, and "quart" stays a quarter
    ("ajoute un livre de cuisine", "add", [("livre de cuisine", 1, None)]),
    ("ajoute un livre", "add", [("livre", 1, None)]),
    ("ajoute un quart de beurre", "add", [("beurre", 0.25, None)]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "action", "items"), FRENCH_POUNDS)
def test_a_french_pound_is_half_a_kilo_and_a_book_is_not_a_unit(text, action, items):
    assert items_of(text, "fr") == (action, items)


@pytest.mark.parametrize(("text", "action", "items"), FRENCH)
def test_french_phrasings(text, action, items):
    assert items_of(text, "fr") == (action, items)


@pytest.mark.parametrize(("text", "action", "items"), ENGLISH)
def test_english_phrasings(text, action, items):
    assert items_of(text, "en") == (action, items)


@pytest.mark.parametrize(
    ("text", "lang", "items"),
    [
        ("mets-en deux de plus", "fr", [("", 2, None)]),
        ("deux de plus s'il te plaît", "fr", [("", 2, None)]),
        ("il en faut deux litres de plus", "fr", [("", 2, "l")]),
        ("encore un", "fr", [("", 1, None)]),
        ("two more", "en", [("", 2, None)]),
        ("add two more please", "en", [("", 2, None)]),
        ("another one", "en", [("", 1, None)]),
    ],
)
def test_more_of_the_last_line_adds_to_it_rather_than_setting_it(text, lang, items):
    # no product named: commands.py applies it to the line changed last
    assert items_of(text, lang) == ("add", items)


def test_more_with_a_product_named_is_a_plain_add_and_a_bare_amount_still_corrects():
    assert items_of("ajoute deux oeufs de plus", "fr") == ("add", [("oeufs", 2, None)])
    assert items_of("two more eggs", "en") == ("add", [("eggs", 2, None)])
    assert items_of("mets-en trois", "fr") == ("set_quantity", [("", 3, None)])
    assert items_of("one more thing", "en")[0] == "unknown"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("", "fr"),
        ("   ", "en"),
        ("euh", "fr"),
        ("hmm", "en"),
        ("[unk]", "fr"),
        ("[unk] [unk]", "en"),
        ("ajoute", "fr"),
        ("add", "en"),
        ("s'il te plaît", "fr"),
        ("oh dog yak euh choi kos", "fr"),
        ("the quick brown fox jumps over the lazy dog", "en"),
    ],
)
def test_unintelligible_input_is_unknown_and_says_what_to_say(text, lang):
    parsed = parse_utterance(text, lang)
    assert parsed.action is Action.UNKNOWN
    assert parsed.items == ()
    assert "Say e.g. 'ajoute deux litres de lait' or 'add a dozen eggs'." in parsed.reason


def test_an_unknown_language_is_a_usage_error():
    with pytest.raises(UsageError, match="Unknown language 'de' for voice: use 'fr' or 'en'."):
        parse_utterance("füge Milch hinzu", "de")


def test_known_names_replace_the_spoken_name_and_keep_what_was_heard():
    known = ["Pommes de terre", "Nutella 400 g", "Lait demi-écrémé"]
    parsed = parse_utterance("ajoute un pot de nutella", "fr", known)
    assert parsed.items == (SpokenItem("Nutella 400 g", 1, "jar", heard="nutella"),)
    # "pommes" is not "pommes de terre": the spoken name stays.
    assert parse_utterance("ajoute des pommes", "fr", known).items[0].name == "pommes"


def test_a_known_name_holding_and_is_not_split():
    parsed = parse_utterance("add salt and vinegar crisps", "en", ["Salt and vinegar crisps"])
    assert [i.name for i in parsed.items] == ["Salt and vinegar crisps"]


def test_curly_apostrophes_and_capitals_are_understood():
    assert items_of("On n’a plus d’Huile d’olive", "fr") == ("add", [("Huile d'olive", None, None)])
    assert items_of("We’re OUT of Milk", "en") == ("add", [("Milk", None, None)])


def test_the_transcript_is_kept():
    assert parse_utterance("annule", "fr").text == "annule"


# Every phrasing class crossed with products that appear in no other test: the parser
# must not depend on knowing the product.
FR_PRODUCTS = ["kiwis", "échalotes", "chou-fleur", "agneau", "huile de noix", "crème solaire",
               "après-shampoing", "film alimentaire", "cotons-tiges", "pain de mie"]  # fmt: skip
FR_TEMPLATES = [
    ("ajoute {p}", "add", None, None),
    ("il faut {du}{p}", "add", None, None),
    ("il nous faut {du}{p}", "add", None, None),
    ("on n'a plus {de}{p}", "add", None, None),
    ("il n'y a plus {de}{p}", "add", None, None),
    ("on est à court {de}{p}", "add", None, None),
    ("j'ai besoin {de}{p}", "add", None, None),
    ("n'oublie pas {le}{p}", "add", None, None),
    ("mets {du}{p} sur la liste", "add", None, None),
    ("tu peux ajouter {du}{p} s'il te plaît", "add", None, None),
    ("je voudrais {du}{p}", "add", None, None),
    ("ajoute deux {p}", "add", 2, None),
    ("ajoute trois paquets {de}{p}", "add", 3, "packet"),
    ("rajoute quatre bouteilles {de}{p}", "add", 4, "bottle"),
    ("ajoute deux cent cinquante grammes {de}{p}", "add", 250, "g"),
    ("ajoute un kilo et demi {de}{p}", "add", 1.5, "kg"),
    ("enlève {le}{p}", "remove", None, None),
    ("retire {le}{p} de la liste", "remove", None, None),
    ("on n'a plus besoin {de}{p}", "remove", None, None),
    ("supprime deux {p}", "remove", 2, None),
]
EN_PRODUCTS = ["kale", "meatballs", "cling film", "pancake mix", "sunscreen", "hot dogs",
               "stock cubes", "sparkling water", "dental floss", "maple syrup"]  # fmt: skip
EN_TEMPLATES = [
    ("add {p}", "add", None, None),
    ("we need some {p}", "add", None, None),
    ("we're out of {p}", "add", None, None),
    ("we're running low on {p}", "add", None, None),
    ("we've run out of {p}", "add", None, None),
    ("don't forget the {p}", "add", None, None),
    ("i'd like some {p}", "add", None, None),
    ("pick up some {p}", "add", None, None),
    ("put {p} on the list please", "add", None, None),
    ("add two {p}", "add", 2, None),
    ("add three packs of {p}", "add", 3, "pack"),
    ("add a bag of {p}", "add", 1, "bag"),
    ("add two hundred and fifty grams of {p}", "add", 250, "g"),
    ("add half a kilo of {p}", "add", 0.5, "kg"),
    ("throw in four jars of {p}", "add", 4, "jar"),
    ("add a dozen {p}", "add", 12, None),
    ("remove the {p}", "remove", None, None),
    ("take the {p} off the list", "remove", None, None),
    ("we don't need {p} anymore", "remove", None, None),
    ("delete two {p}", "remove", 2, None),
]


def _french_articles(product: str) -> dict[str, str]:
    vowel = product[0] in "aeiouéèâh"
    plural = product.endswith(("s", "x"))
    return {
        "du": "de l'" if vowel else "des " if plural else "du ",
        "de": "d'" if vowel else "de ",
        "le": "l'" if vowel else "les " if plural else "le ",
    }


@pytest.mark.parametrize(("template", "action", "quantity", "unit"), FR_TEMPLATES)
def test_french_phrasings_generalise_to_unseen_products(template, action, quantity, unit):
    for product in FR_PRODUCTS:
        text = template.format(p=product, **_french_articles(product))
        assert items_of(text, "fr") == (action, [(product, quantity, unit)]), text


@pytest.mark.parametrize(("template", "action", "quantity", "unit"), EN_TEMPLATES)
def test_english_phrasings_generalise_to_unseen_products(template, action, quantity, unit):
    for product in EN_PRODUCTS:
        text = template.format(p=product)
        assert items_of(text, "en") == (action, [(product, quantity, unit)]), text
