"""Which decoder reads may be reported: a wrong code is worse than no code.

Pure functions of plain values. A 1-D read first goes through ``Gtin.parse`` (so a code
failing its check digit is dropped here), then must be confirmed: a valid check digit
alone is weak, since a misread digit pair keeps it valid one time in ten. A code no
product can carry is never reported: a UPC-E of number system 1 (``UPCE_NUMBER_SYSTEM``)
or an EAN-13 in a GS1 prefix issued to nobody (``household.gs1_prefixes``: 283 of the
900 from 100 to 999, so about three misreads in ten). The rules below were measured on
the dev photos (see bench/bench_decode.py):

- a QR or DataMatrix read stands alone: Reed-Solomon error correction checks the payload;
- a 1-D code is confirmed when both decoders read it (any steps of the cascade), or
- unless another 1-D code was read in the image (two codes often come from the same
  bars, so at least one is a misread; only two engines agreeing settles it), also:
- zbar read it cleanly (an EAN-13 or UPC-A, not one of the ``SHORT_SYMBOLS``): on at
  least ``CLEAN_ZBAR_QUALITY`` scan lines, and on lines adding up to
  ``CLEAN_ZBAR_LINES_PER_WIDTH`` of the symbol's width (a count alone grows with image
  size: enlarged to 1280 px, dev photos gave wrong reads on 20 to 58 lines, but never on
  more than 0.12 of the width; a sound code reads along much of its bars), lines whose
  ends span the whole symbol (``CLEAN_ZBAR_SPAN_PX``: not pieced from halves), or
- two cascade steps read it (the turns of the image count as one, ``ONE_LOOK``; not for
  an EAN-8 or UPC-E, see ``SHORT_SYMBOLS``), or
- the voting scan-line reader (``scanlines.py``, which already demands a clear winner on
  every digit over several lines, the check digit and valid parities) read it with votes
  for its weakest digit from lines covering at least ``CLEAN_SCANLINES_PX`` pixels and
  ``CLEAN_SCANLINES_PER_WIDTH`` of the symbol's width. Decided on half A: with voting and
  edge finding made looser on purpose, the one wrong read it made (an EAN-8 inside an
  EAN-13's bars) had 20 px and 0.16 of the width, its right reads mostly 0.25 or more;
  on half B, at 1280 px and on the variants of bench_decode.py no wrong read passed.

OpenCV's detector only seconds a code that zbar or zxing-cpp read: alone, it makes up
EAN-8 codes from EAN-13 bars (BASELINE.md), so its reads never stand. They do contest,
though: a different code read by it means the bars are read more than one way, and then
only two engines agreeing confirms, OpenCV not counting when the other code was read by
one decoder of its own only (a misread rather than a second label). (A dev photo
shrunk into a 1280x720 scene gave zxing-cpp the same wrong EAN-13 at two steps while
OpenCV read the true code; contesting removed that wrong code and cost no read on dev.
The upca-4 label darkened towards one side had zbar and OpenCV agree on its misread while
zxing-cpp read it right; not counting OpenCV there keeps that wrong code out.)

Even two engines agreeing is not the last word for EAN-13/UPC-A: a confirmed one is read
once more on a smoothed image and dropped if that reads a different code
(``survives_cross_check``). Decided on half A of the dev sets (ean13-1, ean13-4, upca-2,
upca-4, upce-2, qrcode-3, ean8-1, upca-6 and the photos without a code: 2 wrong codes
removed, no read lost), confirmed on half B (no read lost at photo size; 1 of 210 lost
at 1280 px, where the smoothed look read a second code, upca-3_16). zbar joins that look
when no checked code was read cleanly by zbar (see ``cascade._cross_checked``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from device.barcode.engines import Engine, Format, RawRead
from household.errors import InvalidGtin
from household.gtin import Gtin, Symbology

SECONDS_ONLY = frozenset({Engine.OPENCV})
"""Engines whose reads count only in agreement with another engine's."""
CLEAN_ZBAR_QUALITY = 20
"""zbar scan lines that make one read trustworthy on its own..."""
CLEAN_ZBAR_LINES_PER_WIDTH = 0.15
"""...if they also add up to this fraction of the symbol's width in pixels..."""
CLEAN_ZBAR_SPAN_PX = 95
"""...and if the ends of the lines it read span at least this many pixels: the 95
modules of an EAN-13 or UPC-A at one pixel each, finer than zbar reads. zbar marks
where each line's read ends and scans rows both ways, so a code read whole along its
lines spans both its ends; a read pieced together from halves on different lines ends at
the centre guard. One such read was wrong: a dev UPC-A (upca-1_2) held away and tilted
40 degrees in a synthetic 1600 px photo read 036602301481 for 036602301467 on 45 lines
that all ended within 11 px, at the regions step (the true code read at the next step).
Of the 550 right reads zbar made on 20 lines or more (dev photos as they are and at
1280 px, and four harder variants of them), five spanned less (29 to 71 px: pieced, yet
right), and each of the five still read at the same step, confirmed another way."""
NOT_A_SECOND_STEP = frozenset({"regions+clahe"})
"""Steps whose reads do not count towards "two cascade steps read it": the contrast copy
of the regions shows the same equalised bars as ``clahe+up2x`` and ``denoise``, so a
zbar misread there repeats rather than confirms (every second sharp dev photo of half B
in a shadow ramp, and with 5 px of motion blur: one wrong code each, both from zbar at
one of those steps and at ``regions+clahe``). Its reads still count with another engine
or as one clean zbar read."""
ONE_LOOK = {
    "rotate-45": "turned",
    "rotate+45": "turned",
    "rotate-22.5": "turned",
    "rotate+22.5": "turned",
}
"""Steps that count as one step for "two cascade steps read it". The turns resample one
image: -45 degrees even shows zbar (which scans rows and columns) the very lines of +45,
a quarter turn apart, and a code whose bars the photo's own perspective distorts is
misread the same way at every turn. A synthetic whole-product photo at 1280 px gave zbar
the same wrong EAN-13 (08287846377264 for 03295846377264) on 4 lines at +45, 1 at -45 and
1 at -22.5. A turn still counts as a step beside an upright one. No read on dev or on 600
synthetic photos was confirmed by turns alone."""
SHORT_SYMBOLS = frozenset({Format.EAN8, Format.UPCE})
"""Symbols that part of a longer code's bars can pass for, so one engine's reads of one do
not stand alone, even at two steps: only two engines agreeing, or a clean vote of the
scan-line reader, confirm them. zbar hardly checks quiet zones, and reads the same wrong
short code on every line of a longer one's bars (on a synthetic whole-product photo, an
EAN-13 at 1.4 px per module straightened by the regions step read as UPC-E 01241174, its
left half with two digits misread, on 76 lines; the true code read at the next step).
Each engine also repeats its own misread across looks at the same small bars: dev photos
held away in a 1280 px frame (``bench/bench_decode_2d.held_away``) had zxing-cpp read
UPC-E 02991100 for 04965802 and 01232585 for 01234565, zbar 02212166 and 04111474 from
UPC-A bars, each at two steps. Measured on every sharp dev photo with a 1-D code held
away at 0.5, 0.6 (defocused 1 px) and 0.7 (sharp and defocused 1 px), 1,400 decodes:
those 4 wrong codes gone for 11 reads (8 when only zxing-cpp's two steps were refused,
which left zbar's 2). Dev photos lose one upce-2 photo only zxing-cpp reads: 388 -> 387
of 447, at 1280 px 381 -> 380, as frames 375 -> 374."""
UPCE_NUMBER_SYSTEM = "0"
"""The only number system a product's UPC-E carries (GS1 General Specifications: UPC-E
encodes GTIN-12s whose U.P.C. prefix starts with 0; number system 1 is reserved), so a
decoder's UPC-E starting with 1 is dropped as a misread. It is a common one: the left
half of any EAN-13 whose first digit is 1 to 9, with its centre guard, has the layout of
a UPC-E (guard, six digits, end guard) and the parities of number system 1 with that
first digit as check digit, valid one time in ten. zxing-cpp reads it from an EAN-13 cut
off by the frame past its middle (a French 3521158171376 gives UPC-E 15211583 at two
steps), and from a whole one too small to read (a synthetic photo at 1.7 px per module)."""
CLEAN_SCANLINES_PX = 24
"""Height of bars, in pixels, whose scan lines voted for the weakest digit of a read of
the voting reader (``scanlines.py``), for it to stand alone..."""
CLEAN_SCANLINES_PER_WIDTH = 0.25
"""...if that is also this fraction of the symbol's width (see the module docstring)."""


@dataclass(frozen=True, slots=True)
class DecodedCode:
    """A code found in an image, in the symbology's own printed form."""

    format: Format
    text: str
    """EAN-13 13 digits, UPC-A 12, UPC-E 8, EAN-8 8; QR and DataMatrix: the payload."""

    @property
    def gtin(self) -> Gtin | None:
        """The GTIN of a 1-D retail code (None for QR and DataMatrix)."""
        if not self.format.is_linear:
            return None
        return Gtin.parse(self.text, _SYMBOLOGY[self.format])


@dataclass(frozen=True, slots=True)
class Observation:
    """One validated read: what was read, by which decoder, at which cascade step."""

    code: DecodedCode
    identity: str
    """Equal for two reads of the same code, whatever form each decoder reported."""
    engine: Engine
    step: str
    quality: int
    width_px: int


_SYMBOLOGY = {
    Format.EAN13: Symbology.EAN13,
    Format.EAN8: Symbology.EAN8,
    Format.UPCA: Symbology.UPCA,
    Format.UPCE: Symbology.UPCE,
}


def observe(read: RawRead, step: str) -> Observation | None:
    """Validate one raw read; None when a 1-D code is not a valid GTIN (check digit)."""
    if not read.format.is_linear:
        if not read.text:
            return None
        code = DecodedCode(read.format, read.text)
        identity = f"{read.format}:{read.text}"
        return Observation(code, identity, read.engine, step, read.quality, read.width_px)
    if read.format is Format.UPCE and not read.text.strip().startswith(UPCE_NUMBER_SYSTEM):
        return None  # a misread: see UPCE_NUMBER_SYSTEM
    try:
        gtin = Gtin.parse(read.text, _SYMBOLOGY[read.format])
    except InvalidGtin:
        return None
    code = _printed_form(gtin, read)
    identity = f"GTIN:{gtin.digits}"
    return Observation(code, identity, read.engine, step, read.quality, read.width_px)


def _printed_form(gtin: Gtin, read: RawRead) -> DecodedCode:
    """Name a retail code the way it is printed, whichever way the decoder put it."""
    if read.format is Format.UPCE:
        return DecodedCode(Format.UPCE, "".join(read.text.split()))
    if read.format is Format.EAN8:
        return DecodedCode(Format.EAN8, gtin.digits[6:])
    if gtin.digits.startswith("00"):
        # An EAN-13 starting with 0 is the UPC-A symbol itself (same bars); zxing-cpp 3
        # reports it as EAN-13, zbar as UPC-A.
        return DecodedCode(Format.UPCA, gtin.digits[2:])
    return DecodedCode(Format.EAN13, gtin.digits[1:])


def confirm(
    observations: Iterable[Observation], *, step_complete: bool = True
) -> list[DecodedCode]:
    """The codes the observations confirm, in the order they were first seen.

    ``step_complete=False`` (the cascade's quick look after the first engine) leaves out
    the two-step rule: the next engine may yet read a different code and contest it.
    """
    by_identity: dict[str, list[Observation]] = {}
    for obs in observations:
        by_identity.setdefault(obs.identity, []).append(obs)
    # Two different 1-D codes in one image are rare on a product but common as misreads:
    # zbar read three checksum-valid codes from one cut-off EAN-13 (BASELINE.md). Their
    # boxes do not tell (a 1-D read's box is just the scan lines that decoded it), so any
    # second code contests them all, and only two engines agreeing confirms. A code only a
    # seconding engine read cannot be reported, but it still contests.
    linear = [group for group in by_identity.values() if group[0].code.format.is_linear]
    candidates = [
        group
        for group in by_identity.values()
        if any(o.engine not in SECONDS_ONLY for o in group) and _could_be_printed(group[0].code)
    ]
    return [
        group[0].code
        for group in candidates
        if _is_confirmed(
            group,
            contested=len(linear) > 1,
            by_a_misread=any(_looks_misread(other) for other in linear if other is not group),
            two_steps_count=step_complete,
        )
    ]


def _could_be_printed(code: DecodedCode) -> bool:
    """False for a retail code in a GS1 prefix issued to nobody: it is a misread (dev
    photos cut off by the frame gave zbar codes in 971, 728, 857 and 753, each from one
    clean read or two steps). It is still an observation, so it contests the codes read
    with it."""
    gtin = code.gtin
    return gtin is None or gtin.prefix_issued


def _looks_misread(group: list[Observation]) -> bool:
    """A code only one decoder of its own read: more likely a misread than a second label
    (a Japanese book's price code beside its ISBN is read by zbar and zxing-cpp alike)."""
    return len({obs.engine for obs in group} - SECONDS_ONLY) < 2


def read_cleanly(code: DecodedCode, observations: Iterable[Observation]) -> bool:
    """Whether zbar read ``code`` cleanly (``CLEAN_ZBAR_*``) somewhere in the cascade."""
    gtin = code.gtin
    return gtin is not None and any(
        obs.engine is Engine.ZBAR and obs.code.gtin == gtin and _is_clean(obs)
        for obs in observations
    )


def _is_clean(obs: Observation) -> bool:
    needed = max(CLEAN_ZBAR_QUALITY, CLEAN_ZBAR_LINES_PER_WIDTH * obs.width_px)
    return obs.quality >= needed and obs.width_px >= CLEAN_ZBAR_SPAN_PX


def _is_clean_vote(obs: Observation) -> bool:
    needed = max(CLEAN_SCANLINES_PX, CLEAN_SCANLINES_PER_WIDTH * obs.width_px)
    return obs.quality >= needed


def _is_confirmed(
    group: list[Observation], *, contested: bool, by_a_misread: bool, two_steps_count: bool
) -> bool:
    first = group[0]
    if not first.code.format.is_linear:
        return True
    engines = {obs.engine for obs in group}
    if contested:
        # Another code was read here. If it looks like a misread of these bars, OpenCV's
        # second is not enough to settle it (a dev photo in shade: zbar and OpenCV agreed
        # on a wrong code that zxing-cpp read right): two decoders of their own must agree.
        return len(engines - SECONDS_ONLY if by_a_misread else engines) >= 2
    if len(engines) >= 2:
        return True
    short = first.code.format in SHORT_SYMBOLS
    if not short and any(obs.engine is Engine.ZBAR and _is_clean(obs) for obs in group):
        return True
    if any(obs.engine is Engine.SCANLINES and _is_clean_vote(obs) for obs in group):
        return True
    if short:
        return False  # see SHORT_SYMBOLS: one engine repeats its misreads of short codes
    # The voting reader's two scales are one reader looking twice: its reads stand by
    # their votes or with another engine, never by "two steps" of its own.
    own_steps = {
        ONE_LOOK.get(obs.step, obs.step)
        for obs in group
        if obs.engine not in SECONDS_ONLY
        and obs.engine is not Engine.SCANLINES
        and obs.step not in NOT_A_SECOND_STEP
    }
    return two_steps_count and len(own_steps) >= 2


CROSS_CHECKED = frozenset({Format.EAN13, Format.UPCA})
"""The 13-digit family that is read a second way before it is reported (see below)."""


def survives_cross_check(
    codes: Iterable[DecodedCode], alternative: Iterable[Observation]
) -> list[DecodedCode]:
    """The codes left once an independent look at the image (``alternative``) is heard.

    Two engines can agree on a wrong code: on the upca-4 dev photos zbar and zxing-cpp
    both read 9074932437075 where the label says 023942431015, every differing digit a
    bar read one module thin (which also flips the parity pattern, hence the leading 9).
    The same photo smoothed and enlarged (``cascade.cross_check_image``) reads the true
    code. So when that look reads an EAN-13/UPC-A that none of the confirmed codes is,
    the bars read more than one way and the confirmed EAN-13/UPC-A codes are contested:
    none is reported (a wrong code is worse than no code). Reading nothing, or the same
    codes, contests nothing: the smoothed look is a check, never a source of codes.
    """
    codes = list(codes)
    confirmed = {code.gtin.digits for code in codes if code.format in CROSS_CHECKED}
    seen = {
        obs.identity.removeprefix("GTIN:")
        for obs in alternative
        if obs.code.format in CROSS_CHECKED
    }
    if seen <= confirmed:
        return codes
    return [code for code in codes if code.format not in CROSS_CHECKED]
