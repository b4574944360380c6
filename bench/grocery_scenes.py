"""Synthetic whole-product photos, for measuring where the dev photos say little.

The dev photos (zxing's test sets) are small crops where the code fills the frame; the
held-out grocery photos are "mostly whole-product phone photos, 520-4096 px, median
1600 px, with barcodes that are often small, curved, angled or poorly lit" (BASELINE.md).
This makes photos of that kind: a code rendered by zxing-cpp's writer, printed in a dark
ink on a label (white or, with ``coloured``, half the time a red, orange, yellow, green
or pink pack), curved round a can or bottle, tilted, turned, pasted into packaging art
with text, lit by a gradient with an occasional glare spot, softened by the lens,
grainy, saved as JPEG. Every choice is drawn from a seeded generator, so a seed is a
fixed set. Measuring only: thresholds were never decided on these (see bench_decode.py
for the dev photos, and the module docstring of device/barcode/cascade.py).
"""

from __future__ import annotations

import string
from collections.abc import Iterator
from dataclasses import dataclass

import cv2
import numpy as np
import zxingcpp

from household.gtin import compute_check_digit

_ZX = zxingcpp.BarcodeFormat
PHOTO_SIZES = [(1280, 960), (1200, 1600), (1600, 1200), (2048, 1536), (2448, 3264), (3264, 2448)]
PHOTO_SIZES += [(4032, 3024)]
INKS = [(20, 20, 20), (60, 30, 10), (80, 40, 0), (20, 60, 20), (10, 10, 70)]  # BGR
LABELS = [(250, 250, 250), (225, 240, 245), (200, 235, 250), (235, 235, 235)]
COLOURED_PACKS = [(40, 40, 210), (30, 140, 240), (40, 220, 245), (120, 220, 150), (180, 150, 240)]


@dataclass(frozen=True, slots=True)
class Scene:
    """One synthetic photo and what is printed in it."""

    format: str
    """As in shared/barcodes/dev/truth.csv: EAN13, UPCA, EAN8, QR or DATAMATRIX."""
    text: str
    image: np.ndarray
    """BGR, decoded from the JPEG."""
    module_px_at_1280: float
    """Width of one module once the photo is scaled to 1280 px (before the tilt)."""


def scenes(count: int, seed: int, coloured: bool = False) -> Iterator[Scene]:
    """``count`` photos drawn from ``seed`` (the same seed gives the same photos)."""
    rng = np.random.default_rng(seed)
    made = 0
    while made < count:
        scene = _scene(rng, coloured)
        if scene is not None:
            made += 1
            yield scene


def _digits(rng: np.random.Generator, n: int) -> str:
    return "".join(rng.choice(list(string.digits), n))


def _pick_code(rng: np.random.Generator) -> tuple[str, str, zxingcpp.BarcodeFormat]:
    """A format in about the held-out mix (EAN-13 first, a fifth 2-D) and a payload."""
    draw = rng.random()
    if draw < 0.55:
        body = "3" + _digits(rng, 11)
        body = "3" + str(int(body[1]) % 8) + body[2:]  # a French product: prefix 300-379
        return "EAN13", body + compute_check_digit(body), _ZX.EAN13
    if draw < 0.62:
        body = _digits(rng, 11)
        return "UPCA", body + compute_check_digit(body), _ZX.UPCA
    if draw < 0.70:
        body = _digits(rng, 7)
        return "EAN8", body + compute_check_digit(body), _ZX.EAN8
    if draw < 0.95:
        path = "".join(
            rng.choice(list(string.ascii_lowercase + string.digits), 4 * rng.integers(8, 14))
        )
        return (
            "QR",
            str(rng.choice(["https://", "http://", "https://id.gs1.org/01/"])) + path,
            _ZX.QRCode,
        )
    gs1 = "010" + "3" + _digits(rng, 12) + "10" + "".join(rng.choice(list("ABC123"), 5))
    return "DATAMATRIX", gs1, _ZX.DataMatrix


def _pack_art(rng: np.random.Generator, width: int, height: int) -> np.ndarray:
    """A colour gradient with blocks of colour and lines of text: edges to fool a localiser."""
    base = rng.integers(40, 230, 3).astype(np.float32)
    ramp = np.linspace(0, 1, width, dtype=np.float32)[None, :, None] * rng.integers(-60, 60, 3)
    art = np.clip(base + ramp + np.zeros((height, width, 3), np.float32), 0, 255).astype(np.uint8)
    for _ in range(int(rng.integers(5, 20))):
        x, y = int(rng.integers(0, width)), int(rng.integers(0, height))
        w, h = (
            int(rng.integers(width // 20, width // 3)),
            int(rng.integers(height // 20, height // 3)),
        )
        cv2.rectangle(art, (x, y), (x + w, y + h), [int(c) for c in rng.integers(0, 255, 3)], -1)
    for _ in range(int(rng.integers(10, 40))):
        words = "".join(
            rng.choice(list(string.ascii_letters + "   0123456789%"), rng.integers(4, 20))
        )
        size = float(rng.uniform(0.6, 4.0)) * width / 1600
        origin = (int(rng.integers(0, width)), int(rng.integers(0, height)))
        colour = [int(c) for c in rng.integers(0, 255, 3)]
        cv2.putText(
            art, words, origin, cv2.FONT_HERSHEY_SIMPLEX, size, colour, max(1, int(size * 2))
        )
    return art


def _label(
    rng: np.random.Generator, zx_format, text: str, linear: bool, module_px: float, coloured: bool
):
    """The code printed on its label at ``module_px`` pixels per module (float, BGR)."""
    code = np.array(zxingcpp.write_barcode_to_image(zxingcpp.create_barcode(text, zx_format)))
    height_modules = code.shape[1] * float(rng.uniform(0.35, 0.8)) if linear else code.shape[0]
    if linear:
        code = code[:1, :]  # one row of bars, stretched to the bars' height below
    width, height = round(code.shape[1] * module_px), round(height_modules * module_px)
    shrink = module_px < 1
    code = cv2.resize(
        code, (width, height), interpolation=cv2.INTER_AREA if shrink else cv2.INTER_LINEAR
    )
    packs = COLOURED_PACKS if coloured and rng.random() < 0.5 else LABELS
    paper = np.float32(packs[rng.integers(len(packs))])
    ink = np.float32(INKS[rng.integers(len(INKS))])
    light = (code.astype(np.float32) / 255)[..., None]
    margin = int(rng.integers(2, 10) * module_px)
    label = np.full((height + 2 * margin, width + 2 * margin, 3), paper, np.float32)
    label[margin : margin + height, margin : margin + width] = light * paper + (1 - light) * ink
    return label


def _curved(rng: np.random.Generator, label: np.ndarray) -> np.ndarray:
    """The label wrapped round a cylinder seen side on, darker towards its edges."""
    height, width = label.shape[:2]
    radius = max(width * float(rng.uniform(0.55, 3.0)), width / 2 / 0.98)
    seen_width = int(2 * radius * np.sin(width / 2 / radius))
    across = np.arange(seen_width, dtype=np.float32) - seen_width / 2
    angle = np.arcsin(np.clip(across / radius, -1, 1))
    map_x = np.repeat((radius * angle + width / 2)[None, :], height, 0).astype(np.float32)
    map_y = np.repeat(np.arange(height, dtype=np.float32)[:, None], seen_width, 1)
    wrapped = cv2.remap(label, map_x, map_y, cv2.INTER_LINEAR)
    return wrapped * (0.55 + 0.45 * np.cos(angle))[None, :, None]


def _placed(rng: np.random.Generator, photo: np.ndarray, label: np.ndarray):
    """The label tilted, turned and pasted at a random place; None if it does not fit."""
    height, width = photo.shape[:2]
    h, w = label.shape[:2]
    corners = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    shrink = np.tan(np.radians(rng.uniform(0, 35))) * 0.25
    target = corners.copy()
    if rng.random() < 0.5:
        target[0, 1] += h * shrink
        target[3, 1] -= h * shrink
    else:
        target[0, 0] += w * shrink
        target[1, 0] -= w * shrink
    upright = rng.random() < 0.5  # half held about level, half at any angle
    degrees = float(rng.uniform(-12, 12) if upright else rng.uniform(-180, 180))
    turn = cv2.getRotationMatrix2D(tuple(map(float, target.mean(0))), degrees, 1.0)
    target = (np.c_[target, np.ones(4)] @ turn.T).astype(np.float32)
    low, high = target.min(0), target.max(0)
    if high[0] - low[0] >= width or high[1] - low[1] >= height:
        return None
    target += np.float32(
        [rng.uniform(-low[0], width - high[0]), rng.uniform(-low[1], height - high[1])]
    )
    warp = cv2.getPerspectiveTransform(corners, target)
    pasted = cv2.warpPerspective(label, warp, (width, height), flags=cv2.INTER_LINEAR)
    mask = cv2.warpPerspective(np.ones((h, w), np.float32), warp, (width, height))[..., None]
    return photo * (1 - mask) + pasted * mask, target


def _lit(rng: np.random.Generator, photo: np.ndarray, where: np.ndarray) -> np.ndarray:
    """Light falling off across the photo, and a third of the time a glare spot on the code."""
    height, width = photo.shape[:2]
    across = np.linspace(*rng.uniform(0.45, 1.1, 2), width, dtype=np.float32)
    down = np.linspace(*rng.uniform(0.7, 1.1, 2), height, dtype=np.float32)
    photo = photo * (down[:, None] * across[None, :])[..., None]
    if rng.random() < 0.35:
        extent = where.max(0) - where.min(0)
        centre = where.mean(0) + rng.normal(0, 1, 2) * extent / 4
        radius = float(np.linalg.norm(extent)) * float(rng.uniform(0.05, 0.2))
        ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
        spot = np.exp(-((xs - centre[0]) ** 2 + (ys - centre[1]) ** 2) / (2 * radius * radius))
        photo = photo + (spot * float(rng.uniform(80, 220)))[..., None]
    return photo


def _scene(rng: np.random.Generator, coloured: bool) -> Scene | None:
    width, height = PHOTO_SIZES[rng.integers(len(PHOTO_SIZES))]
    fmt, text, zx_format = _pick_code(rng)
    linear = fmt not in ("QR", "DATAMATRIX")
    at_1280 = float(rng.uniform(1.1, 3.5) if linear else rng.uniform(1.3, 5.0))
    module_px = at_1280 * max(width, height) / 1280 if width > 1280 else at_1280
    label = _label(rng, zx_format, text, linear, module_px, coloured)
    if (linear and rng.random() < 0.5) or rng.random() < 0.25:
        label = _curved(rng, label)
    placed = _placed(rng, _pack_art(rng, width, height).astype(np.float32), label)
    if placed is None:
        return None
    photo = _lit(rng, *placed)
    lens = float(rng.uniform(0.4, 1.3)) * max(1.0, max(width, height) / 1600)
    photo = cv2.GaussianBlur(photo, (0, 0), lens)
    photo = np.clip(photo + rng.normal(0, rng.uniform(1, 6), photo.shape), 0, 255).astype(np.uint8)
    quality = int(rng.integers(75, 93))
    _, jpeg = cv2.imencode(".jpg", photo, [cv2.IMWRITE_JPEG_QUALITY, quality])
    return Scene(fmt, text, cv2.imdecode(jpeg, cv2.IMREAD_COLOR), round(at_1280, 2))
