"""Codes at an angle: located by OpenCV's localiser, straightened, then decoded."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from device.barcode.cascade import PHOTO_STEPS, decode_gray, to_gray
from device.barcode.regions import MIN_LONG_SIDE_PX, find_regions, stack_regions, straighten

BOOK = ("zx_ean13-3_14.png", "9780596008574")  # a real 240 px phone crop of a book's code


@pytest.fixture(scope="module")
def book(shared_dir: Path) -> np.ndarray:
    return to_gray(cv2.imread(str(shared_dir / "barcodes" / "dev" / BOOK[0])))


def turned(gray: np.ndarray, degrees: float) -> np.ndarray:
    """The photo turned on a canvas grown to keep every corner (white around it)."""
    height, width = gray.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), degrees, 1.0)
    cos, sin = abs(matrix[0, 0]), abs(matrix[0, 1])
    size = (int(height * sin + width * cos), int(height * cos + width * sin))
    matrix[0, 2] += size[0] / 2 - width / 2
    matrix[1, 2] += size[1] / 2 - height / 2
    return np.ascontiguousarray(cv2.warpAffine(gray, matrix, size, borderValue=255))


def test_a_code_turned_30_degrees_is_read_from_its_straightened_region(book):
    result = decode_gray(turned(book, 30))
    assert [c.text for c in result.codes] == [BOOK[1]]
    assert result.step == "regions"


def test_without_the_regions_step_the_turned_code_is_missed(book):
    # without the turns either, nothing else reads it: the step is what does
    steps = tuple(step for step in PHOTO_STEPS if not step.name.startswith(REGIONS_OR_TURNS))
    assert decode_gray(turned(book, 30), steps).codes == ()


REGIONS_OR_TURNS = ("regions", "rotate")


def test_a_small_photo_is_turned_from_its_enlarged_copy(book):
    """Turned 15 degrees off the diagonal, the code reads once turned back 45 degrees from
    the 2x contrast copy (the regions step left out so that the turn is what reads it)."""
    steps = tuple(step for step in PHOTO_STEPS if step.name != "regions")
    result = decode_gray(turned(book, 30), steps)
    assert [c.text for c in result.codes] == [BOOK[1]]
    assert result.step in ("rotate+45", "rotate-45")


def test_a_small_region_is_enlarged_and_straightened(book):
    image = turned(book, 30)
    quads = find_regions(image)
    assert quads
    region_long_side = max(
        np.linalg.norm(quads[0][1] - quads[0][0]), np.linalg.norm(quads[0][2] - quads[0][1])
    )
    assert region_long_side < MIN_LONG_SIDE_PX  # a code from a 240 px photo: small
    crop = straighten(image, quads[0])
    assert crop is not None
    assert max(crop.shape) >= MIN_LONG_SIDE_PX


def test_a_blank_image_has_no_region():
    assert stack_regions(np.full((480, 640), 200, np.uint8)) is None
