"""A multi-scan-line EAN/UPC reader that votes digit by digit across lines.

zbar and zxing-cpp need one scan line to read a code (zbar one line per half). Under a
glare spot, a crease or a curved can, no line may: every digit is readable on some line,
but each line has a bad stretch. This reader takes many lines across the bars (rows and
columns, each way), reads on each the digits it shows clearly (``scanline_digits.py``),
reads again the lines where a guard is hidden, where their neighbours put the guards
(``reread_with_geometry``), and lets every line vote per digit position.

A code is reported only when every position has a clear winner (``MIN_VOTES``,
``MIN_MARGIN``), the parities spell a valid leading digit (EAN-13) or number system and
check digit (UPC-E), and the digits pass ``Gtin.parse``. ``quality`` tells how much of
the code voted for its weakest digit; ``confirm.py`` decides when that is enough to
stand alone.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import replace

import cv2
import numpy as np

from device.barcode.ean_symbology import (
    LAYOUTS,
    Layout,
    ean13_leading_digit,
    upce_system_and_check,
)
from device.barcode.engines import Engine, Format, RawRead
from device.barcode.scanline_digits import (
    LineRead,
    find_edges,
    guard_near,
    make_line,
    read_digits,
    read_line,
)
from household.errors import InvalidGtin
from household.gtin import Gtin

LINES_PER_AXIS = 60
"""Scan lines per image and axis (fewer on small images: at least LINE_STEP_PX apart)."""
LINE_STEP_PX = 2
"""The closest two scan lines may be, in pixels (neighbouring rows tell little more)."""
UPSAMPLE = 2
"""Samples per pixel along a line: a module under 2 px still gets two separate edges."""
MIN_VOTES = 3
"""Lines that must agree on every position."""
MIN_MARGIN = 3.0
"""The winner of each position must have this many times the runner-up's votes."""


def _line_fit(n: np.ndarray, values: np.ndarray) -> tuple[float, float]:
    """Slope and intercept of values against line numbers (flat if all on one line)."""
    if np.ptp(n) == 0:
        return 0.0, float(np.median(values))
    slope, intercept = np.polyfit(n, values, 1)
    return float(slope), float(intercept)


def reread_with_geometry(
    lines: list[tuple[np.ndarray, np.ndarray]],
    rows: np.ndarray,
    reads: list[LineRead],
    layout: Layout,
) -> list[LineRead]:
    """Lines that gave no read of ``layout``, read again where their neighbours put the code.

    On an upright or straightened code the guards lie on two straight lines across the
    scan lines, so the lines that found both guards tell where they are on the others:
    there a glare spot over one guard, or a quiet zone cut by print, no longer loses
    the line. Each guard's position is fitted against the line number (least squares,
    then again without the reads more than 2 modules off: one code per layout).
    """
    spec = LAYOUTS[layout]
    if len(reads) < 2:
        return []
    n = np.array([r.line for r in reads], float)
    starts = np.array([r.start_x for r in reads])
    ends = np.array([r.end_x for r in reads])
    module = float(np.median(ends - starts)) / spec.modules
    fits = []
    for values in (starts, ends):
        fit = _line_fit(n, values)
        inliers = np.abs(fit[0] * n + fit[1] - values) <= 2 * module
        fits.append(_line_fit(n[inliers], values[inliers]) if inliers.sum() >= 2 else fit)
    done = {r.line for r in reads}
    low, high = int(n.min()) - 2, int(n.max()) + 2
    extra = []
    for index in range(max(0, low), min(len(lines), high + 1)):
        positions, signs = lines[index]
        if index in done or len(positions) < 12:
            continue
        start_x = fits[0][0] * index + fits[0][1]
        end_x = fits[1][0] * index + fits[1][1]
        line = make_line(positions, signs, rows[index])
        i = guard_near(line, start_x, module, True)
        k = guard_near(line, end_x, module, False)
        symbols = read_digits(line, spec, start_x, end_x, i, k)
        if sum(s is not None for s in symbols) >= 2:
            extra.append(LineRead(layout, tuple(symbols), start_x, end_x, index))
    return extra


def _line_sources(gray: np.ndarray) -> Iterator[tuple[np.ndarray, int]]:
    """Scan lines across both axes, each way: (lines as float32 rows, pixels apart).

    Lines are smoothed a little along the bars (noise) and barely across them, and
    resampled at twice the pixels along the line, so a module under 2 px still has two
    separate edges.
    """
    smooth = cv2.GaussianBlur(gray.astype(np.float32), (0, 0), sigmaX=0.5, sigmaY=1.5)
    for image in (smooth, smooth.T):
        step = max(LINE_STEP_PX, image.shape[0] // LINES_PER_AXIS)
        sampled = image[step // 2 :: step]
        size = (UPSAMPLE * sampled.shape[1], sampled.shape[0])
        rows = cv2.resize(sampled, size, interpolation=cv2.INTER_CUBIC)
        yield rows, step
        yield np.ascontiguousarray(rows[:, ::-1]), step


def vote(reads: list[LineRead]) -> tuple[list[str], int] | None:
    """The winning symbol per position and the weakest winner's votes, None if split."""
    winners, weakest = [], None
    for position in range(len(reads[0].symbols)):
        tally = Counter(r.symbols[position] for r in reads if r.symbols[position] is not None)
        ranked = tally.most_common(2)
        if not ranked:
            return None
        top = ranked[0][1]
        second = ranked[1][1] if len(ranked) > 1 else 0
        if top < MIN_VOTES or top < MIN_MARGIN * second:
            return None
        winners.append(ranked[0][0])
        weakest = top if weakest is None else min(weakest, top)
    return winners, weakest or 0


def spell(layout: Layout, symbols: list[str]) -> tuple[Format, str] | None:
    """The code the winning symbols spell, or None if the parities or check digit fail."""
    digits = "".join(s[0] for s in symbols)
    parities = "".join(s[1] for s in symbols)
    if layout is Layout.EAN13:
        leading = ean13_leading_digit(parities[:6])
        if leading is None:
            return None
        fmt, text = Format.EAN13, f"{leading}{digits}"
    elif layout is Layout.EAN8:
        if parities != "LLLLRRRR":
            return None
        fmt, text = Format.EAN8, digits
    else:
        system = upce_system_and_check(parities)
        if system is None:
            return None
        fmt, text = Format.UPCE, f"{system[0]}{digits}{system[1]}"
    try:
        Gtin.parse(text, fmt.value)
    except InvalidGtin:
        return None
    return fmt, text


def read_scanlines(gray: np.ndarray) -> list[RawRead]:
    """The EAN/UPC codes many scan lines agree on, in rows and columns, either way.

    ``quality`` is the weakest position's votes times the line spacing: the height of
    bars, in pixels, that read it (like zbar's count of its one-pixel scan lines);
    ``width_px`` the code's width from guard to guard.
    """
    reads = []
    for rows, step in _line_sources(gray):
        lines = list(find_edges(rows))
        by_layout: dict[Layout, list[LineRead]] = {}
        for index, (positions, signs) in enumerate(lines):
            for found in read_line(positions, signs, rows[index]):
                by_layout.setdefault(found.layout, []).append(replace(found, line=index))
        for layout, line_reads in by_layout.items():
            line_reads = line_reads + reread_with_geometry(lines, rows, line_reads, layout)
            voted = vote(line_reads)
            if voted is None:
                continue
            spelled = spell(layout, voted[0])
            if spelled is None:
                continue
            width_px = np.median([r.width_px for r in line_reads]) / UPSAMPLE
            fmt, text = spelled
            reads.append(RawRead(fmt, text, Engine.SCANLINES, voted[1] * step, round(width_px)))
    return reads
