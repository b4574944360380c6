"""The cascade's 2-D steps, on real dev photos softened the way a lens out of focus does."""

from __future__ import annotations

import csv
from pathlib import Path

import cv2
import numpy as np
import pytest

from device.barcode.cascade import (
    ENLARGE_2D_UP_TO,
    ENLARGED_2D,
    FRAME_BUDGET_S,
    FRAME_STEPS,
    PHOTO_STEPS,
    SHARPENED_2D,
    decode_gray,
    decode_image,
)
from device.barcode.engines import read_zxing, read_zxing_2d

CAN = ("zx_ean13-1_13.webp", "8413600298517")
TWO_D_STEPS = {SHARPENED_2D.name, ENLARGED_2D.name}
WITHOUT_2D_STEPS = tuple(step for step in PHOTO_STEPS if step.name not in TWO_D_STEPS)


def _dev_photo(shared_dir: Path, file: str) -> tuple[np.ndarray, str]:
    dev = shared_dir / "barcodes" / "dev"
    with open(dev / "truth.csv", newline="", encoding="utf-8") as f:
        truth = {row["file"]: row["text"] for row in csv.DictReader(f)}
    return cv2.imread(str(dev / file), cv2.IMREAD_GRAYSCALE), truth[file]


def _out_of_focus(gray: np.ndarray, radius: float) -> np.ndarray:
    """A defocused lens spreads each point over a disc (not the Gaussian the steps undo)."""
    size = 2 * int(np.ceil(radius)) + 1
    yy, xx = np.mgrid[:size, :size] - size // 2
    disc = (yy**2 + xx**2 <= radius**2).astype(np.float32)
    return cv2.filter2D(gray, -1, disc / disc.sum())


def _held_away(gray: np.ndarray) -> np.ndarray:
    """The photo at half size in a 1280x960 webcam frame: modules of about 2 px."""
    frame = np.full((960, 1280), 150, np.uint8)
    small = cv2.resize(gray, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    frame[300 : 300 + small.shape[0], 500 : 500 + small.shape[1]] = small
    return frame


def test_a_softened_datamatrix_is_read_once_sharpened(shared_dir: Path):
    photo, text = _dev_photo(shared_dir, "zx_datamatrix-2_10.png")
    soft = _out_of_focus(photo, 3)
    assert decode_image(soft, WITHOUT_2D_STEPS).codes == ()
    result = decode_image(soft)
    assert [c.text for c in result.codes] == [text]
    assert result.step == SHARPENED_2D.name


def test_a_small_soft_qr_code_in_a_webcam_frame_is_read_from_the_enlarged_copy(
    shared_dir: Path,
):
    photo, text = _dev_photo(shared_dir, "zx_qrcode-3_07.png")
    frame = _out_of_focus(_held_away(photo), 1)
    assert decode_image(frame, WITHOUT_2D_STEPS).codes == ()
    result = decode_image(frame)
    assert [c.text for c in result.codes] == [text]
    assert result.step == ENLARGED_2D.name


def test_the_2d_reader_never_reports_a_retail_code(shared_dir: Path):
    photo, _text = _dev_photo(shared_dir, CAN[0])
    # the 2-D steps sharpen hard: only error-corrected payloads may come out of them
    assert [r.text for r in read_zxing(photo)] == [CAN[1]]
    assert read_zxing_2d(photo) == []
    assert read_zxing_2d(SHARPENED_2D.transform(photo)) == []


@pytest.mark.parametrize("long_side", [640, ENLARGE_2D_UP_TO + 1])
def test_only_a_large_image_up_to_the_limit_is_enlarged(long_side: int):
    # a small image was enlarged by "2-D sharpened" already; a larger one would cost more
    # than the look at full size
    image = np.full((long_side * 3 // 4, long_side), 200, np.uint8)
    assert ENLARGED_2D.transform(image) is None
    frame = np.full((960, 1280), 200, np.uint8)
    assert ENLARGED_2D.transform(frame).shape == (1920, 2560)


def test_a_camera_frame_walks_the_2d_steps_too(shared_dir: Path):
    photo, text = _dev_photo(shared_dir, "zx_qrcode-3_07.png")
    frame = _out_of_focus(_held_away(photo), 1)
    # a clock that never moves: what the frame cascade reads, not how fast this machine is
    result = decode_gray(frame, FRAME_STEPS, budget_s=FRAME_BUDGET_S, clock=lambda: 0.0)
    assert [c.text for c in result.codes] == [text]
    assert result.step == ENLARGED_2D.name
