"""What a dictated sentence asks for: ``parse_utterance(text, lang, known_names)``.

The parser works on the words of one transcript, in four steps: drop fillers ("euh",
"s'il te plaît", "please"), read the action from the words that carry it ("ajoute", "on
n'a plus de", "we're out of", "take ... off the list", "annule"), cut the rest into items
at conjunctions that are not inside a number or a product name, and read each item as
[quantity] [unit of] name. Spoken names are then matched to the household's products.
A phrase with no action word adds only what plausibly names a product (``plausibility``),
since an always-listening microphone also hears "chante une chanson" and "hello there".
Everything is a function of plain values: no recogniser, no database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from device.voice.lexicon import Lexicon, PhraseTable, lexicon
from device.voice.matching import match_known_name
from device.voice.numbers import and_a_half, parse_number
from device.voice.plausibility import names_a_product
from device.voice.segments import split_items
from device.voice.tokens import Token, join_tokens, keys, tokenize
from household.errors import UsageError
from household.units import UNITS

LANGUAGES = ("fr", "en")


class Action(StrEnum):
    """What an utterance asks the household list to do."""

    ADD = "add"
    REMOVE = "remove"
    UNDO = "undo"
    SET_QUANTITY = "set_quantity"
    """Give the item just added (or the one named) a new quantity: "mets-en trois"."""
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class SpokenItem:
    """One product of an utterance."""

    name: str
    """The household's own name when one matched, else as said ('huile d'olive');
    empty for "make that three", which is about the item just added."""
    quantity: float | None = None
    """None when no number was said ("du lait"): the list decides (one, or all)."""
    unit: str | None = None
    """A canonical unit code from household.units, None for a count."""
    heard: str = ""
    """The name as said, when it was replaced by a known product's name."""


@dataclass(frozen=True, slots=True)
class ParsedUtterance:
    """The meaning of one utterance."""

    action: Action
    items: tuple[SpokenItem, ...] = ()
    text: str = ""
    """The transcript it came from."""
    reason: str = ""
    """Why an utterance is 'unknown', for people."""


def parse_utterance(text: str, lang: str, known_names: Sequence[str] = ()) -> ParsedUtterance:
    """The action and items of ``text`` said in ``lang`` ('fr' or 'en').

    ``known_names`` are the household's product names, most recent first; a spoken name
    close to one of them ("nutella" -> "Nutella 400 g") is replaced by it.
    """
    if lang not in LANGUAGES:
        raise UsageError(f"Unknown language {lang!r} for voice: use 'fr' or 'en'.")
    lex = lexicon(lang)
    tokens = _drop_hedges(tokenize(text.replace("[unk]", " "), lang), lex)
    tokens = _strip_leading(tokens, lex)
    said_more = _ends_with_more(tokens, lex)  # before "de plus" goes with the politeness
    tokens = _strip_trailing(tokens, lex)
    tokens, trailing_action = _strip_trailing_action(tokens, lex)
    tokens = _strip_trailing(tokens, lex)
    if not tokens:
        return _unknown(text, "Nothing was heard but filler words.")
    words = keys(tokens)
    command = lex.actions.longest_start(words)
    elsewhere = lex.not_for_the_list.match_start(words)
    if elsewhere and (command is None or elsewhere > command[0]):
        # "mets de la musique" is about music even though "mets" can add.
        return _unknown(text, "That is not a request for the shopping list.")
    more = _read_more(tokens, lex, said_more)
    if more is not None:  # "deux de plus": added to the last line (no name: commands.py)
        return ParsedUtterance(Action.ADD, (more,), text)
    corrected = _read_set_quantity(tokens, lex)
    if corrected is not None:
        return _finish(Action.SET_QUANTITY, [corrected], text, lang, known_names)
    action, tokens = _read_action(tokens, lex)
    if action is Action.UNDO:
        return ParsedUtterance(Action.UNDO, (), text)
    if trailing_action is not None and action in (None, Action.ADD):
        action = trailing_action
    items = [_read_item(segment, lex) for segment in split_items(tokens, lex, known_names)]
    items = [item for item in items if item.name or item.quantity is not None]
    if not items:
        return _unknown(text, "No product was named.")
    if action is None and not all(_names_a_product(item, lex, known_names) for item in items):
        return _unknown(
            text,
            f"No action word, and {text.strip()!r} does not sound like a product: "
            "to put it on the list, start with 'ajoute' or 'add'.",
        )
    if len(items) == 1 and not items[0].name:
        # "mets trois", "we need three": a bare quantity corrects the last item.
        return _finish(Action.SET_QUANTITY, items, text, lang, known_names)
    items = [item for item in items if item.name]
    return _finish(action or Action.ADD, items, text, lang, known_names)


def _unknown(text: str, why: str) -> ParsedUtterance:
    example = "Say e.g. 'ajoute deux litres de lait' or 'add a dozen eggs'."
    return ParsedUtterance(Action.UNKNOWN, (), text, f"{why} {example}")


def _names_a_product(item: SpokenItem, lex: Lexicon, known_names: Sequence[str]) -> bool:
    """Whether an item said without a verb is plausibly something to buy.

    The microphone may be always on: stray speech ("chante une chanson") must not fill the list.
    """
    if not item.name:
        return True  # "trois": a bare quantity, for the item just added
    counted = item.unit is not None or item.quantity not in (None, 1)
    return names_a_product(item.name, lex.lang, known_names, counted)


def _finish(
    action: Action, items: list[SpokenItem], text: str, lang: str, known_names: Sequence[str]
) -> ParsedUtterance:
    """The result, with spoken names replaced by the household's names they match."""
    named = []
    for item in items:
        known = match_known_name(item.name, known_names, lang) if item.name else None
        if known is not None and known != item.name:
            item = replace(item, name=known, heard=item.name)
        named.append(item)
    return ParsedUtterance(action, tuple(named), text)


def _drop_hedges(tokens: list[Token], lex: Lexicon) -> list[Token]:
    """Drop words like 'presque', 'almost' wherever they are: they change nothing here."""
    words = keys(tokens)
    kept = []
    index = 0
    while index < len(tokens):
        used = lex.hedges.match_start(words[index:])
        if used:
            index += used
            continue
        kept.append(tokens[index])
        index += 1
    return kept


def _strip_leading(tokens: list[Token], lex: Lexicon) -> list[Token]:
    """Drop fillers and commas at the start ("euh, alors, ajoute" -> "ajoute")."""
    while tokens:
        if tokens[0].key == ",":
            tokens = tokens[1:]
            continue
        used = lex.fillers.match_start(keys(tokens))
        if not used:
            return tokens
        tokens = tokens[used:]
    return tokens


def _strip_trailing(
    tokens: list[Token], lex: Lexicon, until: PhraseTable[None] | None = None
) -> list[Token]:
    """Drop politeness and 'sur la liste' at the end (stopping where ``until`` ends them)."""
    while tokens:
        if until is not None and until.match_end(keys(tokens)):
            return tokens
        if tokens[-1].key == ",":
            tokens = tokens[:-1]
            continue
        used = lex.trailing.match_end(keys(tokens))
        if not used or used == len(tokens):
            return tokens
        tokens = tokens[:-used]
    return tokens


def _strip_trailing_action(tokens: list[Token], lex: Lexicon) -> tuple[list[Token], Action | None]:
    """'take the cheese off the list': the end of the sentence names the action."""
    used = lex.trailing_remove.match_end(keys(tokens))
    if used and used < len(tokens):
        return tokens[:-used], Action.REMOVE
    return tokens, None


def _read_action(tokens: list[Token], lex: Lexicon) -> tuple[Action | None, list[Token]]:
    """The action the first words carry, and the words left for the items."""
    action: Action | None = None
    while tokens:
        tokens = _strip_leading(tokens, lex)
        words = keys(tokens)
        found = lex.actions.longest_start(words)
        if found is None:
            break
        used, (kind, strong) = found
        rest = tokens[used:]
        rest_words = keys(rest)
        is_undo_object = lex.undo_objects.match_start(rest_words) == len(rest_words)
        if kind is Action.UNDO:
            if not rest or is_undo_object:
                return Action.UNDO, []
            # "annule le lait", "forget the milk"; but "oops, remove the last item" goes on.
            kind, strong = Action.REMOVE, False
            action = kind
        if kind is Action.REMOVE and rest and is_undo_object:
            return Action.UNDO, []  # "enlève le dernier", "delete that"
        if strong or action is None:
            action = kind
        tokens = rest
        if strong:
            break  # "add clear honey": after the verb, words are the product's
    return action, tokens


def _read_set_quantity(tokens: list[Token], lex: Lexicon) -> SpokenItem | None:
    """A new quantity: "mets-en trois", "make that two liters", "passe le lait à trois"."""
    tokens = [t for t in tokens if t.key != ","]
    words = keys(tokens)
    used = lex.set_prefixes.match_start(words)
    if used:
        item = _read_item(tokens[used:], lex, bare_unit=True)
        if item.quantity is not None:
            return item
    bare = lex.set_bare_prefixes.match_start(words)
    tail = lex.set_suffixes.match_end(words)
    core = tokens[bare : len(tokens) - tail]
    if core and (bare or tail or len(core) <= 3):
        item = _read_item(core, lex, bare_unit=True)
        if item.quantity is not None and not item.name:
            return item
    return _read_set_with_target(tokens, lex)


def _ends_with_more(tokens: list[Token], lex: Lexicon) -> bool:
    """Whether the words end with "de plus" / "more", politeness after it aside."""
    kept = _strip_trailing(tokens, lex, until=lex.more_suffixes)
    return bool(lex.more_suffixes.match_end(keys(kept)))


def _read_more(tokens: list[Token], lex: Lexicon, said_more: bool) -> SpokenItem | None:
    """A quantity to add to the last line: "mets-en deux de plus", "two more", "encore un".

    ``said_more``: the utterance ended with "de plus" / "more" (already stripped here when
    it also reads as politeness, like "en plus").
    """
    words = keys(tokens)
    head = lex.more_prefixes.match_start(words)
    tail = lex.more_suffixes.match_end(words)
    if not (head or tail or said_more):
        return None
    core = tokens[head : len(tokens) - tail]
    core = core[lex.set_prefixes.match_start(keys(core)) :]  # "mets-en", "il en faut"
    found = lex.actions.longest_start(keys(core))
    core = core[found[0] :] if found is not None else core  # "ajoute", "add"
    if not core:
        return None
    item = _read_item(core, lex, bare_unit=True)
    return item if item.quantity is not None and not item.name else None


def _read_set_with_target(tokens: list[Token], lex: Lexicon) -> SpokenItem | None:
    """'passe le lait à trois', 'change the milk to three liters'."""
    words = keys(tokens)
    if not words or words[0] not in lex.set_verbs:
        return None
    for index in range(len(words) - 1, 1, -1):
        if words[index] in lex.set_link:
            amount = _read_item(tokens[index + 1 :], lex, bare_unit=True)
            target = _read_item(tokens[1:index], lex)
            if amount.quantity is not None and not amount.name and target.name:
                unit = amount.unit or target.unit
                return SpokenItem(target.name, amount.quantity, unit)
    return None


def _read_item(tokens: list[Token], lex: Lexicon, bare_unit: bool = False) -> SpokenItem:
    """One item: [article] [quantity] [size] [unit of] [article] name [x quantity].

    ``bare_unit`` lets a unit end the words ("make that two packs"), for corrections.
    """
    words = list(keys(tokens))
    i = lex.articles.skip(words, 0)
    quantity: float | None = None
    number = parse_number(words, i, lex.lang)
    if number is not None:
        quantity, i = number[0], i + number[1]
        if i < len(words) and words[i] in lex.of and words[i - 1] in lex.dozens:
            i += 1  # "une douzaine d'œufs"
        i = lex.articles.skip(words, i)  # "two more bottles", "deux autres paquets"
        i = _skip_container_size(words, i, lex)
    before_unit = i
    unit, i, quantity = _read_unit(words, i, quantity, lex, bare_unit)
    inner = parse_number(words, i, lex.lang) if i > before_unit else None
    if inner is not None:
        # "un pack de six bouteilles d'eau": the outer container is what goes on the list.
        _inner_unit, after_inner, _ = _read_unit(words, i + inner[1], inner[0], lex, False)
        if after_inner > i + inner[1]:
            i = after_inner
    i = lex.articles.skip(words, i)
    while i < len(words) - 1 and words[i] in lex.name_adjectives:
        i += 1  # "some fresh basil": the product is basil
    end = len(words)
    if end - i >= 3 and words[end - 2] in lex.times:
        trailing = parse_number(words, end - 1, lex.lang)
        if trailing is not None and quantity is None:
            quantity, end = trailing[0], end - 2  # "bananes fois trois", "eggs times two"
    end = _drop_container_size(words, i, end, unit, lex)
    while end > i and (words[end - 1] in lex.of or words[end - 1] == ","):
        end -= 1
    return SpokenItem(join_tokens(tokens[i:end]), quantity, unit)


def _drop_container_size(
    words: list[str], start: int, end: int, unit: str | None, lex: Lexicon
) -> int:
    """'un sac de pommes de terre de cinq kilos': the size of each bag is not the name."""
    if unit is None or UNITS[unit][0] in ("mass", "volume") or end - start < 4:
        return end
    for size_start in range(end - 2, start, -1):
        if words[size_start - 1] not in lex.of:
            continue
        number = parse_number(words, size_start, lex.lang)
        if number is None or size_start + number[1] != end - 1:
            continue
        found = lex.unit_at(words, end - 1)
        if found is not None and UNITS[found[0]][0] in ("mass", "volume"):
            return size_start - 1
    return end


def _skip_container_size(words: list[str], i: int, lex: Lexicon) -> int:
    """Skip the size of a counted container: 'a six pack of', 'a two liter bottle of'.

    The list counts the containers; the size said before them describes each one.
    """
    inner = parse_number(words, i, lex.lang)
    if inner is None:
        return i
    j = i + inner[1]
    if j + 1 >= len(words):
        return i
    code = (lex.unit_at(words, j) or (None, 1.0))[0]
    if code == "pack" and words[j + 1] in lex.of:
        return j  # "a six pack of beer": one pack
    is_measure = code is not None and UNITS[code][0] in ("mass", "volume")
    container = lex.unit_at(words, j + 1) is not None or words[j + 1] in lex.count_containers
    if is_measure and container and j + 2 < len(words) and words[j + 2] in lex.of:
        return j + 1  # "a five pound bag of potatoes": one bag
    return i


def _read_unit(
    words: list[str], i: int, quantity: float | None, lex: Lexicon, bare_unit: bool
) -> tuple[str | None, int, float | None]:
    """A unit or container after the quantity: '2 litres de', 'a loaf of', 'un kilo et demi de'."""
    start = i
    if i + 1 < len(words) and words[i] in lex.size_words:
        i += 1  # "un grand paquet de"
    if i >= len(words) or (i + 1 == len(words) and not bare_unit):
        return None, start, quantity
    word = words[i]
    code, factor = lex.unit_at(words, i) or (None, 1.0)
    is_measure = code is not None and UNITS[code][0] in ("mass", "volume")
    if code is None and word not in lex.count_containers:
        return None, start, quantity
    after = i + 1
    half = and_a_half(words, after, lex.lang)
    if half:
        quantity, after = (quantity or 1) + 0.5, after + half
    if factor != 1.0:
        quantity = (1 if quantity is None else quantity) * factor  # "une livre" -> 500 g
    if after < len(words) and words[after] in lex.of:
        return code, after + 1, quantity
    if (is_measure and after < len(words)) or (bare_unit and after == len(words)):
        return code, after, quantity  # "500 grams ground beef", "make that two packs"
    return None, start, quantity
