"""What the person scanning hears: a distinct tone per outcome, optionally spoken words.

The scanner's own beep only means "decoded"; these tones say what the list did. They
are generated once (``wave``, no audio library) into a cache directory and played by
``aplay`` (or sox's ``play``) in a background thread, after the scan was acknowledged,
so sound never delays a scan. Without a player or an audio device, feedback is silent:
it logs once and never fails.
"""

from __future__ import annotations

import io
import logging
import math
import os
import queue
import shutil
import struct
import subprocess
import threading
import wave
from collections.abc import Mapping, Sequence
from enum import StrEnum
from pathlib import Path

from device.commands import Outcome

log = logging.getLogger(__name__)

SAMPLE_RATE = 16000
FADE_S = 0.005
"""Fade in and out so tones start and stop without a click."""


class Signal(StrEnum):
    """The sounds the daemon can make."""

    ADDED = "added"
    ALREADY = "already"
    """Added to a line already on the list."""
    REMOVED = "removed"
    MODE = "mode"
    REFUSED = "refused"
    UNKNOWN = "unknown"
    """A product no product source knows."""


TONES: Mapping[Signal, tuple[tuple[float, float], ...]] = {
    Signal.ADDED: ((1000.0, 0.12),),
    Signal.ALREADY: ((1000.0, 0.07), (0.0, 0.05), (1000.0, 0.07)),
    Signal.REMOVED: ((800.0, 0.09), (500.0, 0.12)),
    Signal.MODE: ((660.0, 0.08), (880.0, 0.08), (1100.0, 0.08)),
    Signal.REFUSED: ((300.0, 0.4),),
    Signal.UNKNOWN: ((600.0, 0.1), (900.0, 0.1), (600.0, 0.1)),
}
"""(frequency in Hz, duration in s) notes of each sound; 0 Hz is a rest."""


def signal_for(outcome: Outcome) -> Signal | None:
    """The sound an outcome makes (None for the ones that need none)."""
    if outcome.event == "added":
        return Signal.ALREADY if outcome.merged else Signal.ADDED
    return {
        "set": Signal.ALREADY,
        "removed": Signal.REMOVED,
        "mode": Signal.MODE,
        "undone": Signal.REMOVED,
        "refused": Signal.REFUSED,
        "unknown": Signal.UNKNOWN,
        "listening": Signal.MODE,
        "lookup": Signal.ADDED,
    }.get(outcome.event)


def tone_wav(notes: Sequence[tuple[float, float]], sample_rate: int = SAMPLE_RATE) -> bytes:
    """A mono 16-bit WAV playing ``notes`` (sine tones with short fades)."""
    frames = bytearray()
    fade = int(FADE_S * sample_rate)
    for frequency, duration in notes:
        count = int(duration * sample_rate)
        for n in range(count):
            ramp = min(1.0, n / fade, (count - 1 - n) / fade) if fade else 1.0
            value = math.sin(2 * math.pi * frequency * n / sample_rate) if frequency else 0.0
            frames += struct.pack("<h", int(0.6 * 32767 * ramp * value))
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(sample_rate)
        out.writeframes(bytes(frames))
    return buffer.getvalue()


def write_tones(directory: Path) -> dict[Signal, Path]:
    """Write every sound once into ``directory``; returns where each one is."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = {}
    for signal, notes in TONES.items():
        path = directory / f"{signal.value}.wav"
        data = tone_wav(notes)
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
        paths[signal] = path
    return paths


def default_player(audio_device: str | None = None) -> list[str] | None:
    """The command that plays a WAV file ({file}), or None when there is no player."""
    if shutil.which("aplay"):
        return ["aplay", "-q", *(["-D", audio_device] if audio_device else []), "{file}"]
    if shutil.which("play"):
        return ["play", "-q", "{file}"]
    return None


def audio_output_present(environ: Mapping[str, str] | None = None) -> bool:
    """Whether any sound output may exist: ALSA devices or a sound server for this user."""
    environ = os.environ if environ is None else environ
    return os.path.isdir("/dev/snd") or bool(
        environ.get("PULSE_SERVER") or environ.get("PIPEWIRE_REMOTE")
    )


class Feedback:
    """Plays the sound of each outcome and may say it, from a thread of its own."""

    def __init__(
        self,
        cache_dir: Path,
        *,
        player: list[str] | None = None,
        speak_language: str | None = None,
        enabled: bool = True,
    ) -> None:
        self._cache_dir = cache_dir
        self._tones = write_tones(cache_dir) if enabled else {}
        self._player = player
        self._speak = speak_language if shutil.which("espeak-ng") else None
        if enabled and player is None:
            log.info("feedback: no audio player or device found; running silent")
        self._queue: queue.Queue[tuple[Signal | None, str] | None] = queue.Queue(maxsize=64)
        self._thread = threading.Thread(target=self._play_loop, name="feedback", daemon=True)
        self._thread.start()
        self.played: list[Signal] = []
        """Sounds handed to the player, in order."""

    def give(self, outcome: Outcome) -> None:
        """Queue the feedback for ``outcome``; never blocks the caller."""
        signal = signal_for(outcome)
        words = self.words_for(outcome)
        if signal is None and not words:
            return
        try:
            self._queue.put_nowait((signal, words))
        except queue.Full:
            log.debug("feedback: behind by %d sounds; skipping one", self._queue.qsize())

    def words_for(self, outcome: Outcome) -> str:
        """What is said for ``outcome``: a spoken command is read back, a scan named."""
        if not self._speak:
            return ""
        if outcome.utterance is not None:
            from device.voice.readback import read_back

            return read_back(outcome, self._speak)
        return (outcome.name or "") if outcome.event == "added" and outcome.known else ""

    def close(self, timeout_s: float = 2.0) -> None:
        """Finish the sounds queued so far (up to ``timeout_s``) and stop the thread."""
        try:
            self._queue.put(None, timeout=timeout_s)
        except queue.Full:
            return
        self._thread.join(timeout_s)

    def _play_loop(self) -> None:
        while (job := self._queue.get()) is not None:
            signal, words = job
            if signal is not None and self._player and signal in self._tones:
                self.played.append(signal)
                self._run([arg.replace("{file}", str(self._tones[signal])) for arg in self._player])
            if words and self._player:
                self._say(words)

    def _run(self, command: list[str], stdin=None) -> bool:
        try:
            done = subprocess.run(
                command,
                stdin=stdin,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=5,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as err:
            log.debug("feedback: %s failed: %s", command[0], err)
            return False
        return done.returncode == 0

    def _say(self, words: str) -> None:
        # espeak-ng exits 0 even with no sound device; rendering to a file and playing it
        # with our player makes a failure visible and reuses the configured output.
        path = self._cache_dir / "speech.wav"
        command = ["espeak-ng", "-v", self._speak or "en", "-w", str(path), words[:80]]
        if self._run(command) and self._player:
            self._run([arg.replace("{file}", str(path)) for arg in self._player])
