"""The words of household dictation in French and English, as plain tables.

Phrases are written as people say them; ``intents`` tokenizes and folds them the same way
as transcripts, so "on n'a plus de" also matches "on n a plus de" and "on a plus de" is
listed because recognisers often drop the "n'". Longer phrases win over shorter ones.
"""

from __future__ import annotations

from dataclasses import dataclass

# Said before anything else and meaningless for the list.
LEADING_FILLERS = {
    "fr": """ok|okay|d'accord|alors|euh|heu|hum|hmm|hm|mmm|bon|ben|bah|donc|et|puis|aussi|hé|hey|eh|
        dis|dis moi|s'il te plaît|s'il vous plaît|stp|svp|oui|non|merci|est ce que tu peux|
        est ce que vous pouvez|est ce que tu pourrais|tu peux|peux tu|pourrais tu|
        tu pourrais|vous pouvez|pouvez vous|pourriez vous|tu veux bien|restock|ah|oh|
        bonjour|bonsoir|salut|coucou|au revoir|bonne nuit|à plus|tu peux me|tu peux nous|
        tu peux m'|peux tu me|peux tu m'|tu pourrais me|tu pourrais m'|tu pourrais nous|
        pourrais tu me|pourrais tu m'|vous pouvez me|vous pouvez m'|vous pouvez nous|
        pouvez vous me|pouvez vous m'|est ce que tu peux me|est ce que tu peux m'|
        est ce que tu pourrais me|tu veux bien me|tu veux bien m'""",
    "en": """ok|okay|alright|all right|um|uh|er|erm|hmm|hm|mmm|so|well|oh|hey|hi|and|also|then|yes|
        yeah|no|please|can you|could you|would you|will you|can you please|could you please|
        would you mind|i'd like you to|i want you to|restock|ah|right|wait|hold on|hello|hi there|
        hey there|good morning|good afternoon|good evening|good night|goodbye|bye|thanks|
        thank you""",
}

# Hedges and hesitations that change nothing for the list, dropped wherever they are
# said: "on n'a presque plus de riz" means "on n'a plus de riz".
HEDGES = {
    "fr": """presque|bientôt|quasiment|pratiquement|complètement|carrément|vraiment|déjà|
        euh|heu|euhm|hum|hmm|mmm""",
    "en": """almost|nearly|completely|totally|basically|pretty much|just about|practically|
        um|uh|uhm|umm|er|erm|hmm|mmm""",
}

# First words of requests that are not for the shopping list ("allume la lumière",
# "what's the weather"): without an action word, such an utterance is unknown, and so it
# is when the phrase is longer than the action word it starts with ("mets de la musique").
NOT_FOR_THE_LIST = {
    "fr": """allume|éteins|éteint|ouvre|ferme|joue|lance|monte|baisse|quelle|quel|quels|
        quelles|comment|pourquoi|où|quand|qui|combien|c'est quoi|qu'est ce que|
        est ce qu'il|appelle|réveille|règle|raconte|arrête|stop|il fait|il est quelle|
        chante|chanter|la météo|météo|la musique|de la musique|musique|une chanson|
        la chanson|la radio|les infos|les informations|la lumière|les lumières|l'heure|
        la télé|le chauffage|un minuteur|le minuteur|un réveil|mets de la musique|
        mets la musique|mets une chanson|mets la radio|mets la télé|mets un minuteur|
        mets un réveil|mets le chauffage|mets un film|mets la table|mets le couvert|
        mets plus fort|mets moins fort|mets le son""",
    "en": """turn|switch|play|open|close|what|what's|whats|how|why|where|when|who|who's|
        call|tell|wake|stop|show|set a timer|set an alarm|is it|is there|are there|do we|
        does|did|will it|sing|the weather|weather|music|some music|a song|the song|
        the radio|the news|the time|the lights|lights|the heating|a timer|an alarm|
        put on some music|put on music|put some music on|put on a song|put on the radio|
        put the radio on|put on the tv|put the tv on|put on a movie|put on a show|
        put the kettle on|put on the kettle|put the lights on|put on the lights""",
}

# Carriers of an action at the start of a sentence. "weak" ones ("il faut", "we need")
# give way to a stronger verb after them ("il faut enlever le beurre").
ADD_STRONG = {
    "fr": """ajoute|ajouter|ajoutez|ajoutes|rajoute|rajouter|rajoutez|remets|remettre|
        mets|mettre|mettez|met|note|noter|notez|marque|inscris|inscrire|écris|achète|
        acheter|achetez|rachète|racheter|reprends|reprendre|prends|prendre|prenez|
        commande|commander|ajoute moi|mets moi|rajoute moi|prends moi|note moi|rajoutes|
        remets|notes|achètes|rachètes|tu ajoutes|tu rajoutes|tu mets|tu notes|tu prends|
        tu achètes|tu me mets|tu me rajoutes|tu m'ajoutes|tu me prends|tu nous mets|
        tu nous rajoutes|tu nous prends|
        achète moi|rachète moi|prends nous|achète nous|ajoute nous|rajoute nous""",
    "en": """add|put|get|grab|buy|pick up|throw in|stick|include|append|jot down|
        write down|note|order|add in|put in|toss in|get me|grab me|buy me|restock""",
}
ADD_WEAK = {
    "fr": """il faut|faut|il faudrait|il faudra|il nous faut|il me faut|il nous faudrait|
        on a besoin de|on a besoin d'|on aura besoin de|on aura besoin d'|j'ai besoin de|
        j'ai besoin d'|nous avons besoin de|nous avons besoin d'|besoin de|besoin d'|
        je voudrais|je veux|j'aimerais|on voudrait|on veut|il manque|il nous manque|
        on manque de|on manque d'|il manque de|on n'a plus de|on n'a plus d'|on a plus de|
        on a plus d'|on n'a plus du tout de|on n'a plus du tout d'|il n'y a plus de|
        il n'y a plus d'|il y a plus de|il y a plus d'|y a plus de|y a plus d'|
        n'y a plus de|n'y a plus d'|il n'y a plus|y a plus|plus de|plus d'|
        il ne reste plus de|il ne reste plus d'|il reste plus de|il reste plus d'|
        on est à court de|on est à court d'|nous sommes à court de|à court de|à court d'|
        on arrive à la fin du|on arrive à la fin de la|on arrive à la fin des|
        n'oublie pas|n'oublie pas de prendre|n'oublie pas d'acheter|oublie pas|
        oublie pas de prendre|pense à|pense à prendre|pense à acheter|penser à|
        il faut acheter|il faut racheter|il faut prendre|il faut reprendre|
        on doit acheter|on doit racheter|je dois acheter|on n'en a plus de|faudrait|
        faudra|il me faudrait|il me faudra|il nous faudra|me faut|nous faut|me faudrait|
        nous faudrait|il va falloir|va falloir|j'ai plus de|j'ai plus d'|je n'ai plus de|
        je n'ai plus d'|j'ai besoin|on a besoin|il me manque|il nous manque de|
        je suis à court de|je suis à court d'|rappelle moi d'acheter|
        rappelle moi de prendre|rappelle moi de racheter|note qu'il faut|
        note qu'il nous faut|note qu'on a besoin de|note qu'on a besoin d'""",
    "en": """we need|i need|we'll need|we will need|need|we need some|we need more|
        we're out of|we are out of|we're all out of|we are all out of|all out of|
        we ran out of|we've run out of|we have run out of|run out of|ran out of|out of|
        we're running out of|running out of|we're running low on|we are running low on|
        running low on|we're low on|we are low on|low on|we're almost out of|
        we are almost out of|almost out of|we're short on|short on|there's no|
        there's no more|there is no|there is no more|no more|we have no|we've got no|
        we got no|we don't have any|we have no more|don't forget|don't forget to get|
        don't forget to buy|don't forget to pick up|do not forget|remember to get|
        remember to buy|remember|i'd like|i would like|i want|we want|let's get|
        let's buy|we should get|we should buy|we gotta get|gotta get|we must buy|
        we have to buy|we need to buy|we need to get|we'll have to get|i have to buy|
        need to buy|need to get|we need to|i need to|need to|you need to|could use|
        we could use|we're finished with|we finished|take|i'm out of|i am out of|
        i'm all out of|i am all out of|i'm running out of|i am running out of|
        i'm running low on|i'm low on|i am low on|i ran out of|i've run out of|
        i have run out of|i'm short on|remind me to buy|remind me to get|
        remind me to pick up|remind me to grab|remind me|i'll need|i will need|
        we're gonna need|we are going to need|i'm gonna need""",
}
REMOVE = {
    "fr": """enlève|enlever|enlevez|enlèves|retire|retirer|retirez|supprime|supprimer|
        supprimez|efface|effacer|effacez|ôte|ôter|raye|rayer|barre|barrer|vire|virer|
        élimine|sors|enlève moi|retire moi|on n'a plus besoin de|on n'a plus besoin d'|
        on a plus besoin de|on a plus besoin d'|plus besoin de|plus besoin d'|
        pas besoin de|pas besoin d'|on n'a pas besoin de|on n'a pas besoin d'|
        je n'ai plus besoin de|j'ai plus besoin de|j'ai plus besoin d'|c'est bon pour|
        j'ai acheté|on a acheté|j'ai pris|on a déjà|on a encore|il reste du|il reste de la|
        il reste des|il reste encore|on a assez de|on a assez d'|j'ai assez de|
        j'ai assez d'|il y a assez de|il y a assez d'|il reste assez de""",
    "en": """remove|delete|take off|take out|cross off|cross out|strike|drop|erase|
        get rid of|we don't need|we do not need|don't need|i don't need|i do not need|
        i no longer need|we no longer need any|forget about|no need for|we no longer need|
        we have enough|we've got enough|we still have|we already have|we've got|i bought|
        we bought|i got|already bought|i picked up|i've got|uncheck""",
}
UNDO = {
    "fr": """annule|annuler|annulez|laisse tomber|laissez tomber|oublie|oubliez|oublie ça|
        oups|défais|défaire|reviens en arrière|retour en arrière|retour arrière|retour|
        je me suis trompé|je me suis trompée|c'est une erreur|erreur|pas ça|non pas ça""",
    "en": """undo|cancel|never mind|nevermind|scratch|forget|oops|whoops|go back|
        take that back|take it back|revert|my mistake|my bad|that's wrong|that was wrong|
        wrong|not that|i made a mistake|strike that""",
}
# What may follow an undo (or remove) word and still mean "undo the last thing".
UNDO_OBJECTS = {
    "fr": """ça|cela|ce|le|la|tout ça|le dernier|la dernière|le dernier article|
        le dernier ajout|le dernier produit|la dernière chose|la dernière commande|
        l'article précédent|le précédent|la précédente|ce que j'ai dit|
        ce que je viens de dire|ma dernière demande|c'est une erreur|non""",
    "en": """that|it|this|this one|that one|the last one|the last item|the last thing|
        last item|last one|the last entry|the last|what i just said|what i said|my last|
        that last one|that last item|the previous one|the previous item|my last request|
        the last change|last|the last thing i said|the last thing i added|
        what i just added|the last one i added|the last thing you added""",
}
# "mets-en trois", "make that three": a new quantity for the item just added.
SET_PREFIXES = {
    "fr": """mets en|mettez en|mets m'en|fais en|prends en|ajoutes en|change à|change pour|
        change en|corrige à|corrige en|remplace par|la quantité à|mets la quantité à|
        change la quantité à|passe à|passe la quantité à|il en faut|il m'en faut|
        il nous en faut|on en veut|j'en veux|en mettre|non mets en|plutôt mets en|
        en fait mets en|finalement mets en|change ça à|change ça en|change ça pour|
        modifie à|modifie la quantité à|mets ça à|passe ça à|non fais en|en prendre|
        prends en plutôt""",
    "en": """make that|make it|make those|make them|change that to|change it to|
        set that to|set it to|change the quantity to|set the quantity to|
        actually make that|actually make it|no make that|no make it|update that to|
        update it to|change to|set to|switch that to|switch it to|make this""",
}
# These only set a quantity when nothing but a quantity follows ("non, trois").
SET_BARE_PREFIXES = {
    "fr": """plutôt|finalement|en fait|non|non plutôt|non finalement|mets|ajoute|
        il en faut|il faut|j'en veux|en fait non|pardon|je voulais dire|euh non""",
    "en": """actually|no|i meant|i mean|sorry|correction|we need|i need|add|put|
        no actually|oh no|wait|get|actually no|change|set|actually i meant|
        no i meant|sorry i meant|actually i mean|no wait""",
}
SET_SUFFIXES = {"fr": "plutôt|à la place|en fait|finalement", "en": "instead|actually|then"}
# "mets-en deux de plus", "two more", "encore deux": a quantity added to the last line,
# not its new total (only when no product is named: "two more eggs" is a plain add).
MORE_SUFFIXES = {
    "fr": "de plus|en plus|supplémentaires|supplémentaire|de mieux",
    "en": "more|extra|more of it|more of them|more of those|more please",
}
MORE_PREFIXES = {"fr": "encore|rajoute|rajoutes|rajoutez|remets|remets en", "en": "another"}
# "passe le lait à trois", "change the milk to three": verbs with a target and a quantity.
SET_VERBS = {
    "fr": "passe|mets|change|corrige|modifie|remplace|ajuste",
    "en": "set|change|make|update|adjust|correct",
}
SET_LINK = {"fr": ("à", "a", "pour", "en", "par"), "en": ("to", "at", "into")}

# Said after the items and meaningless for them; some name the action ("off the list").
TRAILING = {
    "fr": """sur la liste|sur la liste de courses|sur la liste des courses|à la liste|
        à la liste de courses|à la liste des courses|dans la liste|aux courses|
        dans les courses|pour les courses|s'il te plaît|s'il vous plaît|stp|svp|merci|
        aussi|encore|pour moi|pour demain|pour ce soir|pour la semaine|s'il te plait|
        sur ma liste|à ma liste|en plus|également|tout de suite|please|dans le panier|
        au panier|dans le caddie|de plus|en supplément|pour la maison|on n'en a plus|
        il n'y en a plus|y en a plus|on en a plus|il en faut|c'est fini|est fini|
        sont finis|il en manque""",
    "en": """on the list|on the shopping list|to the list|to the shopping list|to my list|
        on my list|to our list|on our list|for the list|onto the list|please|thanks|
        thank you|too|also|as well|again|for me|for tomorrow|for tonight|for the week|
        right away|now|anymore|any more|for now|thanks a lot|to the cart|in the cart|
        to the basket|in the basket|to the order|for the house|as well please|too please|
        we're out|we are out|we ran out|we're all out|is finished|are finished|is gone|
        are gone|ran out|we need it|we need them|we need some""",
}


def _list_places(prepositions: str, lang: str) -> str:
    """Every way of naming the list after ``prepositions``: 'de ma liste des courses'."""
    if lang == "fr":
        owners, places = (
            ("la", "ma", "notre", "les"),
            (
                "liste",
                "liste de courses",
                "liste des courses",
                "liste de course",
                "courses",
                "panier",
                "caddie",
            ),
        )
    else:
        owners, places = (
            ("the", "my", "our"),
            (
                "list",
                "shopping list",
                "grocery list",
                "cart",
                "basket",
                "shopping cart",
            ),
        )
    return "|".join(
        f"{preposition} {owner} {place}"
        for preposition in prepositions.split("|")
        for owner in owners
        for place in places
    )


TRAILING["fr"] += "|et merci|" + _list_places("sur|à|dans|pour", "fr")
TRAILING["en"] += "|and thank you|and thanks|" + _list_places("on|to|onto|in|into|for", "en")

TRAILING_REMOVE = {
    "fr": "de la liste|de la liste de courses|de ma liste|des courses|du panier|du caddie|"
    + _list_places("de|dans|sur", "fr"),
    "en": """off the list|off the shopping list|from the list|from the shopping list|
        off my list|from my list|off|"""
    + _list_places("off|from", "en"),
}

# Stripped from the start of a product name.
ARTICLES = {
    "fr": """le|la|les|l'|du|de|des|d'|de la|de l'|mon|ma|mes|notre|nos|ton|ta|tes|
        encore|aussi|un peu de|un peu d'|quelques|plusieurs|beaucoup de|beaucoup d'|
        autre|autres|encore du|encore de la|encore des|tout le|toute la|tous les|
        toutes les|tout l'|tout|toute""",
    "en": """the|some|any|more|of|my|our|your|a few|few|several|a bit of|a little|
        a little bit of|lots of|a lot of|plenty of|some more|extra|a few more|all the|
        all of the|all my|all our""",
}
# Containers with no unit code: the count stays, the word is dropped ("a loaf of bread").
COUNT_CONTAINERS = {
    "fr": """miche|miches|boule|boules|pavé|pavés|plaquette|plaquettes|morceau|morceaux|
        part|parts|tête|têtes|pièce|pièces|cageot|cageots|portion|portions|
        tablette|tablettes|gousse|gousses|cube|cubes|bâton|bâtons|branche|branches|
        dosette|dosettes|capsule|capsules|cagette|cagettes|poignée|poignées|bouquet|
        bouquets|feuille|feuilles|verre|verres|recharge|recharges""",
    "en": """loaf|loaves|head|heads|ball|balls|block|blocks|piece|pieces|bar|bars|
        portion|portions|stick|sticks|punnet|punnets|container|containers|crate|crates|
        clove|cloves|ear|ears|case|cases|sprig|sprigs|stalk|stalks|wedge|wedges|pod|pods|
        sleeve|sleeves|cube|cubes|refill|refills""",
}
# Said before a product and not part of its name ("some fresh basil", "une grosse salade").
NAME_ADJECTIVES = {
    "fr": "grand|grande|grands|grandes|gros|grosse|grosses|bon|bonne|bons|bonnes",
    "en": "fresh|big|small|large|little|huge|nice|good|medium|new",
}
SIZE_WORDS = {
    "fr": "grand|grande|grands|grandes|gros|grosse|grosses|petit|petite|petits|petites",
    "en": "big|small|large|little|huge|medium|family|giant|jumbo|mini",
}
OF = {"fr": ("de", "d'", "du", "des"), "en": ("of",)}
CONJUNCTIONS = {
    "fr": "et|,|puis|ainsi que|&|et puis|et aussi|et encore|ni|et puis aussi",
    "en": "and|,|&|plus|as well as|and also|then|and then|and some",
}
# Articles and numbers that start a new item when said right after a product name, with
# no "et" between: "ajoute du lait du pain et des œufs".
ITEM_STARTS = {
    "fr": "du|des|de la|de l'|un|une|quelques|un peu de|un peu d'",
    "en": "a|an|some|a few|a couple of",
}

# Words that tie a product name to what follows ("glace à la vanille", "size four diapers").
NAME_LINKS = {
    "fr": "à|a|au|aux|en|pour|avec|sans|sur|par|et|ou|chez|plus|taille|numéro|type|âge",
    "en": "for|with|without|in|on|and|or|to|from|by|plus|than|size|number|type|grade|stage",
}

# Product names that hold a conjunction: never split them.
COMPOUND_NAMES = {
    "fr": "sel et poivre|sel et vinaigre|aigre doux|fruits des bois|herbes des bois",
    "en": """mac and cheese|macaroni and cheese|fish and chips|salt and vinegar|
        salt and pepper|sweet and sour|half and half|peanut butter and jelly|
        bread and butter|cookies and cream|rock and roll|pork and beans|franks and beans|
        ben and jerry's|m and m's|m and ms|b and m""",
}


def split_table(text: str) -> list[str]:
    """The phrases of a '|'-separated table, in order, without blanks."""
    return [p.strip() for p in text.replace("\n", " ").split("|") if p.strip()]


# Unit and container words as spoken, with accents: the recogniser's vocabulary needs
# them spelled as its lexicon does (the unit codes in household.units are folded).
UNIT_WORDS = {
    "fr": """litre|litres|millilitres|centilitres|kilo|kilos|gramme|grammes|kilogramme|
        kilogrammes|paquet|paquets|boîte|boîtes|bouteille|bouteilles|sachet|sachets|sac|
        sacs|pot|pots|bocal|bocaux|barquette|barquettes|brique|briques|pack|packs|canette|
        canettes|conserve|conserves|rouleau|rouleaux|tube|tubes|tranche|tranches|grappe|
        grappes|filet|filets|botte|bottes|flacon|flacons|lot|lots|livre|livres""",
    "en": """liter|liters|litre|litres|milliliters|kilo|kilos|kilogram|kilograms|gram|grams|
        pound|pounds|ounce|ounces|gallon|gallons|pint|pints|quart|quarts|pack|packs|packet|packets|
        package|packages|box|boxes|bag|bags|bottle|bottles|can|cans|tin|tins|jar|jars|
        carton|cartons|tub|tubs|tube|tubes|bunch|bunches|slice|slices|tray|trays|roll|
        rolls""",
}


@dataclass(frozen=True, slots=True)
class SpokenMeasure:
    """A measure word of one language only, as so many of a unit the list stores."""

    unit: str
    """The unit code in household.units."""
    factor: float
    """How many of ``unit`` one of it is."""
    not_after: str = ""
    """Words ('|'-separated) after which the word is not this measure but a noun."""


SPOKEN_MEASURES: dict[str, dict[str, SpokenMeasure]] = {
    # "une livre de cerises" is half a kilo at a French market, not an imperial pound;
    # "un livre" is a book, so after a masculine determiner it stays a word of the name
    "fr": {
        word: SpokenMeasure("g", 500.0, "un|le|du|ce|mon|ton|son|notre|votre|leur")
        for word in ("livre", "livres")
    },
    # "a quart of milk" (US); in French "quart" is a quarter, so it is English only
    "en": {word: SpokenMeasure("qt", 1.0) for word in ("quart", "quarts")},
}
