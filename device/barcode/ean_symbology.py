"""The EAN/UPC bar patterns: digits as element widths, guards, parity and code layouts.

Pure tables and arithmetic, no image: ``scanlines.py`` measures element widths on scan
lines and asks this module which digit they spell. Each digit takes 7 modules in 4
elements (2 spaces, 2 bars). The left half of an EAN-13 uses the L (odd parity) or G
(even parity) set, and the order of L and G over its six digits encodes the 13th,
leading digit; the right half uses R, whose widths are those of L with the colours
swapped. G is L's widths reversed. UPC-A is an EAN-13 with a leading 0; EAN-8 has four
L and four R digits; UPC-E has six L/G digits whose parity encodes number system and
check digit, and a six-module end guard.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np

L_WIDTHS: tuple[tuple[int, int, int, int], ...] = (
    (3, 2, 1, 1),
    (2, 2, 2, 1),
    (2, 1, 2, 2),
    (1, 4, 1, 1),
    (1, 1, 3, 2),
    (1, 2, 3, 1),
    (1, 1, 1, 4),
    (1, 3, 1, 2),
    (1, 2, 1, 3),
    (3, 1, 1, 2),
)
"""Element widths in modules of digits 0-9 in the L set (space first; R: bar first)."""

G_WIDTHS = tuple(tuple(reversed(widths)) for widths in L_WIDTHS)
"""The G (even parity) set: L's widths in reverse order."""

EAN13_PARITY = (
    "LLLLLL",
    "LLGLGG",
    "LLGGLG",
    "LLGGGL",
    "LGLLGG",
    "LGGLLG",
    "LGGGLL",
    "LGLGLG",
    "LGLGGL",
    "LGGLGL",
)
"""The L/G sets of an EAN-13's left six digits, by its leading digit."""

UPCE_PARITY_NS0 = (
    "GGGLLL",
    "GGLGLL",
    "GGLLGL",
    "GGLLLG",
    "GLGGLL",
    "GLLGGL",
    "GLLLGG",
    "GLGLGL",
    "GLGLLG",
    "GLLGLG",
)
"""The L/G sets of a UPC-E's six digits in number system 0, by its check digit
(number system 1 swaps L and G)."""

# Every left-half candidate: (digit, parity) with its widths, as one array for matching.
_LEFT_CANDIDATES = [(d, "L") for d in range(10)] + [(d, "G") for d in range(10)]
_LEFT_WIDTHS = np.array([L_WIDTHS[d] if p == "L" else G_WIDTHS[d] for d, p in _LEFT_CANDIDATES])
_RIGHT_WIDTHS = np.array(L_WIDTHS)
BAR_SUM_SLACK = 0.8
"""Modules by which a digit's two bars together may be wider or narrower than printed
before it costs distance (ink spread and blur widen bars on real photos)."""


def _edge_distances(widths: np.ndarray) -> np.ndarray:
    """Distances between like edges (bar start to bar start, space start to space start).

    A bar printed or imaged wider by some amount widens one element and narrows its
    neighbour by the same: the sums of neighbours do not move (the reference decode
    algorithm of ISO/IEC 15420 rests on them).
    """
    return widths[..., :3] + widths[..., 1:]


def _bar_sums(widths: np.ndarray, bars_first: np.ndarray | bool) -> np.ndarray:
    """The two bars' widths added up (elements 2 and 4, or 1 and 3 when bars come first)."""
    odd = widths[..., 1] + widths[..., 3]
    even = widths[..., 0] + widths[..., 2]
    return np.where(bars_first, even, odd)


class Layout(StrEnum):
    """The EAN/UPC code layouts, by how their modules are laid out."""

    EAN13 = "EAN13"
    """95 modules: guard, 6 digits (L/G), centre guard, 6 digits (R), guard. UPC-A too."""
    EAN8 = "EAN8"
    """67 modules: guard, 4 digits (L), centre guard, 4 digits (R), guard."""
    UPCE = "UPCE"
    """51 modules: guard, 6 digits (L/G), six-module end guard."""


@dataclass(frozen=True, slots=True)
class LayoutSpec:
    """Where each digit of a layout starts, in modules from the first bar of the code."""

    modules: int
    left_starts: tuple[int, ...]
    """Digits read with the L/G sets (space first)."""
    right_starts: tuple[int, ...]
    """Digits read with the R set (bar first)."""
    centre_module: int | None
    """The first module of the centre guard (01010), None for UPC-E."""


LAYOUTS: dict[Layout, LayoutSpec] = {
    Layout.EAN13: LayoutSpec(
        95, tuple(3 + 7 * i for i in range(6)), tuple(50 + 7 * i for i in range(6)), 45
    ),
    Layout.EAN8: LayoutSpec(
        67, tuple(3 + 7 * i for i in range(4)), tuple(36 + 7 * i for i in range(4)), 31
    ),
    Layout.UPCE: LayoutSpec(51, tuple(3 + 7 * i for i in range(6)), (), None),
}


@dataclass(frozen=True, slots=True)
class DigitMatches:
    """The nearest digit to every run of four elements of a scan line (index: first one)."""

    symbol: np.ndarray
    """Digit and set, e.g. "7L", "3G", "0R"."""
    distance: np.ndarray
    """Summed width error in modules (0 for a perfect print)."""
    margin: np.ndarray
    """How much nearer than the nearest other digit's pattern (not the same digit's other
    parity: L and G of one digit are told apart by parity, which the layout checks)."""


_LEFT_SYMBOLS = np.array([f"{d}{p}" for d, p in _LEFT_CANDIDATES])
_RIGHT_SYMBOLS = np.array([f"{d}R" for d in range(10)])
_LEFT_DIGITS = np.array([d for d, _ in _LEFT_CANDIDATES])


def match_digits(widths: np.ndarray, right_half: bool) -> DigitMatches:
    """The digit nearest to each run of four consecutive widths (any unit, any scale).

    Each run is scaled to 7 modules. The distance is the summed error of the three
    like-edge distances, which bar growth leaves alone, plus how far the two bars' total
    is off by more than ``BAR_SUM_SLACK``: that alone tells 1 from 7 and 2 from 8, whose
    like-edge distances are equal.
    """
    if len(widths) < 4:
        empty = np.empty(0)
        return DigitMatches(empty.astype(str), empty, empty)
    runs = np.lib.stride_tricks.sliding_window_view(widths, 4)
    scaled = runs * (7.0 / runs.sum(axis=1, keepdims=True))
    table = _RIGHT_WIDTHS if right_half else _LEFT_WIDTHS
    # L and G digits begin with a space, R digits with a bar: the bars are elements 2, 4
    # on the left and 1, 3 on the right, whatever the set.
    bars = _bar_sums(scaled, right_half)[:, None]
    table_bars = _bar_sums(table, right_half)[None, :]
    edges = _edge_distances(scaled)[:, None, :]
    distances = np.abs(_edge_distances(table)[None, :, :] - edges).sum(axis=2)
    distances += np.maximum(0.0, np.abs(table_bars - bars) - BAR_SUM_SLACK)
    best = np.argmin(distances, axis=1)
    rows = np.arange(len(runs))
    best_distance = distances[rows, best]
    digits = best if right_half else _LEFT_DIGITS[best]
    table_digits = np.arange(10) if right_half else _LEFT_DIGITS
    others = np.where(table_digits[None, :] == digits[:, None], np.inf, distances)
    symbols = (_RIGHT_SYMBOLS if right_half else _LEFT_SYMBOLS)[best]
    return DigitMatches(symbols, best_distance, others.min(axis=1) - best_distance)


def ean13_leading_digit(parities: str) -> int | None:
    """The leading digit an EAN-13's six left parities encode, None if no digit has them."""
    return EAN13_PARITY.index(parities) if parities in EAN13_PARITY else None


def upce_system_and_check(parities: str) -> tuple[int, int] | None:
    """A UPC-E's number system and check digit from its six parities, None if invalid."""
    if parities in UPCE_PARITY_NS0:
        return 0, UPCE_PARITY_NS0.index(parities)
    swapped = parities.translate(str.maketrans("LG", "GL"))
    if swapped in UPCE_PARITY_NS0:
        return 1, UPCE_PARITY_NS0.index(swapped)
    return None


SAMPLES_PER_MODULE = 4
"""Profile samples per module when a digit is matched against blurred templates."""
CONTEXT_MODULES = 1
"""Modules of the neighbouring elements (of known colour) sampled on each side."""
_BLUR_MODULES = (0.25, 0.45, 0.65, 0.85)
_GROWTH_MODULES = (-0.3, 0.0, 0.3)


def _template_bank(widths: np.ndarray, bars_first: bool) -> np.ndarray:
    """Each pattern's light profile, blurred and grown, z-scored: (patterns, variants, samples).

    1 is light, 0 dark; one context module each side: a digit that starts with a space
    follows a bar and is followed by a space, one that starts with a bar the reverse.
    """
    fine = 40  # points per module before blurring
    n_modules = 7 + 2 * CONTEXT_MODULES
    x = (np.arange(n_modules * fine) + 0.5) / fine - CONTEXT_MODULES
    bank = []
    for pattern in widths:
        edges = np.concatenate(([0], np.cumsum(pattern)))
        variants = []
        for growth in _GROWTH_MODULES:
            # element k spans edges[k]..edges[k+1]; bars grow by `growth` (half each side)
            light = np.ones_like(x) if bars_first else np.zeros_like(x)
            light = np.where(x < 0, 1.0 if bars_first else 0.0, light)  # context before
            for k in range(4):
                is_bar = (k % 2 == 0) == bars_first
                lo, hi = edges[k], edges[k + 1]
                if is_bar:
                    lo, hi = lo - growth / 2, hi + growth / 2
                inside = (x >= lo) & (x < hi)
                light = np.where(inside, 0.0 if is_bar else 1.0, light)
            # the context after the digit: a space after L/G (ends with a bar), a bar after R
            after = x >= 7 + (growth / 2 if not bars_first else -growth / 2)
            light = np.where(after, 0.0 if bars_first else 1.0, light)
            if not bars_first:
                # the bar before an L/G digit grows into it too
                light = np.where(x < growth / 2, 0.0, light)
            for blur in _BLUR_MODULES:
                radius = int(4 * blur * fine)
                kernel = np.exp(-0.5 * (np.arange(-radius, radius + 1) / (blur * fine)) ** 2)
                smooth = np.convolve(
                    np.pad(light, radius, mode="edge"), kernel / kernel.sum(), "valid"
                )
                samples = smooth.reshape(-1, fine // SAMPLES_PER_MODULE).mean(axis=1)
                samples = samples - samples.mean()
                variants.append(samples / (np.linalg.norm(samples) + 1e-9))
        bank.append(variants)
    return np.array(bank)


_LEFT_BANK = _template_bank(_LEFT_WIDTHS, bars_first=False)
_RIGHT_BANK = _template_bank(_RIGHT_WIDTHS, bars_first=True)


def match_profile(samples: np.ndarray, right_half: bool) -> tuple[str, float, float]:
    """The digit whose blurred template best fits a light profile across one digit.

    ``samples``: the profile from ``CONTEXT_MODULES`` before the digit's first module to
    as many after its last, ``SAMPLES_PER_MODULE`` per module. The fit is the
    correlation, best over a few blurs and bar growths (the deformable-template idea of
    Gallo and Manduchi, 2011, on a grid): it reads digits whose narrow elements blur
    has merged, where edge widths mislead. Returns (symbol, correlation, margin over the
    best other digit).
    """
    centred = samples - samples.mean()
    norm = np.linalg.norm(centred)
    if norm == 0:
        return "", 0.0, 0.0
    bank = _RIGHT_BANK if right_half else _LEFT_BANK
    fits = (bank @ (centred / norm)).max(axis=1)
    best = int(np.argmax(fits))
    digits = np.arange(10) if right_half else _LEFT_DIGITS
    other = np.where(digits == digits[best], -np.inf, fits).max()
    symbol = (_RIGHT_SYMBOLS if right_half else _LEFT_SYMBOLS)[best]
    return str(symbol), float(fits[best]), float(fits[best] - other)
