"""A code cut off by the frame: what its remaining bars pass for is never reported.

The left half of an EAN-13 whose first digit is 1 to 9, with its centre guard, has the
layout and parities of a UPC-E of number system 1, whose check digit then holds one
time in ten (``confirm.UPCE_NUMBER_SYSTEM``). A photo that cuts the code past its middle
is common in a kitchen: the product held too close, or half out of the camera's view.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
import zxingcpp

from device.barcode.cascade import decode_image
from device.barcode.engines import read_zxing

FRENCH_CAN = ("zx_ean13-1_14.webp", "3560070169443")  # a real phone photo of a can
ITS_LEFT_HALF = "15600703"  # what zxing-cpp reads from its left half


def test_a_real_photo_cut_past_the_middle_of_its_code_reports_nothing(shared_dir: Path):
    photo = cv2.imread(str(shared_dir / "barcodes" / "dev" / FRENCH_CAN[0]))
    assert [c.text for c in decode_image(photo).codes] == [FRENCH_CAN[1]]
    cut = np.ascontiguousarray(photo[:, : round(photo.shape[1] * 0.6)])
    gray = cv2.cvtColor(cut, cv2.COLOR_BGR2GRAY)
    assert ITS_LEFT_HALF in [read.text for read in read_zxing(gray)]  # the trap is there
    assert decode_image(cut).codes == ()


@pytest.mark.parametrize(
    ("file", "side_kept", "kept", "misread"),
    [
        ("zx_upca-2_25.png", "right", 0.65, "9711010200137"),  # zbar, one clean read
        ("zx_ean13-4_07.png", "right", 0.75, "7282480014989"),  # zbar, turned 45 degrees
        ("zx_ean13-3_53.png", "left", 0.55, "7538956619937"),  # zbar, regions+clahe
    ],
)
def test_a_misread_of_a_cut_code_in_a_prefix_issued_to_nobody_is_not_reported(
    shared_dir: Path, file, side_kept, kept, misread
):
    photo = cv2.imread(str(shared_dir / "barcodes" / "dev" / file))
    columns = round(photo.shape[1] * kept)
    cut = photo[:, -columns:] if side_kept == "right" else photo[:, :columns]
    result = decode_image(np.ascontiguousarray(cut))
    assert misread in [obs.code.text for obs in result.observations]  # the trap is there
    assert result.codes == ()


def printed_ean13(text: str, keep_modules: int | None = None) -> np.ndarray:
    """An EAN-13 from zxing-cpp's writer, 3 px per module, cut after ``keep_modules``."""
    symbol = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.EAN13)
    row = np.array(zxingcpp.write_barcode_to_image(symbol))[0]
    start = int(np.flatnonzero(row < 128)[0])  # the first bar of the start guard
    width = start + (95 if keep_modules is None else keep_modules)
    bars = np.repeat(row[None, :width], 60, axis=0)
    photo = np.full((100, width + 20), 255, np.uint8)
    photo[20:80, 20:] = bars
    return cv2.resize(photo, None, fx=3, fy=3, interpolation=cv2.INTER_NEAREST)


@pytest.mark.parametrize("past_the_middle", [1, 3, 7, 20])
def test_an_ean13_cut_past_its_middle_is_not_read_as_a_upce(past_the_middle):
    # 3521158171376: left half 521158 with parities LLGGGL, UPC-E 1-521158 check 3
    cut = printed_ean13("3521158171376", keep_modules=50 + past_the_middle)
    assert decode_image(cut).codes == ()


def test_the_same_ean13_whole_reads_as_itself():
    assert [c.text for c in decode_image(printed_ean13("3521158171376")).codes] == ["3521158171376"]
