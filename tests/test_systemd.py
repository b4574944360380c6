"""The systemd unit, the sysusers.d file and the udev rule, checked with systemd's own tools."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

SYSTEMD = Path(__file__).resolve().parent.parent / "systemd"
UNIT = SYSTEMD / "restock.service"
RULES = SYSTEMD / "70-restock.rules"

needs_analyze = pytest.mark.skipif(
    shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed here"
)


@needs_analyze
def test_unit_verifies_without_a_word(tmp_path):
    # verify exits 0 even on unknown keys, so any output is a failure; it also wants the
    # ExecStart binary to exist, which is only installed on the target.
    unit = tmp_path / "restock.service"
    unit.write_text(re.sub(r"(?m)^(ExecStart=)\S+", r"\g<1>/bin/true", UNIT.read_text()))
    done = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", str(unit)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert (done.returncode, done.stdout + done.stderr) == (0, "")


@needs_analyze
def test_unit_exposure_is_2_or_better():
    done = subprocess.run(
        ["systemd-analyze", "security", "--offline=yes", "--threshold=20", str(UNIT)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-800:]
    score = re.search(r"Overall exposure level for restock.service: ([\d.]+)", done.stdout)
    assert score and float(score.group(1)) <= 2.0, done.stdout[-300:]


def test_unit_is_notify_with_watchdog_and_no_input_group():
    text = UNIT.read_text()
    for line in ("Type=notify", "WatchdogSec=30s", "User=restock", "StateDirectory=restock",
                 "DevicePolicy=closed", "DeviceAllow=char-input rw", "DeviceAllow=char-alsa rw",
                 "DeviceAllow=char-video4linux rw", "DeviceAllow=char-ttyACM rw",
                 "ProtectSystem=strict", "NoNewPrivileges=yes"):  # fmt: skip
        assert re.search(rf"(?m)^{re.escape(line)}$", text), line
    groups = re.search(r"(?m)^SupplementaryGroups=(.*)$", text).group(1).split()
    assert "input" not in groups


@pytest.mark.skipif(shutil.which("systemd-sysusers") is None, reason="no systemd-sysusers")
def test_sysusers_file_creates_the_restock_user(tmp_path):
    conf = tmp_path / "restock.conf"
    shutil.copy(SYSTEMD / "restock.sysusers", conf)
    done = subprocess.run(
        ["systemd-sysusers", "--dry-run", f"--root={tmp_path}", str(conf)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Creating user 'restock'" in done.stdout + done.stderr


def rules() -> list[str]:
    """The rule lines, continuation lines joined."""
    joined = RULES.read_text().replace("\\\n", " ")
    return [line for line in joined.splitlines() if line.strip() and not line.startswith("#")]


def test_udev_rule_gives_only_the_scanner_node_to_restock():
    hid, serial = (line for line in rules() if "GROUP=" in line)
    for rule in (hid, serial):
        assert 'GROUP="restock"' in rule and 'MODE="0660"' in rule
        assert "ENV{ID_VENDOR_ID}==" in rule and "ENV{ID_MODEL_ID}==" in rule
        assert 'TAG+="systemd"' in rule and 'ENV{SYSTEMD_WANTS}+="restock.service"' in rule
    assert 'SUBSYSTEM=="input"' in hid and 'ENV{LIBINPUT_IGNORE_DEVICE}="1"' in hid
    assert 'SUBSYSTEM=="tty"' in serial and 'ENV{ID_MM_DEVICE_IGNORE}="1"' in serial
    assert 'GROUP="input"' not in RULES.read_text()
    assert RULES.name > "60-serial.rules"  # runs after the rules that set ID_VENDOR_ID


@pytest.mark.skipif(shutil.which("udevadm") is None, reason="udevadm is not installed here")
def test_udev_rule_parses(tmp_path):
    done = subprocess.run(
        ["udevadm", "verify", str(RULES)], capture_output=True, text=True, timeout=60
    )
    if "Unknown command" in done.stderr or (
        "invalid" in done.stderr.lower() and "verb" in done.stderr
    ):
        pytest.skip("udevadm verify needs systemd 254 or later")
    assert done.returncode == 0, done.stderr
