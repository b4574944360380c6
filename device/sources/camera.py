"""The webcam as an input source: frames in, confirmed barcodes out.

Two threads: a grabber reads frames as fast as the camera gives them and keeps only the
newest (a decode that takes longer than a frame must not fall further and further
behind what is in front of the lens), and the caller's thread decodes that newest frame
and debounces the codes (``device.barcode.video``). A camera that is unplugged, or not
there yet, is reopened with a growing pause between tries, and the log says so once per
outage rather than on every try.

A live frame gets a time budget (``FRAME_BUDGET_S``): a frame holding no code would
otherwise walk the whole cascade while newer frames wait. A video file is read
differently: it has its own timeline, so every frame is decoded in full (no budget, so a
file gives the same codes on a fast or a busy machine) and the debounce runs on the
file's time; the source ends when the file does.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from device.barcode.cascade import FRAME_BUDGET_S, FRAME_STEPS, Step, decode_image
from device.barcode.video import DEFAULT_ABSENT_S, DEFAULT_FRAMES_NEEDED, Debouncer
from device.sources.base import Emit, InputKind, SourceInput
from household.errors import CameraUnavailable

log = logging.getLogger(__name__)

DEFAULT_WIDTH = 1280
DEFAULT_HEIGHT = 720
RETRY_FIRST_S = 0.5
"""Pause before the first reopen try; it doubles on each failure up to RETRY_MAX_S."""
RETRY_MAX_S = 10.0
GRABBER_JOIN_S = 5.0
"""How long stopping waits for the grabber thread's current read to return."""
FILE_FPS_FALLBACK = 25.0
"""Frame rate assumed for a video file that does not state one."""


@dataclass(frozen=True, slots=True)
class Frame:
    """One grabbed frame and when it was taken, in seconds on the source's clock."""

    image: np.ndarray
    at: float


class LatestFrame:
    """A one-frame mailbox between the grabber and the decoder.

    For a live camera a newer frame replaces one not yet taken (counted in ``dropped``);
    for a file the grabber waits until the frame was taken, so none is skipped.
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._frame: Frame | None = None
        self._closed = False
        self.dropped = 0

    def put(self, frame: Frame, *, wait_until_taken: bool, stop: threading.Event) -> None:
        """Offer a frame; with ``wait_until_taken``, block while the previous one is unread."""
        with self._cond:
            while wait_until_taken and self._frame is not None and not stop.is_set():
                self._cond.wait(0.1)
            if self._frame is not None:
                self.dropped += 1
            self._frame = frame
            self._cond.notify_all()

    def take(self, timeout_s: float) -> Frame | None:
        """The newest unread frame, or None after ``timeout_s`` or once closed and empty."""
        with self._cond:
            if self._frame is None and not self._closed:
                self._cond.wait(timeout_s)
            frame, self._frame = self._frame, None
            self._cond.notify_all()
            return frame

    def close(self) -> None:
        """No more frames will come (the grabber ended)."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    @property
    def finished(self) -> bool:
        """Closed and nothing left to take."""
        with self._cond:
            return self._closed and self._frame is None


def _pause(seconds: float, stopping: Callable[[], bool]) -> None:
    """Sleep, waking early (within 0.1 s) once ``stopping()`` is true."""
    deadline = time.monotonic() + seconds
    while not stopping() and (left := deadline - time.monotonic()) > 0:
        time.sleep(min(left, 0.1))


def _is_live(device: int | str) -> bool:
    """A device index or a /dev path is a camera; any other path is a video file."""
    return isinstance(device, int) or str(device).startswith("/dev/")


class CameraSource:
    """Barcodes read by a camera (device index or /dev/video path) or from a video file."""

    def __init__(
        self,
        device: int | str = 0,
        *,
        width: int = DEFAULT_WIDTH,
        height: int = DEFAULT_HEIGHT,
        frames_needed: int = DEFAULT_FRAMES_NEEDED,
        absent_s: float = DEFAULT_ABSENT_S,
        steps: Sequence[Step] = FRAME_STEPS,
        frame_budget_s: float | None = FRAME_BUDGET_S,
        live: bool | None = None,
        clock: Callable[[], float] = time.monotonic,
        retry_first_s: float = RETRY_FIRST_S,
        retry_max_s: float = RETRY_MAX_S,
    ) -> None:
        if isinstance(device, str) and device.isdigit():
            device = int(device)  # "0" from a config file or the command line is an index
        self.device = device
        self.name = f"camera:{device}"
        self.width = width
        self.height = height
        self.frames_needed = frames_needed
        self.absent_s = absent_s
        self.steps = tuple(steps)
        self.frame_budget_s = frame_budget_s
        self.live = _is_live(device) if live is None else live
        self.clock = clock
        self.retry_first_s = retry_first_s
        self.retry_max_s = retry_max_s
        self.frames_decoded = 0
        self.frames_dropped = 0
        self._grabber_error: Exception | None = None

    def run(self, emit: Emit, stop: threading.Event) -> None:
        """Emit each barcode as it is accepted, until ``stop`` is set or the file ends."""
        if not self.live and not Path(self.device).is_file():
            raise CameraUnavailable(
                f"Video file {self.device} not found. Check the path, or give a camera "
                "index (0) or a device such as /dev/video0."
            )
        slot = LatestFrame()
        done = threading.Event()
        self._grabber_error = None
        grabber = threading.Thread(
            target=self._grab, args=(slot, stop, done), name=f"{self.name} grabber", daemon=True
        )
        grabber.start()
        debouncer: Debouncer = Debouncer(self.frames_needed, self.absent_s)
        try:
            while not stop.is_set() and not slot.finished:
                frame = slot.take(timeout_s=0.2)
                if frame is None:
                    continue
                # a live frame without a code must not hold up the newer ones for long; a
                # file has its own timeline and waits for each decode, so no budget there
                budget_s = self.frame_budget_s if self.live else None
                result = decode_image(frame.image, self.steps, budget_s=budget_s)
                self.frames_decoded += 1
                for code in debouncer.update(result.codes, frame.at):
                    emit(
                        SourceInput(
                            text=code.text,
                            kind=InputKind.BARCODE,
                            source=self.name,
                            received_at=time.monotonic(),
                            # only 1-D names are GTIN symbologies; Gtin.parse takes the hint
                            symbology=str(code.format) if code.format.is_linear else None,
                        )
                    )
        finally:
            done.set()
            grabber.join(GRABBER_JOIN_S)
            if grabber.is_alive():
                # a V4L2 read can block for seconds on a device being unplugged; the
                # thread is a daemon and ends with the read, so do not hold the stop
                log.warning("%s: the frame reader is still blocked; leaving it", self.name)
            self.frames_dropped = slot.dropped
        if self._grabber_error is not None:
            raise self._grabber_error

    def _open(self) -> cv2.VideoCapture | None:
        capture = cv2.VideoCapture(self.device)
        if not capture.isOpened():
            capture.release()
            return None
        if self.live:
            capture.set(cv2.CAP_PROP_FRAME_WIDTH, self.width)
            capture.set(cv2.CAP_PROP_FRAME_HEIGHT, self.height)
            # frames queued in the driver are stale by the time we would decode them
            capture.set(cv2.CAP_PROP_BUFFERSIZE, 1)
        return capture

    def _grab(self, slot: LatestFrame, stop: threading.Event, done: threading.Event) -> None:
        try:
            self._grab_frames(slot, stop, done)
        except Exception as err:  # handed to run(), which raises it: not lost in a thread
            self._grabber_error = err
        finally:
            slot.close()

    def _grab_frames(self, slot: LatestFrame, stop: threading.Event, done: threading.Event):
        def stopping() -> bool:
            return stop.is_set() or done.is_set()

        capture = None
        pause_s = self.retry_first_s
        outage = False
        index = 0
        fps = FILE_FPS_FALLBACK
        while not stopping():
            if capture is None:
                capture = self._open()
                if capture is None:
                    if not self.live:
                        raise CameraUnavailable(
                            f"Video file {self.device} cannot be read: OpenCV does not "
                            "recognise it. Convert it to MJPEG AVI or MP4."
                        )
                    if not outage:
                        log.warning(
                            "%s cannot be opened (unplugged or in use?); "
                            "retrying with pauses of up to %g s",
                            self.name,
                            self.retry_max_s,
                        )
                        outage = True
                    _pause(pause_s, stopping)
                    pause_s = min(pause_s * 2, self.retry_max_s)
                    continue
                if outage:
                    log.warning("%s is back: reading barcodes again", self.name)
                    outage = False
                pause_s = self.retry_first_s
                fps = capture.get(cv2.CAP_PROP_FPS) or FILE_FPS_FALLBACK
            ok, image = capture.read()
            if not ok:
                capture.release()
                capture = None
                if not self.live:
                    return  # the video ended
                log.warning("%s stopped delivering frames (unplugged?); reopening it", self.name)
                outage = True
                continue
            at = self.clock() if self.live else index / fps
            index += 1
            slot.put(Frame(image, at), wait_until_taken=not self.live, stop=done)
        if capture is not None:
            capture.release()
