"""Feedback tones and sd_notify, with real programs (sox, espeak-ng) and a real socket."""

from __future__ import annotations

import io
import os
import re
import shutil
import socket
import subprocess
import wave

import pytest

from device.commands import Outcome
from device.feedback import TONES, Feedback, Signal, signal_for, tone_wav, write_tones
from device.sd_notify import Notifier

needs_sox = pytest.mark.skipif(shutil.which("sox") is None, reason="sox is not installed")


def test_each_outcome_has_its_own_sound():
    assert signal_for(Outcome("added", "", merged=False)) is Signal.ADDED
    assert signal_for(Outcome("added", "", merged=True)) is Signal.ALREADY
    assert signal_for(Outcome("refused", "")) is Signal.REFUSED
    assert signal_for(Outcome("unknown", "")) is Signal.UNKNOWN
    assert signal_for(Outcome("resolved", "")) is None
    assert len({tone_wav(notes) for notes in TONES.values()}) == len(TONES)


def test_tones_are_short_mono_wavs(tmp_path):
    paths = write_tones(tmp_path)
    with wave.open(str(paths[Signal.ADDED])) as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, 16000)
        assert wav.getnframes() == int(0.12 * 16000)


@needs_sox
@pytest.mark.parametrize(("signal", "hertz"), [(Signal.ADDED, 1000), (Signal.REFUSED, 300)])
def test_sox_hears_the_intended_pitch(tmp_path, signal, hertz):
    path = write_tones(tmp_path)[signal]
    stat = subprocess.run(["sox", str(path), "-n", "stat"], capture_output=True, text=True)
    rough = int(re.search(r"Rough\s+frequency:\s+(\d+)", stat.stderr).group(1))
    assert abs(rough - hertz) < hertz * 0.05


def test_without_a_player_it_is_silent_and_never_fails(tmp_path):
    feedback = Feedback(tmp_path, player=None)
    for event in ("added", "refused", "unknown"):
        feedback.give(Outcome(event, ""))
    feedback.close()
    assert feedback.played == []


def test_a_player_that_fails_does_not_stop_feedback(tmp_path):
    feedback = Feedback(tmp_path, player=["false", "{file}"])
    feedback.give(Outcome("added", ""))
    feedback.give(Outcome("refused", ""))
    feedback.close()
    assert feedback.played == [Signal.ADDED, Signal.REFUSED]


@needs_sox
def test_sounds_play_through_a_real_player_in_order(tmp_path):
    log = tmp_path / "played.txt"
    player = ["sh", "-c", 'sox "$1" -n stat 2>/dev/null && echo "$1" >> "$2"', "play", "{file}",
              str(log)]  # fmt: skip
    feedback = Feedback(tmp_path / "tones", player=player)
    feedback.give(Outcome("added", "", merged=True))
    feedback.give(Outcome("unknown", ""))
    feedback.close()
    assert [os.path.basename(p) for p in log.read_text().split()] == ["already.wav", "unknown.wav"]


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
def test_spoken_confirmation_of_a_known_product(tmp_path):
    log = tmp_path / "played.txt"
    player = ["sh", "-c", 'cat "$1" >> "$2"', "play", "{file}", str(log)]
    feedback = Feedback(tmp_path / "tones", player=player, speak_language="fr")
    feedback.give(Outcome("added", "", name="lait", known=True, merged=False))
    feedback.close()
    played = log.read_bytes()
    assert played.count(b"RIFF") == 2  # the tone, then the words
    speech = played[played.index(b"RIFF", 4) :]
    with wave.open(io.BytesIO(speech)) as wav:
        assert wav.getnframes() > 0


def test_notifier_sends_datagrams_to_an_abstract_socket():
    name = f"restock-test-{os.getpid()}"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as listener:
        listener.bind("\0" + name)
        listener.settimeout(5)
        notifier = Notifier({"NOTIFY_SOCKET": "@" + name, "WATCHDOG_USEC": "30000000"})
        assert notifier.watchdog_interval_s == 15.0
        assert notifier.ready("reading stdin")
        assert listener.recv(100) == b"READY=1\nSTATUS=reading stdin"
        assert notifier.watchdog()
        assert listener.recv(100) == b"WATCHDOG=1"


def test_notifier_is_a_no_op_outside_systemd():
    notifier = Notifier({})
    assert not notifier.enabled and notifier.watchdog_interval_s is None
    assert notifier.ready() is False


def test_watchdog_meant_for_another_process_is_ignored():
    notifier = Notifier({"NOTIFY_SOCKET": "/run/x", "WATCHDOG_USEC": "1000", "WATCHDOG_PID": "1"})
    assert notifier.watchdog_interval_s is None
