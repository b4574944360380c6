"""Second looks at a single photo that read nothing: full size, then the red channel."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from device.barcode.cascade import (
    FULL_RESOLUTION_STEPS,
    RED_CHANNEL_STEPS,
    decode_gray,
    decode_image,
    red_channel,
    to_gray,
)
from device.barcode.engines import Format

BOOK = ("zx_ean13-3_14.png", "9780596008574")  # a real 240 px phone crop of a book's code
RED_PACK = (40, 40, 230)  # BGR
GREEN_INK = (60, 130, 20)  # BGR: grey level 89 on a pack of 96, dark under red light


@pytest.fixture(scope="module")
def book(shared_dir: Path) -> np.ndarray:
    return to_gray(cv2.imread(str(shared_dir / "barcodes" / "dev" / BOOK[0])))


def printed_on(gray: np.ndarray, pack: tuple[int, int, int], ink: tuple[int, int, int]):
    """The photo's light and dark recoloured as a pack and an ink colour (BGR)."""
    light = (gray.astype(np.float32) / 255)[..., None]
    return (light * np.float32(pack) + (1 - light) * np.float32(ink)).astype(np.uint8)


def test_bars_as_grey_as_their_red_pack_are_read_in_the_red_channel(book):
    photo = printed_on(book, RED_PACK, GREEN_INK)
    assert decode_gray(to_gray(photo)).codes == ()  # grey alone cannot tell bars from pack
    result = decode_image(photo)
    assert [c.text for c in result.codes] == [BOOK[1]]


def test_a_large_colour_photo_gets_the_red_look_at_full_size_too(book):
    """A code too small once scaled to 1280 px, in bars grey levels flatten: only the red
    channel at the photo's own resolution reads it."""
    noise = np.random.default_rng(5).normal(150, 40, (1800, 2600))
    pack_art = cv2.GaussianBlur(np.clip(noise, 0, 255).astype(np.uint8), (0, 0), 4)
    photo = printed_on(pack_art, RED_PACK, GREEN_INK)
    code = printed_on(book, RED_PACK, GREEN_INK)
    photo[700 : 700 + code.shape[0], 1200 : 1200 + code.shape[1]] = code
    assert decode_gray(to_gray(photo, None)).codes == ()
    assert decode_gray(to_gray(red_channel(photo)), RED_CHANNEL_STEPS).codes == ()
    result = decode_image(photo)
    assert [c.text for c in result.codes] == [BOOK[1]]


def test_a_grey_photo_has_no_red_channel_to_look_at(book, tmp_path):
    # cv2.imread gives three equal channels for a grey file: looking again would be waste
    path = tmp_path / "grey.png"
    cv2.imwrite(str(path), book)
    photo = cv2.imread(str(path))
    assert photo.ndim == 3
    assert red_channel(photo) is None
    assert red_channel(book) is None


def test_the_red_channel_is_the_last_of_bgr_and_bgra():
    bgra = np.zeros((4, 4, 4), np.uint8)
    bgra[..., 2] = 200
    bgra[..., 3] = 255
    assert red_channel(bgra).tolist() == [[200] * 4] * 4
    assert red_channel(bgra[..., :3]).tolist() == [[200] * 4] * 4


def test_a_soft_qr_code_in_a_large_photo_reads_sharpened_at_full_size(shared_dir):
    """A real QR photo softened by the lens and small in an 8 MP photo: scaled to 1280 px
    its modules merge, and at full size only the sharpened look reads it."""
    qr = to_gray(cv2.imread(str(shared_dir / "barcodes" / "dev" / "zx_qrcode-3_01.png")))
    noise = np.random.default_rng(5).normal(150, 40, (2400, 3200))
    photo = cv2.GaussianBlur(np.clip(noise, 0, 255).astype(np.uint8), (0, 0), 4)
    photo[200:440, 300:540] = cv2.GaussianBlur(qr, (0, 0), 2.0)
    unsharpened = tuple(s for s in FULL_RESOLUTION_STEPS if s.name not in ("sharpen", "adaptive"))
    assert decode_gray(to_gray(photo)).codes == ()
    assert decode_gray(to_gray(photo, None), unsharpened).codes == ()
    result = decode_image(photo)
    assert [c.format for c in result.codes] == [Format.QR]
    assert result.step == "sharpen"
