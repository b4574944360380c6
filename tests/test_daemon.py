"""``restock daemon`` as a real process: stdin scans, bad input, SIGTERM, SIGKILL, sharing."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import threading

import pytest
from daemon_harness import (
    REPO_ROOT,
    RESTOCK,
    daemon_env,
    daemon_log,
    next_event,
    send,
    start_daemon,
)

from household.model import Source
from household.store import HouseholdStore

NUTELLA = "3017620422003"
COLA = "5449000000996"


def run_daemon(db, stdin: bytes, *args: str, timeout_s: float = 60):
    done = subprocess.run(
        [*RESTOCK, "--db", str(db), "daemon", "--json",
         "--no-lookup", "--no-sound", *args],
        input=stdin, capture_output=True, cwd=REPO_ROOT, env=daemon_env(db.parent),
        timeout=timeout_s,
    )  # fmt: skip
    events = [json.loads(line) for line in done.stdout.decode().splitlines()]
    return done, events


def quantities(db):
    store = HouseholdStore.open(db)
    try:
        return {
            item.gtin.short if item.gtin else item.name: item.quantity for item in store.items()
        }
    finally:
        store.close()


def test_scans_on_stdin_are_added_then_it_exits_0_at_end_of_input(db_path):
    done, events = run_daemon(db_path, f"{NUTELLA}\n{COLA}\r\n{NUTELLA}\n".encode())
    assert done.returncode == 0, done.stderr
    assert [(e["event"], e["gtin"], e["quantity"], e["total"], e["merged"]) for e in events] == [
        ("added", NUTELLA, 1, 1, False),
        ("added", COLA, 1, 1, False),
        ("added", NUTELLA, 1, 2, True),
    ]
    assert events[0]["name"] == f"unknown {NUTELLA}" and events[0]["known"] is False
    assert quantities(db_path) == {NUTELLA: 2, COLA: 1}


def test_garbled_layout_scans_are_recovered_and_say_how(db_path):
    garbled_us_host = "#)!&^@)$@@))#"
    garbled_fr_host = '"à&è-éà\'ééàà"'
    done, events = run_daemon(db_path, f"{garbled_us_host}\n{garbled_fr_host}\n".encode())
    assert done.returncode == 0
    assert [e["gtin"] for e in events] == [NUTELLA, NUTELLA]
    assert events[0]["note"] == (
        "read '#)!&^@)$@@))#' as a scanner set to French AZERTY typing on a US QWERTY keyboard"
    )
    assert quantities(db_path) == {NUTELLA: 2}


def test_bad_input_is_refused_and_never_stops_it(db_path):
    huge = b"7" * 100_000
    garbled_then_a_word = b"#)!&^@)$@@))# x"
    ambiguous = b'(%""(!%"&(!&('
    lines = [huge, b"\x00\x01\x02\x1b[2J", b"\xff\xfe\x80binary\xc3", b"", b"   ",
             b"3017620422004", ambiguous, garbled_then_a_word, NUTELLA.encode()]  # fmt: skip
    done, events = run_daemon(db_path, b"\n".join(lines) + b"\n")
    assert done.returncode == 0, done.stderr
    assert [e["event"] for e in events] == ["refused"] * 6 + ["added"]
    assert all(len(e["input"]) <= 61 for e in events[:6])
    assert events[0]["reason"].startswith("7777777777")
    assert "digits; a barcode has 8, 12, 13 or 14" in events[0]["reason"]
    assert events[3]["reason"] == (
        "3017620422004 fails its check digit (the last digit should be 3 for these digits, "
        "not 4): a digit was misread or mistyped. Scan it again, or type it carefully from "
        "the package."
    )
    assert "can be read several ways" in events[4]["reason"]
    assert quantities(db_path) == {NUTELLA: 1}


def test_a_name_typed_at_the_terminal_goes_on_the_list(db_path):
    done, events = run_daemon(db_path, b"lait\npommes de terre\nlait\n")
    assert done.returncode == 0, done.stderr
    assert [(e["event"], e["name"], e["total"]) for e in events] == [
        ("added", "lait", 1),
        ("added", "pommes de terre", 1),
        ("added", "lait", 2),
    ]
    store = HouseholdStore.open(db_path)
    assert {item.source for item in store.items()} == {Source.TYPED}
    store.close()


def test_mode_codes_switch_to_remove_and_quantity(db_path):
    script = ["RESTOCK-QTY-3", NUTELLA, "RESTOCK-REMOVE", NUTELLA, "RESTOCK-LOOKUP", COLA,
              "RESTOCK-ADD", COLA]  # fmt: skip
    done, events = run_daemon(db_path, "\n".join(script).encode() + b"\n")
    assert done.returncode == 0
    assert [(e["event"], e.get("quantity"), e.get("total")) for e in events] == [
        ("mode", None, None),
        ("added", 3, 3),
        ("mode", None, None),
        ("removed", 1, None),
        ("mode", None, None),
        ("lookup", None, None),
        ("mode", None, None),
        ("added", 1, 1),
    ]
    assert events[3]["message"] == f"unknown {NUTELLA}: now 2"
    assert events[0]["next_quantity"] == 3 and events[2]["mode"] == "remove"
    assert quantities(db_path) == {NUTELLA: 2, COLA: 1}


def test_sigterm_stops_it_cleanly_with_status_0(db_path):
    process = start_daemon(db_path)
    try:
        send(process, NUTELLA.encode())
        assert next_event(process)["event"] == "added"
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
    finally:
        process.kill()
    assert quantities(db_path) == {NUTELLA: 1}


def test_no_acknowledged_scan_is_lost_on_sigkill(db_path):
    codes = [NUTELLA, COLA, "96385074", "4006381333931", "0012345678905"]
    acknowledged: dict[str, int] = {}
    for round_number in range(3):
        process = start_daemon(db_path)
        try:
            for n in range(20 + 7 * round_number):
                code = codes[n % len(codes)]
                send(process, code.encode())
                event = next_event(process)
                assert event["event"] == "added"
                acknowledged[code] = acknowledged.get(code, 0) + 1
                assert event["total"] == acknowledged[code]
            send(process, NUTELLA.encode())  # in flight: may or may not survive, never half
            process.kill()
            process.wait(10)
        finally:
            process.kill()
        stored = quantities(db_path)
        in_flight = stored[NUTELLA] - acknowledged[NUTELLA]
        assert in_flight in (0, 1)
        acknowledged[NUTELLA] += in_flight
        assert stored == acknowledged


def test_daemon_and_command_line_write_at_the_same_time(db_path):
    process = start_daemon(db_path)
    errors = []

    def typing_at_the_terminal():
        for n in range(15):
            done = subprocess.run(
                [*RESTOCK, "--db", str(db_path), "add",
                 f"article {n % 3}", "--by", "ana"],
                capture_output=True, cwd=REPO_ROOT, env=daemon_env(db_path.parent), timeout=60,
            )  # fmt: skip
            if done.returncode != 0:
                errors.append(done.stderr.decode())

    terminal = threading.Thread(target=typing_at_the_terminal)
    try:
        terminal.start()
        scans = 0
        while terminal.is_alive() or scans < 40:
            send(process, NUTELLA.encode())
            assert next_event(process)["event"] == "added"
            scans += 1
        terminal.join()
        process.stdin.close()
        assert process.wait(timeout=10) == 0
    finally:
        process.kill()
    assert errors == []
    assert quantities(db_path) == {NUTELLA: scans, "article 0": 5, "article 1": 5, "article 2": 5}


def notify_listener(tmp_path):
    """A datagram socket standing in for systemd's NOTIFY_SOCKET."""
    address = str(tmp_path / "notify.sock")
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    listener.bind(address)
    listener.settimeout(10)
    return listener, address


def wait_for(listener, prefix: str) -> str:
    """The next notification starting with ``prefix`` (others, e.g. WATCHDOG=1, skipped)."""
    while True:
        message = listener.recv(4096).decode()
        if message.startswith(prefix):
            return message


def test_sighup_reads_the_configuration_again_and_goes_on(db_path, tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('[household]\nmember = "ana"\n')
    listener, address = notify_listener(tmp_path)
    env = daemon_env(tmp_path, NOTIFY_SOCKET=address, RESTOCK_CONFIG=str(config))
    process = start_daemon(db_path, env=env)
    try:
        wait_for(listener, "READY=1")
        send(process, NUTELLA.encode())
        assert next_event(process)["event"] == "added"
        config.write_text('[household]\nmember = "bob"\n')
        process.send_signal(signal.SIGHUP)
        assert "MONOTONIC_USEC=" in wait_for(listener, "RELOADING=1")
        wait_for(listener, "READY=1")
        send(process, COLA.encode())
        assert next_event(process)["event"] == "added"
        # a broken file is refused with its error; the running configuration stays
        config.write_text("[household\nmember = \n")
        process.send_signal(signal.SIGHUP)
        wait_for(listener, "READY=1")
        send(process, b"4006381333931")
        assert next_event(process)["event"] == "added"
        process.stdin.close()
        assert process.wait(timeout=10) == 0
    finally:
        process.kill()
        listener.close()
    store = HouseholdStore.open(db_path)
    try:
        added_by = {item.gtin.short: item.added_by for item in store.items()}
    finally:
        store.close()
    assert added_by == {NUTELLA: "ana", COLA: "bob", "4006381333931": "bob"}
    assert "Reload refused, the running configuration is kept" in daemon_log(db_path)
    assert "Configuration reloaded from" in daemon_log(db_path)


def test_systemd_hears_ready_watchdog_and_stopping(db_path, tmp_path):
    listener, address = notify_listener(tmp_path)
    env = daemon_env(tmp_path, NOTIFY_SOCKET=address, WATCHDOG_USEC="200000")
    process = start_daemon(db_path, env=env)
    try:
        messages = [listener.recv(4096).decode()]
        assert messages[0].startswith("READY=1\nSTATUS=reading stdin")
        messages += [listener.recv(4096).decode() for _ in range(3)]
        assert "WATCHDOG=1" in messages[1:]
        process.stdin.close()
        assert process.wait(timeout=10) == 0
        rest = []
        listener.settimeout(0.5)
        while True:
            try:
                rest.append(listener.recv(4096).decode())
            except TimeoutError:
                break
        assert "STOPPING=1" in rest
    finally:
        process.kill()
        listener.close()


def test_hid_without_a_device_says_what_to_give(db_path):
    done, _ = run_daemon(db_path, b"", "--source", "hid")
    assert done.returncode == 2
    assert done.stderr.decode().strip() == (
        "restock: --source hid needs the scanner: --hid-device NAME|VID:PID|/dev/input/by-id/..., "
        "or device = ... under [scanner] in the configuration."
    )


@pytest.mark.parametrize(
    ("source", "option", "logged"),
    [
        ("hid", "--hid-device", "waiting for the scanner"),
        ("serial", "--serial-port", "waiting for the scanner"),
        ("camera", "--camera-device", "stopped: Video file"),
    ],
)
def test_a_missing_device_does_not_stop_stdin(db_path, tmp_path, source, option, logged):
    absent = str(tmp_path / "absent.avi")
    process = start_daemon(db_path, "--source", "stdin", "--source", source, option, absent)
    try:
        send(process, NUTELLA.encode())
        assert next_event(process)["event"] == "added"
        process.stdin.close()  # the end of the terminal's input ends the daemon
        assert process.wait(timeout=20) == 0
    finally:
        process.kill()
    assert logged in daemon_log(db_path)
