"""The barcode decoders, zbar (pyzbar), zxing-cpp and OpenCV's, behind one result type.

Both are limited to the symbologies restock reads: EAN-13, EAN-8, UPC-A, UPC-E, QR and
DataMatrix. Anything else a decoder could find (Code 128 on a parcel, ITF on a carton)
is not a product and would only be a source of wrong codes.
"""

from __future__ import annotations

from collections.abc import Callable
from ctypes import c_void_p, cast
from dataclasses import dataclass
from enum import StrEnum

import cv2
import numpy as np
import zxingcpp
from pyzbar import pyzbar
from pyzbar.wrapper import ZBarConfig, zbar_image_scanner_set_config


class Format(StrEnum):
    """A symbology as restock names it (the ``format`` field of ``restock decode --json``)."""

    EAN13 = "EAN13"
    EAN8 = "EAN8"
    UPCA = "UPCA"
    UPCE = "UPCE"
    QR = "QR"
    DATAMATRIX = "DATAMATRIX"

    @property
    def is_linear(self) -> bool:
        """1-D retail codes: only a check digit protects them, so they need confirming."""
        return self not in (Format.QR, Format.DATAMATRIX)


class Engine(StrEnum):
    """Which decoder produced a read."""

    ZBAR = "zbar"
    ZXING = "zxing"
    OPENCV = "opencv"
    """OpenCV's barcode detector: 1-D only, any angle; it only ever seconds another engine."""
    SCANLINES = "scanlines"
    """restock's own EAN/UPC reader voting across many scan lines (``scanlines.py``); not in
    ENGINES: only the cascade's last photo step asks it (it is slow)."""


@dataclass(frozen=True, slots=True)
class RawRead:
    """One symbol as a decoder reported it, before any validation."""

    format: Format
    text: str
    """Digits in the symbology's own form (UPC-A 12, UPC-E 8) or the 2-D payload."""
    engine: Engine
    quality: int
    """zbar: how many scan lines decoded the symbol (a clean 1-D read gets dozens); zxing: 0."""
    width_px: int = 0
    """zbar: the symbol's size across its bars, in pixels of the image decoded, as the span
    of where its lines' reads ended (the whole symbol when read whole, less when pieced
    from halves, see ``confirm.CLEAN_ZBAR_SPAN_PX``); zxing: 0."""


# The symbologies a grocery scan can carry; asking zbar for no others keeps it fast.
ZBAR_SYMBOLS = [
    pyzbar.ZBarSymbol.EAN13,
    pyzbar.ZBarSymbol.EAN8,
    pyzbar.ZBarSymbol.UPCA,
    pyzbar.ZBarSymbol.UPCE,
    pyzbar.ZBarSymbol.QRCODE,
]
_ZBAR_FORMATS = {
    "EAN13": Format.EAN13,
    "EAN8": Format.EAN8,
    "UPCA": Format.UPCA,
    "UPCE": Format.UPCE,
    "QRCODE": Format.QR,
}

_ZX = zxingcpp.BarcodeFormat
_ZXING_FORMATS = [_ZX.EAN13, _ZX.EAN8, _ZX.UPCA, _ZX.UPCE, _ZX.QRCode, _ZX.DataMatrix]
_ZXING_TO_FORMAT = {
    _ZX.EAN13: Format.EAN13,
    _ZX.EAN8: Format.EAN8,
    _ZX.UPCA: Format.UPCA,
    _ZX.UPCE: Format.UPCE,
    _ZX.QRCode: Format.QR,
    _ZX.DataMatrix: Format.DATAMATRIX,
}


SPARSE_SCAN_SIDE = 1000
"""Images whose long side is at least this are scanned by zbar on every
``SPARSE_SCAN_STEP``-th row and column..."""
SPARSE_SCAN_STEP = 2
"""...instead of every one: zbar's cost is its scan lines (24 ms on a 1280x960 frame,
12 ms on every second line), and on an image that large a code's bars cross dozens of
lines either way. Each line still has every pixel along it, so thin bars lose nothing.
The line count a read reports is scaled back by the step, so the clean-read thresholds
of ``confirm`` keep their meaning. Measured (bench_decode.py, bench_decode_scenes.py,
each way in the same run): dev photos at 1280 px read the same 381 in 22% less total
time, camera frames under their budget 375 (373 before); synthetic whole-product
photos at 1280 px read 119 and 110 of 150 (every line: 120 and 110) with medians of 34
and 39 ms instead of 38 and 44, in a quarter less total time. The cross-check keeps
every line (``cascade._cross_checked``)."""


def read_zbar(gray: np.ndarray, scan_step: int | None = None) -> list[RawRead]:
    """Decode an 8-bit grayscale image with zbar (it scans rows and columns only).

    ``scan_step``: scan every n-th row and column (None: ``SPARSE_SCAN_STEP`` on images
    of ``SPARSE_SCAN_SIDE`` or more, else every line).
    """
    if scan_step is None:
        scan_step = SPARSE_SCAN_STEP if max(gray.shape) >= SPARSE_SCAN_SIDE else 1
    reads = []
    for symbol in _zbar_symbols(gray, scan_step):
        fmt = _ZBAR_FORMATS.get(symbol.type)
        if fmt is None:
            continue
        text = symbol.data.decode("utf-8", errors="replace")
        vertical_bars = symbol.orientation in ("UP", "DOWN", None)
        width_px = symbol.rect.width if vertical_bars else symbol.rect.height
        quality = int(symbol.quality) * scan_step
        reads.append(RawRead(fmt, text, Engine.ZBAR, quality, int(width_px)))
    return reads


def _zbar_symbols(gray: np.ndarray, scan_step: int) -> list[pyzbar.Decoded]:
    """``pyzbar.decode(gray, ZBAR_SYMBOLS)``, scanning every ``scan_step``-th line.

    pyzbar.decode cannot set zbar's scan density, so this is its body with the two
    density settings added (pyzbar 0.1.9; its helpers are private but it has not
    changed since 2022).
    """
    if scan_step == 1:
        return pyzbar.decode(gray, symbols=ZBAR_SYMBOLS)
    pixels, width, height = pyzbar._pixel_data(gray)
    with pyzbar._image_scanner() as scanner:
        for symbol in pyzbar.ZBarSymbol:
            enabled = int(symbol in ZBAR_SYMBOLS)
            zbar_image_scanner_set_config(scanner, symbol, ZBarConfig.CFG_ENABLE, enabled)
        for density in (ZBarConfig.CFG_X_DENSITY, ZBarConfig.CFG_Y_DENSITY):
            zbar_image_scanner_set_config(scanner, 0, density, scan_step)
        with pyzbar._image() as image:
            pyzbar.zbar_image_set_format(image, pyzbar._FOURCC["L800"])
            pyzbar.zbar_image_set_size(image, width, height)
            pyzbar.zbar_image_set_data(image, cast(pixels, c_void_p), len(pixels), None)
            if pyzbar.zbar_scan_image(scanner, image) < 0:
                raise pyzbar.PyZbarError("Unsupported image format")
            return list(pyzbar._decode_symbols(pyzbar._symbols_for_image(image)))


def read_zxing(
    gray: np.ndarray, every_pass: bool = True, formats: list = _ZXING_FORMATS
) -> list[RawRead]:
    """Decode an 8-bit grayscale image with zxing-cpp (any orientation, inverted too).

    ``every_pass=False`` leaves out zxing-cpp's passes over a downscaled and an inverted
    copy (``read_zxing_quick``); ``formats`` narrows the symbologies looked for.
    """
    reads = []
    for barcode in zxingcpp.read_barcodes(
        gray,
        formats=formats,
        text_mode=zxingcpp.TextMode.Plain,
        try_downscale=every_pass,
        try_invert=every_pass,
    ):
        fmt = _ZXING_TO_FORMAT.get(barcode.format)
        if fmt is None:
            continue
        text = barcode.text
        extra = getattr(barcode, "extra", None)  # zxing-cpp 3 and later
        extra = extra if isinstance(extra, dict) else {}
        if fmt is Format.UPCE and extra.get("UPCE"):
            # zxing-cpp 3 gives UPC-E as its 13-digit expansion; the 8 printed digits are here
            text = extra["UPCE"]
        reads.append(RawRead(fmt, text, Engine.ZXING, 0))
    return reads


def read_zxing_quick(gray: np.ndarray) -> list[RawRead]:
    """zxing-cpp without its downscaled and inverted passes, for the cascade's first looks.

    Those passes cost 40 % of zxing-cpp's time on a 1280x960 frame (9.8 -> 5.8 ms median)
    and read nothing there that the cascade does not: its half-size step is the
    downscaled look, and light-on-dark codes are read by later steps, which keep every
    pass (``cascade.py``).
    """
    return read_zxing(gray, every_pass=False)


def read_zxing_2d(gray: np.ndarray) -> list[RawRead]:
    """zxing-cpp for QR and DataMatrix only, for the cascade's 2-D steps.

    Their error correction makes a wrong payload all but impossible, so these steps can
    sharpen hard without risking a wrong retail code; and zxing-cpp is the engine that
    reads both 2-D formats (zbar reads no DataMatrix).
    """
    return read_zxing(gray, formats=[_ZX.QRCode, _ZX.DataMatrix])


def read_zxing_upright_ean13(gray: np.ndarray) -> list[RawRead]:
    """zxing-cpp for EAN-13/UPC-A only, upright, at the given size: the cheap cross-check.

    Leaving out the turns, the downscaled passes, the inverted image and the 2-D formats
    makes it cost a few milliseconds; the codes it checks were already found upright.
    """
    barcodes = zxingcpp.read_barcodes(
        gray,
        formats=[_ZX.EAN13, _ZX.UPCA],
        try_rotate=False,
        try_downscale=False,
        try_invert=False,
        text_mode=zxingcpp.TextMode.Plain,
    )
    return [
        RawRead(_ZXING_TO_FORMAT[barcode.format], barcode.text, Engine.ZXING, 0)
        for barcode in barcodes
        if barcode.format in _ZXING_TO_FORMAT
    ]


_OPENCV_FORMATS = {
    "EAN_13": Format.EAN13,
    "EAN_8": Format.EAN8,
    "UPC_A": Format.UPCA,
    "UPC_E": Format.UPCE,
}


def read_opencv(gray: np.ndarray) -> list[RawRead]:
    """Decode the 1-D codes of an image with OpenCV's detector (it finds them at any angle)."""
    found, texts, kinds, _corners = cv2.barcode.BarcodeDetector().detectAndDecodeWithType(gray)
    if not found:
        return []
    return [
        RawRead(_OPENCV_FORMATS[kind], text, Engine.OPENCV, 0)
        for text, kind in zip(texts, kinds, strict=False)
        if text and kind in _OPENCV_FORMATS
    ]


Reader = Callable[[np.ndarray], list[RawRead]]

ENGINES: dict[Engine, Reader] = {
    Engine.ZBAR: read_zbar,
    Engine.ZXING: read_zxing,
    Engine.OPENCV: read_opencv,
}
"""zbar first: its scan-line count lets one clean read stand on its own and end the step.
OpenCV last: it is only asked when the other two left a read unconfirmed."""

QUICK_ENGINES: dict[Engine, Reader] = {**ENGINES, Engine.ZXING: read_zxing_quick}
"""ENGINES with zxing-cpp's quick reader, for the cascade's first looks (``cascade.py``)."""
