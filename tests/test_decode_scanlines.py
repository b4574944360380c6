"""The voting scan-line reader: synthetic codes it must read or refuse, and real photos."""

from __future__ import annotations

import csv
from pathlib import Path

import cv2
import numpy as np
import pytest

from device.barcode.cascade import (
    PHOTO_STEPS,
    SCANLINES,
    SCANLINES_FULL_SIZE,
    decode_gray,
    to_gray,
)
from device.barcode.confirm import (
    CLEAN_SCANLINES_PER_WIDTH,
    CLEAN_SCANLINES_PX,
    confirm,
    observe,
)
from device.barcode.engines import Engine, Format, RawRead, read_zbar, read_zxing
from device.barcode.scanlines import read_scanlines
from household.gtin import compute_check_digit

# The printed patterns, written out here as in the GS1 tables (1 = bar), independently of
# the widths in ean_symbology.py that the reader uses.
L_CODES = [
    "0001101",
    "0011001",
    "0010011",
    "0111101",
    "0100011",
    "0110001",
    "0101111",
    "0111011",
    "0110111",
    "0001011",
]
R_CODES = ["".join("1" if bit == "0" else "0" for bit in code) for code in L_CODES]
G_CODES = [code[::-1] for code in R_CODES]
EAN13_SETS = [
    "LLLLLL",
    "LLGLGG",
    "LLGGLG",
    "LLGGGL",
    "LGLLGG",
    "LGGLLG",
    "LGGGLL",
    "LGLGLG",
    "LGLGGL",
    "LGGLGL",
]
UPCE_SETS_NS0 = [
    "GGGLLL",
    "GGLGLL",
    "GGLLGL",
    "GGLLLG",
    "GLGGLL",
    "GLLGGL",
    "GLLLGG",
    "GLGLGL",
    "GLGLLG",
    "GLLGLG",
]


def _left(digit: str, parity: str) -> str:
    return (L_CODES if parity == "L" else G_CODES)[int(digit)]


def ean13_modules(code: str) -> str:
    """The 95 modules of an EAN-13 (a UPC-A is one with a leading 0)."""
    sets = EAN13_SETS[int(code[0])]
    left = "".join(_left(d, p) for d, p in zip(code[1:7], sets, strict=True))
    right = "".join(R_CODES[int(d)] for d in code[7:])
    return "101" + left + "01010" + right + "101"


def ean8_modules(code: str) -> str:
    """The 67 modules of an EAN-8."""
    left = "".join(L_CODES[int(d)] for d in code[:4])
    right = "".join(R_CODES[int(d)] for d in code[4:])
    return "101" + left + "01010" + right + "101"


def upce_modules(code: str) -> str:
    """The 51 modules of a UPC-E (8 digits: number system, six digits, check digit)."""
    sets = UPCE_SETS_NS0[int(code[7])]
    if code[0] == "1":
        sets = sets.translate(str.maketrans("LG", "GL"))
    return "101" + "".join(_left(d, p) for d, p in zip(code[1:7], sets, strict=True)) + "010101"


def render(modules: str, module_px: int = 3, height: int = 150, blur: float = 0.8) -> np.ndarray:
    """The code as a grey photo: dark bars on light, a quiet zone, a little blur."""
    row = np.array([0] * 12 + [int(m) for m in modules] + [0] * 12)
    line = np.where(np.repeat(row, module_px) == 1, 35, 215).astype(np.uint8)
    image = np.pad(np.tile(line, (height, 1)), 30, constant_values=215)
    return cv2.GaussianBlur(image, (0, 0), blur) if blur else image


def with_check(body: str) -> str:
    return body + compute_check_digit(body)


def texts(image: np.ndarray) -> list[str]:
    return [read.text for read in read_scanlines(image)]


@pytest.mark.parametrize("leading", "0123456789")
def test_every_leading_digit_and_every_digit_in_each_set_reads(leading):
    # each code's left half runs through the L/G sets of one leading digit, and digits
    # 0-9 appear on both halves across the ten codes
    digits = "0123456789" * 2
    start = int(leading)
    code = with_check(leading + digits[start : start + 6] + digits[start + 3 : start + 8])
    assert texts(render(ean13_modules(code))) == [code]


def test_a_upc_a_reads_as_the_ean13_with_a_leading_zero():
    code = with_check("03600029145")  # UPC-A 036000291452
    assert texts(render(ean13_modules("0" + code))) == ["0" + code]


def test_an_ean8_reads():
    code = with_check("9638507")
    assert texts(render(ean8_modules(code))) == [code]


@pytest.mark.parametrize("code", ["04252614", "01234565", "12345670"])
def test_a_upce_reads_with_its_number_system_and_check_digit_from_the_parities(code):
    assert texts(render(upce_modules(code))) == [code]


def test_an_upside_down_code_reads():
    code = with_check("590123412345")
    assert texts(render(ean13_modules(code))[:, ::-1]) == [code]


def digit_span_px(position: int, module_px: int = 3) -> tuple[int, int]:
    """Where digit 1-12 of an EAN-13 drawn by ``render`` lies across the image."""
    first_module = 3 + 7 * (position - 1) if position <= 6 else 50 + 7 * (position - 7)
    left = 30 + (12 + first_module) * module_px
    return left, left + 7 * module_px


def glared(image: np.ndarray, hidden: list[list[int]]) -> np.ndarray:
    """Wash out different digits in each horizontal slice of the image, as glare would."""
    out = image.copy()
    slice_height = out.shape[0] // len(hidden)
    for n, digits in enumerate(hidden):
        rows = slice(n * slice_height, (n + 1) * slice_height)
        for position in digits:
            left, right = digit_span_px(position)
            out[rows, left:right] = 250
    return out


def test_glare_hiding_different_digits_on_different_lines_is_read_by_voting():
    code = with_check("400638133393")
    # every scan line loses two digits of each half (zbar joins halves read on different
    # lines, so both halves must suffer), but each digit is whole on two lines in three
    image = glared(render(ean13_modules(code)), [[1, 2, 7, 8], [3, 4, 9, 10], [5, 6, 11, 12]])
    assert texts(image) == [code]
    # the single-line decoders cannot read it: no line holds a whole half
    assert read_zbar(image) == []
    assert read_zxing(image) == []


def test_a_code_whose_check_digit_fails_is_not_reported():
    code = with_check("400638133393")
    wrong = code[:-1] + str((int(code[-1]) + 1) % 10)
    assert texts(render(ean13_modules(code))) == [code]
    assert texts(render(ean13_modules(wrong))) == []


def test_split_votes_report_nothing():
    # two valid codes with the same geometry, differing in two digits: half the lines
    # vote for each, so no position that differs has a clear winner
    first = with_check("400638133393")
    second = with_check("400638177393")
    top = render(ean13_modules(first), height=80)
    bottom = render(ean13_modules(second), height=80)
    assert (texts(top), texts(bottom)) == ([first], [second])
    assert texts(np.vstack([top, bottom])) == []


def test_noise_and_blank_images_give_nothing():
    rng = np.random.default_rng(7)
    noise = rng.integers(0, 256, (480, 640), dtype=np.uint8)
    stripes = np.tile(np.where(rng.random(640) < 0.5, 30, 220).astype(np.uint8), (480, 1))
    assert texts(noise) == []
    assert texts(cv2.GaussianBlur(noise, (0, 0), 1.5)) == []
    assert texts(stripes) == []
    assert texts(np.full((480, 640), 200, np.uint8)) == []


def test_a_read_stands_alone_only_with_votes_over_much_of_the_code():
    width_px = 300
    enough = max(CLEAN_SCANLINES_PX, round(CLEAN_SCANLINES_PER_WIDTH * width_px))
    strong = observe(
        RawRead(Format.EAN13, "4006381333931", Engine.SCANLINES, enough, width_px), "s"
    )
    weak = observe(
        RawRead(Format.EAN13, "4006381333931", Engine.SCANLINES, enough - 2, width_px), "s"
    )
    assert [c.text for c in confirm([strong])] == ["4006381333931"]
    assert confirm([weak]) == []
    # a weak vote still confirms a code another engine read
    zxing_read = observe(RawRead(Format.EAN13, "4006381333931", Engine.ZXING, 0), "as-is")
    assert [c.text for c in confirm([zxing_read, weak])] == ["4006381333931"]


def _truth(shared_dir: Path) -> dict[str, str]:
    with open(shared_dir / "barcodes" / "dev" / "truth.csv", newline="", encoding="utf-8") as f:
        return {row["file"]: row["text"] for row in csv.DictReader(f)}


RESCUED = ["zx_ean13-4_08.png"]
"""Dev photos that only the scan-line step reads (bench/bench_decode.py lists them; two
more it read are now read earlier by the contrast copy of the regions,
tests/test_decode_regions.py)."""


@pytest.mark.parametrize("name", RESCUED)
def test_real_photos_the_other_engines_miss_are_read_by_the_scanline_step(shared_dir, name):
    truth = _truth(shared_dir)[name]
    gray = to_gray(cv2.imread(str(shared_dir / "barcodes" / "dev" / name)))
    without = tuple(step for step in PHOTO_STEPS if step not in (SCANLINES, SCANLINES_FULL_SIZE))
    assert decode_gray(gray, without).codes == ()
    result = decode_gray(gray)
    assert [c.text for c in result.codes] == [truth]
    assert result.step == "scanlines"


def test_photos_without_a_code_give_no_scanline_read(shared_dir):
    dev = shared_dir / "barcodes" / "dev"
    names = sorted(name for name, text in _truth(shared_dir).items() if "falsepositives" in name)
    assert names
    for name in names:
        assert read_scanlines(to_gray(cv2.imread(str(dev / name)))) == [], name
