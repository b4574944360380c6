"""HID scanners: key events -> scans, through the same decoder the real device feeds.

There is no /dev/uinput here, so events are constructed (``synthesize``) or replayed
from a recording; the device layer (open, grab, unplug, replug) runs against a fake
that implements the KeyDevice protocol and fails the way evdev does.
"""

from __future__ import annotations

import errno
import os
import threading
from pathlib import Path

import pytest
from evdev import InputEvent
from evdev import ecodes as e

from device.hid_recording import load_events, synthesize
from device.keymap import KeyStroke
from device.scan_framing import FramingSettings, KeyEventFramer
from device.sources.hid import (
    DeviceInfo,
    HidDecoder,
    HidSource,
    find_device_path,
    udev_rule_for,
)
from household.errors import ScannerNotFound, UsageError

DATA = Path(__file__).parent / "data" / "hid"
NUTELLA = "3017620422003"


def texts(scans):
    return [s.text for s in scans]


def test_recorded_french_scanner_decodes_both_scans_of_one_batch():
    decoder = HidDecoder("us")
    scans = decoder.feed(load_events(DATA / "fr_azerty_two_scans.jsonl"))
    assert texts(scans) == [NUTELLA, "RESTOCK-QTY-2"]
    assert [s.layout for s in scans] == ["fr", "fr"]
    assert all(s.machine and s.ended_by == "enter" for s in scans)


def test_a_bad_recording_line_says_where(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("# a comment\n[1, 2, 3]\n")
    with pytest.raises(UsageError) as err:
        load_events(bad)
    assert str(err.value) == f"{bad}:2 is not an event [sec, usec, type, code, value]: '[1, 2, 3]'"


@pytest.mark.parametrize("layout", ["us", "fr", "be", "de", "uk"])
def test_each_scanner_layout_is_detected(layout):
    assert texts(HidDecoder("us").feed(synthesize(NUTELLA, layout))) == [NUTELLA]


def test_keypad_mode_scanner_with_tab_suffix():
    keys = [getattr(e, f"KEY_KP{d}") for d in NUTELLA]
    events = []
    t = 50.0
    for code in [*keys, e.KEY_TAB]:
        for value in (1, 0):
            events.append(InputEvent(int(t), int((t % 1) * 1e6), e.EV_KEY, code, value))
            t += 0.004
    (scan,) = HidDecoder("fr").feed(events)
    assert (scan.text, scan.ended_by) == (NUTELLA, "tab")


def test_lowercase_and_shift_in_a_code128_keep_the_configured_layout():
    (scan,) = HidDecoder("de").feed(synthesize("Ab-z#9", "de"))
    assert (scan.text, scan.layout) == ("Ab-z#9", "de")


def test_key_release_and_autorepeat_type_nothing():
    events = synthesize("12", "us")
    repeat = InputEvent(1000, 1000, e.EV_KEY, e.KEY_1, 2)
    assert texts(HidDecoder().feed([events[1], repeat, *events[2:]])) == ["12"]


def test_no_suffix_scanner_ends_on_the_quiet_gap():
    decoder = HidDecoder("us", FramingSettings(gap_timeout_s=0.15))
    events = synthesize(NUTELLA, "us", start_s=10.0, terminator=None)
    assert decoder.feed(events) == []
    assert decoder.flush_idle(10.0 + 0.11) is None  # still inside the burst's timing
    scan = decoder.flush_idle(10.5)
    assert (scan.text, scan.ended_by) == (NUTELLA, "timeout")


def test_a_second_burst_after_a_gap_closes_the_first():
    decoder = HidDecoder("us", FramingSettings(gap_timeout_s=0.15))
    first = synthesize("96385074", "us", start_s=10.0, terminator=None)
    second = synthesize(NUTELLA, "us", start_s=11.0)
    assert texts(decoder.feed(first + second)) == ["96385074", NUTELLA]


def test_prefix_is_required_and_stripped_and_suffix_stripped():
    settings = FramingSettings(prefix="]E0", suffix="*")
    assert texts(HidDecoder("us", settings).feed(synthesize(f"]E0{NUTELLA}*", "fr"))) == [NUTELLA]
    (dropped,) = HidDecoder("us", settings).feed(synthesize(NUTELLA, "us"))
    assert dropped.dropped == "it does not start with the scanner prefix ']E0'"


def test_human_typing_is_told_from_a_scanner():
    human = synthesize(NUTELLA, "us", gap_s=0.18)
    (scan,) = HidDecoder("us", FramingSettings(gap_timeout_s=None)).feed(human)
    assert not scan.machine and scan.dropped is None
    strict = FramingSettings(gap_timeout_s=None, require_machine=True)
    (scan,) = HidDecoder("us", strict).feed(human)
    assert scan.dropped == "it was typed at human speed, not by a scanner"
    (scan,) = HidDecoder("us", strict).feed(synthesize(NUTELLA, "us"))
    assert scan.machine and scan.dropped is None


def test_a_stuck_key_does_not_grow_memory():
    framer = KeyEventFramer(FramingSettings(gap_timeout_s=None))
    for n in range(5000):
        framer.feed(InputEvent(1, n, e.EV_KEY, e.KEY_1, 1))
    (scan,) = framer.feed(InputEvent(1, 9999, e.EV_KEY, e.KEY_ENTER, 1))
    assert len(scan.strokes) <= 512
    assert scan.strokes[0] == KeyStroke(e.KEY_1)


# -- finding the device -------------------------------------------------------------------

SEEN = [
    DeviceInfo("/dev/input/event3", "AT Translated Set 2 keyboard", 0x0001, 0x0001),
    DeviceInfo("/dev/input/event7", "Honeywell Imaging 1900", 0x0C2E, 0x0B61),
    DeviceInfo("/dev/input/event9", "BARCODE SCANNER BARCODE SCANNER", 0xFFFF, 0x0035),
]


def test_udev_rule_suggested_for_a_device():
    assert udev_rule_for(SEEN[2]) == (
        'SUBSYSTEM=="input", KERNEL=="event*", ENV{ID_INPUT_KEYBOARD}=="1", '
        'ENV{ID_VENDOR_ID}=="ffff", ENV{ID_MODEL_ID}=="0035", GROUP="restock", MODE="0660", '
        'ENV{LIBINPUT_IGNORE_DEVICE}="1", TAG+="systemd", ENV{SYSTEMD_WANTS}+="restock.service"'
    )


def test_the_node_with_digit_keys_is_preferred():
    consumer = DeviceInfo("/dev/input/event8", "Honeywell Imaging 1900 Consumer Control",
                          0x0C2E, 0x0B61, keyboard=False)  # fmt: skip
    assert find_device_path("0c2e:0b61", lambda: [consumer, *SEEN]) == "/dev/input/event7"


def test_find_by_name_part_and_by_vid_pid():
    assert find_device_path("honeywell", lambda: SEEN) == "/dev/input/event7"
    assert find_device_path("ffff:0035", lambda: SEEN) == "/dev/input/event9"


def test_find_by_path_resolves_by_id_links(tmp_path):
    node = tmp_path / "event5"
    node.touch()
    link = tmp_path / "usb-Scanner-event-kbd"
    link.symlink_to(node)
    assert find_device_path(str(link), lambda: SEEN) == str(node)


def test_not_found_lists_what_was_seen():
    with pytest.raises(ScannerNotFound) as err:
        find_device_path("zebra", lambda: SEEN[:2])
    assert str(err.value) == (
        "No input device matches 'zebra' (readable devices: AT Translated Set 2 keyboard "
        "(0001:0001); Honeywell Imaging 1900 (0c2e:0b61)). Plug the scanner in, check the "
        "udev rule gives its node to this user's group, or use another --hid-device (a name "
        "part, VID:PID or /dev/input/by-id/ path)."
    )


# -- the device layer: grab, unplug, replug -------------------------------------------------


class FakeScanner:
    """Implements KeyDevice like evdev.InputDevice: batches of events, then ENODEV."""

    def __init__(self, batches, grab_errors=()):
        self.name = "Fake Scanner"
        self._batches = list(batches)
        self._grab_errors = list(grab_errors)
        self._read_fd, self._write_fd = os.pipe()
        os.write(self._write_fd, b"x")  # always readable, like a node with events pending
        self.grabbed = False
        self.closed = False

    def fileno(self):
        return self._read_fd

    def read(self):
        if self._batches:
            return self._batches.pop(0)
        raise OSError(errno.ENODEV, "No such device")

    def grab(self):
        if self._grab_errors:
            raise OSError(self._grab_errors.pop(0), "Device or resource busy")
        self.grabbed = True

    def close(self):
        self.closed = True
        os.close(self._read_fd)
        os.close(self._write_fd)


def run_source(source, wanted):
    got, stop = [], threading.Event()

    def emit(item):
        got.append(item)
        if len(got) >= wanted:
            stop.set()

    thread = threading.Thread(target=source.run, args=(emit, stop))
    thread.start()
    thread.join(10)
    stop.set()
    thread.join(2)
    assert not thread.is_alive()
    return got


def test_unplug_mid_scan_then_replug_reads_on(caplog):
    half = synthesize("30176204", "us")[:40]  # unplugged half-way through a scan
    first = FakeScanner([synthesize("96385074", "us"), half])
    second = FakeScanner([synthesize(NUTELLA, "fr")])
    plan = [first, ScannerNotFound("gone"), OSError(errno.EACCES, "Permission denied"), second]
    opened = []

    def find(spec):
        step = plan[0]
        if isinstance(step, ScannerNotFound):
            plan.pop(0)
            raise step
        return "/dev/input/event7"

    def open_device(path):
        step = plan.pop(0)
        if isinstance(step, OSError):
            raise step
        opened.append(step)
        return step

    source = HidSource("fake", "us", find=find, open_device=open_device, reopen_interval_s=0.01)
    got = run_source(source, 2)
    assert [g.text for g in got] == ["96385074", NUTELLA]
    assert {g.source for g in got} == {"hid:fake"}
    assert opened == [first, second]
    assert first.grabbed and first.closed and second.grabbed and second.closed
    assert "scanner gone" in caplog.text


def test_a_grab_held_by_another_program_is_retried(caplog):
    busy = FakeScanner([], grab_errors=[errno.EBUSY])
    free = FakeScanner([synthesize(NUTELLA, "us")])
    devices = [busy, free]
    source = HidSource(
        "fake",
        find=lambda spec: "/dev/input/event7",
        open_device=lambda path: devices.pop(0),
        reopen_interval_s=0.01,
    )
    got = run_source(source, 1)
    assert [g.text for g in got] == [NUTELLA]
    assert busy.closed and not busy.grabbed and free.grabbed
    assert "cannot grab the scanner (another program holds it)" in caplog.text
