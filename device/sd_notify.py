"""Tell systemd how the daemon is doing (``Type=notify``): ready, alive, stopping.

The protocol is one datagram to the socket named in ``NOTIFY_SOCKET``; it needs no
library. Outside systemd (a terminal, the tests) the variable is unset and every call
is a no-op that returns False.
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Mapping


class Notifier:
    """Sends sd_notify messages to the socket systemd gave this process."""

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        environ = os.environ if environ is None else environ
        address = environ.get("NOTIFY_SOCKET", "")
        # "@name" is a socket in the abstract namespace, spelled with a NUL byte.
        self._address = "\0" + address[1:] if address.startswith("@") else address
        watchdog_usec = environ.get("WATCHDOG_USEC", "")
        watchdog_pid = environ.get("WATCHDOG_PID", "")
        mine = not watchdog_pid or watchdog_pid == str(os.getpid())
        usec = int(watchdog_usec) if watchdog_usec.isdigit() and mine else 0
        self.watchdog_interval_s: float | None = usec / 2e6 if usec else None
        """How often to ping (half the watchdog timeout), or None when there is none."""

    @property
    def enabled(self) -> bool:
        """Whether systemd is listening."""
        return bool(self._address)

    def notify(self, message: str) -> bool:
        """Send ``message`` (e.g. "READY=1"); False when not under systemd or it failed."""
        if not self._address:
            return False
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
                sock.connect(self._address)
                sock.sendall(message.encode())
        except OSError:
            return False  # systemd went away (shutdown); nothing useful to do about it
        return True

    def ready(self, status: str = "") -> bool:
        """Startup is done: the store is open and the sources run."""
        return self.notify("READY=1" + (f"\nSTATUS={status}" if status else ""))

    def watchdog(self) -> bool:
        """The main loop is alive."""
        return self.notify("WATCHDOG=1")

    def status(self, status: str) -> bool:
        """A one-line status for `systemctl status`."""
        return self.notify(f"STATUS={status}")

    def stopping(self) -> bool:
        """Shutdown has begun."""
        return self.notify("STOPPING=1")

    def reloading(self) -> bool:
        """A reload has begun (READY=1 follows when it is done)."""
        microseconds = time.clock_gettime_ns(time.CLOCK_MONOTONIC) // 1000
        return self.notify(f"RELOADING=1\nMONOTONIC_USEC={microseconds}")
