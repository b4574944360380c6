"""The time budget of a camera frame: a hard frame is given up, an easy one still reads.

The clock is passed in, so the budget runs out when the test says, not when a busy
machine happens to be slow.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import pytest

from device.barcode.cascade import FRAME_STEPS, PHOTO_STEPS, decode_gray, to_gray

# A dim, low-contrast book code that only the contrast step (CLAHE, 2x) reads.
NEEDS_CONTRAST = ("zx_ean13-2_02.png", "9780804816632")
EASY = ("zx_ean13-1_1.webp", "8413000065504")


class TickingClock:
    """A clock that moves on by ``tick_s`` each time it is read."""

    def __init__(self, tick_s: float) -> None:
        self.now = 0.0
        self.tick_s = tick_s
        self.reads = 0

    def __call__(self) -> float:
        self.reads += 1
        self.now += self.tick_s
        return self.now


@pytest.fixture(scope="module")
def dev(shared_dir: Path) -> Path:
    return shared_dir / "barcodes" / "dev"


def gray(dev: Path, name: str):
    return to_gray(cv2.imread(str(dev / name)))


def test_without_a_budget_the_hard_photo_reads_at_the_contrast_step(dev):
    result = decode_gray(gray(dev, NEEDS_CONTRAST[0]), PHOTO_STEPS)
    assert [c.text for c in result.codes] == [NEEDS_CONTRAST[1]]
    assert result.step == "clahe+up2x"


def test_a_spent_budget_stops_after_the_first_look(dev):
    clock = TickingClock(tick_s=1.0)  # every look at the clock costs a second
    result = decode_gray(gray(dev, NEEDS_CONTRAST[0]), PHOTO_STEPS, budget_s=0.5, clock=clock)
    assert result.codes == ()
    assert result.step is None
    # the first look (every engine on the image as is) was still made
    assert {obs.step for obs in result.observations} <= {"as-is"}
    assert clock.reads == 2  # the start, then one check before the next step's first decoder


def test_the_first_look_is_made_even_with_no_time_left(dev):
    clock = TickingClock(tick_s=1.0)
    result = decode_gray(gray(dev, EASY[0]), FRAME_STEPS, budget_s=0.0, clock=clock)
    assert [c.text for c in result.codes] == [EASY[1]]


def test_a_budget_that_is_not_spent_changes_nothing(dev):
    clock = TickingClock(tick_s=0.0)
    result = decode_gray(gray(dev, NEEDS_CONTRAST[0]), PHOTO_STEPS, budget_s=0.5, clock=clock)
    assert [c.text for c in result.codes] == [NEEDS_CONTRAST[1]]
