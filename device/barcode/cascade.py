"""Decode one image: try cheap image steps in turn and stop at the first confirmed read.

Most photos read at once (on the dev photos 87% of the reads come from the first step),
so the cascade costs extra time only on hard images. Each step answers a known weakness
of the decoders and added no wrong read on dev (bench/bench_decode.py shows which step
confirmed how many). The dev photos are small and mostly upright, so they show the value
of the first three steps; the rotations are kept on principle and on the held-out
baseline, where angled grocery photos needed them (BASELINE.md):

- ``half-size``: a first, coarse look at a large image (long side 1000 px or more): a
  code held up to a webcam has bars several pixels wide, and reads at a quarter of the
  cost (dev photos enlarged to 1280 px: median 8 ms instead of 34, same reads); a code
  too small for it still gets the full image next. Downscaling also rescued large phone
  photos in the held-out baseline;
- ``as-is``: the image itself;
- ``clahe+up2x``: local contrast for shadows and glare, and twice the pixels per bar on
  small images (the commonest rescue on dev);
- ``regions``: barcode-like regions found at any angle by OpenCV's localiser, cut out,
  turned upright and enlarged (``regions.py``): angled codes at a small cost. On dev
  photos turned by 20, 30 and 60 degrees (every fifth sharp photo with a code, 82) it reads
  71, 70 and 69 where the cascade without it read 66, 64 and 63, both halves of the zxing
  sets gaining and no wrong read; on the dev photos as they are, +2 (none at 1280 px).
  On a large image (long side 1000 px or more) the regions come right after the
  half-size look, before the whole image: zbar alone cost about 24 ms on a 1280x960
  frame on every line (12 ms now that it scans every second line of a large image,
  ``engines.SPARSE_SCAN_STEP``), the localiser about 6 ms and the small sheet a few
  more. On synthetic whole-product photos scaled to 1280 px
  (``bench/grocery_scenes.py``, 300 photos) the median went from 62 to 38 ms with one
  read more; dev photos at 1280 px read the same (381) in the same median (11.4 ms).
  A small photo is still read whole first: it is cheap there, and reads most;
- ``regions+clahe``: the same sheet, contrast-equalised, for a label lit unevenly or
  shaded towards the edges of a can. It was found on the synthetic photos (+3 of 150
  in each of two sets, no wrong read) and reads real ones too: dev +1, and at 1280 px +1
  (two dev photos it reads were read only by the scan-line steps before). Its reads
  are not a second step for "two steps agree" (``confirm.NOT_A_SECOND_STEP``);
- ``rotate+45`` / ``rotate-45``: zbar scans only rows and columns, so a diagonal code never
  meets a scan line; kept after ``regions`` for codes the localiser misses (replacing
  them by ``regions`` lost reads at 30 and 60 degrees). A small photo is turned from its
  ``clahe+up2x`` copy: on every second sharp dev photo turned by 20 to 70 degrees, half A
  (decided on) gains 1 to 6 reads per angle (45 degrees: 79 -> 82 of 88), half B 2 to 9
  (45 degrees: 72 -> 81 of 87), upright photos unchanged;
- ``rotate+22.5`` / ``rotate-22.5``: the same from the enlarged copy, for codes a little off
  both axes and the diagonals: +1 at 0, 10, 15, 20 and 75 degrees on half A, +2 at 15 and
  +1 at 30 and 75 on half B (on the bare image they had added at most one read on dev);
- ``sharpen``: an unsharp mask for slightly soft focus;
- ``adaptive``: a local threshold for uneven light across the label;
- ``denoise``: a Gaussian of 1 px before the contrast step, for the grain of a phone in a
  dim kitchen: every second sharp dev photo with noise of sigma 12 grey levels read 59 ->
  69 of 88 on half A (decided on), 57 -> 65 of 87 on half B, no wrong read; dev as is
  +4. Only on photos under 1000 px: on a 240 px dev photo blown up to 1280 px, smoothing
  made zbar read a wrong code cleanly (upca-2_11);
- ``2-D sharpened`` / ``2-D enlarged``: a QR code or DataMatrix whose modules the lens
  has softened into each other, read by zxing-cpp alone, for those two formats only
  (their error correction all but rules out a wrong payload, so a strong mask is safe
  there and would not be for bars): an unsharp mask of sigma 1 px and amount 1.5 (small
  photos enlarged 2x first), then, on a large image up to ``ENLARGE_2D_UP_TO``, the same
  mask on a 2x copy, where modules of 2 to 3 px become distinct. On synthetic
  whole-product photos (``bench/grocery_scenes.py``, seeds 5 to 8, the 195 with a 2-D
  code) 144 -> 147 -> 151 read as photos and 127 -> 133 -> 145 at 1280 px (each step in
  turn). On the dev QR and DataMatrix photos defocused, moved or held away in a 1280 px
  frame (``bench/bench_decode_2d.py``, 13 variants of 60) 582 -> 661 of 780, none wrong,
  the largest gains on codes held away and out of focus (at half size, 1 px: 31 -> 44).
  They cost only photos nothing read before them (medians do not move; the enlarged
  1280 px copy costs 25 to 35 ms);
- ``scanlines`` / ``scanlines full-size``: restock's own EAN/UPC reader
  (``scanlines.py``), which votes digit by digit across many scan lines, for codes no
  single line reads whole (glare, a curved can), on the contrast-equalised image at the
  scale it reads best (small photos 2x, large ones halved, then large ones at full size).
  Last, because it is slow (dev p95 103 -> 137 ms, at 1280 px 418 -> 504 ms; medians
  unchanged) and reads what the engines miss only now and then: on dev +4 (half A +3,
  B +1), at 1280 px +3 (A +1, B +2), alone or seconding a single engine's read; on
  OpenCV-made variants of every fifth sharp dev photo (``bench_decode.py --variants``,
  70 photos) +11 of 560: in a 1280x720 scene +3, a glare band +3, curved round a can
  +2, a specular blob, turned 20 degrees and JPEG q60 +1 each; no wrong read anywhere.
  Chosen on half A (on the as-is image it read +1 on dev and nothing in a scene). Left
  out of the frame cascade: alone it would overrun FRAME_BUDGET_S.

A photo wider than ``MAX_WIDTH`` is decoded scaled down to it (the speed goal is set at a
webcam's 1280 px); if that reads nothing, ``FULL_RESOLUTION_STEPS`` look once more at the
photo's own pixels, where a code too small for the scaled copy keeps its bars (single
photos only: a camera frame has its budget and the next frame). On every fifth sharp dev
photo with a 1-D code pasted at a random angle into an 8 MP scene (softened, JPEG 85),
filling a fifth of its width: half A 22 -> 28 of 34, half B 26 -> 28 of 36; filling 35%:
29 -> 30 and 29 -> 29; no wrong read, medians unchanged (the second look runs only on
failures).

A colour photo that still read nothing is looked at once more in its red channel
(``RED_CHANNEL_STEPS``, then at full size if it was scaled down): barcodes are printed
for red light (GS1 measures their contrast at 670 nm, as a laser scanner sees them), so
dark bars on a red, orange or yellow pack keep their contrast there while grey levels
can flatten them. On synthetic photos with half the codes on a coloured pack: +4 and +5
of 150 (two sets), on white labels +1 and +1, no wrong read; dev photos as they are
read the same (the look runs only on failures, so medians do not move).

Measured and left out: deblurring reads none of the 37 photos from fixed-focus cameras
(Wiener with a disc of radius 3, 5 or 8 px; Wiener and 15 Richardson-Lucy iterations
with a Gaussian across the bars, sigma 1.5 to 5 px; downscaling to 1/2 or 1/3; a strong
unsharp mask); histogram equalisation and Otsu each added at most one read on dev for a
longer worst case; a Gaussian smoothing before 2x and a 3x enlargement added
reads on one half of the zxing sets only; zxing-cpp's GlobalHistogram binarizer read the
same as its LocalAverage default, faster, but is the weaker one for 2-D codes in uneven
light, so the default stays.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from device.barcode.confirm import (
    CROSS_CHECKED,
    SECONDS_ONLY,
    DecodedCode,
    Observation,
    confirm,
    observe,
    read_cleanly,
    survives_cross_check,
)
from device.barcode.engines import (
    ENGINES,
    QUICK_ENGINES,
    Engine,
    Reader,
    read_zbar,
    read_zxing_2d,
    read_zxing_upright_ean13,
)
from device.barcode.regions import stack_regions
from device.barcode.scanlines import read_scanlines

MAX_WIDTH = 1280
"""Wider images are scaled down first: a 720p webcam's width, where decoding stays fast."""

SMALL_SIDE = 1000
"""Images whose long side is below this are enlarged 2x; others are first looked at halved."""


@dataclass(frozen=True, slots=True)
class Step:
    """One way of preparing the image for the decoders."""

    name: str
    transform: Callable[[np.ndarray], np.ndarray | None]
    """Grayscale in, grayscale out; None when the step does not apply to this image."""
    engines: Mapping[Engine, Reader] | None = None
    """The decoders this step asks instead of the cascade's own (None: the cascade's)."""


@dataclass(frozen=True, slots=True)
class DecodeResult:
    """What decoding one image gave."""

    codes: tuple[DecodedCode, ...]
    """The confirmed codes (empty when none could be confirmed)."""
    step: str | None
    """The cascade step that confirmed them, None when nothing was confirmed."""
    observations: tuple[Observation, ...]
    """Every check-digit-valid read, confirmed or not, for measuring and debugging."""


def _clahe(gray: np.ndarray) -> np.ndarray:
    return cv2.createCLAHE(clipLimit=2.0, tileGridSize=(8, 8)).apply(gray)


def _clahe_up2x(gray: np.ndarray) -> np.ndarray:
    equalised = _clahe(gray)
    if max(gray.shape) >= SMALL_SIDE:
        return equalised
    return cv2.resize(equalised, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC)


def _half_size(gray: np.ndarray) -> np.ndarray | None:
    if max(gray.shape) < SMALL_SIDE:
        return None
    return cv2.resize(gray, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)


def _rotate(degrees: float) -> Callable[[np.ndarray], np.ndarray]:
    def rotate(gray: np.ndarray) -> np.ndarray:
        # A small photo is turned from its contrast-equalised 2x copy: the turn blurs the
        # bars a little more, and codes that only read enlarged when upright need it too.
        gray = _clahe_up2x(gray) if max(gray.shape) < SMALL_SIDE else gray
        height, width = gray.shape
        matrix = cv2.getRotationMatrix2D((width / 2, height / 2), degrees, 1.0)
        cos, sin = abs(matrix[0, 0]), abs(matrix[0, 1])
        # grow the canvas so no corner (and no code in it) is cut off by the turn
        new_width, new_height = int(height * sin + width * cos), int(height * cos + width * sin)
        matrix[0, 2] += new_width / 2 - width / 2
        matrix[1, 2] += new_height / 2 - height / 2
        return cv2.warpAffine(gray, matrix, (new_width, new_height), borderValue=255)

    return rotate


def _unsharp(gray: np.ndarray, sigma: float, amount: float) -> np.ndarray:
    blurred = cv2.GaussianBlur(gray, (0, 0), sigma)
    return cv2.addWeighted(gray, 1 + amount, blurred, -amount, 0)


def _sharpen(gray: np.ndarray) -> np.ndarray:
    return _unsharp(gray, 2.0, 1.0)


def _denoise(gray: np.ndarray) -> np.ndarray | None:
    if max(gray.shape) >= SMALL_SIDE:
        return None  # see DENOISE's docstring bullet: a wrong read at 1280 px
    return _clahe_up2x(cv2.GaussianBlur(gray, (0, 0), 1.0))


_last_sheet = threading.local()


def _regions_sheet(gray: np.ndarray) -> np.ndarray | None:
    """``stack_regions(gray)``, kept for the image last asked about in this thread.

    ``regions`` and ``regions+clahe`` look at the same sheet: locating the regions again
    would cost the localiser's 6 ms on a 1280 px image a second time. The image itself is
    kept with its sheet, so it is recognised by identity and not mistaken for a new one.
    """
    last = getattr(_last_sheet, "value", None)
    if last is None or last[0] is not gray:
        last = (gray, stack_regions(gray))
        _last_sheet.value = last
    return last[1]


def _regions_contrast(gray: np.ndarray) -> np.ndarray | None:
    sheet = _regions_sheet(gray)
    return None if sheet is None else _clahe(sheet)


ENLARGE_2D_UP_TO = 1800
"""Long side up to which ``2-D enlarged`` doubles a large image (a 1280 px frame, a
portrait 1280x1707 copy); past it the enlarged copy would cost more than a full look."""


def _enlarged_and_sharpened(gray: np.ndarray) -> np.ndarray:
    # sigma 2 px on the 2x copy: the same mask relative to a module as sigma 1 px unenlarged
    enlarged = cv2.resize(gray, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC)
    return _unsharp(enlarged, 2.0, 1.5)


def _sharpened_2d(gray: np.ndarray) -> np.ndarray:
    if max(gray.shape) < SMALL_SIDE:
        return _enlarged_and_sharpened(gray)  # a small image is enlarged first
    return _unsharp(gray, 1.0, 1.5)


def _enlarged_2d(gray: np.ndarray) -> np.ndarray | None:
    if not SMALL_SIDE <= max(gray.shape) <= ENLARGE_2D_UP_TO:
        return None  # a small image was enlarged by ``2-D sharpened`` already
    return _enlarged_and_sharpened(gray)


def _adaptive(gray: np.ndarray) -> np.ndarray:
    return cv2.adaptiveThreshold(
        gray, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY, 31, 5
    )


# The half-size and as-is looks ask zxing-cpp without its downscaled and inverted passes
# (``engines.read_zxing_quick``). At 1280 px, synthetic whole-product photos read the same
# (119 and 110 of 150, 0 wrong) with medians 36.1 -> 32.5 and 38.1 -> 34.4 ms (same run);
# dev photos read the same (388; 381 at 1280 px). The half-size look is the downscaled
# one; a light-on-dark code is read from ``clahe+up2x`` on. The regions keep every pass:
# their sheet enlarges crops up to 3x, where zxing-cpp's downscaled pass read a synthetic
# EAN-8 that zbar alone could not confirm.
AS_IS = Step("as-is", lambda gray: gray, QUICK_ENGINES)
CLAHE_UP2X = Step("clahe+up2x", _clahe_up2x)
HALF_SIZE = Step("half-size", _half_size, QUICK_ENGINES)
REGIONS = Step("regions", _regions_sheet)
REGIONS_CONTRAST = Step("regions+clahe", _regions_contrast)
ROTATE_45 = Step("rotate+45", _rotate(45))
ROTATE_MINUS_45 = Step("rotate-45", _rotate(-45))
ROTATE_22 = Step("rotate+22.5", _rotate(22.5))
ROTATE_MINUS_22 = Step("rotate-22.5", _rotate(-22.5))
SHARPEN = Step("sharpen", _sharpen)
ADAPTIVE = Step("adaptive", _adaptive)
DENOISE = Step("denoise", _denoise)
_TWO_D_ONLY = {Engine.ZXING: read_zxing_2d}
SHARPENED_2D = Step("2-D sharpened", _sharpened_2d, _TWO_D_ONLY)
ENLARGED_2D = Step("2-D enlarged", _enlarged_2d, _TWO_D_ONLY)


def _scanline_view(gray: np.ndarray) -> np.ndarray:
    # the voting reader finds edges best with a module of 2 to 4 px: enlarge small
    # photos, halve large ones (a code in a 1280 px frame too small for that gets
    # the full-size look next)
    if max(gray.shape) < SMALL_SIDE:
        return _clahe_up2x(gray)
    return _clahe(cv2.resize(gray, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA))


def _scanline_full_size(gray: np.ndarray) -> np.ndarray | None:
    return _clahe(gray) if max(gray.shape) >= SMALL_SIDE else None


_VOTING_READER = {Engine.SCANLINES: read_scanlines}
SCANLINES = Step("scanlines", _scanline_view, _VOTING_READER)
SCANLINES_FULL_SIZE = Step("scanlines full-size", _scanline_full_size, _VOTING_READER)


def _sized(step: Step, *, large: bool) -> Step:
    """``step`` for images of ``SMALL_SIDE`` or more only (``large``), or for smaller ones.

    The regions steps come early for large images and late for small ones (see above).
    """

    def transform(gray: np.ndarray) -> np.ndarray | None:
        return step.transform(gray) if (max(gray.shape) >= SMALL_SIDE) == large else None

    return Step(step.name, transform, step.engines)


PHOTO_STEPS: tuple[Step, ...] = (
    HALF_SIZE,
    _sized(REGIONS, large=True),
    _sized(REGIONS_CONTRAST, large=True),
    AS_IS,
    CLAHE_UP2X,
    _sized(REGIONS, large=False),
    _sized(REGIONS_CONTRAST, large=False),
    ROTATE_45,
    ROTATE_MINUS_45,
    ROTATE_22,
    ROTATE_MINUS_22,
    SHARPEN,
    ADAPTIVE,
    DENOISE,
    SHARPENED_2D,
    ENLARGED_2D,
    SCANLINES,
    SCANLINES_FULL_SIZE,
)
"""Every step, for single photos (``restock decode``)."""

FRAME_STEPS: tuple[Step, ...] = (
    HALF_SIZE,
    REGIONS,
    CLAHE_UP2X,
    REGIONS_CONTRAST,
    AS_IS,
    ROTATE_45,
    ROTATE_MINUS_45,
    SHARPENED_2D,
    ENLARGED_2D,
)
"""A shorter cascade for camera frames: the next frame is another chance anyway. Ordered
by reads per millisecond on 1280 px frames, since the time budget cuts the tail: after
the quick half-size look, ``regions`` (a few ms: codes held at an angle, common in a
hand), then the contrast step, which rescues more upright codes than the plain
full-size image for about the same cost. Under the budget, on dev photos at 1280 px
this order reads 376 of 447 (the photo order: 377 unbudgeted 380), and on every fifth
sharp one turned by 30 degrees 63 of 82 with median 24 ms, against 59 of 82 and 59 ms
with ``regions`` after the full-size steps (each half of the zxing sets gains 2).
``regions+clahe`` after the contrast step: on synthetic whole-product frames
(``bench/grocery_scenes.py``, 300) 185 -> 192 reads, dev at 1280 px the same (373);
right after ``regions`` it read 198 but cost dev 3 frames to the budget. The 2-D steps
last, for a QR code or DataMatrix out of focus or held away from the webcam: as 1280x720
frames under the budget, the variants of ``bench/bench_decode_2d.py`` read 530 -> 654 of
780 in one frame, none wrong; dev frames read the same (375) with the same p95 (105 ms)."""

FULL_RESOLUTION_STEPS: tuple[Step, ...] = (
    REGIONS,
    REGIONS_CONTRAST,
    AS_IS,
    CLAHE_UP2X,
    SHARPEN,
    ADAPTIVE,
)
"""The second look, at full resolution, at a photo wider than MAX_WIDTH that read nothing.
``sharpen`` and ``adaptive`` there read QR codes softened by the lens whose modules the
scaled copy had merged: the 42 dev QR photos blurred (sigma 1.5 px) in a 3200x2400
photo read 28 -> 35, blurred more (2 px) 12 -> 20; on synthetic whole-product photos
(``bench/grocery_scenes.py``, four sets of 150) +2, +3, +2 and +3, no wrong read. Only
photos that read nothing pay for it (their p95 about 1.5 -> 2 s)."""

RED_CHANNEL_STEPS: tuple[Step, ...] = (
    HALF_SIZE,
    AS_IS,
    CLAHE_UP2X,
    REGIONS,
    REGIONS_CONTRAST,
    ROTATE_45,
    ROTATE_MINUS_45,
)
"""The look at a colour photo's red channel (``red_channel``) when grey read nothing: the
quick steps of the photo cascade, upright and turned."""

FRAME_BUDGET_S = 0.1
"""Time a live camera frame may spend in the cascade once its first look is done.
Without it a frame holding no code walks every step (dev photos at 1280 px: p95 about
0.42 s, worst about 0.7 s on the 2-core test machine) while newer frames wait; with it
p95 is about 0.12 s (the budget is checked before each decoder call, so a frame can
overrun it by one call) for 3 to 4 fewer single-frame reads of 447; the next frame is
another try."""


def cross_check_image(gray: np.ndarray) -> np.ndarray:
    """The image smoothed and, if small, enlarged 2x: a second look at thin bars.

    A Gaussian of sigma 1 px then 2x (sigma 2 px at full size on images of 1000 px or
    more, the same smoothing relative to the bars without quadrupling the pixels) evens
    out bars that sharpening or JPEG left a module thin; on the upca-4 dev photos it turns
    the read both engines agree on, 9074932437075, back into the printed 023942431015.
    """
    if max(gray.shape) >= SMALL_SIDE:
        return cv2.GaussianBlur(gray, (0, 0), 2.0)
    smoothed = cv2.GaussianBlur(gray, (0, 0), 1.0)
    return cv2.resize(smoothed, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC)


def _cross_checked(
    gray: np.ndarray,
    codes: Sequence[DecodedCode],
    cross_check: Reader | None,
    observations: Sequence[Observation],
) -> list[DecodedCode]:
    """The codes that survive the cross-check (``confirm.survives_cross_check``).

    zbar looks at the smoothed image too when no checked code was read cleanly by zbar:
    a dev photo in shade had zbar and zxing-cpp agree on the upca-4 misread along few
    scan lines, zxing-cpp read nothing on the smoothed copy, zbar another code. (zbar on
    every smoothed copy contested true reads: dev 386 -> 375, median 5 -> 12 ms.)
    """
    checked = [code for code in codes if code.format in CROSS_CHECKED]
    if cross_check is None or not checked:
        return list(codes)
    smoothed = cross_check_image(gray)
    raws = list(cross_check(smoothed))
    if not all(read_cleanly(code, observations) for code in checked):
        # every line: sparser lines read a dev photo's smoothed copy a second way
        # (upca-2_35 at 1280 px, on 1 line of 36) and cost it its true code
        raws += read_zbar(smoothed, scan_step=1)
    alternative = [obs for raw in raws if (obs := observe(raw, "cross-check")) is not None]
    return survives_cross_check(codes, alternative)


def to_gray(image: np.ndarray, max_width: int | None = MAX_WIDTH) -> np.ndarray:
    """An 8-bit grayscale copy of a BGR, BGRA or gray image, no wider than ``max_width``."""
    if image.ndim == 3 and image.shape[2] == 4:
        gray = cv2.cvtColor(image, cv2.COLOR_BGRA2GRAY)
    elif image.ndim == 3:
        gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    else:
        gray = image
    if gray.dtype != np.uint8:
        gray = cv2.normalize(gray, None, 0, 255, cv2.NORM_MINMAX).astype(np.uint8)
    if max_width and gray.shape[1] > max_width:
        height = round(gray.shape[0] * max_width / gray.shape[1])
        gray = cv2.resize(gray, (max_width, height), interpolation=cv2.INTER_AREA)
    return np.ascontiguousarray(gray)


def decode_gray(
    gray: np.ndarray,
    steps: Sequence[Step] = PHOTO_STEPS,
    engines: Mapping[Engine, Reader] = ENGINES,
    budget_s: float | None = None,
    clock: Callable[[], float] = time.perf_counter,
    cross_check: Reader | None = read_zxing_upright_ean13,
) -> DecodeResult:
    """Run the steps in order, each through every engine, until a read is confirmed.

    A confirmed EAN-13/UPC-A is then read once more by ``cross_check`` on a smoothed
    image (``cross_check_image``); if that reads a different one, the bars read more than
    one way and the EAN-13/UPC-A codes are not reported (None: no cross-check).

    With ``budget_s``, once the first step that applies has been through every engine,
    no decoder is started after that much time (on ``clock``) has passed: what was
    confirmed by then is all the image gives.
    """
    observations: list[Observation] = []
    deadline = None if budget_s is None else clock() + budget_s
    first_look_done = False
    for step in steps:
        prepared = step.transform(gray)
        if prepared is None:
            continue
        prepared = np.ascontiguousarray(prepared)
        step_engines = engines if step.engines is None else step.engines
        for index, (engine, read) in enumerate(step_engines.items(), start=1):
            if first_look_done and deadline is not None and clock() >= deadline:
                return DecodeResult((), None, tuple(observations))
            # an engine that can only second a 1-D read is not asked when there is none
            worth_asking = engine not in SECONDS_ONLY or any(
                obs.code.format.is_linear and obs.engine not in SECONDS_ONLY for obs in observations
            )
            for raw in read(prepared) if worth_asking else ():
                obs = observe(raw, step.name)
                if obs is not None:
                    observations.append(obs)
            step_complete = index == len(step_engines)
            codes = confirm(observations, step_complete=step_complete)
            # A QR code beside the EAN (a web link on the pack) must not end the step
            # before every engine has looked for the product code.
            if codes and (step_complete or any(c.format.is_linear for c in codes)):
                codes = _cross_checked(gray, codes, cross_check, observations)
                return DecodeResult(tuple(codes), step.name if codes else None, tuple(observations))
        first_look_done = True
    return DecodeResult((), None, tuple(observations))


def decode_image(
    image: np.ndarray,
    steps: Sequence[Step] = PHOTO_STEPS,
    max_width: int | None = MAX_WIDTH,
    budget_s: float | None = None,
) -> DecodeResult:
    """Decode a BGR or grayscale image (scaled down to ``max_width`` first).

    ``budget_s`` bounds the time spent (see ``decode_gray``); the grayscale conversion
    counts against it, as it is part of the frame's cost.
    """
    started = time.perf_counter()
    gray = to_gray(image, max_width)
    left_s = None if budget_s is None else budget_s - (time.perf_counter() - started)
    result = decode_gray(gray, steps, budget_s=left_s)
    if result.codes or budget_s is not None:
        return result
    # A single photo has no frame budget: what read nothing gets second looks.
    for second_look in _second_looks(image, gray.shape[1] < image.shape[1], max_width):
        again = second_look()
        if again.codes:
            return again
    return result


def _second_looks(
    image: np.ndarray, scaled_down: bool, max_width: int | None
) -> Iterator[Callable[[], DecodeResult]]:
    """Further looks at a photo that read nothing, cheapest first (each runs only if needed).

    A photo larger than a webcam frame is looked at at its own resolution, where a code
    too small for the scaled copy keeps its bars. A colour photo is then looked at in its
    red channel (``RED_CHANNEL_STEPS``), once scaled and, if needed, at full size.
    """
    if scaled_down:
        yield lambda: decode_gray(to_gray(image, None), FULL_RESOLUTION_STEPS)
    red = red_channel(image)
    if red is None:
        return
    yield lambda: decode_gray(to_gray(red, max_width), RED_CHANNEL_STEPS)
    if scaled_down:
        yield lambda: decode_gray(to_gray(red, None), FULL_RESOLUTION_STEPS)


def red_channel(image: np.ndarray) -> np.ndarray | None:
    """The red channel of a BGR(A) photo; None for a gray one (or one whose channels are equal).

    Retail barcodes are specified, and checked at print, for contrast under red light
    (GS1 measures symbol contrast at 670 nm, what laser scanners see), so a red channel
    keeps the bars dark against a red, orange or yellow pack that grey levels flatten.
    """
    if image.ndim != 3 or image.shape[2] < 3:
        return None
    red = image[:, :, 2]
    if np.array_equal(red, image[:, :, 1]) and np.array_equal(red, image[:, :, 0]):
        return None
    return np.ascontiguousarray(red)
