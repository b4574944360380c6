"""The barcode decoders, zbar (pyzbar), zxing-cpp and OpenCV's, behind one result type.

Both are limited to the symbologies restock reads: EAN-13, EAN-8, UPC-A, UPC-E, QR and
DataMatrix. Anything else a decoder could find (Code 128 on a parcel, ITF on a carton)
is not a product and would only be a source of wrong codes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

import cv2
import numpy as np
import zxingcpp
from pyzbar import pyzbar


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
    """zbar: the symbol's size across its bars, in pixels of the image decoded; zxing: 0."""


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


def read_zbar(gray: np.ndarray) -> list[RawRead]:
    """Decode an 8-bit grayscale image with zbar (it scans rows and columns only)."""
    reads = []
    for symbol in pyzbar.decode(gray, symbols=ZBAR_SYMBOLS):
        fmt = _ZBAR_FORMATS.get(symbol.type)
        if fmt is None:
            continue
        text = symbol.data.decode("utf-8", errors="replace")
        vertical_bars = symbol.orientation in ("UP", "DOWN", None)
        width_px = symbol.rect.width if vertical_bars else symbol.rect.height
        reads.append(RawRead(fmt, text, Engine.ZBAR, int(symbol.quality), int(width_px)))
    return reads


def read_zxing(gray: np.ndarray) -> list[RawRead]:
    """Decode an 8-bit grayscale image with zxing-cpp (any orientation, inverted too)."""
    reads = []
    for barcode in zxingcpp.read_barcodes(
        gray, formats=_ZXING_FORMATS, text_mode=zxingcpp.TextMode.Plain
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
