"""Find barcode-like regions at any angle and straighten them into one upright image.

zbar scans only rows and columns, and zxing-cpp's 1-D readers tolerate only a small
skew, so a code held at 30° or 60° is missed by both; turning the whole frame by ±45°
catches some angles at the cost of decoding a frame twice its area. OpenCV's barcode
detector locates 1-D codes at any angle in a few milliseconds (its gradient-based
localiser, not its decoder), so each region it finds is cut out with a margin for the
quiet zone, turned upright by a perspective warp, enlarged when its bars are thin, and
the crops are stacked on a white sheet: one small image that the decoders read whole.
"""

from __future__ import annotations

import cv2
import numpy as np

MARGIN = 0.15
"""Added around each region, as a fraction of its size: the detector's box can clip the
guard bars, and the decoders need some quiet zone."""
MIN_LONG_SIDE_PX = 400
"""Crops are enlarged so the long side has at least this many pixels (an EAN-13 is 95
modules: about 4 px per module), up to MAX_ENLARGE times."""
MAX_ENLARGE = 3.0
MAX_REGIONS = 4
"""More regions than this are text or textures, not products; the largest are kept."""
GAP_PX = 16


def find_regions(gray: np.ndarray) -> list[np.ndarray]:
    """The corner quadrilaterals (4x2, float) of barcode-like regions, largest first."""
    found, corners = cv2.barcode.BarcodeDetector().detect(gray)
    if not found or corners is None:
        return []
    quads = [np.asarray(quad, dtype=np.float32).reshape(4, 2) for quad in corners]
    quads.sort(key=lambda quad: -cv2.contourArea(quad))
    return quads[:MAX_REGIONS]


def straighten(gray: np.ndarray, quad: np.ndarray) -> np.ndarray | None:
    """The region inside ``quad`` (plus a margin), warped upright and enlarged if small."""
    side_a = float(np.linalg.norm(quad[1] - quad[0]))
    side_b = float(np.linalg.norm(quad[2] - quad[1]))
    if min(side_a, side_b) < 4:
        return None
    centre = quad.mean(axis=0)
    grown = centre + (quad - centre) * (1 + 2 * MARGIN)
    scale = min(MAX_ENLARGE, max(1.0, MIN_LONG_SIDE_PX / max(side_a, side_b)))
    width = round(side_a * (1 + 2 * MARGIN) * scale)
    height = round(side_b * (1 + 2 * MARGIN) * scale)
    target = np.float32([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]])
    matrix = cv2.getPerspectiveTransform(grown.astype(np.float32), target)
    return cv2.warpPerspective(
        gray,
        matrix,
        (width, height),
        flags=cv2.INTER_CUBIC,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=255,
    )


def stack_regions(gray: np.ndarray) -> np.ndarray | None:
    """Every region found, upright, one above the other on white; None when none is found."""
    crops = [c for c in (straighten(gray, quad) for quad in find_regions(gray)) if c is not None]
    if not crops:
        return None
    width = max(crop.shape[1] for crop in crops) + 2 * GAP_PX
    height = sum(crop.shape[0] for crop in crops) + GAP_PX * (len(crops) + 1)
    sheet = np.full((height, width), 255, np.uint8)
    top = GAP_PX
    for crop in crops:
        sheet[top : top + crop.shape[0], GAP_PX : GAP_PX + crop.shape[1]] = crop
        top += crop.shape[0] + GAP_PX
    return sheet
