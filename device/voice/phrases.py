"""The words of household dictation in French and English, as plain tables.

Phrases are written as people say them; ``intents`` tokenizes and folds them the same way
as transcripts, so "on n'a plus de" also matches "on n a plus de" and "on a plus de" is
listed because recognisers often drop the "n'". Longer phrases win over shorter ones.
"""

from __future__ import annotations

# Said before anything else and meaningless for the list.
LEADING_FILLERS = {
    "fr": """ok|okay|d'accord|alors|euh|heu|hum|hmm|hm|mmm|bon|ben|bah|donc|et|puis|aussi|hé|hey|eh|
        dis|dis moi|s'il te plaît|s'il vous plaît|stp|svp|oui|non|merci|est ce que tu peux|
        est ce que vous pouvez|est ce que tu pourrais|tu peux|peux tu|pourrais tu|
        tu pourrais|vous pouvez|pouvez vous|pourriez vous|tu veux bien|restock|ah|oh""",
    "en": """ok|okay|alright|all right|um|uh|er|erm|hmm|hm|mmm|so|well|oh|hey|hi|and|also|then|yes|
        yeah|no|please|can you|could you|would you|will you|can you please|could you please|
        would you mind|i'd like you to|i want you to|restock|ah|right""",
}

# Carriers of an action at the start of a sentence. "weak" ones ("il faut", "we need")
# give way to a stronger verb after them ("il faut enlever le beurre").
ADD_STRONG = {
    "fr": """ajoute|ajouter|ajoutez|ajoutes|rajoute|rajouter|rajoutez|remets|remettre|
        mets|mettre|mettez|met|note|noter|notez|marque|inscris|inscrire|écris|achète|
        acheter|achetez|rachète|racheter|reprends|reprendre|prends|prendre|prenez|
        commande|commander|ajoute moi|mets moi|rajoute moi|prends moi|note moi""",
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
        on doit acheter|on doit racheter|je dois acheter|on n'en a plus de""",
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
        we could use|we're finished with|we finished|take""",
}
REMOVE = {
    "fr": """enlève|enlever|enlevez|enlèves|retire|retirer|retirez|supprime|supprimer|
        supprimez|efface|effacer|effacez|ôte|ôter|raye|rayer|barre|barrer|vire|virer|
        élimine|sors|enlève moi|retire moi|on n'a plus besoin de|on n'a plus besoin d'|
        on a plus besoin de|on a plus besoin d'|plus besoin de|plus besoin d'|
        pas besoin de|pas besoin d'|on n'a pas besoin de|on n'a pas besoin d'|
        je n'ai plus besoin de|j'ai plus besoin de|j'ai plus besoin d'|c'est bon pour|
        j'ai acheté|on a acheté|j'ai pris|on a déjà|on a encore|il reste du|il reste de la|
        il reste des|il reste encore""",
    "en": """remove|delete|take off|take out|cross off|cross out|strike|drop|erase|
        get rid of|we don't need|we do not need|don't need|no need for|we no longer need|
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
        the last change|last""",
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
        no actually|oh no|wait|get|actually no|change|set""",
}
SET_SUFFIXES = {"fr": "plutôt|à la place|en fait|finalement", "en": "instead|actually|then"}
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
TRAILING_REMOVE = {
    "fr": "de la liste|de la liste de courses|de ma liste|des courses",
    "en": """off the list|off the shopping list|from the list|from the shopping list|
        off my list|from my list|off""",
}

# Stripped from the start of a product name.
ARTICLES = {
    "fr": """le|la|les|l'|du|de|des|d'|de la|de l'|mon|ma|mes|notre|nos|ton|ta|tes|
        encore|aussi|un peu de|un peu d'|quelques|plusieurs|beaucoup de|beaucoup d'|
        autre|autres|encore du|encore de la|encore des""",
    "en": """the|some|any|more|of|my|our|your|a few|few|several|a bit of|a little|
        a little bit of|lots of|a lot of|plenty of|some more|extra|a few more""",
}
# Containers with no unit code: the count stays, the word is dropped ("a loaf of bread").
COUNT_CONTAINERS = {
    "fr": """miche|miches|boule|boules|pavé|pavés|plaquette|plaquettes|morceau|morceaux|
        part|parts|tête|têtes|pièce|pièces|cageot|cageots|portion|portions|
        tablette|tablettes""",
    "en": """loaf|loaves|head|heads|ball|balls|block|blocks|piece|pieces|bar|bars|
        portion|portions|stick|sticks|punnet|punnets|container|containers|crate|crates""",
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
    "fr": "et|,|puis|ainsi que|&|et puis|et aussi|et encore",
    "en": "and|,|&|plus|as well as|and also|then|and then|and some",
}
# Product names that hold a conjunction: never split them.
COMPOUND_NAMES = {
    "fr": "sel et poivre|sel et vinaigre|aigre doux",
    "en": """mac and cheese|macaroni and cheese|fish and chips|salt and vinegar|
        salt and pepper|sweet and sour|half and half|peanut butter and jelly|
        bread and butter|cookies and cream|rock and roll|pork and beans|franks and beans""",
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
        grappes|filet|filets|botte|bottes|flacon|flacons|lot|lots""",
    "en": """liter|liters|litre|litres|milliliters|kilo|kilos|kilogram|kilograms|gram|grams|
        pound|pounds|ounce|ounces|gallon|gallons|pint|pints|pack|packs|packet|packets|
        package|packages|box|boxes|bag|bags|bottle|bottles|can|cans|tin|tins|jar|jars|
        carton|cartons|tub|tubs|tube|tubes|bunch|bunches|slice|slices|tray|trays|roll|
        rolls""",
}
