"""Key event streams as files, and typed text as the events a scanner would send.

A recording is one JSON array per line, ``[sec, usec, type, code, value]``, the fields
of an ``evdev.InputEvent``; ``record`` writes one from a real scanner, ``load_events``
reads it back, so a scanner's quirks can be replayed through the HID decoder on any
machine. ``synthesize`` types text the way a scanner set to ``layout`` does (Shift and
AltGr pressed around keys, a Enter suffix), for tests and benchmarks.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from evdev import InputEvent
from evdev import ecodes as e

from device.keymap import KeyStroke, strokes_for
from household.errors import UsageError

DEFAULT_KEY_GAP_S = 0.008
"""A USB HID scanner's typical time between key presses."""


def load_events(path: Path) -> list[InputEvent]:
    """The events of a recording (one ``[sec, usec, type, code, value]`` per line)."""
    events = []
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        try:
            sec, usec, type_, code, value = json.loads(line)
        except (ValueError, TypeError) as err:
            raise UsageError(
                f"{path}:{number} is not an event [sec, usec, type, code, value]: {line[:60]!r}"
            ) from err
        events.append(InputEvent(sec, usec, type_, code, value))
    return events


def dump_events(events: Iterable[InputEvent]) -> str:
    """A recording of ``events``, in the format ``load_events`` reads."""
    return "".join(
        json.dumps([ev.sec, ev.usec, ev.type, ev.code, ev.value]) + "\n" for ev in events
    )


def synthesize(
    text: str,
    layout: str = "us",
    start_s: float = 1000.0,
    gap_s: float = DEFAULT_KEY_GAP_S,
    terminator: int | None = e.KEY_ENTER,
) -> list[InputEvent]:
    """The events a scanner imitating ``layout`` sends to type ``text`` (then Enter)."""
    strokes = strokes_for(text, layout)
    if strokes is None:
        raise UsageError(f"{text!r} cannot be typed on the {layout} layout.")
    keys = [*strokes, KeyStroke(terminator)] if terminator is not None else strokes
    return list(_events(keys, start_s, gap_s))


def _events(strokes: list[KeyStroke], start_s: float, gap_s: float) -> Iterator[InputEvent]:
    t = start_s

    def event(type_: int, code: int, value: int) -> InputEvent:
        sec = int(t)
        return InputEvent(sec, round((t - sec) * 1e6), type_, code, value)

    def key(code: int, value: int) -> Iterator[InputEvent]:
        yield event(e.EV_MSC, e.MSC_SCAN, 0x70000 + code)
        yield event(e.EV_KEY, code, value)
        yield event(e.EV_SYN, e.SYN_REPORT, 0)

    for stroke in strokes:
        modifier = e.KEY_RIGHTALT if stroke.altgr else e.KEY_LEFTSHIFT if stroke.shift else None
        if modifier is not None:
            yield from key(modifier, 1)
        yield from key(stroke.code, 1)
        t += gap_s / 2
        yield from key(stroke.code, 0)
        if modifier is not None:
            yield from key(modifier, 0)
        t += gap_s / 2
