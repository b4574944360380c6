"""Key events into scans: where a scan starts and ends, and whether a machine typed it.

Pure: evdev ``InputEvent`` values in, ``FramedScan`` values out, no device. The HID
source feeds it what the kernel delivers; tests feed it recorded or constructed events,
through the same ``KeyEventFramer.feed``.

A scan ends on Enter, keypad Enter or Tab (the scanner's suffix), or after a quiet gap
(``gap_timeout_s``) for scanners set to send no suffix. A scanner types a whole code in
a burst (~8 ms between keys); a person is ~100 ms per key or slower, which
``looks_machine`` tells apart when the device might also be a person's keyboard.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass, field

from evdev import InputEvent
from evdev import ecodes as e

from device.keymap import DEFAULT_LAYOUT, Decoded, KeyStroke, decode_best, is_gtin

TERMINATOR_KEYS = frozenset({e.KEY_ENTER, e.KEY_KPENTER, e.KEY_TAB})
SHIFT_KEYS = frozenset({e.KEY_LEFTSHIFT, e.KEY_RIGHTSHIFT})
ALTGR_KEYS = frozenset({e.KEY_RIGHTALT})
KEY_DOWN = 1
"""EV_KEY value for a press; 0 is a release and 2 an autorepeat, neither types a character."""

DEFAULT_GAP_TIMEOUT_S = 0.15
DEFAULT_MACHINE_GAP_S = 0.035
DEFAULT_MIN_MACHINE_LENGTH = 4
MAX_SCAN_KEYS = 512
"""A burst longer than this is a stuck key or a person leaning on the keyboard, not a code."""


@dataclass(frozen=True, slots=True)
class FramingSettings:
    """How scans are delimited and told apart from typing."""

    gap_timeout_s: float | None = DEFAULT_GAP_TIMEOUT_S
    """End a scan after this long without a key; None: only a terminator ends it."""
    prefix: str = ""
    """Characters the scanner is set to send before each code (removed; required if set)."""
    suffix: str = ""
    """Characters the scanner sends after each code, before its Enter (removed if present)."""
    machine_gap_s: float = DEFAULT_MACHINE_GAP_S
    """A median gap between keys at most this long means a scanner typed it."""
    min_machine_length: int = DEFAULT_MIN_MACHINE_LENGTH
    require_machine: bool = False
    """Drop bursts typed at human speed (for a device that is also someone's keyboard)."""


@dataclass(frozen=True, slots=True)
class FramedScan:
    """The keys of one scan, before decoding."""

    strokes: tuple[KeyStroke, ...]
    key_times_s: tuple[float, ...]
    """Event timestamps of each key press (the kernel's clock)."""
    ended_by: str
    """'enter', 'tab' or 'timeout'."""

    def looks_machine(self, max_gap_s: float, min_length: int) -> bool:
        """Whether the keys came at scanner speed."""
        if len(self.strokes) < min_length:
            return False
        gaps = [b - a for a, b in zip(self.key_times_s, self.key_times_s[1:], strict=False)]
        return statistics.median(gaps) <= max_gap_s


@dataclass
class KeyEventFramer:
    """Assembles key events into FramedScans; one per device, fed every event in order."""

    settings: FramingSettings = field(default_factory=FramingSettings)
    _shift_down: set[int] = field(default_factory=set)
    _altgr_down: bool = False
    _strokes: list[KeyStroke] = field(default_factory=list)
    _times: list[float] = field(default_factory=list)

    def feed(self, event: InputEvent) -> list[FramedScan]:
        """Take one event; return the scans it completed (usually none, at most two)."""
        if event.type != e.EV_KEY:
            return []
        code, value = event.code, event.value
        if code in SHIFT_KEYS:
            if value == 0:
                self._shift_down.discard(code)
            else:
                self._shift_down.add(code)
            return []
        if code in ALTGR_KEYS:
            self._altgr_down = value != 0
            return []
        if value != KEY_DOWN:
            return []
        now = event.timestamp()
        done: list[FramedScan] = []
        gap = self.settings.gap_timeout_s
        if self._strokes and gap is not None and now - self._times[-1] > gap:
            done.append(self._close("timeout"))
        if code in TERMINATOR_KEYS:
            if self._strokes:
                done.append(self._close("tab" if code == e.KEY_TAB else "enter"))
            return done
        if len(self._strokes) >= MAX_SCAN_KEYS:
            self._strokes.clear()  # keep the newest burst only; the old one was no code
            self._times.clear()
        self._strokes.append(KeyStroke(code, bool(self._shift_down), self._altgr_down))
        self._times.append(now)
        return done

    def flush_idle(self, now_s: float) -> FramedScan | None:
        """Close a scan that got no terminator once ``gap_timeout_s`` has passed."""
        gap = self.settings.gap_timeout_s
        if self._strokes and gap is not None and now_s - self._times[-1] > gap:
            return self._close("timeout")
        return None

    def reset(self) -> None:
        """Forget a half-read scan and the modifiers (after the device went away)."""
        self._shift_down.clear()
        self._altgr_down = False
        self._strokes.clear()
        self._times.clear()

    def _close(self, ended_by: str) -> FramedScan:
        scan = FramedScan(tuple(self._strokes), tuple(self._times), ended_by)
        self._strokes.clear()
        self._times.clear()
        return scan


@dataclass(frozen=True, slots=True)
class DecodedScan:
    """A framed scan turned into text, or the reason it was dropped."""

    text: str
    layout: str
    machine: bool
    ended_by: str
    dropped: str | None = None
    """Why this burst is not a scan (prefix missing, human typing); None: it is one."""


def strip_affixes(text: str, settings: FramingSettings) -> str | None:
    """``text`` without the configured prefix and suffix, or None if the prefix is missing."""
    if settings.prefix:
        if not text.startswith(settings.prefix):
            return None
        text = text[len(settings.prefix) :]
    if settings.suffix and text.endswith(settings.suffix):
        text = text[: -len(settings.suffix)]
    return text


def decode_scan(
    scan: FramedScan,
    settings: FramingSettings,
    layout: str = DEFAULT_LAYOUT,
    accept: Callable[[str], bool] = is_gtin,
) -> DecodedScan:
    """Decode ``scan``, detecting the scanner's layout by what ``accept`` takes."""
    machine = scan.looks_machine(settings.machine_gap_s, settings.min_machine_length)

    def accept_body(text: str) -> bool:
        body = strip_affixes(text, settings)
        return body is not None and accept(body)

    decoded: Decoded = decode_best(scan.strokes, layout, accept_body)
    body = strip_affixes(decoded.text, settings)
    if body is None:
        reason = f"it does not start with the scanner prefix {settings.prefix!r}"
        return DecodedScan(decoded.text, decoded.layout, machine, scan.ended_by, reason)
    if settings.require_machine and not machine:
        reason = "it was typed at human speed, not by a scanner"
        return DecodedScan(body, decoded.layout, machine, scan.ended_by, reason)
    return DecodedScan(body, decoded.layout, machine, scan.ended_by)
