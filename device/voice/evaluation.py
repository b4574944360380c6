"""Scoring the parser against labelled transcripts (``utterances.tsv`` + ``labels.tsv``).

An utterance is understood when the action is right and, for add and remove, there is
exactly one item whose name, quantity and unit are those of the label. Labels keep words as
said ("douzaine", "litres", "œufs"), so they are read with the parser's own number and unit
readers: "cinq cents" is 500, "litres" is l, and a container with no unit code ("loaf") is
a plain count. Names compare folded: case, accents, œ, hyphens and elision spacing aside.
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
            quantity_words = (row.get("quantity") or "").strip()
            unit_word = (row.get("unit") or "").strip()
            labelled.append(
                LabelledUtterance(
                    filename=row["filename"],
                    text=texts[row["filename"]],
                    intent=row["intent"].strip(),
                    quantity=parse_number_text(quantity_words, lang) if quantity_words else None,
                    unit=find_unit(unit_word) if unit_word else None,
                    product=(row.get("product") or "").strip(),
                )
            )
    return labelled


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
    if label.intent == "undo" or not label.product:
        return not parsed.items
    if len(parsed.items) != 1:
        return False
    item: SpokenItem = parsed.items[0]
    return (
        same_name(item.heard or item.name, label.product)
        and item.quantity == label.quantity
        and item.unit == label.unit
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
