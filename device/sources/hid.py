"""USB (or Bluetooth) HID keyboard-wedge scanners, read with python-evdev.

The scanner is found by name, ``VID:PID`` or a ``/dev/input/by-id`` path (never by
``eventN``, which changes between boots), and grabbed so that its keys never reach the
desktop or the console login. Its key codes are decoded here (``HidDecoder``, pure and
fed by tests with recorded or constructed events) with the layout table the scanner
imitates, detected by the GTIN check digit.

An unplugged scanner makes ``read()`` fail with ENODEV: the source forgets the half-read
scan, closes the device and waits for it to come back, reopening it every
``reopen_interval_s``. Right after a plug, udev may not yet have given the node to our
group (EACCES): that is retried the same way.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import re
import select
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol

from evdev import InputEvent

from device.keymap import DEFAULT_LAYOUT, is_gtin
from device.mode_codes import is_mode_code
from device.scan_framing import DecodedScan, FramingSettings, KeyEventFramer, decode_scan
from device.sources.base import Emit, InputKind, SourceInput
from household.errors import ScannerNotFound

log = logging.getLogger(__name__)

DEFAULT_REOPEN_INTERVAL_S = 1.0
POLL_S = 0.05
"""How often an idle read loop checks ``stop`` and the no-terminator timeout."""
_VID_PID = re.compile(r"([0-9a-fA-F]{4}):([0-9a-fA-F]{4})")


def accept_scan_text(text: str) -> bool:
    """What a layout must produce to be believed: a valid GTIN or a mode barcode."""
    return is_gtin(text) or is_mode_code(text)


@dataclass
class HidDecoder:
    """Key events of one scanner into decoded scans: the whole pure path of the HID source."""

    layout: str = DEFAULT_LAYOUT
    settings: FramingSettings = field(default_factory=FramingSettings)
    _framer: KeyEventFramer = field(init=False)

    def __post_init__(self) -> None:
        self._framer = KeyEventFramer(self.settings)

    def feed(self, events: Iterable[InputEvent]) -> list[DecodedScan]:
        """Decode a batch of events (one ``read()``) into the scans it completed."""
        return [
            decode_scan(scan, self.settings, self.layout, accept_scan_text)
            for event in events
            for scan in self._framer.feed(event)
        ]

    def flush_idle(self, now_s: float) -> DecodedScan | None:
        """The scan left without a terminator, once the gap timeout passed."""
        scan = self._framer.flush_idle(now_s)
        return decode_scan(scan, self.settings, self.layout, accept_scan_text) if scan else None

    def reset(self) -> None:
        """Forget a half-read scan (the device went away)."""
        self._framer.reset()


class KeyDevice(Protocol):
    """The part of ``evdev.InputDevice`` the source uses (a test fake implements it too)."""

    name: str

    def fileno(self) -> int:
        """The file descriptor to wait on."""
        ...

    def read(self) -> Iterable[InputEvent]:
        """The events available now; BlockingIOError if none, OSError once unplugged."""
        ...

    def grab(self) -> None:
        """Take the device for this process alone (EVIOCGRAB)."""
        ...

    def close(self) -> None:
        """Release it (and the grab)."""
        ...


@dataclass(frozen=True, slots=True)
class DeviceInfo:
    """What identifies an input device."""

    path: str
    name: str
    vendor: int
    product: int
    phys: str = ""
    keyboard: bool = True
    """It has digit and Enter keys (a scanner's extra "consumer control" node has not)."""


def list_input_devices() -> list[DeviceInfo]:
    """The input devices this user can read (evdev hides read-only nodes unless asked)."""
    import evdev
    from evdev import ecodes

    found = []
    for path in evdev.list_devices(writable=False):
        try:
            device = evdev.InputDevice(path)
        except OSError:
            continue
        with device:
            info = device.info
            keys = set(device.capabilities().get(ecodes.EV_KEY, []))
            keyboard = ecodes.KEY_ENTER in keys and bool(keys & {ecodes.KEY_1, ecodes.KEY_KP1})
            found.append(
                DeviceInfo(path, device.name, info.vendor, info.product, device.phys, keyboard)
            )
    return found


def udev_rule_for(device: DeviceInfo) -> str:
    """The line of systemd/70-restock.rules that gives this scanner to the service."""
    return (
        'SUBSYSTEM=="input", KERNEL=="event*", ENV{ID_INPUT_KEYBOARD}=="1", '
        f'ENV{{ID_VENDOR_ID}}=="{device.vendor:04x}", ENV{{ID_MODEL_ID}}=="{device.product:04x}", '
        'GROUP="restock", MODE="0660", ENV{LIBINPUT_IGNORE_DEVICE}="1", '
        'TAG+="systemd", ENV{SYSTEMD_WANTS}+="restock.service"'
    )


def find_device_path(
    spec: str, devices: Callable[[], list[DeviceInfo]] = list_input_devices
) -> str:
    """The event node for ``spec``: a path, ``VID:PID`` or a part of the device's name.

    Raises ScannerNotFound naming what was seen, so the person can pick the right one.
    """
    if spec.startswith("/"):
        if os.path.exists(spec):
            return os.path.realpath(spec)
        raise ScannerNotFound(
            f"No scanner at {spec}. Is it plugged in? List scanners with "
            "`ls -l /dev/input/by-id/`, or give its name or VID:PID instead."
        )
    seen = devices()
    match = _VID_PID.fullmatch(spec)
    if match:
        vendor, product = int(match.group(1), 16), int(match.group(2), 16)
        hits = [d for d in seen if d.vendor == vendor and d.product == product]
    else:
        hits = [d for d in seen if spec.casefold() in d.name.casefold()]
    if hits:
        # A scanner may expose several nodes; the one with digit keys types the codes.
        return sorted(hits, key=lambda d: not d.keyboard)[0].path
    listing = "; ".join(f"{d.name} ({d.vendor:04x}:{d.product:04x})" for d in seen) or "none"
    raise ScannerNotFound(
        f"No input device matches {spec!r} (readable devices: {listing}). Plug the scanner "
        "in, check the udev rule gives its node to this user's group, or use another "
        "--hid-device (a name part, VID:PID or /dev/input/by-id/ path)."
    )


def open_evdev(path: str) -> KeyDevice:
    """Open a real evdev node."""
    import evdev

    return evdev.InputDevice(path)


class HidSource:
    """A keyboard-wedge scanner read through evdev; survives unplug and replug."""

    def __init__(
        self,
        spec: str,
        layout: str = DEFAULT_LAYOUT,
        settings: FramingSettings | None = None,
        *,
        grab: bool = True,
        reopen_interval_s: float = DEFAULT_REOPEN_INTERVAL_S,
        find: Callable[[str], str] = find_device_path,
        open_device: Callable[[str], KeyDevice] = open_evdev,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.name = f"hid:{spec}"
        self._spec = spec
        self._decoder = HidDecoder(layout, settings or FramingSettings())
        self._grab = grab
        self._reopen_interval_s = reopen_interval_s
        self._find = find
        self._open = open_device
        self._clock = clock  # the kernel stamps events with CLOCK_REALTIME by default

    def run(self, emit: Emit, stop: threading.Event) -> None:
        """Read scans until ``stop``; reopen the device whenever it goes away."""
        waiting_logged = False
        while not stop.is_set():
            device = self._connect()
            if device is None:
                if not waiting_logged:
                    log.warning("%s: waiting for the scanner to be plugged in", self.name)
                    waiting_logged = True
                stop.wait(self._reopen_interval_s)
                continue
            waiting_logged = False
            log.info("%s: reading %s", self.name, device.name)
            try:
                self._read_until_gone(device, emit, stop)
            finally:
                self._decoder.reset()
                _close_quietly(device)

    def _connect(self) -> KeyDevice | None:
        try:
            path = self._find(self._spec)
            device = self._open(path)
        except ScannerNotFound:
            return None
        except OSError as err:  # EACCES before udev applied the rule, ENOENT mid-unplug
            log.debug("%s: cannot open yet: %s", self.name, err)
            return None
        if self._grab:
            try:
                device.grab()
            except OSError as err:
                reason = "another program holds it" if err.errno == errno.EBUSY else str(err)
                log.warning("%s: cannot grab the scanner (%s); retrying", self.name, reason)
                _close_quietly(device)
                return None
        return device

    def _read_until_gone(self, device: KeyDevice, emit: Emit, stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                ready, _, _ = select.select([device.fileno()], [], [], POLL_S)
                events = list(device.read()) if ready else []
            except BlockingIOError:
                events = []
            except OSError as err:
                # ENODEV: unplugged. The grab went with the device; reopen when it is back.
                log.warning("%s: scanner gone (%s); waiting for it to return", self.name, err)
                return
            scans = self._decoder.feed(events)
            idle = self._decoder.flush_idle(self._clock()) if not events else None
            for scan in [*scans, *([idle] if idle else [])]:
                self._emit(scan, emit)

    def _emit(self, scan: DecodedScan, emit: Emit) -> None:
        if scan.dropped:
            log.info("%s: ignored %r: %s", self.name, scan.text[:40], scan.dropped)
            return
        emit(SourceInput(scan.text, InputKind.BARCODE, self.name, time.monotonic()))


def _close_quietly(device: KeyDevice) -> None:
    # Closing a node that vanished can fail; the descriptor is released either way.
    with contextlib.suppress(OSError):
        device.close()
