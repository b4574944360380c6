"""The decoders as restock calls them, on a real photo (shared/barcodes/dev)."""

from __future__ import annotations

import csv
from pathlib import Path

import cv2
import numpy as np

from device.barcode.cascade import PHOTO_STEPS, decode_image
from device.barcode.engines import (
    QUICK_ENGINES,
    SPARSE_SCAN_SIDE,
    read_zbar,
    read_zxing,
    read_zxing_quick,
)

CAN = ("zx_ean13-1_13.webp", "8413600298517")


def _enlarged_to(shared_dir: Path, file: str, width: int) -> np.ndarray:
    gray = cv2.imread(str(shared_dir / "barcodes" / "dev" / file), cv2.IMREAD_GRAYSCALE)
    height = round(gray.shape[0] * width / gray.shape[1])
    return cv2.resize(gray, (width, height), interpolation=cv2.INTER_CUBIC)


def test_zbar_scans_a_large_image_on_every_second_line_and_counts_lines_as_if_all(
    shared_dir: Path,
):
    frame = _enlarged_to(shared_dir, CAN[0], 1280)
    assert max(frame.shape) >= SPARSE_SCAN_SIDE
    (every_line,) = read_zbar(frame, scan_step=1)
    (sparse,) = read_zbar(frame)
    assert sparse.text == every_line.text == CAN[1]
    # half the lines, counted twice: neither all the lines (ratio 2) nor half (0.5)
    assert 0.8 < sparse.quality / every_line.quality < 1.25


def test_zbar_scans_every_line_of_a_small_image(shared_dir: Path):
    photo = _enlarged_to(shared_dir, CAN[0], SPARSE_SCAN_SIDE - 40)
    assert read_zbar(photo) == read_zbar(photo, scan_step=1)


def test_a_light_on_dark_qr_code_is_read_after_the_quick_first_looks(shared_dir: Path):
    dev = shared_dir / "barcodes" / "dev"
    with open(dev / "truth.csv", newline="", encoding="utf-8") as f:
        truth = {row["file"]: row["text"] for row in csv.DictReader(f)}
    file = "zx_qrcode-3_01.png"
    light_on_dark = 255 - cv2.imread(str(dev / file), cv2.IMREAD_GRAYSCALE)
    # the first steps skip zxing-cpp's inverted pass, which alone reads this...
    assert read_zxing_quick(light_on_dark) == []
    assert [r.text for r in read_zxing(light_on_dark)] == [truth[file]]
    # ...and a later step, which keeps every pass, still does
    result = decode_image(light_on_dark)
    assert [c.text for c in result.codes] == [truth[file]]
    assert result.step not in {step.name for step in PHOTO_STEPS if step.engines is QUICK_ENGINES}
