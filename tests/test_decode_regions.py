"""Codes at an angle: located by OpenCV's localiser, straightened, then decoded."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from device.barcode.cascade import PHOTO_STEPS, decode_gray, to_gray
from device.barcode.confirm import CLEAN_ZBAR_QUALITY, CLEAN_ZBAR_SPAN_PX
from device.barcode.engines import read_zbar
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


def _tilted_away(gray: np.ndarray, degrees: float) -> np.ndarray:
    """The photo as a camera sees it turned ``degrees`` about its vertical axis: one side
    farther away, its bars narrowing towards it (a pinhole camera, focal length 1.2x)."""
    height, width = gray.shape
    focal = 1.2 * max(width, height)
    angle = np.radians(degrees)
    corners = np.float32([[0, 0], [width, 0], [width, height], [0, height]])
    seen = []
    for x, y in corners - (width / 2, height / 2):
        depth = x * np.sin(angle) + focal
        seen.append((focal * x * np.cos(angle) / depth, focal * y / depth))
    seen = np.float32(seen)
    seen -= seen.min(axis=0)
    size = tuple(int(v) + 1 for v in seen.max(axis=0))
    matrix = cv2.getPerspectiveTransform(corners, seen)
    return cv2.warpPerspective(gray, matrix, size, flags=cv2.INTER_CUBIC, borderValue=255)


def test_a_code_pieced_together_from_halves_is_not_taken_as_a_clean_read(shared_dir: Path):
    """A real UPC-A, tilted 40 degrees and small in a 1600 px photo seen at 1280 px:
    zbar read the straightened region as 036602301481 on 45 lines that all ended at the
    centre guard, halves pieced together. Counted as clean, it was reported."""
    photo_file = shared_dir / "barcodes" / "dev" / "zx_upca-1_2.webp"
    label = _tilted_away(cv2.imread(str(photo_file), cv2.IMREAD_GRAYSCALE), 40)
    rng = np.random.default_rng(1)
    texture = cv2.GaussianBlur(rng.normal(0, 75, (1200, 1600)).astype(np.float32), (0, 0), 6)
    photo = np.clip(120 + texture, 0, 255).astype(np.uint8)
    scale = 400 / label.shape[1]  # a quarter of the photo's width
    small = cv2.resize(label, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    photo[300 : 300 + small.shape[0], 500 : 500 + small.shape[1]] = small
    _ok, jpeg = cv2.imencode(".jpg", photo, [cv2.IMWRITE_JPEG_QUALITY, 85])
    frame = cv2.resize(cv2.imdecode(jpeg, 0), (1280, 960), interpolation=cv2.INTER_AREA)
    pieced = [r for r in read_zbar(stack_regions(frame)) if r.text == "036602301481"]
    assert pieced and pieced[0].quality >= CLEAN_ZBAR_QUALITY
    assert pieced[0].width_px < CLEAN_ZBAR_SPAN_PX
    assert [c.text for c in decode_gray(frame).codes] in ([], ["036602301467"])
