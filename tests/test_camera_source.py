"""The camera source on real video files written with OpenCV from real barcode photos.

No camera can run here, so a video file stands in for one: read as a file (its own
timeline, every frame decoded, the source ends with it) or as a live device (the
grabber keeps only the newest frame; the end of the file is an unplug, after which the
source reopens it: a replug).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from pathlib import Path

import cv2
import numpy as np
import pytest

from device.sources.base import InputKind
from device.sources.camera import CameraSource, Frame, LatestFrame
from household.errors import CameraUnavailable

FPS = 10
CANVAS_WH = (480, 320)
EAN = ("zx_ean13-3_01.png", "9780764544200")  # a real 240 px phone crop of a book's code
QR = "zx_qrcode-3_01.png"


@pytest.fixture(scope="module")
def photos(shared_dir: Path) -> dict[str, np.ndarray]:
    dev = shared_dir / "barcodes" / "dev"
    return {name: cv2.imread(str(dev / name)) for name in (EAN[0], QR)}


def canvas() -> np.ndarray:
    return np.full((CANVAS_WH[1], CANVAS_WH[0], 3), 180, np.uint8)


def place(frame: np.ndarray, photo: np.ndarray, x: int, y: int = 40) -> np.ndarray:
    """Paste the photo with its left edge at x (part of it may be outside the frame)."""
    height, width = photo.shape[:2]
    left, right = max(x, 0), min(x + width, frame.shape[1])
    if right > left:
        frame[y : y + height, left:right] = photo[:, left - x : right - x]
    return frame


def write_video(path: Path, frames: list[np.ndarray]) -> Path:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), FPS, CANVAS_WH)
    assert writer.isOpened()
    for frame in frames:
        writer.write(frame)
    writer.release()
    return path


def scene(photos) -> list[np.ndarray]:
    """Empty, the code slides in, holds, blurs, holds, leaves for 2 s, comes back."""
    ean, qr = photos[EAN[0]], photos[QR]
    frames = [canvas() for _ in range(3)]
    frames += [place(canvas(), ean, x) for x in (480, 400, 320)]  # sliding in from the right
    frames += [place(canvas(), ean, 120 + dx) for dx in (0, 2, 4, 6, 8)]
    blurred = cv2.GaussianBlur(place(canvas(), ean, 120), (0, 0), 6)
    frames += [blurred] * 5  # 0.5 s of motion blur: unreadable, but the code never left
    frames += [place(canvas(), ean, 120) for _ in range(3)]
    frames += [place(canvas(), qr, 120)]  # a single frame of another code: never accepted
    frames += [canvas() for _ in range(20)]  # gone for 2 s
    frames += [place(canvas(), ean, 200) for _ in range(4)]  # shown again: a second item
    frames += [canvas() for _ in range(2)]
    return frames


def run_to_end(source: CameraSource, timeout_s: float = 60) -> list:
    emitted = []
    stop = threading.Event()
    thread = threading.Thread(target=source.run, args=(emitted.append, stop))
    thread.start()
    thread.join(timeout_s)
    stop.set()
    assert not thread.is_alive(), "the source did not end with its video file"
    return emitted


def test_a_video_file_is_debounced_on_its_own_timeline_and_ends(tmp_path, photos):
    frames = scene(photos)
    video = write_video(tmp_path / "scene.avi", frames)
    source = CameraSource(str(video))
    emitted = run_to_end(source)
    assert [(e.text, e.symbology, e.kind, e.source) for e in emitted] == [
        (EAN[1], "EAN13", InputKind.BARCODE, f"camera:{video}"),
        (EAN[1], "EAN13", InputKind.BARCODE, f"camera:{video}"),
    ]
    assert source.frames_decoded == len(frames)  # a file's frames are never dropped
    assert source.frames_dropped == 0


def test_a_missing_video_file_says_what_to_do(tmp_path):
    with pytest.raises(CameraUnavailable) as err:
        CameraSource(str(tmp_path / "nope.avi")).run(lambda _: None, threading.Event())
    assert str(err.value) == (
        f"Video file {tmp_path / 'nope.avi'} not found. Check the path, or give a camera "
        "index (0) or a device such as /dev/video0."
    )


def test_a_corrupt_video_file_is_refused(tmp_path):
    bad = tmp_path / "bad.avi"
    bad.write_bytes(b"RIFF\x00\x00\x00\x00AVI garbage" * 10)
    with pytest.raises(CameraUnavailable, match="cannot be read: OpenCV does not recognise it"):
        CameraSource(str(bad)).run(lambda _: None, threading.Event())


def test_a_live_camera_survives_unplug_and_replug(tmp_path, photos, caplog):
    """The device is missing at start, appears, then its stream ends and it is reopened."""
    device = tmp_path / "video0.avi"
    held = [place(canvas(), photos[EAN[0]], 120) for _ in range(30)]
    emitted = []
    stop = threading.Event()
    source = CameraSource(str(device), live=True, retry_first_s=0.05, retry_max_s=0.2)

    def emit(item):
        emitted.append(item)

    with caplog.at_level(logging.WARNING, logger="device.sources.camera"):
        thread = threading.Thread(target=source.run, args=(emit, stop))
        thread.start()
        time.sleep(0.3)  # not plugged in yet: the source waits and retries
        staged = write_video(tmp_path / "staged.avi", held)
        os.replace(staged, device)  # plugged in
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not (
            emitted
            and "stopped delivering frames" in caplog.text
            and caplog.text.count("is back") >= 2
        ):
            time.sleep(0.05)
        stop.set()
        thread.join(10)
    assert not thread.is_alive()
    messages = [r.getMessage() for r in caplog.records]
    name = f"camera:{device}"
    assert messages[0] == (
        f"{name} cannot be opened (unplugged or in use?); retrying with pauses of up to 0.2 s"
    )
    assert f"{name} is back: reading barcodes again" in messages
    assert f"{name} stopped delivering frames (unplugged?); reopening it" in messages
    # held in view across the replug, so it counted once
    assert [e.text for e in emitted] == [EAN[1]]


def test_the_newest_frame_replaces_an_unread_one():
    slot = LatestFrame()
    never = threading.Event()
    for index in range(3):
        slot.put(Frame(np.zeros((1, 1), np.uint8), index), wait_until_taken=False, stop=never)
    assert slot.take(0.01).at == 2
    assert slot.dropped == 2
    assert slot.take(0.01) is None
    slot.close()
    assert slot.finished


def test_a_device_number_given_as_text_is_a_camera_index():
    source = CameraSource("0")
    assert (source.device, source.live, source.name) == (0, True, "camera:0")
    assert CameraSource("/dev/video2").live
    assert not CameraSource("kitchen.avi").live


def test_a_qr_code_in_video_is_emitted_without_a_gtin_symbology(tmp_path, photos):
    frames = [place(canvas(), photos[QR], 120) for _ in range(3)]
    emitted = run_to_end(CameraSource(str(write_video(tmp_path / "qr.avi", frames))))
    assert [(e.text, e.symbology) for e in emitted] == [
        (
            "http://arnaud.sahuguet.com/graffiti/test.php?ll=-74.00309961503218,40.74102573163046,0",
            None,
        )
    ]


def test_stop_ends_a_source_waiting_for_a_missing_camera(tmp_path):
    stop = threading.Event()
    source = CameraSource(str(tmp_path / "video9"), live=True, retry_first_s=5.0)
    thread = threading.Thread(target=source.run, args=(lambda _: None, stop))
    thread.start()
    time.sleep(0.2)
    started = time.monotonic()
    stop.set()
    thread.join(5)
    assert not thread.is_alive()
    assert time.monotonic() - started < 2.5  # well before the 5 s pause would end
