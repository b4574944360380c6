"""The terminal or a pipe: each line is one input (a keyboard-wedge scanner types here).

Lines are read as bytes straight from the file descriptor and decoded leniently, so
binary junk becomes a refused input instead of stopping the daemon. A line longer than
``max_line_bytes`` is cut there and the rest of it skipped: it is never a barcode, and
it must not grow memory. Reading with ``select`` + ``os.read`` (not ``sys.stdin``) lets
the source see ``stop`` and never holds the interpreter's stdin lock at exit.
"""

from __future__ import annotations

import os
import select
import sys
import threading
import time

from device.sources.base import Emit, InputKind, SourceInput

MAX_LINE_BYTES = 1024
POLL_S = 0.2
READ_BYTES = 65536


class StdinSource:
    """Lines from a file descriptor (standard input by default)."""

    ends_daemon = True
    """The end of the terminal's input ends the daemon, whatever other sources run."""

    def __init__(
        self, fd: int | None = None, name: str = "stdin", max_line_bytes: int = MAX_LINE_BYTES
    ) -> None:
        self.name = name
        self._fd = sys.stdin.fileno() if fd is None else fd
        self._max = max_line_bytes

    def run(self, emit: Emit, stop: threading.Event) -> None:
        """Emit one TEXT input per non-empty line, until end of input or ``stop``."""
        pending = b""
        skipping = False  # inside the tail of an overlong line
        while not stop.is_set():
            ready, _, _ = select.select([self._fd], [], [], POLL_S)
            if not ready:
                continue
            chunk = os.read(self._fd, READ_BYTES)
            if not chunk:
                break
            *lines, pending = (pending + chunk).split(b"\n")
            for line in lines:
                if not skipping:
                    self._emit(line, emit)
                skipping = False
            if len(pending) > self._max:
                if not skipping:
                    self._emit(pending, emit)
                pending, skipping = b"", True
        if pending and not skipping and not stop.is_set():
            self._emit(pending, emit)  # a last line without its newline

    def _emit(self, line: bytes, emit: Emit) -> None:
        text = line[: self._max].decode("utf-8", errors="replace").rstrip("\r")
        if text.strip():
            emit(SourceInput(text, InputKind.TEXT, self.name, time.monotonic()))
