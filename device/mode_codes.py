"""Mode barcodes: printed codes that switch what the next scans do, as in Barcode Buddy.

Scanning ``RESTOCK-REMOVE`` makes the following scans remove items, ``RESTOCK-LOOKUP``
only shows what a product is, ``RESTOCK-QTY-3`` adds the next scan three times; the
daemon falls back to adding after a quiet while (commands.py keeps that state).
``RESTOCK-LISTEN`` is push-to-talk for hands full of shopping: the microphone takes the
next sentence. Barcode
Buddy's own sheet works too: ``BBUDDY-AS``/``BBUDDY-P`` add, ``BBUDDY-C``/``BBUDDY-CA``
remove, ``BBUDDY-Q-<n>`` sets the quantity.

``write_sheet`` prints them: each code as Code 128 (what every 1D scanner reads) beside
a QR code (for the camera and 2D imagers), in a PNG or a one-page PDF.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import cv2
import numpy as np

from household.errors import UsageError

MAX_QUANTITY = 99


class ModeAction(StrEnum):
    """What a mode barcode asks for."""

    ADD = "add"
    REMOVE = "remove"
    LOOKUP = "lookup"
    QUANTITY = "quantity"
    """The next scan counts ``quantity`` times."""
    UNDO = "undo"
    LISTEN = "listen"
    """Push-to-talk: the microphone listens for one sentence."""


@dataclass(frozen=True, slots=True)
class ModeCode:
    """A parsed mode barcode."""

    action: ModeAction
    quantity: int | None = None


_FIXED: dict[str, ModeAction] = {
    "RESTOCK-ADD": ModeAction.ADD,
    "RESTOCK-REMOVE": ModeAction.REMOVE,
    "RESTOCK-LOOKUP": ModeAction.LOOKUP,
    "RESTOCK-UNDO": ModeAction.UNDO,
    "RESTOCK-LISTEN": ModeAction.LISTEN,
    "BBUDDY-AS": ModeAction.ADD,
    "BBUDDY-P": ModeAction.ADD,
    "BBUDDY-C": ModeAction.REMOVE,
    "BBUDDY-CA": ModeAction.REMOVE,
}
_QUANTITY = re.compile(r"(?:RESTOCK-QTY|BBUDDY-Q)-(\d{1,2})")


def parse_mode_code(text: str) -> ModeCode | None:
    """The mode code ``text`` stands for, or None if it is not one."""
    code = text.strip().upper()
    if code in _FIXED:
        return ModeCode(_FIXED[code])
    match = _QUANTITY.fullmatch(code)
    if match and 1 <= int(match.group(1)) <= MAX_QUANTITY:
        return ModeCode(ModeAction.QUANTITY, int(match.group(1)))
    return None


def is_mode_code(text: str) -> bool:
    """Whether ``text`` is a mode barcode."""
    return parse_mode_code(text) is not None


SHEET_CODES: tuple[tuple[str, str], ...] = (
    ("RESTOCK-ADD", "ADD (back to normal)"),
    ("RESTOCK-REMOVE", "REMOVE from the list"),
    ("RESTOCK-LOOKUP", "LOOKUP only"),
    ("RESTOCK-UNDO", "UNDO last change"),
    ("RESTOCK-LISTEN", "LISTEN (say one item)"),
    *((f"RESTOCK-QTY-{n}", f"NEXT SCAN x{n}") for n in (2, 3, 4, 5, 6, 10, 12)),
)
"""The codes on the printed sheet, with their labels."""

_PAGE_PX = (1654, 2339)  # A4 at 200 dpi
_DPI = 200
_MARGIN_PX = 90
_CELL_H_PX = 165  # twelve codes on one A4 page


def render_sheet(
    codes: tuple[tuple[str, str], ...] = SHEET_CODES, timeout_s: float = 60.0
) -> np.ndarray:
    """The sheet as a grayscale A4 image at 200 dpi (white paper, black codes)."""
    import segno
    import zxingcpp

    width, height = _PAGE_PX
    page = np.full((height, width), 255, np.uint8)
    title = "restock mode codes"
    cv2.putText(page, title, (_MARGIN_PX, 110), cv2.FONT_HERSHEY_SIMPLEX, 1.6, 0, 3)
    note = f"Modes fall back to ADD after {timeout_s:g} s without a scan."
    cv2.putText(page, note, (_MARGIN_PX, 165), cv2.FONT_HERSHEY_SIMPLEX, 0.9, 0, 2)
    top = 220
    for index, (code, label) in enumerate(codes):
        y = top + index * _CELL_H_PX
        if y + _CELL_H_PX > height - _MARGIN_PX:
            raise UsageError(f"Too many mode codes for one page ({len(codes)}).")
        linear = zxingcpp.create_barcode(code, zxingcpp.BarcodeFormat.Code128)
        bars = np.asarray(zxingcpp.write_barcode_to_image(linear, scale=3), np.uint8)
        bars = cv2.resize(bars, (bars.shape[1], 110), interpolation=cv2.INTER_NEAREST)
        x = _MARGIN_PX + 40  # quiet zone: at least 10 modules of white before the bars
        page[y + 10 : y + 10 + bars.shape[0], x : x + bars.shape[1]] = bars
        qr = segno.make(code, error="m", micro=False)
        matrix = np.array(qr.matrix, np.uint8)
        qr_img = np.kron(np.where(matrix > 0, 0, 255).astype(np.uint8), np.ones((5, 5), np.uint8))
        qx = width - _MARGIN_PX - qr_img.shape[1]
        page[y + 5 : y + 5 + qr_img.shape[0], qx : qx + qr_img.shape[1]] = qr_img
        cv2.putText(page, label, (x, y + 155), cv2.FONT_HERSHEY_SIMPLEX, 0.9, 0, 2)
        cv2.putText(page, code, (x + 560, y + 155), cv2.FONT_HERSHEY_SIMPLEX, 0.6, 90, 1)
    return page


def write_sheet(path: Path, timeout_s: float = 60.0) -> Path:
    """Write the printable sheet to ``path``: PDF if it ends in .pdf, else PNG."""
    suffix = path.suffix.lower()
    if suffix not in (".pdf", ".png"):
        raise UsageError(
            f"Cannot tell the format of {path.name}: name it .png or .pdf, "
            "e.g. restock mode-codes codes.pdf"
        )
    page = render_sheet(timeout_s=timeout_s)
    try:
        if suffix == ".pdf":
            path.write_bytes(_pdf_with_image(page, _DPI))
        else:
            path.write_bytes(cv2.imencode(".png", page)[1].tobytes())
    except OSError as err:
        raise UsageError(
            f"Could not write {path} ({err.strerror}). Choose a writable place."
        ) from err
    return path


def _pdf_with_image(gray: np.ndarray, dpi: int) -> bytes:
    """A one-page PDF showing ``gray`` at ``dpi`` (a minimal, valid PDF 1.4 file)."""
    height_px, width_px = gray.shape
    width_pt, height_pt = width_px * 72 / dpi, height_px * 72 / dpi
    image = zlib.compress(np.ascontiguousarray(gray).tobytes(), 9)
    content = f"q {width_pt:.2f} 0 0 {height_pt:.2f} 0 0 cm /Im0 Do Q".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width_pt:.2f} {height_pt:.2f}] "
            "/Resources << /XObject << /Im0 5 0 R >> >> /Contents 4 0 R >>"
        ).encode(),
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        (
            f"<< /Type /XObject /Subtype /Image /Width {width_px} /Height {height_px} "
            f"/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode "
            f"/Length {len(image)} >>\nstream\n"
        ).encode()
        + image
        + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
