"""Serial scanners (USB CDC-ACM ``/dev/ttyACM*`` or USB-UART ``/dev/ttyUSB*``), via pyserial.

A serial scanner sends each code as ASCII followed by CR, LF or CRLF, whatever its
suffix setting: any of them ends a line, and empty lines are skipped. There is no
keyboard layout to guess. Unplugging makes pyserial raise SerialException; the source
then closes the port and reopens it every ``reopen_interval_s`` until it is back.
"""

from __future__ import annotations

import contextlib
import logging
import re
import threading
import time
from collections.abc import Callable

import serial

from device.sources.base import Emit, InputKind, SourceInput

log = logging.getLogger(__name__)

DEFAULT_BAUDRATE = 9600
DEFAULT_REOPEN_INTERVAL_S = 1.0
READ_TIMEOUT_S = 0.1
MAX_LINE_BYTES = 1024
_LINE_END = re.compile(rb"[\r\n]")


def open_port(port: str, baudrate: int) -> serial.Serial:
    """Open the port for this process alone (flock), with a short read timeout."""
    return serial.Serial(port, baudrate, timeout=READ_TIMEOUT_S, exclusive=True)


class SerialSource:
    """Lines from a serial scanner; survives unplug and replug."""

    def __init__(
        self,
        port: str,
        baudrate: int = DEFAULT_BAUDRATE,
        *,
        reopen_interval_s: float = DEFAULT_REOPEN_INTERVAL_S,
        open_serial: Callable[[str, int], serial.Serial] = open_port,
    ) -> None:
        self.name = f"serial:{port}"
        self._port = port
        self._baudrate = baudrate
        self._reopen_interval_s = reopen_interval_s
        self._open = open_serial

    def run(self, emit: Emit, stop: threading.Event) -> None:
        """Emit one BARCODE input per line until ``stop``; reopen the port when it vanishes."""
        waiting_logged = False
        while not stop.is_set():
            try:
                port = self._open(self._port, self._baudrate)
            except (serial.SerialException, OSError) as err:
                if not waiting_logged:
                    log.warning("%s: waiting for the scanner (%s)", self.name, err)
                    waiting_logged = True
                stop.wait(self._reopen_interval_s)
                continue
            waiting_logged = False
            log.info("%s: reading", self.name)
            try:
                self._read_until_gone(port, emit, stop)
            finally:
                # The device may be gone already; the descriptor is released anyway.
                with contextlib.suppress(serial.SerialException, OSError):
                    port.close()

    def _read_until_gone(self, port: serial.Serial, emit: Emit, stop: threading.Event) -> None:
        pending = b""
        while not stop.is_set():
            try:
                chunk = port.read(max(1, port.in_waiting))
            except (serial.SerialException, OSError) as err:
                log.warning("%s: scanner gone (%s); waiting for it to return", self.name, err)
                return
            if not chunk:
                continue
            pending += chunk
            *lines, pending = _LINE_END.split(pending)
            if len(pending) > MAX_LINE_BYTES:  # no line end in sight: junk, not a code
                lines.append(pending[:MAX_LINE_BYTES])
                pending = b""
            for line in lines:
                text = line[:MAX_LINE_BYTES].decode("utf-8", errors="replace")
                if text.strip():
                    emit(SourceInput(text, InputKind.BARCODE, self.name, time.monotonic()))
