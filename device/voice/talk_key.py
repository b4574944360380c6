"""Push-to-talk on a key: a foot pedal, a big USB button or a spare keyboard key.

    [voice]
    mode = "push_to_talk"
    push_to_talk_key = "KEY_F13"          # the evdev name of the key (evtest shows it)
    push_to_talk_device = "Foot Switch"   # name part, VID:PID or /dev/input/by-id/ path

Pressing the key opens the microphone, releasing it ends the sentence. The device is
found and grabbed like a scanner (device/sources/hid.py), so its key never types into
the desktop, and it is reopened after an unplug. ``key_transitions`` is the pure part.
"""

from __future__ import annotations

import contextlib
import logging
import select
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Protocol

from evdev import InputEvent, ecodes

from household.errors import ConfigError, ScannerNotFound

log = logging.getLogger(__name__)

POLL_S = 0.05
REOPEN_INTERVAL_S = 1.0
_PRESSED, _RELEASED = 1, 0  # and 2: autorepeat while held, which changes nothing


class Listener(Protocol):
    """What the key drives: the microphone."""

    def begin_listening(self) -> None:
        """The key went down."""

    def end_listening(self) -> None:
        """The key came up."""


def key_code(name: str, where: str = "") -> int:
    """The evdev code of a key name ('KEY_F13', 'f13', 'BTN_0'), or a ConfigError."""
    wanted = name.strip().upper()
    if not wanted.startswith(("KEY_", "BTN_")):
        wanted = f"KEY_{wanted}"
    code = ecodes.ecodes.get(wanted)
    if code is None:
        raise ConfigError(
            f"voice.push_to_talk_key{where} is {name!r}, which is no key name. Use the name "
            'evtest prints for the key, e.g. push_to_talk_key = "KEY_F13".'
        )
    return code


def key_transitions(events: Iterable[InputEvent], code: int) -> Iterator[bool]:
    """True for each press of key ``code``, False for each release (repeats dropped)."""
    for event in events:
        if event.type == ecodes.EV_KEY and event.code == code:
            if event.value == _PRESSED:
                yield True
            elif event.value == _RELEASED:
                yield False


class TalkKey:
    """Reads one key of one input device and opens the microphone while it is held."""

    def __init__(
        self,
        spec: str,
        code: int,
        listener: Listener,
        *,
        find: Callable[[str], str] | None = None,
        open_device: Callable[[str], object] | None = None,
        reopen_interval_s: float = REOPEN_INTERVAL_S,
    ) -> None:
        from device.sources.hid import find_device_path, open_evdev

        self._spec = spec
        self._code = code
        self._listener = listener
        self._find = find or find_device_path
        self._open = open_device or open_evdev
        self._reopen_interval_s = reopen_interval_s

    def run(self, stop: threading.Event) -> None:
        """Follow the key until ``stop``; wait for the device while it is unplugged."""
        waiting_logged = False
        while not stop.is_set():
            device = self._connect()
            if device is None:
                if not waiting_logged:
                    log.warning("push-to-talk: waiting for %s to be plugged in", self._spec)
                    waiting_logged = True
                stop.wait(self._reopen_interval_s)
                continue
            waiting_logged = False
            try:
                self._follow(device, stop)
            finally:
                with contextlib.suppress(OSError):
                    device.close()

    def _connect(self):
        try:
            device = self._open(self._find(self._spec))
            device.grab()  # the pedal's key must not type into the desktop
        except (ScannerNotFound, OSError) as err:
            log.debug("push-to-talk: cannot open %s yet: %s", self._spec, err)
            return None
        return device

    def _follow(self, device, stop: threading.Event) -> None:
        held = False
        while not stop.is_set():
            try:
                ready, _, _ = select.select([device.fileno()], [], [], POLL_S)
                events = list(device.read()) if ready else []
            except BlockingIOError:
                continue
            except OSError as err:
                log.warning("push-to-talk: %s gone (%s); waiting for it", self._spec, err)
                break
            for pressed in key_transitions(events, self._code):
                if pressed and not held:
                    self._listener.begin_listening()
                elif not pressed and held:
                    self._listener.end_listening()
                held = pressed
        if held:  # unplugged with the key down: what was said so far still counts
            self._listener.end_listening()
