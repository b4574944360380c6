"""Decoding real photographs (shared/barcodes/dev) through the whole cascade.

The default run decodes every third dev photo (about 160, a few seconds) plus every
photo without a code; ``bench/bench_decode.py`` measures the full set.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import pytest

from device.barcode.cascade import decode_image
from device.barcode.engines import Format
from household.gtin import Gtin


@dataclass(frozen=True)
class Case:
    file: str
    format: str
    text: str


def identity(fmt: str, text: str) -> str:
    """Compare retail codes as GTINs (UPC-A = 0 + 12 digits), 2-D codes by payload."""
    if fmt in ("QR", "DATAMATRIX"):
        return f"{fmt}:{text}"
    return Gtin.parse(text, fmt).digits


def load_cases(shared_dir: Path) -> list[Case]:
    with open(shared_dir / "barcodes" / "dev" / "truth.csv", newline="", encoding="utf-8") as f:
        return sorted((Case(**row) for row in csv.DictReader(f)), key=lambda c: c.file)


@pytest.fixture(scope="module")
def dev(shared_dir: Path) -> Path:
    return shared_dir / "barcodes" / "dev"


@pytest.fixture(scope="module")
def sample(shared_dir: Path, dev: Path) -> dict[Case, list[str]]:
    """Every third photo with a code, decoded once: case -> identities reported."""
    cases = [c for c in load_cases(shared_dir) if c.format != "NONE"][::3]
    results = {}
    for case in cases:
        codes = decode_image(cv2.imread(str(dev / case.file))).codes
        results[case] = [identity(code.format, code.text) for code in codes]
    return results


def test_the_sample_covers_every_format(sample):
    assert {case.format for case in sample} == {"EAN13", "EAN8", "UPCA", "UPCE", "QR", "DATAMATRIX"}


def test_read_rate_on_the_sample_is_above_the_floor(sample):
    read = sum(identity(c.format, c.text) in got for c, got in sample.items())
    print(f"read {read}/{len(sample)} = {read / len(sample):.1%}")
    # pyzbar alone reads 70.7% of dev; ours 125/149 (83.9%) of this sample, 85% of the full
    # set; the floor leaves about four photos of margin for other library builds
    assert read / len(sample) >= 0.81, f"read {read}/{len(sample)}"


def test_no_wrong_code_is_ever_reported(sample):
    wrong = {
        case.file: got
        for case, got in sample.items()
        if got and identity(case.format, case.text) not in got
    }
    assert wrong == {}


def test_the_upca4_label_both_engines_misread_is_never_reported_wrong(shared_dir, dev):
    # zbar and zxing-cpp agree on 9074932437075 for this label (printed 023942431015):
    # bars read a module thin. The smoothed cross-check must keep that code out.
    cases = [c for c in load_cases(shared_dir) if c.file.startswith("zx_upca-4_")]
    assert {c.text for c in cases if c.file in ("zx_upca-4_1.webp", "zx_upca-4_7.webp")} == {
        "023942431015"
    }
    wrong = {}
    for case in cases:
        got = [
            identity(c.format, c.text) for c in decode_image(cv2.imread(str(dev / case.file))).codes
        ]
        if got and identity(case.format, case.text) not in got:
            wrong[case.file] = got
    assert wrong == {}


@pytest.mark.parametrize("file", ["zx_upca-4_1.webp", "zx_upca-4_7.webp"])
def test_the_upca4_misread_stays_out_in_shade_too(dev, file):
    """Darkened towards the left, as under a cupboard: zbar and OpenCV (4_1), or zbar and
    zxing-cpp (4_7), agree on the misread; contested or cross-checked, it is not reported."""
    gray = cv2.imread(str(dev / file), cv2.IMREAD_GRAYSCALE)
    shaded = (gray * np.linspace(0.35, 1.0, gray.shape[1])[None, :]).astype(np.uint8)
    codes = [c.text for c in decode_image(shaded).codes]
    assert "9074932437075" not in codes
    assert codes in ([], ["023942431015"])


def test_photos_without_a_code_report_nothing(shared_dir, dev):
    nones = [c for c in load_cases(shared_dir) if c.format == "NONE"]
    assert len(nones) == 25
    found = {c.file: decode_image(cv2.imread(str(dev / c.file))).codes for c in nones}
    assert {file: codes for file, codes in found.items() if codes} == {}


@pytest.mark.parametrize(
    ("file", "fmt", "text"),
    [
        ("zx_ean13-1_1.webp", Format.EAN13, "8413000065504"),
        ("zx_upca-1_10.webp", Format.UPCA, "027011006951"),
        ("zx_upce-2_01.png", Format.UPCE, "05096893"),
        ("zx_datamatrix-2_01.png", Format.DATAMATRIX, "http://google.com/m"),
    ],
)
def test_each_symbology_reads_in_its_printed_form(dev, file, fmt, text):
    result = decode_image(cv2.imread(str(dev / file)))
    assert [(c.format, c.text) for c in result.codes] == [(fmt, text)]


def test_ean8_and_qr_read_exactly(shared_dir, dev):
    cases = load_cases(shared_dir)
    for fmt in ("EAN8", "QR"):
        case = next(c for c in cases if c.format == fmt)
        codes = decode_image(cv2.imread(str(dev / case.file))).codes
        assert [(c.format, c.text) for c in codes] == [(fmt, case.text)]


def test_a_rotated_code_is_read(dev):
    upright = cv2.imread(str(dev / "zx_ean13-1_1.webp"))
    height, width = upright.shape[:2]
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), 40, 0.8)
    turned = cv2.warpAffine(upright, matrix, (width, height), borderValue=(255, 255, 255))
    assert [c.text for c in decode_image(turned).codes] == ["8413000065504"]


def test_a_large_photo_is_scaled_to_webcam_width_first(dev):
    photo = cv2.imread(str(dev / "zx_ean13-1_1.webp"))
    huge = cv2.resize(photo, None, fx=5, fy=5, interpolation=cv2.INTER_CUBIC)  # 3200 px wide
    result = decode_image(huge)
    assert [c.text for c in result.codes] == ["8413000065504"]
    assert result.step == "half-size"  # a big, clear code needs only the quick first look


def test_a_small_code_in_a_large_photo_is_read_at_full_resolution(dev):
    """Scaled down to webcam width the code's bars merge; the photo's own pixels hold it."""
    photo = cv2.imread(str(dev / "zx_ean13-1_1.webp"))
    scene = np.full((3600, 4800, 3), 170, np.uint8)
    scene[1500 : 1500 + photo.shape[0], 2000 : 2000 + photo.shape[1]] = photo
    scaled = cv2.resize(scene, (1280, 960), interpolation=cv2.INTER_AREA)
    assert decode_image(scaled).codes == ()  # what the first, scaled-down look sees
    result = decode_image(scene)
    assert [c.text for c in result.codes] == ["8413000065504"]
    # a camera frame has a time budget and the next frame: no second look there
    assert decode_image(scene, budget_s=10.0).codes == ()


def test_a_qr_code_beside_the_product_code_does_not_hide_it(dev):
    upca, qr = (
        cv2.imread(str(dev / "zx_upca-1_10.webp")),
        cv2.imread(str(dev / "zx_qrcode-3_01.png")),
    )
    pack = np.full((upca.shape[0] + 20, upca.shape[1] + qr.shape[1] + 40, 3), 255, np.uint8)
    pack[10 : 10 + qr.shape[0], 10 : 10 + qr.shape[1]] = qr
    pack[10 : 10 + upca.shape[0], 30 + qr.shape[1] : 30 + qr.shape[1] + upca.shape[1]] = upca
    codes = decode_image(pack).codes
    assert ("UPCA", "027011006951") in [(c.format, c.text) for c in codes]
