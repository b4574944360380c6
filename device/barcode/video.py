"""Turn per-frame reads into scans: the same code held in view must count once.

Pure: the clock is passed in. A code is accepted after it was read in
``frames_needed`` consecutive decoded frames (a single frame's read may be a misread
that the next frame would not repeat), and it counts again only after it has been out
of view for ``absent_s`` seconds (the product was taken away and shown again: a second
item, on purpose).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

DEFAULT_FRAMES_NEEDED = 2
DEFAULT_ABSENT_S = 1.5

Code = TypeVar("Code", bound=Hashable)


@dataclass
class _Track:
    streak: int = 0
    """Consecutive frames that read the code, up to the current one."""
    accepted: bool = False
    """Counted already; reset once the code has been away for ``absent_s``."""
    last_seen: float = 0.0


@dataclass
class Debouncer(Generic[Code]):
    """Accept a code after N consecutive frames; again only after it left the view."""

    frames_needed: int = DEFAULT_FRAMES_NEEDED
    absent_s: float = DEFAULT_ABSENT_S
    _tracks: dict[Code, _Track] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.frames_needed < 1:
            raise ValueError("frames_needed must be at least 1")
        if self.absent_s < 0:
            raise ValueError("absent_s must not be negative")

    def update(self, codes: Iterable[Code], now: float) -> list[Code]:
        """Feed one decoded frame's codes (maybe none); return the codes accepted now."""
        seen = list(dict.fromkeys(codes))
        accepted = []
        for code in seen:
            track = self._tracks.setdefault(code, _Track())
            if track.accepted and now - track.last_seen >= self.absent_s:
                track.accepted = False  # gone long enough without a frame: a new showing
                track.streak = 0
            track.streak += 1
            track.last_seen = now
            if not track.accepted and track.streak >= self.frames_needed:
                track.accepted = True
                accepted.append(code)
        for code, track in list(self._tracks.items()):
            if code in seen:
                continue
            track.streak = 0
            if now - track.last_seen >= self.absent_s:
                del self._tracks[code]  # left the view: the next showing counts again
        return accepted
