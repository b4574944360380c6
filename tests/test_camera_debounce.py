"""The video debouncer: N consecutive frames to accept, 1.5 s away to count again."""

from __future__ import annotations

import pytest

from device.barcode.video import Debouncer

FRAME_S = 0.1


def feed(debouncer, frames, start=0.0):
    """Feed a list of per-frame code lists at 10 fps; return (time, code) accepted."""
    accepted = []
    for index, codes in enumerate(frames):
        now = start + index * FRAME_S
        accepted += [(round(now, 1), code) for code in debouncer.update(codes, now)]
    return accepted


def test_a_code_is_accepted_on_its_second_consecutive_frame():
    assert feed(Debouncer(), [[], ["A"], ["A"], ["A"], ["A"]]) == [(0.2, "A")]


def test_a_single_frame_read_is_never_accepted():
    assert feed(Debouncer(), [["A"], [], ["B"], [], ["A"], []]) == []


def test_a_frame_without_the_code_breaks_the_streak():
    assert feed(Debouncer(frames_needed=3), [["A"], ["A"], [], ["A"], ["A"], ["A"]]) == [(0.5, "A")]


def test_a_code_held_in_view_counts_once_even_through_unreadable_frames():
    frames = [["A"]] * 5 + [[]] * 10 + [["A"]] * 5  # 1.0 s of blur: not gone long enough
    assert feed(Debouncer(), frames) == [(0.1, "A")]


def test_a_code_counts_again_after_leaving_the_view_for_1_5_s():
    frames = [["A"]] * 3 + [[]] * 15 + [["A"]] * 3  # last seen 0.2, back at 1.8: 1.6 s away
    assert feed(Debouncer(), frames) == [(0.1, "A"), (1.9, "A")]


def test_absence_is_measured_even_without_frames_in_between():
    debouncer = Debouncer()
    assert debouncer.update(["A"], 0.0) == []
    assert debouncer.update(["A"], 0.1) == ["A"]
    assert debouncer.update(["A"], 5.0) == []  # the camera stalled; a new showing
    assert debouncer.update(["A"], 5.1) == ["A"]


def test_two_codes_in_view_are_each_accepted():
    assert feed(Debouncer(), [["A", "B"], ["B", "A"], ["A"]]) == [(0.1, "B"), (0.1, "A")]


def test_one_frame_is_enough_when_configured():
    assert feed(Debouncer(frames_needed=1), [["A"], ["A"]]) == [(0.0, "A")]


def test_duplicates_within_a_frame_count_once():
    assert feed(Debouncer(), [["A", "A"], ["A"]]) == [(0.1, "A")]


@pytest.mark.parametrize(("frames_needed", "absent_s"), [(0, 1.5), (2, -1.0)])
def test_nonsense_settings_are_refused(frames_needed, absent_s):
    with pytest.raises(ValueError):
        Debouncer(frames_needed=frames_needed, absent_s=absent_s)
