"""Serial scanners through a real pty pair: a scan, an unplug, a replug."""

from __future__ import annotations

import os
import threading
import time
import tty

from device.sources.serial import SerialSource

NUTELLA = "3017620422003"


class PtyScanner:
    """A pty pair whose master end plays the scanner; the link is its /dev/serial/by-id name."""

    def __init__(self, link):
        self.master, slave = os.openpty()
        tty.setraw(self.master)
        self.slave_path = os.ttyname(slave)
        os.close(slave)
        self.link = link
        if link.is_symlink():
            link.unlink()
        link.symlink_to(self.slave_path)

    def scan(self, data: bytes):
        os.write(self.master, data)

    def unplug(self):
        os.close(self.master)
        self.link.unlink()


class Collector:
    def __init__(self):
        self.items = []
        self.changed = threading.Condition()

    def emit(self, item):
        with self.changed:
            self.items.append(item)
            self.changed.notify_all()

    def wait_for(self, count, timeout_s=10.0):
        deadline = time.monotonic() + timeout_s
        with self.changed:
            while len(self.items) < count and time.monotonic() < deadline:
                self.changed.wait(0.05)
        return [i.text for i in self.items]


def start(source, collector):
    stop = threading.Event()
    thread = threading.Thread(target=source.run, args=(collector.emit, stop), daemon=True)
    thread.start()
    return stop, thread


def wait_until_open(port_path, timeout_s=5.0):
    """The source opened the port once the pty's slave is held by someone (we cannot see
    that directly, so give the reader a moment after the link exists)."""
    deadline = time.monotonic() + timeout_s
    while not os.path.exists(port_path) and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.3)


def test_cr_lf_and_crlf_end_lines_and_empty_lines_are_skipped(tmp_path):
    scanner = PtyScanner(tmp_path / "ttyScanner")
    collector = Collector()
    stop, thread = start(SerialSource(str(scanner.link), reopen_interval_s=0.05), collector)
    wait_until_open(scanner.link)
    scanner.scan(b"3017620422003\r96385074\n\r\n5449000000996\r\n")
    scanner.scan(b"40084")  # a code split across two reads
    scanner.scan(b"107\r")
    assert collector.wait_for(4) == [NUTELLA, "96385074", "5449000000996", "40084107"]
    assert {i.source for i in collector.items} == {f"serial:{scanner.link}"}
    stop.set()
    thread.join(2)
    scanner.unplug()


def test_unplug_then_replug_reconnects(tmp_path, caplog):
    link = tmp_path / "usb-Scanner-if00"
    first = PtyScanner(link)
    collector = Collector()
    stop, thread = start(SerialSource(str(link), reopen_interval_s=0.05), collector)
    wait_until_open(link)
    first.scan(b"3017620422003\r")
    assert collector.wait_for(1) == [NUTELLA]
    first.unplug()
    time.sleep(0.3)  # the source notices and waits for the port to come back
    second = PtyScanner(link)
    wait_until_open(link)
    second.scan(b"96385074\r")
    assert collector.wait_for(2) == [NUTELLA, "96385074"]
    assert "scanner gone" in caplog.text
    stop.set()
    thread.join(2)
    assert not thread.is_alive()
    second.unplug()


def test_junk_without_line_end_is_cut_not_hoarded(tmp_path):
    scanner = PtyScanner(tmp_path / "ttyJunk")
    collector = Collector()
    stop, thread = start(SerialSource(str(scanner.link), reopen_interval_s=0.05), collector)
    wait_until_open(scanner.link)
    scanner.scan(b"\xff\x00" * 3000)
    scanner.scan(b"\r3017620422003\r")
    deadline = time.monotonic() + 10
    while NUTELLA not in collector.wait_for(99, 0.1) and time.monotonic() < deadline:
        pass
    texts = collector.wait_for(0)
    assert texts[-1] == NUTELLA
    assert all(len(t) <= 1024 for t in texts)
    stop.set()
    thread.join(2)
    scanner.unplug()
