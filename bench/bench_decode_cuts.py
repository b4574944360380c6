"""Benchmark: wrong codes from photos whose barcode is cut off by the frame.

    .venv/bin/python bench/bench_decode_cuts.py [--every N]

A product held too close, or half out of view, leaves part of its code outside the
photo. What is left can still pass a check digit: the left half of an EAN-13 reads as a
UPC-E, and zbar joins a real half to one made up from the cut bars. The held-out grocery
set has a few such photos (BASELINE.md), and a wrong code is worse than no code.

Every ``--every``-th sharp dev photo with a 1-D code (default 2) is cut at the frame
edge, keeping 45, 55, 65, 75 or 85% of its width from the left or from the right. Each
cut is decoded by the plain pyzbar cascade plus zxing-cpp (every read taken, as in
BASELINE.md) and by ours; the table counts the cuts that gave the printed code, a wrong
one, or nothing, by half of the zxing sets.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import cv2
import numpy as np
from bench_decode import (
    HALF_A,
    REPO_ROOT,
    cascade_plus_zxing,
    identity,
    ours,
    sharp_linear_photos,
)

KEPT = (0.45, 0.55, 0.65, 0.75, 0.85)
"""Fractions of the photo's width left inside the frame."""
METHODS = {"cascade + zxing, plain": cascade_plus_zxing, "ours": ours}


def cuts(gray: np.ndarray):
    """The photo cut at each fraction of ``KEPT``, keeping its left part, then its right."""
    width = gray.shape[1]
    for kept in KEPT:
        columns = round(width * kept)
        yield np.ascontiguousarray(gray[:, :columns])
        yield np.ascontiguousarray(gray[:, width - columns :])


def run(dev: Path, every: int) -> None:
    """Decode every cut of the chosen photos with both methods and print one table."""
    sharp = sharp_linear_photos(dev)[::every]
    print(f"cuts of {len(sharp)} sharp dev photos with a 1-D code (every {every}), ")
    print(f"{2 * len(KEPT)} cuts each: {', '.join(f'{k:.0%}' for k in KEPT)} of the width kept\n")
    print("| half | cuts | method | printed code | wrong code | nothing |")
    print("|---|---|---|---|---|---|")
    wrong_reads = []
    for half in ("A", "B"):
        chosen = [r for r in sharp if (r["file"].split("_")[1] in HALF_A) == (half == "A")]
        tally = {method: Counter() for method in METHODS}
        for row in chosen:
            gray = cv2.cvtColor(cv2.imread(str(dev / row["file"])), cv2.COLOR_BGR2GRAY)
            truth = identity(row["format"], row["text"])
            for cut in cuts(gray):
                for method, decode in METHODS.items():
                    found, _step = decode(cut)
                    outcome = "printed" if truth in found else "wrong" if found else "nothing"
                    tally[method][outcome] += 1
                    if outcome == "wrong" and method == "ours":
                        wrong_reads.append(f"{row['file']} {truth} -> {sorted(found)}")
        for method, counts in tally.items():
            print(
                f"| {half} | {sum(counts.values())} | {method} | {counts['printed']} | "
                f"{counts['wrong']} | {counts['nothing']} |"
            )
    for line in wrong_reads:
        print(f"wrong [ours]: {line}")


def main(argv: list[str] | None = None) -> None:
    """Parse the options, run, print."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default_shared = os.environ.get("RESTOCK_SHARED", str(REPO_ROOT.parent / "shared"))
    parser.add_argument("--shared", default=default_shared, help="the shared data folder")
    parser.add_argument("--every", type=int, default=2, help="take every N-th sharp photo")
    args = parser.parse_args(argv)
    dev = Path(args.shared) / "barcodes" / "dev"
    if not (dev / "truth.csv").is_file():
        sys.exit(f"bench_decode_cuts: {dev / 'truth.csv'} not found; set --shared")
    cv2.setNumThreads(1)
    run(dev, args.every)


if __name__ == "__main__":
    main()
