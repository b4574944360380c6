"""Benchmark: barcode reading on synthetic whole-product photos (``grocery_scenes.py``).

    .venv/bin/python bench/bench_decode_scenes.py [--count N]

Two fixed sets of ``--count`` photos each (seed 1: codes on white labels; seed 2: half
of them printed on a coloured pack), decoded as ``restock decode`` does (``ours``:
``decode_image`` on the photo as taken, with its second looks) and by the plain methods
of BASELINE.md on the photo's grey levels at full size: pyzbar as is, and the pyzbar
cascade plus zxing-cpp with every read taken. ``ours @1280`` decodes the photo scaled to
1280 px wide, the size the speed goal is set at; its median and p95 are the decode
times (the photo is scaled before the clock starts). Scored as bench_decode.py scores
the dev photos: retail codes as GTINs, "wrong" when codes were reported but not the
printed one.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import cv2
import numpy as np
from bench_decode import at_1280, cascade_plus_zxing, identity, p95, pyzbar_as_is
from grocery_scenes import scenes

from device.barcode.cascade import decode_image, to_gray

SETS = {"white labels": (1, False), "coloured packs": (2, True)}


def _ours(photo: np.ndarray) -> set[str]:
    return {identity(str(c.format), c.text) for c in decode_image(photo).codes} - {None}


def _plain(method: Callable) -> Callable[[np.ndarray], set[str]]:
    return lambda photo: method(to_gray(photo, None))[0]


METHODS = {
    "pyzbar as is": _plain(pyzbar_as_is),
    "cascade + zxing, plain": _plain(cascade_plus_zxing),
    "ours": _ours,
}


def run(count: int) -> None:
    """Decode both sets with every method and print one table."""
    cv2.setNumThreads(1)
    print(f"synthetic whole-product photos: {count} per set (bench/grocery_scenes.py)\n")
    print("| set | method | read | wrong | median ms | p95 ms |")
    print("|---|---|---|---|---|---|")
    for set_name, (seed, coloured) in SETS.items():
        reads = dict.fromkeys([*METHODS, "ours @1280"], 0)
        wrong = dict.fromkeys(reads, 0)
        times: list[float] = []
        for scene in scenes(count, seed, coloured):
            truth = identity(scene.format, scene.text)
            for name, method in METHODS.items():
                found = method(scene.image)
                reads[name] += truth in found
                wrong[name] += bool(found) and truth not in found
            small = at_1280(scene.image)
            started = time.perf_counter()
            found = _ours(small)
            times.append((time.perf_counter() - started) * 1000)
            reads["ours @1280"] += truth in found
            wrong["ours @1280"] += bool(found) and truth not in found
        for name in reads:
            timed = name == "ours @1280"
            median = f"{statistics.median(times):.1f}" if timed else ""
            slow = f"{p95(times):.0f}" if timed else ""
            row = [set_name, name, f"{reads[name]}/{count}", wrong[name], median, slow]
            print("| " + " | ".join(map(str, row)) + " |")
        ratio = reads["ours"] / max(1, reads["cascade + zxing, plain"])
        print(f"| {set_name} | ours / cascade + zxing, plain | {ratio:.3f}x | | | |", flush=True)


def main(argv: list[str] | None = None) -> None:
    """Command line: ``--count`` photos per set."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=100, help="photos per set (default 100)")
    run(parser.parse_args(argv).count)


if __name__ == "__main__":
    main()
