"""Inputs into list commands, and list commands applied to the household store.

Scans and voice share this module. ``interpret`` is pure: the text of a scan (or of a
line typed into the terminal by a keyboard-wedge scanner) and the current mode in, a
command and the next mode out. ``commands_from_utterance`` does the same for what the
voice parser (``device.voice.intents.parse_utterance``) understood. ``apply`` is the one
place that changes the list, and returns an ``Outcome`` to acknowledge.

Modes work as in Barcode Buddy: a mode barcode switches to remove or lookup-only, or
multiplies the next scan; the mode falls back to adding after ``timeout_s`` without a scan.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, replace
from enum import StrEnum

from device.keymap import is_gtin, recover_garbled
from device.mode_codes import ModeAction, ModeCode, is_mode_code, parse_mode_code
from household.errors import InputRefused, InvalidGtin, RestockError
from household.gtin import Gtin
from household.model import Source

DEFAULT_MODE_TIMEOUT_S = 60.0
MAX_SHOWN_INPUT = 60
"""Refused input is echoed back at most this long (a 100 kB line is not repeated)."""


class ScanMode(StrEnum):
    """What a product scan does."""

    ADD = "add"
    REMOVE = "remove"
    LOOKUP = "lookup"


@dataclass(frozen=True, slots=True)
class ModeState:
    """The scan mode in force, and until when (``time.monotonic`` seconds)."""

    mode: ScanMode = ScanMode.ADD
    quantity: int = 1
    """How many times the next scan counts."""
    expires_at: float | None = None
    """When it falls back to adding one; None: it is already the default."""

    def at(self, now: float) -> ModeState:
        """The state still in force at ``now`` (the default once it expired)."""
        if self.expires_at is not None and now >= self.expires_at:
            return ModeState()
        return self

    @property
    def is_default(self) -> bool:
        """Adding one at a time."""
        return self.mode is ScanMode.ADD and self.quantity == 1


@dataclass(frozen=True, slots=True)
class ScanCommand:
    """A product barcode to add, remove or look up."""

    gtin: Gtin
    mode: ScanMode
    quantity: int
    note: str | None = None
    """How the input was read when it needed help (a keyboard-layout mix-up undone)."""


@dataclass(frozen=True, slots=True)
class ModeCommand:
    """A mode barcode was scanned."""

    code: ModeCode
    state: ModeState


@dataclass(frozen=True, slots=True)
class NamedCommand:
    """A product named in words (voice): add, remove or set its quantity."""

    action: str
    """'add', 'remove' or 'set'."""
    name: str
    quantity: float | None = None
    unit: str | None = None


@dataclass(frozen=True, slots=True)
class UndoCommand:
    """Undo the latest change."""


@dataclass(frozen=True, slots=True)
class Refusal:
    """An input that is not a command, and why, for people."""

    text: str
    reason: str


Command = ScanCommand | ModeCommand | NamedCommand | UndoCommand | Refusal


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one input, to acknowledge (JSON event, sound, log line)."""

    event: str
    """'added', 'set', 'removed', 'lookup', 'mode', 'listening', 'undone', 'refused' (and the
    lookup worker's 'resolved' and 'unknown')."""
    message: str
    gtin: str | None = None
    name: str | None = None
    quantity: float | None = None
    """For 'added': how many this input added; for 'removed': how many it took off."""
    total: float | None = None
    """For 'added': the quantity now on the list."""
    merged: bool | None = None
    """For 'added': True when the product was already on the list (its line grew)."""
    known: bool | None = None
    """Whether the product's name is known (False: 'unknown ...' until looked up)."""
    input: str | None = None
    reason: str | None = None
    mode: str | None = None
    source: str = ""
    note: str | None = None
    """How the input was read when it needed help (a keyboard-layout mix-up undone)."""
    next_quantity: int | None = None
    """For 'mode': how many times the next scan counts, when not once."""
    unit: str | None = None
    """The unit of ``quantity`` as said (a household.units code), None for a count."""
    utterance: str | None = None
    """For spoken inputs: the transcript, so the answer can be read back."""

    def to_event(self) -> dict[str, object]:
        """The JSON event for ``--json`` (only the fields that apply)."""
        event: dict[str, object] = {"event": self.event}
        for key in _EVENT_KEYS:
            value = getattr(self, key)
            if value is not None:
                event[key] = _plain_number(value) if key in ("quantity", "total") else value
        event["message"] = self.message
        if self.source:
            event["source"] = self.source
        for key in ("note", "next_quantity", "utterance"):
            if getattr(self, key) is not None:
                event[key] = getattr(self, key)
        return event


_EVENT_KEYS = ("gtin", "name", "quantity", "unit", "total", "merged", "known", "input", "reason",
               "mode")  # fmt: skip


def _plain_number(value: object) -> object:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def shown(text: str) -> str:
    """``text`` cut for echoing back in a message."""
    return text if len(text) <= MAX_SHOWN_INPUT else text[:MAX_SHOWN_INPUT] + "…"


def clean_scan_text(text: str) -> str:
    """Strip spaces and the control characters scanners wrap codes in (STX/ETX, CR, NUL)."""
    return text.strip("".join(map(chr, range(33))) + "\x7f")


def _accept_scan(text: str) -> bool:
    return is_gtin(text) or is_mode_code(text)


def interpret(
    text: str,
    state: ModeState,
    now: float,
    timeout_s: float = DEFAULT_MODE_TIMEOUT_S,
    symbology: str | None = None,
    typed: bool = False,
) -> tuple[Command | None, ModeState]:
    """The command a scanned or typed ``text`` stands for, and the mode afterwards.

    Returns ``(None, state)`` for an empty input (a lone Enter): nothing to acknowledge.
    ``typed`` says the line came from a terminal, where a person may type a product
    name ("lait"); a scanner's garbled code is still never taken for a name, because
    the layout recovery is tried first and a name must be made of words.
    """
    state = state.at(now)
    cleaned = clean_scan_text(text)
    if not cleaned:
        return None, state
    note = None
    if not _accept_scan(cleaned):
        if looks_like_digits(cleaned):
            return Refusal(text, _gtin_reason(cleaned, symbology)), state
        try:
            recovery = recover_garbled(cleaned, _accept_scan)
        except InputRefused as err:
            reason = str(err)
            if typed and looks_like_name(cleaned):
                return NamedCommand("add", " ".join(cleaned.split())), state
            if cleaned.replace(" ", "").isalpha():  # a word typed at the terminal
                reason = (
                    f"{shown(cleaned)!r} is not a barcode: the daemon takes scans. To put it "
                    f"on the list by name, run: restock add {shlex.quote(shown(cleaned))}"
                )
            return Refusal(text, reason), state
        cleaned, note = recovery.text, f"read {shown(text)!r} as {recovery.explanation}"
    code = parse_mode_code(cleaned)
    if code is not None:
        return _mode_command(code, state, now, timeout_s)
    gtin = Gtin.parse(cleaned, symbology if not note else None)
    command = ScanCommand(gtin, state.mode, state.quantity, note)
    if state.is_default:
        return command, state
    # The mode holds for the next scans until a quiet while; a quantity is for one scan.
    return command, ModeState(state.mode, 1, now + timeout_s if state.mode != "add" else None)


def looks_like_name(text: str) -> bool:
    """Words a person typed: letters, with spaces, apostrophes or hyphens between them."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isalpha() or c in " '’-" for c in text)


def looks_like_digits(text: str) -> bool:
    """Only digits and spaces: a barcode, maybe misread, never a layout mix-up."""
    return text.replace(" ", "").isascii() and text.replace(" ", "").isdigit()


def _gtin_reason(text: str, symbology: str | None) -> str:
    try:
        Gtin.parse(text, symbology)
    except InvalidGtin as err:
        return str(err)
    return f"{shown(text)} was not understood."  # pragma: no cover - parse succeeded


def _mode_command(
    code: ModeCode, state: ModeState, now: float, timeout_s: float
) -> tuple[Command, ModeState]:
    if code.action is ModeAction.UNDO:
        return UndoCommand(), state
    if code.action is ModeAction.LISTEN:
        return ModeCommand(code, state), state  # the microphone's business, not a scan mode
    if code.action is ModeAction.ADD:
        new = ModeState()
    elif code.action is ModeAction.QUANTITY:
        new = replace(state, quantity=code.quantity or 1, expires_at=now + timeout_s)
    else:
        new = ModeState(ScanMode(code.action.value), 1, now + timeout_s)
    return ModeCommand(code, new), new


def commands_from_utterance(parsed: object, text: str) -> list[Command]:
    """Commands for what the voice parser understood (``ParsedUtterance(action, items)``).

    Each item needs a ``name`` and may have ``quantity`` and ``unit``; an item may also
    carry a ``gtin``. An action other than add/remove/set/undo, or no item, is refused.
    """
    action = str(getattr(parsed, "action", "") or "").lower().rsplit(".", 1)[-1]
    action = {"set_quantity": "set"}.get(action, action)
    items = list(getattr(parsed, "items", ()) or ())
    if action == "undo":
        return [UndoCommand()]
    if action not in ("add", "remove", "set") or not items:
        reason = getattr(parsed, "reason", None) or (
            f"{shown(text)!r} was not understood as a list command. Say e.g. "
            "'ajoute deux litres de lait' or 'add a dozen eggs'."
        )
        return [Refusal(text, str(reason))]
    commands: list[Command] = []
    for item in items:
        name = str(getattr(item, "name", "") or "").strip()
        # "make that three", "two more" name no product: they mean the last line
        if not name and action == "remove":
            commands.append(Refusal(text, f"No product name heard in {shown(text)!r}."))
            continue
        quantity = getattr(item, "quantity", None)
        commands.append(NamedCommand(action, name, quantity, getattr(item, "unit", None)))
    return commands


def apply(command: Command, store, *, by: str, source: Source, source_name: str = "") -> Outcome:
    """Carry ``command`` out on the household ``store`` (committed when this returns).

    A RestockError from the store (not on the list, a coupon, a bad quantity) becomes a
    'refused' outcome; anything else is a bug and propagates.
    """
    try:
        outcome = _apply(command, store, by=by, source=source)
    except RestockError as err:
        outcome = Outcome("refused", str(err), input=_input_of(command), reason=str(err))
    return replace(outcome, source=source_name)


def _input_of(command: Command) -> str:
    if isinstance(command, ScanCommand):
        return command.gtin.short
    if isinstance(command, NamedCommand):
        return command.name
    if isinstance(command, Refusal):
        return shown(command.text)
    return ""


def _apply(command: Command, store, *, by: str, source: Source) -> Outcome:
    if isinstance(command, Refusal):
        return Outcome("refused", command.reason, input=shown(command.text), reason=command.reason)
    if isinstance(command, ModeCommand):
        return _mode_outcome(command)
    if isinstance(command, UndoCommand):
        return Outcome("undone", store.undo(by=by))
    if isinstance(command, NamedCommand):
        return _apply_named(command, store, by=by, source=source)
    return _apply_scan(command, store, by=by, source=source)


def _apply_scan(command: ScanCommand, store, *, by: str, source: Source) -> Outcome:
    gtin = command.gtin
    if command.mode is ScanMode.LOOKUP:
        product = store.find_product(gtin)
        if product is None:
            store.queue_lookup(gtin)
            message = f"{gtin.short}: not known yet; it will be looked up."
        else:
            message = f"{gtin.short}: {product.name}" + (
                f" ({product.brand})" if product.brand else ""
            )
        name = product.name if product else None
        return Outcome(
            "lookup",
            message,
            gtin=gtin.short,
            name=name,
            known=product is not None,
            note=command.note,
        )
    if command.mode is ScanMode.REMOVE:
        message = store.remove(gtin.short, command.quantity, by=by)
        return Outcome(
            "removed", message, gtin=gtin.short, quantity=command.quantity, note=command.note
        )
    result = store.add_gtin(gtin, command.quantity, by=by, source=source)
    return Outcome(
        "added",
        result.message,
        gtin=gtin.short,
        merged=result.merged,
        name=result.item.name,
        quantity=command.quantity,
        total=result.item.quantity,
        known=not result.item.name.startswith("unknown "),
        note=command.note,
    )


def _apply_named(command: NamedCommand, store, *, by: str, source: Source) -> Outcome:
    quantity = command.quantity
    if command.action == "remove":
        message = store.remove(command.name, quantity, by=by)
        return Outcome("removed", message, name=command.name, quantity=quantity)
    if command.action == "set":
        name = command.name or _latest_line(store)
        result = store.set_quantity(name, quantity or 1, command.unit, by=by)
    else:
        name = command.name or _latest_line(store)
        result = store.add(name, quantity or 1, command.unit, by=by, source=source)
    return Outcome(
        "set" if command.action == "set" else "added",
        result.message,
        merged=result.merged,
        name=result.item.name,
        gtin=result.item.gtin.short if result.item.gtin else None,
        quantity=quantity or 1,
        unit=command.unit,
        total=result.item.quantity,
    )


def _mode_outcome(command: ModeCommand) -> Outcome:
    state, code = command.state, command.code
    if code.action is ModeAction.LISTEN:
        return Outcome("listening", "Listening: say what to put on the list.", mode="listen")
    if code.action is ModeAction.QUANTITY:
        message = f"Next scan counts {state.quantity} times."
    elif state.mode is ScanMode.ADD:
        message = "Back to adding: each scan puts the product on the list."
    elif state.mode is ScanMode.REMOVE:
        message = "Remove mode: each scan takes the product off the list."
    else:
        message = "Lookup mode: scans only show what the product is."
    quantity = state.quantity if state.quantity != 1 else None
    return Outcome("mode", message, mode=str(state.mode), next_quantity=quantity)


def _latest_line(store) -> str:
    """The name of the line changed last ("make that three" is about it)."""
    items = store.items()
    if not items:
        raise InputRefused("The list is empty: say which product, e.g. 'trois yaourts'.")
    return max(items, key=lambda item: (item.updated_at, item.id)).name
