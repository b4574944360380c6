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
    the 2x contrast copy (the regions steps left out so that the turn is what reads it)."""
    steps = tuple(step for step in PHOTO_STEPS if not step.name.startswith("regions"))
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


CONTRAST_RESCUED = [
    ("zx_upce-2_14.png", "04963406"),
    ("zx_ean13-1_34.webp", "9781558604971"),
]
"""Real dev photos whose straightened region reads only once contrast-equalised."""


@pytest.mark.parametrize(("name", "text"), CONTRAST_RESCUED)
def test_a_region_in_uneven_light_reads_once_equalised(shared_dir, name, text):
    gray = to_gray(cv2.imread(str(shared_dir / "barcodes" / "dev" / name)))
    late = ("regions+clahe", "scanlines")
    without = tuple(step for step in PHOTO_STEPS if not step.name.startswith(late))
    assert decode_gray(gray, without).codes == ()
    result = decode_gray(gray)
    assert [c.text for c in result.codes] == [text]
    assert result.step == "regions+clahe"


def _in_a_webcam_frame(gray: np.ndarray) -> np.ndarray:
    """The photo enlarged 1.5x on a smooth 1280x960 background: a code in a wider view."""
    rng = np.random.default_rng(5)
    noise = np.clip(rng.normal(150, 40, (960, 1280)), 0, 255).astype(np.uint8)
    frame = cv2.GaussianBlur(noise, (0, 0), 4)
    code = cv2.resize(gray, None, fx=1.5, fy=1.5, interpolation=cv2.INTER_CUBIC)
    frame[300 : 300 + code.shape[0], 600 : 600 + code.shape[1]] = code
    return frame


def test_a_large_image_is_searched_for_regions_before_it_is_read_whole(book):
    """zbar on a whole 1280 px frame costs about 24 ms, the localiser and a small sheet
    a third of that: in a large frame the regions come first (after the half-size look)."""
    result = decode_gray(_in_a_webcam_frame(book))
    assert [c.text for c in result.codes] == [BOOK[1]]
    assert result.step == "regions"
    assert {obs.step for obs in result.observations} == {"regions"}


def test_a_small_photo_is_read_whole_before_regions_are_searched(book):
    result = decode_gray(book)
    assert [c.text for c in result.codes] == [BOOK[1]]
    assert result.step == "as-is"
