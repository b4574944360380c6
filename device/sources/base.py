"""What every input source gives the daemon: raw text with where and when it came from.

A source turns one device into ``SourceInput`` values and stops there: no validation,
no list logic. ``run`` blocks until the input ends or ``stop`` is set, so the daemon runs
each source in a thread of its own.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol


class InputKind(StrEnum):
    """What the text is."""

    BARCODE = "barcode"
    """Characters a scanner or the camera read (to be validated as a GTIN or mode code)."""
    UTTERANCE = "utterance"
    """A transcript of something said."""
    TEXT = "text"
    """A line typed by a person (a name or a barcode)."""


@dataclass(frozen=True, slots=True)
class SourceInput:
    """One input as a source saw it."""

    text: str
    kind: InputKind
    source: str
    """The source's name, e.g. 'stdin', 'hid:Honeywell 1900', 'camera:0'."""
    received_at: float
    """time.monotonic() when the input was complete, for scan-to-acknowledge latency."""
    symbology: str | None = None
    """The barcode family when the decoder knows it (EAN13, UPCE, QRCODE...)."""


Emit = Callable[[SourceInput], None]


class InputSource(Protocol):
    """A device that produces inputs."""

    name: str

    def run(self, emit: Emit, stop: threading.Event) -> None:
        """Emit inputs until the device's input ends or ``stop`` is set."""
        ...
