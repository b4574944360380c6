"""Scoring the parser against labelled transcripts (``utterances.tsv`` + ``labels.tsv``).

An utterance is understood when the action is right and the items are exactly those of the
label, in order, each with its name, quantity and unit. Labels keep words as said
("douzaine", "litres", "œufs"), so they are read with the parser's own number and unit
readers: "cinq cents" is 500, "litres" is l, and a container with no unit code ("loaf") is
a plain count. Names compare folded: case, accents, œ, hyphens and elision spacing aside.

A sentence with several items has its quantity, unit and product columns split on ``|``
(``un|un``, ``bocal|paquet``, ``cornichons|crackers``). ``set_quantity`` ("make that three")
labels the new quantity and, usually, no product: the parser then gives one nameless item.
``undo`` and ``unknown`` carry no item.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from device.voice.intents import ParsedUtterance, SpokenItem, parse_utterance
from device.voice.numbers import parse_number_text
from device.voice.tokens import fold_key
from household.units import find_unit


@dataclass(frozen=True, slots=True)
class LabelledUtterance:
    """One transcript and what it means."""

    filename: str
    text: str
    intent: str
    quantity: float | None
    unit: str | None
    product: str
    items: tuple[ExpectedItem, ...] = ()
    """Every item of the label, in order; quantity, unit and product above are the first's."""


@dataclass(frozen=True, slots=True)
class ExpectedItem:
    """One item a labelled utterance should yield."""

    product: str
    quantity: float | None
    unit: str | None


@dataclass(frozen=True, slots=True)
class Verdict:
    """The parse of one labelled utterance and whether it was understood."""

    utterance: LabelledUtterance
    parsed: ParsedUtterance
    understood: bool


def load_labelled_set(set_dir: Path, lang: str) -> list[LabelledUtterance]:
    """The transcripts of ``set_dir`` with their labels, in file order."""
    texts = {}
    with (set_dir / "utterances.tsv").open(encoding="utf-8", newline="") as file:
        for row in csv.reader(file, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) >= 2:
                texts[row[0]] = row[1]
    labelled = []
    with (set_dir / "labels.tsv").open(encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file, delimiter="\t", quoting=csv.QUOTE_NONE):
            items = _expected_items(row, lang)
            first = items[0] if items else ExpectedItem("", None, None)
            labelled.append(
                LabelledUtterance(
                    filename=row["filename"],
                    text=texts[row["filename"]],
                    intent=row["intent"].strip(),
                    quantity=first.quantity,
                    unit=first.unit,
                    product=first.product,
                    items=items,
                )
            )
    return labelled


def _expected_items(row: dict[str, str], lang: str) -> tuple[ExpectedItem, ...]:
    columns = [(row.get(key) or "").split("|") for key in ("quantity", "unit", "product")]
    count = max(len(column) for column in columns)
    if any(len(column) not in (1, count) for column in columns):
        raise ValueError(f"{row['filename']}: the | lists of quantity, unit and product differ")
    items = []
    for index in range(count):
        quantity_words, unit_word, product = (
            column[index if len(column) == count else 0].strip() for column in columns
        )
        quantity = parse_number_text(quantity_words, lang) if quantity_words else None
        if quantity_words and quantity is None:
            raise ValueError(f"{row['filename']}: quantity {quantity_words!r} is not a number")
        if product or quantity is not None:
            unit = find_unit(unit_word) if unit_word else None
            items.append(ExpectedItem(product, quantity, unit))
    return tuple(items)


def same_name(said: str, label: str) -> bool:
    """Whether two product names are the same once folded."""
    return _name_key(said) == _name_key(label)


def _name_key(name: str) -> str:
    key = fold_key(name).replace("-", " ").replace("'", "' ")
    return " ".join(key.split())


def is_understood(parsed: ParsedUtterance, label: LabelledUtterance) -> bool:
    """True when the parse has the label's action, product, quantity and unit."""
    if parsed.action.value != label.intent:
        return False
    expected = label.items or _single_item(label)
    if len(parsed.items) != len(expected):
        return False
    return all(map(_same_item, parsed.items, expected))


def _single_item(label: LabelledUtterance) -> tuple[ExpectedItem, ...]:
    # Labels made directly (not through load_labelled_set) carry only the first item.
    if not label.product and label.quantity is None:
        return ()
    return (ExpectedItem(label.product, label.quantity, label.unit),)


def _same_item(item: SpokenItem, expected: ExpectedItem) -> bool:
    return (
        same_name(item.heard or item.name, expected.product)
        and item.quantity == expected.quantity
        and item.unit == expected.unit
    )


def evaluate(
    labelled: Iterable[LabelledUtterance], lang: str, known_names: tuple[str, ...] = ()
) -> list[Verdict]:
    """Parse every labelled transcript and judge it."""
    verdicts = []
    for utterance in labelled:
        parsed = parse_utterance(utterance.text, lang, known_names)
        verdicts.append(Verdict(utterance, parsed, is_understood(parsed, utterance)))
    return verdicts
