"""The decoders as restock calls them, on a real photo (shared/barcodes/dev)."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from device.barcode.engines import SPARSE_SCAN_SIDE, read_zbar

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
