"""One scan line across EAN/UPC bars: its edges, guards and the digits it shows clearly.

The single-line half of ``scanlines.py``, which votes over many such lines. On a line:

- the edges are gradient extrema with sub-pixel interpolation, measured against the
  local contrast, so glare that lowers contrast does not move them;
- guards are bar, space, bar of a module each with a quiet zone outside; every start
  and end guard pair whose distance fits a layout is read;
- the digits are read walking from each guard and out from the centre guard, following
  the local module width (a curved code's modules shrink toward its sides); a glare spot
  stops one walk, not the others, and walks that disagree on a digit leave it unclear;
- each digit is read two ways, by its like-edge distances (immune to bars printed or
  imaged too wide or thin) and by the light profile against blurred templates (Gallo and
  Manduchi's deformable templates, on a grid): a way that is unclear abstains, and the
  digit counts when one way is clear and the other does not disagree.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field

import cv2
import numpy as np

from device.barcode.ean_symbology import (
    CONTEXT_MODULES,
    LAYOUTS,
    SAMPLES_PER_MODULE,
    DigitMatches,
    Layout,
    LayoutSpec,
    match_digits,
    match_profile,
)

EDGE_WINDOW_PX = 21
"""Local contrast is the strongest gradient within this many pixels along the line."""
EDGE_FRACTION = 0.2
"""An edge is a gradient extremum at least this fraction of the local contrast..."""
EDGE_MIN = 3.0
"""...and at least this many grey levels per sample along the line (after smoothing)."""
QUIET_ZONE_MODULES = 4.0
"""Light space a guard needs outside it, in modules (print specs ask 7 to 11)."""
GUARD_RATIO = 2.2
"""Widest / narrowest element a guard (three 1-module elements) may have."""
MAX_DIGIT_DISTANCE = 1.2
"""Widths read a digit when this close (summed error, in modules) to its pattern..."""
MIN_DIGIT_MARGIN = 0.3
"""...and the next digit's pattern is at least this much farther away."""
MIN_FIT = 0.8
"""The light profile reads a digit when its template correlates at least this well..."""
MIN_FIT_MARGIN = 0.03
"""...and better by this much than any other digit's."""


@dataclass(frozen=True, slots=True)
class LineRead:
    """What one scan line read of one code: a symbol per position, None where unclear."""

    layout: Layout
    symbols: tuple[str | None, ...]
    """Digit and set per position, e.g. "7L", "3G", "0R"."""
    start_x: float
    """Where the start guard's first bar begins on the line."""
    end_x: float
    """Where the end guard's last bar ends."""
    line: int = 0
    """Which line of its image, counted from the first."""

    @property
    def width_px(self) -> float:
        """The code's length along the line, guard to guard."""
        return self.end_x - self.start_x


def find_edges(rows: np.ndarray) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Per row: sub-pixel edge positions and their signs (-1 light to dark, +1 back).

    Consecutive edges of one sign are merged into the strongest: between two edges the
    colour must change.
    """
    gradient = (rows[:, 2:] - rows[:, :-2]) * 0.5
    strength = np.abs(gradient)
    local = cv2.dilate(strength, np.ones((1, EDGE_WINDOW_PX), np.uint8))
    left, mid, right = strength[:, :-2], strength[:, 1:-1], strength[:, 2:]
    peaks = (mid >= left) & (mid > right) & (mid >= EDGE_MIN)
    peaks &= mid >= EDGE_FRACTION * local[:, 1:-1]
    for peak_row, grad_row, str_row in zip(peaks, gradient, strength, strict=True):
        index = np.flatnonzero(peak_row) + 1
        if len(index) < 8:
            yield np.empty(0), np.empty(0)
            continue
        a, b, c = str_row[index - 1], str_row[index], str_row[index + 1]
        denominator = a - 2 * b + c
        offset = np.where(denominator < 0, 0.5 * (a - c) / np.minimum(denominator, -1e-6), 0.0)
        # +1: the gradient at i is centred on pixel i + 1 of the row
        position = index + 1 + offset
        sign = np.sign(grad_row[index])
        group = np.concatenate(([0], np.cumsum(sign[1:] != sign[:-1])))
        order = np.lexsort((-b, group))
        first = np.concatenate(([True], group[order][1:] != group[order][:-1]))
        keep = np.sort(order[first])
        yield position[keep], sign[keep]


def _guards(positions: np.ndarray, signs: np.ndarray, line_length: float):
    """Start and end guard candidates: (edge index, module width in px) each.

    A guard is bar, space, bar of about one module each, with a quiet zone outside it.
    """
    widths = np.diff(positions)
    if len(widths) < 3:
        return [], []
    triples = np.lib.stride_tricks.sliding_window_view(widths, 3)
    module = triples.mean(axis=1)
    even = (signs[: len(triples)] < 0) & (triples.max(axis=1) <= GUARD_RATIO * triples.min(axis=1))
    before = np.concatenate(([positions[0]], widths[: len(triples) - 1]))
    after = np.concatenate((widths[3:], [line_length - positions[-1]]))
    starts = np.flatnonzero(even & (before >= QUIET_ZONE_MODULES * module))
    ends = np.flatnonzero(even & (after >= QUIET_ZONE_MODULES * module))
    return (
        [(int(i), float(module[i])) for i in starts],
        [(int(i) + 3, float(module[i])) for i in ends],
    )


def nearest_edge(line: ScanLine, x: float, sign: int, tol: float) -> list[int]:
    """Indices of edges of ``sign`` within ``tol`` of ``x``, nearest first."""
    positions = line.xs
    lo, hi = bisect_left(positions, x - tol), bisect_right(positions, x + tol)
    found = [j for j in range(lo, hi) if line.ss[j] == sign]
    return sorted(found, key=lambda j: abs(positions[j] - x))


@dataclass(frozen=True, slots=True)
class ScanLine:
    """One scan line's edges and the digit every run of four elements would be."""

    xs: list[float]
    """Edge positions along the line, in order."""
    ss: list[int]
    """Their signs: -1 light to dark (a bar starts), +1 dark to light."""
    left: DigitMatches
    right: DigitMatches
    profile: np.ndarray
    """The light along the line (the edges' coordinates index it)."""
    fits: dict = field(default_factory=dict)
    """Profile fits already made, by (first edge, right half)."""

    @property
    def grid(self) -> np.ndarray:
        """The coordinates of the profile's samples."""
        return np.arange(len(self.profile), dtype=np.float32)


def _digit_at(line: ScanLine, x: float, module: float, forward: bool, right_half: bool):
    """The digit whose boundary edge lies near ``x``: (symbol or None, far edge or None).

    The four elements from the nearest edge of the right kind that span about a digit's
    width are read two ways, by their widths and by the light profile across them; a
    way that is not clear abstains, and the two must not disagree. The far edge is
    given even when the symbol is not clear, so the walk keeps step.
    """
    positions = line.xs
    # a left digit starts and ends at the end of a bar (rising edge), a right one at the
    # start of a bar (falling edge)
    sign = -1 if right_half else 1
    for j in nearest_edge(line, x, sign, 0.8 * module)[:2]:
        lo, hi = (j, j + 4) if forward else (j - 4, j)
        if lo < 0 or hi >= len(positions):
            continue
        span = positions[hi] - positions[lo]
        if 0.75 * 7 * module <= span <= 1.3 * 7 * module:
            break
    else:
        return None, None
    far = hi if forward else lo
    seen = set()
    matches = line.right if right_half else line.left
    if matches.distance[lo] <= MAX_DIGIT_DISTANCE and matches.margin[lo] >= MIN_DIGIT_MARGIN:
        seen.add(str(matches.symbol[lo]))
    key = (lo, right_half)
    if key not in line.fits:
        line.fits[key] = _profile_fit(line, positions[lo], positions[hi], right_half)
    symbol, fit, margin = line.fits[key]
    if fit >= MIN_FIT and margin >= MIN_FIT_MARGIN:
        seen.add(symbol)
    return (seen.pop() if len(seen) == 1 else None), far


def _profile_fit(line: ScanLine, x0: float, x7: float, right_half: bool):
    """The light across one digit (with a module of context each side) against templates."""
    module = (x7 - x0) / 7
    count = (7 + 2 * CONTEXT_MODULES) * SAMPLES_PER_MODULE
    offsets = (np.arange(count) + 0.5) / SAMPLES_PER_MODULE - CONTEXT_MODULES
    samples = np.interp(x0 + offsets * module, line.grid, line.profile)
    return match_profile(samples, right_half)


def _walk(line: ScanLine, digits, x: float, module: float, forward: bool) -> dict[int, str]:
    """Digits read one after the other from a guard, following the bars' local width.

    ``digits``: (first module, right half) of each digit, in walking order. Each digit
    read moves the cursor to its far edge and updates the module width (a curved code's
    modules shrink toward its sides); where the elements do not span a digit, the cursor
    moves on by the expected width. Returns the clear symbols by first module.
    """
    symbols: dict[int, str] = {}
    previous_right = digits[0][1]
    for start_module, right_half in digits:
        if right_half != previous_right:
            # crossing the centre guard: five 1-module elements
            x += (5 if forward else -5) * module
            previous_right = right_half
        symbol, far = _digit_at(line, x, module, forward, right_half)
        if far is None:
            x += (7 if forward else -7) * module
            continue
        if symbol is not None:
            symbols[start_module] = symbol
        module = 0.5 * module + 0.5 * abs(line.xs[far] - x) / 7
        x = line.xs[far]
    return symbols


def _centre_guard(line: ScanLine, start_x: float, end_x: float, spec: LayoutSpec) -> int | None:
    """The edge where the centre guard (five 1-module elements) begins, if found.

    Looked for within a few modules of where the guards put it: a curved code's centre
    is not halfway between its ends in the image.
    """
    module = (end_x - start_x) / spec.modules
    expected = start_x + (spec.centre_module or 0) * module
    for j in nearest_edge(line, expected, 1, 4 * module):
        if j + 5 >= len(line.xs):
            continue
        widths = [line.xs[j + n + 1] - line.xs[j + n] for n in range(5)]
        if 0.5 * module <= min(widths) and max(widths) <= 1.6 * module:
            return j
    return None


def read_digits(
    line: ScanLine, spec: LayoutSpec, start_x: float, end_x: float, i: int | None, k: int | None
) -> list[str | None]:
    """Every digit of a code from ``start_x`` to ``end_x`` on the line.

    Read by walking from the start guard (at edge ``i``), from the end guard (ending at
    edge ``k``), and out from the centre guard when it is found: a glare spot in the
    middle of the line stops the walks from the ends, not this one, and one over a guard
    stops only that guard's walk (None: the guard was not seen on this line).
    A digit the walks read differently is unclear; one only one walk reached counts.
    """
    positions = line.xs
    left = [(s, False) for s in spec.left_starts]
    right = [(s, True) for s in spec.right_starts]
    walks = []
    if i is not None:
        start_module = (positions[i + 3] - positions[i]) / 3
        walks.append(_walk(line, left + right, positions[i + 3], start_module, True))
    if k is not None:
        end_guard = 6 if spec.centre_module is None else 3
        end_module = (positions[k] - positions[k - end_guard]) / end_guard
        walks.append(_walk(line, (left + right)[::-1], positions[k - end_guard], end_module, False))
    if spec.centre_module is not None:
        centre = _centre_guard(line, start_x, end_x, spec)
        if centre is not None:
            centre_module = (positions[centre + 5] - positions[centre]) / 5
            walks.append(_walk(line, left[::-1], positions[centre], centre_module, False))
            walks.append(_walk(line, right, positions[centre + 5], centre_module, True))
    symbols: list[str | None] = []
    for start, _ in left + right:
        seen = {walk[start] for walk in walks if start in walk}
        symbols.append(seen.pop() if len(seen) == 1 else None)
    return symbols


def make_line(positions: np.ndarray, signs: np.ndarray, profile: np.ndarray) -> ScanLine:
    """A line's edges with every run of four elements matched by widths (done at once)."""
    widths = np.diff(positions)
    return ScanLine(
        positions.tolist(),
        signs.astype(int).tolist(),
        match_digits(widths, False),
        match_digits(widths, True),
        profile,
    )


def read_line(positions: np.ndarray, signs: np.ndarray, profile: np.ndarray) -> list[LineRead]:
    """The codes one line's edges may hold: every guard pair a layout fits."""
    line_length = len(profile)
    if len(positions) < 20:
        return []
    starts, ends = _guards(positions, signs, line_length)
    if not starts or not ends:
        return []
    line = make_line(positions, signs, profile)
    reads = []
    for i, start_module in starts:
        for k, end_module in ends:
            if k <= i:
                continue
            span = positions[k] - positions[i]
            module = (start_module + end_module) / 2
            for layout, spec in LAYOUTS.items():
                if not 0.7 <= span / (spec.modules * module) <= 1.4:
                    continue
                if layout is Layout.UPCE and not _has_upce_end(positions, signs, k, module):
                    continue
                symbols = read_digits(line, spec, positions[i], positions[k], i, k)
                if sum(s is not None for s in symbols) >= len(symbols) // 2:
                    reads.append(LineRead(layout, tuple(symbols), positions[i], positions[k]))
    return reads


def guard_near(line: ScanLine, x: float, module: float, at_start: bool) -> int | None:
    """A bar-space-bar guard beginning (or, not ``at_start``, ending) near ``x``."""
    for j in nearest_edge(line, x, -1 if at_start else 1, module):
        lo = j if at_start else j - 3
        if lo < 0 or lo + 3 >= len(line.xs):
            continue
        widths = [line.xs[lo + n + 1] - line.xs[lo + n] for n in range(3)]
        if max(widths) <= GUARD_RATIO * min(widths) and max(widths) <= 2 * module:
            return j
    return None


def _has_upce_end(positions: np.ndarray, signs: np.ndarray, k: int, module: float) -> bool:
    """Whether the end guard at edge ``k`` is UPC-E's 010101: three thin bars, not two."""
    if k < 6:
        return False
    widths = np.diff(positions[k - 6 : k + 1])
    return bool(widths.max() <= GUARD_RATIO * widths.min() and widths.mean() < 1.6 * module)
