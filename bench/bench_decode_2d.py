"""Benchmark: the 2-D steps on dev QR and DataMatrix photos softened or held away.

    .venv/bin/python bench/bench_decode_2d.py [--shared DIR]

The dev QR and DataMatrix photos (60) read at once as they are, so they say nothing
about the 2-D steps (``2-D sharpened``, ``2-D enlarged`` in device/barcode/cascade.py).
This makes them harder the way a kitchen does, with OpenCV: defocused by a disc (the
blur of a lens out of focus, not the Gaussian the steps' mask undoes) or moved, and
held away from the camera (the photo at 0.5 to 0.7 of its size in a 1280 px frame, sharp
or defocused). Each variant is decoded as a photo (``decode_image``) and as a 1280x720
camera frame (``FRAME_STEPS`` under ``FRAME_BUDGET_S``), with and without the 2-D steps,
in the same run. Prints reads, wrong payloads and the median time of each.
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import cv2
import numpy as np
from bench_decode import REPO_ROOT, identity

from device.barcode.cascade import (
    ENLARGED_2D,
    FRAME_BUDGET_S,
    FRAME_STEPS,
    PHOTO_STEPS,
    SHARPENED_2D,
    Step,
    decode_image,
)

TWO_D_STEPS = (SHARPENED_2D, ENLARGED_2D)


def _without_2d(steps: Sequence[Step]) -> tuple[Step, ...]:
    return tuple(step for step in steps if step not in TWO_D_STEPS)


def out_of_focus(radius: float) -> Callable[[np.ndarray], np.ndarray]:
    """A lens out of focus: each point spread evenly over a disc of ``radius`` px."""

    def blur(gray: np.ndarray) -> np.ndarray:
        if radius == 0:
            return gray
        size = 2 * int(np.ceil(radius)) + 1
        yy, xx = np.mgrid[:size, :size] - size // 2
        disc = (yy**2 + xx**2 <= radius**2).astype(np.float32)
        return cv2.filter2D(gray, -1, disc / disc.sum())

    return blur


def moved(length: int) -> Callable[[np.ndarray], np.ndarray]:
    """The camera moved ``length`` px along a line 30 degrees from the horizontal."""

    def blur(gray: np.ndarray) -> np.ndarray:
        kernel = np.zeros((length, length), np.float32)
        kernel[length // 2, :] = 1
        centre = (length / 2 - 0.5, length / 2 - 0.5)
        kernel = cv2.warpAffine(kernel, cv2.getRotationMatrix2D(centre, 30, 1), kernel.shape)
        return cv2.filter2D(gray, -1, kernel / kernel.sum())

    return blur


def held_away(scale: float, blur: float, height: int = 960) -> Callable[[np.ndarray], np.ndarray]:
    """The photo at ``scale`` of its size in a 1280 px wide frame, defocused by ``blur``."""

    def place(gray: np.ndarray) -> np.ndarray:
        frame = np.full((height, 1280), 150, np.uint8)
        small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        top = (height - small.shape[0]) // 3
        frame[top : top + small.shape[0], 500 : 500 + small.shape[1]] = small
        return out_of_focus(blur)(frame)

    return place


def _as_frame(image: np.ndarray) -> np.ndarray:
    """A variant as a 1280x720 webcam frame: a small photo placed in it, a 1280x960 one cut."""
    if image.shape[1] < 1280:
        return held_away(1.0, 0, height=720)(image)
    return np.ascontiguousarray(image[:720])


VARIANTS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "as is": out_of_focus(0),
    "defocused 2 px": out_of_focus(2),
    "defocused 3 px": out_of_focus(3),
    "moved 7 px": moved(7),
    **{
        f"held away x{scale}, defocused {blur} px": held_away(scale, blur)
        for scale in (0.5, 0.6, 0.7)
        for blur in (0, 1, 1.5)
    },
}


def run(dev: Path) -> None:
    """Decode every variant of every 2-D dev photo each way; print one table."""
    with open(dev / "truth.csv", newline="", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["format"] in ("QR", "DATAMATRIX")]
    photos = [(cv2.imread(str(dev / r["file"]), cv2.IMREAD_GRAYSCALE), r) for r in rows]
    ways = {
        "photo w/o 2-D": (_without_2d(PHOTO_STEPS), None),
        "photo": (PHOTO_STEPS, None),
        "frame w/o 2-D": (_without_2d(FRAME_STEPS), FRAME_BUDGET_S),
        "frame": (FRAME_STEPS, FRAME_BUDGET_S),
    }
    print(f"dev QR and DataMatrix photos ({len(photos)}) made harder; reads (wrong), median ms\n")
    print("| variant | " + " | ".join(ways) + " |")
    print("|---|" + "---|" * len(ways))
    for name, make in VARIANTS.items():
        cells = []
        for steps, budget in ways.values():
            read = wrong = 0
            times = []
            for gray, row in photos:
                image = make(gray) if budget is None else _as_frame(make(gray))
                started = time.perf_counter()
                codes = decode_image(image, steps, budget_s=budget).codes
                times.append((time.perf_counter() - started) * 1000)
                found = {identity(str(c.format), c.text) for c in codes}
                read += identity(row["format"], row["text"]) in found
                wrong += bool(found) and identity(row["format"], row["text"]) not in found
            cells.append(f"{read} ({wrong}) {statistics.median(times):.0f} ms")
        print(f"| {name} | " + " | ".join(cells) + " |", flush=True)


def main(argv: list[str] | None = None) -> None:
    """Parse the options, run, print."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default_shared = os.environ.get("RESTOCK_SHARED", str(REPO_ROOT.parent / "shared"))
    parser.add_argument("--shared", default=default_shared, help="the shared data folder")
    args = parser.parse_args(argv)
    dev = Path(args.shared) / "barcodes" / "dev"
    if not (dev / "truth.csv").is_file():
        sys.exit(f"bench_decode_2d: {dev / 'truth.csv'} not found; set --shared or RESTOCK_SHARED")
    cv2.setNumThreads(1)
    run(dev)


if __name__ == "__main__":
    main()
